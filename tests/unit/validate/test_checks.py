from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from custinfo.config import Rules
from custinfo.fields import SheetKind
from custinfo.findings import flat
from custinfo.validate import run
from custinfo.validate.checks import is_blank
from tests.frames import make_dataset, make_table


def test_is_blank() -> None:
    s = pd.Series(["a", "", "  ", "\u3000", None, " b "], dtype=object)
    assert is_blank(s).tolist() == [False, True, True, True, True, False]


@given(st.lists(st.one_of(st.none(), st.text(max_size=5)), max_size=20))
def test_is_blank_matches_strip(values: list[str | None]) -> None:
    expected = [v is None or v.strip() == "" for v in values]
    assert is_blank(pd.Series(values, dtype=object)).tolist() == expected


def test_required_missing_located_with_owner(rules: Rules) -> None:
    table = make_table(
        SheetKind.CUSTOMERS,
        [
            {
                "name": "星河科技",
                "customer_type": "企业",
                "phone": "13800138000",
                "industry": "IT",
                "status": "意向客户",
                "owner": "张经理",
            },
            {
                "name": "",
                "customer_type": "企业",
                "phone": None,
                "industry": "零售",
                "status": "潜在客户",
                "owner": "李主管",
            },
            {
                "name": "王女士",
                "customer_type": "个人",
                "phone": "13900139000",
                "industry": "零售",
                "status": " ",
                "owner": None,
            },
        ],
        header_row=3,
    )
    ds = run(make_dataset(table), rules)
    assert flat(ds.findings, "row", "column", "field", "code", "owner") == [
        [5, "A", "name", "required.missing", "李主管"],
        [5, "C", "phone", "required.missing", "李主管"],
        [6, "E", "status", "required.missing", ""],
        [6, "F", "owner", "required.missing", ""],
    ]
    assert set(ds.findings["severity"]) == {"error"}
    assert ds.findings.loc[ds.findings["field"].eq("name"), "header"].item() == "客户名称"


def test_required_checks_every_sheet(rules: Rules) -> None:
    customers = make_table(SheetKind.CUSTOMERS, [{"name": "A"}])
    interactions = make_table(
        SheetKind.INTERACTIONS,
        [{"customer_id": "C1", "interaction_date": None, "channel": "电话沟通"}],
    )
    ds = run(make_dataset(customers, interactions), rules)
    assert flat(ds.findings, "sheet", "row", "field") == [["互动记录", 2, "interaction_date"]]


def test_clean_table_has_no_findings(rules: Rules) -> None:
    table = make_table(
        SheetKind.CUSTOMERS,
        [
            {
                "name": "A",
                "customer_type": "企业",
                "phone": "13800138000",
                "industry": "x",
                "status": "成交客户",
                "owner": "张",
            }
        ],
    )
    assert run(make_dataset(table), rules).findings.empty
