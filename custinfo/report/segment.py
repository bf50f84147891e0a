"""What the segment stage computed, as sheets a sales manager reads (客户标签, 客户分层, RFM阈值,
客户层级) and as summary numbers. Frames in `SegmentResult` keep canonical column names (what
.jsonl/.parquet outputs carry, PRODUCT.md); the words are added here."""

from __future__ import annotations

from typing import Any

import pandas as pd

from custinfo.dataset import Dataset, SegmentResult

SHEETS = {
    "table": {"zh": "客户标签", "en": "Customer tags"},
    "rfm_segments": {"zh": "客户分层", "en": "Segments"},
    "rfm_thresholds": {"zh": "RFM阈值", "en": "RFM thresholds"},
    "layers": {"zh": "客户层级", "en": "Layers"},
}
WORDS: dict[str, tuple[str, str]] = {
    "source_sheet": ("来源工作表", "Sheet"),
    "source_row": ("来源行号", "Row"),
    "customer_id": ("客户编号", "Customer ID"),
    "name": ("客户名称", "Name"),
    "tag_industry": ("行业", "Industry"),
    "industry_section": ("行业门类", "Industry section"),
    "tag_region": ("地区", "Region"),
    "tag_scale": ("规模", "Size"),
    "need_type": ("需求类型", "Need"),
    "tag_urgency": ("紧急度", "Urgency"),
    "annual_amount": ("年合作金额", "Annual amount"),
    "tag_value": ("价值层级", "Value"),
    "tag_potential": ("潜力", "Potential"),
    "intent": ("意向度", "Intent"),
    "tag_activity": ("活跃度", "Activity"),
    "orders_90d": ("近3个月消费次数", "Orders 90d"),
    "amount_365d": ("近12个月消费金额", "Amount 365d"),
    "interactions_90d": ("近3个月互动次数", "Interactions 90d"),
    "r_days": ("最近消费天数", "Recency days"),
    "f_count": ("消费次数", "Frequency"),
    "m_amount": ("消费金额", "Monetary"),
    "r_score": ("R分", "R score"),
    "f_score": ("F分", "F score"),
    "m_score": ("M分", "M score"),
    "rfm_segment": ("RFM分层", "RFM segment"),
    "priority_quadrant": ("重要性×紧急性", "Importance x urgency"),
    "priority": ("综合优先级", "Priority"),
    "layer": ("客户层级", "Layer"),
    "tags": ("命中规则", "Rules matched"),
    "label": ("组合标签", "Label"),
    "segment": ("分层", "Segment"),
    "customers": ("客户数", "Customers"),
    "share": ("占比", "Share"),
    "share_of_customers": ("客户占比", "Share of customers"),
    "revenue": ("金额", "Revenue"),
    "share_of_revenue": ("金额占比", "Share of revenue"),
    "dimension": ("维度", "Dimension"),
    "split": ("高低分界", "Split"),
    "threshold": ("分界值", "Threshold"),
    "scoring": ("评分方式", "Scoring"),
    "cut_1": ("分界点1", "Cut 1"),
    "cut_2": ("分界点2", "Cut 2"),
    "cut_3": ("分界点3", "Cut 3"),
    "cut_4": ("分界点4", "Cut 4"),
    "cap": ("M封顶", "M cap"),
}


def segment_sheets(ds: Dataset, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The segment sheets for a workbook, headers in `lang`; {} when segment did not run."""
    s = ds.segment
    if s is None:
        return {}
    lang = "en" if lang == "en" else "zh"
    i = 1 if lang == "en" else 0
    names = {k: v[i] for k, v in WORDS.items()}
    frames = {
        "table": s.table,
        "rfm_segments": s.rfm_segments,
        "rfm_thresholds": s.rfm_thresholds,
        "layers": s.layers,
    }
    return {
        SHEETS[key][lang]: frame.rename(columns=lambda c: names.get(str(c), str(c)))
        for key, frame in frames.items()
    }


CHARTS = {
    "rfm_segments": ("segment", {"zh": "各分层客户数", "en": "Customers per segment"}),
    "layers": ("layer", {"zh": "各层级客户数", "en": "Customers per layer"}),
}


def segment_charts(lang: str = "zh") -> dict[str, dict[str, str]]:
    """Bar charts for the segment sheets, keyed by the sheet titles `segment_sheets` uses: customers
    per RFM segment on 客户分层, customers per layer on 客户层级. Plain data (category column,
    value column, title) that io turns into native Excel charts."""
    lang = "en" if lang == "en" else "zh"
    i = 1 if lang == "en" else 0
    return {
        SHEETS[key][lang]: {
            "category": WORDS[category][i],
            "value": WORDS["customers"][i],
            "title": title[lang],
        }
        for key, (category, title) in CHARTS.items()
    }


def segment_summary(s: SegmentResult | None) -> dict[str, Any] | None:
    """The `segment` key of the run summary."""
    if s is None:
        return None
    return {
        **{k: int(v) for k, v in s.stats.items()},
        "rfm_source": s.rfm_source,
        "layers": dict(zip(s.layers["layer"], s.layers["customers"].astype(int), strict=True)),
        "rfm_segments": dict(
            zip(s.rfm_segments["segment"], s.rfm_segments["customers"].astype(int), strict=True)
        ),
    }
