"""The format checks over whole frames: blanks, locations, owners, any text, the bundled sample.

The rules for each kind of value are tested in test_phones, test_emails and test_identity.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.codes import CODES
from custinfo.dataset import Dataset
from custinfo.fields import SheetKind
from custinfo.findings import flat
from custinfo.pipeline import run_pipeline
from tests.frames import column_findings, make_dataset, make_table
from tests.unit.validate.formatcheck import FORMAT_FIELDS, check, default_rules

ROOT = Path(__file__).resolve().parents[3]


# --- the frame as a whole --------------------------------------------------------------------


def test_blank_cells_are_skipped() -> None:
    rows: list[dict[str, str | None]] = [
        dict.fromkeys(FORMAT_FIELDS, blank) for blank in (None, "", "  ", "\u3000")
    ]
    assert check(rows).empty


def test_findings_carry_sheet_row_header_value_and_owner() -> None:
    table = make_table(
        SheetKind.CUSTOMERS,
        [
            {"name": "星河科技", "phone": "13800138000", "email": "a@b.com", "owner": "张经理"},
            {"name": "王女士", "phone": "139", "email": "wang@", "owner": "李主管"},
            {"name": "王女士", "phone": "139", "email": None, "owner": None},
        ],
        header_row=3,
    )
    rules = default_rules()
    findings = column_findings(
        make_dataset(table), "format", registry=rules.registry, cfg=rules.config.validate_
    )
    assert flat(findings, "sheet", "row", "column", "field", "code", "value", "owner") == [
        ["客户信息", 5, "B", "phone", "phone.too_short", "139", "李主管"],
        ["客户信息", 5, "C", "email", "email.invalid", "wang@", "李主管"],
        ["客户信息", 6, "B", "phone", "phone.too_short", "139", ""],
    ]
    assert set(findings["header"]) == {"联系电话", "邮箱"}


def test_fields_without_a_column_are_not_checked() -> None:
    assert check([{"name": "星河科技"}]).empty


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                f: st.one_of(st.none(), st.text(max_size=30))
                for f in ("customer_type", *FORMAT_FIELDS)
            }
        ),
        max_size=8,
    )
)
def test_any_text_gives_findings_at_real_cells(rows: list[dict[str, str | None]]) -> None:
    findings = check(rows, fields=["customer_type", *FORMAT_FIELDS])
    assert set(findings["row"]) <= set(range(2, len(rows) + 2))
    letters = {"phone": "B", "email": "C", "credit_code": "D", "id_number": "E"}
    for f in findings.itertuples():
        assert f.column == letters[str(f.field)]
        assert CODES[str(f.code)].severity.value == f.severity
        assert str(f.code).startswith((f"{f.field}.", "logic."))


# --- the committed sample --------------------------------------------------------------------

# truth.json kind -> our code
TRUTH_CODES = {
    "phone.truncated": "phone.too_short",
    "email.invalid": "email.invalid",
    "credit_code.checksum": "credit_code.checksum",
    "id_number.checksum": "id_number.checksum",
    "logic.person_with_credit_code": "logic.person_with_credit_code",
    "logic.company_with_id_number": "logic.company_with_id_number",
}


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return run_pipeline(
        ROOT / "samples" / "customers.xlsx", default_rules(), until="validate"
    ).dataset


def test_sample_planted_problems_are_found_and_nothing_else(sample: Dataset) -> None:
    truth = json.loads((ROOT / "samples" / "truth.json").read_text(encoding="utf-8"))
    planted = sorted(
        [e["sheet"], e["row"], e["column"], TRUTH_CODES[e["kind"]]]
        for e in truth["errors"]
        if e["kind"] in TRUTH_CODES
    )
    assert len(planted) == 20
    rules = default_rules()
    findings = column_findings(
        sample, "format", registry=rules.registry, cfg=rules.config.validate_
    )
    assert flat(findings, "sheet", "row", "column", "code") == planted
