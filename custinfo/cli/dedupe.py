"""custinfo dedupe: one row per customer, every merge explained in 合并记录."""

from __future__ import annotations

from pathlib import Path
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
from custinfo.outputs import deduped_path

Ledger = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        help="另写一份合并记录（.csv 或 .jsonl）：每条原始记录一行，含主记录编号、组号、匹配分和依据",
        show_default=False,
    ),
]

Unmerge = Annotated[
    list[str] | None,
    typer.Option(
        "--unmerge",
        help="把某个合并后的客户（“合并记录”表的主记录编号）拆回原来的各条记录；可重复。"
        "拆分记入 custinfo.decisions.csv，以后不再合并",
        show_default=False,
    ),
]


@handle_errors
def dedupe(
    input: Input,
    rules: RulesPath = None,
    output: Output = None,
    ledger: Ledger = None,
    json: Json = False,
    fail_on: FailOnOpt = None,
    sheet: Sheet = None,
    as_of: AsOf = None,
    decisions: Decisions = None,
    unmerge: Unmerge = None,
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """去重：找出同一客户的多条记录（电话、公司名、联系人等模糊匹配），按规则合并为一条。

    写出 <文件名>.deduped.xlsx（可用 -o 指定，.csv/.jsonl/.parquet 亦可）：合并后的客户（每个客户一行），
    互动记录和交易记录改挂到主记录编号，另有“重复客户”“待确认”“合并记录”表。
    原始记录一条不丢：每条记录在“合并记录”中都有一行。退出码同 validate。

    复核：在“待确认”表的“是否同一客户”列填 是/否，再用 --decisions 读回；
    合并错了用 --unmerge 主记录编号 拆开。两者都记入 custinfo.decisions.csv。
    """
    run_job(
        JobOptions.from_cli(
            source=input,
            rules_path=rules,
            data_out=output or deduped_path(input),
            summary_out=None,
            until="dedupe",
            json=json,
            quiet=quiet,
            lang=lang,
            fail_on=fail_on,
            sheet=sheet,
            as_of=as_of,
            decisions=decisions,
            unmerge=tuple(unmerge or ()),
            ledger_out=ledger,
            masters=True,
        )
    )
