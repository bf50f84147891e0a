"""People's answers about pairs of records (待确认 是/否, `--unmerge`), tied to the records of
this run.

A decision must outlive the workbook it was made in: next week's sheet has new rows above and
rows sorted differently. So a record is named by a key that does not depend on its row —
`id:<客户编号>` when its ID is unique in the sheet, else `fp:<16 hex>`, a hash of its match
fields as normalized (the same record typed the same way next week hashes the same). A decision
then applies to every record carrying either key; one made about records that are gone is kept
and simply matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from custinfo.dataset import ROW_COL, PairDecision

# what a record's fingerprint hashes, in this order, when the sheet has them
FINGERPRINT_FIELDS = ("name", "contact", "phone", "email", "address")
_LOW = np.int64(0xFFFFFFFF)


def pack(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Row pairs as one int64 each, lower row first: the same pair however it was ordered."""
    a, b = np.asarray(left, np.int64), np.asarray(right, np.int64)
    return (np.minimum(a, b) << 32) | np.maximum(a, b)


def unpack(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return packed >> 32, packed & _LOW


@dataclass(frozen=True)
class Decided:
    """Decisions as sorted packed row pairs of this run's rows."""

    same: np.ndarray
    different: np.ndarray
    unmatched: int = 0  # remembered decisions naming a record this sheet does not have

    @staticmethod
    def none() -> Decided:
        return Decided(np.zeros(0, np.int64), np.zeros(0, np.int64))

    def __bool__(self) -> bool:
        return bool(len(self.same) or len(self.different))

    def splitting(self, packed: np.ndarray) -> Decided:
        """These decisions plus `packed` pairs declared different (a split wins over a same)."""
        different = np.union1d(self.different, packed)
        return Decided(np.setdiff1d(self.same, different), different, self.unmatched)


def fingerprints(frame: pd.DataFrame) -> np.ndarray:
    """Per row a uint64 hash of its match fields (all its columns when it has none of them)."""
    cols = [c for c in FINGERPRINT_FIELDS if c in frame]
    if not cols:
        cols = [c for c in frame.columns if c != ROW_COL and not str(c).startswith("_")]
    text = pd.DataFrame(
        {
            i: frame[c].astype("string").fillna("").str.strip().astype(object)
            for i, c in enumerate(cols)
        }
    )
    return np.asarray(pd.util.hash_pandas_object(text, index=False), dtype=np.uint64)


def _ids(frame: pd.DataFrame, unique: bool = True) -> pd.Series:
    """Per row its 客户编号 when it is given (and, with `unique`, unique in the sheet), else NA."""
    if "customer_id" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    ids = frame["customer_id"].astype("string").str.strip()
    return ids.mask(ids.eq("").fillna(True) | (ids.duplicated(keep=False) if unique else False))


def record_keys(
    frame: pd.DataFrame, positions: np.ndarray, *, unique_ids: bool = True
) -> np.ndarray:
    """The key of each record at `positions`: `id:<客户编号>` or `fp:<hash>`; without
    `unique_ids`, a 客户编号 typed on several records still names them."""
    ids = _ids(frame, unique_ids).to_numpy(dtype=object)[positions]
    fps = fingerprints(frame)[positions]
    out = np.array([f"fp:{int(h):016x}" for h in fps.tolist()], dtype=object)
    given = pd.notna(ids)
    out[given] = ["id:" + str(v) for v in ids[given].tolist()]
    return out


def resolve(frame: pd.DataFrame, decisions: Sequence[PairDecision]) -> Decided:
    """The decisions as row pairs of `frame`; the latest decision about a pair wins."""
    if not decisions:
        return Decided.none()
    latest = {d.pair: d.same for d in decisions}  # later decisions overwrite earlier ones
    where = _positions(frame, {k for pair in latest for k in pair})
    same: list[np.ndarray] = []
    different: list[np.ndarray] = []
    unmatched = 0
    for (ka, kb), is_same in latest.items():
        a, b = where.get(ka), where.get(kb)
        if a is None or b is None:
            unmatched += 1
            continue
        aa, bb = np.meshgrid(a, b, indexing="ij")
        keep = aa != bb
        (same if is_same else different).append(pack(aa[keep], bb[keep]))
    diff = _union(different)
    return Decided(np.setdiff1d(_union(same), diff), diff, unmatched)


def _union(parts: Iterable[np.ndarray]) -> np.ndarray:
    parts = list(parts)
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def _positions(frame: pd.DataFrame, keys: set[str]) -> dict[str, np.ndarray]:
    """Key -> the row positions that carry it (by ID or by fingerprint), for the keys asked."""
    want_ids = {k[3:] for k in keys if k.startswith("id:")}
    want_fps = {int(k[3:], 16) for k in keys if k.startswith("fp:") and _is_hex(k[3:])}
    out: dict[str, list[int]] = {}
    ids = frame["customer_id"].astype("string").str.strip() if "customer_id" in frame else None
    if want_ids and ids is not None:
        hit = np.flatnonzero(ids.isin(want_ids).to_numpy(dtype=bool, na_value=False))
        for pos, v in zip(hit.tolist(), ids.to_numpy(dtype=object)[hit].tolist(), strict=True):
            out.setdefault("id:" + str(v), []).append(pos)
    if want_fps:
        fps = fingerprints(frame)
        hit = np.flatnonzero(np.isin(fps, np.array(sorted(want_fps), dtype=np.uint64)))
        for pos, h in zip(hit.tolist(), fps[hit].tolist(), strict=True):
            out.setdefault(f"fp:{int(h):016x}", []).append(pos)
    return {k: np.array(v, dtype=np.int64) for k, v in out.items()}


def _is_hex(text: str) -> bool:
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)


def within(positions: np.ndarray) -> np.ndarray:
    """Every packed pair among `positions`."""
    i, j = np.triu_indices(len(positions), k=1)
    return pack(positions[i], positions[j])
