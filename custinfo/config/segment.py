"""rules.yaml `segment.rfm`: how recency, frequency and money are measured, scored 1–5 and turned
into segments (docs/rfm.md). Numbers and names only; nothing here is executed."""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from custinfo.config.base import _Strict
from custinfo.config.tags import TagsConfig

NO_TRANSACTIONS = "无交易"  # the segment of customers without a purchase up to --as-of


def _ascending(cuts: list[float], what: str) -> list[float]:
    if any(b <= a for a, b in pairwise(cuts)):
        shown = "、".join(f"{c:g}" for c in cuts)
        raise ValueError(f"{what}的分界点应从小到大排列且互不相同，而不是 {shown}")
    return cuts


class ScoreCuts(_Strict):
    """Fixed 1–5 score thresholds: four ascending cut points per dimension. A value up to and
    including the k-th cut point is in band k: F and M score k (above the last: 5); R, where
    fewer days is better, scores 6 - k (more than the last cut point: 1)."""

    r: list[float] = Field(min_length=4, max_length=4)  # days since the last purchase
    f: list[float] = Field(min_length=4, max_length=4)  # purchases in the window
    m: list[float] = Field(min_length=4, max_length=4)  # amount (total or average), 元

    @field_validator("r", "f", "m")
    @classmethod
    def _cuts_ascending(cls, value: list[float], info: ValidationInfo) -> list[float]:
        return _ascending(value, f"{(info.field_name or '').upper()} 评分")


class SplitThresholds(_Strict):
    """Fixed high/low thresholds for the 8-class model: R is high below `r` days, F and M are
    high above `f` / `m`; a value equal to its threshold is low."""

    r: float = Field(ge=0)  # days since the last purchase
    f: float = Field(ge=0)  # purchases in the window
    m: float  # amount (total or average), 元; may be negative when refunds dominate


class ScoreSegment(_Strict):
    """One segment of a score-range scheme: customers whose scores all fall in these inclusive
    [lo, hi] ranges (first matching segment wins)."""

    name: str = Field(min_length=1, max_length=40)  # the label written to rfm_segment
    r: list[int] = Field(default_factory=lambda: [1, 5], min_length=2, max_length=2)  # r_score
    f: list[int] = Field(default_factory=lambda: [1, 5], min_length=2, max_length=2)  # f_score
    m: list[int] = Field(default_factory=lambda: [1, 5], min_length=2, max_length=2)  # m_score

    @field_validator("name")
    @classmethod
    def _plain(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("分层名称不能为空")
        return value.strip()

    @field_validator("r", "f", "m")
    @classmethod
    def _range(cls, value: list[int]) -> list[int]:
        lo, hi = value
        if not 1 <= lo <= hi <= 5:
            raise ValueError(f"评分范围应写成 [下限, 上限]，1 ≤ 下限 ≤ 上限 ≤ 5，而不是 {value}")
        return value


class CustomerColumns(_Strict):
    """Customer-sheet columns used when the workbook has no 交易记录 sheet: canonical names or
    headers as typed."""

    last_purchase: str = "最近消费时间"  # date of the last purchase
    count: str = "消费次数"  # number of purchases
    amount: str = "消费金额"  # total amount of those purchases, 元


class RfmConfig(_Strict):
    """RFM: recency, frequency and money per customer as of --as-of (docs/rfm.md)."""

    enabled: bool = True  # compute RFM in the segment stage
    # F and M count purchases dated within this many days up to --as-of (that day included);
    # null = all history. R always looks at the last purchase, however old.
    window_days: int | None = Field(365, ge=1)
    monetary: Literal["total", "average"] = "total"  # M = sum of amounts, or per purchase
    scoring: Literal["quantile", "fixed"] = "quantile"  # 1–5 by quintiles, or by score_cuts
    score_cuts: ScoreCuts | None = None  # required when scoring is fixed
    split: Literal["mean", "median", "fixed"] = "mean"  # 8-class high/low threshold
    split_thresholds: SplitThresholds | None = None  # required when split is fixed
    # cap M at this quantile of active customers before thresholds (0.99: the top 1% count as
    # the 99th percentile), so a few huge orders do not lift the mean; null = no cap
    m_cap_quantile: float | None = Field(None, ge=0.5, le=1)
    # null = the Chinese 8-class model (重要价值客户 …); a list = a score-range scheme
    segments: list[ScoreSegment] | None = Field(None, min_length=1, max_length=50)
    unmatched: str = Field("其他", min_length=1, max_length=40)  # customers no segment matched
    customer_columns: CustomerColumns = Field(default_factory=CustomerColumns)

    @field_validator("segments")
    @classmethod
    def _unique_names(cls, value: list[ScoreSegment] | None) -> list[ScoreSegment] | None:
        names = [s.name for s in value or []]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"分层名称重复：{'、'.join(dupes)}")
        if NO_TRANSACTIONS in names:
            raise ValueError(f"「{NO_TRANSACTIONS}」留给没有交易的客户，请换一个分层名称")
        return value

    @model_validator(mode="after")
    def _fixed_needs_numbers(self) -> RfmConfig:
        if self.scoring == "fixed" and self.score_cuts is None:
            raise ValueError("scoring 为 fixed 时须在 score_cuts 下写出 r、f、m 各 4 个分界点")
        if self.unmatched == NO_TRANSACTIONS or self.unmatched in {
            s.name for s in self.segments or []
        }:
            raise ValueError("unmatched 的名称不能与「无交易」或某个分层名称相同")
        if self.split == "fixed" and self.split_thresholds is None:
            raise ValueError("split 为 fixed 时须在 split_thresholds 下写出 r、f、m 的高低分界")
        return self


class SegmentConfig(_Strict):
    """rules.yaml `segment`: tags, priority, layers and label (config/tags.py) and RFM."""

    tags: TagsConfig = Field(default_factory=TagsConfig)
    rfm: RfmConfig = Field(default_factory=RfmConfig)
