"""所在地区 (and 详细地址) free text -> province, city, district with GB/T 2260 codes.

What is written back to 所在地区 is the seeds' form: province + city (广东省深圳市), followed by
the district when the cell names one (广东省深圳市南山区); a 直辖市 is written once
(北京市朝阳区); a county-level city a province administers itself is the city (湖北省仙桃市).
Road and building text in 所在地区 is dropped from the value (it belongs in 详细地址; the change
log keeps what was typed). 详细地址 never changes here: it is read as context (which 朝阳区?) and,
when 所在地区 is blank or names only the province, as the source of the derived columns.

How a text is read:
1. NFKC (full-width letters and digits become ASCII), whitespace and punctuation removed.
2. Scanned left to right for the longest known written form at each position: full names
   (广东省, 浦东新区), former names (襄樊市, 闸北区), short names (广东, 深圳, 浦东); a short
   name followed by 路/街/大道 … is a road (北京路, 香港中路) and ignored. Latin letters are
   looked up as pinyin of provinces and cities (Shenzhen, Shen Zhen, Harbin).
3. Each division named anywhere is a candidate; its score adds, per level (province, city,
   county), the strongest form naming it or one of its ancestors: full 3, short 2, a county's
   short name 1 (and only with an ancestor named too, or as the first thing in the text).
   所在地区 counts twice as much as 详细地址, and a candidate must be named in 所在地区 when
   所在地区 names anything. The best score wins; on a tie the earliest named wins; the same
   form naming several places (朝阳区: Beijing or Changchun) with nothing else to choose is
   ambiguous, unless one is an ancestor of the others (吉林 -> 吉林省) or they differ in level
   (海南 -> 海南省 rather than 海南藏族自治州).

Only the order of what a text names counts, never where it is, so a column's addresses are
read by what they name: 科技路12号 and 科技路305号 are the same address here (`_scan_keys`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from custinfo.normalize.column import Normalized, Problems
from custinfo.normalize.divisions import (
    COUNTY_SHORT,
    FULL,
    MUNICIPALITIES,
    NOT_MAINLAND,
    Alias,
    Division,
    DivisionTable,
    default_groups,
    default_tiers,
    divisions,
)

DERIVED = ("province", "city", "district", "region_code", "region_group", "city_tier")

STANDARD = "region.standard"  # rewritten in the seeds' form
RENAMED = "region.renamed"  # a former name replaced by the current one
FROM_ADDRESS = "region.from_address"  # province/city taken from 详细地址

_NOISE = re.compile(r"[\W_]+")  # whitespace and punctuation (CJK, letters and digits stay)
_WORD = re.compile(r"[a-z]+")
_ROAD = re.compile(
    r"[东西南北中]?[一二三四五六七八九十0-9]*(?:大?路|大?街|大道|巷|弄|公路|胡同|桥)"
)
_CODE = re.compile(r"\d{6}")
_HAN = re.compile("[\u4e00-\u9fff]")  # what every division name is written in
_DIGITS = re.compile("[0-9]+")


@dataclass(frozen=True, slots=True)
class _Match:
    pos: int  # order in the text (pinyin after the Chinese)
    aliases: tuple[Alias, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """What one (所在地区, 详细地址) pair says."""

    value: str | None = None  # the canonical 所在地区 (None: blank; unknown/ambiguous: as typed)
    code: str | None = None  # finest division found (or shared by every candidate)
    rule: str | None = None
    problem: str | None = None  # region.unknown / region.ambiguous / region.renamed
    suggestion: str = ""


def _text(value: object) -> str | None:
    """A cell as text, None when blank."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def scan(text: str, table: DivisionTable | None = None) -> tuple[_Match, ...]:
    """The division names in a text, in order (see the module docstring)."""
    t = table or divisions()
    norm = unicodedata.normalize("NFKC", text)
    cjk = _NOISE.sub("", norm)
    found: list[_Match] = []
    if _CODE.fullmatch(cjk) and cjk in t.by_code:  # a GB/T 2260 code typed as such
        return (_Match(0, (Alias(cjk, FULL),)),)
    names, lengths = t.names, t.lengths
    i, n = 0, len(cjk)
    while i < n - 1:
        for size in lengths.get(cjk[i], ()):
            aliases = names.get(cjk[i : i + size])
            if aliases is None:
                continue
            if all(a.strength < FULL for a in aliases) and _ROAD.match(cjk, i + size):
                pass  # 北京路, 香港中路: a road named after a place
            else:
                found.append(_Match(i, aliases))
            i += size
            break
        else:
            i += 1
    if any("a" <= c <= "z" for c in norm.lower()):
        words = _WORD.findall(norm.lower())
        k = 0
        while k < len(words):
            for width in (3, 2, 1):
                if k + width <= len(words):
                    hit = t.pinyin.get("".join(words[k : k + width]))
                    if hit is not None:
                        found.append(_Match(n + k, hit))
                        k += width
                        break
            else:
                k += 1
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Support:
    score: int  # strongest form per level, added up
    levels: frozenset[int]  # levels named
    pos: int  # where the candidate itself is named (-1: not named)
    former: bool  # named by a former name


def _support(code: str, matches: tuple[_Match, ...], t: DivisionTable) -> _Support:
    chain = t.ancestors[code]
    own_level = t.by_code[code].level
    best: dict[int, int] = {}
    pos, former = -1, False
    for m in matches:
        strength, level, is_former = 0, 0, False
        for a in m.aliases:
            if a.code in chain:
                a_level = t.by_code[a.code].level
                if a.strength > strength or (a.strength == strength and a_level < level):
                    strength, level, is_former = a.strength, a_level, a.former
        if not strength:
            continue
        if strength > best.get(level, 0):
            best[level] = strength
        if level == own_level and pos < 0:
            pos = m.pos
        former = former or is_former
    return _Support(sum(best.values()), frozenset(best), pos, former) if best else _NONE


_NONE = _Support(0, frozenset(), -1, False)


def _common(codes: list[str], t: DivisionTable) -> str | None:
    """The deepest division every candidate lies in (None: different provinces)."""
    chains = [t.ancestors[c] for c in codes]
    shared = None
    for level_codes in zip(*chains, strict=False):
        if len(set(level_codes)) != 1:
            break
        shared = level_codes[0]
    return shared


def resolve(region: object, address: object = None) -> Place:
    """Read one 所在地区 with its 详细地址 (both optional: None, NaN or blank text)."""
    t = divisions()
    r, a = _text(region), _text(address)
    return _resolve(r, scan(r, t) if r else (), scan(a, t) if a else (), t)


def _resolve(
    region: str | None,
    r_matches: tuple[_Match, ...],
    a_matches: tuple[_Match, ...],
    t: DivisionTable,
) -> Place:
    primary = r_matches if r_matches else a_matches
    if not primary:
        if region is None:
            return Place()
        return Place(region, problem="region.unknown", suggestion=_suggest(region, t))
    candidates = {a.code for m in (*r_matches, *a_matches) for a in m.aliases}
    scored: list[tuple[int, bool, int, str, _Support]] = []
    for code in candidates:
        r = _support(code, r_matches, t)
        a = _support(code, a_matches, t)
        level = t.by_code[code].level
        own = r if r_matches else a
        if not own.score or level not in (r.levels | a.levels):
            continue  # not named where it must be, or only its ancestors are named
        if not _county_short_ok(code, r, a, primary):
            continue
        pos = own.pos if own.pos >= 0 else 1_000_000
        scored.append((2 * r.score + a.score, own.former, pos, code, r))
    if not scored:
        if region is None:
            return Place()
        return Place(region, problem="region.unknown", suggestion=_suggest(region, t))
    # best score; then a current name before a former one (莱芜市钢城区: 钢城区); then the earliest
    scored.sort(key=lambda s: (-s[0], s[1], s[2], t.by_code[s[3]].level, s[3]))
    top = scored[0][:3]
    tied = [s for s in scored if s[:3] == top]
    codes = [s[3] for s in tied]
    codes = [c for c in codes if not any(o != c and o in t.ancestors[c] for o in codes)]
    shallowest = min(t.by_code[c].level for c in codes)
    codes = [c for c in codes if t.by_code[c].level == shallowest]
    if len(codes) > 1:
        shared = _common(codes, t)
        if region is None:  # 详细地址 is another column's business: take what is certain
            return Place(None, shared, FROM_ADDRESS if shared else None)
        places = "、".join(sorted(t.seeds_form(c) for c in codes))
        return Place(region, shared, problem="region.ambiguous", suggestion=places)
    code = codes[0]
    r_support = next(s[4] for s in tied if s[3] == code)
    return _place(region, code, r_support if r_matches else None, t)


def _county_short_ok(code: str, r: _Support, a: _Support, primary: tuple[_Match, ...]) -> bool:
    """A county's short name (浦东, 南山) with no ancestor named counts only as the first thing
    written: 昆山千灯镇 is 昆山市, 三墩西湖科技园 is not 西湖区."""
    if (r.levels | a.levels) != {3} or max(r.score, a.score) > COUNTY_SHORT:
        return True
    return any(x.code == code for x in primary[0].aliases)


def _place(region: str | None, code: str, r: _Support | None, t: DivisionTable) -> Place:
    province, city, district = t.parts(code)
    if region is None or r is None:  # blank 所在地区: everything from 详细地址
        return Place(None, code, FROM_ADDRESS)
    with_district = district is not None and 3 in r.levels
    value = t.seeds_form(code, with_district=with_district)
    from_address = (
        city is not None
        and city is not province
        and t.by_code[code].level not in r.levels
        and city.level not in r.levels
    )
    if r.former:
        return Place(value, code, RENAMED, "region.renamed", value)
    if value == region:
        return Place(value, code)
    return Place(value, code, FROM_ADDRESS if from_address else STANDARD)


def _suggest(text: str, t: DivisionTable) -> str:
    """Up to three provinces or cities whose names look like `text` (same first character: a
    typo rarely hits it — 深证, 广洲, 杭洲市), in the seeds' form; "" when none does."""
    cleaned = _NOISE.sub("", unicodedata.normalize("NFKC", text))[:20]
    forms = _suggestion_forms().get(cleaned[:1])
    if not forms:
        return ""
    hits = process.extract(
        cleaned, [f for f, _ in forms], scorer=fuzz.WRatio, limit=None, score_cutoff=50
    )
    ranked = sorted(hits, key=lambda h: (-h[1], t.by_code[forms[h[2]][1]].level, forms[h[2]][1]))
    out: list[str] = []
    for _form, _score, index in ranked:
        seeds = t.seeds_form(forms[index][1])
        if seeds not in out:
            out.append(seeds)
    return "、".join(out[:3])


@functools.cache
def _suggestion_forms() -> dict[str, list[tuple[str, str]]]:
    """First character -> (name or short name, code) of provinces, cities and the county-level
    cities a province administers itself."""
    t = divisions()
    out: dict[str, list[tuple[str, str]]] = {}
    for d in t.by_code.values():
        province = t.ancestors[d.code][0]
        if d.level < 3 or (d.parent == province and province[:2] not in MUNICIPALITIES):
            for form in (d.name, *d.shorts):
                out.setdefault(form[0], []).append((form, d.code))
    return out


def _lookup(table: Mapping[str, str], d: Division | None) -> str | None:
    if d is None:
        return None
    for key in (d.name, *d.shorts):
        if key in table:
            return table[key]
    return None


def normalize_regions(
    region: pd.Series,
    address: pd.Series | None = None,
    groups: Mapping[str, str] | None = None,
    tiers: Mapping[str, str] | None = None,
) -> Normalized:
    """所在地区 in the seeds' form with province, city, district, region_code, region_group and
    city_tier derived (see the module docstring). Each distinct 所在地区 and each distinct
    详细地址 scan key (`_scan_keys`) is scanned once, and each distinct pair of a 所在地区 and what
    its 详细地址 names is resolved once: a full sheet's hundreds of thousands of addresses, which
    differ mostly in house numbers and buildings, come down to a few thousand pairs.

    `groups` maps a province (广东省 or 广东) to its region group, `tiers` a city (深圳市 or 深圳)
    to its tier, "*" being the tier of any other mainland city; both default to the package data.
    """
    t = divisions()
    groups = default_groups() if groups is None else groups
    tiers = default_tiers() if tiers is None else tiers
    index = region.index
    r_codes, r_uniq = pd.factorize(region, use_na_sentinel=True)
    r_text = [_text(v) for v in r_uniq]
    r_scan = [scan(rt, t) if rt is not None else () for rt in r_text]
    # 详细地址 counts only through what `scan` finds in it, and only by the order of its finds:
    # each distinct address is scanned once per scan key, and addresses that name the same
    # divisions in the same order share one signature (0: blank or names nothing).
    signature = np.zeros(len(index), dtype=np.int64)
    signatures: list[tuple[_Match, ...]] = [()]
    if address is not None:
        a_codes, a_uniq = pd.factorize(address.reindex(index), use_na_sentinel=True)
        k_codes, k_uniq = pd.factorize(_scan_keys(np.asarray(a_uniq, dtype=object)))
        ids: dict[tuple[tuple[Alias, ...], ...], int] = {(): 0}
        k_sig = np.empty(len(k_uniq) + 1, dtype=np.int64)
        k_sig[-1] = 0
        for k, key in enumerate(k_uniq):
            matches = scan(key, t)
            sig = tuple(m.aliases for m in matches)
            if sig not in ids:
                ids[sig] = len(signatures)
                signatures.append(tuple(_Match(j, a) for j, a in enumerate(sig)))
            k_sig[k] = ids[sig]
        a_sig = np.append(k_sig[k_codes], 0)  # per distinct address, then blank
        signature = a_sig[a_codes]
    width = len(signatures)
    pair = (r_codes.astype(np.int64) + 1) * width + signature
    p_codes, p_uniq = pd.factorize(pair)

    columns: dict[str, list[str | None]] = {name: [] for name in (*DERIVED, "value", "rule")}
    problem: list[str | None] = []
    suggestion: list[str] = []
    for key in p_uniq.tolist():
        ri, si = key // width - 1, key % width
        rt = r_text[ri] if ri >= 0 else None
        place = _resolve(rt, r_scan[ri] if ri >= 0 else (), signatures[si], t)
        _columns(place, t, groups, tiers, columns)
        problem.append(place.problem)
        suggestion.append(place.suggestion)

    def spread(values: list[str | None] | list[str]) -> pd.Series:
        table = np.empty(len(values), dtype=object)
        table[:] = values
        return pd.Series(table[p_codes], index=index, dtype=object, copy=False)

    problems: Problems = []
    kinds = spread(problem)
    hints = spread(suggestion)
    for code in ("region.unknown", "region.ambiguous", "region.renamed"):
        mask = kinds.eq(code).astype(bool)
        if mask.any():
            problems.append((code, mask, hints.where(mask, "")))
    return Normalized(
        values=spread(columns["value"]),
        rule=spread(columns["rule"]),
        derived={name: spread(columns[name]) for name in DERIVED},
        problems=problems,
    )


def _scan_keys(addresses: np.ndarray) -> np.ndarray:
    """What `scan` reads of each address, as text: every run of ASCII digits as one "0"
    (广东省深圳市南山区科技路12号 and …科技路305号 name the same places in the same order).

    Division names are Chinese characters only, so a digit never starts or ends a name, and a
    road after a name (北京路, 北京2路) is told by whether digits follow, not how many; only the
    positions of the names move, never their order. A text with no Chinese character is kept
    as typed (it may be a six-digit division code).
    """
    texts = pd.Series(addresses, dtype=object)
    if pd.api.types.infer_dtype(texts, skipna=True) != "string":
        texts = texts.map(lambda v: v if isinstance(v, str) else str(v))
    try:
        arrow = texts.astype("string[pyarrow]")
    except UnicodeEncodeError:  # a lone surrogate: not UTF-8, so one by one
        return np.array([_DIGITS.sub("0", v) if _HAN.search(v) else v for v in texts], dtype=object)
    han = arrow.str.contains(_HAN.pattern, regex=True).fillna(False).to_numpy(bool)
    collapsed = arrow.str.replace(_DIGITS.pattern, "0", regex=True).to_numpy(object)
    keys: np.ndarray = np.where(han, collapsed, texts.to_numpy(object))
    return keys


def _columns(
    place: Place,
    t: DivisionTable,
    groups: Mapping[str, str],
    tiers: Mapping[str, str],
    out: dict[str, list[str | None]],
) -> None:
    province = city = district = None
    if place.code is not None:
        province, city, district = t.parts(place.code)
    tier = _lookup(tiers, city)
    if tier is None and city is not None and city.code[:2] not in NOT_MAINLAND:
        tier = tiers.get("*")
    out["value"].append(place.value)
    out["rule"].append(place.rule)
    out["province"].append(province.name if province else None)
    out["city"].append(city.name if city else None)
    out["district"].append(district.name if district else None)
    out["region_code"].append(place.code)
    out["region_group"].append(_lookup(groups, province))
    out["city_tier"].append(tier)
