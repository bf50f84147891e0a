"""custinfo template: the blank workbook a sales team fills in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from custinfo.cli.boundary import handle_errors
from custinfo.cli.options import Debug, LangOpt, Quiet, RulesPath
from custinfo.cli.render import err_console
from custinfo.config import default_rules_path, load_rules
from custinfo.errors import OutputError
from custinfo.io.template import write_template

TemplateOut = Annotated[Path, typer.Option("--output", "-o", help="模板文件名（.xlsx）")]


@handle_errors
def template(
    output: TemplateOut = Path("客户信息模板.xlsx"),
    with_examples: Annotated[
        bool, typer.Option("--with-examples", help="加入几行示例数据")
    ] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="目标文件已存在时覆盖")] = False,
    rules: RulesPath = None,
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """生成空白的客户信息模板：客户信息、互动记录、交易记录三张表，带下拉选项、必填标记和填写说明。"""
    if output.suffix.lower() != ".xlsx":
        raise OutputError(
            f"模板只能保存为 .xlsx，而不是「{output.suffix or output.name}」",
            "请把 -o 的文件名改为以 .xlsx 结尾",
            message_en=f"the template can only be saved as .xlsx, not '{output.suffix or output.name}'",
            hint_en="give -o a name ending in .xlsx",
        )
    if output.exists() and not force:
        raise OutputError(
            f"文件 {output} 已存在，为免覆盖已填写的数据，没有写出模板",
            "换一个文件名，或加 --force 覆盖",
            message_en=f"{output} already exists; the template was not written so no filled-in data is lost",
            hint_en="choose another name or add --force",
        )
    registry = load_rules(rules or default_rules_path()).registry
    write_template(output, registry, with_examples=with_examples, lang=str(lang))
    if not quiet:
        done = "wrote" if lang == "en" else "已写出模板"
        err_console().print(f"{done}: {output}", markup=False)
