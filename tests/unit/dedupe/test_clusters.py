"""Connected components and the chaining guard."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo.dedupe.clusters import components, guarded_clusters, within_pairs


def _groups(label: np.ndarray) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for row, lab in enumerate(label.tolist()):
        out.setdefault(lab, set()).add(row)
    return {frozenset(g) for g in out.values()}


def test_components_join_chains_and_keep_singletons() -> None:
    label = components(7, np.array([0, 1, 4]), np.array([1, 2, 5]))
    assert _groups(label) == {
        frozenset({0, 1, 2}),
        frozenset({3}),
        frozenset({4, 5}),
        frozenset({6}),
    }
    assert label.tolist()[:3] == [0, 0, 0]  # the smallest row names the component


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=40))
def test_components_agree_with_a_plain_union_find(edges: list[tuple[int, int]]) -> None:
    parent = list(range(20))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    expected = np.array([find(x) for x in range(20)])
    left = np.array([a for a, _ in edges], dtype=np.int64)
    right = np.array([b for _, b in edges], dtype=np.int64)
    assert components(20, left, right).tolist() == expected.tolist()


def test_within_pairs_lists_pairs_of_clusters_of_three_or_more() -> None:
    a, b = within_pairs(np.array([0, 0, 0, 3, 3, 5]))
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2)]


def test_the_guard_splits_a_chain_joining_two_strangers() -> None:
    # 0-1 strong, 1-2 strong, but 0 and 2 have different credit codes (vetoed)
    left, right = np.array([0, 1]), np.array([1, 2])
    score = np.array([99.0, 95.0])

    def scorer(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        vetoed = (a == 0) & (b == 2)
        return np.where(vetoed, 0.0, 99.0), vetoed

    label, refused = guarded_clusters(3, left, right, score, scorer, review_score=50)
    assert _groups(label) == {frozenset({0, 1}), frozenset({2})}
    assert refused.tolist() == [False, True]  # the weaker link goes to review


def test_the_guard_leaves_consistent_clusters_alone() -> None:
    left, right = np.array([0, 1]), np.array([1, 2])

    def scorer(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.full(len(a), 80.0), np.zeros(len(a), dtype=bool)

    label, refused = guarded_clusters(3, left, right, np.array([99.0, 95.0]), scorer, 50)
    assert _groups(label) == {frozenset({0, 1, 2})}
    assert not refused.any()
