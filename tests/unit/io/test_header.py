"""Header cells -> fields, the header row, and what kind of sheet a header row describes."""

from __future__ import annotations

import pytest

from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.io.header import (
    find_header,
    map_columns,
    matchers,
    name_hint,
    role_score,
)

CUST, INTER, TRANS = SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS
MS = matchers(DEFAULT_REGISTRY, 85)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("客户名称", "name"),
        ("*客户名称", "name"),
        ("客户名称（必填）", "name"),
        ("联系电话 ", "phone"),
        ("Ｅｍａｉｌ", "email"),
        ("客户名称/联系人", "name"),
        ("手机号码", "phone"),
        ("邮箱地址", "email"),  # not 地址 (address), though Chinese puts the head noun last
    ],
)
def test_exact_after_cleaning(header: str, field: str) -> None:
    m = MS[CUST].match(header)
    assert m is not None and (m.field, m.method, m.score) == (field, "exact", 100.0)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("联系电话号码", "phone"),
        ("客户联系电话", "phone"),
        ("所在城市", "region"),
        ("联系电话(手机)", "phone"),
        ("预算（万元）", "budget"),
        ("备注2", "notes"),
        ("客户名", "name"),
    ],
)
def test_fuzzy(header: str, field: str) -> None:
    m = MS[CUST].match(header)
    assert m is not None and (m.field, m.method) == (field, "fuzzy")
    assert 85 <= m.score < 100


@pytest.mark.parametrize(
    "header",
    [
        "满意度评分",
        "客户满意度",
        "渠道经理",
        "是否需要电话回访",
        "性别",
        "客户信息收集表",
        "序号",
        "13800138000",
    ],
)
def test_unrelated_headers_do_not_map(header: str) -> None:
    assert MS[CUST].match(header) is None


def test_threshold_is_respected() -> None:
    strict = matchers(DEFAULT_REGISTRY, 95)
    assert strict[CUST].match("联系电话号码") is None
    assert strict[CUST].match("备注2") is not None  # 95: only the bracket/number variant survives


def test_header_row_below_title_rows() -> None:
    rows: list[list[str | None]] = [
        ["客户信息收集表", None, None],
        ["填写说明：带*为必填", None, None],
        [None, None, None],
        ["客户名称", "联系电话", "负责人"],
        ["甲", "138", "张"],
    ]
    guess = find_header(rows, CUST, MS)
    assert guess is not None and (guess.row, guess.matches) == (3, 3)


def test_best_row_wins_and_first_on_ties() -> None:
    rows: list[list[str | None]] = [
        ["客户名称", "联系电话", None],
        ["客户名称", "联系电话", "负责人"],
        ["客户名称", "联系电话", "负责人"],
    ]
    guess = find_header(rows, CUST, MS)
    assert guess is not None and guess.row == 1


def test_one_matching_cell_is_not_a_header_row_among_many() -> None:
    assert find_header([["客户名称", "年龄", "性别", "爱好"]], CUST, MS) is None
    single = find_header([["客户名称"]], CUST, MS)
    assert single is not None and single.row == 0


def test_name_hints_prefer_the_specific_kind() -> None:
    assert name_hint("客户互动记录") is INTER
    assert name_hint("订单") is TRANS
    assert name_hint("客户信息") is CUST
    assert name_hint("Sheet1") is None


def test_role_scores_tell_kinds_apart() -> None:
    interactions = [
        ["客户编号", "客户名称", "互动时间", "互动方式", "沟通内容", "互动结果", "负责人"]
    ]
    customers = [["客户编号", "客户名称", "客户类型", "联系方式", "互动时间", "互动方式", "负责人"]]

    def scores(rows: list[list[str]]) -> dict[SheetKind, float | None]:
        return {k: role_score(find_header(rows, k, MS), k, None) for k in (CUST, INTER, TRANS)}

    s = scores(interactions)
    assert s[TRANS] is None
    assert (s[INTER] or 0) > (s[CUST] or 0)
    s = scores(customers)
    assert (s[CUST] or 0) > (s[INTER] or 0)
    # 客户编号/客户名称/负责人 are on every kind of sheet
    shared_only = find_header(customers, TRANS, MS)
    assert role_score(shared_only, TRANS, None) is None
    assert (
        role_score(shared_only, TRANS, TRANS) == 3 + 3
    )  # ... but a sheet named 交易记录 still qualifies


def test_map_columns_methods_and_findings() -> None:
    headers = ["客户名称", "联系电话号码", "满意度评分", "", "客户全称", "所属行业"]
    columns, found = map_columns("客户信息", 3, headers, list("ABCDEF"), MS[CUST])
    assert [(c.column, c.key, c.method) for c in columns] == [
        ("A", "name", "exact"),
        ("B", "phone", "fuzzy"),
        ("C", "x_C", "unmapped"),
        ("D", "x_D", "blank"),
        ("E", "x_E", "duplicate"),
        ("F", "industry", "exact"),
    ]
    assert flat(found, "row", "column", "code", "field", "suggestion") == [
        [3, "", "header.missing_required", "customer_type", "客户类型"],
        [3, "", "header.missing_required", "owner", "负责人"],
        [3, "", "header.missing_required", "status", "客户状态"],
        [3, "B", "header.fuzzy", "phone", "联系电话"],
        [3, "C", "header.unmapped", "", ""],
        [3, "D", "header.blank", "", ""],
        [3, "E", "header.duplicate", "", "客户名称"],  # the column maps to no field
    ]
    assert set(found["sheet"]) == {"客户信息"}
