"""One sheet through the normalizers: canonical values written over what was typed, derived
columns appended, every change recorded (old, new, rule) and what could not be fixed reported."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from custinfo.dataset import (
    CHANGE_COLUMNS,
    ROW_COL,
    CellKind,
    ColumnMap,
    Table,
    column_index,
    column_letter,
    empty_changes,
)
from custinfo.fields import derived_header
from custinfo.findings import concat, findings_from_mask
from custinfo.normalize.column import Normalized
from custinfo.typed import TypedSheet


@dataclass
class SheetEdit:
    """A sheet being normalized: the new frame and cell kinds, and what was done to them."""

    sheet: TypedSheet
    frame: pd.DataFrame = field(init=False)
    kinds: pd.DataFrame = field(init=False)
    derived: dict[str, pd.Series] = field(default_factory=dict)
    derived_kinds: dict[str, CellKind] = field(default_factory=dict)
    changes: list[pd.DataFrame] = field(default_factory=list)
    changed_rows: dict[str, np.ndarray] = field(default_factory=dict)  # field -> Excel rows
    findings: list[pd.DataFrame] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Shallow: a column is replaced, never written into (pandas' copy-on-write keeps the
        # typed frame as read), so the copies cost nothing.
        self.frame = self.sheet.frame.copy(deep=False)
        self.kinds = self.sheet.table.kinds.copy(deep=False)

    def apply(
        self, name: str, result: Normalized, kind: pd.Series | CellKind | None = None
    ) -> None:
        """Write `result` for field `name`: changed cells get the canonical value (and `kind`,
        when given), derived columns are kept, problems become findings at the field's cells."""
        old = self.sheet.frame[name]
        new = _aligned(result.values, old.index)
        o, n = old.to_numpy(dtype=object), new.to_numpy(dtype=object)
        differs = np.flatnonzero(n != o)  # None != "x" counts here; blanks are dropped below
        old_text, new_text = _arrow_text(o[differs]), _arrow_text(n[differs])
        if old_text is not None and new_text is not None:  # text or blank: one pass each
            filled = pc.invert(pc.or_(old_text.is_null(), new_text.is_null()))
            differs = differs[filled.to_numpy(zero_copy_only=False)]
            olds, news = _str_series(pc.filter(old_text, filled), pc.filter(new_text, filled))
        else:
            differs = differs[pd.notna(n[differs]) & pd.notna(o[differs])]
            olds, news = _as_str(o[differs]), _as_str(n[differs])
        if len(differs):
            if old.dtype == object:
                values = o.copy()
                values[differs] = n[differs]
                self.frame[name] = pd.Series(values, index=old.index, dtype=object, copy=False)
            else:
                self.frame[name] = old.where(~_mask(differs, old.index), new)
            if kind is not None and name in self.kinds.columns:
                kinds = self.kinds[name].to_numpy(dtype=np.int8, copy=True)
                if isinstance(kind, pd.Series):
                    kinds[differs] = _aligned(kind, old.index).to_numpy()[differs]
                else:
                    kinds[differs] = int(kind)
                self.kinds[name] = pd.Series(kinds, index=old.index, dtype="int8", copy=False)
            if isinstance(result.rule, str):
                rule: str | pd.Series = result.rule
            else:
                rule = _aligned(result.rule, old.index).iloc[differs].reset_index(drop=True)
            rows = self.sheet.frame[ROW_COL].to_numpy()[differs].astype("int64")
            done = self.changed_rows.get(name)
            self.changed_rows[name] = rows if done is None else np.concatenate([done, rows])
            self.changes.append(
                pd.DataFrame(
                    {
                        "sheet": self.sheet.table.sheet,
                        "row": rows,
                        "field": name,
                        "old": olds,
                        "new": news,
                        "rule": rule,
                    },
                    columns=list(CHANGE_COLUMNS),
                )
            )
        self.derived.update(result.derived)
        for slug, mask, suggestion in result.problems:
            self.findings.append(
                findings_from_mask(
                    self.sheet.table, self.sheet.frame, mask, name, slug, suggestion=suggestion
                )
            )

    def derive(self, name: str, values: pd.Series, kind: CellKind = CellKind.TEXT) -> None:
        """A derived column computed here rather than by a normalizer (budget_min …)."""
        self.derived[name] = values
        self.derived_kinds[name] = kind

    def table(self) -> Table:
        """The normalized sheet: derived columns follow the sheet's last column."""
        table = self.sheet.table
        frame, kinds = self.frame, self.kinds
        columns = list(table.columns)
        next_col = (
            max((column_index(c.column) for c in columns), default=table.first_column - 1) + 1
        )
        for name, values in self.derived.items():
            present = _aligned(values, frame.index).to_numpy(dtype=object)
            blank = pd.isna(present)
            kind = self.derived_kinds.get(name, CellKind.TEXT)
            kinds[name] = pd.Series(
                np.where(blank, int(CellKind.EMPTY), int(kind)).astype("int8"), index=frame.index
            )
            if name not in frame.columns:  # else: read back from an earlier run; recomputed
                columns.append(
                    ColumnMap(column_letter(next_col), derived_header(name), name, None, "derived")
                )
                next_col += 1
            if blank.any():
                present = present.copy()
                present[blank] = None
            frame[name] = pd.Series(present, index=frame.index, dtype=object)
        return replace(table, frame=frame, kinds=kinds, columns=tuple(columns))

    def all_changes(self) -> pd.DataFrame:
        return pd.concat(self.changes, ignore_index=True) if self.changes else empty_changes()

    def all_findings(self) -> pd.DataFrame:
        return concat(self.findings)


def _aligned(values: pd.Series, index: pd.Index) -> pd.Series:
    """`values` on `index` (normalizers return their column's index: no reindexing then)."""
    return values if values.index.equals(index) else values.reindex(index)


def _mask(positions: np.ndarray, index: pd.Index) -> pd.Series:
    flags = np.zeros(len(index), dtype=bool)
    flags[positions] = True
    return pd.Series(flags, index=index, dtype=bool)


# What `Series.astype(str)` makes of text: pandas' own string dtype (pyarrow) from pandas 3 on.
_STR_DTYPE = pd.Series(["-"], dtype=object).astype(str).dtype


def _arrow_text(values: np.ndarray) -> pa.Array | None:
    """`values` as pyarrow text, null where blank (as `pd.isna` reads it); None when a value
    is neither text nor blank, or pandas' string dtype is not pyarrow's."""
    if not (isinstance(_STR_DTYPE, pd.StringDtype) and _STR_DTYPE.storage == "pyarrow"):
        return None
    try:
        return pa.array(values, type=pa.large_string(), from_pandas=True)
    except (UnicodeEncodeError, pa.ArrowException):
        return None


def _str_series(*texts: pa.Array) -> tuple[pd.Series, ...]:
    """Non-null pyarrow texts as what `Series.astype(str)` gives."""
    return tuple(pd.Series(pd.array(t, dtype=_STR_DTYPE)) for t in texts)


def _as_str(values: np.ndarray) -> pd.Series:
    """`pd.Series(values).astype(str)`; plain strings are handed to pyarrow directly, which is
    several times faster than pandas' element-by-element conversion."""
    if (
        isinstance(_STR_DTYPE, pd.StringDtype)
        and _STR_DTYPE.storage == "pyarrow"
        and pd.api.types.infer_dtype(values, skipna=False) == "string"
    ):
        try:
            arrow = pa.array(values, type=pa.large_string())
        except UnicodeEncodeError:  # a lone surrogate: pandas says so as it would
            pass
        else:
            return pd.Series(pd.array(arrow, dtype=_STR_DTYPE))
    return pd.Series(values, dtype=object).astype(str)
