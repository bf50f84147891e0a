"""Writing what a run produced: the output path decides the format; every write is atomic."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from custinfo import __version__
from custinfo.config import Rules
from custinfo.dataset import Dataset
from custinfo.errors import OutputError
from custinfo.fields import SheetKind
from custinfo.io.atomic import atomic_path
from custinfo.io.export import export_frame
from custinfo.io.history import HISTORY_FILE, Run, previous, runs
from custinfo.io.report_book import Chart, write_report
from custinfo.io.write import write_annotated, write_tables
from custinfo.report import weekly
from custinfo.report.dedupe import dedupe_sheets
from custinfo.report.records import headers_zh, records_frame
from custinfo.report.segment import WORDS as SEGMENT_WORDS
from custinfo.report.segment import segment_charts, segment_sheets
from custinfo.report.summary import summary_markdown, summary_sheets

DATA_SUFFIXES = (".xlsx", ".csv", ".jsonl", ".parquet")


def annotated_path(source: Path, out_dir: Path | None = None) -> Path:
    """`客户.xlsx` -> `客户.annotated.xlsx`, beside the input or in `out_dir`."""
    return (out_dir or source.parent) / f"{source.stem}.annotated.xlsx"


def normalized_path(source: Path) -> Path:
    """`客户.xlsx` -> `客户.normalized.xlsx`, beside the input."""
    return source.parent / f"{source.stem}.normalized.xlsx"


def segmented_path(source: Path) -> Path:
    """`客户.xlsx` -> `客户.segmented.xlsx`, beside the input."""
    return source.parent / f"{source.stem}.segmented.xlsx"


def deduped_path(source: Path) -> Path:
    """`客户.xlsx` -> `客户.deduped.xlsx`, beside the input."""
    return source.parent / f"{source.stem}.deduped.xlsx"


def ensure_dir(path: Path) -> Path:
    """Create the output directory (and parents); a clear error when that is impossible."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"无法创建输出目录 {path}（{exc.strerror or exc}）",
            "请换一个有写权限的目录，用 --out-dir 指定",
            message_en=f"cannot create the output directory {path} ({exc.strerror or exc})",
            hint_en="choose a writable directory with --out-dir",
        ) from None
    return path


def check_output(path: Path, source: Path) -> None:
    """Refuse an unknown format, or a path that would overwrite the input."""
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise OutputError(
            f"不支持的输出格式「{path.suffix or path.name}」",
            f"请用以下扩展名之一：{' '.join(DATA_SUFFIXES)}",
            message_en=f"unsupported output format '{path.suffix or path.name}'",
            hint_en=f"use one of {' '.join(DATA_SUFFIXES)}",
        )
    if path.exists() and source.exists() and path.resolve() == source.resolve():
        raise OutputError(
            f"输出文件 {path} 就是输入文件；custinfo 从不修改输入文件",
            "请用 -o 指定另一个文件名",
            message_en=f"output {path} is the input file; custinfo never modifies its input",
            hint_en="choose another name with -o",
        )


def write_data(
    path: Path,
    ds: Dataset,
    rules: Rules,
    summary: dict[str, Any],
    lang: str,
    *,
    masters: bool = False,
    segments: bool = False,
) -> None:
    """The records in the format `path`'s extension names: the annotated workbook for .xlsx, or
    with `masters` (custinfo dedupe) the merged customers, one row per customer, or with
    `segments` (custinfo segment) each customer's tags and RFM. `ds` must come from
    `mask_dataset` (ID numbers are never written in clear): cli/job.py masks once for every
    output, so the frames are not copied twice."""
    xlsx = path.suffix.lower() == ".xlsx"
    headers = headers_zh(rules.registry) if path.suffix.lower() in (".csv", ".xlsx") else None
    if segments and ds.segment is not None:
        if xlsx:
            sheets = segment_sheets(ds, lang)
            write_tables(path, sheets, protect=ds.book.path, charts=segment_charts(lang))
        else:
            zh = (
                {k: v[0] for k, v in SEGMENT_WORDS.items()}
                if path.suffix.lower() == ".csv"
                else None
            )
            export_frame(path, ds.segment.table, zh)
    elif masters and ds.dedupe is not None:
        merged = records_frame(ds, frame=ds.dedupe.masters)
        if not xlsx:
            export_frame(path, merged, headers)
            return
        sheets = {_sheet_name(ds, SheetKind.CUSTOMERS): merged.rename(columns=headers or {})}
        for kind, frame in (
            (SheetKind.INTERACTIONS, ds.dedupe.interactions),
            (SheetKind.TRANSACTIONS, ds.dedupe.transactions),
        ):
            if frame is not None:
                zh = headers_zh(rules.registry, kind)
                sheets[_sheet_name(ds, kind)] = records_frame(ds, kind, frame).rename(columns=zh)
        sheets |= dedupe_sheets(ds, rules.registry, lang)
        write_tables(path, sheets, protect=ds.book.path)
    elif xlsx:
        extra = summary_sheets(ds, summary, lang) | dedupe_sheets(ds, rules.registry, lang)
        extra |= segment_sheets(ds, lang)
        write_annotated(path, ds, extra, lang, charts=segment_charts(lang))
    else:
        export_frame(path, records_frame(ds), headers if path.suffix.lower() == ".csv" else None)


def check_ledger(path: Path, source: Path) -> None:
    """`--ledger` is .csv or .jsonl, and never the input file."""
    check_output(path, source)
    if path.suffix.lower() not in (".csv", ".jsonl"):
        raise OutputError(
            f"合并记录只能写成 .csv 或 .jsonl，而不是「{path.suffix or path.name}」",
            "请换一个扩展名，如 --ledger ledger.csv",
            message_en=f"the ledger is written as .csv or .jsonl, not '{path.suffix or path.name}'",
            hint_en="use e.g. --ledger ledger.csv",
        )


def write_ledger(path: Path, ds: Dataset) -> None:
    """`--ledger`: one row per source record (PRODUCT.md: source_sheet … evidence)."""
    if ds.dedupe is not None:
        export_frame(path, ds.dedupe.ledger)


def _sheet_name(ds: Dataset, kind: SheetKind) -> str:
    table = ds.book.table(kind)
    return table.sheet if table is not None else kind.value


def write_summary_files(json_path: Path, md_path: Path, summary: dict[str, Any], lang: str) -> None:
    with atomic_path(json_path) as tmp, tmp.open("w", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2, default=str)  # streamed, as print_json
    with atomic_path(md_path) as tmp:
        tmp.write_text(summary_markdown(summary, lang), "utf-8")


def history_path(rules_path: Path | None, cwd: Path | None = None) -> Path:
    """The run history's default place: `$CUSTINFO_HISTORY`, else beside the rules file (else
    the working directory)."""
    env = os.environ.get("CUSTINFO_HISTORY")
    if env:
        return Path(env)
    return (rules_path.parent if rules_path else (cwd or Path.cwd())) / HISTORY_FILE


@dataclass(frozen=True)
class PeriodRun:
    """The period's report files and the run to record in the history (`record`)."""

    written: list[Path]
    headline: dict[str, Any] | None
    run: Run
    snapshot: pd.DataFrame


def report_period(
    ds: Dataset,
    rules: Rules,
    *,
    source: Path,
    history: Path,
    kind: Literal["week", "month"],
    report_dir: Path | None,
    mask: bool,
    lang: str,
) -> PeriodRun:
    """Write the period's report (when `report_dir`) against the previous period's snapshot,
    and the run to record. Recording is left to the caller, so that it can come after every
    other output is written (cli/job.py)."""
    p = weekly.period(rules.as_of, kind)
    snap = weekly.snapshot(ds, rules.as_of, rules.registry)
    written: list[Path] = []
    head: dict[str, Any] | None = None
    if report_dir is not None:
        before = previous(history, kind, p.name)
        sections = weekly.build_sections(
            snap, before[1] if before else None, p, rules.config, history=runs(history, kind),
            mask=mask,
        )  # fmt: skip
        book = report_dir / weekly.report_filename(p)
        sheets = weekly.report_sheets(sections, lang, rules.registry)
        charts = [Chart(**c) for c in weekly.report_charts(lang)]
        write_report(book, sheets, charts, protect=source)
        md = book.with_suffix(".md")
        with atomic_path(md, protect=[source]) as tmp:
            tmp.write_text(weekly.summary_markdown(sections, p, lang), "utf-8")
        written += [book, md]
        head = weekly.headline(sections, p)
    run = Run(
        kind=kind,
        period=p.name,
        as_of=rules.as_of.isoformat(),
        recorded_at=dt.datetime.now().isoformat(timespec="seconds"),
        input=str(source),
        input_sha256=_sha256(source),
        rules_sha256=_sha256(rules.path) if rules.path else "defaults",
        version=__version__,
        counts=weekly.run_counts(snap),
    )
    return PeriodRun(written, head, run, snap)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
