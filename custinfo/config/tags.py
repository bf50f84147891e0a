"""rules.yaml `segment.tags`: the seeds' four tag dimensions, the priority quadrant, customer
layers and custom named rules, and the combined label. Numbers and names only; the conditions
are compiled by the safe condition language when the rules are loaded, never executed."""

from __future__ import annotations

import string

from pydantic import Field, field_validator, model_validator

from custinfo.config.base import _Strict


class ScaleConfig(_Strict):
    """规模: 大型 500人+ or 营收1亿+ / 中型 100–500人 or 1000万–1亿 / 小型; 未知 with neither."""

    large_employees: float = Field(500, gt=0)
    large_revenue: float = Field(100_000_000, gt=0)  # 元
    medium_employees: float = Field(100, gt=0)
    medium_revenue: float = Field(10_000_000, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> ScaleConfig:
        if (
            self.medium_employees >= self.large_employees
            or self.medium_revenue >= self.large_revenue
        ):
            raise ValueError("中型的门槛应小于大型的门槛")
        return self


class UrgencyConfig(_Strict):
    """紧急度 from 期望达成时间 against --as-of: 紧急 ≤ urgent_days (overdue too) / 一般 ≤
    normal_days / 长期; 未知 without a date."""

    urgent_days: int = Field(30, ge=0)
    normal_days: int = Field(90, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> UrgencyConfig:
        if self.urgent_days >= self.normal_days:
            raise ValueError("urgent_days 应小于 normal_days")
        return self


class ValueConfig(_Strict):
    """价值层级 from 年合作金额 (transactions in the last window_days): 高 ≥ high / 中 ≥ medium /
    低; 无交易 with none."""

    window_days: int = Field(365, ge=1)
    high: float = Field(100_000, gt=0)
    medium: float = Field(50_000, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> ValueConfig:
        if self.medium >= self.high:
            raise ValueError("medium 应小于 high")
        return self


class ActivityConfig(_Strict):
    """活跃度 from interactions in the last window_days: 高频 ≥ high (about weekly) / 中频 ≥
    medium (about monthly) / 低频 (quarterly or less) / 无互动; 未知 without an interactions sheet."""

    window_days: int = Field(90, ge=1)
    high: int = Field(12, ge=1)
    medium: int = Field(3, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> ActivityConfig:
        if self.medium >= self.high:
            raise ValueError("medium 应小于 high")
        return self


class PriorityConfig(_Strict):
    """重要性×紧急性: 高 = 高价值 and 紧急; 中 = one of them; 低 = neither. Then 资源匹配度
    moves it a step (易 up, 难 down) into 综合优先级."""

    high_value: list[str] = Field(default_factory=lambda: ["高"])  # 价值层级 that count as 高价值
    urgent: list[str] = Field(default_factory=lambda: ["紧急"])  # 紧急度 that count as 紧急
    resource_fit: dict[str, int] = Field(default_factory=lambda: {"易": 1, "中": 0, "难": -1})

    @field_validator("resource_fit")
    @classmethod
    def _steps(cls, v: dict[str, int]) -> dict[str, int]:
        if any(abs(s) > 2 for s in v.values()):
            raise ValueError("资源匹配度只能调整 -2 到 2 级")
        return v


class NamedRule(_Strict):
    """A named condition: customers it matches get `name` (first match wins; `add: true` adds the
    name as a tag and goes on to the next rule)."""

    name: str = Field(min_length=1, max_length=40)
    when: str = Field(min_length=1, max_length=2000)
    add: bool = False


def _default_potential() -> list[NamedRule]:
    return [
        NamedRule(name="A", when="意向度 == '高意向' or 预算上限 >= 100000"),
        NamedRule(name="B", when="意向度 == '中意向' or 预算上限 >= 10000"),
    ]


def _default_layers() -> list[NamedRule]:
    return [
        NamedRule(
            name="低价值·流失客户",
            when="客户状态 == '流失客户' or (价值层级 == '低' and 活跃度 in ['低频', '无互动'])",
        ),
        NamedRule(name="高价值客户", when="价值层级 == '高' or rfm_segment == '重要价值客户'"),
        NamedRule(name="潜力客户", when="潜力 == 'A' or 价值层级 == '中'"),
    ]


LABEL_PARTS = ("行业", "地区", "规模", "需求类型", "紧急度", "价值层级", "潜力", "意向度",
               "活跃度", "客户层级", "综合优先级", "rfm_segment")  # fmt: skip


class TagsConfig(_Strict):
    enabled: bool = True
    scale: ScaleConfig = Field(default_factory=ScaleConfig)
    urgency: UrgencyConfig = Field(default_factory=UrgencyConfig)
    value: ValueConfig = Field(default_factory=ValueConfig)
    activity: ActivityConfig = Field(default_factory=ActivityConfig)
    priority: PriorityConfig = Field(default_factory=PriorityConfig)
    potential: list[NamedRule] = Field(default_factory=_default_potential, max_length=50)
    potential_default: str = Field("C", max_length=20)  # 潜力 when no potential rule matches
    # ordered: custom rules (制造业高价值核心客户 …) go before the seeds' three layers
    layers: list[NamedRule] = Field(default_factory=_default_layers, max_length=200)
    unmatched: str = Field("未分层", max_length=20)  # 客户层级 of a customer no layer matches
    label: str = Field("{行业}-{规模}-{客户层级}-{综合优先级}优先级需求", max_length=200)

    @field_validator("label")
    @classmethod
    def _label_parts(cls, v: str) -> str:
        for _, name, spec, conv in string.Formatter().parse(v):
            if name is None:
                continue
            if name not in LABEL_PARTS or spec or conv:
                raise ValueError(f"label 只能用 {'、'.join('{' + p + '}' for p in LABEL_PARTS)}")
        return v
