"""The annotated workbook: the user's sheets as typed, problem cells filled and commented, status
columns per record, a 问题清单 sheet linking to every problem, then the summary sheets.

Every input cell keeps its Excel address, so `客户信息!D7` in a message, the terminal or JSON
names the same cell in the input and in this workbook.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from custinfo.codes import CODES, Severity
from custinfo.dataset import FINDING_COLUMNS, ROW_COL, CellKind, Dataset, Table
from custinfo.fields import DEFAULT_REGISTRY, Registry, SheetKind
from custinfo.io.atomic import atomic_path
from custinfo.report.messages import cell_ref, render

WORKBOOK_OPTIONS: dict[str, Any] = {
    "constant_memory": True,  # rows stream to disk: 100k-row sheets in flat memory
    # Text stays text: "=HYPERLINK(..)", "+8613800138000", "-5x", "@SUM(A1)" are data, not formulas.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

FILLS = {3: "#FFC7CE", 2: "#FFEB9C", 1: "#DDEBF7"}  # error red, warning yellow, info light blue
HEADER_FILL = "#F2F2F2"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
TIME_FORMAT = "hh:mm:ss"

# Comments beyond this many per sheet are left out: Excel becomes sluggish with tens of thousands
# of comment shapes and nobody reads them; the fill, the status columns and 问题清单 still say it.
MAX_COMMENTS_PER_SHEET = 20_000
MAX_URLS_PER_SHEET = 65_530  # Excel's limit; later 位置 cells are written as plain text
SUMMARY_CHARS = 200  # 问题摘要 is a glance; the full text is in the comments and 问题清单
CELL_CHARS = 32_767  # Excel's limit for one cell or comment

_RANK = {s.value: s.rank for s in Severity}

STATUS_LABELS = {
    "zh": {3: "错误", 2: "警告", 1: "提示", 0: "通过"},
    "en": {3: "Error", 2: "Warning", 1: "Info", 0: "OK"},
}
STATUS_HEADERS = {"zh": ("问题数", "状态", "问题摘要"), "en": ("Problems", "Status", "Summary")}
STATUS_WIDTHS = (8, 8, 60)
PROBLEMS_SHEET = {"zh": "问题清单", "en": "Problems"}
PROBLEM_HEADERS = {
    "zh": ("位置", "工作表", "行", "列", "字段", "问题代码", "严重程度", "问题说明", "当前值", "建议",
           "负责人"),
    "en": ("Location", "Sheet", "Row", "Column", "Field", "Code", "Severity", "Problem", "Value",
           "Suggestion", "Owner"),
}  # fmt: skip
PROBLEM_WIDTHS = (16, 12, 7, 6, 16, 22, 9, 60, 24, 40, 10)
_SEVERITY_LABELS = {
    "zh": {3: "错误", 2: "警告", 1: "提示"},
    "en": {3: "error", 2: "warning", 1: "info"},
}
_HINT_LABEL = {"zh": "建议：", "en": "Fix: "}
_MORE = {"zh": "…等 {n} 项", "en": "… ({n} in all)"}

SHEET_ORDER = (SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS)


def write_annotated(
    path: Path,
    ds: Dataset,
    summary_sheets: Mapping[str, pd.DataFrame],
    lang: str = "zh",
    *,
    registry: Registry = DEFAULT_REGISTRY,
) -> None:
    """Write the annotated workbook to `path` atomically (never over the input file)."""
    lang = "en" if lang == "en" else "zh"
    findings = _prepare_findings(ds.findings, lang)
    tables = [ds.book.tables[k] for k in SHEET_ORDER if k in ds.book.tables]
    with atomic_path(path, protect=[ds.book.path]) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        try:
            fmts = _Formats(wb)
            names = _SheetNames()
            out_sheet = {t.sheet: names.take(t.sheet) for t in tables}
            by_sheet = dict(tuple(findings.groupby("sheet", sort=False))) if len(findings) else {}
            for t in tables:
                sheet_findings = by_sheet.get(t.sheet, findings.iloc[:0])
                _write_table(wb, fmts, t, out_sheet[t.sheet], sheet_findings, lang, registry)
            order = [t.sheet for t in tables]
            _write_problems(
                wb, fmts, names.take(PROBLEMS_SHEET[lang]), findings, order, out_sheet, lang
            )
            for title, frame in summary_sheets.items():
                _write_frame_sheet(wb, fmts, names.take(title), frame)
            wb.close()
        except FileCreateError as e:  # xlsxwriter wraps the OSError; atomic_path explains it
            raise (
                e.args[0] if e.args and isinstance(e.args[0], OSError) else OSError(str(e))
            ) from e
        finally:
            _close_quietly(wb)


# --- findings ---------------------------------------------------------------------------------


def _prepare_findings(findings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rendered findings with clean types plus `rank` and `col` (0-based index, -1 for none)."""
    f = findings.copy()
    for c in FINDING_COLUMNS:
        if c != "row":
            f[c] = f[c].fillna("").astype(str) if c in f.columns else ""
    f["row"] = pd.to_numeric(f["row"], errors="coerce").fillna(0).astype("int64")
    f = _render(f, lang)
    f["rank"] = f["severity"].map(_RANK).fillna(1).astype("int64")
    letters = {x: column_index(x) for x in f["column"].unique()}
    f["col"] = f["column"].map(letters).astype("int64")
    # worst first within a cell; whole-row findings (col -1) before the row's cells
    return (
        f.assign(_neg=-f["rank"])
        .sort_values(["row", "col", "_neg"], kind="stable")
        .drop(columns="_neg")
    )


def _render(f: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`render` once per distinct message, then mapped: 100k "required missing" findings share a
    handful of sentences. A message depends only on the finding columns its template names."""
    if f.empty:
        return f.assign(ref="", message="", hint="")
    key = [c for c in FINDING_COLUMNS if c in _message_columns()]
    uniq = f.drop_duplicates(key)
    said = render(uniq.loc[:, list(FINDING_COLUMNS)], lang)
    table = dict(
        zip(
            zip(*(said[c].tolist() for c in key), strict=True),
            zip(said["message"].tolist(), said["hint"].tolist(), strict=True),
            strict=True,
        )
    )
    texts = [table[k] for k in zip(*(f[c].tolist() for c in key), strict=True)]
    refs = [
        cell_ref(s, r, c)
        for s, r, c in zip(
            f["sheet"].tolist(), f["row"].tolist(), f["column"].tolist(), strict=True
        )
    ]
    return f.assign(ref=refs, message=[m for m, _ in texts], hint=[h for _, h in texts])


@functools.cache
def _message_columns() -> frozenset[str]:
    """Finding columns any message or hint template uses, plus those `message` always reads."""
    names = {"code", "field", "header"}
    for c in CODES.values():
        for template in (c.zh, c.en, c.hint_zh, c.hint_en):
            names.update(n for _, n, _, _ in string.Formatter().parse(template) if n)
    return frozenset(names)


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26; '' (or anything not a column letter) -> -1."""
    letters = letters.strip().upper()
    if not letters or not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return -1
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _cell_marks(
    f: pd.DataFrame, lang: str
) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, str]]]:
    """Per 0-based row: {col: most severe rank} and {col: comment text}, for located findings.

    `f` is sorted by row, column and descending severity, so the worst finding comes first.
    """
    located = f[(f["row"] > 0) & (f["col"] >= 0)]
    if located.empty:
        return {}, {}
    labels = _SEVERITY_LABELS[lang]
    text = located["rank"].map(labels) + "：" + located["message"]
    hint = located["hint"].fillna("")
    text = text.where(hint.eq(""), text + "\n" + _HINT_LABEL[lang] + hint)
    marks: dict[int, dict[int, int]] = {}
    comments: dict[int, dict[int, str]] = {}
    for r, c, rank, t in zip(
        (located["row"] - 1).tolist(), located["col"].tolist(), located["rank"].tolist(),
        text.tolist(), strict=True,
    ):  # fmt: skip
        row_marks = marks.get(r)
        if row_marks is None:
            marks[r] = {c: rank}
            comments[r] = {c: t}
        elif c in row_marks:
            row_marks[c] = max(row_marks[c], rank)
            comments[r][c] = (comments[r][c] + "\n\n" + t)[:CELL_CHARS]
        else:
            row_marks[c] = rank
            comments[r][c] = t
    return marks, comments


def _row_status(f: pd.DataFrame, header_row: int, lang: str) -> dict[int, tuple[int, int, str]]:
    """Per 0-based record row: (number of findings, most severe rank, summary text)."""
    rows = f[(f["row"] > 0) & (f["row"] != header_row)]
    if rows.empty:
        return {}
    grouped: dict[int, tuple[int, list[str]]] = {}
    for r, rank, msg in zip(
        (rows["row"] - 1).tolist(), rows["rank"].tolist(), rows["message"].tolist(), strict=True
    ):
        seen = grouped.get(r)
        if seen is None:
            grouped[r] = (rank, [msg])
        else:
            seen[1].append(msg)
            if rank > seen[0]:
                grouped[r] = (rank, seen[1])
    more = _MORE[lang]
    return {r: (len(m), k, summarize(m, more)) for r, (k, m) in grouped.items()}


def summarize(messages: Sequence[str], more: str = _MORE["zh"], limit: int = SUMMARY_CHARS) -> str:
    """Messages joined with '；', cut at a message boundary near `limit`, saying how many in all."""
    text = "；".join(messages)
    if len(text) <= limit:
        return text
    tail = more.format(n=len(messages))
    kept: list[str] = []
    used = 0
    for m in messages:
        if used + len(m) + 1 > limit - len(tail):
            break
        kept.append(m)
        used += len(m) + 1
    if not kept:  # one long message: cut inside it
        return messages[0][: max(limit - len(tail), 1)] + tail
    return "；".join(kept) + tail


# --- formats ----------------------------------------------------------------------------------


class _Formats:
    """Every format the workbook uses, created once (xlsxwriter formats are workbook objects)."""

    BASES: Mapping[str, Mapping[str, Any]] = {
        "text": {},
        "number": {},
        "date": {"num_format": DATE_FORMAT},
        "datetime": {"num_format": DATETIME_FORMAT},
        "time": {"num_format": TIME_FORMAT},
        "bool": {},
        "header": {"bold": True, "bg_color": HEADER_FILL, "border": 1, "valign": "top"},
        "status_header": {"bold": True, "bg_color": "#D9E1F2", "border": 1, "valign": "top"},
    }

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self._cache: dict[tuple[str, int], Format | None] = {}

    def get(self, base: str, rank: int = 0) -> Format | None:
        key = (base, rank)
        if key not in self._cache:
            props = dict(self.BASES[base])
            if rank:
                props["bg_color"] = FILLS[rank]
            self._cache[key] = self.wb.add_format(props) if props else None
        return self._cache[key]

    def by_rank(self, base: str) -> list[Format | None]:
        return [self.get(base, r) for r in range(4)]


# CellKind -> (format base, worksheet method name)
_KIND_WRITERS: dict[int, tuple[str, str]] = {
    CellKind.EMPTY: ("text", "write_string"),
    CellKind.TEXT: ("text", "write_string"),
    CellKind.NUMBER: ("number", "write_number"),
    CellKind.DATE: ("date", "write_datetime"),
    CellKind.DATETIME: ("datetime", "write_datetime"),
    CellKind.BOOL: ("bool", "write_boolean"),
    CellKind.TIME: ("time", "write_datetime"),
    CellKind.ERROR: ("text", "write_string"),
}
_N_KINDS = max(_KIND_WRITERS) + 1


# --- data sheets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based Excel column
    values: list[Any]  # typed value per record, None when empty
    kinds: list[int] | None  # CellKind per record; None when every cell is text


def _write_table(
    wb: xlsxwriter.Workbook,
    fmts: _Formats,
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
    marks, comments = _cell_marks(findings, lang)
    status = _row_status(findings, table.header_row, lang)

    for i, c in maps:
        ws.set_column(i, i, _width(registry, table.kind, c.field, c.header))
    for j, w in enumerate(STATUS_WIDTHS):
        ws.set_column(status_col + j, status_col + j, w)

    for r, cells in sorted(table.title_rows):
        if 0 < r < table.header_row:
            for j, text in enumerate(cells):
                if text is not None and str(text) != "":
                    ws.write_string(r - 1, table.first_column + j, str(text))

    header_marks, header_comments = marks.get(h, {}), comments.get(h, {})
    for i, c in maps:
        fmt = fmts.get("header", header_marks.get(i, 0))
        ws.write_string(h, i, c.header, fmt) if c.header else ws.write_blank(h, i, None, fmt)
        if i in header_comments:
            ws.write_comment(h, i, header_comments[i], _comment_options(header_comments[i]))
    for j, title in enumerate(STATUS_HEADERS[lang]):
        ws.write_string(h, status_col + j, title, fmts.get("status_header"))

    columns = [
        _column_values(i, frame[c.key], None if kinds is None else kinds.get(c.key))
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
    fmts: _Formats,
    rows: list[int],
    columns: list[_Column],
    marks: dict[int, dict[int, int]],
    comments: dict[int, dict[int, str]],
    status: dict[int, tuple[int, int, str]],
    status_col: int,
    lang: str,
) -> None:
    """The per-row loop xlsxwriter needs; everything per cell is looked up, never computed."""
    write_string, write_blank, write_number = ws.write_string, ws.write_blank, ws.write_number
    write_comment = ws.write_comment
    writers: list[Callable[..., Any]] = [write_string] * _N_KINDS
    kind_fmts: list[list[Format | None]] = [fmts.by_rank("text")] * _N_KINDS
    for k, (base, method) in _KIND_WRITERS.items():
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
                    write_comment(r, ci, text, _comment_options(text))
                n_comments += len(cm)
        count, rank, summary = status.get(r, (0, 0, ""))
        write_number(r, status_col, count)
        write_string(r, status_col + 1, labels[rank], status_fmts[rank])
        if summary:
            write_string(r, status_col + 2, summary)


def _column_values(index: int, values: pd.Series, kinds: pd.Series | None) -> _Column:
    """One input column as the typed Python values to write, converted column-wise."""
    present = values.notna().to_numpy()
    text = values.astype(object).to_numpy(copy=True)
    text[~present] = None
    if not isinstance(values.dtype, pd.StringDtype):  # text as read, but be safe with objects
        text[present] = [v if isinstance(v, str) else str(v) for v in text[present]]
    if kinds is None:
        return _Column(index, text.tolist(), None)
    k = pd.to_numeric(kinds, errors="coerce").fillna(CellKind.TEXT).astype("int64").to_numpy()
    k = np.where(present, np.where(k == CellKind.EMPTY, CellKind.TEXT, k), CellKind.EMPTY)
    k = np.where((k >= 0) & (k < _N_KINDS), k, CellKind.TEXT)
    if np.isin(k, (CellKind.EMPTY, CellKind.TEXT, CellKind.ERROR)).all():
        return _Column(index, text.tolist(), None)
    typed_values = text.copy()
    for kind, convert in _CONVERTERS.items():
        mask = k == kind
        if mask.any():
            typed = convert(pd.Series(text[mask], dtype=object))
            ok = typed.notna().to_numpy()
            idx = np.flatnonzero(mask)
            typed_values[idx[ok]] = typed[ok].tolist()
            k[idx[~ok]] = CellKind.TEXT  # unreadable as its kind: keep the text as typed
    return _Column(index, typed_values.tolist(), k.tolist())


def _to_number(s: pd.Series) -> pd.Series:
    nums = pd.to_numeric(
        s.astype(str).str.strip().str.replace(",", "", regex=False), errors="coerce"
    )
    return nums.where(np.isfinite(nums.astype(float)))


def _to_datetime(s: pd.Series) -> pd.Series:
    def one(v: object) -> dt.datetime | None:
        if isinstance(v, dt.datetime):
            return v
        if isinstance(v, dt.date):
            return dt.datetime(v.year, v.month, v.day)
        try:
            d = dt.datetime.fromisoformat(str(v).strip())
        except ValueError:
            return None
        return d.replace(tzinfo=None) if 1900 <= d.year <= 9999 else None

    return _unique_map(s, one)


def _to_time(s: pd.Series) -> pd.Series:
    def one(v: object) -> dt.time | None:
        if isinstance(v, dt.time):
            return v
        text = str(v).strip()
        try:
            return dt.time.fromisoformat(text)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(text).time()
            except ValueError:
                return None

    return _unique_map(s, one)


def _to_bool(s: pd.Series) -> pd.Series:
    table = {"true": True, "1": True, "false": False, "0": False}
    return s.astype(str).str.strip().str.lower().map(table)


def _unique_map(s: pd.Series, convert: Callable[[object], object]) -> pd.Series:
    """Convert each distinct value once (dates repeat a lot)."""
    uniq = pd.unique(s.astype(str))
    table = {u: convert(u) for u in uniq}
    return s.astype(str).map(table).astype(object)


_CONVERTERS: dict[int, Callable[[pd.Series], pd.Series]] = {
    CellKind.NUMBER: _to_number,
    CellKind.DATE: _to_datetime,
    CellKind.DATETIME: _to_datetime,
    CellKind.TIME: _to_time,
    CellKind.BOOL: _to_bool,
}


def _comment_options(text: str) -> dict[str, Any]:
    lines = sum(max(1, math.ceil(display_width(line) / 44)) for line in text.split("\n"))
    return {"author": "custinfo", "width": 320, "height": min(24 + 16 * lines, 480)}


# --- 问题清单 ---------------------------------------------------------------------------------


def _write_problems(
    wb: xlsxwriter.Workbook,
    fmts: _Formats,
    sheet_name: str,
    findings: pd.DataFrame,
    order: Sequence[str],
    out_sheet: Mapping[str, str],
    lang: str,
) -> None:
    ws = wb.add_worksheet(sheet_name)
    headers = PROBLEM_HEADERS[lang]
    header_fmt = fmts.get("header")
    for j, (title, width) in enumerate(zip(headers, PROBLEM_WIDTHS, strict=True)):
        ws.set_column(j, j, width)
        ws.write_string(0, j, title, header_fmt)
    ws.freeze_panes(1, 0)
    if findings.empty:
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
    labels = f["rank"].map(_SEVERITY_LABELS[lang])
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
    write_string, write_number, write_url = ws.write_string, ws.write_number, ws.write_url
    links = 0
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
    ws.autofilter(0, 0, len(f), len(headers) - 1)


def _link(sheet: str | None, row: int, column: str) -> str | None:
    """`internal:'客户信息'!D7` for a finding on a sheet this workbook has, else None."""
    if sheet is None or row <= 0:
        return None
    quoted = sheet.replace("'", "''")
    return f"internal:'{quoted}'!{column or 'A'}{row}"


# --- summary sheets ---------------------------------------------------------------------------


def _write_frame_sheet(
    wb: xlsxwriter.Workbook, fmts: _Formats, sheet_name: str, frame: pd.DataFrame
) -> None:
    """A DataFrame as a plain table: bold frozen header, fitted widths, numbers as numbers."""
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
            _write_any(ws, i + 1, j, col[i], date_fmt, datetime_fmt)


def _write_any(
    ws: Worksheet, r: int, c: int, v: object, date_fmt: Format | None, dt_fmt: Format | None
) -> None:
    if v is None or v is pd.NA or v is pd.NaT:
        return
    if isinstance(v, bool | np.bool_):
        ws.write_boolean(r, c, bool(v))
    elif isinstance(v, int | float | np.integer | np.floating):
        x = float(v)
        if math.isfinite(x):
            ws.write_number(r, c, x)
        elif not math.isnan(x):
            ws.write_string(r, c, str(v))
    elif isinstance(v, dt.datetime):  # includes pd.Timestamp
        naive = v.replace(tzinfo=None)
        has_time = (naive.hour, naive.minute, naive.second, naive.microsecond) != (0, 0, 0, 0)
        ws.write_datetime(r, c, naive, dt_fmt if has_time else date_fmt)
    elif isinstance(v, dt.date):
        ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
    elif isinstance(v, list | tuple | set | frozenset):
        ws.write_string(r, c, "、".join(str(x) for x in v)[:CELL_CHARS])
    else:
        ws.write_string(r, c, str(v)[:CELL_CHARS])


# --- helpers ----------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _width(registry: Registry, kind: SheetKind, field: str | None, header: str) -> float:
    if field:
        try:
            return registry.get(kind, field).width
        except KeyError:
            pass
    return min(max(display_width(header) + 2, 8), 40)


class _SheetNames:
    """Valid, unique Excel sheet names (31 characters, none of []:*?/\\, case-insensitive)."""

    _BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> str:
        base = str(name).translate(self._BAD).strip("'")[:31] or "Sheet"
        if base.lower() == "history":
            base = "History_"
        candidate, n = base, 1
        while candidate.lower() in self.used:
            n += 1
            suffix = f"({n})"
            candidate = base[: 31 - len(suffix)] + suffix
        self.used.add(candidate.lower())
        return candidate


def _close_quietly(wb: xlsxwriter.Workbook) -> None:
    """Remove the row-data temp files of a workbook whose writing failed before close()."""
    if getattr(wb, "fileclosed", True):
        return
    wb.fileclosed = True
    for ws in wb.worksheets():
        fh = getattr(ws, "row_data_fh", None)
        if fh is not None and not fh.closed:
            fh.close()
        name = getattr(ws, "row_data_filename", None)
        if name:
            Path(name).unlink(missing_ok=True)
