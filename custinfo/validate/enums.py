"""Enumerations: the standard value passes, a known variant is a warning with its standard form,
anything else is an error for a strict list (an open list, like 客户来源, accepts other values)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from custinfo.fields import Field, enum_key
from custinfo.validate.column import Context, Found, from_slugs


def classify(value: str, f: Field) -> tuple[str | None, str]:
    """(slug or None, suggestion) for one distinct typed value of an enumeration field."""
    if value in f.enum:
        return None, ""
    standard = f.standard_values.get(enum_key(value))
    if standard is not None:
        return "enum.synonym", standard
    if f.open_enum:
        return None, ""
    return "enum.invalid", _allowed(value, f)


def _allowed(value: str, f: Field) -> str:
    """The allowed values, the closest one first when it is plausibly what was meant."""
    best = process.extractOne(value, f.enum, scorer=fuzz.ratio, score_cutoff=50)
    first = [best[0]] if best else []
    return " / ".join(dict.fromkeys([*first, *f.enum]))


def enum_problems(values: pd.Series, ctx: Context) -> Found:
    """`enum.synonym` (with the standard value) and `enum.invalid` (with the allowed values)."""
    f = ctx.field
    # each distinct cell is classified once; `codes` maps verdicts back (-1: missing)
    codes, uniq = pd.factorize(values)
    text = pd.Series(uniq, dtype=object).astype("string").str.strip()
    verdicts = {v: classify(v, f) for v in pd.unique(text[text.ne("")])}
    pairs = [verdicts.get(v, (None, "")) for v in text] + [(None, "")]
    slugs = pd.Series(
        np.array([slug for slug, _ in pairs], dtype=object)[codes], index=values.index, dtype=object
    )
    suggestion = pd.Series(
        np.array([sugg for _, sugg in pairs], dtype=object)[codes], index=values.index, dtype=object
    )
    return from_slugs(slugs, suggestion)
