"""custinfo segment: each customer's tags, RFM, priority, layer and label from rules.yaml."""

from __future__ import annotations

from typing import Annotated

import typer

from custinfo.cli.boundary import handle_errors
from custinfo.cli.job import JobOptions, run_job
from custinfo.cli.options import (
    AsOf,
    Debug,
    Decisions,
    FailOnOpt,
    Input,
    Json,
    LangOpt,
    Output,
    Quiet,
    RulesPath,
    Sheet,
)
from custinfo.outputs import segmented_path

Rfm = Annotated[
    bool,
    typer.Option(
        "--rfm",
        help="计算 RFM 分层（出厂即计算；rules.yaml 里 segment.rfm.enabled 为 false 时用它强制计算）",
    ),
]


@handle_errors
def segment(
    input: Input,
    rfm: Rfm = False,
    rules: RulesPath = None,
    output: Output = None,
    json: Json = False,
    fail_on: FailOnOpt = None,
    sheet: Sheet = None,
    as_of: AsOf = None,
    decisions: Decisions = None,
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """分层：按 rules.yaml 给每个客户打标签（行业、地区、规模、紧急度、价值层级、潜力、活跃度）、
    算 RFM 分层、重要性×紧急性优先级、客户层级和组合标签。

    先校验、规范化、去重（每个客户一行），再分层。写出 <文件名>.segmented.xlsx（可用 -o 指定，
    .csv/.jsonl/.parquet 亦可）：“客户标签”（每个客户一行）、“客户分层”（各 RFM 分层的客户数和金额占比）、
    “RFM阈值”（实际使用的分界）、“客户层级”。--as-of 是计算日期（默认今天）。退出码同 validate。
    """
    run_job(
        JobOptions.from_cli(
            source=input,
            rules_path=rules,
            data_out=output or segmented_path(input),
            summary_out=None,
            until="segment",
            json=json,
            quiet=quiet,
            lang=lang,
            fail_on=fail_on,
            sheet=sheet,
            as_of=as_of,
            decisions=decisions,
            segments=True,
            rfm=rfm,
        )
    )
