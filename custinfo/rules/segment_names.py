"""The names a segment condition may use besides the sheet's fields: the tags and numbers the
segment stage computes per customer. In a segment condition they take precedence over a field
of the same header (价值层级, 规模, 行业 mean the computed tag there, not the typed cell)."""

from __future__ import annotations

from collections.abc import Mapping

from custinfo.rules.expr import Name, ValueType

T, N = ValueType.TEXT, ValueType.NUMBER

# column -> (type, Chinese name, stage that computes it: earlier ones may be used by later ones)
COMPUTED: dict[str, tuple[ValueType, str, int]] = {
    "tag_industry": (T, "行业", 0),
    "industry_section": (T, "行业门类", 0),
    "tag_region": (T, "地区", 0),
    "tag_scale": (T, "规模", 0),
    "tag_urgency": (T, "紧急度", 0),
    "annual_amount": (N, "年合作金额", 0),
    "tag_value": (T, "价值层级", 0),
    "tag_activity": (T, "活跃度", 0),
    "orders_90d": (N, "近3个月消费次数", 0),
    "amount_365d": (N, "近12个月消费金额", 0),
    "interactions_90d": (N, "近3个月互动次数", 0),
    "r_days": (N, "最近消费天数", 0),
    "f_count": (N, "消费次数", 0),
    "m_amount": (N, "消费金额", 0),
    "r_score": (N, "R分", 0),
    "f_score": (N, "F分", 0),
    "m_score": (N, "M分", 0),
    "rfm_segment": (T, "RFM分层", 0),
    "tag_potential": (T, "潜力", 1),
    "priority_quadrant": (T, "重要性紧急性", 2),
    "priority": (T, "综合优先级", 2),
    "layer": (T, "客户层级", 3),
}
POTENTIAL, LAYERS = 1, 3  # the stage a potential rule and a layer rule are evaluated at


def segment_names(fields: Mapping[str, Name], stage: int) -> dict[str, Name]:
    """`fields` (typed.expr_names of the customer sheet) plus what is computed before `stage`,
    by canonical and Chinese name; a computed name wins over a field header."""
    names = dict(fields)
    for column, (kind, zh, at) in COMPUTED.items():
        if at < stage:
            names[column] = names[zh] = Name(column, kind)
    return names
