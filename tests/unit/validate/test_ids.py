from __future__ import annotations

from custinfo.config.model import ValidateConfig
from custinfo.fields import SheetKind
from custinfo.findings import flat
from tests.frames import column_findings, make_dataset, make_table


def ds_with(*ids: str | None):  # type: ignore[no-untyped-def]
    return make_dataset(make_table(SheetKind.CUSTOMERS, [{"customer_id": i} for i in ids]))


def test_valid_ids_pass() -> None:
    ds = ds_with("202405-0001", "C202405001", "KH-2024050001", " C202405002 ")
    assert column_findings(ds, "id", cfg=ValidateConfig()).empty


def test_missing_duplicate_and_format() -> None:
    ds = ds_with("C202405001", None, "C202405001", "abc", "C202405001", "2024-05-01")
    f = column_findings(ds, "id", cfg=ValidateConfig())
    assert flat(f, "row", "code", "suggestion") == [
        [2, "id.duplicate", "4, 6"],
        [3, "id.missing", ""],
        [4, "id.duplicate", "2, 6"],
        [5, "id.format", ""],
        [6, "id.duplicate", "2, 4"],
        [7, "id.format", ""],
    ]


def test_pattern_is_configurable() -> None:
    ds = ds_with("KH0001", "C202405001")
    cfg = ValidateConfig(customer_id_pattern=r"KH\d{4}")
    assert flat(column_findings(ds, "id", cfg=cfg), "row", "code") == [[3, "id.format"]]


def test_no_id_column_no_findings() -> None:
    ds = make_dataset(make_table(SheetKind.CUSTOMERS, [{"name": "甲"}]))
    assert column_findings(ds, "id", cfg=ValidateConfig()).empty


def test_a_catastrophic_pattern_cannot_hang_a_run() -> None:
    """`(a+)+$` takes Python's backtracking `re` about 2^40 steps on this ID; RE2 is linear."""
    ds = ds_with("a" * 40 + "!", "aaa")
    cfg = ValidateConfig(customer_id_pattern=r"(a+)+")
    assert flat(column_findings(ds, "id", cfg=cfg), "row", "code") == [[2, "id.format"]]
