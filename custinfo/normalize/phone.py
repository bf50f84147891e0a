"""Phone numbers in one canonical form, with their type and where they are registered.

Canonical forms (stable: normalizing a canonical value changes nothing):

- mobile: 11 digits, no prefix — ``13800138000`` (+86, 0086, 86 and a trunk 0 dropped);
- landline: ``0755-88881234`` (0 + area code, a dash, the local number); a local number typed
  without its area code stays as its digits (``88881234``, validation warns), unless an earlier
  landline in the same cell gives the area code (``(0931)4678260 4673356``);
- 400 / 800: ``400-800-1234`` / ``800-810-8888``;
- other valid Chinese numbers (shared-cost 950…, 96… hotlines): phonenumbers' national format
  with dashes, ``020-96123``;
- foreign (including 香港, 澳门, 台湾): international format, ``+852 9123 4567``;
- an extension is written ``转`` + digits after the number: ``0755-88881234转8021`` (typed as
  转, 分机, ext, x, # or a dash after a complete number). 转 is what reps type and read, and
  unlike ``-8021`` it cannot be taken for part of the number.

A cell holding several numbers ("13800138000 / 0755-88881234", "手机：… 电话：…") keeps the
first in the column and puts the others in ``phone_2``, ``phone_3`` … (as many as the data
needs; repeats dropped). A cell in which any part is not a valid number is left exactly as
typed, with no derived values: validation reports it, and guessing which part is the phone
would hide the problem.

Derived columns: ``phone_type`` — 手机 / 固话 / 400 / 800 / 境外 / 其他 (Chinese, since users read
them; `PHONE_TYPES_EN` gives the English), and ``phone_region`` — where the first number is
registered by phonenumbers' geocoder ("广东省深圳市" for mobiles and landlines alike, the country
or region for foreign numbers, none for 400/800 or when only "中国" is known).

With the customers' province, a mobile registered in another province is an info finding
(``phone.region_mismatch``, suggestion: where the mobile is registered).

Each distinct cell is worked out once: plain ASCII numbers (most cells) by pyarrow regexes built
from phonenumbers' own CN patterns, and so are lists, notes and full-width digits
(１３８…, 138…（微信同号）, split in pyarrow as validation's `cell_parts` splits them); the rest
through validation's `numbers_in` and phonenumbers. Places are looked up once per number prefix
(the geocoder's data never needs more than the first 7 digits of a Chinese number).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import phonenumbers as pn
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from custinfo.distinct import flagged, re2_class
from custinfo.normalize.column import Normalized, Problems
from custinfo.normalize.text import WHITESPACE
from custinfo.validate.phones import cell_parts, numbers_in, parse_number, split_extension

MOBILE = "手机"
LANDLINE = "固话"
SHARED_400 = "400"
FREE_800 = "800"
FOREIGN = "境外"
OTHER = "其他"
PHONE_TYPES_EN = {
    MOBILE: "mobile",
    LANDLINE: "landline",
    SHARED_400: "400",
    FREE_800: "800",
    FOREIGN: "foreign",
    OTHER: "other",
}
EXTENSION = "转"  # 0755-88881234转8021
RULE_CANONICAL = "phone.canonical"
RULE_SPLIT = "phone.split"
MISMATCH = "phone.region_mismatch"

# Provinces by the name they start with, for comparing the geocoder's "广东省深圳市" with
# whatever the region column holds ("广东", "广东省", "广东省深圳市南山区").
PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
    "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
)  # fmt: skip


def _cn_metadata() -> pn.PhoneMetadata:
    metadata = pn.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    return metadata


_CN = _cn_metadata()
_PLAIN = r"\+?[0-9][0-9 -]*"  # one number as typed: ASCII digits, spaces, dashes, a leading +
_SHAPED = r"(?:\+86|0086|0)?[1-9][0-9]{8,10}"  # separators removed
_PREFIX = r"^(?:\+86|0086|0)"
_GEO_DIGITS = 7  # the geocoder's longest CN prefix is 86 + 7 digits
_COUNTRY_ONLY = {"", "中国"}


@dataclass(frozen=True)
class _Number:
    text: str  # canonical form
    kind: str  # MOBILE, LANDLINE …
    nsn: str | None = None  # CN mobile or landline: the national number, to geocode
    place: str | None = None  # foreign numbers: the country or region


def normalize_phones(values: pd.Series, region_province: pd.Series | None = None) -> Normalized:
    """Canonical phone numbers, their type and place, and extra numbers in phone_2, phone_3 ….

    `region_province`: the customer's province per row (any text starting with the province
    name), aligned with `values`; where it is given, a mobile registered elsewhere is an info
    finding. Never raises; each distinct cell is worked out once.
    """
    raw_codes, raw = pd.factorize(values)  # -1: missing
    codes, uniq = _stripped(np.asarray(raw, dtype=object))  # -1: blank
    cells = _Cells.of(pd.Series(uniq, dtype=object))

    # per raw distinct value: the canonical value and why it changed
    first = _take(cells.first, codes)  # None where blank or not a phone
    is_phone = pd.notna(first)
    typed = np.asarray(raw, dtype=object)
    new = np.where(is_phone, first, typed)
    new[codes < 0] = None
    rule = np.full(len(raw), None, dtype=object)
    rule[is_phone & (first != typed)] = RULE_CANONICAL  # 13800138000 typed as a number too
    rule[is_phone & (np.append(cells.count, 0)[codes] > 1)] = RULE_SPLIT

    cell_of_row = np.append(codes, -1)[raw_codes]  # -1: missing or blank

    def per_cell(per_value: np.ndarray, raw_level: bool = False) -> pd.Series:
        taken = _take(per_value, raw_codes if raw_level else cell_of_row)
        return pd.Series(taken, index=values.index, dtype=object, copy=False)

    derived = {"phone_type": per_cell(cells.kind), "phone_region": per_cell(cells.region)}
    for k in range(cells.extras.shape[1]):
        derived[f"phone_{k + 2}"] = per_cell(cells.extras[:, k])

    problems: Problems = []
    if region_province is not None:
        home = np.append(cells.mobile_province, -1)[cell_of_row]
        r_codes, r_uniq = pd.factorize(_aligned(region_province, values.index))
        wanted = _province_numbers([province_of(u) for u in r_uniq])[r_codes]
        flags = (home >= 0) & (wanted >= 0) & (home != wanted)
        places = np.full(len(values), "", dtype=object)
        places[flags] = _take(cells.mobile_place, cell_of_row[flags])
        mask = pd.Series(flags, index=values.index, dtype=bool, copy=False)
        hints = pd.Series(places, index=values.index, dtype=object, copy=False)
        problems.append((MISMATCH, mask, hints))
    return Normalized(
        values=per_cell(new, raw_level=True),
        rule=per_cell(rule, raw_level=True),
        derived=derived,
        problems=problems,
    )


_EDGE_SPACE = f"^{re2_class(WHITESPACE)}|{re2_class(WHITESPACE)}$|^$"


def _stripped(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct cells as text, stripped: (code per raw value, -1 where blank; the texts).
    Most cells are text with nothing to strip: they are their own distinct value."""
    strings = len(raw) > 0 and pd.api.types.infer_dtype(raw, skipna=False) == "string"
    text = raw.copy() if strings else np.array([_as_text(v) for v in raw], dtype=object)
    edges = np.flatnonzero(flagged(text, _EDGE_SPACE))
    if strings and not len(edges):  # distinct as they are
        return np.arange(len(text)), text
    text[edges] = [t.strip() or np.nan for t in text[edges].tolist()]
    codes, uniq = pd.factorize(text)
    return codes, np.asarray(uniq, dtype=object)


def _take(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """`values[codes]` as objects, None where a code is -1."""
    out: np.ndarray = np.append(values.astype(object), np.array([None], dtype=object))[codes]
    return out


def _aligned(other: pd.Series, index: pd.Index) -> pd.Series:
    """`other` on `index`: as it is when the indexes agree, else by label, else by position."""
    if other.index.equals(index):
        return other
    if other.index.is_unique and index.is_unique:
        return other.reindex(index)
    if len(other) == len(index):
        return pd.Series(other.to_numpy(), index=index)
    return pd.Series(None, index=index, dtype=object)


def province_of(text: object) -> str | None:
    """The province a place name starts with ("广东省深圳市" -> "广东"), None when none does."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    return next((p for p in PROVINCES if text.startswith(p)), None)


_PROVINCE_NUMBER = {p: i for i, p in enumerate(PROVINCES)}


def _province_numbers(provinces: Iterable[object]) -> np.ndarray:
    """Each province's position in PROVINCES (-1: none), and -1 once more at the end (for the
    code -1 of a missing value)."""
    numbers = [_PROVINCE_NUMBER.get(p, -1) if isinstance(p, str) else -1 for p in provinces]
    return np.array([*numbers, -1], dtype=np.int16)


def _as_text(value: object) -> str:
    """A cell as text: numbers typed as numbers (13800138000, 13800138000.0) as their digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class _Cells:
    """Per distinct stripped, non-blank cell (object arrays, None where not a phone)."""

    first: np.ndarray  # canonical first number
    count: np.ndarray  # how many distinct numbers (int)
    kind: np.ndarray  # phone_type of the first number
    region: np.ndarray  # phone_region of the first number
    extras: np.ndarray  # 2-D: the second, third … numbers
    mobile_province: np.ndarray  # province of the cell's first mobile (`_province_numbers`)
    mobile_place: np.ndarray  # where the cell's first mobile is registered

    @staticmethod
    def of(uniq: pd.Series) -> _Cells:
        uniq = uniq.reset_index(drop=True)
        n = len(uniq)
        fast = _fast_parts(uniq)
        done = np.zeros(n, dtype=bool)
        done[fast["cell"]] = True
        slow = [
            (i, number)
            for i in np.flatnonzero(~done).tolist()
            for number in _numbers_in_cell(str(uniq.iat[i])) or ()
        ]

        def joined(column: str, attr: str, dtype: type = object) -> np.ndarray:
            more: np.ndarray = np.array([getattr(m, attr) for _, m in slow], dtype=dtype)
            return np.concatenate([fast[column].astype(dtype), more])

        # one row per number: each cell's rows are together, in the order typed
        cell = np.concatenate(
            [fast["cell"].astype(np.int64), np.array([i for i, _ in slow], dtype=np.int64)]
        )
        text, kind = joined("text", "text"), joined("kind", "kind")
        nsn, place = joined("nsn", "nsn"), joined("place", "place")
        # repeats dropped and the numbers ranked within their cell: only cells with several
        keep = np.ones(len(cell), dtype=bool)
        rank = np.zeros(len(cell), dtype=np.int64)
        several = np.flatnonzero(np.bincount(cell, minlength=n)[cell] > 1)
        if len(several):
            repeat = pd.DataFrame({"cell": cell[several], "text": text[several]}).duplicated()
            keep[several[repeat.to_numpy()]] = False
            kept = several[~repeat.to_numpy()]
            rank[kept] = pd.Series(cell[kept]).groupby(cell[kept], sort=False).cumcount()
        cell, text, kind, nsn, place, rank = (a[keep] for a in (cell, text, kind, nsn, place, rank))
        head = rank == 0

        def per_cell(values: np.ndarray) -> np.ndarray:
            out = np.full(n, None, dtype=object)
            out[cell[head]] = values[head]
            return out

        first, kinds, region = per_cell(text), per_cell(kind), per_cell(place)
        count = np.bincount(cell, minlength=n)
        width = int(rank.max()) if len(rank) else 0
        extras = np.full((n, width), None, dtype=object)
        later = rank > 0
        extras[cell[later], rank[later] - 1] = text[later]
        # where the first number and the cell's first mobile are registered
        geo = pd.notna(nsn)
        mobiles = np.flatnonzero(geo & (kind == MOBILE))
        first_mobile = mobiles[~pd.Series(cell[mobiles]).duplicated().to_numpy()]
        located = head & geo
        located[first_mobile] = True
        places = np.full(len(cell), None, dtype=object)
        places[located] = _places(nsn[located])
        region[cell[head & geo]] = places[head & geo]
        mobile_place = np.full(n, None, dtype=object)
        mobile_place[cell[first_mobile]] = places[first_mobile]
        codes, uniq_places = pd.factorize(mobile_place)
        provinces = _province_numbers([province_of(p) for p in uniq_places])
        return _Cells(first, count, kinds, region, extras, provinces[codes], mobile_place)


def _places(nsns: np.ndarray) -> np.ndarray:
    """Where Chinese mobiles and landlines (national numbers, ASCII digits) are registered:
    phonenumbers' geocoder in Chinese, None where it knows only "中国".

    The lookup is the geocoder's own — the longest prefix of 86 + the national number that has
    a Chinese name in its data — done once per distinct 7-digit prefix (the data never needs
    more) with integer keys, instead of `description_for_number` per number, which parses and
    types each number again (tests check both agree).
    """
    if not len(nsns):
        return np.array([], dtype=object)
    heads = pd.Series(nsns, dtype="string[pyarrow]").str.slice(0, _GEO_DIGITS)
    codes, uniq = pd.factorize(heads)
    keys = pd.Series(uniq, dtype="string[pyarrow]")
    digits = keys.str.len().to_numpy(np.int64)
    value = keys.astype("int64").to_numpy(np.int64)
    prefixes, names = _geodata_zh()
    found = np.full(len(keys), -1, dtype=np.int64)
    for length in range(_GEO_DIGITS, 0, -1):  # the longest prefix first
        todo = np.flatnonzero((found < 0) & (digits >= length))
        if not len(todo):
            continue
        head = value[todo] // 10 ** (digits[todo] - length)
        found[todo] = prefixes.get_indexer(86 * 10**length + head)
    return _take(_take(names, found), codes)  # -1: no place, or no number


@cache
def _geodata_zh() -> tuple[pd.Index, np.ndarray]:
    """phonenumbers' geocoding data for +86 in Chinese: the prefixes (86…, as integers) and
    their places, None where the place is only "中国"."""
    from phonenumbers.geodata import GEOCODE_DATA

    data = {p: names["zh"] for p, names in GEOCODE_DATA.items() if p[:2] == "86" and "zh" in names}
    names = [None if name in _COUNTRY_ONLY else name for name in data.values()]
    return pd.Index([int(p) for p in data], dtype=np.int64), np.array(names, dtype=object)


def _fast_parts(uniq: pd.Series) -> dict[str, np.ndarray]:
    """The numbers (cell, text, kind, nsn, place) of each cell whose every part is one plain
    valid CN mobile or landline, after notes and separators, as validation's fast path reads
    them.

    The common case, decided for all distinct cells at once with phonenumbers' own patterns;
    tests check that it agrees with the per-value path.
    """
    arrow = uniq.astype("string[pyarrow]")
    plain = arrow.str.fullmatch(_PLAIN).fillna(False).to_numpy(bool)
    # plain cells are one part as typed; the others may be full-width, with notes or lists
    others = uniq[~plain]
    safe = arrow[~plain].str.fullmatch(_ARROW_SAFE).fillna(False).to_numpy(bool)
    parts = pd.concat(
        [
            arrow[plain].str.replace(r"[ -]", "", regex=True),
            _arrow_parts(others[safe]),
            cell_parts(others[~safe])
            .str.replace(r"[\s()-]", "", regex=True)
            .astype("string[pyarrow]"),
        ]
    )
    cell = parts.index.to_numpy(np.int64)
    shaped = parts.str.fullmatch(_SHAPED).fillna(False).to_numpy(bool)
    nsn = parts.str.replace(_PREFIX, "", regex=True).fillna("")
    mobile = shaped & _matches(_CN.mobile, nsn)
    landline = shaped & ~mobile & _matches(_CN.fixed_line, nsn)
    for desc in (_CN.toll_free, _CN.shared_cost, _CN.premium_rate):  # typed before fixed_line
        landline[landline] &= ~_matches(desc, nsn[landline])
    bad = np.zeros(len(uniq), dtype=bool)
    bad[cell[~(mobile | landline)]] = True
    keep = ~bad[cell]  # every part of the cell is good
    mobile, landline, nsn = mobile[keep], landline[keep], nsn[keep]
    text = nsn.to_numpy(object)
    # 0 + area code (10, 2x: two digits; else three) + "-" + the local number
    dashed = nsn[landline].str.replace(r"^([12][0-9]|[3-9][0-9]{2})", r"0\1-", regex=True)
    numbers = text.copy()
    text[landline] = dashed.to_numpy(object)
    return {  # object arrays: a frame would make pandas strings of them, for nothing
        "cell": cell[keep],
        "text": text,
        "kind": np.array([LANDLINE, MOBILE], dtype=object)[mobile.astype(np.int8)],
        "nsn": numbers,
        "place": np.full(int(keep.sum()), None, dtype=object),
    }


# Cells whose every character is printable ASCII, a full-width form, the ideographic space or a
# CJK ideograph: their NFKC is a fixed mapping (full-width forms to ASCII, U+3000 to a space)
# that pyarrow's utf8proc makes exactly as Python's unicodedata does, and on the result RE2's
# \d and \s are Python's. So validation's `cell_parts` can be read for them in pyarrow.
_ARROW_SAFE = "[\x20-\x7e\u3000\u4e00-\u9fff\uff01-\uff5e]*"
_NOTE = r"\([^()0-9]*\)|\[[^\[\]0-9]*\]|【[^【】0-9]*】"  # validation's, \d as 0-9
_SPLIT = r"[/,;、|\n\r]+|\s+(?:或|or)\s+"  # validation's


def _arrow_parts(cells: pd.Series) -> pd.Series:
    r"""What `cell_parts(cells).str.replace(r"[\s()-]", "", regex=True)` gives, for cells that
    are `_ARROW_SAFE`, read in pyarrow (as "string[pyarrow]", indexed like `cells`)."""
    text = pa.array(cells.to_numpy(object), type=pa.string())
    lists = pc.split_pattern_regex(
        pc.replace_substring_regex(pc.utf8_normalize(text, "NFKC"), _NOTE, ""), _SPLIT
    )
    parts = pc.replace_substring_regex(pc.list_flatten(lists), r"[\s()-]", "")
    where = cells.index.to_numpy()[pc.list_parent_indices(lists).to_numpy()]
    return pd.Series(pd.array(parts, dtype="string[pyarrow]"), index=where)


def _matches(desc: pn.PhoneNumberDesc | None, nsn: pd.Series) -> np.ndarray:
    if desc is None or not desc.national_number_pattern or nsn.empty:
        return np.zeros(len(nsn), dtype=bool)
    ok: np.ndarray = nsn.str.fullmatch(desc.national_number_pattern).fillna(False).to_numpy(bool)
    if desc.possible_length:
        ok &= nsn.str.len().isin(desc.possible_length).to_numpy(bool)
    return ok


def _numbers_in_cell(text: str) -> list[_Number] | None:
    """The numbers in one cell, canonical and without repeats; None unless every one is a
    valid number (or a local number with no area code)."""
    out: list[_Number] = []
    area: str | None = None  # the area code of the last landline, for local numbers after it
    for part, (slug, _) in numbers_in(text):
        if slug == "":
            parsed = parse_number(part)
            if parsed is None:
                return None
            number = _canonical(parsed)
        elif slug == "phone.no_area_code":
            number = _local(part, area)
        else:
            return None
        if number.kind == LANDLINE and number.nsn:
            area = number.text[1 : number.text.index("-")]
        if all(number.text != seen.text for seen in out):
            out.append(number)
    return out or None


def _canonical(number: pn.PhoneNumber) -> _Number:
    """A valid number (possibly with an extension) in canonical form."""
    ext = f"{EXTENSION}{number.extension}" if number.extension else ""
    bare = pn.PhoneNumber(
        country_code=number.country_code,
        national_number=number.national_number,
        italian_leading_zero=number.italian_leading_zero,
        number_of_leading_zeros=number.number_of_leading_zeros,
    )
    if number.country_code != 86:
        from phonenumbers import geocoder  # loads the geocoding data: only when needed

        place = geocoder.description_for_number(bare, "zh") or None
        text = pn.format_number(bare, PhoneNumberFormat.INTERNATIONAL)
        return _Number(text + ext, FOREIGN, None, place)
    nsn = pn.national_significant_number(bare)
    kind = pn.number_type(bare)
    if kind == PhoneNumberType.MOBILE:
        return _Number(nsn + ext, MOBILE, nsn)
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        area = pn.length_of_geographical_area_code(bare) or (2 if nsn[0] in "12" else 3)
        return _Number(f"0{nsn[:area]}-{nsn[area:]}{ext}", LANDLINE, nsn)
    dashed = "-".join(pn.format_number(bare, PhoneNumberFormat.NATIONAL).split())
    if kind == PhoneNumberType.TOLL_FREE:
        return _Number(dashed + ext, FREE_800)
    if kind == PhoneNumberType.SHARED_COST and nsn.startswith("400"):
        return _Number(dashed + ext, SHARED_400)
    return _Number(dashed + ext, OTHER)


def _local(part: str, area: str | None) -> _Number:
    """A local landline number typed without its area code ("8888 1234", "88881234 ext 12"):
    with the area code of an earlier landline in the cell when that makes a valid number,
    else its digits."""
    text, ext = split_extension(part)
    digits = pn.normalize_digits_only(text)
    if digits.startswith("0086") or ("+" in text and digits.startswith("86")):
        digits = digits.removeprefix("00").removeprefix("86")  # as validation reads it
    if area is not None:
        parsed = parse_number(f"0{area}{digits}" + (f" ext {ext}" if ext else ""))
        if parsed is not None and pn.number_type(parsed) == PhoneNumberType.FIXED_LINE:
            return _canonical(parsed)
    return _Number(digits + (f"{EXTENSION}{ext}" if ext else ""), LANDLINE)
