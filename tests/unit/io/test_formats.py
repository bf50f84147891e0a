"""Formats other than xlsx/csv, read through the same path (python-calamine)."""

from __future__ import annotations

from pathlib import Path

from custinfo.config.model import InputConfig
from custinfo.dataset import CellKind
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.io.read import read_book

DATA = Path(__file__).resolve().parents[2] / "data"


def test_legacy_xls() -> None:
    book = read_book(DATA / "legacy.xls", DEFAULT_REGISTRY, InputConfig())
    assert book.format == "xls"
    table = book.tables[SheetKind.CUSTOMERS]
    assert table.header_row == 3
    frame = table.frame
    assert frame["_row"].tolist() == [4, 5]
    assert frame["phone"].tolist() == ["07558888123", "13900139000"]
    assert table.kinds["phone"].tolist() == [CellKind.TEXT, CellKind.NUMBER]
    assert frame["first_contact"].tolist() == ["2024-05-10", "2024-05-12"]
    assert set(table.kinds["first_contact"]) <= {CellKind.DATE, CellKind.DATETIME}
    assert frame["name"].isna().tolist() == [False, True]
    assert flat(book.findings, "code") == []


def test_ods() -> None:
    book = read_book(DATA / "sheet.ods", DEFAULT_REGISTRY, InputConfig())
    assert book.format == "ods"
    frame = book.tables[SheetKind.CUSTOMERS].frame
    assert frame["_row"].tolist() == [2, 3]
    assert frame["phone"].tolist() == ["07558888123", "13900139000"]
    assert frame["name"].isna().tolist() == [False, True]
