"""Numbers and money: a count must read as a number, an amount as money ("1.2万", "5-10万" …)."""

from __future__ import annotations

import pandas as pd

from custinfo.dataset import Dataset
from custinfo.fields import Kind, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.typed import TypedSheet
from custinfo.validate.checks import is_blank


def amount_findings(
    ds: Dataset, sheets: dict[SheetKind, TypedSheet], registry: Registry
) -> pd.DataFrame:
    """`number.invalid` for counts that hold no number, `money.unparseable` for unreadable money."""
    out = []
    for kind, sheet in sheets.items():
        frame = sheet.frame
        for f in registry.for_sheet(kind):
            if f.name not in frame.columns:
                continue
            if f.kind is Kind.INTEGER:
                mask = ~is_blank(frame[f.name]) & sheet[f.name].isna()
                out.append(findings_from_mask(sheet.table, frame, mask, f.name, "number.invalid"))
            elif f.kind is Kind.MONEY:
                mask = sheet.money(f.name).unreadable
                out.append(
                    findings_from_mask(sheet.table, frame, mask, f.name, "money.unparseable")
                )
    return concat(out)
