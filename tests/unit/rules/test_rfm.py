"""RFM: a hand-computed example checked column by column, every boundary, ties, the window,
missing values, refunds, orphans, the customer-columns fallback and the config's checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from custinfo.config.segment import RfmConfig, SegmentConfig
from custinfo.parse.dates import parse_dates
from custinfo.parse.money import parse_money_column
from custinfo.rules.rfm import (
    EIGHT_CLASS,
    SEGMENT_COLUMNS,
    STATUSES,
    TABLE_COLUMNS,
    THRESHOLD_COLUMNS,
    RfmResult,
    rfm,
    rfm_from_columns,
)

AS_OF = dt.date(2024, 6, 30)
NaN = float("nan")

# 7 customers, 16 transactions. Window 365 days up to 2024-06-30: 2023-07-02 … 2024-06-30.
#   C1  three purchases, the last on the as-of day; a row without a date (not used)
#   C2  two purchases; one dated after the as-of day (ignored)
#   C3  one large purchase
#   C4  four small purchases
#   C5  bought only before the window (scored, not active)
#   C6  a purchase without an amount and a refund
#   C7  no transactions (无交易); C9 is not a customer (orphan)
TRANSACTIONS = [
    ("C1", "2024-06-30", 1000.0),
    ("C1", "2024-06-01", 2000.0),
    ("C1", "2024-05-01", 3000.0),
    ("C1", None, 50.0),
    ("C2", "2024-06-20", 500.0),
    ("C2", "2024-04-01", 1500.0),
    ("C2", "2024-07-01", 999.0),
    ("C3", "2024-01-01", 20000.0),
    ("C4", "2023-12-01", 300.0),
    ("C4", "2023-11-01", 200.0),
    ("C4", "2023-10-01", 100.0),
    ("C4", "2023-09-01", 400.0),
    ("C5", "2023-06-01", 5000.0),
    ("C6", "2024-06-25", NaN),
    ("C6", "2024-06-28", -100.0),
    ("C9", "2024-06-01", 100.0),
]
CUSTOMERS = ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]

# the 11 Western segments as a score-range scheme (docs/rfm.md has the same YAML); first match
# wins, so the narrower segment comes before the wider one that would also match it
WESTERN_YAML = """
segments:
  - {name: Champions,          r: [4, 5], f: [4, 5], m: [4, 5]}
  - {name: Loyal Customers,    r: [3, 5], f: [3, 5]}
  - {name: Potential Loyalist, r: [4, 5], f: [2, 3]}
  - {name: New Customers,      r: [5, 5], f: [1, 1]}
  - {name: Promising,          r: [4, 4], f: [1, 1]}
  - {name: Need Attention,     r: [3, 3], f: [2, 3]}
  - {name: About To Sleep,     r: [3, 3], f: [1, 1]}
  - {name: "Can't Lose Them",  r: [1, 1], f: [4, 5], m: [4, 5]}
  - {name: At Risk,            r: [1, 2], f: [3, 5]}
  - {name: Hibernating,        r: [2, 2], f: [1, 2]}
  - {name: Lost,               r: [1, 1], f: [1, 2]}
"""


def config(text: str = "") -> RfmConfig:
    return RfmConfig.model_validate(yaml.safe_load(text) or {})


def run(
    cfg: RfmConfig | None = None,
    transactions: Sequence[tuple[str | None, str | None, float]] = TRANSACTIONS,
    customers: list[str] = CUSTOMERS,
    as_of: dt.date = AS_OF,
) -> RfmResult:
    tx = pd.DataFrame(transactions, columns=["customer", "date", "amount"])
    return rfm(
        pd.Series(customers, dtype=object),
        tx["customer"],
        pd.to_datetime(tx["date"], format="mixed"),
        tx["amount"].astype("float64"),
        as_of,
        cfg or RfmConfig(),
    )


def column(result: RfmResult, name: str) -> list[object]:
    return [None if pd.isna(v) else v for v in result.table[name]]


def segments(result: RfmResult) -> list[str]:
    return list(result.table["rfm_segment"])


def threshold(result: RfmResult, dim: str, col: str) -> float:
    t = result.thresholds
    return float(t.loc[t["dimension"] == dim, col].iloc[0])


# ---- the hand-computed example ------------------------------------------------------------


def test_every_output_column_by_hand() -> None:
    r = run()
    assert list(r.table.columns) == list(TABLE_COLUMNS)
    assert column(r, "customer_id") == CUSTOMERS
    assert column(r, "r_days") == [0, 10, 181, 212, 395, 5, None]  # C6: the refund is no purchase
    assert column(r, "f_count") == [3, 2, 1, 4, 0, 1, 0]
    assert column(r, "m_amount") == [6000.0, 2000.0, 20000.0, 1000.0, 0.0, -100.0, 0.0]
    # cut points over the 5 active customers (C5 bought before the window), see the next test
    assert column(r, "r_score") == [5, 3, 2, 1, 1, 4, None]
    assert column(r, "f_score") == [4, 3, 1, 5, 1, 1, None]
    assert column(r, "m_score") == [4, 3, 5, 2, 1, 1, None]
    # means over active customers: R 81.6 days, F 2.2, M 5780
    assert segments(r) == [
        "重要价值客户",  # 0 < 81.6, 3 > 2.2, 6000 > 5780
        "一般发展客户",  # 10 days; 2 purchases, 2000
        "重要挽留客户",  # 181 days, 1 purchase, 20000
        "一般保持客户",  # 212 days, 4 purchases, 1000
        "一般挽留客户",  # bought only before the window
        "一般发展客户",  # 5 days, 1 purchase, net -100
        "无交易",
    ]


def test_thresholds_by_hand() -> None:
    t = run().thresholds
    assert list(t.columns) == list(THRESHOLD_COLUMNS)
    assert list(t["dimension"]) == ["R", "F", "M"]
    assert list(t["split"]) == ["mean"] * 3 and list(t["scoring"]) == ["quantile"] * 3
    assert list(t["threshold"]) == pytest.approx([81.6, 2.2, 5780.0])
    cuts = t[["cut_1", "cut_2", "cut_3", "cut_4"]].to_numpy().tolist()
    # linear-interpolated 20/40/60/80th percentiles of [0, 5, 10, 181, 212], [1, 1, 2, 3, 4],
    # [-100, 1000, 2000, 6000, 20000]
    assert cuts[0] == pytest.approx([4.0, 8.0, 78.4, 187.2])
    assert cuts[1] == pytest.approx([1.0, 1.6, 2.4, 3.2])
    assert cuts[2] == pytest.approx([780.0, 1600.0, 3600.0, 8800.0])
    assert t["cap"].isna().all()
    assert list(t["customers"]) == [5, 5, 5]


def test_segment_counts_and_revenue_share() -> None:
    s = run().segments
    assert list(s.columns) == list(SEGMENT_COLUMNS)
    assert list(s["segment"]) == [*EIGHT_CLASS.values(), "无交易"]  # every class, even when empty
    by = s.set_index("segment")
    assert by["customers"].to_dict() == {
        "重要价值客户": 1,
        "重要发展客户": 0,
        "重要保持客户": 0,
        "重要挽留客户": 1,
        "一般价值客户": 0,
        "一般发展客户": 2,
        "一般保持客户": 1,
        "一般挽留客户": 1,
        "无交易": 1,
    }
    assert by.loc["一般发展客户", "revenue"] == 1900.0  # 2000 + (-100)
    assert by.loc["重要挽留客户", "share_of_revenue"] == pytest.approx(20000 / 28900)
    assert by.loc["无交易", "share_of_customers"] == pytest.approx(1 / 7)
    assert s["share_of_revenue"].sum() == pytest.approx(1.0)


def test_every_transaction_has_a_status() -> None:
    r = run()
    assert r.status.index.equals(pd.RangeIndex(len(TRANSACTIONS)))
    assert list(r.status) == [
        *["used"] * 3,
        "no_date",
        "used",
        "used",
        "after_as_of",
        *["used"] * 5,
        "before_window",
        "no_amount",
        "refund",
        "orphan",
    ]
    assert r.counts == {
        "orphan": 1,
        "no_date": 1,
        "after_as_of": 1,
        "before_window": 1,
        "refund": 1,
        "no_amount": 1,
        "used": 10,
    }
    assert list(r.counts) == list(STATUSES)
    assert sum(r.counts.values()) == len(TRANSACTIONS)
    assert r.orphans == 1


def test_the_table_keeps_the_customers_index_and_order() -> None:
    ids = pd.Series(["C3", None, "C1", "C3"], index=[10, 11, 12, 13], dtype=object)
    tx = pd.DataFrame(TRANSACTIONS, columns=["customer", "date", "amount"])
    r = rfm(ids, tx["customer"], pd.to_datetime(tx["date"]), tx["amount"], AS_OF, RfmConfig())
    assert list(r.table.index) == [10, 11, 12, 13]
    assert column(r, "f_count") == [1, 0, 3, 1]  # a blank ID has no transactions
    assert segments(r)[1] == "无交易"
    assert r.orphans == 11  # only C1 and C3 are customers here: C2, C4, C5, C6, C9 rows are not


# ---- boundaries ---------------------------------------------------------------------------

# X: 1 purchase 10 days ago, 100; Y: 3 purchases, the last 30 days ago, 300; Z: 2, 20 days, 200.
# Means: R 20 days, F 2, M 200 — Z sits exactly on every threshold.
ON_THE_MEAN = [
    ("X", "2024-06-20", 100.0),
    ("Y", "2024-05-31", 100.0),
    ("Y", "2024-05-01", 100.0),
    ("Y", "2024-04-01", 100.0),
    ("Z", "2024-06-10", 100.0),
    ("Z", "2024-06-01", 100.0),
]


def test_equal_to_the_threshold_is_low_for_all_three() -> None:
    r = run(transactions=ON_THE_MEAN, customers=["X", "Y", "Z"])
    assert list(r.thresholds["threshold"]) == [20.0, 2.0, 200.0]
    assert segments(r) == ["一般发展客户", "重要保持客户", "一般挽留客户"]


def test_one_day_either_side_of_the_r_threshold() -> None:
    cfg = config("split: fixed\nsplit_thresholds: {r: 20, f: 5, m: 1000}")
    tx = [("A", "2024-06-11", 1.0), ("B", "2024-06-10", 1.0), ("C", "2024-06-09", 1.0)]
    r = run(cfg, tx, ["A", "B", "C"])
    assert column(r, "r_days") == [19, 20, 21]
    assert [s[2:4] for s in segments(r)] == ["发展", "挽留", "挽留"]  # only 19 < 20 is recent


def test_a_value_equal_to_a_cut_point_scores_the_band_below() -> None:
    cfg = config(
        "scoring: fixed\nscore_cuts: {r: [7, 30, 90, 180], f: [1, 2, 3, 5], m: [500, 1000, 5000, 10000]}"
    )
    tx = [
        ("A", "2024-06-23", 500.0),  # 7 days, 1 purchase, 500: on the first cut of each
        ("B", "2024-06-22", 500.01),  # 8 days, just past them
        ("C", "2024-01-02", 10000.0),  # 180 days, on the last cut
        ("C", "2024-01-01", 0.0),
        ("D", "2023-12-31", 10001.0),  # 182 days (2024 is a leap year), past the last cut
    ]
    r = run(cfg, tx, ["A", "B", "C", "D"])
    assert column(r, "r_days") == [7, 8, 180, 182]
    assert column(r, "r_score") == [5, 4, 2, 1]
    assert column(r, "f_score") == [1, 1, 2, 1]
    assert column(r, "m_score") == [1, 2, 4, 5]


def test_fixed_scoring_on_the_example() -> None:
    cfg = config(
        "scoring: fixed\nscore_cuts: {r: [7, 30, 90, 180], f: [1, 2, 3, 5], m: [500, 1000, 5000, 10000]}"
    )
    r = run(cfg)
    assert column(r, "r_score") == [5, 4, 1, 1, 1, 5, None]
    assert column(r, "f_score") == [3, 2, 1, 4, 1, 1, None]
    assert column(r, "m_score") == [4, 3, 5, 2, 1, 1, None]
    t = r.thresholds.set_index("dimension")
    assert list(t.loc["M", ["cut_1", "cut_2", "cut_3", "cut_4"]]) == [500, 1000, 5000, 10000]
    assert set(t["scoring"]) == {"fixed"}


# ---- ties ---------------------------------------------------------------------------------


def test_equal_values_get_equal_scores() -> None:
    # 8 customers bought once on the same day for 100, two bought more: F and M are mostly ties
    tx = [(f"K{i}", "2024-06-01", 100.0) for i in range(8)]
    tx += [("K8", "2024-06-01", 100.0), ("K8", "2024-05-01", 100.0)]
    tx += [("K9", d, 100.0) for d in ("2024-06-01", "2024-05-01", "2024-04-01")]
    r = run(transactions=tx, customers=[f"K{i}" for i in range(10)])
    assert set(column(r, "r_score")) == {5}  # everyone 29 days ago: one value, one score
    # F cut points 1, 1, 1, 1.2: the eight single purchases all score 1 (none is split off
    # to fill bands 2-4), two and three purchases both score 5
    assert column(r, "f_score") == [1] * 8 + [5, 5]
    assert column(r, "m_score") == [1] * 8 + [5, 5]
    f = r.thresholds.set_index("dimension").loc["F", ["cut_1", "cut_2", "cut_3", "cut_4"]]
    assert list(f) == pytest.approx([1.0, 1.0, 1.0, 1.2])


# ---- what counts ---------------------------------------------------------------------------


def test_after_as_of_is_ignored_and_the_as_of_day_counts() -> None:
    tx = [
        ("A", "2024-06-30 23:59:59", 10.0),
        ("A", "2024-07-01 00:00:00", 99.0),
        ("B", "2024-07-15", 99.0),
    ]
    r = run(transactions=tx, customers=["A", "B"])
    assert column(r, "r_days") == [0, None]
    assert column(r, "f_count") == [1, 0]
    assert column(r, "m_amount") == [10.0, 0.0]
    assert segments(r)[1] == "无交易"  # only bought after the as-of day
    assert r.counts["after_as_of"] == 2


def test_the_window_includes_the_as_of_day_and_364_days_before() -> None:
    tx = [("A", "2023-07-02", 10.0), ("B", "2023-07-01", 10.0)]  # 364 and 365 days ago
    r = run(transactions=tx, customers=["A", "B"])
    assert column(r, "f_count") == [1, 0]
    assert column(r, "r_days") == [364, 365]
    assert list(r.status) == ["used", "before_window"]
    assert column(run(config("window_days: 30"), tx, ["A", "B"]), "f_count") == [0, 0]
    assert column(run(config("window_days: null"), tx, ["A", "B"]), "f_count") == [1, 1]


def test_a_shorter_window() -> None:
    r = run(config("window_days: 90"))  # 2024-04-02 … 2024-06-30
    assert column(r, "f_count") == [3, 1, 0, 0, 0, 1, 0]  # C2's 2024-04-01 is 90 days ago
    assert column(r, "m_amount") == [6000.0, 500.0, 0.0, 0.0, 0.0, -100.0, 0.0]
    assert column(r, "r_days") == [0, 10, 181, 212, 395, 5, None]  # R ignores the window
    assert list(r.thresholds["customers"]) == [3, 3, 3]


def test_average_amount() -> None:
    r = run(config("monetary: average"))
    # C6: the refund counts in the sum, the purchase without an amount not in the divisor
    assert column(r, "m_amount") == [2000.0, 1000.0, 20000.0, 250.0, 0.0, 0.0, 0.0]
    # revenue stays the total amount
    assert r.segments["revenue"].sum() == 28900.0


def test_refunds_are_summed_into_m_but_are_no_purchase() -> None:
    tx = [("A", "2024-06-01", 1000.0), ("A", "2024-06-20", -300.0), ("B", "2024-06-25", -50.0)]
    r = run(transactions=tx, customers=["A", "B"])
    assert column(r, "r_days") == [29, None]
    assert column(r, "f_count") == [1, 0]
    assert column(r, "m_amount") == [700.0, -50.0]
    assert segments(r)[1] == "无交易"  # a refund alone is no purchase


def test_missing_amount_counts_for_r_and_f() -> None:
    tx = [("A", "2024-06-01", NaN), ("A", "2024-05-01", 100.0)]
    r = run(transactions=tx, customers=["A"])
    assert column(r, "r_days") == [29]
    assert column(r, "f_count") == [2]
    assert column(r, "m_amount") == [100.0]
    assert list(r.status) == ["no_amount", "used"]


def test_orphans_are_counted_never_dropped() -> None:
    tx = [("A", "2024-06-01", 1.0), ("X", "2024-06-01", 1.0), (None, "2024-06-01", 1.0)]
    r = run(transactions=tx, customers=["A"])
    assert r.orphans == 2
    assert list(r.status) == ["used", "orphan", "orphan"]


def test_no_transactions_at_all() -> None:
    r = run(transactions=[], customers=["A", "B"])
    assert segments(r) == ["无交易", "无交易"]
    assert r.table[["r_days", "r_score", "f_score", "m_score"]].isna().all().all()
    assert r.thresholds[["threshold", "cut_1"]].isna().all().all()
    assert list(r.segments["customers"])[-1] == 2
    assert r.segments["share_of_revenue"].isna().all()  # no revenue to share


def test_dates_and_amounts_as_the_parsers_give_them() -> None:
    typed_dates = [
        "2024/6/1",
        "2024年6月1日",
        "20240601",
        "45444",
        "2024-06-01 15:30",
        "2024年5月底",
    ]
    typed_amounts = ["1,000元", "1万", "￥2.5万", "500", "", "3千"]
    dates = pd.to_datetime(
        pd.Series([p.value if p else None for p in parse_dates(pd.Series(typed_dates))])
    )
    amounts = parse_money_column(pd.Series(typed_amounts)).high
    r = rfm(pd.Series(["A", "B"]), pd.Series(["A"] * 5 + ["B"]), dates, amounts, AS_OF, RfmConfig())
    assert column(r, "r_days") == [29, 30]
    assert column(r, "f_count") == [5, 1]
    assert column(r, "m_amount") == [36500.0, 3000.0]


# ---- splits, cap, schemes -----------------------------------------------------------------


def test_median_split() -> None:
    r = run(config("split: median"))
    assert list(r.thresholds["threshold"]) == [10.0, 2.0, 2000.0]
    assert list(r.thresholds["split"]) == ["median"] * 3
    # C2 sits on all three medians: low, low, low
    assert segments(r)[:6] == [
        "重要价值客户",
        "一般挽留客户",
        "重要挽留客户",
        "一般保持客户",
        "一般挽留客户",
        "一般发展客户",
    ]


def test_fixed_split() -> None:
    r = run(config("split: fixed\nsplit_thresholds: {r: 30, f: 2, m: 5000}"))
    assert list(r.thresholds["threshold"]) == [30.0, 2.0, 5000.0]
    assert segments(r)[:6] == [
        "重要价值客户",
        "一般发展客户",  # F 2 is on the threshold: low
        "重要挽留客户",
        "一般保持客户",
        "一般挽留客户",
        "一般发展客户",
    ]


def test_m_cap_lowers_the_mean_but_not_the_amounts() -> None:
    # one huge order lifts the mean M above everyone else
    tx = [("A", "2024-06-01", 1_000_000.0)] + [
        (k, "2024-06-01", v) for k, v in [("B", 300.0), ("C", 200.0), ("D", 100.0), ("E", 0.0)]
    ]
    ids = ["A", "B", "C", "D", "E"]
    plain = run(transactions=tx, customers=ids)
    assert threshold(plain, "M", "threshold") == 200_120.0
    # same day, one purchase each: R and F are on their means (low) for everyone
    assert segments(plain)[:2] == ["重要挽留客户", "一般挽留客户"]  # 300 is far below the mean
    capped = run(config("m_cap_quantile: 0.75"), tx, ids)
    assert threshold(capped, "M", "cap") == 300.0  # 75th percentile of the five amounts
    assert threshold(capped, "M", "threshold") == 180.0  # (300 + 300 + 200 + 100 + 0) / 5
    assert segments(capped)[:2] == ["重要挽留客户", "重要挽留客户"]  # 300 > 180
    assert column(capped, "m_amount")[0] == 1_000_000.0  # the output is not capped
    assert capped.segments["revenue"].sum() == 1_000_600.0
    assert column(capped, "m_score")[:2] == [4, 4]  # capped to one value: one score


def test_the_western_scheme() -> None:
    r = run(config(WESTERN_YAML))
    # scores (R, F, M): C1 (5,4,4), C2 (3,3,3), C3 (2,1,5), C4 (1,5,2), C5 (1,1,1), C6 (4,1,1)
    assert segments(r) == [
        "Champions",
        "Loyal Customers",
        "Hibernating",
        "At Risk",  # Can't Lose Them needs m 4-5
        "Lost",
        "Promising",
        "无交易",
    ]
    assert list(r.segments["segment"])[-2:] == ["其他", "无交易"]
    assert r.thresholds["split"].isna().all()  # the scheme uses scores only


def test_the_western_scheme_covers_every_score() -> None:
    cfg = config(WESTERN_YAML)
    assert cfg.segments is not None
    for r in range(1, 6):
        for f in range(1, 6):
            for m in range(1, 6):
                assert any(
                    s.r[0] <= r <= s.r[1] and s.f[0] <= f <= s.f[1] and s.m[0] <= m <= s.m[1]
                    for s in cfg.segments
                ), (r, f, m)


def test_first_match_wins_and_the_rest_is_unmatched() -> None:
    cfg = config(
        "segments:\n  - {name: 近期, r: [4, 5]}\n  - {name: 高频, f: [4, 5]}\nunmatched: 未分层"
    )
    r = run(cfg)
    # C1 (5,4,4) is 近期 before 高频; C4 (1,5,2) 高频; C2 (3,3,3) neither
    assert segments(r) == ["近期", "未分层", "未分层", "高频", "未分层", "近期", "无交易"]
    assert list(r.segments["segment"]) == ["近期", "高频", "未分层", "无交易"]


# ---- the customer-columns fallback ---------------------------------------------------------


def test_from_customer_columns() -> None:
    rows = pd.DataFrame(
        [
            ("A", "2024-06-30", 3, 6000.0),  # in the window
            ("B", "2024-06-20", None, 500.0),  # no count: one purchase
            ("C", "2023-06-01", 5, 9000.0),  # last purchase before the window: F = M = 0
            ("D", None, 2, 100.0),  # no date: 无交易
            ("E", "2024-07-02", 1, 100.0),  # after as-of: 无交易
            ("F", "2024-06-01", 2, None),  # no amount
        ],
        columns=["id", "last", "count", "amount"],
    )
    r = rfm_from_columns(
        rows["id"],
        pd.to_datetime(rows["last"]),
        rows["count"].astype("float64"),
        rows["amount"],
        AS_OF,
        RfmConfig(),
    )
    assert column(r, "r_days") == [0, 10, 395, None, None, 29]
    assert column(r, "f_count") == [3, 1, 0, 0, 0, 2]
    assert column(r, "m_amount") == [6000.0, 500.0, 0.0, 0.0, 0.0, 0.0]
    assert list(r.status) == [
        "used",
        "used",
        "before_window",
        "no_date",
        "after_as_of",
        "no_amount",
    ]
    # active A, B, F: means R 13, F 2, M 2166.67; the same scoring as for transactions
    assert list(r.thresholds["threshold"]) == pytest.approx([13.0, 2.0, 6500 / 3])
    assert segments(r) == [
        "重要价值客户",
        "一般发展客户",
        "一般挽留客户",
        "无交易",
        "无交易",
        "一般挽留客户",
    ]
    assert column(r, "r_score")[:3] == [5, 3, 1]


def test_from_customer_columns_average() -> None:
    r = rfm_from_columns(
        pd.Series(["A"]),
        pd.Series(pd.to_datetime(["2024-06-01"])),
        pd.Series([4.0]),
        pd.Series([1000.0]),
        AS_OF,
        config("monetary: average"),
    )
    assert column(r, "m_amount") == [250.0]
    assert r.segments.set_index("segment")["revenue"].sum() == 1000.0


# ---- config --------------------------------------------------------------------------------


def test_defaults() -> None:
    cfg = SegmentConfig().rfm
    assert cfg.enabled and cfg.window_days == 365
    assert (cfg.monetary, cfg.scoring, cfg.split) == ("total", "quantile", "mean")
    assert cfg.segments is None and cfg.m_cap_quantile is None
    assert cfg.customer_columns.last_purchase == "最近消费时间"


def messages(text: str) -> list[str]:
    with pytest.raises(ValidationError) as info:
        config(text)
    return [e["msg"] for e in info.value.errors()]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "scoring: fixed\nscore_cuts: {r: [180, 90, 30, 7], f: [1, 2, 3, 5], m: [1, 2, 3, 4]}",
            "R 评分的分界点应从小到大排列且互不相同",
        ),
        (
            "scoring: fixed\nscore_cuts: {r: [7, 30, 90, 180], f: [1, 2, 2, 5], m: [1, 2, 3, 4]}",
            "F 评分的分界点应从小到大排列",
        ),
        ("scoring: fixed", "scoring 为 fixed 时须在 score_cuts 下"),
        ("split: fixed", "split 为 fixed 时须在 split_thresholds 下"),
        ("segments: [{name: A, r: [5, 4]}]", "1 ≤ 下限 ≤ 上限 ≤ 5"),
        ("segments: [{name: A, f: [0, 3]}]", "1 ≤ 下限 ≤ 上限 ≤ 5"),
        ("segments: [{name: A}, {name: A}]", "分层名称重复：A"),
        ("segments: [{name: 无交易}]", "留给没有交易的客户"),
        ("segments: [{name: A}]\nunmatched: A", "unmatched 的名称不能"),
    ],
)
def test_config_mistakes_in_chinese(text: str, words: str) -> None:
    assert any(words in m for m in messages(text)), messages(text)


def test_config_rejects_unknown_keys_and_bad_cuts() -> None:
    with pytest.raises(ValidationError):
        config("windows_days: 30")  # a typo is an error, not a silent default
    with pytest.raises(ValidationError):
        config("scoring: fixed\nscore_cuts: {r: [1, 2, 3], f: [1, 2, 3, 4], m: [1, 2, 3, 4]}")
    with pytest.raises(ValidationError):
        config("m_cap_quantile: 0.2")


# ---- property ------------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),  # days since the last purchase
            st.integers(1, 6),  # purchases
            st.floats(-1000, 1e6, allow_nan=False),  # amount per purchase
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["quantile", "fixed"]),
)
def test_scores_are_1_to_5_and_monotone(
    customers: list[tuple[int, int, float]], scoring: str
) -> None:
    tx = [
        (f"K{i}", str(np.datetime64(AS_OF, "D") - np.timedelta64(days + k, "D")), amount)
        for i, (days, n, amount) in enumerate(customers)
        for k in range(n)
    ]
    cuts = "score_cuts: {r: [7, 30, 90, 180], f: [1, 2, 3, 5], m: [0, 1000, 5000, 1e5]}"
    cfg = config(f"scoring: {scoring}\n{cuts}")
    r = run(cfg, tx, [f"K{i}" for i in range(len(customers))]).table
    scored = r[r["r_score"].notna()]  # all NA when nobody bought in the window (quantile)
    for dim in "rfm":
        assert scored[f"{dim}_score"].between(1, 5).all()
    # a larger value never scores lower (R, where fewer days is better: never higher)
    for value, score, better in (("r_days", "r_score", -1), ("f_count", "f_score", 1)):
        v = scored[value].astype("float64").to_numpy()
        s = scored[score].astype("int64").to_numpy()
        assert (np.sign(np.subtract.outer(v, v)) * better * np.subtract.outer(s, s) >= 0).all()
    v, s = scored["m_amount"].to_numpy(), scored["m_score"].astype("int64").to_numpy()
    assert (np.sign(np.subtract.outer(v, v)) * np.subtract.outer(s, s) >= 0).all()
    assert set(r["rfm_segment"]) <= {*EIGHT_CLASS.values(), "无交易"}


def test_every_yaml_example_in_docs_rfm_md_loads() -> None:
    text = (Path(__file__).resolve().parents[3] / "docs" / "rfm.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    loaded = [SegmentConfig.model_validate(yaml.safe_load(b)["segment"]).rfm for b in blocks]
    assert len(loaded) == 5
    assert config(WESTERN_YAML).segments in [c.segments for c in loaded]
    assert RfmConfig() in loaded  # the "all settings" block shows the defaults
