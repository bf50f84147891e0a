"""The typed views validate and normalize share: a date or an amount parsed once per run."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from custinfo import normalize, typed, validate
from custinfo.config import load_rules
from custinfo.fields import SheetKind
from custinfo.typed import typed_sheets
from tests.frames import make_dataset, make_table

C = SheetKind.CUSTOMERS
ROWS = [
    {
        "customer_id": "C1",
        "name": "华为技术有限公司",
        "first_contact": "2024/5/10",
        "budget": "5-10万",
    },
    {"customer_id": "C2", "name": "小米科技", "first_contact": "2024年5月11日", "budget": "1.2万"},
]


def test_validate_and_normalize_parse_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = typed.parse_columns

    def counting(columns, year):  # type: ignore[no-untyped-def]
        calls.append(sorted(columns))
        return real(columns, year)

    monkeypatch.setattr(typed, "parse_columns", counting)
    rules = replace(load_rules(None), as_of=dt.date(2024, 6, 30))
    ds = validate.run(make_dataset(make_table(C, ROWS)), rules)
    assert len(calls) == 1
    out = normalize.run(ds, rules)
    assert len(calls) == 1  # normalize read what validate parsed
    assert out.customers["first_contact"].tolist() == ["2024-05-10", "2024-05-11"]
    assert out.views == {}  # the new frames are not what was parsed
    again = normalize.run(replace(ds, views={}), rules)
    assert len(calls) == 2
    assert again.customers.equals(out.customers)


def test_views_are_reused_only_for_the_same_sheet() -> None:
    rules = load_rules(None)
    ds = make_dataset(make_table(C, ROWS))
    first = typed_sheets(ds, rules.registry, dt.date(2024, 6, 30))[C]
    first.memo["x"] = first.frame["name"]
    same = typed_sheets(ds, rules.registry, dt.date(2024, 6, 30))[C]
    assert same is not first and same.memo == {}  # a memo of its own
    assert same["first_contact"] is first["first_contact"]  # the parsed columns are shared
    other_day = typed_sheets(ds, rules.registry, dt.date(2025, 1, 1))[C]
    assert other_day["first_contact"] is not first["first_contact"]
    fresh = make_dataset(make_table(C, ROWS))
    assert typed_sheets(fresh, rules.registry, dt.date(2024, 6, 30))[C].frame is not first.frame
