"""Ingest: a workbook or CSV becomes a `Book` of text tables under canonical field names.

Cells are converted column by column: an all-text column is taken as is, other columns are
split by Python type and each type is formatted vectorised or once per distinct value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype
from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from custinfo.config.model import InputConfig
from custinfo.dataset import (
    ROW_COL,
    SHEET_COL,
    Book,
    CellKind,
    SheetInfo,
    SheetNote,
    Table,
    column_letter,
)
from custinfo.errors import InputError
from custinfo.fields import DEFAULT_REGISTRY, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.io.cells import CELL_CHARS
from custinfo.io.csvfile import read_csv
from custinfo.io.guard import Sniffed, check_input, input_error
from custinfo.io.header import (
    KINDS,
    HeaderGuess,
    HeaderMatcher,
    assign_roles,
    find_header,
    forced_roles,
    map_columns,
    matchers,
    no_header,
    plain_header,
)

FORMULA_NO_VALUE = "cell.formula_no_value"
TOO_LONG = "cell.too_long"
NON_DATA_NAMES = ("说明", "字典", "下拉", "选项", "参数", "目录", "readme")
_E, _T = np.int8(CellKind.EMPTY), np.int8(CellKind.TEXT)


def read_book(
    path: Path, registry: Registry = DEFAULT_REGISTRY, cfg: InputConfig | None = None
) -> Book:
    """Return every sheet of `path` with its role, and a Table for each sheet used as data."""
    cfg = cfg or InputConfig()
    path = Path(path)
    sniffed = check_input(path, cfg)
    ms = matchers(registry, cfg.fuzzy_header_threshold)
    if sniffed.is_text:
        return _read_csv_book(sniffed, cfg, ms)
    return _read_workbook(sniffed, cfg, ms)


# --- cells -> text --------------------------------------------------------------------------


def _datetime_text(v: dt.datetime) -> str:
    return v.strftime("%Y-%m-%d") if v.time() == dt.time() else v.strftime("%Y-%m-%d %H:%M:%S")


_FORMATS: dict[type, tuple[Callable[[Any], str], CellKind]] = {
    int: (str, CellKind.NUMBER),
    bool: (lambda v: "TRUE" if v else "FALSE", CellKind.BOOL),
    dt.datetime: (_datetime_text, CellKind.DATETIME),
    dt.date: (dt.date.isoformat, CellKind.DATE),
    dt.time: (dt.time.isoformat, CellKind.TIME),
    dt.timedelta: (str, CellKind.TIME),
}


def _per_unique(values: np.ndarray, fmt: Callable[[Any], str]) -> np.ndarray:
    codes, uniques = pd.factorize(values)
    texts = np.empty(len(uniques), dtype=object)
    texts[:] = [fmt(u) for u in uniques.tolist()]  # tolist: Python scalars, not numpy ones
    return texts[codes]


def _floats(values: np.ndarray) -> np.ndarray:
    """Whole numbers without ".0" (13800138000, 1e17 in full), others in shortest repr ("1.5")."""
    f = values.astype(np.float64)
    whole = np.isfinite(f) & (f == np.trunc(f)) & (np.abs(f) < 2.0**62)
    out = np.empty(len(f), dtype=object)
    out[whole] = f[whole].astype(np.int64).astype(str).astype(object)
    if not whole.all():
        rest = f[~whole]
        out[~whole] = _per_unique(
            rest, lambda v: str(int(v)) if v.is_integer() and abs(v) < 1e21 else repr(v)
        )
    return out


SHARE_SAMPLE = 2_000  # cells looked at to decide whether a column's texts repeat


def _shared(texts: np.ndarray) -> np.ndarray:
    """`texts` with equal strings as one object. The reader makes one object per cell; a column
    of repeated values (dates, states, regions, owners) then holds each text once instead of
    once per cell, which is most of a large sheet's memory. Columns of mostly distinct values
    (names, phones, addresses) are left as they are: sharing would cost time and save little."""
    sample = texts[:SHARE_SAMPLE].tolist()
    if len(set(sample)) > len(sample) // 2:
        return texts
    codes, uniques = pd.factorize(texts)
    table = np.empty(len(uniques) + 1, dtype=object)  # the last slot stays None
    table[:-1] = uniques
    return table[codes]  # code -1 (empty) -> None


def convert_column(col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (texts with None for empty, CellKind codes as int8) for one column of raw cells;
    equal texts share one object (`_shared`)."""
    texts, kinds = _convert(col)
    return _shared(texts), kinds


def _convert(col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if infer_dtype(col, skipna=False) in ("string", "empty"):
        empty = col == ""
        texts = col.copy()
        texts[empty] = None
        return texts, np.where(empty, _E, _T)
    types = np.fromiter(map(type, col), dtype=object, count=len(col))
    texts = np.full(len(col), None, dtype=object)
    kinds = np.full(len(col), _E, dtype=np.int8)
    for t in set(types.tolist()):
        mask = types == t
        sub = col[mask]
        if t is str:
            empty = sub == ""
            sub[empty] = None
            texts[mask], kinds[mask] = sub, np.where(empty, _E, _T)
        elif t is float:
            texts[mask], kinds[mask] = _floats(sub), CellKind.NUMBER
        elif t is not type(None):
            fmt, kind = _FORMATS.get(t, (str, CellKind.TEXT))
            texts[mask], kinds[mask] = _per_unique(sub, fmt), kind
    return texts, kinds


def _row_texts(row: np.ndarray) -> list[str | None]:
    return list(convert_column(row)[0])


def _title_cells(row: Sequence[str | None]) -> tuple[str, ...]:
    """A title row's texts with "" for empty cells, so "2024年" in D1 is written back to D1."""
    cells = [t or "" for t in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


# --- one sheet -> Table ---------------------------------------------------------------------


@dataclass
class _Sheet:
    """A sheet as raw cells: the first rows for recognition, the rest loaded on demand."""

    name: str
    start: tuple[int, int]  # 0-based (row, column) of the first cell of `head`
    head: list[list[str | None]]  # texts of the first header_search_rows rows
    source: Callable[[], Sequence[Sequence[object]]] | None  # every row; dropped once loaded
    # (row, column) in `head` -> text a two-row header's merged cell lends the row below
    fills: dict[tuple[int, int], str] = field(default_factory=dict)

    def load(self) -> np.ndarray:
        """Every row as a 2-D object array; releases calamine's copy of the sheet."""
        assert self.source is not None, "a sheet is loaded once"
        rows, self.source = self.source(), None
        return _grid(rows)

    def guesses(self, ms: dict[SheetKind, HeaderMatcher]) -> dict[SheetKind, HeaderGuess | None]:
        return {k: find_header(self.head, k, ms) for k in KINDS}


def _grid(rows: Sequence[Sequence[object]]) -> np.ndarray:
    """Rows as a 2-D object array, padded with "" when ragged (CSV)."""
    width = max((len(r) for r in rows), default=0)
    if not rows or not width:
        return np.empty((len(rows), width), dtype=object)
    if any(len(r) != width for r in rows):
        rows = [[*r, *[""] * (width - len(r))] for r in rows]
    return np.array(rows, dtype=object)


def _table(
    src: _Sheet, kind: SheetKind, guess: HeaderGuess, matcher: HeaderMatcher
) -> tuple[Table, pd.DataFrame]:
    grid = src.load()
    row0, col0 = src.start
    h = guess.row
    header_row = row0 + h + 1
    block = grid[h + 1 :]
    header = [t or src.fills.get((h, j), "") for j, t in enumerate(_row_texts(grid[h]))]
    keep_cols, texts, kinds = [], [], []
    for j in range(grid.shape[1]):
        tx, kd = convert_column(block[:, j])
        if header[j].strip() or kd.any():
            keep_cols.append(j)
            texts.append(tx)
            kinds.append(kd)
    letters = [column_letter(col0 + j) for j in keep_cols]
    columns, found = map_columns(
        src.name, header_row, [header[j] for j in keep_cols], letters, matcher
    )
    matrix = np.column_stack(kinds) if kinds else np.zeros((len(block), 0), dtype=np.int8)
    idx = np.flatnonzero(matrix.any(axis=1))
    # blank rows between records count; blank (often just formatted) rows after the last do not
    empty_rows = int(idx[-1]) + 1 - len(idx) if len(idx) else 0
    keys = [c.key for c in columns]
    index = pd.RangeIndex(len(idx))
    data = {
        k: pd.Series(t[idx], index=index, dtype=object, copy=False)
        for k, t in zip(keys, texts, strict=True)
    }
    data[SHEET_COL] = pd.Series(
        np.full(len(idx), src.name, dtype=object), index=index, dtype=object, copy=False
    )
    data[ROW_COL] = pd.Series((idx + header_row + 1).astype(np.int64), index=index, copy=False)
    frame = pd.DataFrame(data, index=index, copy=False)
    kinds_frame = pd.DataFrame(matrix[idx], index=index, columns=keys)
    titles = tuple(
        (row0 + i + 1, _title_cells(row)) for i, row in enumerate(src.head[:h]) if any(row)
    )
    table = Table(
        kind=kind,
        sheet=src.name,
        header_row=header_row,
        columns=columns,
        frame=frame,
        kinds=kinds_frame,
        first_column=col0,
        title_rows=titles,
        empty_rows=empty_rows,
    )
    return table, found


# --- CSV ------------------------------------------------------------------------------------


def _read_csv_book(sniffed: Sniffed, cfg: InputConfig, ms: dict[SheetKind, HeaderMatcher]) -> Book:
    path = sniffed.path
    rows, encoding, _ = read_csv(path, cfg.csv_encoding)
    head = [_row_texts(r) for r in _grid(rows[: cfg.header_search_rows])]
    src = _Sheet(path.stem, (0, 0), head, lambda: rows)
    guess = find_header(head, SheetKind.CUSTOMERS, ms)
    if guess is None:
        raise no_header(path, cfg, [path.stem])
    table, found = _table(src, SheetKind.CUSTOMERS, guess, ms[SheetKind.CUSTOMERS])
    if any(sum(map(len, r)) > CELL_CHARS for r in rows):  # only a CSV can hold such cells
        found = concat([found, _too_long(table)])
    info = SheetInfo(path.stem, True, SheetKind.CUSTOMERS)
    return Book(
        path, "csv", (info,), {SheetKind.CUSTOMERS: table}, encoding=encoding, findings=found
    )


# --- workbooks ------------------------------------------------------------------------------


@contextmanager
def _calamine(path: Path) -> Iterator[None]:
    """Turn whatever calamine raises (including a Rust panic) into an InputError."""
    try:
        yield
    except InputError:
        raise
    except PasswordError:
        raise input_error(
            path,
            "文件设置了打开密码（已加密）",
            "the file is password-protected",
            "请在 Excel 中取消密码后另存为 .xlsx 再试",
            "Remove the password in Excel, save as .xlsx and try again",
        ) from None
    except (CalamineError, OSError, ValueError, RuntimeError, TypeError) as exc:
        raise _damaged(path, exc) from None
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: BaseException) -> InputError:
    detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return input_error(
        path,
        f"文件已损坏或格式无法识别（{detail}）",
        f"the file is damaged or its format is not recognised ({detail})",
        "请在 Excel 中打开并另存为新的 .xlsx 后再试",
        "Open it in Excel, save it as a new .xlsx and try again",
    )


def _open(sniffed: Sniffed) -> CalamineWorkbook:
    path = sniffed.path
    with _calamine(path):
        if path.suffix.lower() == f".{sniffed.format}":
            return CalamineWorkbook.from_path(str(path))
        with path.open("rb") as fh:  # misnamed (an .xlsx saved as .xls …): let calamine sniff
            return CalamineWorkbook.from_filelike(fh)


def _read_workbook(sniffed: Sniffed, cfg: InputConfig, ms: dict[SheetKind, HeaderMatcher]) -> Book:
    wb = _open(sniffed)
    try:
        return _read_sheets(sniffed, wb, cfg, ms)
    finally:
        wb.close()


def _read_sheets(
    sniffed: Sniffed, wb: CalamineWorkbook, cfg: InputConfig, ms: dict[SheetKind, HeaderMatcher]
) -> Book:
    path = sniffed.path
    with _calamine(path):
        metas = list(wb.sheets_metadata)
    names = [m.name for m in metas]
    forced = forced_roles(path, cfg, names)
    notes: dict[str, tuple[SheetNote, str]] = {}
    sources: dict[str, _Sheet] = {}
    for meta in metas:
        name = meta.name
        if meta.typ != SheetTypeEnum.WorkSheet:
            notes[name] = (SheetNote.CHART, "")
        elif meta.visible != SheetVisibleEnum.Visible and name not in forced:
            very = meta.visible == SheetVisibleEnum.VeryHidden
            notes[name] = (SheetNote.VERY_HIDDEN if very else SheetNote.HIDDEN, "")
        elif name not in forced and any(w in name.lower() for w in NON_DATA_NAMES):
            notes[name] = (SheetNote.INSTRUCTIONS, "")
        else:
            src = _load_sheet(path, wb, name, cfg)
            if src is None:
                notes[name] = (SheetNote.EMPTY, "")
            else:
                sources[name] = src
    guesses = {name: src.guesses(ms) for name, src in sources.items()}
    for name, kind in forced.items():
        if name in guesses and guesses[name][kind] is None:
            guesses[name][kind] = plain_header(sources[name].head)
    roles = assign_roles(path, cfg, guesses, forced, notes)
    tables: dict[SheetKind, Table] = {}
    found: list[pd.DataFrame] = []
    for kind, (name, guess) in roles.items():
        with _calamine(path):
            table, f = _table(sources[name], kind, guess, ms[kind])
        tables[kind] = table
        found += [f, _formula_findings(table, sniffed.formulas.get(name, ()))]
    used = {name: kind for kind, (name, _) in roles.items()}
    sheets = tuple(
        SheetInfo(
            m.name,
            m.visible == SheetVisibleEnum.Visible,
            used.get(m.name),
            *notes.get(m.name, (None, "")),
        )
        for m in metas
    )
    return Book(path, sniffed.format, sheets, tables, findings=concat(found))


def _too_long(table: Table) -> pd.DataFrame:
    """cell.too_long for each cell past Excel's 32,767 characters: written out, it is cut."""
    found = []
    for col in table.columns:
        cells = table.frame[col.key]
        lengths = cells.map(len, na_action="ignore")
        long = lengths.gt(CELL_CHARS)
        if long.any():
            f = findings_from_mask(
                table,
                table.frame,
                long,
                col.key,
                TOO_LONG,
                value=cells.str.slice(0, 20) + "…",
                suggestion=lengths.map("{:,.0f}".format, na_action="ignore"),
            )
            f["column"] = col.column
            found.append(f)
    return concat(found)


def _formula_findings(table: Table, cells: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """cell.formula_no_value for each formula saved without its value (calamine reads such a
    cell as blank): the user sees why a cell Excel shows filled in counts as empty here."""
    by_letter: dict[str, dict[int, str]] = {}
    for ref, formula in cells:
        letters = ref.rstrip("0123456789")
        by_letter.setdefault(letters, {})[int(ref[len(letters) :])] = f"={formula}"
    rows = table.frame[ROW_COL]
    found = []
    for col in table.columns:
        formulas = by_letter.get(col.column)
        if formulas:
            value = rows.map(formulas)
            f = findings_from_mask(
                table, table.frame, value.notna(), col.key, FORMULA_NO_VALUE, value=value
            )
            f["column"] = col.column  # also for a column mapped to no field
            found.append(f)
    return concat(found)


def _load_sheet(path: Path, wb: CalamineWorkbook, name: str, cfg: InputConfig) -> _Sheet | None:
    with _calamine(path):
        sheet: CalamineSheet = wb.get_sheet_by_name(name)
        start = sheet.start
        if start is None or not sheet.height or not sheet.width:
            return None
        if sheet.height * sheet.width > cfg.max_cells:
            raise input_error(
                path,
                f"工作表「{name}」有 {sheet.height:,} 行 × {sheet.width:,} 列，超过 {cfg.max_cells:,} 个单元格的上限",
                f"sheet '{name}' spans {sheet.height:,} rows × {sheet.width:,} columns, over the "
                f"{cfg.max_cells:,}-cell limit",
                "请删除多余的空白行列，或在 rules.yaml 的 input.max_cells 中调高上限",
                "Delete unused rows and columns, or raise input.max_cells in rules.yaml",
            )
        head = [
            _row_texts(np.array(r, dtype=object))
            for r in sheet.to_python(nrows=cfg.header_search_rows)
        ]
        merged = sheet.merged_cell_ranges or []
    if not any(any(r) for r in head):
        return None
    row0, col0 = int(start[0]), int(start[1])
    fills = _header_fills(
        head, [((a - row0, b - col0), (c - row0, d - col0)) for (a, b), (c, d) in merged]
    )
    for (r, c), text in fills.items():
        head[r][c] = text
    return _Sheet(name, (row0, col0), head, sheet.to_python, fills)


def _header_fills(
    head: list[list[str | None]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> dict[tuple[int, int], str]:
    """A two-row header: 联系方式 merged over two columns whose own headers (联系电话, 电子邮箱)
    are in the row below, and 客户名称 merged down over both rows. The lower row is the header;
    each cell merged down into it takes the text above, so it reads 客户名称 联系电话 电子邮箱.
    The row above stays a title row (written back as it was)."""
    groups = {r1 for (r1, c1), (r2, c2) in merged if r1 == r2 and c2 > c1 and r1 + 1 < len(head)}
    fills: dict[tuple[int, int], str] = {}
    for (r1, c1), (r2, c2) in merged:
        if r1 in groups and r2 == r1 + 1 and c1 == c2 and 0 <= c1 < len(head[r1]):
            text = head[r1][c1]
            if text and c1 < len(head[r2]) and not head[r2][c1]:
                fills[(r2, c1)] = text
    return fills
