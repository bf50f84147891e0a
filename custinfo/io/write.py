"""The annotated workbook: the user's sheets as typed, problem cells filled and commented, status
columns per record, a 问题清单 sheet linking to every problem, then the summary sheets.

Every input cell keeps its Excel address, so `客户信息!D7` in a message, the terminal or JSON
names the same cell in the input and in this workbook. This module lays out the data sheets;
`annotations` turns findings into marks, `cells` values into typed cells, `sheets` writes the
问题清单 and summary sheets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from custinfo.dataset import ROW_COL, Dataset, Table, column_index
from custinfo.fields import DEFAULT_REGISTRY, Registry, SheetKind
from custinfo.io.annotations import cell_marks, prepare_findings, row_status
from custinfo.io.atomic import atomic_path
from custinfo.io.cells import KIND_WRITERS, N_KINDS, Column, column_values
from custinfo.io.sheets import (
    CHANGES_SHEET,
    PROBLEMS_SHEET,
    ChartSpec,
    write_changes,
    write_frame_sheet,
    write_problems,
)
from custinfo.io.workbook import SheetNames, open_workbook
from custinfo.io.xlsx_style import Formats, comment_options, display_width

# Comments beyond this many per sheet are left out: Excel becomes sluggish with tens of thousands
# of comment shapes and nobody reads them; the fill, the status columns and 问题清单 still say it.
MAX_COMMENTS_PER_SHEET = 20_000

STATUS_LABELS = {
    "zh": {3: "错误", 2: "警告", 1: "提示", 0: "通过"},
    "en": {3: "Error", 2: "Warning", 1: "Info", 0: "OK"},
}
STATUS_HEADERS = {"zh": ("问题数", "状态", "问题摘要"), "en": ("Problems", "Status", "Summary")}
STATUS_WIDTHS = (8, 8, 60)

SHEET_ORDER = (SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS)


def write_annotated(
    path: Path,
    ds: Dataset,
    summary_sheets: Mapping[str, pd.DataFrame],
    lang: str = "zh",
    *,
    registry: Registry = DEFAULT_REGISTRY,
    charts: Mapping[str, ChartSpec] | None = None,
) -> None:
    """Write the annotated workbook to `path` atomically (never over the input file). `charts`
    maps a summary sheet's title to the bar chart drawn beside its table."""
    lang = "en" if lang == "en" else "zh"
    findings = prepare_findings(ds.findings, lang, ds.codes)
    tables = [ds.book.tables[k] for k in SHEET_ORDER if k in ds.book.tables]
    with (
        atomic_path(path, protect=[ds.book.path]) as tmp,
        open_workbook(tmp, constant_memory=True) as wb,
    ):
        fmts = Formats(wb)
        names = SheetNames()
        out_sheet = {t.sheet: names.take(t.sheet) for t in tables}
        by_sheet = dict(tuple(findings.groupby("sheet", sort=False))) if len(findings) else {}
        for t in tables:
            sheet_findings = by_sheet.get(t.sheet, findings.iloc[:0])
            _write_table(wb, fmts, t, out_sheet[t.sheet], sheet_findings, lang, registry)
        order = [t.sheet for t in tables]
        write_problems(wb, fmts, names.take(PROBLEMS_SHEET[lang]), findings, order, out_sheet, lang)
        if len(ds.changes):
            letters = {
                (t.sheet, c.field): (c.column, c.header)
                for t in tables
                for c in t.columns
                if c.field
            }
            write_changes(wb, fmts, names.take(CHANGES_SHEET[lang]), ds.changes, letters, lang)
        for title, frame in summary_sheets.items():
            write_frame_sheet(wb, fmts, names.take(title), frame, (charts or {}).get(title))


def _write_table(
    wb: xlsxwriter.Workbook,
    fmts: Formats,
    table: Table,
    sheet_name: str,
    findings: pd.DataFrame,
    lang: str,
    registry: Registry,
) -> None:
    ws = wb.add_worksheet(sheet_name)
    frame = table.frame
    if len(frame) and not frame[ROW_COL].is_monotonic_increasing:
        frame = frame.sort_values(ROW_COL, kind="stable")  # constant_memory writes rows in order
    kinds = table.kinds.reindex(frame.index) if table.kinds is not None else None
    maps = [(column_index(c.column), c) for c in table.columns]
    maps = [(i, c) for i, c in maps if i >= 0]
    last_col = max((i for i, _ in maps), default=table.first_column - 1)
    first_col = min((i for i, _ in maps), default=table.first_column)
    status_col = last_col + 1
    h = table.header_row - 1
    marks, comments = cell_marks(findings, lang)
    status = row_status(findings, table.header_row, lang)

    for i, c in maps:
        ws.set_column(i, i, _width(registry, table.kind, c.field, c.header))
    for j, w in enumerate(STATUS_WIDTHS):
        ws.set_column(status_col + j, status_col + j, w)

    # title cells keep their columns: gaps are "" in `title_rows` and stay empty here
    for r, cells in sorted(table.title_rows):
        if 0 < r < table.header_row:
            for j, text in enumerate(cells):
                if text:
                    ws.write_string(r - 1, table.first_column + j, str(text))

    header_marks, header_comments = marks.get(h, {}), comments.get(h, {})
    for i, c in maps:
        fmt = fmts.get("header", header_marks.get(i, 0))
        ws.write_string(h, i, c.header, fmt) if c.header else ws.write_blank(h, i, None, fmt)
        if i in header_comments:
            ws.write_comment(h, i, header_comments[i], comment_options(header_comments[i]))
    for j, title in enumerate(STATUS_HEADERS[lang]):
        ws.write_string(h, status_col + j, title, fmts.get("status_header"))

    columns = [
        column_values(i, frame[c.key], None if kinds is None else kinds.get(c.key))
        for i, c in maps
        if c.key in frame.columns
    ]
    rows = (frame[ROW_COL].astype("int64").to_numpy() - 1).tolist() if len(frame) else []
    _write_records(ws, fmts, rows, columns, marks, comments, status, status_col, lang)

    last_row = max([h, *rows[-1:]])
    ws.freeze_panes(h + 1, 0)
    ws.autofilter(h, min(first_col, status_col), last_row, status_col + 2)


def _write_records(
    ws: Worksheet,
    fmts: Formats,
    rows: list[int],
    columns: list[Column],
    marks: dict[int, dict[int, int]],
    comments: dict[int, dict[int, str]],
    status: dict[int, tuple[int, int, str]],
    status_col: int,
    lang: str,
) -> None:
    """The per-row loop xlsxwriter needs; everything per cell is looked up, never computed."""
    write_string, write_blank, write_number = ws.write_string, ws.write_blank, ws.write_number
    write_comment = ws.write_comment
    writers: list[Callable[..., Any]] = [write_string] * N_KINDS
    kind_fmts: list[list[Format | None]] = [fmts.by_rank("text")] * N_KINDS
    for k, (base, method) in KIND_WRITERS.items():
        writers[k] = getattr(ws, method)
        kind_fmts[k] = fmts.by_rank(base)
    text_fmts = fmts.by_rank("text")
    labels = STATUS_LABELS[lang]
    status_fmts = fmts.by_rank("text")
    plain = [(c.index, c.values) for c in columns if c.kinds is None]
    typed = [(c.index, c.values, c.kinds) for c in columns if c.kinds is not None]
    n_comments = 0
    no_marks: dict[int, int] = {}

    for i, r in enumerate(rows):
        m = marks.get(r, no_marks)
        for ci, vals in plain:
            v = vals[i]
            if ci in m:
                if v is None:
                    write_blank(r, ci, None, text_fmts[m[ci]])
                else:
                    write_string(r, ci, v, text_fmts[m[ci]])
            elif v is not None:
                write_string(r, ci, v)
        for ci, vals, ks in typed:
            v = vals[i]
            rank = m.get(ci, 0)
            if v is None:
                if rank:
                    write_blank(r, ci, None, text_fmts[rank])
                continue
            k = ks[i]
            writers[k](r, ci, v, kind_fmts[k][rank])
        if m:
            cm = comments.get(r)
            if cm and n_comments < MAX_COMMENTS_PER_SHEET:
                for ci, text in cm.items():
                    write_comment(r, ci, text, comment_options(text))
                n_comments += len(cm)
        count, rank, summary = status.get(r, (0, 0, ""))
        write_number(r, status_col, count)
        write_string(r, status_col + 1, labels[rank], status_fmts[rank])
        if summary:
            write_string(r, status_col + 2, summary)


def _width(registry: Registry, kind: SheetKind, field: str | None, header: str) -> float:
    """The registry's width for a known field, else one fitted to the header."""
    if field:
        try:
            return registry.get(kind, field).width
        except KeyError:
            pass
    return min(max(display_width(header) + 2, 8), 40)


def write_tables(
    path: Path,
    sheets: Mapping[str, pd.DataFrame],
    protect: Path | None,
    charts: Mapping[str, ChartSpec] | None = None,
) -> None:
    """A workbook of plain tables (the merged customers and the dedupe sheets), atomically;
    `charts` maps a sheet's title to the bar chart drawn beside its table."""
    with (
        atomic_path(path, protect=[protect] if protect else []) as tmp,
        open_workbook(tmp, constant_memory=True) as wb,
    ):
        fmts = Formats(wb)
        names = SheetNames()
        for title, frame in sheets.items():
            write_frame_sheet(wb, fmts, names.take(title), frame, (charts or {}).get(title))
