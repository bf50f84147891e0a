"""Comparators: how alike two rows are on one match field, as a level (best first) and a 0-100
similarity for the evidence.

Each comparator turns every candidate pair into a level; the engine (scoring.py) adds the
level's weight, a log2 Bayes factor log2(m/u): m is how often the level occurs between two rows
of one customer, u how often between two different customers. Values are cleaned lightly here
as well (NFKC, casefold, spaces, punctuation), since a match field may name raw columns of any
sheet, not only normalized ones.

How it works: `prepare` cleans each distinct cell once into *atoms* — the comparable units
(a cell "13800138000 / 0755-88881234" holds two phone atoms, "王总/李经理" two person atoms,
most cells one) — and gives each row a key: the set of its cells (several columns, such as
phone and phone_2, form one set). `compare` maps the pairs to distinct unordered key pairs,
those to distinct unordered atom pairs, levels these with numpy and rapidfuzz's `cpdist`, and
spreads the result back: a field's level for two rows is the best level over all pairs of
their atoms (the two rows share *a* number), the score that of the best-scoring pair at that
level. Ordering each pair (low code first) makes every comparator symmetric by construction.
A row with no atoms (blank, or nothing usable: "无" in a phone column, "*女士" as a contact) is
blank: level -1, score nan, the pair adds no weight.

Levels and default weights (bits; u from a random pair of different customers in one sheet,
m from pairs of rows of one customer where both sides are given):

- exact — same / different. Cleanup: NFKC, casefold, no whitespace or dashes (IDs, WeChat).
  same +10 (u ≈ 1e-3 for an identifier-like column, m ≈ 0.9), different -2 (m ≈ 0.2: people
  keep two WeChat accounts). *A low-cardinality column (city) needs its own weights*: same
  city has u ≈ 0.1–0.3, so +1.5 / -2 there (see the note on `chance_same`).
- phone — same / tail8 / partial / different. A cell may hold several numbers (split on
  ;，,/、| or between whole numbers written with spaces), +86/0086/86 and a trunk 0 before a
  mobile are dropped, extensions (转123, -123 after a full landline, ext/x/#) ignored: a
  company's switchboard is the same customer. same: the two rows share a full number (+13: u ≈
  1e-4 — shared switchboards, a rep's own number typed for several customers, m ≈ 0.85).
  tail8: they share the last 8 digits (a landline with and without area code, a mobile with a
  wrong prefix) or a 7-digit local number is the end of the other (+11: u ≈ 1e-5 by chance,
  m ≈ 0.03). partial: a masked number (138****8000, 138xxxx8000) agrees with the other on all
  visible digits, at least 6 of them in common (+7: u ≈ 1e-4 — 3 prefix and 4 final digits of
  mobiles in one region, m ≈ 0.02). A masked number never reaches `same`, even against an
  identical mask. different -2 (m ≈ 0.25: a customer's other number).
- email — same / same_user / different. same: equal after casefold (+14: u ≈ 1e-5, shared
  info@ boxes). same_user: the same local part (dots and +tags ignored, at least 3
  characters, not info/sales/admin/…) at another domain: 123456@qq.com vs 123456@foxmail.com,
  or wang.ming@x vs wangming@x (+5: u ≈ 1e-3 — wang@, lily@ are common, m ≈ 0.05).
  different -1.5 (m ≈ 0.35: work and private boxes).
- person_name — same / surname_title / similar / different. A Chinese name is split with
  `names.person_parts` into surname, title, and the given name left between them. same: the
  same surname and the same non-empty given name, titles ignored (王明 = 王明经理), or the same
  Latin name in any word order (+10: u ≈ 5e-4 — 王伟, 张伟 are shared by 300 000 people each, and
  one buyer may be the contact of several companies; m ≈ 0.6). surname_title: the same surname
  and at least one side is only surname and title (王总/王经理/王先生/王, or 王总 typed twice:
  two rows saying "王总" are weaker evidence than two saying "王明", so they do not reach
  `same`) and the titles do not disagree on sex (王先生/王女士 is different) (+3: u ≈ 0.03,
  the sum of squared surname frequencies; m ≈ 0.3). similar: the same surname and given names
  of one length differing in one character that sounds the same (tones ignored) — what a
  pinyin input method gets wrong: 王明/王铭, 王小明/王晓明, but not 王明/王强 or 王小明/王小强
  (siblings are named so) — or for Latin names Jaro–Winkler ≥ 0.9 (+6: u ≈ 3e-4, m ≈ 0.03).
  Homophones come from GB 2312's pinyin order (`_SYLLABLE_STARTS`); rarer characters only
  match themselves. different -3 (contacts change:
  m ≈ 0.1). Names with no identity — masks and titles only (*女士, 某先生, 经理) — are blank.
- company_name — same / similar90 / contains / similar80 / different, on the 简称 core
  (`names.company_short` of the NFKC'd name, casefolded, spaces and punctuation dropped), so
  region prefixes, brackets and 有限公司/有限责任公司 do not matter. same: equal cores (+10: u ≈
  1e-3 — head office and branches, group companies; m ≈ 0.8). similar90: rapidfuzz ratio ≥ 90
  (+8: needs ≥ 10 characters with one typo, u ≈ 1e-4). contains: one core inside the other,
  the shorter at least 2 characters, 腾讯 vs 腾讯计算机系统 (+6: u ≈ 1e-3, m ≈ 0.08; ranked below
  similar90 because a short core inside a long one — 华为技术 in 华为技术服务 — is weaker than a
  long core with one typo). similar80: ratio ≥ 80 (+5). different -4 (m ≈ 0.05). Ratio on
  whole cores keeps companies that share only a brand (华为技术/华为终端 50, 中国平安财产保险/
  中国平安人寿保险 75) below 80; a token-level score (partial or token_set ratio) would not.
- string — same / similar90 / similar75 / different: cleanup NFKC, casefold, punctuation as
  spaces, one space between Latin words, none in Chinese text; the score is rapidfuzz ratio,
  or Jaro–Winkler ×100 when both are Latin and at most 12 characters (postcodes, short names).
  Weights for addresses: same +9 (u ≈ 1e-4, office towers shared), similar90 +7, similar75
  +4, different -2 (m ≈ 0.25: moved, or a second site).
- date — same / typo / different. Parsed by `parse.dates.parse_date` (ISO, 2024/5/10,
  2024年5月10日, 20240510, Excel serials, date cells) plus dd/mm/yyyy (day first when the day
  is > 12 or the other way round, both readings when ambiguous) and English month names.
  same: the dates agree under either reading (+10: u ≈ 1e-3 for a birth or founding date).
  typo: one digit of YYYYMMDD differs, day and month swapped, or one day apart (+5: about 20
  near dates per date, so u ≈ 20 × 7e-5 ≈ 1.4e-3 for birth dates; m ≈ 0.05). different -4.
  Two ambiguous dates are compared reading by reading (a sheet keeps one convention), so
  05/06/2024 vs 06/05/2024 is a swap, not the same date.
- number — same / close (within 5%) / different: float after commas and spaces go, else
  `parse.money.parse_money` (5万, 1.2k; the middle of a range). same +6 (u ≈ 0.01: round
  numbers are common), close +2, different -3.

`chance_same` (on a prepared field): the share of pairs of non-blank rows that agree exactly —
the u of `same` estimated from the data (Fellegi–Sunter's frequency-based u), which a caller
may prefer over the static default for exact-comparator columns of low cardinality.

Known limits: a Chinese name in pinyin (Wang Ming) is different from 王明; Latin names have no
nickname table; a cell of several people or companies is a set (any member may match), so a
Western first name and surname in two columns should be two match fields, not one.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Hamming, JaroWinkler

from custinfo.dataset import CellKind
from custinfo.distinct import flagged
from custinfo.normalize.names import company_shorts, person_parts, region_dropped
from custinfo.parse.dates import parse_date
from custinfo.parse.money import parse_money

COMPARATORS: tuple[str, ...] = (
    "exact",
    "phone",
    "email",
    "person_name",
    "company_name",
    "string",
    "date",
    "number",
)

LEVELS: dict[str, tuple[str, ...]] = {
    "exact": ("same", "different"),
    "phone": ("same", "tail8", "partial", "different"),
    "email": ("same", "same_user", "different"),
    "person_name": ("same", "surname_title", "similar", "different"),
    "company_name": ("same", "similar90", "contains", "similar80", "different"),
    "string": ("same", "similar90", "similar75", "different"),
    "date": ("same", "typo", "different"),
    "number": ("same", "close", "different"),
}

DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "exact": {"same": 10.0, "different": -2.0},
    "phone": {"same": 13.0, "tail8": 11.0, "partial": 7.0, "different": -2.0},
    "email": {"same": 14.0, "same_user": 5.0, "different": -1.5},
    "person_name": {"same": 10.0, "surname_title": 3.0, "similar": 6.0, "different": -3.0},
    "company_name": {
        "same": 10.0,
        "similar90": 8.0,
        "contains": 6.0,
        "similar80": 5.0,
        "different": -4.0,
    },
    "string": {"same": 9.0, "similar90": 7.0, "similar75": 4.0, "different": -2.0},
    "date": {"same": 10.0, "typo": 5.0, "different": -4.0},
    "number": {"same": 6.0, "close": 2.0, "different": -3.0},
}

_SAME = ("{name}相同", "same {name}")
_DIFFERENT = ("{name}不同", "different {name}")
_SIMILAR = ("{name}相似 {score}", "{name} similar {score}")

EVIDENCE: dict[str, dict[str, tuple[str, str]]] = {
    "exact": {"same": _SAME, "different": _DIFFERENT},
    "phone": {
        "same": _SAME,
        "tail8": ("{name}后8位相同({left}/{right})", "{name} same last 8 digits ({left}/{right})"),
        "partial": (
            "{name}可见数字相同({left}/{right})",
            "{name} visible digits agree ({left}/{right})",
        ),
        "different": _DIFFERENT,
    },
    "email": {
        "same": _SAME,
        "same_user": ("{name}用户名相同({left}/{right})", "{name} same user name ({left}/{right})"),
        "different": _DIFFERENT,
    },
    "person_name": {
        "same": _SAME,
        "surname_title": ("{name}同姓({left}/{right})", "{name} same surname ({left}/{right})"),
        "similar": ("{name}相似({left}/{right})", "{name} similar ({left}/{right})"),
        "different": _DIFFERENT,
    },
    "company_name": {
        "same": _SAME,
        "similar90": _SIMILAR,
        "contains": ("{name}包含({left}/{right})", "{name} contained ({left}/{right})"),
        "similar80": _SIMILAR,
        "different": _DIFFERENT,
    },
    "string": {
        "same": _SAME,
        "similar90": _SIMILAR,
        "similar75": _SIMILAR,
        "different": _DIFFERENT,
    },
    "date": {
        "same": _SAME,
        "typo": ("{name}疑似笔误({left}/{right})", "{name} likely a typo ({left}/{right})"),
        "different": _DIFFERENT,
    },
    "number": {
        "same": _SAME,
        "close": ("{name}相近({left}/{right})", "{name} close ({left}/{right})"),
        "different": _DIFFERENT,
    },
}


@dataclass(frozen=True)
class Comparison:
    level: np.ndarray  # int8 per pair: index into LEVELS[comparator]; -1 when either side is blank
    score: np.ndarray  # float32 per pair, 0-100 similarity (100 exact); nan when blank


class Prepared(Protocol):
    """One match field's per-row state (`prepare`)."""

    @property
    def comparator(self) -> str: ...

    @property
    def rows(self) -> int: ...

    @property
    def chance_same(self) -> float: ...


# --- text helpers ------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAS_HAN = re.compile(f"[{_HAN}]")
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\ufe63\uff0d", "-")
)


def _text(value: object) -> str:
    """A cell as NFKC text ('' for blanks); integral floats without '.0' (Excel numbers)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
    elif isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10] if not isinstance(value, dt.time) else str(value)
    text = value if isinstance(value, str) else str(value)
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip()


def _display(value: object) -> str:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else str(stamp)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _loose(text: str) -> str:
    """Casefolded, punctuation as spaces, no spaces in Chinese text, single spaces otherwise."""
    text = _PUNCT.sub(" ", text.casefold())
    if _HAS_HAN.search(text):
        return "".join(text.split())
    return " ".join(text.split())


def _plain_loose(text: Any) -> Any:
    """`_loose` of plain texts (pyarrow strings): there punctuation is ASCII."""
    spaced = pc.replace_substring_regex(pc.utf8_lower(text), r"[^0-9a-z \x{4e00}-\x{9fff}]", " ")
    han = pc.match_substring_regex(spaced, _HAN_RE2)
    one = pc.utf8_trim_whitespace(pc.replace_substring_regex(spaced, " +", " "))
    return pc.if_else(han, pc.replace_substring(spaced, " ", ""), one)


def _cpdist(a: Sequence[str], b: Sequence[str], scorer: Any) -> np.ndarray:
    if not len(a):
        return np.zeros(0, dtype=np.float32)
    out = process.cpdist(list(a), list(b), scorer=scorer, workers=-1)
    return np.asarray(out, dtype=np.float32)


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return _cpdist(a.tolist(), b.tolist(), fuzz.ratio)


# Text that NFKC, dropping invisible characters, stripping and casefolding leave as it is but for
# ASCII case: printable ASCII and the common Han block, no space at either end (RE2: `flagged`).
# Most cells are such; their atoms come from one pyarrow pass, the others from `_text`.
_NOT_PLAIN = r"^ | $|[^\x20-\x7e\x{4e00}-\x{9fff}]"
_HAN_RE2 = r"[\x{4e00}-\x{9fff}]"


def _texts(cells: list[object]) -> tuple[list[str], np.ndarray]:
    """`_text` of each cell, and which cells are plain (the text is the cell itself)."""
    plain = ~flagged(np.asarray(cells, dtype=object), _NOT_PLAIN)
    out = [c if p else _text(c) for c, p in zip(cells, plain.tolist(), strict=True)]
    return out, plain  # type: ignore[return-value]


def _per_cell(
    cells: list[object], one: Callable[[str], str], plain: Callable[[Any], Any]
) -> list[list[str]]:
    """The atom `one(_text(cell))` of each cell; `plain` does the plain cells at once in pyarrow."""
    texts, is_plain = _texts(cells)
    idx = np.flatnonzero(is_plain)
    done = plain(pa.array([texts[i] for i in idx.tolist()], type=pa.string())).to_pylist()
    out = [_one(one(t)) if not p else [] for t, p in zip(texts, is_plain.tolist(), strict=True)]
    for i, atom in zip(idx.tolist(), done, strict=True):
        out[i] = _one(atom)
    return out


# --- comparators -------------------------------------------------------------------------------

Levels = tuple[np.ndarray, np.ndarray]  # (int8 level, float32 score) per atom pair


class _Spec:
    """One comparator: cells -> atoms (per distinct cell), atoms -> table, atom pairs -> levels."""

    def atoms(self, cells: list[object]) -> list[list[str]]:
        raise NotImplementedError

    def table(self, atoms: np.ndarray) -> Any:
        return atoms

    def levels(self, table: Any, a: np.ndarray, b: np.ndarray) -> Levels:
        raise NotImplementedError


def _one(atom: str) -> list[str]:
    return [atom] if atom else []


def _pick(conditions: Sequence[np.ndarray], n: int) -> np.ndarray:
    """The first true condition's index per element (len(conditions) when none is true)."""
    if not n:
        return np.zeros(0, dtype=np.int8)
    picked = np.select(list(conditions), list(range(len(conditions))), len(conditions))
    return np.asarray(picked, dtype=np.int8)


class _Exact(_Spec):
    _DROP = re.compile(r"[\s\-]+")

    def atoms(self, cells: list[object]) -> list[list[str]]:
        return _per_cell(
            cells,
            lambda t: self._DROP.sub("", t.translate(_DASHES).casefold()),
            lambda a: pc.replace_substring_regex(pc.utf8_lower(a), r"[\s\-]+", ""),
        )

    def levels(self, table: Any, a: np.ndarray, b: np.ndarray) -> Levels:
        same = a == b
        return (~same).astype(np.int8), np.where(same, 100, 0).astype(np.float32)


# phone ------------------------------------------------------------------------------------------

_PHONE_SPLIT = re.compile(r"[;,/、|\n\r]+|\s+(?:或|or)\s+", re.IGNORECASE)
_PHONE_NOTE = re.compile(r"\([^()\d]*\)|\[[^\[\]\d]*\]|【[^【】\d]*】")
_PHONE_EXT = re.compile(
    r"(?:转|分机号?|ext\.?|extn\.?|#)\s*\d{1,6}\s*$|(?<=\d)\s+x\s*\d{1,6}\s*$", re.IGNORECASE
)
_LANDLINE_EXT = re.compile(r"^(0\d{2,3}-\d{7,8})-\d{1,6}$")
_MASK = re.compile(r"(?<=[\d\s-])[*xX×•●?]+(?=[\d\s-])|(?<=\d)[*xX×•●?]{2,}|[*xX×•●?]{2,}(?=\d)")
_NOT_PHONE = re.compile(r"[^\d*+\s\-().]")
_PLAUSIBLE = re.compile(r"1[3-9]\d{9}|0\d{9,11}|[2-9]\d{6,7}|[48]00\d{7}|9\d{4,7}")
_FOREIGN = re.compile(r"(?:\+|00)[1-9]\d{7,14}")  # +852 9123 4567: kept with its country code
_PHONE_FAST = r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[2-9][0-9]{6,7}"


def _phone_canonical(raw: str) -> str:
    if _FOREIGN.fullmatch(raw) and not raw.lstrip("+").startswith(("86", "0086")):
        return "+" + raw.lstrip("+").removeprefix("00")
    s = raw.lstrip("+")
    if s.startswith("0086"):
        s = s[4:]
    elif s.startswith("86") and len(s) == 13 and s[2] == "1":
        s = s[2:]
    if len(s) == 12 and s.startswith("01") and s[2] in "3456789":
        s = s[1:]
    return s


def _phone_ok(s: str) -> bool:
    if "*" in s:
        return 7 <= len(s) <= 15 and sum(c.isdigit() for c in s) >= 6 and s[0] != "*"
    if s.startswith("+"):
        return _FOREIGN.fullmatch(s) is not None
    return _PLAUSIBLE.fullmatch(s) is not None


def _phone_numbers(text: str) -> list[str]:
    """The numbers in one cell, canonical digits ('*' for masked digits)."""
    text = _PHONE_NOTE.sub("", text.translate(_DASHES))
    out: list[str] = []
    for part in _PHONE_SPLIT.split(text):
        part = _PHONE_EXT.sub("", part.strip())
        landline = _LANDLINE_EXT.match(part.replace(" ", ""))
        if landline:
            part = landline.group(1)
        part = _MASK.sub(lambda m: "*" * len(m.group()), part)
        part = _NOT_PHONE.sub(" ", part)  # labels (手机：, Tel) as separators
        whole = re.sub(r"[\s\-().]", "", part)
        if whole and _phone_ok(_phone_canonical(whole)):
            out.append(_phone_canonical(whole))
            continue
        acc = ""
        for token in part.split():
            token = token.strip("-().")
            joined = _phone_canonical(acc + token)
            if acc and _phone_ok(_phone_canonical(acc)) and not _phone_ok(joined):
                out.append(_phone_canonical(acc))
                acc = token
            else:
                acc += token
        if acc and _phone_ok(_phone_canonical(acc)):
            out.append(_phone_canonical(acc))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _PhoneTable:
    masked: np.ndarray  # bool
    tail8: np.ndarray  # int64, -1 when shorter than 8 or masked there
    tail7: np.ndarray  # int64
    local7: np.ndarray  # bool: a 7-digit number (a local number without area code)
    digits: np.ndarray  # uint8 (atoms, 16): right-aligned, 0-9 digits, 10 mask, 11 nothing
    text: np.ndarray  # object: the atoms


_PHONE_WIDTH = 16


def _tail(grid: np.ndarray, n: int) -> np.ndarray:
    """The last `n` digits as an integer per atom (-1 when fewer, or masked there)."""
    last = grid[:, -n:].astype(np.int64)
    value = (last * 10 ** np.arange(n - 1, -1, -1, dtype=np.int64)).sum(axis=1)
    return np.where((last < 10).all(axis=1), value, -1)


class _Phone(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        # canonical numbers (13800138000, 0755-88881234: most cells after normalization) are
        # their own atom; only the others are parsed one by one
        raw = [c if isinstance(c, str) else "" for c in cells]
        out: list[list[str]] = [[] for _ in raw]
        if not raw:
            return out
        s = pd.Series(raw, dtype="string[pyarrow]")
        fast = s.str.fullmatch(_PHONE_FAST).to_numpy(dtype=bool, na_value=False)
        plain = s[fast].str.replace("-", "", regex=False)
        trunk = plain.str.fullmatch("01[3-9][0-9]{9}").to_numpy(dtype=bool, na_value=False)
        plain = plain.where(~trunk, plain.str.slice(1))  # 013800138000: a mobile after a 0
        for i, atom in zip(np.flatnonzero(fast).tolist(), plain.tolist(), strict=True):
            out[i] = [atom]
        for i in np.flatnonzero(~fast).tolist():
            out[i] = _phone_numbers(_text(cells[i]))
        return out

    def table(self, atoms: np.ndarray) -> _PhoneTable:
        w = _PHONE_WIDTH
        items: list[str] = atoms.tolist()
        width = max([w, *map(len, items)])
        chars = np.array(items, dtype=f"<U{width}").view(np.uint32).reshape(len(items), width)
        length = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
        at = length[:, None] - w + np.arange(w)  # right-aligned: the last `w` characters
        picked = np.take_along_axis(chars, np.maximum(at, 0), axis=1)
        grid = np.where(
            (picked >= 48) & (picked <= 57), picked - 48, np.where(picked == 42, 10, 11)
        ).astype(np.uint8)
        grid[at < 0] = 11
        return _PhoneTable(
            masked=(grid == 10).any(axis=1),
            tail8=_tail(grid, 8),
            tail7=_tail(grid, 7),
            local7=length == 7,
            digits=grid,
            text=atoms,
        )

    def levels(self, table: _PhoneTable, a: np.ndarray, b: np.ndarray) -> Levels:
        t = table
        masked = t.masked[a] | t.masked[b]
        same = (a == b) & ~masked
        tail8 = ~masked & (
            ((t.tail8[a] == t.tail8[b]) & (t.tail8[a] >= 0))
            | ((t.local7[a] | t.local7[b]) & (t.tail7[a] == t.tail7[b]) & (t.tail7[a] >= 0))
        )
        partial = np.zeros(len(a), dtype=bool)
        idx = np.flatnonzero(masked)
        if len(idx):
            da, db = t.digits[a[idx]], t.digits[b[idx]]
            both = (da < 10) & (db < 10)
            agree = ~np.any(both & (da != db), axis=1)
            partial[idx] = agree & (both.sum(axis=1) >= 6)
        level = _pick([same, tail8, partial], len(a))
        score = _ratio(t.text[a], t.text[b])
        score[same] = 100
        return level, score


# email ------------------------------------------------------------------------------------------

_EMAIL_SPLIT = re.compile(r"[;,、|/\s]+")
_GENERIC_USERS = frozenset(
    """info admin sales service support contact hr office mail email kefu webmaster hello
    marketing help enquiry enquiries noreply no-reply postmaster test finance account""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class _EmailTable:
    user: np.ndarray  # int64 code of the local part (dots, +tag dropped); -1 when too weak


class _Email(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        out = []
        for c in cells:
            text = _text(c).casefold().replace("mailto:", "")
            parts = (p.strip("<>()[]\"'.,;:") for p in _EMAIL_SPLIT.split(text))
            out.append(list(dict.fromkeys(p for p in parts if "@" in p and len(p) > 1)))
        return out

    def table(self, atoms: np.ndarray) -> _EmailTable:
        users = []
        for atom in atoms.tolist():
            local = atom.rsplit("@", 1)[0].split("+", 1)[0].replace(".", "")
            users.append(local if len(local) >= 3 and local not in _GENERIC_USERS else None)
        codes, _ = pd.factorize(pd.Series(users, dtype=object))
        return _EmailTable(user=codes.astype(np.int64))

    def levels(self, table: _EmailTable, a: np.ndarray, b: np.ndarray) -> Levels:
        same = a == b
        user = (table.user[a] == table.user[b]) & (table.user[a] >= 0)
        level = _pick([same, user], len(a))
        score = np.select([same, user], [100.0, 50.0], 0.0).astype(np.float32)
        return level, score


# person names -----------------------------------------------------------------------------------

_PERSON_SPLIT = re.compile(r"[/、,，;；|\n]+")
_LATIN_SPLIT = re.compile(r"[/;|\n]+|\s+(?:and|&)\s+", re.IGNORECASE)
_NOTE_IN_NAME = re.compile(r"\([^()]*\)")
_NOT_HAN_CORE = re.compile(f"[^{_HAN}*×?某□·]")
_PLACEHOLDER = frozenset("*×?某□·")
_FEMALE = frozenset(["女士", "小姐", "夫人", "太太", "姐", "大姐", "阿姨", "姨", "老板娘"])
_MALE = frozenset(["先生", "哥", "大哥", "叔", "生", "师傅"])
_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|dr|prof)\.?\s+(\S+)$")


# Homophones: GB 2312's 3755 level-1 characters are ordered by pinyin, so a syllable is a run of
# them; these are the first character of each run (derived with pypinyin, tones ignored; 98% of
# the characters sit under their pypinyin reading, the rest are polyphones placed by another).
_SYLLABLE_STARTS = frozenset(
    "啊埃鞍肮凹芭白斑邦苞杯奔崩逼鞭标鳖彬兵玻捕擦猜餐苍操厕层插拆搀昌超车郴撑吃充抽初揣川疮吹春戳疵聪凑粗蹿摧村磋搭呆耽当刀德蹬堤颠碉跌丁丢东兜督端堆墩掇蛾恩而发藩坊菲芬丰佛噶该干冈篙哥给根耕工钩辜刮乖棺光瑰辊锅哈骸酣夯壕呵嘿痕哼轰喉呼花槐欢荒灰荤豁击嘉歼僵蕉揭巾荆"
    "炯揪鞠捐撅均喀开刊康考坷肯坑空抠枯夸块宽匡亏坤括垃莱蓝琅捞勒棱厘俩联粮撩列琳玲溜龙楼芦驴掠妈埋瞒芒猫么玫门萌眯棉苗蔑民明谬摸谋拇拿氖南囊挠呢馁嫩能妮蔫娘鸟捏您柠牛脓奴暖虐哦欧啪拍攀乓抛呸喷砰坯篇飘撇拼乒坡剖扑期掐牵枪橇切钦青琼秋趋圈缺裙然瓤饶惹壬扔日戎揉茹软蕊"
    "闰若撒腮三桑搔瑟森僧莎筛珊墒梢奢砷声师收蔬刷摔栓霜谁吮说斯松搜苏酸虽孙蓑塌胎坍汤掏特藤梯天挑贴厅通偷凸湍推吞拖挖歪豌汪威瘟嗡挝巫昔瞎掀相萧楔薪星兄休墟轩靴勋压焉殃邀椰一茵英哟拥幽迂鸳曰耘匝栽咱赃遭责贼怎增扎摘瞻樟招遮珍蒸芝中舟珠拽专桩锥谆捉兹鬃邹租钻嘴尊昨"
)


def _syllables() -> dict[str, str]:
    """Each level-1 character -> the first character of its syllable's run (明, 铭 -> 明)."""
    out: dict[str, str] = {}
    head = ""
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                char = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if char in _SYLLABLE_STARTS or not head:
                head = char
            out[char] = head
    return out


_SYLLABLE = _syllables()


def _sound(text: str) -> str:
    """`text` with each common character replaced by its syllable's first character."""
    return "".join(_SYLLABLE.get(c, c) for c in text)


def _person_atoms(text: str) -> list[str]:
    out = []
    # a comma inside a Latin name is "Surname, Given"; elsewhere it separates people
    parts = _PERSON_SPLIT.split(text) if _HAS_HAN.search(text) else _LATIN_SPLIT.split(text)
    for part in parts:
        part = " ".join(part.split())
        if not part:
            continue
        if _HAS_HAN.search(part):
            tokens = part.split(" ")
            han = all(_HAS_HAN.fullmatch(t) for t in tokens)
            if han and sum(map(len, tokens)) <= 4 and any(len(t) == 1 for t in tokens):
                out.append("".join(tokens))  # 王 明: one name padded to line up
            else:
                out.extend(t for t in tokens if _HAS_HAN.search(t))
        else:
            out.append(part)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _PersonTable:
    surname: np.ndarray  # int64 code; -1 when not known (Latin names, 阿强)
    given: np.ndarray  # object: the given name ('' when only surname and title)
    gender: np.ndarray  # int8: 0 male, 1 female, -1 unknown (from the title)
    key: np.ndarray  # object: surname + given, or the whole name when the surname is unknown
    sound: np.ndarray  # object: `key` by syllable (王明, 王铭 -> the same)
    latin: np.ndarray  # bool
    text: np.ndarray  # object: the atoms


def _person_fields(atom: str) -> tuple[str, str, str, str, bool] | None:
    """(surname, given, title, key, latin) of one name; None when it names nobody (*女士)."""
    if not _HAS_HAN.search(atom):
        words = _PUNCT.sub(" ", atom.casefold().replace(".", " . ")).split()
        honorific = _HONORIFIC.match(" ".join(w for w in atom.casefold().split()))
        if honorific:
            title = {"mr": "先生", "mrs": "夫人", "ms": "女士", "miss": "小姐"}.get(
                honorific.group(1), ""
            )
            surname = _PUNCT.sub("", honorific.group(2))
            return (surname, "", title, surname, True) if surname else None
        words = [w for w in words if w]
        return ("", "", "", " ".join(sorted(words)), True) if words else None
    surname, title = person_parts(atom)
    core = _NOT_HAN_CORE.sub("", _NOTE_IN_NAME.sub("", atom))
    base = core
    if title and base.endswith(title):
        base = base[: -len(title)]
    elif title in ("老", "小") and base.startswith(title):
        base = base[1:]
    if surname:
        at = base.rfind(surname)
        given = base[at + len(surname) :] if at >= 0 else ""
        if any(c in _PLACEHOLDER for c in given):
            given = ""
        return surname, given, title, surname + given, False
    base = base.strip("·")
    if not base or all(c in _PLACEHOLDER for c in base):
        return None
    return "", "", title, base, False


class _Person(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        out = []
        for c in cells:
            atoms = _person_atoms(_text(c))
            out.append([a for a in atoms if _person_fields(a) is not None])
        return out

    def table(self, atoms: np.ndarray) -> _PersonTable:
        fields = [_person_fields(a) for a in atoms.tolist()]
        parts = [f if f is not None else ("", "", "", "", True) for f in fields]
        surnames = pd.Series([p[0] or None for p in parts], dtype=object)
        gender = [1 if p[2] in _FEMALE else 0 if p[2] in _MALE else -1 for p in parts]
        return _PersonTable(
            surname=pd.factorize(surnames)[0].astype(np.int64),
            given=np.array([p[1] for p in parts], dtype=object),
            gender=np.array(gender, dtype=np.int8),
            key=np.array([p[3] for p in parts], dtype=object),
            sound=np.array([_sound(p[3]) for p in parts], dtype=object),
            latin=np.array([p[4] for p in parts], dtype=bool),
            text=atoms,
        )

    def levels(self, table: _PersonTable, a: np.ndarray, b: np.ndarray) -> Levels:
        t = table
        n = len(a)
        known = (t.surname[a] >= 0) & (t.surname[b] >= 0)
        same_surname = known & (t.surname[a] == t.surname[b])
        given_a, given_b = t.given[a], t.given[b]
        len_a = np.fromiter(map(len, given_a), dtype=np.int64, count=n)
        len_b = np.fromiter(map(len, given_b), dtype=np.int64, count=n)
        key_same = t.key[a] == t.key[b]
        same = np.where(known, same_surname & key_same & (len_a > 0), key_same)
        bare = same_surname & ((len_a == 0) | (len_b == 0))
        clash = (t.gender[a] >= 0) & (t.gender[b] >= 0) & (t.gender[a] != t.gender[b])
        surname_title = bare & ~clash
        similar = np.zeros(n, dtype=bool)
        # Chinese: one character of the given name (or of the whole name, surname unknown)
        # replaced by a homophone, as a pinyin input method does: 王明/王铭, 王小明/王晓明
        han = ~t.latin[a] & ~t.latin[b] & ~same
        candidate = han & np.where(known, same_surname & (len_a > 0) & (len_a == len_b), ~known)
        idx = np.flatnonzero(candidate & (t.sound[a] == t.sound[b]))
        if len(idx):
            ka, kb = t.key[a[idx]].tolist(), t.key[b[idx]].tolist()
            hamming = _cpdist(ka, kb, Hamming.distance)
            similar[idx] = hamming == 1
        # Latin: Jaro–Winkler on the words in order, when neither is a bare Mr./Ms. X
        idx = np.flatnonzero(t.latin[a] & t.latin[b] & ~same & ~bare)
        if len(idx):
            jw = _cpdist(t.key[a[idx]].tolist(), t.key[b[idx]].tolist(), JaroWinkler.similarity)
            similar[idx] = jw >= 0.9
        level = _pick([same, surname_title, similar], n)
        score = _ratio(t.text[a], t.text[b])
        score[same] = 100
        return level, score


# company names ----------------------------------------------------------------------------------


def _company_cores(text: str, short: str) -> list[str]:
    """The core (`short`: the 简称 of `text`, `_loose`), and the core without a leading region when
    `company_short` kept one (a rep's 深圳达隆 is 达隆, which the registered name's core 达隆食品
    contains)."""
    core = (short or _loose(text)) if text else ""
    if not core:
        return []
    bare = region_dropped(core)
    bare = _loose(bare) if bare != core else core  # `_loose` of a loose text changes nothing
    return [core, bare] if bare and bare != core else [core]


class _Company(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        texts = [" ".join(t.split()) for t in _texts(cells)[0]]
        if not texts:
            return []
        shorts = company_shorts(np.array(texts, dtype=object)).tolist()
        loose = _per_cell(shorts, _loose, _plain_loose)  # the 简称, cleaned
        return [_company_cores(t, s[0] if s else "") for t, s in zip(texts, loose, strict=True)]

    def table(self, atoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return atoms, np.fromiter(map(len, atoms.tolist()), np.int64, len(atoms))

    def levels(self, table: tuple[np.ndarray, np.ndarray], a: np.ndarray, b: np.ndarray) -> Levels:
        same = a == b
        ta, tb = table[0][a], table[0][b]
        ratio = _ratio(ta, tb)
        len_a, len_b = table[1][a], table[1][b]
        shorter = np.minimum(len_a, len_b)
        # one core inside the other has ratio 200·short/(short+long), the most those lengths
        # allow (the shorter is a subsequence); partial_ratio then checks it is contiguous
        ceiling = 200 * shorter / np.maximum(len_a + len_b, 1)
        contains = np.zeros(len(a), dtype=bool)
        idx = np.flatnonzero(~same & (shorter >= 2) & (ratio < 90) & (ratio >= ceiling - 1e-2))
        if len(idx):
            partial = _cpdist(ta[idx].tolist(), tb[idx].tolist(), fuzz.partial_ratio)
            contains[idx] = partial == 100
        level = _pick([same, ratio >= 90, contains, ratio >= 80], len(a))
        ratio[same] = 100
        return level, ratio


# free text --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StringTable:
    text: np.ndarray  # object: the atoms
    short: np.ndarray  # bool: Latin and at most 12 characters (Jaro–Winkler scores it)


class _String(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        return _per_cell(cells, _loose, _plain_loose)

    def table(self, atoms: np.ndarray) -> _StringTable:
        short = [len(a) <= 12 and a.isascii() for a in atoms.tolist()]
        return _StringTable(atoms, np.array(short, dtype=bool))

    def levels(self, table: _StringTable, a: np.ndarray, b: np.ndarray) -> Levels:
        same = a == b
        ta, tb = table.text[a], table.text[b]
        score = _ratio(ta, tb)
        idx = np.flatnonzero(table.short[a] & table.short[b] & ~same)
        if len(idx):
            score[idx] = 100 * _cpdist(ta[idx].tolist(), tb[idx].tolist(), JaroWinkler.similarity)
        score[same] = 100
        level = _pick([same, score >= 90, score >= 75], len(a))
        return level, score


# dates ------------------------------------------------------------------------------------------

_WESTERN = re.compile(
    r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:[ T]+\d{1,2}[:：]\d{2}(?::\d{2})?)?"
)
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for m in names.split()
}
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _ymd(year: int, month: int, day: int) -> int | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return year * 10000 + month * 100 + day


def _date_atom(value: object) -> str:
    """'YYYYMMDD', or 'YYYYMMDD|YYYYMMDD' (day first | month first) for an ambiguous dd/mm/yyyy."""
    if isinstance(value, (dt.date, pd.Timestamp)) and not pd.isna(value):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            return ""
        number = _text(value)
        parsed = parse_date(number, CellKind.NUMBER)
        return parsed.value.strftime("%Y%m%d") if parsed else ""
    text = _text(value).casefold()
    if not text:
        return ""
    if m := _WESTERN.fullmatch(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        day_first, month_first = _ymd(year, second, first), _ymd(year, first, second)
        if day_first and month_first and day_first != month_first:
            return f"{day_first}|{month_first}"
        found = day_first or month_first
        return str(found) if found else ""
    if (m := _DAY_MONTH.fullmatch(text)) and m[2] in _MONTHS:
        return str(_ymd(int(m[3]), _MONTHS[m[2]], int(m[1])) or "")
    if (m := _MONTH_DAY.fullmatch(text)) and m[1] in _MONTHS:
        return str(_ymd(int(m[3]), _MONTHS[m[1]], int(m[2])) or "")
    parsed = parse_date(text)
    return parsed.value.strftime("%Y%m%d") if parsed else ""


@dataclass(frozen=True)
class _DateTable:
    ymd: np.ndarray  # int64 (atoms, 2): day-first and month-first readings (equal when one)
    day: np.ndarray  # int64 (atoms, 2): days since 1970 of each reading


def _digits_differ(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    diff = np.zeros(x.shape, dtype=np.int64)
    for k in range(8):
        p = 10**k
        diff += (x // p) % 10 != (y // p) % 10
    return diff


class _Date(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        return [_one(_date_atom(c)) for c in cells]

    def table(self, atoms: np.ndarray) -> _DateTable:
        ymd = np.array(
            [[int(p) for p in (a.split("|") * 2)[:2]] for a in atoms.tolist()], dtype=np.int64
        ).reshape(-1, 2)
        stamps = pd.to_datetime(ymd.ravel().astype(str), format="%Y%m%d")
        day = (stamps.to_numpy().astype("datetime64[D]").astype(np.int64)).reshape(-1, 2)
        return _DateTable(ymd=ymd, day=day)

    def levels(self, table: _DateTable, a: np.ndarray, b: np.ndarray) -> Levels:
        ya, yb = table.ymd[a], table.ymd[b]  # (n, 2): each reading against the same reading
        same = np.any(ya == yb, axis=1)
        near = np.any(np.abs(table.day[a] - table.day[b]) == 1, axis=1)
        digit = np.any(_digits_differ(ya, yb) == 1, axis=1)
        year_a, year_b = ya // 10000, yb // 10000
        md_a, md_b = ya % 10000, yb % 10000
        swapped = (year_a == year_b) & (md_a // 100 == md_b % 100) & (md_a % 100 == md_b // 100)
        typo = near | digit | np.any(swapped, axis=1)
        level = _pick([same, typo], len(a))
        score = _ratio(ya[:, 0].astype(str).astype(object), yb[:, 0].astype(str).astype(object))
        score[same] = 100
        return level, score


# numbers ----------------------------------------------------------------------------------------

_NUMBER_NOISE = re.compile(r"[,\s_']")


def _number_atom(value: object) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
    else:
        text = _NUMBER_NOISE.sub("", _text(value))
        if not text:
            return ""
        try:
            number = float(text)
        except ValueError:
            money = parse_money(text)
            if money is None or (money.low is None and money.high is None):
                return ""
            low = money.low if money.low is not None else money.high
            high = money.high if money.high is not None else money.low
            assert low is not None and high is not None
            number = (low + high) / 2
    return repr(number) if math.isfinite(number) else ""


class _Number(_Spec):
    def atoms(self, cells: list[object]) -> list[list[str]]:
        return [_one(_number_atom(c)) for c in cells]

    def table(self, atoms: np.ndarray) -> np.ndarray:
        return np.array([float(a) for a in atoms.tolist()], dtype=np.float64)

    def levels(self, table: np.ndarray, a: np.ndarray, b: np.ndarray) -> Levels:
        x, y = table[a], table[b]
        scale = np.maximum(np.abs(x), np.abs(y))
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            rel = np.where(scale > 0, np.abs(x - y) / scale, 0.0)
        rel = np.nan_to_num(rel, nan=1.0, posinf=1.0)
        same = (a == b) | (rel <= 1e-12)
        close = rel <= 0.05
        score = np.clip(100 * (1 - rel), 0, 100).astype(np.float32)
        return _pick([same, close], len(a)), score


_SPECS: dict[str, _Spec] = {
    "exact": _Exact(),
    "phone": _Phone(),
    "email": _Email(),
    "person_name": _Person(),
    "company_name": _Company(),
    "string": _String(),
    "date": _Date(),
    "number": _Number(),
}


# --- prepare / compare / display ---------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    comparator: str
    rows: int
    row_key: np.ndarray  # int64 per row: its key (-1 blank: no atoms)
    key_ptr: np.ndarray  # int64 (keys + 1): CSR of each key's atoms
    key_atoms: np.ndarray  # int64
    single: bool  # every key has exactly one atom
    atoms: np.ndarray  # object: the distinct atoms
    table: Any  # the comparator's per-atom arrays
    cells: np.ndarray  # int64 (columns, rows): codes of the raw cells (-1 blank)
    raw: np.ndarray  # object: the distinct raw cells (`cells` codes index it)
    cell_ptr: np.ndarray  # int64 (raw + 1): CSR of each raw cell's atoms, in the cell's order
    cell_atoms: np.ndarray  # int64
    chance_same: float = field(default=0.0)


def _spread(ptr: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For CSR rows `which`: (position in `which`, index into the CSR items) of every item."""
    counts = ptr[which + 1] - ptr[which]
    owner = np.repeat(np.arange(len(which), dtype=np.int64), counts)
    starts = np.repeat(ptr[which] - np.cumsum(counts) + counts, counts)
    return owner, starts + np.arange(len(owner), dtype=np.int64)


def prepare(comparator: str, columns: Sequence[pd.Series]) -> Prepared:
    """Per-row representation of one match field. `columns` are row-aligned frame columns
    (object dtype, pd.NA/None for blank cells); several columns form one set of values."""
    if comparator not in _SPECS:
        raise ValueError(f"unknown comparator {comparator!r}; one of {', '.join(COMPARATORS)}")
    if not columns:
        raise ValueError("a match field needs at least one column")
    spec = _SPECS[comparator]
    n = len(columns[0])
    if any(len(c) != n for c in columns):
        raise ValueError("the columns of a match field must be row-aligned")
    stacked = np.concatenate([np.asarray(c, dtype=object) for c in columns])
    codes, uniq = pd.factorize(stacked)
    cells_uniq: list[object] = list(np.asarray(uniq, dtype=object))
    cell_atoms = spec.atoms(cells_uniq)
    counts = np.fromiter(map(len, cell_atoms), dtype=np.int64, count=len(cell_atoms))
    cell_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    flat = [a for atoms in cell_atoms for a in atoms]
    atom_codes, atom_uniq = pd.factorize(pd.Series(flat, dtype=object))
    atom_codes = atom_codes.astype(np.int64)
    atoms = np.asarray(atom_uniq, dtype=object)
    cells = codes.astype(np.int64).reshape(len(columns), n)

    if len(columns) == 1:
        row_key = cells[0].copy()
        key_ptr, key_atoms = cell_ptr, atom_codes
    else:
        keyed = np.sort(cells, axis=0).T  # each row's cells, sorted: a set up to repeats
        row_key, unique_rows = _row_keys(keyed)
        n_keys = len(unique_rows)
        owner, item_cell = np.nonzero(unique_rows >= 0)
        cell = unique_rows[owner, item_cell]
        sub_owner, item = _spread(cell_ptr, cell)
        pair = np.unique(owner[sub_owner] * max(len(atoms), 1) + atom_codes[item])
        key_of = pair // max(len(atoms), 1)
        key_atoms = pair % max(len(atoms), 1)
        key_ptr = np.searchsorted(key_of, np.arange(n_keys + 1)).astype(np.int64)
    key_counts = np.diff(key_ptr)
    has_atoms = np.append(key_counts > 0, False)  # row key -1 reads the last entry
    row_key = np.where(has_atoms[row_key], row_key, -1)
    present = row_key[row_key >= 0]
    single = bool(np.all(key_counts[present] == 1))
    chance = 0.0
    if len(present) > 1:
        first_atom = key_atoms[key_ptr[present]]
        freq = np.bincount(first_atom).astype(np.float64)
        total = float(len(present))
        chance = float(((freq * (freq - 1)).sum()) / (total * (total - 1)))
    return _Field(
        comparator=comparator,
        rows=n,
        row_key=row_key.astype(np.int64),
        key_ptr=key_ptr,
        key_atoms=key_atoms,
        single=single,
        atoms=atoms,
        table=spec.table(atoms),
        cells=cells,
        raw=np.asarray(uniq, dtype=object),
        cell_ptr=cell_ptr,
        cell_atoms=atom_codes,
        chance_same=chance,
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic collector paused (also a decorator) while the matcher makes millions of
    small acyclic objects — the atoms of every distinct cell, the evidence of every pair: each
    full collection walks every object of the process, the whole workbook included (at 1M rows
    that was several seconds for nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def preparer(frame: pd.DataFrame) -> Callable[[str, Sequence[str]], Prepared]:
    """`prepare(comparator, [frame[c] for c in columns])`, each (comparator, columns) once: the
    blocking keys and the match fields share the cleaned values (phone numbers, company cores)."""
    cache: dict[tuple[str, tuple[str, ...]], Prepared] = {}

    def prepared(comparator: str, columns: Sequence[str]) -> Prepared:
        key = (comparator, tuple(columns))
        if key not in cache:
            cache[key] = prepare(comparator, [frame[c] for c in columns])
        return cache[key]

    return prepared


def atoms(prepared: Prepared) -> np.ndarray:
    """The distinct atoms of a prepared field (object array of str)."""
    return _as_field(prepared).atoms


def row_atoms(prepared: Prepared, first: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(row, atom) for every atom of every cell, rows ascending; with `first` only each cell's
    first atom (a company's core, not the core without its region)."""
    f = _as_field(prepared)
    cell = f.cells.T.ravel()  # row by row
    rows = np.repeat(np.arange(f.rows, dtype=np.int64), len(f.cells))
    given = cell >= 0
    rows, cell = rows[given], cell[given]
    if first:
        has = f.cell_ptr[cell + 1] > f.cell_ptr[cell]
        return rows[has], f.cell_atoms[f.cell_ptr[cell[has]]]
    owner, item = _spread(f.cell_ptr, cell)
    return rows[owner], f.cell_atoms[item]


def _row_keys(keyed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(key per row, the distinct rows of cell codes); key -1 for rows of blank cells only."""
    key = np.zeros(len(keyed), dtype=np.int64)
    for column in keyed.T:  # codes < rows, so key * (rows + 1) stays far below 2**63
        key = pd.factorize(key * (len(keyed) + 1) + column + 1)[0].astype(np.int64)
    _, first = np.unique(key, return_index=True)
    uniq = keyed[first]
    blank = np.all(uniq < 0, axis=1)
    return np.where(blank[key], -1, key), uniq


def _as_field(prepared: Prepared) -> _Field:
    if not isinstance(prepared, _Field):
        raise TypeError("compare() takes what prepare() returned")
    return prepared


def compare(prepared: Prepared, left: np.ndarray, right: np.ndarray) -> Comparison:
    """Levels and scores of the pairs (`left[i]`, `right[i]`) of row positions."""
    f = _as_field(prepared)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if left.shape != right.shape:
        raise ValueError("left and right must have the same length")
    level = np.full(len(left), -1, dtype=np.int8)
    score = np.full(len(left), np.nan, dtype=np.float32)
    kl, kr = f.row_key[left], f.row_key[right]
    ok = (kl >= 0) & (kr >= 0)
    if not ok.any():
        return Comparison(level, score)
    if f.single:  # straight to the atoms: one hash of the pairs, not two
        level[ok], score[ok] = _atom_levels(
            f, f.key_atoms[f.key_ptr[kl[ok]]], f.key_atoms[f.key_ptr[kr[ok]]]
        )
        return Comparison(level, score)
    lo = np.minimum(kl[ok], kr[ok])
    hi = np.maximum(kl[ok], kr[ok])
    n_keys = len(f.key_ptr) - 1
    inverse, pairs = pd.factorize(lo * n_keys + hi)
    key_lv, key_sc = _key_levels(f, pairs // n_keys, pairs % n_keys)
    level[ok] = key_lv[inverse]
    score[ok] = key_sc[inverse]
    return Comparison(level, score)


def _key_levels(f: _Field, klo: np.ndarray, khi: np.ndarray) -> Levels:
    cl = f.key_ptr[klo + 1] - f.key_ptr[klo]
    cr = f.key_ptr[khi + 1] - f.key_ptr[khi]
    total = cl * cr
    group = np.repeat(np.arange(len(klo), dtype=np.int64), total)
    j = np.arange(len(group), dtype=np.int64) - np.repeat(np.cumsum(total) - total, total)
    width = cr[group]
    a = f.key_atoms[f.key_ptr[klo[group]] + j // width]
    b = f.key_atoms[f.key_ptr[khi[group]] + j % width]
    lv, sc = _atom_levels(f, a, b)
    start = np.cumsum(total) - total
    best = start.copy()  # a key pair of one atom pair each (most) is that pair
    several = np.flatnonzero(np.repeat(total > 1, total))
    if len(several):  # the best level, then the best score, of the others
        order = several[
            np.lexsort((-np.nan_to_num(sc[several], nan=-1.0), lv[several], group[several]))
        ]
        first = order[np.concatenate([[True], np.diff(group[order]) != 0])]
        best[group[first]] = first
    return lv[best], sc[best]


def _atom_levels(f: _Field, a: np.ndarray, b: np.ndarray) -> Levels:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    n_atoms = max(len(f.atoms), 1)
    inverse, pairs = pd.factorize(lo * n_atoms + hi)
    lv, sc = _SPECS[f.comparator].levels(f.table, pairs // n_atoms, pairs % n_atoms)
    return lv.astype(np.int8)[inverse], sc.astype(np.float32)[inverse]


def display(prepared: Prepared, rows: np.ndarray) -> np.ndarray:
    """What the evidence shows for `rows`: the cells as typed ("王总"; several joined by " / ")."""
    f = _as_field(prepared)
    rows = np.asarray(rows, dtype=np.int64)
    codes = f.cells[:, rows]
    needed, inverse = np.unique(codes, return_inverse=True)
    shown = np.array([_display(f.raw[c]) if c >= 0 else "" for c in needed.tolist()], dtype=object)
    parts = shown[inverse.reshape(codes.shape)]
    if len(f.cells) == 1:
        out: np.ndarray = parts[0]
        return out
    joined = [" / ".join(dict.fromkeys(p for p in ps if p)) for ps in zip(*parts, strict=True)]
    return np.array(joined, dtype=object)
