"""Masking for outputs: ID numbers are never written in clear (PRODUCT.md, Privacy)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from custinfo.dataset import CellKind, Dataset, Table
from custinfo.fields import SheetKind

ALWAYS_MASKED = ("id_number",)  # masked in every output, whatever options are given


def mask_id_number(values: pd.Series) -> pd.Series:
    """'110101199003074578' -> '110***********4578'; short or odd values become '****'."""
    text = values.astype("string").str.strip()
    masked = text.str.slice(0, 3) + "*" * 11 + text.str.slice(-4)
    masked = masked.where(text.str.len().ge(8), "****")
    return masked.astype(object).where(values.notna(), None)


def mask_dataset(ds: Dataset) -> Dataset:
    """`ds` with ALWAYS_MASKED fields masked in the frames, the tables as read and the findings."""
    tables = {kind: _mask_table(t) for kind, t in ds.book.tables.items()}
    frames = {kind: _mask_frame(ds.frame(kind)) for kind in SheetKind}
    findings = mask_findings(ds.findings)
    customers = frames[SheetKind.CUSTOMERS]
    assert customers is not None
    return replace(
        ds,
        book=replace(ds.book, tables=tables),
        customers=customers,
        interactions=frames[SheetKind.INTERACTIONS],
        transactions=frames[SheetKind.TRANSACTIONS],
        findings=findings,
    )


def mask_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings with the values of ALWAYS_MASKED fields masked (the frame itself when none)."""
    hit = findings["field"].isin(ALWAYS_MASKED) & findings["value"].ne("")
    if not hit.any():
        return findings
    out = findings.copy()
    out.loc[hit, "value"] = mask_id_number(out.loc[hit, "value"])
    return out


def _mask_frame(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    if frame is None or not any(c in frame.columns for c in ALWAYS_MASKED):
        return frame
    out = frame.copy()
    for col in ALWAYS_MASKED:
        if col in out.columns:
            out[col] = mask_id_number(out[col])
    return out


def _mask_table(table: Table) -> Table:
    frame = _mask_frame(table.frame)
    if frame is table.frame:
        return table
    kinds = table.kinds.copy()
    for col in ALWAYS_MASKED:
        if col in kinds.columns:  # a masked number is text now: never write it back as a number
            kinds[col] = (
                kinds[col].where(kinds[col].eq(CellKind.EMPTY), CellKind.TEXT).astype("int8")
            )
    assert frame is not None
    return replace(table, frame=frame, kinds=kinds)
