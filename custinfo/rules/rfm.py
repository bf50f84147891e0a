"""RFM per customer as of a date: R = days since the last purchase, F = purchases in the window,
M = their amount (total or average); 1–5 scores and a segment (docs/rfm.md).

Pure functions of parsed columns (datetime64 dates, float amounts, comparable customer keys such
as `typed.id_key` gives): no clock, no I/O, no per-row Python. Two entries share the scoring:
`rfm` from a transactions sheet, `rfm_from_columns` from customer-level columns.

Decisions (docs/rfm.md says the same in Chinese):
- Days are whole days: a purchase any time on the as-of day is 0 days ago. The window is the
  last `window_days` days, the as-of day included; purchases dated after the as-of day are
  ignored (status `after_as_of`).
- A purchase is a dated row whose amount is not negative. A missing amount still counts for R
  and F (something was bought) but adds nothing to M (status `no_amount`); M average divides by
  the purchases with an amount. A negative amount is a refund: summed into M when in the window,
  never a purchase for R or F (status `refund`). A row without a date cannot be placed in time
  and is not used (`no_date`); a row whose customer is not among the customers (blank IDs too)
  is not used either (`orphan`). Every transaction gets one status; none is dropped silently.
- R looks at the last purchase however old; F and M only at the window. A customer who bought
  only before the window is scored (F = 0, M = 0) but is not "active"; thresholds (quantile cut
  points, mean, median, the M cap) are computed over active customers only, one value per
  distinct customer. Customers with no purchase up to the as-of day are `无交易`, scores NA.
- Quantile scoring cuts each dimension at its 20/40/60/80th percentiles (numpy's linear
  interpolation) and scores by value, so customers with equal values always get equal scores;
  with heavy ties (most customers bought once) some scores are simply not used, rather than
  splitting equal customers arbitrarily. A value equal to a cut point is in the lower band:
  F/M score k when value ≤ cut k (5 above the last); R scores 6 - k when days ≤ cut k (1 above).
- 8-class: R is high when r_days < threshold, F and M when > threshold; equal is low for all.
- The M cap (m_cap_quantile) applies to thresholds and scores; m_amount and revenue are not
  capped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from custinfo.config.segment import NO_TRANSACTIONS, RfmConfig

# (R high, F high, M high) -> segment, in the order the issue and docs list them
EIGHT_CLASS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}
QUANTILES = (0.2, 0.4, 0.6, 0.8)
TABLE_COLUMNS = (
    "customer_id",
    "r_days",
    "f_count",
    "m_amount",
    "r_score",
    "f_score",
    "m_score",
    "rfm_segment",
)
THRESHOLD_COLUMNS = (
    "dimension",
    "split",
    "threshold",
    "scoring",
    "cut_1",
    "cut_2",
    "cut_3",
    "cut_4",
    "cap",
    "customers",
)
SEGMENT_COLUMNS = ("segment", "customers", "share_of_customers", "revenue", "share_of_revenue")
# what each transaction (each customer row in the fallback) was used for; the first that applies
STATUSES = (
    "orphan",  # its customer is not among the customers (or blank): not used
    "no_date",  # no readable date: not used
    "after_as_of",  # dated after the as-of day: not used
    "before_window",  # older than the window: a purchase counts for R only
    "refund",  # negative amount in the window: summed into M only
    "no_amount",  # a purchase without an amount: R and F, not M
    "used",  # R, F and M
)


@dataclass(frozen=True)
class RfmResult:
    table: pd.DataFrame  # TABLE_COLUMNS, one row per customer row given, same index and order
    thresholds: pd.DataFrame  # THRESHOLD_COLUMNS, one row per dimension R, F, M
    segments: pd.DataFrame  # SEGMENT_COLUMNS, every segment of the model, 无交易 last
    status: pd.Series  # one of STATUSES per transaction (per customer row in the fallback)

    @property
    def counts(self) -> dict[str, int]:
        """How many transactions (rows) had each status; every status is a key."""
        found = self.status.value_counts()
        return {s: int(found.get(s, 0)) for s in STATUSES}

    @property
    def orphans(self) -> int:
        """Transactions whose customer is not among the customers."""
        return self.counts["orphan"]


@dataclass(frozen=True)
class _Slots:
    """Per distinct customer, plus a last slot that blank customer IDs (code -1) index."""

    last_days: np.ndarray  # days since the last purchase; inf when none
    f: np.ndarray  # purchases in the window
    revenue: np.ndarray  # net amount in the window
    priced: np.ndarray  # purchases in the window that have an amount


def rfm(
    customer_ids: pd.Series,
    tx_customer: pd.Series,
    tx_date: pd.Series,
    tx_amount: pd.Series,
    as_of: dt.date,
    cfg: RfmConfig,
) -> RfmResult:
    """RFM of each customer row from transactions (customer key, datetime64 date, float amount;
    the three transaction Series are aligned by position)."""
    keys = pd.Index(customer_ids.dropna().unique())
    code = keys.get_indexer(tx_customer)  # -1: not a known customer
    days, undated = _days_ago(tx_date, as_of)
    amount = tx_amount.to_numpy(dtype="float64", na_value=np.nan)

    known, dated = code >= 0, ~undated
    placed = known & dated & (days >= 0)
    window = placed & _in_window(days, cfg)
    unpriced, refund = np.isnan(amount), amount < 0
    purchase = placed & ~refund
    status = _status(
        [~known, ~dated, ~placed, ~window, refund, unpriced], STATUSES, tx_customer.index
    )

    n = len(keys) + 1
    last = np.full(n, np.inf)
    np.minimum.at(last, code[purchase], days[purchase])
    counted = window & ~refund
    slots = _Slots(
        last_days=last,
        f=np.bincount(code[counted], minlength=n),
        revenue=np.bincount(code[window & ~unpriced], amount[window & ~unpriced], minlength=n),
        priced=np.bincount(code[counted & ~unpriced], minlength=n),
    )
    rows = keys.get_indexer(customer_ids)  # blank IDs -> -1 -> the empty last slot
    return _finish(customer_ids, rows, slots, cfg, status)


def rfm_from_columns(
    customer_ids: pd.Series,
    last_purchase: pd.Series,
    count: pd.Series,
    amount: pd.Series,
    as_of: dt.date,
    cfg: RfmConfig,
) -> RfmResult:
    """RFM of each customer row from customer-level columns (datetime64 last purchase, float
    count and amount), for workbooks without transactions.

    The count and amount are taken as the window's when the last purchase is in the window (the
    sheet cannot say when earlier purchases were), as 0 when it is older. A dated row without a
    count (or a count below 1) counts one purchase (it has a last one); without an amount, M is 0. Statuses are per
    customer row: no_date, after_as_of, before_window, no_amount, used.
    """
    days, undated = _days_ago(last_purchase, as_of)
    total = amount.to_numpy(dtype="float64", na_value=np.nan)
    purchases = count.to_numpy(dtype="float64", na_value=np.nan)

    placed = ~undated & (days >= 0)
    window = placed & _in_window(days, cfg)
    unpriced = np.isnan(total)
    status = _status(
        [undated, ~placed, ~window, unpriced],
        ("no_date", "after_as_of", "before_window", "no_amount", "used"),
        customer_ids.index,
    )
    f = np.where(window, np.fmax(np.nan_to_num(purchases, nan=1.0), 1.0), 0).astype("int64")
    slots = _Slots(  # each row its own slot, plus the empty last one
        last_days=np.append(np.where(placed, days, np.inf), np.inf),
        f=np.append(f, 0),
        revenue=np.append(np.where(window & ~unpriced, total, 0.0), 0.0),
        priced=np.append(np.where(unpriced, 0, f), 0),
    )
    rows = np.arange(len(customer_ids))
    return _finish(customer_ids, rows, slots, cfg, status)


def _status(conditions: list[np.ndarray], names: tuple[str, ...], index: pd.Index) -> pd.Series:
    """The first name whose condition holds, else the last name; categorical, because a million
    strings cost more to build than the whole RFM."""
    codes = np.select(conditions, np.arange(len(conditions)), len(conditions))
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(names)), index=index)


def _days_ago(dates: pd.Series, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Whole days from each date to `as_of` (negative after it), and where the date is missing."""
    day = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")  # floors to the day
    missing = np.isnat(day)
    days = (np.datetime64(as_of, "D") - day).astype("int64")
    return np.where(missing, 0, days), missing


def _in_window(days: np.ndarray, cfg: RfmConfig) -> np.ndarray:
    if cfg.window_days is None:
        return np.ones(len(days), dtype=bool)
    return days < cfg.window_days


def _finish(
    customer_ids: pd.Series, rows: np.ndarray, s: _Slots, cfg: RfmConfig, status: pd.Series
) -> RfmResult:
    """Scores, segments and the summary tables from per-slot figures; `rows` maps each customer
    row to its slot."""
    bought = np.isfinite(s.last_days)
    active = s.f > 0
    active[-1] = False  # the blank-ID slot is nobody
    m = s.revenue
    if cfg.monetary == "average":
        m = np.divide(s.revenue, s.priced, out=np.zeros(len(m)), where=s.priced > 0)
    cap, m_eval = np.nan, m
    if cfg.m_cap_quantile is not None and active.any():
        cap = float(np.quantile(m[active], cfg.m_cap_quantile))
        m_eval = np.minimum(m, cap)

    values = {"R": s.last_days, "F": s.f.astype("float64"), "M": m_eval}
    cuts = {d: _cuts(v[active], d, cfg) for d, v in values.items()}
    scores = {d: _scores(v, cuts[d], lower_is_better=d == "R") for d, v in values.items()}

    names: list[str]
    if cfg.segments is None:
        split = {d: _split(v[active], d, cfg) for d, v in values.items()}
        high = (
            (values["R"] < split["R"]).astype(int) * 4  # equal to the threshold is low
            + (values["F"] > split["F"]) * 2
            + (values["M"] > split["M"])
        )
        order = [EIGHT_CLASS[(bool(i & 4), bool(i & 2), bool(i & 1))] for i in range(8)]
        label = np.asarray(order, dtype=object)[high]
        names = list(EIGHT_CLASS.values())
    else:
        split = dict.fromkeys(values, np.nan)
        label = np.full(len(m), cfg.unmatched, dtype=object)
        free = np.ones(len(m), dtype=bool)
        for seg in cfg.segments:  # a few named ranges, each one vectorized; first match wins
            hit = free.copy()
            for d, (lo, hi) in (("R", seg.r), ("F", seg.f), ("M", seg.m)):
                hit &= (scores[d] >= lo) & (scores[d] <= hi)
            label[hit] = seg.name
            free &= ~hit
        names = [*(seg.name for seg in cfg.segments), cfg.unmatched]
    label[~bought] = NO_TRANSACTIONS
    names.append(NO_TRANSACTIONS)

    def score(d: str) -> pd.Series:
        given = scores[d][rows]
        return pd.Series(given, index=customer_ids.index, dtype="Int8").where(
            bought[rows] & (given > 0)
        )

    table = pd.DataFrame(
        {
            "customer_id": customer_ids,
            "r_days": pd.Series(s.last_days[rows], index=customer_ids.index)
            .where(bought[rows])
            .astype("Int64"),
            "f_count": s.f[rows].astype("int64"),
            "m_amount": m[rows],
            "r_score": score("R"),
            "f_score": score("F"),
            "m_score": score("M"),
            "rfm_segment": label[rows],
        },
        index=customer_ids.index,
    )
    return RfmResult(
        table=table,
        thresholds=_thresholds(cuts, split, cap, int(active.sum()), cfg),
        segments=_segments(label[rows], s.revenue[rows], names),
        status=status,
    )


def _cuts(active: np.ndarray, dim: str, cfg: RfmConfig) -> np.ndarray:
    """The four score cut points of one dimension (NaN: no active customer to take them from)."""
    if cfg.scoring == "fixed":
        assert cfg.score_cuts is not None  # the config validator requires them
        fixed: list[float] = getattr(cfg.score_cuts, dim.lower())
        return np.asarray(fixed, dtype="float64")
    if len(active) == 0:
        return np.full(len(QUANTILES), np.nan)
    cut: np.ndarray = np.quantile(active, QUANTILES)
    return cut


def _scores(values: np.ndarray, cuts: np.ndarray, lower_is_better: bool) -> np.ndarray:
    """1–5 per value; a value equal to a cut point is in the band below it. NaN cuts: all 0
    (NA after masking) — there was nothing to score against."""
    if np.isnan(cuts).any():
        return np.zeros(len(values), dtype="int8")
    band = np.searchsorted(cuts, values, side="left")  # how many cut points lie below the value
    return (5 - band if lower_is_better else 1 + band).astype("int8")


def _split(active: np.ndarray, dim: str, cfg: RfmConfig) -> float:
    """The 8-class high/low threshold of one dimension."""
    if cfg.split == "fixed":
        assert cfg.split_thresholds is not None  # the config validator requires them
        return float(getattr(cfg.split_thresholds, dim.lower()))
    if len(active) == 0:
        return float("nan")
    return float(np.mean(active) if cfg.split == "mean" else np.median(active))


def _thresholds(
    cuts: dict[str, np.ndarray], split: dict[str, float], cap: float, n: int, cfg: RfmConfig
) -> pd.DataFrame:
    rows = [
        {
            "dimension": d,
            "split": cfg.split if cfg.segments is None else None,
            "threshold": split[d],
            "scoring": cfg.scoring,
            **{f"cut_{i}": float(c) for i, c in enumerate(cuts[d], start=1)},
            "cap": cap if d == "M" else np.nan,
            "customers": n,
        }
        for d in ("R", "F", "M")
    ]
    return pd.DataFrame(rows, columns=list(THRESHOLD_COLUMNS))


def _segments(label: np.ndarray, revenue: np.ndarray, names: list[str]) -> pd.DataFrame:
    """Customers and revenue (net amount in the window, never capped) per segment."""
    code = pd.Categorical(label, categories=names).codes
    customers = np.bincount(code, minlength=len(names))
    money = np.bincount(code, revenue, minlength=len(names))
    total = money.sum()
    return pd.DataFrame(
        {
            "segment": names,
            "customers": customers.astype("int64"),
            "share_of_customers": customers / max(len(label), 1),
            "revenue": money,
            "share_of_revenue": money / total if total > 0 else np.full(len(names), np.nan),
        },
        columns=list(SEGMENT_COLUMNS),
    )
