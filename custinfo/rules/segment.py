"""The segment stage: tags, RFM, priority, layers and the combined label for every customer.

Runs on the merged customers when dedupe ran (one row per master, transactions and
interactions re-keyed to it), else on the customer rows as read. Conditions in rules.yaml were
compiled when the rules were loaded (`Rules.segment_rules`); here they only run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from custinfo.config import Rules
from custinfo.config.segment import NO_TRANSACTIONS
from custinfo.dataset import ROW_COL, SHEET_COL, Dataset, SegmentResult, Table
from custinfo.dedupe.keys import match_columns
from custinfo.fields import SheetKind
from custinfo.parse.dates import parse_columns
from custinfo.parse.money import parse_money_column
from custinfo.rules.rfm import RfmResult, rfm, rfm_from_columns
from custinfo.rules.tags import (
    UNKNOWN,
    Events,
    base_tags,
    first_match,
    labels,
    priority,
)
from custinfo.typed import TypedSheet, as_datetimes

# what the segment table holds per customer, in this order (canonical names; PRODUCT.md)
SEGMENT_COLUMNS = (
    "tag_industry", "industry_section", "tag_region", "tag_scale", "need_type", "tag_urgency",
    "annual_amount", "tag_value", "tag_potential", "intent", "tag_activity",
    "orders_90d", "amount_365d", "interactions_90d",
    "r_days", "f_count", "m_amount", "r_score", "f_score", "m_score", "rfm_segment",
    "priority_quadrant", "priority", "layer", "tags", "label",
)  # fmt: skip


def run(ds: Dataset, rules: Rules) -> Dataset:
    cfg = rules.config.segment
    table = ds.book.table(SheetKind.CUSTOMERS)
    if table is None or not (cfg.tags.enabled or cfg.rfm.enabled):
        return ds
    d = ds.dedupe
    customers = d.masters if d is not None else ds.customers
    typed = TypedSheet(table, customers, rules.registry, rules.as_of)
    keys = typed.ids()
    tx_frame = d.transactions if d is not None else ds.transactions
    ix_frame = d.interactions if d is not None else ds.interactions
    key_codes = _codes(keys)
    tx, tx_ids = _events(ds, rules, SheetKind.TRANSACTIONS, tx_frame, key_codes, "order_date")
    ix, _ = _events(ds, rules, SheetKind.INTERACTIONS, ix_frame, key_codes, "interaction_date")
    out = base_tags(typed, tx, ix, rules.as_of, cfg.tags)
    for name in ("need_type", "intent"):
        out[name] = typed[name].astype(object).where(typed[name].notna(), UNKNOWN)
    scored, source = _rfm(customers, table, keys, key_codes, tx, tx_ids, rules)
    rfm_cols = scored.table.drop(columns=["customer_id"]).set_axis(out.index)
    out = pd.concat([out, rfm_cols], axis=1)
    compiled = rules.segment_rules
    read = _Reader(out, typed)
    out["tag_potential"], _ = first_match(
        compiled.potential, read, out.index, rules.as_of, cfg.tags.potential_default
    )
    resource_fit = typed["resource_fit"]
    out = pd.concat([out, priority(out, resource_fit, cfg.tags)], axis=1)
    out["layer"], out["tags"] = first_match(
        compiled.layers, read, out.index, rules.as_of, cfg.tags.unmatched
    )
    out["label"] = labels(out, cfg.tags.label)
    head = pd.DataFrame(
        {
            "source_sheet": customers[SHEET_COL].to_numpy(),
            "source_row": customers[ROW_COL].to_numpy().astype(np.int64),
            "customer_id": _column(customers, "customer_id"),
            "name": _column(customers, "name"),
        },
        index=out.index,
    )
    result = pd.concat([head, out[list(SEGMENT_COLUMNS)]], axis=1).reset_index(drop=True)
    layer_counts = _shares(result["layer"], "layer")
    result_obj = SegmentResult(
        table=result,
        layers=layer_counts,
        rfm_segments=scored.segments,
        rfm_thresholds=scored.thresholds,
        stats={
            "customers": len(result),
            "unmatched": int((result["layer"] == cfg.tags.unmatched).sum()),
            "orphan_transactions": int((tx.customer < 0).sum()) if tx else 0,
            "orphan_interactions": int((ix.customer < 0).sum()) if ix else 0,
            "no_transactions": int((result["rfm_segment"] == NO_TRANSACTIONS).sum()),
        },
        rfm_source=source,
    )
    return replace(ds, segment=result_obj)


class _Reader(Mapping[str, pd.Series]):
    """What a condition reads: a computed column when there is one, else the typed field."""

    def __init__(self, computed: pd.DataFrame, typed: TypedSheet) -> None:
        self.computed, self.typed = computed, typed

    def __getitem__(self, name: str) -> pd.Series:
        if name in self.computed:
            return self.computed[name]
        return self.typed[name]

    def __iter__(self) -> Iterator[str]:
        return iter(str(c) for c in self.computed.columns)

    def __len__(self) -> int:
        return len(self.computed.columns)


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name in frame:
        return frame[name].to_numpy(dtype=object)
    return np.full(len(frame), None, dtype=object)


def _rfm(
    customers: pd.DataFrame,
    table: Table,
    keys: pd.Series,
    key_codes: _KeyCodes,
    tx: Events | None,
    tx_codes: np.ndarray | None,
    rules: Rules,
) -> tuple[RfmResult, str]:
    """RFM from the transactions sheet; without one, from the customer-level columns rules.yaml
    names (最近消费时间, 消费次数, 消费金额); without those either, every customer 未知.

    The engine is handed the customers' keys as their codes (float, NaN when blank) rather
    than as text: the same grouping (rows sharing a 客户编号 share a slot, a transaction of no
    customer is an orphan) with number hashing instead of a second pass over a million strings.
    The `customer_id` column it returns is not used."""
    cfg = rules.config.segment.rfm
    if tx is not None and tx_codes is not None and cfg.enabled:
        when, amount = pd.Series(tx.when), pd.Series(tx.amount)
        customer = pd.Series(np.where(key_codes.rows >= 0, key_codes.rows, np.nan), keys.index)
        bought = pd.Series(np.where(tx_codes >= 0, tx_codes, np.nan))
        return rfm(customer, bought, when, amount, rules.as_of, cfg), "transactions"
    c = cfg.customer_columns
    found = {
        k: match_columns(customers, table, [name])
        for k, name in (("last", c.last_purchase), ("count", c.count), ("amount", c.amount))
    }
    if not found["last"] or not cfg.enabled:
        nothing = pd.Series(np.nan, index=keys.index)
        result = rfm_from_columns(keys, nothing, nothing, nothing, rules.as_of, cfg)
        unknown = result.table.assign(rfm_segment=UNKNOWN)
        return replace(result, table=unknown), "none"
    last = _dates(customers[found["last"][0]], rules.as_of)
    count = (
        pd.to_numeric(customers[found["count"][0]], errors="coerce")
        if found["count"]
        else pd.Series(np.nan, index=customers.index)
    )
    amount = (
        parse_money_column(customers[found["amount"][0]]).high
        if found["amount"]
        else pd.Series(np.nan, index=customers.index)
    )
    return rfm_from_columns(keys, last, count, amount, rules.as_of, cfg), "customer_columns"


def _dates(values: pd.Series, as_of: dt.date) -> pd.Series:
    """A column of dates typed any way normalization knows, as datetime64."""
    keys, parsed = parse_columns({"d": (values, None)}, as_of.year)
    return as_datetimes(keys["d"], parsed)


def _shares(values: pd.Series, name: str) -> pd.DataFrame:
    counts = values.value_counts(sort=True)
    return pd.DataFrame(
        {
            name: counts.index.astype(object),
            "customers": counts.to_numpy(),
            "share": counts.to_numpy() / max(len(values), 1),
        }
    )


@dataclass(frozen=True)
class _KeyCodes:
    """The customers' keys as integers: per row its key's code (-1 when blank; rows sharing a
    key share it; codes count up in order of first appearance), the distinct keys, and per code
    the first row holding it."""

    rows: np.ndarray  # int64
    uniques: pd.Index
    first_row: np.ndarray  # int64, one per code


def _codes(keys: pd.Series) -> _KeyCodes:
    codes, uniques = pd.factorize(keys)
    codes = codes.astype(np.int64)
    first = np.full(len(uniques) + 1, -1, dtype=np.int64)  # + a last slot that -1 indexes
    first[codes[::-1]] = np.arange(len(codes), dtype=np.int64)[::-1]  # the first row wins
    return _KeyCodes(codes, pd.Index(uniques), first[:-1])


def _events(
    ds: Dataset,
    rules: Rules,
    kind: SheetKind,
    frame: pd.DataFrame | None,
    keys: _KeyCodes,
    date_field: str,
) -> tuple[Events | None, np.ndarray | None]:
    """A transactions or interactions sheet as `Events` of the customers (position -1: its
    客户编号 is no customer's; counted, never silently dropped), and its rows' key codes (-1:
    blank or no customer's)."""
    table = ds.book.table(kind)
    if table is None or frame is None or "customer_id" not in frame:
        return None, None
    typed = TypedSheet(table, frame, rules.registry, rules.as_of)
    code = keys.uniques.get_indexer(pd.Index(typed.ids())).astype(np.int64)
    who = np.append(keys.first_row, -1)[code]  # code -1 takes the last slot: -1
    amount = (
        _amounts(typed, frame) if kind is SheetKind.TRANSACTIONS else np.full(len(frame), np.nan)
    )
    when = typed[date_field].to_numpy(dtype="datetime64[ns]")
    return Events(who, when, amount), code


# an amount typed as a plain decimal number: what parse_money reads as exactly float(text)
_PLAIN_AMOUNT = r"-?[0-9]{1,15}(?:\.[0-9]{1,6})?"


def _amounts(typed: TypedSheet, frame: pd.DataFrame) -> np.ndarray:
    """The transactions' amounts as `typed["amount"]` reads them (a range as its upper end),
    with plain numbers ("1234.56", "-500": refunds) converted column-wise: a million distinct
    amounts through the per-value money parser cost ~15 s, this ~0.3 s."""
    text = frame.get("amount")
    try:
        plain = text.str.fullmatch(_PLAIN_AMOUNT).fillna(False).to_numpy(dtype=bool)  # type: ignore[union-attr]
    except AttributeError:  # no such column, or not text
        return typed["amount"].to_numpy(dtype=np.float64)
    assert text is not None
    out = np.full(len(text), np.nan)
    out[plain] = np.array(text[plain].tolist(), dtype=np.float64)  # float(): as parse_money
    rest = ~plain & text.notna().to_numpy(dtype=bool)
    if rest.any():
        money = parse_money_column(text[rest])
        out[rest] = money.high.fillna(money.low).to_numpy(dtype=np.float64)
    return out
