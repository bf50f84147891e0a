"""Tables and datasets built in code, as ingest would produce them (no workbook needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from custinfo.config.model import ValidateConfig
from custinfo.dataset import (
    ROW_COL,
    SHEET_COL,
    Book,
    CellKind,
    ColumnMap,
    Dataset,
    SheetInfo,
    Table,
)
from custinfo.fields import DEFAULT_REGISTRY, Registry, SheetKind
from custinfo.findings import concat
from custinfo.typed import typed_sheets
from custinfo.validate.formats import pairing
from custinfo.validate.schema import schema_findings


def letters(n: int) -> list[str]:
    out = []
    for i in range(n):
        s, i = "", i + 1
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


def make_table(
    kind: SheetKind,
    rows: list[dict[str, str | None]],
    *,
    sheet: str | None = None,
    header_row: int = 1,
    fields: list[str] | None = None,
) -> Table:
    """A Table as ingest would produce it: every field column text, records from row header+1."""
    names = fields or list(dict.fromkeys(k for r in rows for k in r))
    registry_fields = {f.name: f for f in DEFAULT_REGISTRY.for_sheet(kind)}
    columns = tuple(
        ColumnMap(
            column=letter,
            header=registry_fields[n].zh if n in registry_fields else n,
            key=n,
            field=n if n in registry_fields else None,
            method="exact" if n in registry_fields else "unmapped",
        )
        for letter, n in zip(letters(len(names)), names, strict=True)
    )
    data = {n: pd.Series([r.get(n) for r in rows], dtype=object) for n in names}
    frame = pd.DataFrame(data)
    frame[SHEET_COL] = sheet or kind.zh
    frame[ROW_COL] = pd.Series(range(header_row + 1, header_row + 1 + len(rows)), dtype="int64")
    kinds = pd.DataFrame(
        {
            n: frame[n].map(lambda v: CellKind.EMPTY if v is None else CellKind.TEXT).astype("int8")
            for n in names
        }
    )
    return Table(
        kind=kind,
        sheet=sheet or kind.zh,
        header_row=header_row,
        columns=columns,
        frame=frame,
        kinds=kinds,
    )


def make_dataset(*tables: Table, path: Path = Path("客户.xlsx")) -> Dataset:
    book = Book(
        path=path,
        format="xlsx",
        sheets=tuple(SheetInfo(t.sheet, True, t.kind) for t in tables),
        tables={t.kind: t for t in tables},
    )
    return Dataset.from_book(book)


def column_findings(
    ds: Dataset,
    *families: str,
    registry: Registry = DEFAULT_REGISTRY,
    cfg: ValidateConfig | None = None,
    as_of: dt.date = dt.date(2024, 6, 30),
) -> pd.DataFrame:
    """The pandera column checks of `families` (all when none) over `ds`; with "format", the
    个人/企业 pairing that reads the format verdicts too."""
    sheets = typed_sheets(ds, registry, as_of)
    cfg = cfg or ValidateConfig()
    found, memos = schema_findings(sheets, registry, cfg, as_of, set(families) or None)
    if not families or "format" in families:
        found = concat([found, pairing(sheets, registry, memos)])
    return found
