from __future__ import annotations

import datetime as dt

from custinfo.fields import SheetKind
from custinfo.findings import flat
from tests.frames import column_findings, make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)


def test_unreadable_and_future_dates_located() -> None:
    customers = make_table(
        SheetKind.CUSTOMERS,
        [
            {
                "first_contact": "2024/5/10",
                "next_contact": "2024-07-15",
            },  # fine: next contact is ahead
            {"first_contact": "下周", "next_contact": "月底"},
            {"first_contact": "2042/5/10", "next_contact": "5月15日前"},
        ],
    )
    f = column_findings(make_dataset(customers), "date", as_of=AS_OF)
    assert flat(f, "row", "column", "code", "suggestion") == [
        [3, "A", "date.unparseable", ""],
        [3, "B", "date.unparseable", ""],
        [4, "A", "date.future", "2024-06-30"],
    ]


def test_month_day_takes_the_sheets_year() -> None:
    customers = make_table(
        SheetKind.CUSTOMERS,
        [
            {"first_contact": "2023-03-01"},
            {"first_contact": "2023-04-01"},
            {"first_contact": "12月1日"},
        ],
    )
    # 12月1日 is 2023-12-01 (the sheet's year), which is before as_of: no finding
    assert column_findings(make_dataset(customers), "date", as_of=AS_OF).empty


def test_interactions_and_orders_in_the_future() -> None:
    interactions = make_table(SheetKind.INTERACTIONS, [{"interaction_date": "2024-07-01"}])
    transactions = make_table(SheetKind.TRANSACTIONS, [{"order_date": "2024-06-30"}])
    customers = make_table(SheetKind.CUSTOMERS, [{"name": "甲"}])
    f = column_findings(make_dataset(customers, interactions, transactions), "date", as_of=AS_OF)
    assert flat(f, "sheet", "row", "code") == [["互动记录", 2, "date.future"]]
