"""Records for machine outputs (.csv/.jsonl/.parquet): canonical names, origin, check status."""

from __future__ import annotations

import pandas as pd

from custinfo.dataset import ROW_COL, SHEET_COL, Dataset
from custinfo.fields import DERIVED_HEADERS, Registry, SheetKind, derived_header

_SEVERITY_ORDER = {"error": 3, "warning": 2, "info": 1}
EXTRA_HEADERS_ZH = {
    "source_sheet": "来源工作表",
    "source_row": "来源行号",
    "finding_count": "问题数",
    "check_status": "检查结果",
}


def records_frame(
    ds: Dataset, kind: SheetKind = SheetKind.CUSTOMERS, frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The sheet's records (or `frame`, rows of that sheet such as the merged customers) with
    `source_sheet`/`source_row` and per-row finding counts."""
    frame = ds.frame(kind) if frame is None else frame
    table = ds.book.table(kind)
    if frame is None or table is None:
        return pd.DataFrame()
    on_sheet = ds.findings[ds.findings["sheet"].eq(table.sheet)]
    ranks = on_sheet["severity"].map(_SEVERITY_ORDER).groupby(on_sheet["row"])
    counts = ranks.size()
    worst = ranks.max().map({rank: name for name, rank in _SEVERITY_ORDER.items()})
    out = frame.rename(columns={SHEET_COL: "source_sheet", ROW_COL: "source_row"})
    # Unmapped columns travel under their own header rather than an internal x_<letter> key;
    # derived columns (province, budget_min …) under their canonical names.
    unmapped = {c.key: c.header or c.key for c in table.columns if c.field is None}
    out = out.rename(columns={k: v for k, v in unmapped.items() if k.startswith("x_")})
    out["finding_count"] = out["source_row"].map(counts).fillna(0).astype("int64")
    out["check_status"] = out["source_row"].map(worst).astype(object).fillna("ok")
    first = ["source_sheet", "source_row"]
    return out[[*first, *(c for c in out.columns if c not in first)]]


def headers_zh(registry: Registry, kind: SheetKind = SheetKind.CUSTOMERS) -> dict[str, str]:
    """Canonical column name -> Chinese header, for .csv/.xlsx exports."""
    extra_phones = {f"phone_{n}": derived_header(f"phone_{n}") for n in range(2, 10)}
    fields = {f.name: f.zh for f in registry.for_sheet(kind)}
    return fields | DERIVED_HEADERS | extra_phones | EXTRA_HEADERS_ZH
