"""custinfo init: a documented starter rules.yaml to edit (the repository's rules.yaml, shipped
as package data: custinfo/config/starter_rules.yaml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from custinfo.cli.boundary import handle_errors
from custinfo.cli.options import Debug, LangOpt, Quiet
from custinfo.cli.render import err_console
from custinfo.errors import OutputError
from custinfo.io.atomic import atomic_path

STARTER = "starter_rules.yaml"
RulesTarget = Annotated[
    Path,
    typer.Argument(help="写到哪里（默认当前目录的 rules.yaml；给目录则写到其中的 rules.yaml）"),
]


def starter_rules() -> str:
    """The starter rules file as shipped: every section, each key explained in Chinese."""
    return resources.files("custinfo.config").joinpath(STARTER).read_text("utf-8")


@handle_errors
def init(
    path: RulesTarget = Path("rules.yaml"),
    force: Annotated[bool, typer.Option("--force", "-f", help="目标文件已存在时覆盖")] = False,
    lang: LangOpt = "zh",  # type: ignore[assignment]
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """写出一份带中文注释的 rules.yaml 起步文件（字段别名、校验、去重、标签、分层、RFM），按需修改即可。"""
    target = path / "rules.yaml" if path.is_dir() else path
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(
            f"规则文件应以 .yaml 结尾，而不是「{target.name}」",
            "请换一个文件名，如 custinfo init rules.yaml",
            message_en=f"a rules file ends in .yaml, not '{target.name}'",
            hint_en="choose another name, e.g. custinfo init rules.yaml",
        )
    if not target.parent.is_dir():
        raise OutputError(
            f"目录 {target.parent} 不存在，没有写出 {target.name}",
            "请先创建该目录，或写到已有的目录里",
            message_en=f"the folder {target.parent} does not exist; {target.name} was not written",
            hint_en="create the folder first, or write into an existing one",
        )
    if target.exists() and not force:
        raise OutputError(
            f"文件 {target} 已存在，为免覆盖已修改的规则，没有写出",
            "换一个文件名，或加 --force 覆盖",
            message_en=f"{target} already exists; nothing was written so no edited rules are lost",
            hint_en="choose another name or add --force",
        )
    with atomic_path(target) as tmp:
        tmp.write_text(starter_rules(), "utf-8")
    if not quiet:
        err_console().print(_next_steps(target, str(lang)), markup=False, highlight=False)


def _next_steps(target: Path, lang: str) -> str:
    found = target.resolve() == (Path.cwd() / "rules.yaml").resolve()
    if lang == "en":
        use = (
            "custinfo finds rules.yaml in this directory by itself"
            if found
            else f"pass --rules {target} (or set CUSTINFO_RULES={target})"
        )
        return (
            f"wrote the starter rules: {target}\n"
            "next:\n"
            f"  1. edit it for your workbooks: header aliases, required fields, tags, layers, RFM"
            " (see docs/rules.md)\n"
            f"  2. run custinfo validate 客户.xlsx — {use}"
        )
    use = (
        "在此目录运行时会自动使用它"
        if found
        else f"运行时加 --rules {target}（或设置环境变量 CUSTINFO_RULES={target}）"
    )
    return (
        f"已写出规则文件: {target}\n"
        "下一步:\n"
        "  1. 按贵公司的表格修改：表头别名、必填项、可选值、标签和客户分层、RFM（写法见 docs/rules.md）\n"
        f"  2. 运行 custinfo validate 客户.xlsx 检查效果；{use}"
    )
