"""The annotated workbook's own sheets after the user's: 问题清单, one row per finding linking to
its cell, and the summary tables as plain sheets.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from custinfo.io.annotations import SEVERITY_LABELS
from custinfo.io.cells import CELL_CHARS, write_value
from custinfo.io.xlsx_style import Formats, display_width

PROBLEMS_SHEET = {"zh": "问题清单", "en": "Problems"}
PROBLEM_HEADERS = {
    "zh": ("位置", "工作表", "行", "列", "字段", "问题代码", "严重程度", "问题说明", "当前值", "建议",
           "负责人"),
    "en": ("Location", "Sheet", "Row", "Column", "Field", "Code", "Severity", "Problem", "Value",
           "Suggestion", "Owner"),
}  # fmt: skip
PROBLEM_WIDTHS = (16, 12, 7, 6, 16, 22, 9, 60, 24, 40, 10)
MAX_URLS_PER_SHEET = 65_530  # Excel's limit; later 位置 cells are written as plain text


def write_problems(
    wb: xlsxwriter.Workbook,
    fmts: Formats,
    sheet_name: str,
    findings: pd.DataFrame,
    order: Sequence[str],
    out_sheet: Mapping[str, str],
    lang: str,
) -> None:
    """The 问题清单 sheet: `findings` (as `prepare_findings` returns them) in sheet `order`,
    each 位置 a link to the cell on its sheet, named in this workbook by `out_sheet`."""
    headers = PROBLEM_HEADERS[lang]
    if findings.empty:
        ws = _problem_sheet(wb, fmts, sheet_name, headers)
        ws.autofilter(0, 0, 0, len(headers) - 1)
        return
    sheet_pos = {s: i for i, s in enumerate(order)}
    f = findings.assign(
        _order=findings["sheet"].map(sheet_pos).fillna(len(order)),
        _colsort=findings["col"],
    ).sort_values(
        ["_order", "sheet", "row", "_colsort", "rank"],
        ascending=[True] * 4 + [False],
        kind="stable",
    )
    fixes = f["suggestion"].where(f["suggestion"].ne(""), f["hint"])
    fields = f["header"].where(f["header"].ne(""), f["field"])
    labels = f["rank"].map(SEVERITY_LABELS[lang])
    link_cells = [
        _link(out_sheet.get(s), int(r), col)
        for s, r, col in zip(f["sheet"], f["row"], f["column"], strict=True)
    ]
    cols = zip(
        link_cells,
        f["ref"].tolist(),
        f["sheet"].tolist(),
        f["row"].tolist(),
        f["column"].tolist(),
        fields.tolist(),
        f["code"].tolist(),
        labels.tolist(),
        f["rank"].tolist(),
        f["message"].tolist(),
        f["value"].tolist(),
        fixes.tolist(),
        f["owner"].tolist(),
        strict=True,
    )
    sev_fmts = fmts.by_rank("text")
    per_sheet = EXCEL_ROWS - 1  # past Excel's limit the list goes on in 「问题清单 (2)」…
    rows = iter(cols)
    for page in range(1, (len(f) - 1) // per_sheet + 2):
        name = sheet_name if page == 1 else f"{sheet_name[:25]} ({page})"
        ws = _problem_sheet(wb, fmts, name, headers)
        _write_problem_rows(ws, itertools.islice(rows, per_sheet), sev_fmts)
        ws.autofilter(0, 0, min(len(f) - (page - 1) * per_sheet, per_sheet), len(headers) - 1)


def _problem_sheet(
    wb: xlsxwriter.Workbook, fmts: Formats, name: str, headers: Sequence[str]
) -> Worksheet:
    ws = wb.add_worksheet(name)
    header_fmt = fmts.get("header")
    for j, (title, width) in enumerate(zip(headers, PROBLEM_WIDTHS, strict=True)):
        ws.set_column(j, j, width)
        ws.write_string(0, j, title, header_fmt)
    ws.freeze_panes(1, 0)
    return ws


def _write_problem_rows(
    ws: Worksheet, cols: Iterable[tuple[Any, ...]], sev_fmts: Sequence[Format | None]
) -> None:
    """Rows 2… of one 问题清单 sheet."""
    links = 0
    write_string, write_number, write_url = ws.write_string, ws.write_number, ws.write_url
    for i, (
        url,
        ref,
        sheet,
        row,
        col,
        field,
        code,
        label,
        rank,
        msg,
        value,
        fix,
        owner,
    ) in enumerate(cols, start=1):
        if url and links < MAX_URLS_PER_SHEET:
            write_url(i, 0, url, None, ref)
            links += 1
        else:
            write_string(i, 0, ref)
        write_string(i, 1, sheet)
        if row > 0:
            write_number(i, 2, row)
        if col:
            write_string(i, 3, col)
        if field:
            write_string(i, 4, field)
        write_string(i, 5, code)
        write_string(i, 6, label, sev_fmts[rank])
        write_string(i, 7, msg[:CELL_CHARS])
        if value:
            write_string(i, 8, value[:CELL_CHARS])
        if fix:
            write_string(i, 9, fix[:CELL_CHARS])
        if owner:
            write_string(i, 10, owner)


def _link(sheet: str | None, row: int, column: str) -> str | None:
    """`internal:'客户信息'!D7` for a finding on a sheet this workbook has, else None."""
    if sheet is None or row <= 0:
        return None
    quoted = sheet.replace("'", "''")
    return f"internal:'{quoted}'!{column or 'A'}{row}"


ChartSpec = Mapping[str, str]
"""A bar chart of one table: {"category": column, "value": column, "title": text}, plain data
so `report` can describe charts without importing `io`."""
CHART_KEYS = frozenset({"category", "value", "title"})
CHART_MAX_BARS = 100  # a chart of more bars than this is unreadable; the table has them all


def write_frame_sheet(
    wb: xlsxwriter.Workbook,
    fmts: Formats,
    sheet_name: str,
    frame: pd.DataFrame,
    chart: ChartSpec | None = None,
) -> None:
    """A DataFrame as a plain table: bold frozen header, fitted widths, numbers as numbers; with
    `chart`, a native column chart of its `value` column per `category`, right of the table."""
    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    ws = wb.add_worksheet(sheet_name)
    header_fmt = fmts.get("header")
    date_fmt, datetime_fmt = fmts.get("date"), fmts.get("datetime")
    columns = [str(c) for c in frame.columns]
    for j, title in enumerate(columns):
        ws.write_string(0, j, title, header_fmt)
        sample = frame.iloc[:500, j].dropna().astype(str)
        width = max([display_width(title), *(display_width(x) for x in sample)]) + 2
        ws.set_column(j, j, min(max(width, 6), 60))
    ws.freeze_panes(1, 0)
    values = [frame.iloc[:, j].astype(object).tolist() for j in range(len(columns))]
    for i in range(len(frame)):
        for j, col in enumerate(values):
            write_value(ws, i + 1, j, col[i], date_fmt, datetime_fmt)
    if chart is not None:
        _insert_chart(wb, ws, sheet_name, columns, len(frame), chart)


def _insert_chart(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    sheet_name: str,
    columns: Sequence[str],
    n_rows: int,
    spec: ChartSpec,
) -> None:
    """A column chart of the table's rows 2..n+1 (its cells, not copies: editing a count in Excel
    redraws the bar), placed right of the table after one empty column. No chart for an empty table or
    when the spec names a column the table lacks."""
    if set(spec) != CHART_KEYS:
        raise ValueError(f"chart spec needs exactly {sorted(CHART_KEYS)}, got {sorted(spec)}")
    if n_rows == 0 or spec["category"] not in columns or spec["value"] not in columns:
        return
    cat, val = columns.index(spec["category"]), columns.index(spec["value"])
    last = min(n_rows, CHART_MAX_BARS)
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": spec["value"],
            "categories": [sheet_name, 1, cat, last, cat],
            "values": [sheet_name, 1, val, last, val],
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": spec["title"]})
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": spec["category"]})
    chart.set_y_axis({"name": spec["value"], "min": 0, "major_gridlines": {"visible": True}})
    ws.insert_chart(1, len(columns) + 1, chart, {"x_scale": 1.4, "y_scale": 1.2})


CHANGES_SHEET = {"zh": "变更记录", "en": "Changes"}
CHANGE_HEADERS = {
    "zh": ("工作表", "行", "列", "字段", "原值", "新值", "规则"),
    "en": ("Sheet", "Row", "Column", "Field", "Old", "New", "Rule"),
}
EXCEL_ROWS = 1_048_576


def write_changes(
    wb: xlsxwriter.Workbook,
    fmts: Formats,
    sheet_name: str,
    changes: pd.DataFrame,
    letters: Mapping[tuple[str, str], tuple[str, str]],
    lang: str,
) -> None:
    """The 变更记录 sheet: one row per changed cell (old value, new value, rule). `letters` maps
    (sheet, field) to the column's (letter, header as typed). Past Excel's row limit the last
    row says how many more there are (the .jsonl/.parquet outputs hold them all)."""
    cells = changes.iloc[: EXCEL_ROWS - 2]
    where = [
        letters.get((s, f), ("", f)) for s, f in zip(cells["sheet"], cells["field"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            "sheet": cells["sheet"].to_numpy(),
            "row": cells["row"].to_numpy(),
            "column": [w[0] for w in where],
            "field": [w[1] for w in where],
            "old": cells["old"].to_numpy(),
            "new": cells["new"].to_numpy(),
            "rule": cells["rule"].to_numpy(),
        }
    )
    frame.columns = list(CHANGE_HEADERS[lang])
    if len(changes) > len(cells):
        more = len(changes) - len(cells)
        note = (
            f"… 另有 {more} 条变更未列出" if lang == "zh" else f"… {more} more changes not listed"
        )
        frame.loc[len(frame)] = [note, None, "", "", "", "", ""]
    write_frame_sheet(wb, fmts, sheet_name, frame)
