"""Every option shared by several commands, declared once (frictionless console/common.py)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


Input = Annotated[
    Path, typer.Argument(help="要处理的工作簿（.xlsx/.xlsm/.xls/.csv）", show_default=False)
]
RulesPath = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        "-r",
        help="规则文件；默认依次找 $CUSTINFO_RULES、当前目录的 rules.yaml",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="输出文件，按扩展名决定格式：.xlsx（带批注）.csv .jsonl .parquet",
        show_default=False,
    ),
]
Json = Annotated[
    bool, typer.Option("--json", help="在标准输出打印机器可读的 JSON 汇总（不打印表格）")
]
LangOpt = Annotated[
    Lang, typer.Option("--lang", envvar="CUSTINFO_LANG", help="提示语言：zh 中文 / en English")
]
Debug = Annotated[bool, typer.Option("--debug", help="出错时显示完整的技术信息（traceback）")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="只打印错误，不打印汇总和进度")]
FailOnOpt = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="有该级别及以上问题时退出码为 1（默认取 rules.yaml，出厂为 error）",
        show_default=False,
    ),
]
Sheet = Annotated[
    str | None,
    typer.Option("--sheet", help="客户信息所在的工作表名称（默认自动识别）", show_default=False),
]
AsOf = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="检查日期（YYYY-MM-DD），判断“日期在未来”等以它为准；默认今天",
        show_default=False,
    ),
]
Decisions = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="读回已填写的“待确认”表（custinfo 写出的工作簿，“是否同一客户”填 是/否），"
        "决定记入规则文件旁的 custinfo.decisions.csv，以后不再询问",
        show_default=False,
    ),
]
