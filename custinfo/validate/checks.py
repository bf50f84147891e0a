"""Checks as functions from a Series to a boolean mask (True = a problem)."""

from __future__ import annotations

import pandas as pd

from custinfo.distinct import per_distinct
from custinfo.validate.column import Context, Found


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty or only whitespace (full-width spaces included)."""
    return per_distinct(values, lambda u: u.astype(str).str.strip().eq(""), True, bool)


def required_problems(values: pd.Series, ctx: Context) -> Found:
    """`required.missing` for every blank cell of a required field that has a column.

    A required field with no column at all was already reported by ingest
    (`header.missing_required`), once for the sheet rather than once per row.
    """
    return [("required.missing", is_blank(values), "")]
