"""客户编号: present, unique, and following the numbering rule (validate.customer_id_pattern)."""

from __future__ import annotations

import pandas as pd

from custinfo.dataset import ROW_COL
from custinfo.validate.checks import is_blank
from custinfo.validate.column import Context, Found


def id_problems(values: pd.Series, ctx: Context) -> Found:
    """`id.missing`, `id.duplicate` (each occurrence, naming the other rows) and `id.format`."""
    blank = is_blank(values)
    ids = values.astype("string").str.strip().where(~blank)
    dup = ids.duplicated(keep=False) & ~blank
    others = _other_rows(ids[dup], ctx.sheet.frame.loc[dup, ROW_COL])
    pattern = ctx.cfg.customer_id_pattern
    bad_format = ~blank & ~ids.str.fullmatch(pattern).fillna(False).astype(bool)
    return [("id.missing", blank, ""), ("id.duplicate", dup, others), ("id.format", bad_format, "")]


def _other_rows(ids: pd.Series, rows: pd.Series) -> pd.Series:
    """For each duplicated ID, the Excel rows of its other occurrences ("9, 12")."""
    by_id = rows.groupby(ids).agg(list)
    return pd.Series(
        [", ".join(str(r) for r in by_id[i] if r != row) for i, row in zip(ids, rows, strict=True)],
        index=ids.index,
        dtype=object,
    )
