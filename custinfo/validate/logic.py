"""Cross-field contradictions: values that are each fine alone but cannot all be true.

Settings live under `validate.logic` in rules.yaml; each code's severity under `validate.severity`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from custinfo.config.model import LogicConfig
from custinfo.fields import SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.typed import TypedSheet
from custinfo.validate.activity import has_transaction, ids, in_set, latest_contact


def logic_findings(
    sheets: dict[SheetKind, TypedSheet], cfg: LogicConfig, as_of: dt.date
) -> pd.DataFrame:
    customers = sheets.get(SheetKind.CUSTOMERS)
    if customers is None:
        return concat([])
    return concat(
        [
            _deal_without_transaction(customers, sheets.get(SheetKind.TRANSACTIONS), cfg),
            _next_before_last_contact(customers, sheets.get(SheetKind.INTERACTIONS), as_of),
            _founded_after_first_contact(customers),
            _new_company_large_staff(customers, cfg, as_of),
            _incompatible_need(customers, cfg),
            *(
                _orphans(customers, sheets.get(k))
                for k in (SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS)
            ),
        ]
    )


def _iso(dates: pd.Series) -> pd.Series:
    text: pd.Series = dates.dt.strftime("%Y-%m-%d").fillna("")
    return text


def _deal_without_transaction(
    customers: TypedSheet, transactions: TypedSheet | None, cfg: LogicConfig
) -> pd.DataFrame:
    """A status that means "has bought" with no row in 交易记录 (only when that sheet exists and
    the customer has a 客户编号 to look for)."""
    if transactions is None or not transactions.has("customer_id") or not customers.has("status"):
        return concat([])
    mask = (
        customers["status"].isin(cfg.deal_statuses)
        & ids(customers).notna()
        & ~has_transaction(customers, transactions)
    )
    return _found(customers, mask, "status", "logic.deal_without_transaction")


def _next_before_last_contact(
    customers: TypedSheet, interactions: TypedSheet | None, as_of: dt.date
) -> pd.DataFrame:
    """下次沟通时间 earlier than the latest contact (首次接触, 互动时间, 互动记录)."""
    nxt = customers["next_contact"]
    last = latest_contact(customers, interactions, as_of)
    mask = nxt.notna() & last.notna() & nxt.lt(last)
    return _found(customers, mask, "next_contact", "logic.next_before_last_contact", _iso(last))


def _founded_after_first_contact(customers: TypedSheet) -> pd.DataFrame:
    founded, first = customers["founded"], customers["first_contact"]
    mask = founded.notna() & first.notna() & founded.gt(first)
    return _found(customers, mask, "founded", "logic.founded_after_first_contact", _iso(first))


def _new_company_large_staff(
    customers: TypedSheet, cfg: LogicConfig, as_of: dt.date
) -> pd.DataFrame:
    """Founded less than `new_company_days` ago yet `large_staff` or more employees."""
    founded, staff = customers["founded"], customers["employees"]
    today = pd.Timestamp(as_of)
    recent = founded.gt(today - pd.Timedelta(days=cfg.new_company_days)) & founded.le(today)
    mask = recent & staff.ge(cfg.large_staff)
    return _found(customers, mask, "employees", "logic.new_company_large_staff", _iso(founded))


def _incompatible_need(customers: TypedSheet, cfg: LogicConfig) -> pd.DataFrame:
    """A 需求类型 the rules call incompatible with the 所属行业 (matched as part of the typed
    industry, so 制造业 also catches 机械制造业)."""
    industry, need = customers["industry"], customers["need_type"]
    if not cfg.incompatible_needs or industry.isna().all() or need.isna().all():
        return concat([])
    text = industry.astype("string")
    mask = pd.Series(False, index=industry.index)
    named = pd.Series("", index=industry.index, dtype=object)
    for trade, needs in cfg.incompatible_needs.items():
        core = trade.removesuffix("业") if len(trade) > 2 else trade
        hit = text.str.contains(core, regex=False).fillna(False).astype(bool) & need.isin(needs)
        named = named.where(~hit | mask, trade)
        mask |= hit
    return _found(customers, mask, "need_type", "logic.need_incompatible", named)


def _orphans(customers: TypedSheet, other: TypedSheet | None) -> pd.DataFrame:
    """互动记录/交易记录 rows whose 客户编号 is in no customer row (only when both sheets have IDs)."""
    if other is None or not other.has("customer_id") or not customers.has("customer_id"):
        return concat([])
    known = set(ids(customers).dropna())
    theirs = ids(other)
    mask = theirs.notna() & ~in_set(theirs, known)
    return _found(other, mask, "customer_id", "ref.orphan")


def _found(
    sheet: TypedSheet, mask: pd.Series, field: str, slug: str, suggestion: str | pd.Series = ""
) -> pd.DataFrame:
    return findings_from_mask(sheet.table, sheet.frame, mask, field, slug, suggestion=suggestion)
