"""Time the segment stage, `custinfo.rules.segment.run` (tags, RFM, priority, layers, labels),
on a Dataset already read, validated and normalized (issue 6's targets: tags over 1,048,575
customers in under 10 s; RFM from 1,000,000 transactions over 100,000 customers in under 3 s).

    .venv/bin/python bench/segment.py                          # the three cases below
    .venv/bin/python bench/segment.py --customers 100000       # bench/data/clean-100000.xlsx
    .venv/bin/python bench/segment.py --profile                # + pyinstrument of one run per case

The workbook is bench/data/clean-<N>.xlsx (samples/generate.py --clean, seed 20240520; made when
missing, as bench/run.py does). It is read, validated and normalized once, as `custinfo run`
does, and the Dataset is cached beside it as a pickle (git-ignored, rebuilt when the workbook is
newer); nothing of that is timed. Rules: the repository's rules.yaml (every tag dimension, the
layers with a custom rule, RFM on), as of 2024-06-30. Cases, each the best of --repeat runs of
the stage alone:

- customers:     every customer row, no 互动记录/交易记录 (tags; RFM from customer columns)
- with sheets:   every customer row and the workbook's own 互动记录 and 交易记录
- rfm 1M/100k:   the first 100,000 customers and 1,000,000 transactions generated in numpy
                 (customer keys drawn with a skewed activity, 1% orphans, dates over two years,
                 a few after the as-of day, lognormal amounts) laid out as ingest lays them out
                 (text cells, dates as 2024-05-01 with their cell kind)

Prints one Markdown row per case for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import pickle
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from custinfo.config import Rules, load_rules
from custinfo.dataset import ROW_COL, SHEET_COL, CellKind, ColumnMap, Dataset, Table
from custinfo.fields import SheetKind
from custinfo.rules import segment

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
GENERATOR = ROOT / "samples" / "generate.py"
SEED = 20240520
AS_OF = dt.date(2024, 6, 30)


def workbook(size: int) -> Path:
    path = DATA / f"clean-{size}.xlsx"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(GENERATOR), "--customers", str(size), "--seed", str(SEED)]
        subprocess.run([*cmd, "--out", str(path), "--truth", "", "--clean"], check=True)
    return path


def normalized(path: Path, rules: Rules) -> Dataset:
    """The Dataset after read, validate and normalize (cached as a pickle beside the workbook)."""
    from custinfo.pipeline import run_pipeline

    cache = path.with_suffix(".normalized.pkl")
    if cache.exists() and cache.stat().st_mtime > path.stat().st_mtime:
        with cache.open("rb") as f:
            ds: Dataset = pickle.load(f)
        return ds
    t0 = time.perf_counter()
    ds = dataclasses.replace(run_pipeline(path, rules, until="normalize").dataset, views={})
    print(f"  read+validate+normalize {time.perf_counter() - t0:.1f} s (cached)", file=sys.stderr)
    with cache.open("wb") as f:
        pickle.dump(ds, f, protocol=pickle.HIGHEST_PROTOCOL)
    return ds


def customers_only(ds: Dataset) -> Dataset:
    tables = {k: t for k, t in ds.book.tables.items() if k is SheetKind.CUSTOMERS}
    book = dataclasses.replace(ds.book, tables=tables)
    return dataclasses.replace(ds, book=book, interactions=None, transactions=None, views={})


def first_customers(ds: Dataset, n: int) -> Dataset:
    ds = customers_only(ds)
    t = ds.book.tables[SheetKind.CUSTOMERS]
    rows = ds.customers.iloc[:n]
    t = dataclasses.replace(t, frame=t.frame.loc[rows.index], kinds=t.kinds.loc[rows.index])
    book = dataclasses.replace(ds.book, tables={SheetKind.CUSTOMERS: t})
    return dataclasses.replace(ds, book=book, customers=rows)


def with_transactions(ds: Dataset, n_tx: int, seed: int = 20240630) -> Dataset:
    """`ds` with a 交易记录 sheet of `n_tx` generated rows keyed by its customers' 客户编号."""
    rng = np.random.default_rng(seed)
    ids = ds.customers["customer_id"].to_numpy(dtype=object)
    buyers = int(len(ids) * 0.95)
    activity = rng.gamma(0.8, size=buyers)
    who = ids[rng.choice(buyers, n_tx, p=activity / activity.sum())]
    who[rng.random(n_tx) < 0.01] = "KH-UNKNOWN"
    days = rng.integers(-10, 730, n_tx).astype("timedelta64[D]")
    dates = np.datetime_as_string(np.datetime64(AS_OF, "D") - days, unit="D").astype(object)
    amount = pd.Series(rng.lognormal(8, 1.2, n_tx).round(2)).astype(str).to_numpy(dtype=object)
    cols = {
        "customer_id": ("A", "客户编号"),
        "order_date": ("B", "交易日期"),
        "amount": ("C", "交易金额"),
    }
    values = {"customer_id": who, "order_date": dates, "amount": amount}
    kinds = {"customer_id": CellKind.TEXT, "order_date": CellKind.DATE, "amount": CellKind.NUMBER}
    frame = pd.DataFrame({k: pd.array(v, dtype=object) for k, v in values.items()})
    frame[SHEET_COL] = "交易记录"
    frame[ROW_COL] = np.arange(2, n_tx + 2, dtype=np.int64)
    table = Table(
        kind=SheetKind.TRANSACTIONS,
        sheet="交易记录",
        header_row=1,
        columns=tuple(ColumnMap(c, h, k, k, "exact") for k, (c, h) in cols.items()),
        frame=frame,
        kinds=pd.DataFrame({k: np.full(n_tx, int(v), dtype=np.int8) for k, v in kinds.items()}),
    )
    book = dataclasses.replace(ds.book, tables={**ds.book.tables, SheetKind.TRANSACTIONS: table})
    return dataclasses.replace(ds, book=book, transactions=frame)


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_048_575)
    parser.add_argument("--rfm-customers", type=int, default=100_000)
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    rules = dataclasses.replace(load_rules(ROOT / "rules.yaml"), as_of=AS_OF)
    full = normalized(workbook(args.customers), rules)
    ix, tx = full.interactions, full.transactions
    cases = {
        "customers": customers_only(full),
        "with sheets": dataclasses.replace(full, views={}),
        f"rfm {args.transactions:,}/{args.rfm_customers:,}": with_transactions(
            first_customers(full, args.rfm_customers), args.transactions
        ),
    }
    print(f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")
    n_ix, n_tx = (0 if f is None else len(f) for f in (ix, tx))
    print(
        f"clean-{args.customers}.xlsx: 互动记录 {n_ix:,} rows, 交易记录 {n_tx:,} rows; as of {AS_OF}\n"
    )
    print("| case | customers | interactions | transactions | stage s | RFM from | unmatched |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for name, ds in cases.items():
        seconds, out = best_of(lambda ds=ds: segment.run(ds, rules), args.repeat)
        s = out.segment
        n_ix = 0 if ds.interactions is None else len(ds.interactions)
        n_tx = 0 if ds.transactions is None else len(ds.transactions)
        print(
            f"| {name} | {len(ds.customers):,} | {n_ix:,} | {n_tx:,} | {seconds:.2f} "
            f"| {s.rfm_source} | {s.stats['unmatched']:,} |",
            flush=True,
        )
        if args.profile:
            from pyinstrument import Profiler

            with Profiler() as p:
                segment.run(ds, rules)
            print(p.output_text(color=False, show_all=False), file=sys.stderr)


if __name__ == "__main__":
    main()
