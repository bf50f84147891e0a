"""rules.yaml `report`: the weekly/monthly report's settings (docs/report.md). 需复核 reads
`validate.followup` (stale_days, skip_statuses), so the warning and the report agree."""

from __future__ import annotations

from pydantic import Field

from custinfo.config.base import _Strict


class ReportConfig(_Strict):
    """How the weekly/monthly report (客户周报/客户月报) picks its lists."""

    # 公海候选: a customer with no contact for this many days goes back to the public pool; the
    # report lists those whose day falls before the period ends (report only, nothing is moved)
    pool_days: int = Field(30, ge=1)
    # statuses that never go back to the pool (customers who bought)
    pool_exempt_statuses: list[str] = Field(
        default_factory=lambda: ["成交客户", "首次合作客户", "长期战略客户"]
    )
    # 分层迁移: RFM segments from the highest level to the lowest; a customer moving right has
    # dropped a level. null = the 8-class order (docs/report.md); segments not listed are not
    # ranked (a move to or from them is never a drop)
    segment_order: list[str] | None = Field(None, min_length=2)
    top_needs: int = Field(5, ge=1, le=50)  # 高频需求: needs listed per industry
    trend_runs: int = Field(12, ge=1, le=520)  # 概览: runs in the quality trend
