"""Cross-field contradictions and orphan records (validate/logic.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from custinfo.config.model import LogicConfig
from custinfo.dataset import Dataset, Table
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.typed import TypedSheet, typed_sheets
from custinfo.validate.logic import logic_findings
from tests.frames import make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)
C, I, T = SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS  # noqa: E741


def typed(ds: Dataset) -> dict[SheetKind, TypedSheet]:
    return typed_sheets(ds, DEFAULT_REGISTRY, AS_OF)


def logic(*tables: Table, cfg: LogicConfig | None = None) -> pd.DataFrame:
    ds = make_dataset(*tables)
    return logic_findings(typed(ds), cfg or LogicConfig(), AS_OF)


def only(found: pd.DataFrame, slug: str) -> pd.DataFrame:
    return found[found["code"] == slug]


# --- logic.deal_without_transaction --------------------------------------------------------


def test_deal_status_without_transaction() -> None:
    customers = make_table(
        C,
        [
            {"customer_id": "C202405001", "status": "成交客户"},  # bought: has an order
            {"customer_id": "C202405002", "status": "成交客户"},  # no order
            {"customer_id": "C202405003", "status": "首次合作客户"},  # no order
            {"customer_id": "C202405004", "status": "长期战略客户"},  # no order
            {"customer_id": "C202405005", "status": "意向客户"},  # not a deal status
            {"customer_id": "C202405006", "status": "流失客户"},  # not a deal status
        ],
        fields=["customer_id", "status"],
    )
    transactions = make_table(T, [{"customer_id": "C202405001", "amount": "12000"}])
    found = logic(customers, transactions)
    assert flat(found, "sheet", "row", "column", "code", "value", "suggestion") == [
        ["客户信息", 3, "B", "logic.deal_without_transaction", "成交客户", ""],
        ["客户信息", 4, "B", "logic.deal_without_transaction", "首次合作客户", ""],
        ["客户信息", 5, "B", "logic.deal_without_transaction", "长期战略客户", ""],
    ]


def test_synonym_status_counts_as_the_deal_status_it_stands_for() -> None:
    customers = make_table(
        C,
        [
            {"customer_id": "C202405001", "status": "成交"},  # 成交 -> 成交客户
            {"customer_id": "C202405002", "status": " 已签单 "},  # -> 成交客户
            {"customer_id": "C202405003", "status": "意向"},  # -> 意向客户: not a deal
        ],
        fields=["customer_id", "status"],
    )
    transactions = make_table(T, [{"customer_id": "C202405999"}])
    found = only(logic(customers, transactions), "logic.deal_without_transaction")
    # the value is the cell as typed
    assert flat(found, "row", "column", "value") == [[2, "B", "成交"], [3, "B", " 已签单 "]]


def test_no_transactions_sheet_no_deal_finding() -> None:
    customers = make_table(C, [{"customer_id": "C202405001", "status": "成交客户"}])
    assert logic(customers).empty


def test_transactions_sheet_without_id_column_no_deal_finding() -> None:
    customers = make_table(C, [{"customer_id": "C202405001", "status": "成交客户"}])
    transactions = make_table(T, [{"amount": "12000"}])
    assert logic(customers, transactions).empty


def test_blank_customer_id_no_deal_finding() -> None:
    customers = make_table(
        C,
        [{"customer_id": None, "status": "成交客户"}, {"customer_id": "  ", "status": "成交客户"}],
        fields=["customer_id", "status"],
    )
    transactions = make_table(T, [{"customer_id": "C202405001"}])
    assert only(logic(customers, transactions), "logic.deal_without_transaction").empty


def test_ids_match_ignoring_case_whitespace_and_width() -> None:
    customers = make_table(
        C,
        [
            {"customer_id": "c202405001 ", "status": "成交客户"},
            {"customer_id": "Ｃ２０２４０５００２", "status": "成交客户"},
            {"customer_id": "C202405003", "status": "成交客户"},
        ],
        fields=["customer_id", "status"],
    )
    transactions = make_table(
        T, [{"customer_id": "C202405001"}, {"customer_id": " c202405002"}, {"customer_id": "C3"}]
    )
    found = logic(customers, transactions)
    assert flat(found, "sheet", "row", "code") == [
        ["交易记录", 4, "ref.orphan"],
        ["客户信息", 4, "logic.deal_without_transaction"],
    ]


def test_custom_deal_statuses() -> None:
    customers = make_table(
        C,
        [
            {"customer_id": "C202405001", "status": "成交客户"},
            {"customer_id": "C202405002", "status": "流失预警客户"},
        ],
    )
    transactions = make_table(T, [{"customer_id": "C202405999"}])
    found = logic(customers, transactions, cfg=LogicConfig(deal_statuses=["流失预警客户"]))
    assert flat(only(found, "logic.deal_without_transaction"), "row", "value") == [
        [3, "流失预警客户"]
    ]


# --- logic.next_before_last_contact --------------------------------------------------------


def test_next_contact_before_first_contact() -> None:
    customers = make_table(
        C,
        [
            {"first_contact": "2024-05-10", "next_contact": "2024-05-01"},  # before
            {"first_contact": "2024-05-10", "next_contact": "2024-05-10"},  # same day: fine
            {"first_contact": "2024-05-10", "next_contact": "2024-07-15"},  # after: fine
            {"first_contact": None, "next_contact": "2024-05-01"},  # nothing to compare
            {"first_contact": "2024-05-10", "next_contact": None},
        ],
        fields=["first_contact", "next_contact"],
    )
    assert flat(logic(customers), "row", "column", "code", "value", "suggestion") == [
        [2, "B", "logic.next_before_last_contact", "2024-05-01", "2024-05-10"]
    ]


def test_next_contact_before_the_customer_rows_interaction_date() -> None:
    customers = make_table(
        C,
        [
            {
                "first_contact": "2024-03-01",
                "last_interaction": "2024-06-01",
                "next_contact": "5月20日",
            },
            {
                "first_contact": "2024-03-01",
                "last_interaction": "2024-06-01",
                "next_contact": "6月2日",
            },
        ],
        fields=["first_contact", "last_interaction", "next_contact"],
    )
    # 5月20日 takes the sheet's year (2024); the suggestion is the latest contact
    assert flat(logic(customers), "row", "column", "code", "value", "suggestion") == [
        [2, "C", "logic.next_before_last_contact", "5月20日", "2024-06-01"]
    ]


def test_next_contact_before_an_interaction_record() -> None:
    customers = make_table(
        C,
        [
            {
                "customer_id": "C202405001",
                "first_contact": "2024-05-10",
                "next_contact": "2024-05-20",
            },
            {
                "customer_id": "c202405002",
                "first_contact": "2024-05-10",
                "next_contact": "2024-05-20",
            },
            {
                "customer_id": "C202405003",
                "first_contact": "2024-05-10",
                "next_contact": "2024-05-20",
            },
            {"customer_id": None, "first_contact": "2024-05-10", "next_contact": "2024-05-20"},
        ],
        fields=["customer_id", "first_contact", "next_contact"],
    )
    interactions = make_table(
        I,
        [
            {"customer_id": "C202405001", "interaction_date": "2024-05-15"},  # before next: fine
            {"customer_id": "C202405002", "interaction_date": "2024-05-12"},
            {
                "customer_id": "Ｃ２０２４０５００２ ",
                "interaction_date": "2024-06-10",
            },  # the latest
            {"customer_id": "C202405003", "interaction_date": "2024-09-01"},  # future: ignored
            {"customer_id": None, "interaction_date": "2024-06-20"},  # no ID: nobody's
        ],
        fields=["customer_id", "interaction_date"],
    )
    found = logic(customers, interactions)
    assert flat(found, "sheet", "row", "column", "code", "value", "suggestion") == [
        ["客户信息", 3, "C", "logic.next_before_last_contact", "2024-05-20", "2024-06-10"]
    ]


def test_future_dates_on_the_customer_row_are_ignored_too() -> None:
    customers = make_table(
        C,
        [
            {
                "first_contact": "2024-05-10",
                "last_interaction": "2025-01-01",
                "next_contact": "2024-06-01",
            }
        ],
    )
    assert logic(customers).empty


# --- logic.founded_after_first_contact -----------------------------------------------------


def test_founded_after_first_contact() -> None:
    customers = make_table(
        C,
        [
            {"founded": "2024-05-01", "first_contact": "2024-04-01"},  # after
            {"founded": "2024-04-01", "first_contact": "2024-04-01"},  # same day: fine
            {"founded": "2015-03-01", "first_contact": "2024-04-01"},  # fine
            {"founded": "2024-05-01", "first_contact": None},
            {"founded": "不详", "first_contact": "2024-04-01"},  # unreadable: date.* reports it
        ],
        fields=["founded", "first_contact"],
    )
    assert flat(logic(customers), "row", "column", "code", "value", "suggestion") == [
        [2, "A", "logic.founded_after_first_contact", "2024-05-01", "2024-04-01"]
    ]


# --- logic.new_company_large_staff ---------------------------------------------------------


def test_new_company_with_large_staff() -> None:
    customers = make_table(
        C,
        [
            {"founded": "2024-01-15", "employees": "600人"},  # new, 600: flagged
            {"founded": "2024-01-15", "employees": "400"},  # new, but 400
            {"founded": "2022-06-30", "employees": "600人"},  # two years old
            {"founded": "2023-07-02", "employees": "500"},  # 364 days, exactly 500: flagged
            {"founded": "2023-07-01", "employees": "900"},  # 365 days: not new
            {"founded": "2024-01-15", "employees": None},
            {"founded": "2024-01-15", "employees": "很多"},  # number.invalid reports it
            {"founded": "2024-09-01", "employees": "800"},  # founded in the future: not this check
        ],
        fields=["founded", "employees"],
    )
    found = only(logic(customers), "logic.new_company_large_staff")
    assert flat(found, "row", "column", "code", "value", "suggestion") == [
        [2, "B", "logic.new_company_large_staff", "600人", "2024-01-15"],
        [5, "B", "logic.new_company_large_staff", "500", "2023-07-02"],
    ]


def test_new_company_thresholds_are_configurable() -> None:
    customers = make_table(
        C,
        [
            {"founded": "2022-12-01", "employees": "60"},
            {"founded": "2024-01-15", "employees": "40"},
        ],
    )
    cfg = LogicConfig(new_company_days=730, large_staff=50)
    assert flat(logic(customers, cfg=cfg), "row", "code") == [[2, "logic.new_company_large_staff"]]


# --- logic.need_incompatible ---------------------------------------------------------------


def test_need_incompatible_with_industry() -> None:
    customers = make_table(
        C,
        [
            {"industry": "机械制造业", "need_type": "虚拟服务"},  # 制造业 matches inside
            {"industry": "机械制造业", "need_type": "产品采购"},
            {"industry": "软件和信息技术服务业", "need_type": "虚拟服务"},
            {"industry": "制造业", "need_type": " 虚拟服务 "},
            {"industry": None, "need_type": "虚拟服务"},
        ],
        fields=["industry", "need_type"],
    )
    assert flat(logic(customers), "row", "column", "code", "value", "suggestion") == [
        [2, "B", "logic.need_incompatible", "虚拟服务", "制造业"],
        [5, "B", "logic.need_incompatible", " 虚拟服务 ", "制造业"],
    ]


def test_custom_incompatible_needs_compare_standard_need_types() -> None:
    customers = make_table(
        C,
        [
            {"industry": "软件和信息技术服务业", "need_type": "采购"},  # synonym of 产品采购
            {"industry": "软件和信息技术服务业", "need_type": "定制开发"},
            {"industry": "机械制造业", "need_type": "虚拟服务"},  # default pair no longer set
            {"industry": "零售业", "need_type": "培训咨询"},
        ],
        fields=["industry", "need_type"],
    )
    cfg = LogicConfig(incompatible_needs={"软件业": ["产品采购"], "零售": ["培训咨询"]})
    assert flat(logic(customers, cfg=cfg), "row", "code", "value", "suggestion") == [
        [2, "logic.need_incompatible", "采购", "软件业"],
        [5, "logic.need_incompatible", "培训咨询", "零售"],
    ]
    assert logic(customers, cfg=LogicConfig(incompatible_needs={})).empty


# --- ref.orphan ----------------------------------------------------------------------------


def test_orphans_on_both_sheets() -> None:
    customers = make_table(C, [{"customer_id": "C202405001"}, {"customer_id": "c202405002"}])
    interactions = make_table(
        I,
        [
            {"customer_id": "C202405001", "interaction_date": "2024-05-10"},
            {"customer_id": "C202405009", "interaction_date": "2024-05-11"},  # orphan
            {"customer_id": None, "interaction_date": "2024-05-12"},  # blank: required.* says so
        ],
        fields=["customer_id", "interaction_date"],
    )
    transactions = make_table(
        T,
        [
            {"order_date": "2024-05-10", "customer_id": "Ｃ２０２４０５００２"},
            {"order_date": "2024-05-11", "customer_id": "C202405008"},  # orphan
        ],
        fields=["order_date", "customer_id"],
    )
    found = logic(customers, interactions, transactions)
    assert flat(found, "sheet", "row", "column", "code", "value", "severity") == [
        ["互动记录", 3, "A", "ref.orphan", "C202405009", "error"],
        ["交易记录", 3, "B", "ref.orphan", "C202405008", "error"],
    ]


def test_no_orphans_when_the_customer_sheet_has_no_id_column() -> None:
    customers = make_table(C, [{"name": "甲"}])
    interactions = make_table(I, [{"customer_id": "C202405009", "interaction_date": "2024-05-11"}])
    transactions = make_table(T, [{"customer_id": "C202405008"}])
    assert logic(customers, interactions, transactions).empty
