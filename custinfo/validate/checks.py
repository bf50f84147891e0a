"""Checks as functions from a Series to a boolean mask (True = a problem)."""

from __future__ import annotations

import pandas as pd

from custinfo.dataset import Dataset
from custinfo.distinct import per_distinct
from custinfo.fields import Registry, SheetKind
from custinfo.findings import concat, findings_from_mask


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty or only whitespace (full-width spaces included)."""
    return per_distinct(values, lambda u: u.astype(str).str.strip().eq(""), True, bool)


def required_findings(ds: Dataset, registry: Registry) -> pd.DataFrame:
    """`required.missing` for every blank cell of a required field that has a column.

    A required field with no column at all was already reported by ingest
    (`header.missing_required`), once for the sheet rather than once per row.
    """
    out = []
    for kind in SheetKind:
        table = ds.book.table(kind)
        frame = ds.frame(kind)
        if table is None or frame is None:
            continue
        for f in registry.for_sheet(kind):
            if f.required and f.name in frame.columns:
                out.append(
                    findings_from_mask(
                        table, frame, is_blank(frame[f.name]), f.name, "required.missing"
                    )
                )
    return concat(out)
