"""The validate stage: each check is a mask over a column; findings are made from masks."""

from __future__ import annotations

from custinfo.config import Rules
from custinfo.dataset import Dataset
from custinfo.validate.checks import required_findings


def run(ds: Dataset, rules: Rules) -> Dataset:
    """Return `ds` with the validation findings appended."""
    return ds.with_findings(required_findings(ds, rules.registry))
