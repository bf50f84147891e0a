"""Format checks: phones, e-mail addresses, 统一社会信用代码 and 身份证号, and who may have which.

The rules live in `phones`, `emails` and `identity`; this module runs them over every sheet.
Each distinct value is classified once and the verdicts are mapped back to the cells
(`verdicts.cell_verdicts`).
"""

from __future__ import annotations

import pandas as pd

from custinfo.config.model import ValidateConfig
from custinfo.dataset import Dataset
from custinfo.fields import Kind, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.validate.emails import classify_emails
from custinfo.validate.identity import classify_credit_codes, classify_id_numbers, pairing_findings
from custinfo.validate.phones import classify_phones
from custinfo.validate.verdicts import NONE_GIVEN, Classifier, cell_verdicts


def format_findings(ds: Dataset, registry: Registry, cfg: ValidateConfig) -> pd.DataFrame:
    """Findings for phone, e-mail, credit-code and ID-number cells that are not valid, and for
    a 个人 with a credit code or a 企业 with an ID number. Blank cells are skipped.

    `cfg.credit_code_placeholders` (暂无, 无) and bare punctuation ("-", "/") mean "none given"
    in the e-mail, credit-code and ID-number columns.
    """
    none = frozenset(p.strip() for p in cfg.credit_code_placeholders)
    classifiers: dict[Kind, Classifier] = {
        Kind.PHONE: classify_phones,
        Kind.EMAIL: lambda u: classify_emails(u, none),
        Kind.CREDIT_CODE: lambda u: classify_credit_codes(u, none),
        Kind.ID_NUMBER: lambda u: classify_id_numbers(u, none),
    }
    out = []
    for kind in SheetKind:
        table, frame = ds.book.table(kind), ds.frame(kind)
        if table is None or frame is None:
            continue
        fields = [f for f in registry.for_sheet(kind) if f.name in frame.columns]
        slugs: dict[str, pd.Series] = {}
        for f in fields:
            classify = classifiers.get(f.kind)
            if classify is None:
                continue
            slug, suggestion = cell_verdicts(frame[f.name], classify)
            slugs[f.name] = slug
            for s in sorted(set(slug.dropna()) - {"", NONE_GIVEN}):
                out.append(
                    findings_from_mask(table, frame, slug.eq(s), f.name, s, suggestion=suggestion)
                )
        out.extend(pairing_findings(table, frame, registry, fields, slugs))
    return concat(out)
