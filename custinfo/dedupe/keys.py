"""Blocking keys: what two rows must share to be compared at all (OpenRefine's keyers, per row).

A keyer turns one match column into zero or more keys per row — a row with two phone numbers
has two `phone` keys, a blank cell none — so every keyer returns the exploded pairs
(row position, key). Keys are integers, so grouping a million rows is a sort, not a hash of
Python strings. A keyer reads the values as the comparators clean them (compare.py's *atoms*,
computed once per distinct cell and shared with the match fields): the numbers of a phone cell,
the core of a company name, the people of a contact cell.

- exact(col)     the value, NFKC, case-folded, without whitespace or dashes
- phone(col)     each number's canonical digits (+86/0086 and extensions dropped; a masked
                 number has none); col `phone` also reads phone_2, phone_3 …
- tail(col, n)   the last n digits of each number (default 4); a masked number's visible tail
- ends(col, n)   the first 3 and the last n digits of each number (default 4): 13812348000 and
                 the masked 138****8000 share 138…8000, while a tail of 4 alone is shared by
                 one number in 10 000 — a million-row sheet makes a hundred rows per tail
- company(col)   the company's core name: 简称 (region, legal form, brackets and branch gone),
                 without punctuation or spaces, case-folded — 深圳市腾讯计算机系统有限公司 and
                 腾讯计算机系统有限责任公司 share it
- surname(col)   a person's surname (王总 and 王经理 share 王); Latin names: the last word
- prefix(col, n) the first n characters of the cleaned value (default 3)
- ngrams(col, k) the k rarest character bigrams of the core name (default 2). Two names sharing
                 most of their bigrams share one of their rarest ones (prefix filtering for
                 set-similarity joins), so typos and homophones still meet while a common
                 bigram like 科技 never makes a block on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from custinfo.config.model import BLOCKING_KEY
from custinfo.dataset import Table
from custinfo.dedupe import compare
from custinfo.fields import DERIVED_HEADERS, clean_header, derived_header
from custinfo.normalize.names import person_parts

_PHONE_COLUMN = re.compile(r"phone_\d+")


@dataclass(frozen=True)
class Keys:
    """Exploded keys: row position and its key, one entry per (row, key); `rows` ascending."""

    rows: np.ndarray  # int64
    keys: np.ndarray  # int64 codes

    @staticmethod
    def empty() -> Keys:
        return Keys(np.zeros(0, np.int64), np.zeros(0, np.int64))


def match_columns(frame: pd.DataFrame, table: Table | None, names: Sequence[str]) -> list[str]:
    """The frame columns that `names` mean: canonical field names (`phone` brings phone_2 …),
    derived names (`city`), or headers as typed in the sheet or as custinfo writes them (城市).
    Unknown names are left out; the caller reports a field with no column."""
    by_header: dict[str, str] = {}
    if table is not None:
        for c in table.columns:
            if c.header:
                by_header.setdefault(clean_header(c.header), c.key)
    for name, zh in DERIVED_HEADERS.items():
        by_header.setdefault(clean_header(zh), name)
    out: list[str] = []
    for name in names:
        key = name if name in frame.columns else by_header.get(clean_header(name))
        if key is None or key not in frame.columns or key in out:
            continue
        out.append(key)
        if key == "phone":
            extra = sorted(
                (c for c in frame.columns if _PHONE_COLUMN.fullmatch(str(c))),
                key=lambda c: int(str(c).split("_")[1]),
            )
            out.extend(c for c in extra if c not in out)
    return out


def header_of(name: str) -> str:
    """How a match column is named to the user: the Chinese header of a derived column."""
    return derived_header(name) if name.startswith("phone_") else DERIVED_HEADERS.get(name, name)


# ---- keyers ------------------------------------------------------------------------------------


def surname(value: object) -> str:
    """A person's surname: 王 of 王总; the last word of a Latin name."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return ""
    if re.search(r"[\u3400-\u9fff]", text):
        return person_parts(text)[0]
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return words[-1] if words else ""


# the comparator whose cleaned values (atoms) each keyer reads
COMPARATOR_OF = {
    "exact": "exact",
    "prefix": "exact",
    "phone": "phone",
    "tail": "phone",
    "ends": "phone",
    "company": "company_name",
    "ngrams": "company_name",
    "surname": "person_name",
}


def _phone_keys(numbers: np.ndarray, keyer: str, n: int) -> np.ndarray:
    """The `phone`/`tail`/`ends` key of each number (canonical digits, '*' for masked ones;
    None: no key), all at once in pyarrow."""
    a = pa.array(numbers.tolist(), type=pa.string())
    if keyer == "phone":
        out = pc.if_else(pc.match_substring(a, "*"), None, a)
    else:
        tail = pc.utf8_slice_codeunits(a, start=-n)
        ok = pc.match_substring_regex(tail, f"^[0-9]{{{n}}}$")
        if keyer == "tail":
            out = pc.if_else(ok, tail, None)
        else:
            head = pc.utf8_slice_codeunits(pc.utf8_ltrim(a, characters="+"), 0, 3)
            ok = pc.and_(ok, pc.match_substring_regex(head, "^[0-9]{3}$"))
            ok = pc.and_(ok, pc.greater_equal(pc.utf8_length(a), n + 3))
            out = pc.if_else(ok, pc.binary_join_element_wise(head, tail, "|"), None)
    return np.asarray(out.to_numpy(zero_copy_only=False), dtype=object)


def _mapped(rows: np.ndarray, atom: np.ndarray, keys: np.ndarray) -> Keys:
    """Keys given per distinct atom (`keys`, object: None or "" is none), spread over the
    (row, atom) entries."""
    codes, _ = pd.factorize(pd.Series(keys, dtype=object).mask(keys == ""))
    per_entry = codes[atom]
    keep = per_entry >= 0
    return _unique(rows[keep], per_entry[keep].astype(np.int64))


def _unique(rows: np.ndarray, keys: np.ndarray) -> Keys:
    """Drop repeated (row, key) entries; sort by row."""
    if not len(rows):
        return Keys.empty()
    order = np.lexsort((keys, rows))
    rows, keys = rows[order], keys[order]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
    return Keys(rows[keep], keys[keep])


def _ngrams(rows: np.ndarray, atom: np.ndarray, cores: np.ndarray, k: int) -> Keys:
    """The k rarest bigrams of each row's core name (rarest over the rows), as packed integers.
    Worked out once per distinct core."""
    used, inverse = np.unique(atom, return_inverse=True)
    width = 24  # long names: their first 24 characters carry the 字号
    text = [c.replace(" ", "") for c in cores[used].tolist()]
    chars = np.array(text, dtype=f"<U{width}").view(np.uint32).reshape(len(text), width)
    chars = chars.astype(np.int64)
    grams = (chars[:, :-1] << 21) | chars[:, 1:]
    valid = (chars[:, :-1] != 0) & (chars[:, 1:] != 0)
    single = (chars[:, 0] != 0) & (chars[:, 1] == 0)  # a one-character name is its own key
    grams[:, 0] = np.where(single, chars[:, 0], grams[:, 0])
    valid[:, 0] |= single
    rows_of = np.bincount(inverse, minlength=len(used))  # rows per core
    gram_codes, _ = pd.factorize(grams[valid])
    weight = np.broadcast_to(rows_of[:, None], grams.shape)[valid]
    freq = np.full(grams.shape, np.inf)
    freq[valid] = np.bincount(gram_codes, weights=weight)[gram_codes]
    # rarest first; ties broken by the bigram itself so equal names pick equal bigrams
    order = np.lexsort((np.where(valid, grams, 0), freq), axis=1)[:, :k]
    picked = np.take_along_axis(grams, order, axis=1)
    ok = np.take_along_axis(valid, order, axis=1)
    per_core = np.where(ok, picked, -1)[inverse]  # (entries, k)
    out_rows = np.repeat(rows, k).reshape(-1, k)
    keep = per_core >= 0
    return _unique(out_rows[keep], per_core[keep])


def keyer_keys(keyer: str, field: compare.Prepared, n: int | None) -> Keys:
    """One key expression's keys over a prepared field (`COMPARATOR_OF[keyer]`'s atoms)."""
    first = keyer in ("company", "ngrams")  # the core, not the core without its region
    rows, atom = compare.row_atoms(field, first=first)
    texts = compare.atoms(field)
    if keyer == "exact" or keyer == "company":
        return _unique(rows, atom)
    if keyer == "prefix":
        width = n or 3
        return _mapped(rows, atom, np.array([t[:width] for t in texts.tolist()], dtype=object))
    if keyer in ("phone", "tail", "ends"):
        return _mapped(rows, atom, _phone_keys(texts, keyer, n or 4))
    if keyer == "surname":
        return _mapped(rows, atom, np.array([surname(t) for t in texts.tolist()], dtype=object))
    if keyer == "ngrams":
        return _ngrams(rows, atom, texts, n or 2)
    raise ValueError(f"unknown keyer {keyer!r}")


def parse_key(text: str) -> tuple[str, str, int | None]:
    """`tail(phone, 4)` -> ("tail", "phone", 4)."""
    m = BLOCKING_KEY.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"not a blocking key: {text!r}")
    return m["keyer"], m["column"], int(m["n"]) if m["n"] else None


def combine(parts: Sequence[Keys]) -> Keys:
    """Rows that have a key in every part, keyed by the combination (cross product per row)."""
    out = parts[0]
    for part in parts[1:]:
        if not len(out.rows) or not len(part.rows):
            return Keys.empty()
        n = int(max(out.rows[-1], part.rows[-1])) + 1
        per_row = np.bincount(part.rows, minlength=n)
        first = np.cumsum(per_row) - per_row  # each row's first entry in `part`
        reps = per_row[out.rows]
        left = np.repeat(np.arange(len(out.rows)), reps)
        step = np.arange(len(left)) - np.repeat(np.cumsum(reps) - reps, reps)
        right = first[out.rows[left]] + step
        pair = out.keys[left] * (int(part.keys.max()) + 1) + part.keys[right]
        codes, _ = pd.factorize(pair)
        out = _unique(out.rows[left], codes.astype(np.int64))
    return out
