"""Time `custinfo.rules.rfm.rfm` on generated transactions (the issue's target: 1,000,000
transactions over 100,000 customers in under 3 s).

    .venv/bin/python bench/rfm.py                                  # 1,000,000 / 100,000
    .venv/bin/python bench/rfm.py --transactions 200000 --customers 20000

Inputs are what the segment stage hands over: customer keys as text, datetime64 dates (3% over
two years before the as-of day, a few after it and a few missing), float amounts (lognormal, 2%
refunds, 1% missing), 1% orphan customer keys; 5% of customers are never drawn and some
rarely-buying ones draw nothing, so about 17% end up 无交易. The clock
covers only the function call; input generation is not timed. Best of --repeat runs, each
config (default 8-class by mean; quantile + M cap + the 11-segment scheme).

Prints one Markdown row per config for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import time

import numpy as np
import pandas as pd

from custinfo.config.segment import RfmConfig, ScoreSegment
from custinfo.rules.rfm import rfm

AS_OF = dt.date(2024, 6, 30)
WESTERN = [
    ScoreSegment(name="Champions", r=[4, 5], f=[4, 5], m=[4, 5]),
    ScoreSegment(name="Loyal Customers", r=[3, 5], f=[3, 5]),
    ScoreSegment(name="Potential Loyalist", r=[4, 5], f=[2, 3]),
    ScoreSegment(name="New Customers", r=[5, 5], f=[1, 1]),
    ScoreSegment(name="Promising", r=[4, 4], f=[1, 1]),
    ScoreSegment(name="Need Attention", r=[3, 3], f=[2, 3]),
    ScoreSegment(name="About To Sleep", r=[3, 3], f=[1, 1]),
    ScoreSegment(name="Can't Lose Them", r=[1, 1], f=[4, 5], m=[4, 5]),
    ScoreSegment(name="At Risk", r=[1, 2], f=[3, 5]),
    ScoreSegment(name="Hibernating", r=[2, 2], f=[1, 2]),
    ScoreSegment(name="Lost", r=[1, 1], f=[1, 2]),
]


def generate(
    n_tx: int, n_customers: int, seed: int = 20240630
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(customer ids, transaction customer, date, amount), seeded."""
    rng = np.random.default_rng(seed)
    ids = pd.Series([f"KH{i:07d}" for i in range(n_customers)])
    buyers = int(n_customers * 0.95)
    # a skewed number of orders per customer (gamma activity): a few customers buy often
    activity = rng.gamma(0.8, size=buyers)
    who = rng.choice(buyers, n_tx, p=activity / activity.sum())
    tx_customer = ids.to_numpy()[who].astype(object)
    orphan = rng.random(n_tx) < 0.01
    tx_customer[orphan] = "KH-UNKNOWN"
    days = rng.integers(-10, 730, n_tx)
    date = (np.datetime64(AS_OF, "D") - days.astype("timedelta64[D]")).astype("datetime64[ns]")
    date[rng.random(n_tx) < 0.005] = np.datetime64("NaT")
    amount = rng.lognormal(8, 1.2, n_tx).round(2)
    amount[rng.random(n_tx) < 0.02] *= -1
    amount[rng.random(n_tx) < 0.01] = np.nan
    return ids, pd.Series(tx_customer), pd.Series(date), pd.Series(amount)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    ids, who, date, amount = generate(args.transactions, args.customers)
    configs = {
        "8-class, mean": RfmConfig(),
        "11 segments, M cap 0.99": RfmConfig(segments=WESTERN, m_cap_quantile=0.99),
    }
    print(
        f"<!-- {platform.processor() or platform.machine()}, Python {platform.python_version()},"
        f" pandas {pd.__version__}, numpy {np.__version__} -->"
    )
    print("| config | transactions | customers | best of | RFM s | orphans | 无交易 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, cfg in configs.items():
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = rfm(ids, who, date, amount, AS_OF, cfg)
            best = min(best, time.perf_counter() - start)
        none = int((result.table["rfm_segment"] == "无交易").sum())
        print(
            f"| {name} | {args.transactions:,} | {args.customers:,} | {args.repeat} |"
            f" {best:.2f} | {result.orphans:,} | {none:,} |"
        )


if __name__ == "__main__":
    main()
