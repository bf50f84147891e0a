"""custinfo run: the whole pipeline, the annotated workbook and the summary files."""

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
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """运行整个流程：读取、校验、规范化、去重、分层，写出带批注的工作簿和汇总。

    在输出目录写出 <文件名>.annotated.xlsx、<文件名>.summary.json 和 <文件名>.summary.md。
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
        )
    )
