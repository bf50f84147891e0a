"""Do custinfo's workbooks open in LibreOffice? A benchmark-time check (issue 7), not a test:
LibreOffice is not installable from the package registry, so `make test` cannot have it.

    .venv/bin/python bench/libreoffice_check.py            # the bundled sample, two weeks
    .venv/bin/python bench/libreoffice_check.py --keep DIR # keep the outputs and PDFs in DIR

Runs `custinfo run samples/customers.xlsx --report week --mask` twice (two weeks, so the report
has a previous period, charts and a migration matrix), then converts every .xlsx written with
`soffice --headless --convert-to pdf`. Exit 0 when every file converts, 1 when one fails, and
77 (skipped) when no `soffice`/`libreoffice` is on PATH, saying so.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "customers.xlsx"
SKIPPED = 77  # the conventional "skipped" exit code (automake, meson)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the outputs here and keep them")
    args = parser.parse_args()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("LibreOffice (soffice) is not on PATH: check skipped", file=sys.stderr)
        return SKIPPED
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        custinfo = Path(sys.executable).parent / "custinfo"
        for as_of in ("2024-06-23", "2024-06-30"):
            cmd = [str(custinfo), "run", str(SAMPLE), "--out-dir", str(out), "--as-of", as_of]
            cmd += ["--report", "week", "--mask", "--fail-on", "never", "-q"]
            cmd += ["--history", str(out / "history.sqlite")]
            subprocess.run(cmd, check=True)
        books = sorted(out.glob("*.xlsx"))
        failed = []
        for book in books:
            done = subprocess.run(
                [office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(book)],
                capture_output=True,
                text=True,
                timeout=600,
            )
            ok = done.returncode == 0 and book.with_suffix(".pdf").exists()
            print(f"{'ok  ' if ok else 'FAIL'} {book.name}")
            if not ok:
                failed.append(book.name)
                print(done.stdout, done.stderr, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
