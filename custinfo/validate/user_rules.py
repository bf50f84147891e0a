"""rules.yaml's own checks (`validate.rules`): a condition in the safe condition language, a
message, a severity. Conditions were compiled when rules.yaml was loaded (config/conditions.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from custinfo.config.conditions import CompiledRule
from custinfo.fields import SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.typed import TypedSheet


def user_rule_findings(
    rules: tuple[CompiledRule, ...], sheets: dict[SheetKind, TypedSheet], as_of: dt.date
) -> pd.DataFrame:
    out = []
    for r in rules:
        sheet = sheets.get(r.rule.sheet)
        if sheet is None:
            continue
        mask = r.condition.mask(sheet.frame_of(r.condition.columns), as_of)
        out.append(
            findings_from_mask(
                sheet.table,
                sheet.frame,
                mask,
                r.field,
                r.code.slug,
                severity=r.rule.severity,
            )
        )
    return concat(out)
