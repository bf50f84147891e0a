"""Usage errors (missing argument, unknown option or command, bad choice) in the user's language.

click words them in English; users read Chinese. The group class below lets click parse as usual
and only re-words the error before exiting with click's own code (2).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from custinfo.cli.render import err_console

# (pattern on click's message, Chinese template); groups fill {0}, {1} …
_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (
            r"Missing argument '(\w+)'\.",
            "缺少参数 {0}：请给出要处理的文件，例如 custinfo validate 客户.xlsx",
        ),
        (r"No such command '(.+?)'\. Did you mean '(.+?)'\?", "没有命令「{0}」，是否想用「{1}」？"),
        (r"No such command '(.+?)'\.", "没有命令「{0}」"),
        (r"No such option: (\S+?)\.? Did you mean (\S+?)\?", "没有选项 {0}，是否想用 {1}？"),
        (r"No such option: (\S+)", "没有选项 {0}"),
        (r"Option '(.+?)' requires an argument\.", "选项 {0} 后面需要一个值"),
        (
            r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)",
            "多余的参数：{0}（文件名含空格时请加引号）",
        ),
        (
            r"Invalid value for '(.+?)': (?:Value error, )?'(.+?)' is not one of (.+)\.",
            "选项 {0} 的值「{1}」无效，可选：{2}",
        ),
        (
            r"Invalid value for '(.+?)': (?:Value error, )?'(.+?)' does not match the formats? (.+)\.",
            "选项 {0} 的值「{1}」格式不对，应为 {2}",
        ),
        (r"Invalid value for '(.+?)': (.+)", "选项 {0} 的值无效：{1}"),
    )
)


def usage_message(message: str, lang: str) -> str:
    """click's message, re-worded in Chinese when a pattern knows it (else as click said it)."""
    if lang == "en":
        return message
    for pattern, template in _ZH:
        if m := pattern.fullmatch(message.strip()):
            groups = (
                g.replace(" or ", ", ").replace("'%Y-%m-%d'", "YYYY-MM-DD") for g in m.groups()
            )
            return template.format(*groups)
    return message


def requested_lang(args: Sequence[str]) -> str:
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return os.environ.get("CUSTINFO_LANG", "zh")


class LocalizedGroup(TyperGroup):
    """A TyperGroup whose usage errors speak the user's language."""

    def main(  # type: ignore[override]  # same parameters, passed through
        self, args: Sequence[str] | None = None, **kw: Any
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = requested_lang(argv)
        kw["standalone_mode"] = False  # errors come back here to be re-worded
        try:
            rv = super().main(argv, **kw)
        except typer.TyperException as exc:  # click's UsageError & co (typer vendors click)
            _show(exc, lang)
            sys.exit(int(getattr(exc, "exit_code", 2)))
        except typer.Abort:
            err_console().print("interrupted" if lang == "en" else "已中断")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _show(exc: typer.TyperException, lang: str) -> None:
    console = err_console()
    label, hint_label = ("error", "hint") if lang == "en" else ("错误", "提示")
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if type(exc).__name__ == "NoArgsIsHelpError":  # `custinfo` alone: the help is the message
        console.print(text, markup=False)
        return
    console.print(f"{label}: {usage_message(text, lang)}", markup=False)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        path = ctx.command_path
        hint = f"run `{path} --help` for usage" if lang == "en" else f"用 {path} --help 查看用法"
        console.print(f"{hint_label}: {hint}", markup=False)
