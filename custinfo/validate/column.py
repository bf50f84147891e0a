"""What a column check is: a function from a column (and its context) to the problems found,
as (code, mask, suggestion) triples. validate/schema.py runs them as pandera checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from custinfo.config.model import ValidateConfig
from custinfo.fields import Field
from custinfo.typed import TypedSheet

# (code, problem mask aligned with the sheet's frame, suggestion text or Series)
Found = list[tuple[str, pd.Series, "pd.Series | str"]]


@dataclass
class Context:
    """What a column check may read besides its own column."""

    sheet: TypedSheet
    field: Field
    cfg: ValidateConfig
    as_of: dt.date
    memo: dict[str, pd.Series] = dataclasses.field(
        default_factory=dict
    )  # shared by one sheet's checks


Problems = Callable[[pd.Series, Context], Found]


def from_slugs(
    slugs: pd.Series, suggestions: pd.Series | str, ignore: tuple[str, ...] = ()
) -> Found:
    """Per-cell verdict slugs (None = fine) as one triple per code found."""
    codes = sorted(set(slugs.dropna()) - {"", *ignore})
    return [(c, slugs.eq(c).fillna(False).astype(bool), suggestions) for c in codes]
