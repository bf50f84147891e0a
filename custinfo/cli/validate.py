"""custinfo validate: what is wrong, cell by cell, and an exit code for scripts."""

from __future__ import annotations

from custinfo.cli.boundary import handle_errors
from custinfo.cli.job import JobOptions, run_job
from custinfo.cli.options import (
    AsOf,
    Debug,
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


@handle_errors
def validate(
    input: Input,
    rules: RulesPath = None,
    output: Output = None,
    json: Json = False,
    fail_on: FailOnOpt = None,
    sheet: Sheet = None,
    as_of: AsOf = None,
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """检查工作簿：逐格列出问题，写出带批注的工作簿（默认 <文件名>.annotated.xlsx）。

    退出码：0 无问题；1 有 --fail-on 级别及以上的问题；2 输入或规则需要修正；3 内部错误。
    """
    run_job(
        JobOptions.from_cli(
            source=input,
            rules_path=rules,
            data_out=output or annotated_path(input),
            summary_out=None,
            until="validate",
            json=json,
            quiet=quiet,
            lang=lang,
            fail_on=fail_on,
            sheet=sheet,
            as_of=as_of,
        )
    )
