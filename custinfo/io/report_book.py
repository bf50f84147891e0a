"""The weekly/monthly report workbook (客户周报-2024-W20.xlsx): each sheet a stack of titled,
formatted tables, and native charts where a picture says more (the data-quality trend, customers
per status and per segment)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from custinfo.io.atomic import atomic_path
from custinfo.io.cells import write_value
from custinfo.io.workbook import open_workbook
from custinfo.io.xlsx_style import Formats, display_width

Blocks = Sequence[tuple[str, pd.DataFrame]]


CHART_ROWS = 18  # rows a chart takes; charts of one block are stacked this far apart
EXCEL_ROWS = 1_048_576


@dataclass(frozen=True)
class Chart:
    """A native chart of one block's `value` column over its `category` column: a line (the
    trend of the data-quality score) or columns (customers per status); with `rows`, only the
    block's rows whose column holds that value (one dimension of 客户分布)."""

    sheet: str
    block: str  # the block's title
    category: str  # column along the x axis
    value: str  # column drawn
    title: str
    kind: str = "line"  # "line" | "column"
    rows: tuple[str, str] | None = None  # (column, value): the rows drawn


def write_report(
    path: Path,
    sheets: Mapping[str, Blocks],
    charts: Sequence[Chart] = (),
    protect: Path | None = None,
    *,
    max_rows: int = EXCEL_ROWS,
) -> None:
    """Every sheet with its blocks one under another (title, header, rows, a blank row);
    `charts` drawn right of their block. A sheet that would pass `max_rows` (Excel's limit)
    continues on 「<sheet> (2)」…, a long block split with 「（续）」 titles, so no row is ever
    dropped. Rows are streamed (flat memory). Atomic: the previous report stays until this one
    is complete."""
    with (
        atomic_path(path, protect=[protect] if protect else []) as tmp,
        open_workbook(tmp, constant_memory=True) as wb,
    ):
        fmts = Formats(wb)
        for name, blocks in sheets.items():
            for page, page_blocks in enumerate(_pages(blocks, max_rows), start=1):
                title = name[:31] if page == 1 else f"{name[:25]} ({page})"
                ws = wb.add_worksheet(title)
                placed = _write_blocks(ws, fmts, page_blocks)
                stacked: dict[str, int] = {}
                for c in charts:
                    if c.sheet == name and c.block in placed:
                        at = stacked.get(c.block, 0)
                        stacked[c.block] = at + _chart(wb, ws, title, placed[c.block], c, at)


def _pages(blocks: Blocks, max_rows: int) -> list[list[tuple[str, pd.DataFrame]]]:
    """`blocks` cut into sheets of at most `max_rows` rows: a block takes a title row, a header
    row, max(rows, 1) rows and a blank row; one too long for the rest of a sheet is split."""
    pages: list[list[tuple[str, pd.DataFrame]]] = [[]]
    used = 0
    for title, frame in blocks:
        start, part = 0, title
        while True:
            room = max_rows - used - 3  # title, header, blank
            if room < 1 or (start == 0 and len(frame) <= max_rows - 3 and len(frame) > room):
                pages.append([])  # a fresh sheet rather than split a block that fits one
                used, room = 0, max_rows - 3
            chunk = frame.iloc[start : start + room]
            pages[-1].append((part, chunk))
            used += 3 + max(len(chunk), 1)
            start += len(chunk)
            if start >= len(frame):
                break
            part = f"{title}（续）"
    return [p for p in pages if p] or [[]]  # a sheet without blocks is still a sheet


def _write_blocks(
    ws: Worksheet, fmts: Formats, blocks: Blocks
) -> dict[str, tuple[int, pd.DataFrame]]:
    """Write the blocks in row order (the sheet streams); each block's title -> (its header
    row, frame)."""
    title_fmt, header_fmt = fmts.get("title"), fmts.get("header")
    date_fmt, datetime_fmt = fmts.get("date"), fmts.get("datetime")
    widths: dict[int, int] = {}
    for _, frame in blocks:  # widths first: a streamed sheet takes them before its rows
        for j, col in enumerate(str(c) for c in frame.columns):
            sample = frame.iloc[:200, j].dropna().astype(str)
            w = max([display_width(col), *(display_width(x) for x in sample)]) + 2
            widths[j] = max(widths.get(j, 6), min(w, 50))
    for j, w in widths.items():
        ws.set_column(j, j, w)
    placed: dict[str, tuple[int, pd.DataFrame]] = {}
    row = 0
    for title, frame in blocks:
        ws.write_string(row, 0, title, title_fmt)
        head = row + 1
        placed[title] = (head, frame)
        for j, col in enumerate(str(c) for c in frame.columns):
            ws.write_string(head, j, col, header_fmt)
        values = [frame.iloc[:, j].astype(object).tolist() for j in range(frame.shape[1])]
        for i in range(len(frame)):
            for j, col_values in enumerate(values):
                write_value(ws, head + 1 + i, j, col_values[i], date_fmt, datetime_fmt)
        if frame.empty:
            ws.write_string(head + 1, 0, "—")
        row = head + 1 + max(len(frame), 1) + 1
    return placed


def _chart(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    sheet: str,
    where: tuple[int, pd.DataFrame],
    spec: Chart,
    offset: int,
) -> int:
    """Draw `spec` right of its block, `offset` rows down; the rows it took (0 when nothing to
    draw). The series point at the block's cells, so editing a number in Excel redraws it."""
    head, frame = where
    columns = [str(c) for c in frame.columns]
    if frame.empty or spec.category not in columns or spec.value not in columns:
        return 0
    first, last = head + 1, head + len(frame)
    if spec.rows is not None:
        col, value = spec.rows
        if col not in columns:
            return 0
        hit = np.flatnonzero(frame[col].astype(str).eq(value).to_numpy())
        if not len(hit):
            return 0
        first, last = (
            head + 1 + int(hit[0]),
            head + 1 + int(hit[-1]),
        )  # the block keeps them together
    cat, val = columns.index(spec.category), columns.index(spec.value)
    chart = wb.add_chart({"type": spec.kind})
    series: dict[str, object] = {
        "name": spec.value,
        "categories": [sheet, first, cat, last, cat],
        "values": [sheet, first, val, last, val],
        "data_labels": {"value": True},
    }
    if spec.kind == "line":
        series["marker"] = {"type": "circle"}
    chart.add_series(series)
    chart.set_title({"name": spec.title})
    chart.set_legend({"none": True})
    chart.set_y_axis({"name": spec.value})
    ws.insert_chart(head + offset, len(columns) + 1, chart)
    return CHART_ROWS
