"""Clusters from merge pairs (connected components), guarded against chaining.

A links to B and B to C does not make A and C one customer when A and C themselves say
otherwise (different credit codes, different people): a chain of good links can join two
strangers. So every cluster of three or more rows has all its row pairs scored; a cluster
holding a conflicting pair — vetoed, or scored below the review line — is rebuilt from its links
strongest first, refusing any link that would join a conflicting pair. The refused links go to
review rather than merging.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from custinfo.dedupe.blocking import block_pairs
from custinfo.dedupe.keys import Keys

Scorer = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]  # -> (score, vetoed)


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per row the smallest row position of its connected component (label propagation with
    pointer jumping: a handful of numpy passes, no Python loop over rows)."""
    label = np.arange(n, dtype=np.int64)
    if not len(left):
        return label
    while True:
        low = np.minimum(label[left], label[right])
        before = label.copy()
        np.minimum.at(label, left, low)
        np.minimum.at(label, right, low)
        while True:  # pointer jumping: every row points at its label's label
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def within_pairs(label: np.ndarray, min_size: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Every row pair inside clusters of at least `min_size` rows."""
    sizes = np.bincount(label, minlength=len(label))
    rows = np.flatnonzero(sizes[label] >= min_size)
    packed = block_pairs(Keys(rows, label[rows]), len(label) + 1)[0]
    return packed >> 32, packed & 0xFFFFFFFF


def guarded_clusters(
    n: int,
    left: np.ndarray,
    right: np.ndarray,
    score: np.ndarray,
    scorer: Scorer,
    review_score: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels from the merge links (`left`, `right`, `score`) and a bool mask of the
    links refused by the chaining guard. `scorer` scores any row pairs."""
    label = components(n, left, right)
    refused = np.zeros(len(left), dtype=bool)
    a, b = within_pairs(label)
    if not len(a):
        return label, refused
    s, vetoed = scorer(a, b)
    bad = vetoed | (s < review_score)
    if not bad.any():
        return label, refused
    suspect = np.unique(label[a[bad]])
    conflicts: dict[int, set[tuple[int, int]]] = {}
    for x, y in zip(a[bad].tolist(), b[bad].tolist(), strict=True):
        conflicts.setdefault(int(label[x]), set()).add((x, y))
    link_cluster = label[left]
    for c in suspect.tolist():
        links = np.flatnonzero(link_cluster == c)
        links = links[np.argsort(-score[links], kind="stable")]
        refused_here = _rebuild(label, left, right, links, conflicts[c])
        refused[refused_here] = True
    label = components(n, left[~refused], right[~refused])
    return label, refused


def _rebuild(
    label: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    links: np.ndarray,
    conflicts: set[tuple[int, int]],
) -> list[int]:
    """Union the links strongest first unless that joins a conflicting pair; the refused links.
    Runs only for the few clusters that hold a conflict, so a Python loop is fine here."""
    group: dict[int, set[int]] = {}
    refused: list[int] = []
    for k in links.tolist():
        x, y = int(left[k]), int(right[k])
        gx, gy = group.get(x, {x}), group.get(y, {y})
        if gx is gy:
            continue
        if any((min(p, q), max(p, q)) in conflicts for p in gx for q in gy):
            refused.append(k)
            continue
        merged = gx | gy
        for r in merged:
            group[r] = merged
    return refused
