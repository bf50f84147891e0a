"""Blocking keys: what two rows must share to be compared at all (OpenRefine's keyers, per row).

A keyer turns one match column into zero or more keys per row — a row with two phone numbers
has two `phone` keys, a blank cell none — so every keyer returns the exploded pairs
(row position, key). Keys are integers (factorized text, or packed characters), so grouping a
million rows is a sort, not a hash of Python strings. Every keyer works once per distinct value.

- exact(col)     the value, NFKC, case-folded, without whitespace
- phone(col)     each number's digits (0086/+86 and a trailing extension dropped); col `phone`
                 also reads phone_2, phone_3 … (several numbers in one cell, split by normalize)
- tail(col, n)   the last n digits of each number (default 4); a masked number's visible tail
- company(col)   the company's core name: 简称 (region, legal form, brackets and branch gone),
                 without punctuation or spaces, case-folded — 深圳市腾讯计算机系统有限公司 and
                 腾讯计算机系统有限责任公司 share it
- surname(col)   a person's surname (王总 and 王经理 share 王); Latin names: the last word
- prefix(col, n) the first n characters of the cleaned value (default 3)
- ngrams(col, k) the k rarest character bigrams of the cleaned (core) value (default 2). Two
                 names sharing most of their bigrams share one of their rarest ones (prefix
                 filtering for set-similarity joins), so typos and homophones still meet while a
                 common bigram like 科技 never makes a block on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from custinfo.config.model import BLOCKING_KEY
from custinfo.dataset import Table
from custinfo.fields import DERIVED_HEADERS, clean_header, derived_header
from custinfo.normalize.names import company_short, person_parts

_PHONE_COLUMN = re.compile(r"phone_\d+")
_NOT_KEY = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"\d+")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x)\s*\d{1,6}$", re.IGNORECASE)
_COUNTRY = re.compile(r"^(?:\+|00)\s*86[\s-]*")
_PHONE_SPLIT = re.compile(r"[;；,，/、\n]|\s{2,}")
_MASKED = re.compile(r"[*＊×xX]{2,}")


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


# ---- per-value cleanups (each called once per distinct value) ----------------------------------


def clean(value: object) -> str:
    """NFKC, case-folded, without whitespace or punctuation."""
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", str(value)).casefold())


def company_core(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return clean(company_short(text)) if text else ""


def surname(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return ""
    if re.search(r"[\u3400-\u9fff]", text):
        return person_parts(text)[0]
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return words[-1] if words else ""


def phone_numbers(value: object, masked: bool = False) -> list[str]:
    """The digits of each number in a cell. An extension goes: after 转/ext/x, or a third
    dash-group after an area code (0755-8888-123). A masked number (138****8000) is no number;
    with `masked`, its visible tail stands for it (what `tail` keys on)."""
    text = unicodedata.normalize("NFKC", str(value))
    out: list[str] = []
    for part in _PHONE_SPLIT.split(text):
        part = _EXTENSION.sub("", part.strip())
        if not part:
            continue
        hidden = _MASKED.search(part)
        if hidden:
            if masked:
                tail = "".join(_DIGITS.findall(part[hidden.end() :]))
                out.extend([tail] if len(tail) >= 4 else [])
            continue
        part = _COUNTRY.sub("", part)
        groups = [g for g in re.split(r"\s*-\s*", part) if g]
        if len(groups) >= 3 and groups[0].lstrip("(（").startswith("0") and len(groups[-1]) <= 5:
            part = "-".join(groups[:-1])
        digits = "".join(_DIGITS.findall(part))
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if len(digits) >= 7:
            out.append(digits)
    return out


# ---- keyers ------------------------------------------------------------------------------------


def _explode(columns: Sequence[pd.Series], fn: Callable[[object], Any], many: bool = False) -> Keys:
    """(row, key) for every non-empty result of `fn` over the distinct values of `columns`."""
    rows_parts: list[np.ndarray] = []
    text_parts: list[np.ndarray] = []
    for col in columns:
        codes, uniq = pd.factorize(col)
        if not len(uniq):
            continue
        if many:
            per_value: list[list[str]] = [fn(v) for v in uniq]
            counts = np.fromiter((len(x) for x in per_value), np.int64, len(per_value))
            flat = np.array([k for ks in per_value for k in ks], dtype=object)
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            present = np.flatnonzero(codes >= 0)
            n = counts[codes[present]]
            rows = np.repeat(present, n)
            offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
            keys = flat[np.repeat(starts[codes[present]], n) + offset]
        else:
            mapped = np.empty(len(uniq), dtype=object)
            mapped[:] = [fn(v) for v in uniq]
            present = np.flatnonzero(codes >= 0)
            keys = mapped[codes[present]]
            keep = keys != ""
            rows, keys = present[keep], keys[keep]
        rows_parts.append(rows.astype(np.int64))
        text_parts.append(keys)
    if not rows_parts:
        return Keys.empty()
    rows = np.concatenate(rows_parts)
    text = np.concatenate(text_parts)
    codes, _ = pd.factorize(text)
    return _unique(rows, codes.astype(np.int64))


def _unique(rows: np.ndarray, keys: np.ndarray) -> Keys:
    """Drop repeated (row, key) entries; sort by row."""
    if not len(rows):
        return Keys.empty()
    order = np.lexsort((keys, rows))
    rows, keys = rows[order], keys[order]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
    return Keys(rows[keep], keys[keep])


def _ngrams(columns: Sequence[pd.Series], k: int) -> Keys:
    """The k rarest bigrams of each row's cleaned core name, as packed integers."""
    rows_parts: list[np.ndarray] = []
    core_parts: list[np.ndarray] = []
    for col in columns:
        codes, uniq = pd.factorize(col)
        if not len(uniq):
            continue
        cores = np.array([company_core(v) or clean(v) for v in uniq], dtype=object)
        present = np.flatnonzero(codes >= 0)
        rows_parts.append(present.astype(np.int64))
        core_parts.append(cores[codes[present]])
    if not rows_parts:
        return Keys.empty()
    rows = np.concatenate(rows_parts)
    cores = np.concatenate(core_parts)
    width = 24  # long names: their first 24 characters carry the 字号
    fixed = np.array(cores, dtype=f"<U{width}")
    chars = fixed.view(np.uint32).reshape(len(fixed), width).astype(np.int64)
    grams = (chars[:, :-1] << 21) | chars[:, 1:]
    valid = (chars[:, :-1] != 0) & (chars[:, 1:] != 0)
    single = (chars[:, 0] != 0) & (chars[:, 1] == 0)  # a one-character name is its own key
    grams[:, 0] = np.where(single, chars[:, 0], grams[:, 0])
    valid[:, 0] |= single
    _, inverse, counts = np.unique(grams[valid], return_inverse=True, return_counts=True)
    freq = np.full(grams.shape, np.iinfo(np.int64).max, dtype=np.int64)
    freq[valid] = counts[inverse]
    # rarest first; ties broken by the bigram itself so equal names pick equal bigrams
    order = np.lexsort((np.where(valid, grams, 0), freq), axis=1)[:, :k]
    picked = np.take_along_axis(grams, order, axis=1)
    ok = np.take_along_axis(valid, order, axis=1)
    out_rows = np.repeat(rows, k).reshape(-1, k)[ok]
    return _unique(out_rows, picked[ok])


def keyer_keys(
    keyer: str, columns: Sequence[pd.Series], n: int | None
) -> Keys:  # one key expression
    if keyer == "exact":
        return _explode(columns, clean)
    if keyer == "company":
        return _explode(columns, company_core)
    if keyer == "surname":
        return _explode(columns, surname)
    if keyer == "prefix":
        width = n or 3
        return _explode(columns, lambda v: clean(v)[:width])
    if keyer == "phone":
        return _explode(columns, phone_numbers, many=True)
    if keyer == "tail":
        width = n or 4
        return _explode(
            columns,
            lambda v: [d[-width:] for d in phone_numbers(v, masked=True) if len(d) >= width],
            many=True,
        )
    if keyer == "ngrams":
        return _ngrams(columns, n or 2)
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
        left = pd.DataFrame({"row": out.rows, "a": out.keys})
        right = pd.DataFrame({"row": part.rows, "b": part.keys})
        both = left.merge(right, on="row", how="inner")
        if both.empty:
            return Keys.empty()
        codes, _ = pd.factorize(pd.MultiIndex.from_arrays([both["a"], both["b"]]))
        out = _unique(both["row"].to_numpy(np.int64), codes.astype(np.int64))
    return out
