"""The only way findings are made: from a boolean mask over a table, or one for a whole column."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
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
    hit = _positions(mask, frame)
    if not len(hit):
        return empty_findings()
    if value is None:
        values: np.ndarray | str = _texts(frame[field], frame, hit) if field in frame else ""
    else:
        values = _texts(value, frame, hit)
    if isinstance(suggestion, pd.Series):
        suggestions: np.ndarray | str = _texts(suggestion, frame, hit)
    else:
        suggestions = suggestion
    owner = _texts(frame["owner"], frame, hit) if "owner" in frame else ""
    # Scalars are broadcast by the constructor; only per-row columns are arrays.
    return pd.DataFrame(
        {
            "sheet": table.sheet,
            "row": frame[ROW_COL].to_numpy()[hit].astype("int64"),
            "column": table.letter(field),
            "field": field,
            "header": display_header(table.header_of(field)),
            "code": slug,
            "severity": severity or code(slug).severity.value,
            "value": values,
            "suggestion": suggestions,
            "owner": owner,
        },
        index=pd.RangeIndex(len(hit)),
        columns=list(FINDING_COLUMNS),
    )


def _positions(mask: pd.Series, frame: pd.DataFrame) -> np.ndarray:
    """Positions in `frame` where `mask` (aligned with it by label) is True; NA counts as False."""
    if not _same_rows(mask, frame):
        mask = mask.loc[frame.index]
    flags = mask.to_numpy() if mask.dtype == bool else mask.fillna(False).astype(bool).to_numpy()
    return np.flatnonzero(flags)


def _same_rows(series: pd.Series, frame: pd.DataFrame) -> bool:
    return series.index is frame.index or series.index.equals(frame.index)


def _texts(values: pd.Series, frame: pd.DataFrame, hit: np.ndarray) -> np.ndarray:
    """`values` (aligned with `frame` by label) at the frame's positions `hit`, as text:
    "" where missing, str() of anything else."""
    rows = values.iloc[hit] if _same_rows(values, frame) else values.loc[frame.index[hit]]
    picked = rows.to_numpy(dtype=object)
    text = np.where(pd.isna(picked), "", picked)
    if pd.api.types.infer_dtype(text, skipna=False) in ("string", "empty"):
        return text
    return np.array([str(v) for v in text], dtype=object)


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
