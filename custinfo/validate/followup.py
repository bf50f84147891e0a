"""Follow-up hygiene: customers nobody has contacted for months (需复核) and promised follow-ups
whose date has passed with no contact since (跟进逾期). Settings under `validate.followup`."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from custinfo.config.model import FollowupConfig
from custinfo.fields import SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.typed import TypedSheet
from custinfo.validate.activity import latest_contact

STALE_LABEL = "需复核"
OVERDUE_LABEL = "跟进逾期"


def followup_findings(
    sheets: dict[SheetKind, TypedSheet], cfg: FollowupConfig, as_of: dt.date
) -> pd.DataFrame:
    customers = sheets.get(SheetKind.CUSTOMERS)
    if customers is None:
        return concat([])
    today = pd.Timestamp(as_of)
    last = latest_contact(customers, sheets.get(SheetKind.INTERACTIONS), as_of)
    followed = ~customers["status"].isin(cfg.skip_statuses)
    stale = followed & last.lt(today - pd.Timedelta(days=cfg.stale_days))
    nxt = customers["next_contact"]
    overdue = followed & nxt.lt(today) & ~last.ge(nxt)  # nothing since the promised date
    where = next((f for f in ("last_interaction", "first_contact") if customers.has(f)), "name")
    return concat(
        [
            findings_from_mask(
                customers.table,
                customers.frame,
                stale,
                where,
                "followup.stale",
                suggestion=STALE_LABEL,
                value=last.dt.strftime("%Y-%m-%d"),
            ),
            findings_from_mask(
                customers.table,
                customers.frame,
                overdue,
                "next_contact",
                "followup.overdue",
                suggestion=OVERDUE_LABEL,
            ),
        ]
    )
