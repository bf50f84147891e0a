"""Format checks: phones, e-mail addresses, 统一社会信用代码 and 身份证号, and who may have which.

The rules live in `phones`, `emails` and `identity`; this module runs them over every sheet.
Each distinct value is classified once and the verdicts are mapped back to the cells
(`verdicts.cell_verdicts`).
"""

from __future__ import annotations

import pandas as pd

from custinfo.fields import Kind, Registry, SheetKind
from custinfo.findings import concat
from custinfo.typed import TypedSheet
from custinfo.validate.column import Context, Found, from_slugs
from custinfo.validate.emails import classify_emails
from custinfo.validate.identity import classify_credit_codes, classify_id_numbers, pairing_findings
from custinfo.validate.phones import classify_phones
from custinfo.validate.verdicts import NONE_GIVEN, Classifier, cell_verdicts


def format_problems(values: pd.Series, ctx: Context) -> Found:
    """Phone, e-mail, credit-code and ID-number cells that are not valid (blank cells skipped).

    `validate.credit_code_placeholders` (暂无, 无) and bare punctuation ("-", "/") mean "none
    given" in the e-mail, credit-code and ID-number columns. The verdicts are kept in the memo
    for `pairing_findings`.
    """
    none = frozenset(p.strip() for p in ctx.cfg.credit_code_placeholders)
    classifiers: dict[Kind, Classifier] = {
        Kind.PHONE: classify_phones,
        Kind.EMAIL: lambda u: classify_emails(u, none),
        Kind.CREDIT_CODE: lambda u: classify_credit_codes(u, none),
        Kind.ID_NUMBER: lambda u: classify_id_numbers(u, none),
    }
    slug, suggestion = cell_verdicts(values, classifiers[ctx.field.kind])
    ctx.memo[memo_key(ctx.field.name)] = slug
    return from_slugs(slug, suggestion, ignore=(NONE_GIVEN,))


def memo_key(name: str) -> str:
    return f"format:{name}"


def pairing(
    sheets: dict[SheetKind, TypedSheet],
    registry: Registry,
    memos: dict[SheetKind, dict[str, pd.Series]],
) -> pd.DataFrame:
    """个人 with a credit code, 企业 with an ID number, from the verdicts `format_problems` kept."""
    out = []
    for kind, sheet in sheets.items():
        memo = memos.get(kind, {})
        slugs = {n: memo[memo_key(n)] for n in sheet.frame.columns if memo_key(n) in memo}
        present = [
            f
            for f in registry.for_sheet(kind)
            if f.name in sheet.frame.columns
            and (f.kind not in (Kind.CREDIT_CODE, Kind.ID_NUMBER) or f.name in slugs)
        ]
        out.extend(pairing_findings(sheet.table, sheet.frame, registry, present, slugs))
    return concat(out)
