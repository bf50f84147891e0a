"""custinfo normalize: canonical values and derived columns, every change in 变更记录."""

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
from custinfo.outputs import normalized_path


@handle_errors
def normalize(
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
    """规范化工作簿：地区、电话、日期、金额、枚举等统一写法，补充派生列（如 预算下限/预算上限），
    每处改动记入“变更记录”表；写出 <文件名>.normalized.xlsx（可用 -o 指定，.csv/.jsonl/.parquet 亦可）。

    无法规范化的值保持原样并列入“问题清单”。退出码同 validate。
    """
    run_job(
        JobOptions.from_cli(
            source=input,
            rules_path=rules,
            data_out=output or normalized_path(input),
            summary_out=None,
            until="normalize",
            json=json,
            quiet=quiet,
            lang=lang,
            fail_on=fail_on,
            sheet=sheet,
            as_of=as_of,
        )
    )
