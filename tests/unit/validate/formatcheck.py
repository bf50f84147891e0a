"""Shared by the format-check tests: run the format checks over rows built in code."""

from __future__ import annotations

from functools import cache

import pandas as pd

from custinfo.config import Rules, load_rules
from custinfo.config.model import ValidateConfig
from custinfo.fields import SheetKind
from custinfo.findings import flat
from tests.frames import column_findings, make_dataset, make_table

FORMAT_FIELDS = ("phone", "email", "credit_code", "id_number")


@cache
def default_rules() -> Rules:
    return load_rules(None)


def check(
    rows: list[dict[str, str | None]],
    cfg: ValidateConfig | None = None,
    fields: list[str] | None = None,
) -> pd.DataFrame:
    ds = make_dataset(make_table(SheetKind.CUSTOMERS, rows, fields=fields))
    return column_findings(
        ds, "format", registry=default_rules().registry, cfg=cfg or default_rules().config.validate_
    )


def one(field: str, value: str | None, customer_type: str = "企业") -> pd.DataFrame:
    """Findings for a single cell: column A is 客户类型, the checked field is column B."""
    return check([{"customer_type": customer_type, field: value}])


def codes_of(findings: pd.DataFrame) -> list[list[object]]:
    return flat(findings, "row", "column", "code")
