"""The command line: the only package that imports typer or rich."""

from __future__ import annotations

import typer

from custinfo import __version__
from custinfo.cli.dedupe import dedupe
from custinfo.cli.init import init
from custinfo.cli.normalize import normalize
from custinfo.cli.run import run
from custinfo.cli.segment import segment
from custinfo.cli.template import template
from custinfo.cli.usage import LocalizedGroup
from custinfo.cli.validate import validate

app = typer.Typer(
    name="custinfo",
    cls=LocalizedGroup,
    help="把杂乱的客户信息 Excel 整理成干净、校验过、可分层的数据。\n\n"
    "Clean, validate, de-duplicate, tag and segment customer-information workbooks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # cli/boundary.py reports errors; locals may hold customer data
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"custinfo {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号"
    ),
) -> None:
    """custinfo"""


app.command()(init)
app.command()(template)
app.command()(validate)
app.command()(normalize)
app.command()(dedupe)
app.command()(segment)
app.command()(run)


def main() -> None:
    app()
