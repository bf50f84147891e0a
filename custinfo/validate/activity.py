"""What the other sheets say about each customer: its latest contact and whether it bought.

Customers are matched to 互动记录 and 交易记录 rows by 客户编号 (compared half-width, stripped and
upper-case, so `c202405001 ` finds `C202405001`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from custinfo.distinct import per_distinct
from custinfo.typed import TypedSheet

ID = "customer_id"


def ids(sheet: TypedSheet) -> pd.Series:
    """Each row's 客户编号 as compared across sheets (NA when blank or the column is missing)."""
    return sheet.ids()


def in_set(keys: pd.Series, known: set[object]) -> pd.Series:
    """Per cell: is its key in `known` (False for NA)? Judged once per distinct key."""
    return per_distinct(keys, lambda u: [k in known for k in u], False, bool)


def latest_contact(
    customers: TypedSheet, interactions: TypedSheet | None, as_of: dt.date
) -> pd.Series:
    """Each customer's latest known contact on or before `as_of` (NaT when none is known).

    The latest of 首次接触时间, the customer row's 互动时间 and the 互动记录 rows with its 客户编号.
    Dates after `as_of` are left out: they are already reported (date.future) and would hide a
    real gap.
    """
    if "latest_contact" in customers.memo:  # logic and follow-up checks both ask
        return customers.memo["latest_contact"]
    candidates = [customers["first_contact"], customers["last_interaction"]]
    if interactions is not None and interactions.has("interaction_date"):
        when, who = interactions["interaction_date"], ids(interactions)
        ok = when.notna() & who.notna() & when.le(pd.Timestamp(as_of))
        per_customer = when[ok].groupby(who[ok]).max()
        mine = ids(customers)
        # reindex rather than map: "" (a blank ID) is never a key, so it reads NaT
        found = per_customer.reindex(mine.fillna("").to_numpy())
        candidates.append(pd.Series(found.to_numpy(), index=mine.index, dtype="datetime64[ns]"))
    limit = np.datetime64(as_of, "ns")
    latest = np.full(len(customers.frame), np.datetime64("NaT"), dtype="datetime64[ns]")
    for c in candidates:
        dates = c.to_numpy(dtype="datetime64[ns]")
        latest = np.fmax(
            latest, np.where(dates <= limit, dates, np.datetime64("NaT"))
        )  # fmax skips NaT
    result = pd.Series(latest, index=customers.frame.index)
    customers.memo["latest_contact"] = result
    return result


def has_transaction(customers: TypedSheet, transactions: TypedSheet) -> pd.Series:
    """True for each customer whose 客户编号 appears in 交易记录."""
    return in_set(ids(customers), set(ids(transactions).dropna()))
