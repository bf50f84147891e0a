"""Work once per distinct value: a column's distinct values go through a function and the
results are spread back over the cells. A sheet of 100k rows often holds a few hundred
distinct statuses or head counts, so this beats both a per-cell loop and string methods over
the whole column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


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
    out: pd.Series = pd.Series(table[codes], index=values.index, dtype=dtype)
    return out
