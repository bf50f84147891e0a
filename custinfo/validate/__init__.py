"""The validate stage: each check is a mask over a column; findings are made from masks."""

from __future__ import annotations

from custinfo.config import Rules
from custinfo.dataset import Dataset
from custinfo.validate.checks import required_findings
from custinfo.validate.dates import date_findings
from custinfo.validate.enums import enum_findings
from custinfo.validate.formats import format_findings
from custinfo.validate.ids import id_findings


def run(ds: Dataset, rules: Rules) -> Dataset:
    """Return `ds` with the validation findings appended."""
    cfg = rules.config.validate_
    return ds.with_findings(
        required_findings(ds, rules.registry),
        enum_findings(ds, rules.registry),
        id_findings(ds, cfg),
        date_findings(ds, rules.registry, rules.as_of),
        format_findings(ds, rules.registry, cfg),
    )
