"""`custinfo dedupe` against Splink (on DuckDB), on the labelled data of bench/dedupe_quality.py.

    python bench/splink_compare.py --rows 10000 [--venv PATH] [--threshold 0.9] [--seed S]
                                   [--u-pairs 5e6] [--skip-custinfo] [--json]

Any Python 3.11+ runs it: the parent needs the standard library only. It

1. generates or reuses bench/data/dupes-zh-N-S.xlsx and its truth .json (dedupe_quality's
   `dataset`), and scores with dedupe_quality's `pairwise_scores` and `cluster_scores`;
2. runs `custinfo dedupe FILE --ledger tmp.csv --fail-on never` (dedupe_quality's `run_engine`;
   the custinfo of /work/main/.venv or of this interpreter), unless --skip-custinfo;
3. installs Splink for this benchmark only: a separate venv (default /work/splink-venv, outside
   the repo; --venv to move it) made with `python -m venv` and `pip install splink duckdb
   python-calamine` when it lacks them, so custinfo's own .venv never gets Splink;
4. runs itself again with that venv's Python (`--child`), which reads the workbook with
   python-calamine (the reader custinfo uses), prepares the columns, trains a Splink model,
   predicts, clusters at --threshold and writes row -> cluster to a CSV the parent scores;
5. prints one Markdown table (tool, rows, precision, recall, F1, true clusters reproduced
   exactly, hard negatives merged, seconds, read seconds, peak MB) and Splink's stage times.

Seconds are the wall time of each child process, start to exit (interpreter start, imports,
reading, all work, writing its output), so both columns are "the whole command". Peak MB is
each child's own ru_maxrss (os.wait4 for Splink; for custinfo dedupe_quality's `run_engine`,
which reads RUSAGE_CHILDREN, so custinfo runs first, before any larger child). The Splink
child also reports its read, preparation, training, prediction and clustering seconds.

The Splink model, written as a competent Splink user would for this sheet, with no help from
custinfo's code or tables:

- preparation (generic, no Chinese word lists): NFKC (full-width digits, letters and brackets
  to half-width), whitespace removed; phone = digits of the first number in the cell (split at
  / , ; 、), a leading 0086/86 country code and 0 trunk prefix dropped, masked numbers
  (with *) null; e-mail and 微信 lower-cased; credit code upper-cased, null unless 18
  characters; empty cells null.
- blocking rules for prediction: phone; email; wechat; credit code; company/person name +
  first two characters of the region; first four characters of the name + contact.
- comparisons: name Jaro-Winkler (exact with term-frequency adjustment, >=0.9, >=0.8);
  contact Jaro-Winkler (exact, >=0.9, >=0.7); phone exact with term-frequency adjustment
  (a shared switchboard is weak evidence); e-mail (Splink's EmailComparison); 微信 exact;
  credit code exact; region Jaro-Winkler (exact, >=0.9, >=0.7); address Jaro-Winkler (exact,
  >=0.9, >=0.7).
- training as Splink's docs recommend: probability that two random records match from
  deterministic rules (email; wechat; credit code; phone + name) with recall 0.8; u by random
  sampling (--u-pairs pairs, fixed seed); m by expectation maximisation in two sessions,
  blocked on phone and on email, so each comparison is estimated in at least one. (A first
  try blocked the second session on name + region prefix: EM then took "same name" for the
  match class, the largest clusters at 100,000 rows were 30-46 namesakes and precision fell
  to 0.71. Seen in the cluster sizes and m values, not in the truth, as a Splink user would.)
- clustering: connected components of the pairs with match probability >= --threshold
  (default 0.9).

What is fair and what is not:

- Same file, same truth, same metric functions, same machine; both pay for reading the .xlsx.
- Splink gets no Chinese-specific normalization (no legal-form or city stripping from company
  names, no 先生/女士/总 titles, no region parsing); custinfo has all of that built in. Its
  preparation above is still tailored to this sheet's columns, and was chosen without tuning
  against the truth beyond checking it runs.
- Splink is unsupervised (EM); it is not given the labels. custinfo uses hand-written rules.
- custinfo writes a full ledger (and its evidence); the Splink child writes row -> cluster only.
- DuckDB uses both cores of the machine; what custinfo does in parallel is its own business.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import dedupe_quality as dq  # bench/dedupe_quality.py: the script's own folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_VENV = Path("/work/splink-venv")
SPLINK_PACKAGES = ("splink>=4,<6", "duckdb", "python-calamine")
SPLINK_IMPORTS = "import splink, duckdb, python_calamine"


# --- the Splink side (runs only in the Splink venv) --------------------------------------------
_SEPARATORS = re.compile(r"[/,;、]")
_NON_DIGIT = re.compile(r"\D+")
_SPACE = re.compile(r"\s+")


def _text(v: Any) -> str | None:
    """NFKC, whitespace removed, None when empty; integral floats (number cells) as integers."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = _SPACE.sub("", unicodedata.normalize("NFKC", str(v)))
    return s or None


def _phone(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = unicodedata.normalize("NFKC", str(v))
    if "*" in s:
        return None  # masked
    d = _NON_DIGIT.sub("", _SEPARATORS.split(s, maxsplit=1)[0])
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and len(d) > 11:
        d = d[2:]
    d = d.lstrip("0")
    return d if len(d) >= 7 else None


def _credit(v: Any) -> str | None:
    s = _text(v)
    return s.upper() if s and len(s) == 18 else None


def _lower(v: Any) -> str | None:
    s = _text(v)
    return s.lower() if s else None


def _prepare(rows: list[list[Any]]) -> dict[str, list[Any]]:
    """The columns Splink compares, from the sheet's rows (header first)."""
    col = {str(h): k for k, h in enumerate(rows[0])}
    fields = (
        ("name", "客户名称", _text),
        ("contact", "联系人", _text),
        ("phone", "联系电话", _phone),
        ("email", "邮箱", _lower),
        ("wechat", "微信", _lower),
        ("credit", "统一社会信用代码", _credit),
        ("region", "所在地区", _text),
        ("address", "详细地址", _text),
    )
    data: dict[str, list[Any]] = {"unique_id": list(range(2, len(rows) + 1))}  # Excel rows
    for name, header, prep in fields:
        k = col[header]
        data[name] = [None if r[k] in ("", None) else prep(r[k]) for r in rows[1:]]
    return data


def splink_child(book: Path, sheet: str, out: Path, threshold: float, u_pairs: float) -> None:
    """Read, prepare, train, predict, cluster; write out/clusters.csv and out/stats.json."""
    t0 = time.perf_counter()
    splink = importlib.import_module("splink")
    cl = importlib.import_module("splink.comparison_library")
    calamine = importlib.import_module("python_calamine")
    import logging

    logging.getLogger("splink").setLevel(logging.WARNING)
    Linker, SettingsCreator, DuckDBAPI = splink.Linker, splink.SettingsCreator, splink.DuckDBAPI
    block_on = splink.block_on
    t_import = time.perf_counter()

    rows = calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name(sheet).to_python()
    t_read = time.perf_counter()

    n = len(rows) - 1
    data = _prepare(rows)
    del rows
    t_prep = time.perf_counter()

    name_region = block_on("name", "substr(region, 1, 2)")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.9, 0.8]).configure(
                term_frequency_adjustments=True
            ),
            cl.JaroWinklerAtThresholds("contact", [0.9, 0.7]),
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("wechat"),
            cl.ExactMatch("credit"),
            cl.JaroWinklerAtThresholds("region", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("phone"),
            block_on("email"),
            block_on("wechat"),
            block_on("credit"),
            name_region,
            block_on("substr(name, 1, 4)", "contact"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    table = db_api.register(data, table_name="customers")
    del data
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("email"),
            block_on("wechat"),
            block_on("credit"),
            block_on("phone", "name"),
        ],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
    t_train = time.perf_counter()

    pairs = linker.inference.predict(threshold_match_probability=threshold)
    t_predict = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=threshold
    )
    t_cluster = time.perf_counter()

    con = db_api.duckdb_con
    n_pairs = con.execute(f"select count(*) from {pairs.physical_name}").fetchall()[0][0]
    target = str(out / "clusters.csv").replace("'", "''")
    con.execute(
        f"copy (select unique_id, cluster_id from {clusters.physical_name}) "
        f"to '{target}' (header, delimiter ',')"
    )
    t_write = time.perf_counter()
    stats = {
        "splink": splink.__version__,
        "duckdb": importlib.import_module("duckdb").__version__,
        "rows": n,
        "pairs_at_threshold": n_pairs,
        "seconds": {
            "import": t_import - t0,
            "read": t_read - t_import,
            "prepare": t_prep - t_read,
            "train": t_train - t_prep,
            "predict": t_predict - t_train,
            "cluster": t_cluster - t_predict,
            "write": t_write - t_cluster,
            "total": t_write - t0,
        },
        "model": linker.misc.save_model_to_json(),
    }
    (out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), "utf-8")


# --- the parent ----------------------------------------------------------------------------------
def ensure_venv(venv: Path) -> Path:
    """The venv's python, with Splink installed in it (made and installed when missing)."""
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    ok = subprocess.run([str(py), "-c", SPLINK_IMPORTS], capture_output=True, check=False)
    if ok.returncode != 0:
        print(f"installing {' '.join(SPLINK_PACKAGES)} into {venv}", file=sys.stderr)
        pip = [str(py), "-m", "pip", "install", "--quiet", *SPLINK_PACKAGES]
        subprocess.run(pip, check=True)
    return py


def run_splink(
    py: Path, book: Path, sheet: str, threshold: float, u_pairs: float, work: Path
) -> tuple[dict[int, str], dict[str, Any], float, float]:
    """(row -> cluster, child's stats, wall seconds, child's peak MB)."""
    cmd = [str(py), str(Path(__file__).resolve()), "--child", str(book), sheet, str(work)]
    cmd += ["--threshold", repr(threshold), "--u-pairs", repr(u_pairs)]
    log = work / "splink.log"
    with log.open("wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    predicted: dict[int, str] = {}
    with (work / "clusters.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            predicted[int(rec["unique_id"])] = rec["cluster_id"]
    stats = json.loads((work / "stats.json").read_text("utf-8"))
    return predicted, stats, secs, usage.ru_maxrss / 1024  # KB on Linux


def custinfo_exe() -> str | None:
    for exe in (ROOT / ".venv" / "bin" / "custinfo", Path(sys.executable).parent / "custinfo"):
        if exe.exists():
            return str(exe)
    return shutil.which("custinfo")


def row(
    tool: str,
    rows: int,
    p: dict[str, float],
    c: dict[str, Any],
    secs: float,
    read: float | None,
    mb: float,
) -> str:
    hn = f"{c['hard_negatives_merged']}/{c['hard_negatives']}"
    return (
        f"| {tool} | {rows:,} | {p['precision']:.4f} | {p['recall']:.4f} | {p['f1']:.4f} "
        f"| {c['exact_share']:.3f} ({c['exact']:,}/{c['truth_clusters']:,}) | {hn} "
        f"| {secs:.1f} | {'—' if read is None else f'{read:.1f}'} | {mb:.0f} |"
    )


HEAD = (
    "| tool | rows | precision | recall | F1 | clusters exact | hard negatives merged "
    "| seconds | read s | peak MB |\n" + "|" + "---|" * 10
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=dq.SEED)
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="venv for Splink")
    ap.add_argument("--threshold", type=float, default=0.9, help="cluster at this probability")
    ap.add_argument("--u-pairs", type=float, default=5e6, help="pairs sampled to estimate u")
    ap.add_argument("--skip-custinfo", action="store_true")
    ap.add_argument("--json", action="store_true", help="also print all figures as JSON")
    ap.add_argument("--child", nargs=3, metavar=("BOOK", "SHEET", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        splink_child(Path(a.child[0]), a.child[1], Path(a.child[2]), a.threshold, a.u_pairs)
        return 0

    book, truth = dq.dataset(a.rows, "zh", a.seed)
    sheet = str(truth.get("sheet") or "客户信息")
    work = Path(tempfile.mkdtemp(prefix="splink-compare-"))
    lines: list[str] = []
    figures: dict[str, Any] = {}

    def score(tool: str, predicted: dict[int, Any], secs: float, read: Any, mb: float) -> None:
        p = dq.pairwise_scores(truth["clusters"], predicted)
        c = dq.cluster_scores(truth["clusters"], predicted, truth["hard_negatives"])
        lines.append(row(tool, a.rows, p, c, secs, read, mb))
        figures[tool] = {"pairwise": p, "clusters": c, "seconds": secs, "peak_mb": mb}

    if not a.skip_custinfo:  # first: run_engine reports the peak of all children so far
        exe = custinfo_exe()
        if exe is None or not dq.has_dedupe(exe):
            print("`custinfo dedupe` is not available; use --skip-custinfo", file=sys.stderr)
            return 2
        ledger = work / "ledger.csv"
        secs, mb = dq.run_engine(exe, book, ledger, [])
        score("custinfo dedupe", dq.read_ledger(ledger, sheet), secs, None, mb)

    py = ensure_venv(a.venv)
    try:
        predicted, stats, secs, mb = run_splink(py, book, sheet, a.threshold, a.u_pairs, work)
    except RuntimeError as exc:
        print(f"Splink did not finish: {exc}", file=sys.stderr)
        return 3
    tool = f"Splink {stats['splink']} + DuckDB {stats['duckdb']} (p>={a.threshold:g})"
    score(tool, predicted, secs, stats["seconds"]["read"], mb)
    figures[tool]["splink"] = {k: v for k, v in stats.items() if k != "model"}

    print(HEAD)
    print("\n".join(lines))
    st = stats["seconds"]
    print(
        "\nSplink stages (s): "
        + ", ".join(f"{k} {st[k]:.1f}" for k in st)
        + f"; {stats['pairs_at_threshold']:,} pairs at p>={a.threshold:g}"
    )
    if a.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
