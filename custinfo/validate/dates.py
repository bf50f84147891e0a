"""Dates: every date field must parse, and what has already happened cannot be in the future."""

from __future__ import annotations

import numpy as np
import pandas as pd

from custinfo.validate.column import Context, Found

# Fields that record something that has happened (下次沟通时间 and 期望达成时间 are meant to be ahead).
PAST_FIELDS = frozenset(
    {"first_contact", "last_interaction", "interaction_date", "order_date", "founded", "updated_at"}
)


def date_problems(values: pd.Series, ctx: Context) -> Found:
    """`date.unparseable` for a date that cannot be read; `date.future` for a past event after
    the as-of date. The sheet's dates are parsed together (see `TypedSheet.dates`)."""
    keys, parsed = ctx.sheet.dates()
    key = keys[ctx.field.name]
    # each distinct key is judged once; `codes` maps the verdicts back (-1: blank)
    codes, uniq = pd.factorize(key)
    dates = [parsed[k] for k in pd.Series(uniq, dtype=object).tolist()]
    found: Found = [
        (
            "date.unparseable",
            pd.Series(_per_cell([d is None for d in dates], codes), index=key.index),
            "",
        )
    ]
    if ctx.field.name in PAST_FIELDS:
        late = _per_cell([d is not None and d.value > ctx.as_of for d in dates], codes)
        found.append(("date.future", pd.Series(late, index=key.index), ctx.as_of.isoformat()))
    return found


def _per_cell(flags: list[bool], codes: np.ndarray) -> np.ndarray:
    """One flag per distinct key, spread over the cells; False where the key is blank (-1)."""
    per_cell: np.ndarray = np.array([*flags, False], dtype=bool)[codes]
    return per_cell
