from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custinfo.config import Rules
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.validate.enums import classify
from tests.frames import column_findings, make_dataset, make_table

STATUS = DEFAULT_REGISTRY.get(SheetKind.CUSTOMERS, "status")
SOURCE = DEFAULT_REGISTRY.get(SheetKind.CUSTOMERS, "source")


def test_standard_value_passes() -> None:
    assert classify("意向客户", STATUS) == (None, "")


def test_synonym_is_a_warning_with_the_standard_form() -> None:
    assert classify("意向", STATUS) == ("enum.synonym", "意向客户")
    assert classify("已签单", STATUS) == ("enum.synonym", "成交客户")


def test_width_space_and_case_variants_are_synonyms() -> None:
    assert classify("意向 客户", STATUS) == ("enum.synonym", "意向客户")
    assert (
        classify("ＩＴ", DEFAULT_REGISTRY.get(SheetKind.CUSTOMERS, "customer_type"))[0]
        == "enum.invalid"
    )


def test_unknown_value_is_an_error_listing_the_closest_first() -> None:
    slug, suggestion = classify("意向客", STATUS)
    assert slug == "enum.invalid"
    assert suggestion.startswith("意向客户 / ") and "流失客户" in suggestion
    assert classify("未知状态", STATUS)[0] == "enum.invalid"


def test_open_list_accepts_other_values_but_still_normalises_synonyms() -> None:
    assert classify("抖音直播", SOURCE) == (None, "")
    assert classify("展会", SOURCE) == ("enum.synonym", "展会推广")


@given(st.text(max_size=12))
def test_classify_is_total(value: str) -> None:
    slug, suggestion = classify(value, STATUS)
    assert slug in (None, "enum.synonym", "enum.invalid")
    assert (slug is None) == (suggestion == "")


def test_findings_located_on_every_sheet(rules: Rules) -> None:
    customers = make_table(
        SheetKind.CUSTOMERS,
        [{"status": "意向客户"}, {"status": "意向"}, {"status": "未知状态"}, {"status": None}],
    )
    interactions = make_table(
        SheetKind.INTERACTIONS, [{"channel": "电话"}, {"channel": "飞鸽传书"}]
    )
    ds = make_dataset(customers, interactions)
    f = column_findings(ds, "enum", registry=rules.registry)
    assert flat(f, "sheet", "row", "column", "code", "suggestion") == [
        ["互动记录", 2, "A", "enum.synonym", "电话沟通"],
        ["客户信息", 3, "A", "enum.synonym", "意向客户"],
        ["客户信息", 4, "A", "enum.invalid", " / ".join(STATUS.enum)],
    ]


def test_rules_yaml_values_are_allowed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from custinfo.config import load_rules

    path = tmp_path / "rules.yaml"
    path.write_text(
        "fields:\n  customers:\n    status:\n      enum: [沉睡客户]\n      synonyms: {沉睡: 沉睡客户}\n"
    )
    registry = load_rules(path).registry
    ds = make_dataset(make_table(SheetKind.CUSTOMERS, [{"status": "沉睡客户"}, {"status": "沉睡"}]))
    assert flat(column_findings(ds, "enum", registry=registry), "row", "code") == [
        [3, "enum.synonym"]
    ]
