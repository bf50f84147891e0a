"""Enumerations: the standard value passes, a known variant is a warning with its standard form,
anything else is an error for a strict list (an open list, like 客户来源, accepts other values)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from custinfo.dataset import Dataset
from custinfo.fields import Field, Kind, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask


def enum_key(text: str) -> str:
    """How variants are compared: half-width, no whitespace, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def classify(value: str, f: Field) -> tuple[str | None, str]:
    """(slug or None, suggestion) for one distinct typed value of an enumeration field."""
    if value in f.enum:
        return None, ""
    lookup = {enum_key(v): v for v in f.enum} | {enum_key(k): v for k, v in f.synonyms.items()}
    standard = lookup.get(enum_key(value))
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


def enum_findings(ds: Dataset, registry: Registry) -> pd.DataFrame:
    """`enum.synonym` and `enum.invalid` for every enumeration field on every sheet."""
    out = []
    for kind in SheetKind:
        table, frame = ds.book.table(kind), ds.frame(kind)
        if table is None or frame is None:
            continue
        for f in registry.for_sheet(kind):
            if f.kind is not Kind.ENUM or f.name not in frame.columns:
                continue
            # each distinct cell is classified once; `codes` maps verdicts back (-1: missing)
            codes, uniq = pd.factorize(frame[f.name])
            text = pd.Series(uniq, dtype=object).astype("string").str.strip()
            verdicts = {v: classify(v, f) for v in pd.unique(text[text.ne("")])}
            pairs = [verdicts.get(v, (None, "")) for v in text] + [(None, "")]
            slugs = np.array([slug for slug, _ in pairs], dtype=object)[codes]
            suggestion = pd.Series(
                np.array([sugg for _, sugg in pairs], dtype=object)[codes],
                index=frame.index,
                dtype=object,
            )
            for code in ("enum.synonym", "enum.invalid"):
                mask = pd.Series(slugs == code, index=frame.index)
                out.append(
                    findings_from_mask(table, frame, mask, f.name, code, suggestion=suggestion)
                )
    return concat(out)
