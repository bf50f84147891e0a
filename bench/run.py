"""Benchmark custinfo against the floor: how long a bare read and write of the same rows takes.

    .venv/bin/python bench/run.py                       # 100,000 and 1,048,575 customer rows
    .venv/bin/python bench/run.py --sizes 100000        # chosen sizes
    .venv/bin/python bench/run.py --quick               # 10,000 rows only
    .venv/bin/python bench/run.py --validation --sizes 100000 1048575   # validation vs ingest
    .venv/bin/python bench/run.py --e2e --sizes 10000 100000           # `custinfo run`, end to end

For each size it generates (once, into bench/data/, git-ignored) a clean and a messy workbook with
samples/generate.py, then measures, each in its own subprocess so peak memory does not mix:

- floor read:  python_calamine `CalamineWorkbook.from_path(p)` + `to_python()` of every data sheet
               (客户信息, 互动记录, 交易记录: what the product reads and writes back)
- floor write: a bare xlsxwriter constant_memory write of the same rows, as strings, to a temp file
- product:     `custinfo validate <file> -o <tmp>.xlsx --json --fail-on never`
               (per-stage timings are taken from the JSON's "timings" key when it has one)

Wall seconds include interpreter start-up for all three. Peak RSS is the measured process's
`ru_maxrss`, read with getrusage(RUSAGE_CHILDREN) in a wrapper process whose only child it is.

`--validation` measures custinfo's own stages instead, with the rules `custinfo validate` uses
(the shipped defaults, `as_of` fixed at 2024-06-30, the samples' date), in two subprocesses per
workbook:

- ingest:          `read_book(path, rules.registry, rules.config.input)` + `Dataset.from_book`
- ingest+validate: the same, then `custinfo.validate.run(ds, rules)`

Both import custinfo.validate (pandera) before the clock starts, so the extra peak MB is the
validation's own work; stage seconds are perf_counter around each stage, without start-up.

`--e2e` measures the whole `custinfo run <file> --out-dir <tmp> --json --fail-on never --as-of
2024-06-30 --report week --history <tmp>/h.sqlite` next to the same floor: seconds per step from
the JSON's "timings", and the resident memory at each step boundary with the peak within each
step, noted by a bench-only hook (`_cli`: the CLI run in the measured process, its progress
callback wrapped to read /proc/self/status and reset the peak through /proc/self/clear_refs).

Prints a markdown table and adds (or replaces) this run's section in bench/RESULTS.md.
Timings are never asserted anywhere; this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DATA = BENCH / "data"
RESULTS = BENCH / "RESULTS.md"
GENERATOR = ROOT / "samples" / "generate.py"
PY = sys.executable
CUSTINFO = Path(PY).parent / "custinfo"
CUSTOMER_SHEET = "客户信息"
DATA_SHEETS = ("客户信息", "互动记录", "交易记录")  # the floor reads and writes all of them
SEED = 20240520
FULL_SHEET = 1_048_575  # customer rows in a full sheet below a one-row header
MARK = "<!-- bench-run "
AS_OF = date(2024, 6, 30)  # the samples' "today"; the follow-up checks depend on it


# --------------------------------------------------------------------------------------------
# Children: the measured work. Each prints one JSON line on stdout.
# --------------------------------------------------------------------------------------------
def child_floor_read(path: str) -> None:

    t0 = time.perf_counter()
    sheets = _read_data_sheets(path)
    t1 = time.perf_counter()
    rows = sheets[CUSTOMER_SHEET]
    width = max((len(r) for r in rows), default=0)
    print(json.dumps({"seconds": t1 - t0, "rows": len(rows), "cols": width}))


def _read_data_sheets(path: str) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(path)
    return {
        name: wb.get_sheet_by_name(name).to_python()
        for name in DATA_SHEETS
        if name in wb.sheet_names
    }


def child_floor_write(path: str) -> None:
    import xlsxwriter

    sheets = {
        name: [["" if v == "" or v is None else str(v) for v in row] for row in rows]
        for name, rows in _read_data_sheets(path).items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "floor.xlsx"
        t0 = time.perf_counter()
        wb = xlsxwriter.Workbook(
            str(out),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        for name, strings in sheets.items():
            write = wb.add_worksheet(name).write_string
            for r, row in enumerate(strings):
                for c, v in enumerate(row):
                    if v:
                        write(r, c, v)
        wb.close()
        t1 = time.perf_counter()
        size = out.stat().st_size
    print(json.dumps({"seconds": t1 - t0, "rows": len(sheets[CUSTOMER_SHEET]), "bytes": size}))


def child_stages(path: str, validate_too: bool) -> None:
    """Ingest `path` (and validate it) as the product does; print seconds per stage."""
    import dataclasses

    from custinfo import validate
    from custinfo.config import load_rules
    from custinfo.dataset import Dataset
    from custinfo.io.read import read_book

    rules = dataclasses.replace(load_rules(None), as_of=AS_OF)
    t0 = time.perf_counter()
    ds = Dataset.from_book(read_book(Path(path), rules.registry, rules.config.input))
    t1 = time.perf_counter()
    res: dict[str, Any] = {"read": t1 - t0, "rows": len(ds.customers)}
    res["ingest_findings"] = len(ds.findings)
    if validate_too:
        after = validate.run(ds, rules)
        res["validate"] = time.perf_counter() - t1
        res["findings"] = len(after.findings) - len(ds.findings)
    print(json.dumps(res))


def child_normalize(path: str) -> None:
    """Ingest, validate and normalize `path` as `custinfo run` does; print seconds per stage,
    the number of changes and distinct (所在地区, 详细地址) pairs."""
    import dataclasses

    from custinfo.config import load_rules
    from custinfo.pipeline import run_pipeline

    rules = dataclasses.replace(load_rules(None), as_of=AS_OF)
    result = run_pipeline(Path(path), rules, until="normalize")
    ds = result.dataset
    cust = ds.book.tables[next(iter(ds.book.tables))].frame
    places = [c for c in ("region", "address") if c in cust.columns]
    res: dict[str, Any] = {**result.timings, "rows": len(ds.customers)}
    res["changes"] = len(ds.changes)
    res["distinct_places"] = len(cust[places].drop_duplicates()) if places else 0
    print(json.dumps(res))


def _memory() -> dict[str, float]:
    """This process's resident MB now, and its peak since start or the last reset."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line[2:5].lower()] = int(line.split()[1]) / 1024
    return out


def child_cli(memory_path: str, args: list[str]) -> None:
    """`custinfo <args>` in this process; at each step the progress callback notes the resident
    MB and the peak of the step before (then resets the peak), into `memory_path` as JSON."""
    import custinfo.cli.job as job
    from custinfo.cli import app

    notes: list[dict[str, Any]] = []

    def note(step: str) -> None:
        notes.append({"step": step, **_memory()})
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")  # the peak restarts from here

    progress = job.progress

    @contextlib.contextmanager
    def noting(enabled: bool, lang: str) -> Any:
        with progress(enabled, lang) as on_step:
            yield lambda step: (note(step), on_step(step))

    job.progress = noting  # type: ignore[assignment]
    try:
        app(args)
    finally:
        note("end")
        steps = [
            {"step": a["step"], "rss_end": b["rss"], "peak": b["hwm"]}
            for a, b in itertools.pairwise(notes)
        ]
        start = {"step": "start-up", "rss_end": notes[0]["rss"], "peak": notes[0]["hwm"]}
        Path(memory_path).write_text(json.dumps([start, *steps]))


def child_wrap(stdout_path: str, timeout: float, cmd: list[str]) -> None:
    """Run `cmd` as this process's only child; report its wall time, exit code and peak RSS."""
    t0 = time.perf_counter()
    with Path(stdout_path).open("wb") as out:
        try:
            rc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, timeout=timeout).returncode
            err = b""
        except subprocess.TimeoutExpired as e:
            rc, err = -9, (e.stderr or b"") + b"\ntimeout"
    wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "rc": rc, "peak_kb": peak_kb, "stderr": err.decode()[-2000:]}))


# --------------------------------------------------------------------------------------------
# Parent
# --------------------------------------------------------------------------------------------
def measure(cmd: list[str], timeout: float) -> dict[str, Any]:
    """Run `cmd` under a wrapper process; return wall, rc, peak_mb and the command's stdout."""
    with tempfile.NamedTemporaryFile(suffix=".out", delete=False) as f:
        out_path = f.name
    try:
        wrap = subprocess.run(
            [PY, __file__, "_wrap", out_path, str(timeout), "--", *cmd],
            capture_output=True,
            text=True,
            check=True,
        )
        res = json.loads(wrap.stdout.strip().splitlines()[-1])
        res["stdout"] = Path(out_path).read_text(encoding="utf-8", errors="replace")
    finally:
        Path(out_path).unlink(missing_ok=True)
    res["peak_mb"] = res.pop("peak_kb") / 1024
    return res


def machine() -> dict[str, Any]:
    mem_gb = 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for mod in ("python_calamine", "xlsxwriter"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod.replace("_", "-"))
        except Exception:
            versions[mod] = "?"
    return {
        "nproc": os.cpu_count() or 0,
        "ram_gb": round(mem_gb, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        **versions,
    }


def ensure_workbook(size: int, variant: str, regen: bool) -> tuple[Path, float | None]:
    """The benchmark workbook for (size, variant), generated when missing or out of date."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{variant}-{size}.xlsx"
    fresh = path.exists() and path.stat().st_mtime > GENERATOR.stat().st_mtime
    if fresh and not regen:
        return path, None
    cmd = [PY, str(GENERATOR), "--customers", str(size), "--seed", str(SEED)]
    cmd += ["--out", str(path), "--truth", ""]
    if variant == "clean":
        cmd.append("--clean")
    print(f"  generating {path.relative_to(ROOT)} …", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    return path, time.perf_counter() - t0


def product_available() -> str:
    """'' when `custinfo validate` can run, else why not."""
    if not CUSTINFO.exists():
        return f"{CUSTINFO} does not exist"
    try:
        p = subprocess.run(
            [str(CUSTINFO), "validate", "--help"], capture_output=True, text=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"custinfo validate --help failed: {e}"
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["exit code " + str(p.returncode)])[-1]
        return f"custinfo validate --help failed: {last[:160]}"
    return ""


def run_product(path: Path, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "validated.xlsx"
        cmd = [str(CUSTINFO), "validate", str(path), "-o", str(out), "--json", "--fail-on", "never"]
        res = measure(cmd, timeout)
    res["timings"] = None
    if res["rc"] == 0:
        with contextlib.suppress(ValueError):
            doc = json.loads(res["stdout"])
            if isinstance(doc, dict) and isinstance(doc.get("timings"), dict):
                res["timings"] = doc["timings"]
    return res


def fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def bench(sizes: list[int], timeout: float, regen: bool, product: bool) -> dict[str, Any]:
    why_not = product_available() if product else "skipped (--no-product)"
    if why_not:
        print(f"  product: not available ({why_not})", file=sys.stderr)
    rows: list[dict[str, Any]] = []
    for size in sizes:
        for variant in ("clean", "messy"):
            path, gen_s = ensure_workbook(size, variant, regen)
            print(f"  measuring {path.name} …", file=sys.stderr, flush=True)
            read = measure([PY, __file__, "_floor_read", str(path)], timeout)
            write = measure([PY, __file__, "_floor_write", str(path)], timeout)
            rinfo = json.loads(read["stdout"]) if read["rc"] == 0 else {}
            winfo = json.loads(write["stdout"]) if write["rc"] == 0 else {}
            row: dict[str, Any] = {
                "size": size,
                "variant": variant,
                "file_mb": path.stat().st_size / 1e6,
                "sheet_rows": rinfo.get("rows"),
                "generate_s": gen_s,
                "read_s": read["wall"] if read["rc"] == 0 else None,
                "read_inner_s": rinfo.get("seconds"),
                "read_peak_mb": read["peak_mb"],
                "write_s": winfo.get("seconds"),
                "write_peak_mb": write["peak_mb"],
            }
            row["floor_s"] = (
                row["read_s"] + row["write_s"] if row["read_s"] and row["write_s"] else None
            )
            row["product"] = "not available"
            row["product_s"] = row["product_peak_mb"] = row["ratio"] = row["timings"] = None
            if not why_not:
                p = run_product(path, timeout)
                if p["rc"] == 0:
                    row["product"] = "ok"
                    row["product_s"], row["product_peak_mb"] = p["wall"], p["peak_mb"]
                    row["timings"] = p["timings"]
                    if row["floor_s"]:
                        row["ratio"] = p["wall"] / row["floor_s"]
                else:
                    last = (p["stderr"].strip().splitlines() or [""])[-1]
                    row["product"] = f"failed (exit {p['rc']}): {last[:120]}"
            rows.append(row)
            print(table([row], header=False), flush=True)
    return {"rows": rows, "why_not": why_not}


def table(rows: list[dict[str, Any]], header: bool = True) -> str:
    lines = []
    if header:
        lines += [
            "| customers | variant | sheet rows | file MB | floor read s | floor write s | floor s "
            "| product s | product/floor | floor read peak MB | product peak MB | product |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
    for r in rows:
        lines.append(
            f"| {r['size']:,} | {r['variant']} | {r['sheet_rows'] or 0:,} | {r['file_mb']:.1f} "
            f"| {fmt(r['read_s'])} | {fmt(r['write_s'])} | {fmt(r['floor_s'])} "
            f"| {fmt(r['product_s'])} | {fmt(r['ratio'], 1)} | {fmt(r['read_peak_mb'], 0)} "
            f"| {fmt(r['product_peak_mb'], 0)} | {r['product']} |"
        )
    return "\n".join(lines)


def stage_table(rows: list[dict[str, Any]]) -> str:
    with_t = [r for r in rows if r.get("timings")]
    if not with_t:
        return ""
    stages = list(dict.fromkeys(k for r in with_t for k in r["timings"]))
    head = "| customers | variant | " + " | ".join(stages) + " |"
    sep = "|---:|---|" + "---:|" * len(stages)
    body = [
        f"| {r['size']:,} | {r['variant']} | "
        + " | ".join(fmt(_num(r["timings"].get(s))) for s in stages)
        + " |"
        for r in with_t
    ]
    return "\n".join([head, sep, *body])


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) else None


def section(result: dict[str, Any], m: dict[str, Any], sizes: list[int], argv: list[str]) -> str:
    today = date.today().isoformat()
    key = f"{today} nproc={m['nproc']} ram={m['ram_gb']} sizes={','.join(map(str, sizes))}"
    cmd = ".venv/bin/python bench/run.py" + ("" if not argv else " " + " ".join(argv))
    parts = [
        f"{MARK}{key} -->",
        f"## {today} — {', '.join(f'{s:,}' for s in sizes)} customer rows",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM; Python {m['python']}, "
        f"python-calamine {m['python_calamine']}, xlsxwriter {m['xlsxwriter']}.  ",
        f"Command: `{cmd}`",
        "",
        table(result["rows"]),
        "",
    ]
    if result["why_not"]:
        parts += [f"Product: not available — {result['why_not']}.", ""]
    stages = stage_table(result["rows"])
    if stages:
        parts += ["Product stages (seconds, from `--json` `timings`):", "", stages, ""]
    gens = [r for r in result["rows"] if r["generate_s"]]
    if gens:
        parts += [
            "Generating the workbooks (samples/generate.py, not part of any measurement): "
            + ", ".join(f"{r['variant']} {r['size']:,} {r['generate_s']:.0f} s" for r in gens)
            + ".",
            "",
        ]
    parts.append(f"{MARK}end -->")
    return "\n".join(parts)


def bench_validation(sizes: list[int], timeout: float, regen: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        for variant in ("clean", "messy"):
            path, gen_s = ensure_workbook(size, variant, regen)
            print(f"  measuring {path.name} (validation) …", file=sys.stderr, flush=True)
            row: dict[str, Any] = {"size": size, "variant": variant, "generate_s": gen_s}
            for name in ("ingest", "validate"):
                res = measure([PY, __file__, f"_{name}", str(path)], timeout)
                if res["rc"] != 0:
                    last = (res["stderr"].strip().splitlines() or [""])[-1]
                    raise SystemExit(f"{name} {path.name} failed (exit {res['rc']}): {last}")
                row[name] = {**json.loads(res["stdout"]), "peak_mb": res["peak_mb"]}
            rows.append(row)
            print(validation_table([row], header=False), flush=True)
    return rows


def validation_table(rows: list[dict[str, Any]], header: bool = True) -> str:
    lines = []
    if header:
        lines += [
            "| customers | variant | data rows | read s (ingest only) | read s | validate s "
            "| validate/read | peak MB ingest only | peak MB with validation | extra MB "
            "| findings |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
    for r in rows:
        i, v = r["ingest"], r["validate"]
        lines.append(
            f"| {r['size']:,} | {r['variant']} | {v['rows']:,} | {i['read']:.2f} "
            f"| {v['read']:.2f} | {v['validate']:.2f} | {v['validate'] / v['read']:+.0%} "
            f"| {i['peak_mb']:.0f} | {v['peak_mb']:.0f} | {v['peak_mb'] - i['peak_mb']:+.0f} "
            f"| {v['findings']:,} |"
        )
    return "\n".join(lines)


def validation_section(
    rows: list[dict[str, Any]], m: dict[str, Any], sizes: list[int], argv: list[str]
) -> str:
    today = date.today().isoformat()
    key = f"{today} validation nproc={m['nproc']} ram={m['ram_gb']} "
    key += f"sizes={','.join(map(str, sizes))}"
    parts = [
        f"{MARK}{key} -->",
        f"## {today} — validation vs ingest, {', '.join(f'{s:,}' for s in sizes)} customer rows",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM; Python {m['python']}, "
        f"python-calamine {m['python_calamine']}.  ",
        f"Command: `.venv/bin/python bench/run.py {' '.join(argv)}` (as_of {AS_OF.isoformat()})",
        "",
        validation_table(rows),
        "",
        f"{MARK}end -->",
    ]
    return "\n".join(parts)


def bench_normalization(sizes: list[int], timeout: float, regen: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        for variant in ("clean", "messy"):
            path, _ = ensure_workbook(size, variant, regen)
            print(f"  measuring {path.name} (normalization) …", file=sys.stderr, flush=True)
            res = measure([PY, __file__, "_normalize", str(path)], timeout)
            if res["rc"] != 0:
                last = (res["stderr"].strip().splitlines() or [""])[-1]
                raise SystemExit(f"normalize {path.name} failed (exit {res['rc']}): {last}")
            rows.append(
                {
                    "size": size,
                    "variant": variant,
                    **json.loads(res["stdout"]),
                    "peak_mb": res["peak_mb"],
                }
            )
            print(normalization_table(rows[-1:], header=False), flush=True)
    return rows


def normalization_table(rows: list[dict[str, Any]], header: bool = True) -> str:
    lines = []
    if header:
        lines += [
            "| customers | variant | data rows | distinct 地区+地址 | read s | validate s "
            "| normalize s | changes | peak MB |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
    for r in rows:
        lines.append(
            f"| {r['size']:,} | {r['variant']} | {r['rows']:,} | {r['distinct_places']:,} "
            f"| {r['read']:.2f} | {r['validate']:.2f} | {r['normalize']:.2f} | {r['changes']:,} "
            f"| {r['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


def normalization_section(
    rows: list[dict[str, Any]], m: dict[str, Any], sizes: list[int], argv: list[str]
) -> str:
    today = date.today().isoformat()
    key = f"{today} normalization nproc={m['nproc']} ram={m['ram_gb']} "
    key += f"sizes={','.join(map(str, sizes))}"
    return "\n".join(
        [
            f"{MARK}{key} -->",
            f"## {today} — normalization, {', '.join(f'{s:,}' for s in sizes)} customer rows",
            "",
            f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM; Python {m['python']}.  ",
            f"Command: `.venv/bin/python bench/run.py {' '.join(argv)}` (as_of {AS_OF.isoformat()}; "
            "one process runs read, validate and normalize as `custinfo run` does)",
            "",
            normalization_table(rows),
            "",
            f"{MARK}end -->",
        ]
    )


def floor(path: Path, timeout: float) -> dict[str, Any]:
    """The floor for `path`: read and write seconds and peak MB, each in its own process."""
    read = measure([PY, __file__, "_floor_read", str(path)], timeout)
    write = measure([PY, __file__, "_floor_write", str(path)], timeout)
    rinfo = json.loads(read["stdout"]) if read["rc"] == 0 else {}
    winfo = json.loads(write["stdout"]) if write["rc"] == 0 else {}
    read_s = read["wall"] if read["rc"] == 0 else None
    write_s = winfo.get("seconds")
    return {
        "sheet_rows": rinfo.get("rows"),
        "read_s": read_s,
        "read_inner_s": rinfo.get("seconds"),
        "read_peak_mb": read["peak_mb"],
        "write_s": write_s,
        "write_peak_mb": write["peak_mb"],
        "floor_s": read_s + write_s if read_s and write_s else None,
    }


def run_e2e(path: Path, timeout: float) -> dict[str, Any]:
    """`custinfo run` on `path` in its own process, with the memory hook; the JSON summary's
    timings and counts, the wall seconds and the peak MB."""
    with tempfile.TemporaryDirectory() as tmp:
        mem = Path(tmp) / "memory.json"
        args = ["run", str(path), "--out-dir", tmp, "--json", "--fail-on", "never"]
        args += ["--as-of", AS_OF.isoformat(), "--report", "week", "--history", f"{tmp}/h.sqlite"]
        res = measure([PY, __file__, "_cli", str(mem), "--", *args], timeout)
        res["memory"] = json.loads(mem.read_text()) if mem.exists() else []
        res["out_mb"] = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
    if res["rc"] != 0:
        last = (res["stderr"].strip().splitlines() or [""])[-1]
        raise SystemExit(f"custinfo run {path.name} failed (exit {res['rc']}): {last}")
    doc = json.loads(res.pop("stdout"))
    counts = {s["name"]: s.get("rows") for s in doc.get("sheets", []) if s.get("role")}
    res["timings"], res["sheets"] = doc["timings"], counts
    res["findings"] = len(doc.get("findings", []))
    res["changes"] = (doc.get("change_counts") or {}).get("total")
    # the hook resets the kernel's peak, so the process peak is the largest step peak
    res["peak_mb"] = max([res["peak_mb"], *(m["peak"] for m in res["memory"])])
    return res


def bench_e2e(
    sizes: list[int], variants: list[str], timeout: float, regen: bool
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        for variant in variants:
            path, _ = ensure_workbook(size, variant, regen)
            print(f"  measuring {path.name} (end to end) …", file=sys.stderr, flush=True)
            row: dict[str, Any] = {"size": size, "variant": variant, **floor(path, timeout)}
            row["file_mb"] = path.stat().st_size / 1e6
            row["run"] = run_e2e(path, timeout)
            rows.append(row)
            print(e2e_table(rows[-1:], header=False), flush=True)
    return rows


def e2e_table(rows: list[dict[str, Any]], header: bool = True) -> str:
    lines = []
    if header:
        lines += [
            "| customers | variant | rows per sheet | file MB | floor read s | floor write s "
            "| floor s | floor peak MB | product s | product/floor | product peak MB | output MB |",
            "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
    for r in rows:
        run = r["run"]
        sheets = " / ".join(f"{n:,}" for n in run["sheets"].values() if n is not None)
        ratio = run["wall"] / r["floor_s"] if r["floor_s"] else None
        lines.append(
            f"| {r['size']:,} | {r['variant']} | {sheets} | {r['file_mb']:.1f} "
            f"| {fmt(r['read_s'])} | {fmt(r['write_s'])} | {fmt(r['floor_s'])} "
            f"| {max(r['read_peak_mb'], r['write_peak_mb']):.0f} | {run['wall']:.2f} "
            f"| {fmt(ratio, 1)} | {run['peak_mb']:.0f} | {run['out_mb']:.0f} |"
        )
    return "\n".join(lines)


def e2e_stage_table(rows: list[dict[str, Any]]) -> str:
    """Seconds per step (from the JSON) and the peak MB within it (from the hook)."""
    stages = list(dict.fromkeys(k for r in rows for k in r["run"]["timings"]))
    head = "| customers | variant | " + " | ".join(stages) + " |"
    lines = [head, "|---:|---|" + "---:|" * len(stages)]
    for r in rows:
        peaks = {m["step"]: m["peak"] for m in r["run"]["memory"]}
        t = r["run"]["timings"]
        cells = [
            f"{fmt(_num(t.get(s)))} s / {peaks[s]:,.0f} MB" if s in peaks else fmt(_num(t.get(s)))
            for s in stages
        ]
        lines.append(f"| {r['size']:,} | {r['variant']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def e2e_section(
    rows: list[dict[str, Any]], m: dict[str, Any], sizes: list[int], argv: list[str]
) -> str:
    today = date.today().isoformat()
    key = f"{today} e2e nproc={m['nproc']} ram={m['ram_gb']} sizes={','.join(map(str, sizes))}"
    key += f" variants={','.join(sorted({r['variant'] for r in rows}))}"
    return "\n".join(
        [
            f"{MARK}{key} -->",
            f"## {today} — `custinfo run` end to end, {', '.join(f'{s:,}' for s in sizes)} "
            "customer rows",
            "",
            f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM; Python {m['python']}, "
            f"python-calamine {m['python_calamine']}, xlsxwriter {m['xlsxwriter']}.  ",
            f"Command: `.venv/bin/python bench/run.py {' '.join(argv)}` — each workbook through "
            f"`custinfo run <file> --out-dir <tmp> --json --fail-on never --as-of "
            f"{AS_OF.isoformat()} --report week --history <tmp>/h.sqlite` in its own process. "
            '"rows per sheet": 客户信息 / 互动记录 / 交易记录 records as read; "output MB": '
            "everything the run wrote.",
            "",
            e2e_table(rows),
            "",
            "Seconds per step (`--json` `timings`) / peak resident MB within the step (bench "
            "hook; `start-up` is imports):",
            "",
            e2e_stage_table(rows),
            "",
            f"{MARK}end -->",
        ]
    )


RESULTS_HEAD = """# Benchmark results

`make bench` (= `.venv/bin/python bench/run.py`) measures `custinfo validate` against the floor:
reading the data sheets (客户信息, 互动记录, 交易记录) with python-calamine (`from_path` +
`to_python`) plus writing the same rows as strings with a bare xlsxwriter constant_memory writer. "floor s" is read + write;
"product/floor" is how many floors the product takes. Seconds are wall-clock, each measured in its
own process (interpreter start-up included for read and product); peak MB is that process's
maximum RSS. Workbooks come from `samples/generate.py` (seed 20240520): "clean" has standard
headers and valid values, "messy" is the realistic variant (title rows, aliases, typed-by-hand
values, planted problems; its customer count is cut to what fits below its title rows and
empty rows); "sheet rows" is the customer sheet's row count as read, headers included.
`bench/run.py --validation` sections compare custinfo's own ingest (`read_book` +
`Dataset.from_book`) with ingest + `validate.run` (default rules, as_of 2024-06-30), each in its
own process: stage seconds exclude start-up and imports; "read s (ingest only)" is the ingest
process, "read s" and "validate s" the other one, and "validate/read" is what validation adds to
ingest time in that process (target: at most +50%). Peak MB is each process's maximum RSS;
"extra MB" is the difference, so it counts only what validation needs beyond ingest's own
(transient) peak. "data rows" are customer rows read; "findings" are validation's own.
Each run adds a section below (a re-run on the same day, machine and sizes replaces its own).
"""


def update_results(text: str, key_line: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else RESULTS_HEAD
    start = old.find(key_line)
    if start >= 0:
        end = old.find(f"{MARK}end -->", start)
        end = len(old) if end < 0 else end + len(f"{MARK}end -->")
        new = old[:start] + text + old[end:]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "_floor_read":
        child_floor_read(args[1])
        return 0
    if args and args[0] == "_floor_write":
        child_floor_write(args[1])
        return 0
    if args and args[0] in ("_ingest", "_validate"):
        child_stages(args[1], args[0] == "_validate")
        return 0
    if args and args[0] == "_normalize":
        child_normalize(args[1])
        return 0
    if args and args[0] == "_cli":
        child_cli(args[1], args[3:])
        return 0
    if args and args[0] == "_wrap":
        child_wrap(args[1], float(args[2]), args[4:])
        return 0
    p = argparse.ArgumentParser(description="Benchmark custinfo validate against the floor.")
    p.add_argument(
        "--sizes", nargs="+", default=[f"100000,{FULL_SHEET}"], help="row counts (, or space)"
    )
    p.add_argument("--quick", action="store_true", help="10,000 rows only")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per measurement")
    p.add_argument("--regen", action="store_true", help="regenerate the workbooks")
    p.add_argument("--no-product", action="store_true", help="measure the floor only")
    p.add_argument("--no-results", action="store_true", help="do not touch bench/RESULTS.md")
    p.add_argument("--validation", action="store_true", help="validation vs ingest alone")
    p.add_argument("--normalization", action="store_true", help="seconds of the normalize stage")
    p.add_argument("--e2e", action="store_true", help="`custinfo run` end to end vs the floor")
    p.add_argument("--variants", nargs="+", default=["clean", "messy"], help="workbook variants")
    a = p.parse_args(args)
    given = [s for arg in a.sizes for s in arg.split(",") if s]
    sizes = [10_000] if a.quick else [int(s.replace("_", "")) for s in given]
    m = machine()
    if a.validation:
        vrows = bench_validation(sizes, a.timeout, a.regen)
        print()
        print(validation_table(vrows))
        if not a.no_results:
            text = validation_section(vrows, m, sizes, args)
            update_results(text, text.splitlines()[0])
            print(f"\nupdated {RESULTS.relative_to(ROOT)}", file=sys.stderr)
        return 0
    if a.e2e:
        erows = bench_e2e(sizes, a.variants, a.timeout, a.regen)
        print()
        print(e2e_table(erows))
        print()
        print(e2e_stage_table(erows))
        if not a.no_results:
            text = e2e_section(erows, m, sizes, args)
            update_results(text, text.splitlines()[0])
            print(f"\nupdated {RESULTS.relative_to(ROOT)}", file=sys.stderr)
        return 0
    if a.normalization:
        nrows = bench_normalization(sizes, a.timeout, a.regen)
        print()
        print(normalization_table(nrows))
        if not a.no_results:
            text = normalization_section(nrows, m, sizes, args)
            update_results(text, text.splitlines()[0])
            print(f"\nupdated {RESULTS.relative_to(ROOT)}", file=sys.stderr)
        return 0
    result = bench(sizes, a.timeout, a.regen, not a.no_product)
    print()
    print(table(result["rows"]))
    stages = stage_table(result["rows"])
    if stages:
        print()
        print(stages)
    if not a.no_results:
        text = section(result, m, sizes, args)
        update_results(text, text.splitlines()[0])
        print(f"\nupdated {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
