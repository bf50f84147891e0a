"""客户编号: present, unique, and following the numbering rule (validate.customer_id_pattern)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from custinfo.dataset import ROW_COL
from custinfo.validate.checks import is_blank
from custinfo.validate.column import Context, Found


def id_problems(values: pd.Series, ctx: Context) -> Found:
    """`id.missing`, `id.duplicate` (each occurrence, naming the other rows) and `id.format`."""
    blank = is_blank(values)
    ids = values.astype("string").str.strip().where(~blank)
    dup = ids.duplicated(keep=False) & ~blank
    others = _other_rows(ids[dup], ctx.sheet.frame.loc[dup, ROW_COL])
    bad_format = ~blank & ~full_match(ids, ctx.cfg.customer_id_pattern)
    return [("id.missing", blank, ""), ("id.duplicate", dup, others), ("id.format", bad_format, "")]


def full_match(values: pd.Series, pattern: str) -> pd.Series:
    """Whether each value matches the user's `pattern` whole, by RE2 (pyarrow): linear time
    whatever the pattern, so a rules.yaml pattern cannot make a run hang (Python's `re`
    backtracks exponentially on patterns like `(a+)+$`). Missing values are False."""
    arrow = pa.array(values.astype(object), type=pa.string(), from_pandas=True)
    hit = pc.match_substring_regex(arrow, f"^(?:{pattern})$").fill_null(False)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def _other_rows(ids: pd.Series, rows: pd.Series) -> pd.Series:
    """For each duplicated ID, the Excel rows of its other occurrences ("9, 12")."""
    by_id = rows.groupby(ids).agg(list)
    return pd.Series(
        [", ".join(str(r) for r in by_id[i] if r != row) for i, row in zip(ids, rows, strict=True)],
        index=ids.index,
        dtype=object,
    )
