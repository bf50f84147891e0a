"""The only way findings are made: from a boolean mask over a table, or one for a whole column."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from custinfo.codes import code
from custinfo.dataset import FINDING_COLUMNS, ROW_COL, Table, empty_findings
from custinfo.fields import display_header


def findings_from_mask(
    table: Table,
    frame: pd.DataFrame,
    mask: pd.Series,
    field: str,
    slug: str,
    *,
    suggestion: str | pd.Series = "",
    value: pd.Series | None = None,
    severity: str | None = None,
) -> pd.DataFrame:
    """One finding per True in `mask` (aligned with `frame`), located at `field`'s column.

    `value` defaults to the field's own cells; `suggestion` may be one text or a Series aligned
    with `frame` (e.g. the enum value a synonym maps to). `severity` overrides the catalog's
    (rules.yaml may set it per check, and user rules carry their own).
    """
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return empty_findings()
    hits = frame.loc[mask]
    n = len(hits)
    if value is None:
        values = hits[field] if field in hits.columns else pd.Series("", index=hits.index)
    else:
        values = value.loc[hits.index]
    sugg = suggestion.loc[hits.index] if isinstance(suggestion, pd.Series) else [suggestion] * n
    owner = hits["owner"] if "owner" in hits.columns else [""] * n
    return pd.DataFrame(
        {
            "sheet": table.sheet,
            "row": hits[ROW_COL].astype("int64").to_numpy(),
            "column": table.letter(field),
            "field": field,
            "header": display_header(table.header_of(field)),
            "code": slug,
            "severity": severity or code(slug).severity.value,
            "value": values.fillna("").astype(str).to_numpy(),
            "suggestion": pd.Series(list(sugg)).fillna("").astype(str).to_numpy(),
            "owner": pd.Series(list(owner)).fillna("").astype(str).to_numpy(),
        },
        columns=list(FINDING_COLUMNS),
    )


def finding(
    sheet: str,
    row: int,
    slug: str,
    *,
    column: str = "",
    field: str = "",
    header: str = "",
    value: str = "",
    suggestion: str = "",
    owner: str = "",
) -> pd.DataFrame:
    """A single finding about a sheet or a column rather than a cell (e.g. a missing column)."""
    return pd.DataFrame(
        [
            [
                sheet,
                row,
                column,
                field,
                header,
                slug,
                code(slug).severity.value,
                value,
                suggestion,
                owner,
            ]
        ],
        columns=list(FINDING_COLUMNS),
    )


def concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_findings()
    return pd.concat(frames, ignore_index=True)


def flat(findings: pd.DataFrame, *columns: str) -> list[list[object]]:
    """Findings as plain lists of the chosen columns, sorted — the workhorse of test asserts."""
    rows = findings.loc[:, list(columns)].to_numpy().tolist()
    return sorted(
        rows, key=lambda r: [(0, x, "") if isinstance(x, int) else (1, 0, str(x)) for x in r]
    )
