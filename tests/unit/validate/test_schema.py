"""The column checks run as pandera schemas: one lazy pass, failures back at their cells."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import pytest

from custinfo.config.model import ValidateConfig
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.typed import typed_sheets
from custinfo.validate import schema
from custinfo.validate.column import Context
from custinfo.validate.schema import ColumnCheck, schema_findings, sheet_schema
from tests.frames import make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)
C = SheetKind.CUSTOMERS


def sheets_of(rows: list[dict[str, object]]) -> dict:
    return typed_sheets(make_dataset(make_table(C, rows)), DEFAULT_REGISTRY, AS_OF)


def test_the_schema_is_pandera_with_one_check_per_family() -> None:
    sheet = sheets_of([{"status": "意向", "phone": "13800138000", "employees": "120"}])[C]
    built, _ = sheet_schema(sheet, DEFAULT_REGISTRY, ValidateConfig(), AS_OF, {})
    assert isinstance(built, pa.DataFrameSchema)
    assert {c.name for c in built.columns["status"].checks} == {"required", "enum"}
    assert {c.name for c in built.columns["phone"].checks} == {"required", "format"}
    assert {c.name for c in built.columns["employees"].checks} == {"number"}
    assert "notes" not in built.columns  # nothing to check on free text


def test_every_failing_column_is_found_in_one_pass() -> None:
    rows = [
        {"name": "甲公司", "status": "意向", "phone": "1385678", "employees": "很多"},
        {"name": "", "status": "成交客户", "phone": "13800138000", "employees": "12"},
    ]
    found, _ = schema_findings(sheets_of(rows), DEFAULT_REGISTRY, ValidateConfig(), AS_OF)
    got = [
        r
        for r in flat(found, "row", "field", "code")
        if r[2] != "required.missing" or r[1] == "name"
    ]
    assert got == [
        [2, "employees", "number.invalid"],
        [2, "phone", "phone.too_short"],
        [2, "status", "enum.synonym"],
        [3, "name", "required.missing"],
    ]


def test_families_limit_the_checks() -> None:
    rows = [{"status": "意向", "phone": "1385678"}]
    found, _ = schema_findings(sheets_of(rows), DEFAULT_REGISTRY, ValidateConfig(), AS_OF, {"enum"})
    assert set(found["code"]) == {"enum.synonym"}


def test_a_check_that_crashes_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """pandera reports an exception inside a check as a failure case; we must not."""

    def broken(values: pd.Series, ctx: Context) -> list:
        raise ValueError("bug")

    monkeypatch.setattr(schema, "column_checks", lambda f, k: [ColumnCheck("enum", broken)])
    with pytest.raises(RuntimeError, match="column check failed"):
        schema_findings(sheets_of([{"status": "x"}]), DEFAULT_REGISTRY, ValidateConfig(), AS_OF)
