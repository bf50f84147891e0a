"""What a normalizer returns for one column: the canonical value of each cell, the rule that
changed it, the derived columns, and the problems it could not fix.

Normalizers work once per distinct value (`custinfo.distinct.per_distinct`) and never raise on
any input; normalizing a normalized value changes nothing. The stage (normalize/__init__.py)
compares `values` with what was typed and records each change (old, new, rule) in 变更记录.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# (finding code from codes.py, mask aligned with the column, suggestion text or Series)
Problems = list[tuple[str, pd.Series, "pd.Series | str"]]


@dataclass(frozen=True)
class Normalized:
    values: pd.Series  # canonical value per cell (object dtype; None where blank); same index
    rule: pd.Series | str  # why a cell changed, e.g. "phone.canonical" (per cell or one for all)
    derived: dict[str, pd.Series] = field(default_factory=dict)  # new columns, canonical names
    problems: Problems = field(default_factory=list)  # what could not be normalized, with hints
