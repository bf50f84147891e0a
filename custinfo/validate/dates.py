"""Dates: every date field must parse, and what has already happened cannot be in the future."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from custinfo.fields import SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.typed import TypedSheet

# Fields that record something that has happened (下次沟通时间 and 期望达成时间 are meant to be ahead).
PAST_FIELDS = frozenset(
    {"first_contact", "last_interaction", "interaction_date", "order_date", "founded", "updated_at"}
)


def date_findings(sheets: dict[SheetKind, TypedSheet], as_of: dt.date) -> pd.DataFrame:
    """`date.unparseable` for any date that cannot be read; `date.future` for past events after as_of."""
    out = []
    for sheet in sheets.values():
        table, frame = sheet.table, sheet.frame
        keys, parsed = sheet.dates()
        for name, key in keys.items():
            # each distinct key is judged once; `codes` maps the verdicts back (-1: blank)
            codes, uniq = pd.factorize(key)
            dates = [parsed[k] for k in pd.Series(uniq, dtype=object).tolist()]
            unreadable = _per_cell([d is None for d in dates], codes)
            out.append(
                findings_from_mask(
                    table, frame, pd.Series(unreadable, index=key.index), name, "date.unparseable"
                )
            )
            if name in PAST_FIELDS:
                late = _per_cell([d is not None and d.value > as_of for d in dates], codes)
                out.append(
                    findings_from_mask(
                        table,
                        frame,
                        pd.Series(late, index=key.index),
                        name,
                        "date.future",
                        suggestion=as_of.isoformat(),
                    )
                )
    return concat(out)


def _per_cell(flags: list[bool], codes: np.ndarray) -> np.ndarray:
    """One flag per distinct key, spread over the cells; False where the key is blank (-1)."""
    per_cell: np.ndarray = np.array([*flags, False], dtype=bool)[codes]
    return per_cell
