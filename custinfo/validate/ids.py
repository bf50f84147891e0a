"""客户编号: present, unique, and following the numbering rule (validate.customer_id_pattern)."""

from __future__ import annotations

import pandas as pd

from custinfo.config.model import ValidateConfig
from custinfo.dataset import ROW_COL, Dataset
from custinfo.fields import SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.validate.checks import is_blank

FIELD = "customer_id"


def id_findings(ds: Dataset, cfg: ValidateConfig) -> pd.DataFrame:
    """`id.missing`, `id.duplicate` (each occurrence, naming the other rows) and `id.format`."""
    table, frame = ds.book.table(SheetKind.CUSTOMERS), ds.customers
    if table is None or FIELD not in frame.columns:
        return concat([])
    blank = is_blank(frame[FIELD])
    ids = frame[FIELD].astype("string").str.strip().where(~blank)
    dup = ids.duplicated(keep=False) & ~blank
    others = _other_rows(ids[dup], frame.loc[dup, ROW_COL])
    bad_format = ~blank & ~ids.str.fullmatch(cfg.customer_id_pattern).fillna(False).astype(bool)
    return concat(
        [
            findings_from_mask(table, frame, blank, FIELD, "id.missing"),
            findings_from_mask(table, frame, dup, FIELD, "id.duplicate", suggestion=others),
            findings_from_mask(table, frame, bad_format, FIELD, "id.format"),
        ]
    )


def _other_rows(ids: pd.Series, rows: pd.Series) -> pd.Series:
    """For each duplicated ID, the Excel rows of its other occurrences ("9, 12")."""
    by_id = rows.groupby(ids).agg(list)
    return pd.Series(
        [", ".join(str(r) for r in by_id[i] if r != row) for i, row in zip(ids, rows, strict=True)],
        index=ids.index,
        dtype=object,
    )
