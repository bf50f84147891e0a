"""Per-distinct-value verdicts: what the format checks (phones, e-mail, identity numbers) return.

A classifier takes the distinct non-blank values of a column and returns, for each, a
(code slug, suggestion) pair — slug "" when the value is fine. `cell_verdicts` runs one over a
column and maps the verdicts back to the cells, so each distinct value is looked at once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
import pandas as pd

Verdict = tuple[str, str]  # (code slug, suggestion); slug "" = the value is fine
Classifier = Callable[[pd.Series], tuple[np.ndarray, np.ndarray]]
OK: Verdict = ("", "")
NONE_GIVEN = "none_given"  # internal verdict for 暂无, 无, "-" …: never a finding


def cell_verdicts(values: pd.Series, classify: Classifier) -> tuple[pd.Series, pd.Series]:
    """(slug, suggestion) per cell, aligned with `values`; slug None where the cell is blank.

    `classify` sees each distinct stripped, non-blank value once, as an object Series.
    """
    raw_codes, raw = pd.factorize(values)  # -1: missing
    text = pd.Series(raw, dtype=object).astype("string").str.strip()
    codes, uniq = pd.factorize(text.where(text.ne("")))  # -1: blank
    codes = np.append(codes, -1)[raw_codes]
    slugs, suggestions = classify(pd.Series(uniq, dtype=object))
    hit = codes >= 0
    slug = np.full(len(values), None, dtype=object)
    sugg = np.full(len(values), "", dtype=object)
    slug[hit] = slugs[codes[hit]]
    sugg[hit] = suggestions[codes[hit]]
    return (
        pd.Series(slug, index=values.index, dtype=object),
        pd.Series(sugg, index=values.index, dtype=object),
    )


def empty_verdicts(n: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` fine verdicts, as (slugs, suggestions) object arrays to fill in."""
    return np.full(n, "", dtype=object), np.full(n, "", dtype=object)


def none_given(uniq: pd.Series, none: Collection[str]) -> np.ndarray:
    """True for 暂无, 无 … (as configured) and for bare punctuation such as "-" or "/"."""
    return (uniq.isin(none) | ~uniq.str.contains(r"\w", regex=True)).to_numpy(bool)
