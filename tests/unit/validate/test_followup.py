"""Follow-up hygiene: 需复核 (no contact for months) and 跟进逾期 (promised follow-up passed)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from custinfo.config.model import FollowupConfig
from custinfo.dataset import Table
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.typed import typed_sheets
from custinfo.validate.followup import followup_findings
from tests.frames import make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)
C, I = SheetKind.CUSTOMERS, SheetKind.INTERACTIONS  # noqa: E741


def days_ago(n: int) -> str:
    return (AS_OF - dt.timedelta(days=n)).isoformat()


def followup(*tables: Table, cfg: FollowupConfig | None = None) -> pd.DataFrame:
    sheets = typed_sheets(make_dataset(*tables), DEFAULT_REGISTRY, AS_OF)
    return followup_findings(sheets, cfg or FollowupConfig(), AS_OF)


# --- followup.stale ------------------------------------------------------------------------


def test_stale_after_more_than_stale_days() -> None:
    assert days_ago(182) == "2023-12-31"
    customers = make_table(
        C,
        [
            {
                "name": "甲",
                "status": "意向客户",
                "last_interaction": days_ago(182),
            },  # exactly: fine
            {"name": "乙", "status": "意向客户", "last_interaction": days_ago(183)},  # one day more
            {"name": "丙", "status": "意向客户", "last_interaction": days_ago(10)},
        ],
        fields=["name", "status", "last_interaction"],
    )
    assert flat(
        followup(customers), "row", "column", "code", "severity", "value", "suggestion"
    ) == [[3, "C", "followup.stale", "warning", "2023-12-30", "需复核"]]


def test_stale_uses_the_latest_contact_from_every_source() -> None:
    customers = make_table(
        C,
        [
            # first contact long ago, but an interaction record is recent
            {"customer_id": "C202405001", "first_contact": "2023-01-01"},
            # the only recent interaction is in the future (a typo): still stale
            {"customer_id": "C202405002", "first_contact": "2023-01-01"},
            # the customer row's 互动时间 is recent
            {
                "customer_id": "C202405003",
                "first_contact": "2023-01-01",
                "last_interaction": "2024-06-01",
            },
        ],
        fields=["customer_id", "first_contact", "last_interaction"],
    )
    interactions = make_table(
        I,
        [
            {"customer_id": "c202405001", "interaction_date": "2024-06-20"},
            {"customer_id": "C202405002", "interaction_date": "2024-09-01"},
        ],
    )
    # the finding sits in 互动时间 (the customer row's own latest-contact column)
    assert flat(followup(customers, interactions), "row", "column", "code", "value") == [
        [3, "C", "followup.stale", "2023-01-01"]
    ]


def test_stale_marks_first_contact_when_there_is_no_interaction_column() -> None:
    customers = make_table(C, [{"name": "甲", "first_contact": "2023-01-01"}])
    assert flat(followup(customers), "row", "column", "code", "value") == [
        [2, "B", "followup.stale", "2023-01-01"]
    ]


def test_skip_statuses_are_not_followed_up() -> None:
    customers = make_table(
        C,
        [
            {"status": "流失客户", "last_interaction": "2022-01-01", "next_contact": "2024-01-01"},
            {"status": "流失", "last_interaction": "2022-01-01", "next_contact": "2024-01-01"},
            {"status": "意向客户", "last_interaction": "2022-01-01", "next_contact": "2024-01-01"},
        ],
        fields=["status", "last_interaction", "next_contact"],
    )
    # 流失 is the synonym of 流失客户: skipped as well
    assert flat(followup(customers), "row", "column", "code") == [
        [4, "B", "followup.stale"],
        [4, "C", "followup.overdue"],
    ]


def test_no_dates_at_all_nothing() -> None:
    customers = make_table(
        C,
        [
            {"name": "甲", "status": "意向客户", "first_contact": None, "next_contact": None},
            {"name": "乙", "status": None, "first_contact": "   ", "next_contact": None},
        ],
    )
    assert followup(customers).empty
    assert followup(make_table(C, [{"name": "甲"}])).empty


# --- followup.overdue ----------------------------------------------------------------------


def test_overdue_only_without_contact_since_the_promised_date() -> None:
    customers = make_table(
        C,
        [
            # promised 06-10, last contact 06-01: overdue
            {"last_interaction": "2024-06-01", "next_contact": "2024-06-10"},
            # contacted on the promised day: fine
            {"last_interaction": "2024-06-10", "next_contact": "2024-06-10"},
            # contacted after it: fine (logic.next_before_last_contact covers this order)
            {"last_interaction": "2024-06-20", "next_contact": "2024-06-10"},
            # promised for today: not passed yet
            {"last_interaction": "2024-06-01", "next_contact": "2024-06-30"},
            # promised in the future
            {"last_interaction": "2024-06-01", "next_contact": "2024-07-15"},
            # never contacted, promise passed: overdue
            {"last_interaction": None, "next_contact": "2024-06-29"},
        ],
        fields=["last_interaction", "next_contact"],
    )
    assert flat(
        followup(customers), "row", "column", "code", "severity", "value", "suggestion"
    ) == [
        [2, "B", "followup.overdue", "warning", "2024-06-10", "跟进逾期"],
        [7, "B", "followup.overdue", "warning", "2024-06-29", "跟进逾期"],
    ]


def test_overdue_counts_interaction_records_but_not_future_ones() -> None:
    customers = make_table(
        C,
        [
            {
                "customer_id": "C202405001",
                "first_contact": "2024-05-01",
                "next_contact": "2024-06-01",
            },
            {
                "customer_id": "C202405002",
                "first_contact": "2024-05-01",
                "next_contact": "2024-06-01",
            },
        ],
        fields=["customer_id", "first_contact", "next_contact"],
    )
    interactions = make_table(
        I,
        [
            {"customer_id": "C202405001", "interaction_date": "2024-06-05"},  # since: fine
            {"customer_id": "C202405002", "interaction_date": "2024-09-05"},  # future: ignored
        ],
    )
    assert flat(followup(customers, interactions), "row", "column", "code") == [
        [3, "C", "followup.overdue"]
    ]


# --- configuration -------------------------------------------------------------------------


def test_custom_followup_config() -> None:
    customers = make_table(
        C,
        [
            {"status": "意向客户", "last_interaction": days_ago(31)},
            {"status": "意向客户", "last_interaction": days_ago(30)},
            {"status": "流失客户", "last_interaction": days_ago(400)},
            {"status": "潜在客户", "last_interaction": days_ago(400)},
        ],
        fields=["status", "last_interaction"],
    )
    assert flat(followup(customers), "row", "code") == [[5, "followup.stale"]]
    cfg = FollowupConfig(stale_days=30, skip_statuses=["潜在客户"])
    assert flat(followup(customers, cfg=cfg), "row", "code", "value") == [
        [2, "followup.stale", days_ago(31)],
        [4, "followup.stale", days_ago(400)],
    ]
