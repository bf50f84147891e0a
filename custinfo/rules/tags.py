"""Tags per customer (the seeds' four dimensions), the 重要性×紧急性 priority, layers and custom
named rules, and the combined label — column-wise, one pass per rule.

Inputs are typed: the customers' `TypedSheet` and, when the workbook has them, the
transactions' and interactions' customer keys and dates (and amounts). Every customer gets a
value in every column: a dimension that cannot be computed says why (未知, 无交易, 无互动), so
nothing is silently left out; customers matching no layer are counted under `unmatched`.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from custinfo.config.tags import NamedRule, TagsConfig
from custinfo.normalize.industry import industry_table
from custinfo.rules.expr import Condition
from custinfo.rules.segment_names import COMPUTED
from custinfo.typed import TypedSheet

UNKNOWN = "未知"
PRIORITY_LEVELS = ("低", "中", "高")


@dataclass(frozen=True)
class Events:
    """One sheet of dated events per customer: whose (the customers' row position, -1 when the
    客户编号 matches no customer), when, and how much (NaN when not a money sheet)."""

    customer: np.ndarray  # int64 positions into the customers
    when: np.ndarray  # datetime64[ns]
    amount: np.ndarray  # float64

    def within(self, as_of: dt.date, days: int) -> np.ndarray:
        """Events dated in the `days` days up to and including `as_of` (later ones are ignored)."""
        end = np.datetime64(as_of, "ns") + np.timedelta64(1, "D")
        start = end - np.timedelta64(days, "D")
        return (self.customer >= 0) & (self.when >= start) & (self.when < end)

    def count(self, n: int, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.customer[mask], minlength=n).astype(np.float64)

    def total(self, n: int, mask: np.ndarray) -> np.ndarray:
        m = mask & ~np.isnan(self.amount)
        return np.bincount(self.customer[m], weights=self.amount[m], minlength=n)


def base_tags(
    customers: TypedSheet,
    transactions: Events | None,
    interactions: Events | None,
    as_of: dt.date,
    cfg: TagsConfig,
) -> pd.DataFrame:
    """The tags that need no rule: 行业, 地区, 规模, 紧急度, 年合作金额 and 价值层级, 活跃度, and
    the windowed counts conditions may use."""
    frame = customers.frame
    n = len(frame)
    out = pd.DataFrame(index=frame.index)
    section = _text_column(frame, "industry_section")
    names = industry_table().sections
    out["tag_industry"] = section.map(names).fillna(UNKNOWN)
    out["industry_section"] = section.fillna("")
    out["tag_region"] = _text_column(frame, "region_group").fillna(UNKNOWN)
    out["tag_scale"] = _scale(customers, cfg)
    out["tag_urgency"] = _urgency(customers["expected_date"], as_of, cfg)
    if transactions is None:
        out["annual_amount"] = np.nan
        out["tag_value"] = UNKNOWN
        out["orders_90d"] = np.nan
        out["amount_365d"] = np.nan
    else:
        year = transactions.within(as_of, cfg.value.window_days)
        amount = transactions.total(n, year)
        orders = transactions.count(n, year)
        out["annual_amount"] = amount
        v = cfg.value
        out["tag_value"] = np.select(
            [orders == 0, amount >= v.high, amount >= v.medium], ["无交易", "高", "中"], "低"
        )
        out["orders_90d"] = transactions.count(n, transactions.within(as_of, 90))
        out["amount_365d"] = transactions.total(n, transactions.within(as_of, 365))
    if interactions is None:
        out["tag_activity"] = UNKNOWN
        out["interactions_90d"] = np.nan
    else:
        a = cfg.activity
        seen = interactions.count(n, interactions.within(as_of, a.window_days))
        out["tag_activity"] = np.select(
            [seen >= a.high, seen >= a.medium, seen >= 1], ["高频", "中频", "低频"], "无互动"
        )
        out["interactions_90d"] = interactions.count(n, interactions.within(as_of, 90))
    return out


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(None, index=frame.index, dtype=object)
    s = frame[name].astype("string").str.strip()
    return s.mask(s.eq("")).astype(object)


def _scale(customers: TypedSheet, cfg: TagsConfig) -> np.ndarray:
    """大型 / 中型 / 小型 from 员工人数 and 年营收 (either suffices; the larger class wins); 企业规模
    ranges ("200-500人") count as 员工人数 when that column is empty."""
    s = cfg.scale
    staff = customers["employees"].to_numpy(dtype=np.float64)
    if customers.has("scale"):
        typed_scale = customers["scale"]
        from_text = pd.to_numeric(
            typed_scale.astype("string").str.extract(r"(\d+(?:\.\d+)?)\s*人?\s*$")[0],
            errors="coerce",
        ).to_numpy(dtype=np.float64)
        staff = np.where(np.isnan(staff), from_text, staff)
    revenue = customers["revenue"].to_numpy(dtype=np.float64)
    known = ~np.isnan(staff) | ~np.isnan(revenue)
    with np.errstate(invalid="ignore"):
        large = (staff >= s.large_employees) | (revenue >= s.large_revenue)
        medium = (staff >= s.medium_employees) | (revenue >= s.medium_revenue)
    return np.select([~known, large, medium], [UNKNOWN, "大型", "中型"], "小型")


def _urgency(expected: pd.Series, as_of: dt.date, cfg: TagsConfig) -> np.ndarray:
    days = (expected - pd.Timestamp(as_of)).dt.days.to_numpy(dtype=np.float64)
    u = cfg.urgency
    with np.errstate(invalid="ignore"):
        return np.select(
            [np.isnan(days), days <= u.urgent_days, days <= u.normal_days],
            [UNKNOWN, "紧急", "一般"],
            "长期",
        )


def first_match(
    rules: Sequence[tuple[NamedRule, Condition]],
    read: Mapping[str, pd.Series] | pd.DataFrame,
    index: pd.Index,
    as_of: dt.date,
    default: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Per row the first matching rule's name (`default` when none) and every name a rule
    added on the way (`add: true` rules, and the first match), joined with 、."""
    chosen = np.full(len(index), None, dtype=object)
    added = np.full(len(index), "", dtype=object)
    for rule, cond in rules:
        frame = pd.DataFrame({c: read[c] for c in cond.columns}, index=index)
        hit = cond.mask(frame, as_of).to_numpy(dtype=bool, copy=True)
        if not rule.add:
            hit &= pd.isna(chosen)
            chosen[hit] = rule.name
        added[hit] = np.where(added[hit] == "", rule.name, added[hit] + "、" + rule.name)
    chosen[pd.isna(chosen)] = default
    return chosen, added


def priority(tags: pd.DataFrame, resource_fit: pd.Series, cfg: TagsConfig) -> pd.DataFrame:
    """重要性×紧急性 (高: both / 中: one / 低: neither), then 资源匹配度's step: 综合优先级."""
    p = cfg.priority
    important = tags["tag_value"].isin(p.high_value).to_numpy()
    urgent = tags["tag_urgency"].isin(p.urgent).to_numpy()
    level = important.astype(np.int64) + urgent.astype(np.int64)  # 0 低, 1 中, 2 高
    step = resource_fit.map(p.resource_fit).fillna(0).to_numpy(dtype=np.int64)
    final = np.clip(level + step, 0, 2)
    names = np.array(PRIORITY_LEVELS, dtype=object)
    return pd.DataFrame(
        {"priority_quadrant": names[level], "priority": names[final]}, index=tags.index
    )


def labels(tags: pd.DataFrame, pattern: str) -> pd.Series:
    """The combined label, e.g. 制造业-大型-高价值客户-高优先级需求: each column's distinct values
    are combined once per distinct combination (a million customers have a few hundred), then
    spread back over the rows."""
    by_zh = {zh: col for col, (_, zh, _) in COMPUTED.items()} | {"客户层级": "layer"}
    by_zh |= {"需求类型": "need_type", "意向度": "intent", "rfm_segment": "rfm_segment"}
    n = len(tags)
    combo = np.zeros(n, dtype=np.int64)  # the row's combination of values so far, as a code
    parts: list[str | np.ndarray] = []  # literals, and per column its text per value code
    codes: list[np.ndarray] = []
    for literal, name, _, _ in string.Formatter().parse(pattern):
        parts.append(literal)
        if name is None:
            continue
        col = by_zh.get(name, name)
        if col not in tags:
            parts.append(UNKNOWN)
            continue
        code, uniques = pd.factorize(tags[col])  # -1: missing
        text = pd.Series(uniques, dtype=object).astype("string").fillna(UNKNOWN)
        parts.append(np.append(text.to_numpy(dtype=object), UNKNOWN))  # code -1: 未知
        codes.append(code.astype(np.int64))
        combo, _ = pd.factorize(combo * (len(uniques) + 1) + (code + 1))
        combo = combo.astype(np.int64)
    if not codes:
        constant = "".join(p for p in parts if isinstance(p, str))
        return pd.Series(constant, index=tags.index, dtype=object)
    first = np.full(int(combo.max()) + 1 if n else 0, -1, dtype=np.int64)
    first[combo[::-1]] = np.arange(n, dtype=np.int64)[::-1]  # one row of each combination
    picked = [c[first] for c in codes]
    out = np.full(len(first), "", dtype=object)
    k = 0
    for part in parts:
        if isinstance(part, str):
            out = out + part
        else:
            out = out + part[picked[k]]
            k += 1
    return pd.Series(out[combo], index=tags.index, dtype=object)
