"""findings_from_mask: one finding per True, located, with the cell, suggestion and owner as text."""

from __future__ import annotations

import pandas as pd

from custinfo.dataset import FINDING_COLUMNS
from custinfo.fields import SheetKind
from custinfo.findings import findings_from_mask, flat
from tests.frames import make_table

ROWS: list[dict[str, str | None]] = [
    {"name": "星河科技", "phone": "139", "owner": "张经理"},
    {"name": "王女士", "phone": None, "owner": None},
    {"name": "李先生", "phone": "13800138000", "owner": "李主管"},
]


def test_one_finding_per_true_with_cell_suggestion_and_owner() -> None:
    table = make_table(SheetKind.CUSTOMERS, ROWS, header_row=2)
    mask = pd.Series([True, True, False])
    found = findings_from_mask(table, table.frame, mask, "phone", "phone.too_short", suggestion="x")
    assert list(found.columns) == list(FINDING_COLUMNS)
    assert found.index.tolist() == [0, 1]
    assert flat(found, "sheet", "row", "column", "header", "value", "suggestion", "owner") == [
        ["客户信息", 3, "B", "联系电话", "139", "x", "张经理"],
        ["客户信息", 4, "B", "联系电话", "", "x", ""],  # blank cell and owner as ""
    ]
    assert found["severity"].tolist() == ["error", "error"]
    assert found["row"].dtype == "int64"


def test_na_in_the_mask_is_false_and_no_hit_is_empty() -> None:
    table = make_table(SheetKind.CUSTOMERS, ROWS)
    mask = pd.Series([pd.NA, True, pd.NA], dtype="boolean")
    assert findings_from_mask(table, table.frame, mask, "phone", "phone.too_short")[
        "row"
    ].tolist() == [3]
    none = findings_from_mask(
        table, table.frame, pd.Series([False] * 3), "phone", "phone.too_short"
    )
    assert none.empty and list(none.columns) == list(FINDING_COLUMNS)


def test_series_are_aligned_by_label_and_made_text() -> None:
    table = make_table(SheetKind.CUSTOMERS, ROWS)
    frame = table.frame.set_axis([10, 20, 30])
    mask = pd.Series([True, False, True], index=[30, 20, 10])  # label order differs
    suggestion = pd.Series([7, None], index=[30, 10], dtype=object)  # only the hit rows
    value = pd.Series(["c", "a"], index=[30, 10])
    found = findings_from_mask(
        table, frame, mask, "phone", "phone.invalid", suggestion=suggestion, value=value
    )
    assert flat(found, "row", "value", "suggestion") == [[2, "a", ""], [4, "c", "7"]]


def test_severity_override_and_a_field_without_a_column() -> None:
    table = make_table(SheetKind.CUSTOMERS, ROWS)
    mask = pd.Series([True, False, False])
    found = findings_from_mask(
        table, table.frame, mask, "email", "email.invalid", severity="warning"
    )
    assert flat(found, "column", "value", "severity") == [["", "", "warning"]]
