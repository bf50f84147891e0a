"""Numbers and money: a count must read as a number, an amount as money ("1.2万", "5-10万" …)."""

from __future__ import annotations

import pandas as pd

from custinfo.validate.checks import is_blank
from custinfo.validate.column import Context, Found


def count_problems(values: pd.Series, ctx: Context) -> Found:
    """`number.invalid`: a count ("员工人数") that holds no number."""
    return [("number.invalid", ~is_blank(values) & ctx.sheet[ctx.field.name].isna(), "")]


def money_problems(values: pd.Series, ctx: Context) -> Found:
    """`money.unparseable`: an amount that is not money (面议 and other "none given" words pass)."""
    return [("money.unparseable", ctx.sheet.money(ctx.field.name).unreadable, "")]
