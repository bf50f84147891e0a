"""One sheet through the normalizers: canonical values written over what was typed, derived
columns appended, every change recorded (old, new, rule) and what could not be fixed reported."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

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
    findings: list[pd.DataFrame] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.frame = self.sheet.frame.copy()
        self.kinds = self.sheet.table.kinds.copy()

    def apply(
        self, name: str, result: Normalized, kind: pd.Series | CellKind | None = None
    ) -> None:
        """Write `result` for field `name`: changed cells get the canonical value (and `kind`,
        when given), derived columns are kept, problems become findings at the field's cells."""
        old = self.sheet.frame[name]
        new = result.values.reindex(old.index)
        o, n = old.to_numpy(dtype=object), new.to_numpy(dtype=object)
        differs = np.flatnonzero(n != o)  # None != "x" counts here; blanks are dropped below
        differs = differs[pd.notna(n[differs]) & pd.notna(o[differs])]
        flags = np.zeros(len(o), dtype=bool)
        flags[differs] = True
        changed = pd.Series(flags, index=old.index, dtype=bool)
        if changed.any():
            self.frame[name] = old.where(~changed, new)
            if kind is not None and name in self.kinds.columns:
                kinds = (
                    kind if isinstance(kind, pd.Series) else pd.Series(int(kind), index=old.index)
                )
                self.kinds[name] = self.kinds[name].where(~changed, kinds.astype("int8"))
            rule = result.rule if isinstance(result.rule, str) else result.rule[changed]
            self.changes.append(
                pd.DataFrame(
                    {
                        "sheet": self.sheet.table.sheet,
                        "row": self.frame.loc[changed, ROW_COL].astype("int64"),
                        "field": name,
                        "old": old[changed].astype(str),
                        "new": new[changed].astype(str),
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
            present = values.reindex(frame.index)
            kind = self.derived_kinds.get(name, CellKind.TEXT)
            kinds[name] = (
                pd.Series(int(kind), index=frame.index, dtype="int8")
                .where(present.notna(), int(CellKind.EMPTY))
                .astype("int8")
            )
            if name not in frame.columns:  # else: read back from an earlier run; recomputed
                columns.append(
                    ColumnMap(column_letter(next_col), derived_header(name), name, None, "derived")
                )
                next_col += 1
            frame[name] = present.astype(object).where(present.notna(), None)
        return replace(table, frame=frame, kinds=kinds, columns=tuple(columns))

    def all_changes(self) -> pd.DataFrame:
        return pd.concat(self.changes, ignore_index=True) if self.changes else empty_changes()

    def all_findings(self) -> pd.DataFrame:
        return concat(self.findings)
