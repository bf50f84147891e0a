"""Candidate pairs: rows that share every key of a blocking rule, from all rules, each pair once.

Work grows with the pairs, not with rows²: a block of s rows gives s(s-1)/2 pairs, so a key
shared by more than `max_block_size` rows (a switchboard number, a placeholder email, the
bigram 科技) says too little to be worth comparing and is left out — counted and reported, so
a user sees which rule lost what. Pairs are generated with numpy from the block offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from custinfo.config.model import BlockingRule
from custinfo.dedupe.compare import Prepared
from custinfo.dedupe.keys import COMPARATOR_OF, Keys, combine, keyer_keys, parse_key


@dataclass(frozen=True)
class RuleCount:
    """What one blocking rule produced."""

    name: str
    keys: str  # the rule's keys as written
    pairs: int  # candidate pairs from this rule (before removing those earlier rules gave)
    new_pairs: int  # pairs no earlier rule gave
    skipped_blocks: int  # keys shared by more than max_block_size rows
    skipped_rows: int  # rows in those blocks
    missing: str = ""  # a column the rule names that the sheet lacks ("" when all found)


@dataclass(frozen=True)
class Candidates:
    left: np.ndarray  # int64 row positions, left < right
    right: np.ndarray
    counts: tuple[RuleCount, ...]


ColumnsOf = Callable[[str], list[str]]  # a rule's column name -> frame columns ([]: none)


def block_pairs(keys: Keys, max_block_size: int) -> tuple[np.ndarray, int, int]:
    """Packed pairs (lo << 32 | hi, each once, unordered) of rows sharing a key; (pairs, skipped blocks, their rows)."""
    if not len(keys.rows):
        return np.zeros(0, np.int64), 0, 0
    order = np.lexsort((keys.rows, keys.keys))
    rows, ks = keys.rows[order], keys.keys[order]
    starts = np.flatnonzero(np.concatenate([[True], ks[1:] != ks[:-1]]))
    sizes = np.diff(np.append(starts, len(ks)))
    too_big = sizes > max_block_size
    used = (sizes >= 2) & ~too_big
    # the element at local index a of a block of size s pairs with the s-a-1 elements after it
    in_used = np.repeat(used, sizes)
    local = np.arange(len(ks)) - np.repeat(starts, sizes)
    after = (np.repeat(sizes, sizes) - local - 1) * in_used
    left_pos = np.repeat(np.arange(len(ks)), after)
    step = np.arange(len(left_pos)) - np.repeat(np.cumsum(after) - after, after) + 1
    a, b = rows[left_pos], rows[left_pos + step]
    packed = (np.minimum(a, b) << 32) | np.maximum(a, b)
    return pd.unique(packed), int(too_big.sum()), int(sizes[too_big].sum())


def candidate_pairs(
    rules: Sequence[BlockingRule],
    columns_of: ColumnsOf,
    keys_of: Callable[[str, list[str], int | None], Keys],
    max_block_size: int,
) -> Candidates:
    """Every rule's pairs, merged. `columns_of` resolves a column name to frame columns;
    `keys_of(keyer, columns, n)` computes one key (the caller caches shared ones)."""
    found: list[np.ndarray] = []
    counts: list[RuleCount] = []
    for rule in rules:
        parts: list[Keys] = []
        missing = ""
        for text in rule.keys:
            keyer, column, n = parse_key(text)
            cols = columns_of(column)
            if not cols:
                missing = column
                break
            parts.append(keys_of(keyer, cols, n))
        pairs, skipped, skipped_rows = (
            (np.zeros(0, np.int64), 0, 0)
            if missing
            else block_pairs(combine(parts), rule.max_block_size or max_block_size)
        )
        found.append(pairs)
        counts.append(
            RuleCount(
                rule.name, " + ".join(rule.keys), len(pairs), 0, skipped, skipped_rows, missing
            )
        )
    # each pair counts as new for the first rule that gave it
    every = np.concatenate(found) if found else np.zeros(0, np.int64)
    seen, first = np.unique(every, return_index=True)
    rule_of = np.repeat(np.arange(len(found)), [len(p) for p in found])
    new = np.bincount(rule_of[first], minlength=len(found))
    counts = [replace(c, new_pairs=int(k)) for c, k in zip(counts, new.tolist(), strict=True)]
    return Candidates(seen >> 32, seen & 0xFFFFFFFF, tuple(counts))


def cached_keys(
    prepared: Callable[[str, Sequence[str]], Prepared],
) -> Callable[[str, list[str], int | None], Keys]:
    """`keys_of` for `candidate_pairs`, computing each (keyer, columns, n) once from the prepared
    field of the keyer's comparator (`compare.preparer`)."""
    cache: dict[tuple[str, tuple[str, ...], int | None], Keys] = {}

    def keys_of(keyer: str, columns: list[str], n: int | None) -> Keys:
        k = (keyer, tuple(columns), n)
        if k not in cache:
            cache[k] = keyer_keys(keyer, prepared(COMPARATOR_OF[keyer], columns), n)
        return cache[k]

    return keys_of
