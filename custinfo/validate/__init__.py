"""The validate stage: column checks as pandera schemas (validate/schema.py), then the checks
across columns and sheets on the typed view; findings are made from masks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from custinfo.config import Rules
from custinfo.dataset import Dataset
from custinfo.findings import concat
from custinfo.typed import typed_sheets
from custinfo.validate.followup import followup_findings
from custinfo.validate.formats import pairing
from custinfo.validate.logic import logic_findings
from custinfo.validate.schema import schema_findings
from custinfo.validate.user_rules import user_rule_findings


def run(ds: Dataset, rules: Rules) -> Dataset:
    """Return `ds` with the validation findings appended (severities as rules.yaml sets them)."""
    cfg = rules.config.validate_
    sheets = typed_sheets(ds, rules.registry, rules.as_of)
    columns, memos = schema_findings(sheets, rules.registry, cfg, rules.as_of)
    found = concat(
        [
            columns,
            pairing(sheets, rules.registry, memos),
            logic_findings(sheets, cfg.logic, rules.as_of),
            followup_findings(sheets, cfg.followup, rules.as_of),
            user_rule_findings(rules.user_rules, sheets, rules.as_of),
        ]
    )
    codes = {**ds.codes, **{r.code.slug: r.code for r in rules.user_rules}}
    return replace(ds, codes=codes).with_findings(with_severities(found, cfg.severity))


def with_severities(findings: pd.DataFrame, levels: Mapping[str, str]) -> pd.DataFrame:
    """Findings with rules.yaml's `validate.severity` applied: a new level, or `off` to drop."""
    if not levels or findings.empty:
        return findings
    new = findings["code"].map(levels)
    kept = findings[new.ne("off")]
    return kept.assign(severity=new[kept.index].fillna(kept["severity"]))
