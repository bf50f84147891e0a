"""Work once per distinct value: a column's distinct values go through a function and the
results are spread back over the cells. A sheet of 100k rows often holds a few hundred
distinct statuses or head counts, so this beats both a per-cell loop and string methods over
the whole column."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]


def per_distinct(
    values: pd.Series,
    fn: Callable[[pd.Series], Any],
    missing: object,
    dtype: Any = object,
) -> pd.Series:
    """`fn` of each distinct non-missing value, per cell (`missing` where the cell is NA).

    `fn` receives the distinct values as an object Series and returns one result per value
    (a list, array or Series of the same length).
    """
    codes, uniq = pd.factorize(values)  # -1 where missing
    results = np.asarray(fn(pd.Series(uniq, dtype=object)), dtype=dtype)
    table = np.append(results, np.array([missing], dtype=dtype))
    out: pd.Series = pd.Series(table[codes], index=values.index, dtype=dtype, copy=False)
    return out


def flagged(values: pd.Series | pd.Index | np.ndarray, pattern: str) -> np.ndarray:
    """True where `pattern` is found in a value, or the value is not a string: the values a
    normalizer's fast path must hand to its per-value path.

    The search runs over all values at once in pyarrow, whose RE2 reads `pattern` (write it in
    the syntax RE2 and `re` share, and mind that RE2's `$` is the end of the text only and its
    `\\s` ASCII only). When a value cannot be stored as UTF-8 (a lone surrogate), every value is
    flagged.
    """
    items = np.asarray(values, dtype=object)
    if not len(items):
        return np.zeros(0, dtype=bool)
    if pd.api.types.infer_dtype(items, skipna=False) != "string":
        strings = np.array([isinstance(v, str) for v in items], dtype=bool)
        out = ~strings
        out[strings] = flagged(items[strings], pattern)
        return out
    try:
        arrow = pa.array(items, type=pa.string())
    except UnicodeEncodeError:
        return np.ones(len(items), dtype=bool)
    hit = pc.match_substring_regex(arrow, pattern).to_numpy(zero_copy_only=False)
    return np.asarray(hit, dtype=bool)


def re2_class(chars: Iterable[str]) -> str:
    """A character class of `chars` for a `flagged` pattern (RE2 syntax)."""
    return "[" + "".join("\\" + c if c in "\\[]^-" else c for c in chars) + "]"
