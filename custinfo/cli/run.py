"""custinfo run: the whole pipeline, the annotated workbook and the summary files."""

from __future__ import annotations

from enum import StrEnum
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
from custinfo.outputs import annotated_path

OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out-dir",
        "-d",
        help="输出目录（默认与输入文件同目录）；不存在时自动创建",
        show_default=False,
    ),
]

History = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help="运行历史文件（SQLite）；默认在规则文件旁（无规则文件时在当前目录）的 custinfo.history.sqlite",
        show_default=False,
    ),
]


class ReportKind(StrEnum):
    week = "week"
    month = "month"


Report = Annotated[
    ReportKind | None,
    typer.Option(
        "--report",
        help="另写本期报告：week 周报（客户周报-2024-W20.xlsx）/ month 月报，与上一期比较",
        show_default=False,
    ),
]
Log = Annotated[
    Path | None,
    typer.Option(
        "--log",
        help="说明、汇总和错误追加写入该文件（每次运行一段，带开始时间），不写到标准错误",
        show_default=False,
    ),
]
Mask = Annotated[
    bool,
    typer.Option(
        "--mask",
        help="所有输出（工作簿、汇总、报告、导出）里的人名、电话、微信和邮箱打码"
        "（张*、138****8000），便于发给销售团队以外的人",
    ),
]


@handle_errors
def run(
    input: Input,
    rules: RulesPath = None,
    out_dir: OutDir = None,
    output: Output = None,
    json: Json = False,
    fail_on: FailOnOpt = None,
    sheet: Sheet = None,
    as_of: AsOf = None,
    decisions: Decisions = None,
    history: History = None,
    report: Report = None,
    mask: Mask = False,
    log: Log = None,
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """运行整个流程：读取、校验、规范化、去重、分层，写出带批注的工作簿和汇总。

    在输出目录写出 <文件名>.annotated.xlsx、<文件名>.summary.json 和 <文件名>.summary.md；
    每次运行记入运行历史（--history），--report week 另写本期周报（与上一期比较）和邮件用的 .md。
    退出码：0 正常，1 有 --fail-on 级别的问题，2 输入或参数有误，3 内部错误，4 另一个运行正在使用同一运行历史。
    """
    base = out_dir or input.parent
    run_job(
        JobOptions.from_cli(
            source=input,
            rules_path=rules,
            data_out=output or annotated_path(input, out_dir),
            summary_out=(base / f"{input.stem}.summary.json", base / f"{input.stem}.summary.md"),
            until=None,
            json=json,
            quiet=quiet,
            lang=lang,
            fail_on=fail_on,
            sheet=sheet,
            as_of=as_of,
            decisions=decisions,
            record_history=True,
            history=history,
            report=report.value if report else None,
            mask=mask,
        )
    )
