"""The normalize stage around the normalizers: findings a normalization fixed are dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from custinfo.dataset import FINDING_COLUMNS
from custinfo.normalize import _rows, _without_fixed


def _findings(rows: list[tuple[str, int, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            c: [
                {"sheet": s, "row": r, "field": f, "code": code}.get(c, "")
                for s, r, f, code in rows
            ]
            for c in FINDING_COLUMNS
        }
    )
    return frame.astype({c: "str" for c in FINDING_COLUMNS if c != "row"}).astype({"row": "int64"})


def test_fixed_synonyms_are_dropped_and_nothing_else() -> None:
    findings = _findings(
        [
            ("客户信息", 2, "status", "enum.synonym"),  # changed: fixed
            ("客户信息", 3, "status", "enum.synonym"),  # not changed
            ("客户信息", 2, "status", "enum.invalid"),  # changed, but not a fixable code
            ("互动记录", 2, "status", "enum.synonym"),  # another sheet's row 2
            ("客户信息", 2, "intent", "enum.synonym"),  # another field
            ("客户信息", 5, "intent", "enum.synonym"),  # changed: fixed
        ]
    )
    changed = {
        ("客户信息", "status"): np.array([2, 9], dtype=np.int64),
        ("客户信息", "intent"): np.array([5], dtype=np.int64),
        ("交易记录", "status"): np.array([2], dtype=np.int64),
    }
    out = _without_fixed(findings, changed)
    assert out.index.equals(pd.RangeIndex(4))
    assert out[["sheet", "row", "field", "code"]].values.tolist() == [
        ["客户信息", 3, "status", "enum.synonym"],
        ["客户信息", 2, "status", "enum.invalid"],
        ["互动记录", 2, "status", "enum.synonym"],
        ["客户信息", 2, "intent", "enum.synonym"],
    ]
    assert out.dtypes.equals(findings.dtypes)
    assert _without_fixed(findings, {}) is findings


def test_rows_is_a_boolean_selection() -> None:
    frame = _findings([("a", i, "f", str(i)) for i in range(7)])
    frame["extra"] = pd.Series([1.5, None, 3, 4, 5, 6, 7], dtype=object)
    keep = np.array([True, False, True, True, False, False, True])
    pd.testing.assert_frame_equal(_rows(frame, keep), frame[keep].reset_index(drop=True))
