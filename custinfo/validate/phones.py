"""Phone numbers: is each cell one or more valid Chinese (or foreign) numbers, and if not, why.

What normalization can reuse (it should not parse phones again):

- `phone_verdicts(values)`: column-wise — (slug, suggestion) per cell, slug None where blank;
- `classify_phones(uniq)`: per distinct value — (slugs, suggestions) arrays for a Series of
  distinct, stripped, non-blank values (what `phone_verdicts` calls);
- `numbers_in(text)`: the numbers in one cell ("13800138000 / 0755-88881234转123"), each with
  its verdict, after notes ((微信同号)), labels (手机：) and separators are dropped and 转/分机 are
  turned into "ext"; each number with an OK verdict parses with `phonenumbers.parse(n, "CN")`;
- `parse_number(n)`: such a number as a `phonenumbers.PhoneNumber`, extension included (also an
  extension written after a dash, "0755-88881234-123"); `split_extension(n)`: (number, extension);
- `cell_parts(uniq)`: the separated parts of each distinct cell, column-wise.

A slug "" means valid. The common case is decided for all distinct values at once with regexes
built from phonenumbers' own metadata; only the odd values are parsed one by one.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import phonenumbers as pn
from phonenumbers import shortnumberinfo

from custinfo.validate.verdicts import OK, Verdict, cell_verdicts, empty_verdicts


def _cn_metadata() -> pn.PhoneMetadata:
    metadata = pn.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    return metadata


_CN = _cn_metadata()
_SPLIT = re.compile(r"[/,;、|\n\r]+|\s+(?:或|or)\s+")  # after NFKC: ，；／｜ are , ; / |
_NOTE = re.compile(r"\([^()\d]*\)|\[[^\[\]\d]*\]|【[^【】\d]*】")  # (微信同号) and the like
_LABEL = re.compile(r"[\u3400-\u9fff]+:?|\b(?:tel|mobile|mob|phone|fax)\b\.?:?", re.IGNORECASE)
_EXT_ZH = re.compile(r"(?:转|分机号?)\s*(\d)")  # 转123 -> ext 123 before labels are dropped
_EXT = re.compile(r"\s*(?:ext\.?|extn\.?|x|#)\s*\d{1,6}\s*$", re.IGNORECASE)
# zero-width and direction marks (Cf) a pasted number can carry; NFKC keeps them
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc", "-"))
_NUMBER_CHARS = re.compile(r"[+\d\s().-]*")  # once notes and labels are gone
_PLAIN = r"\+?[0-9][0-9 -]*"  # one number: no notes, labels, lists or full-width forms
_PREFIX = r"^(?:\+86|0086|0)"
_FAST = r"(?:\+86|0086|0)?[1-9][0-9]{8,10}"  # one number, separators removed

_MOBILE = "手机号应为 11 位，如 13800138000"
_LANDLINE = "固话为 区号-号码，区号后 7–8 位，如 0755-88881234"
_SERVICE_NO = "400/800 号码为 10 位，如 400-800-1234"
_EXAMPLE = f"{_MOBILE}；{_LANDLINE}"
_NO_AREA_CODE: Verdict = ("phone.no_area_code", "加上区号，如 0755-88881234")
_NOT_A_NUMBER: Verdict = (
    "phone.not_a_number",
    "请填写手机号（如 13800138000）或固话（如 0755-88881234）；没有电话时留空",
)
_SERVICE: Verdict = ("phone.invalid", "这是服务号码（如 10086、95588、110），不是客户的电话")
_STRAY: Verdict = ("phone.invalid", "号码中有字母或其他符号：" + _EXAMPLE)
_ODD: Verdict = ("phone.invalid", "号码格式不对：" + _EXAMPLE)
_FOREIGN: Verdict = ("phone.invalid", "不是有效的境外号码，请核对国家/地区代码和号码")


def phone_verdicts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(slug, suggestion) per cell of a phone column, aligned with `values`.

    Slug "" where every number in the cell is valid, None where the cell is blank, else a
    `phone.*` code with a suggestion in Chinese. Each distinct value is classified once.
    """
    return cell_verdicts(values, classify_phones)


def classify_phones(uniq: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(slugs, suggestions) object arrays for distinct, stripped, non-blank phone cells.

    Equivalent to `phone_cell` on each value, but the common case (every number in the cell
    is a plain valid one) is decided for all values at once.
    """
    slugs, suggestions = empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    uniq = uniq.reset_index(drop=True)
    texts: list[str] = uniq.tolist()  # what `phone_cell` is given for the odd ones
    fast = np.zeros(len(uniq), dtype=bool)  # True: every number in the cell is plainly valid
    # Plain cells (ASCII digits, spaces, dashes, a leading +) hold one number as typed: NFKC,
    # notes and separators cannot apply. Their patterns are ASCII-only, so pyarrow's RE2 matches
    # exactly as Python's re would.
    arrow = uniq.astype("string[pyarrow]")
    plain = arrow.str.fullmatch(_PLAIN).to_numpy(bool)
    if plain.any():
        fast[plain] = _plain_valid(arrow[plain].str.replace(r"[ -]", "", regex=True))
    # the others may be full-width, carry notes, or list several numbers: Python's re
    rest = np.flatnonzero(~plain)
    if len(rest):
        norm = uniq.iloc[rest].str.replace(_INVISIBLE, "", regex=True)
        norm = norm.str.normalize("NFKC").str.translate(_DASHES)
        parts = norm.str.replace(_NOTE, "", regex=True).str.split(_SPLIT, regex=True).explode()
        digits = parts.str.replace(r"[\s()-]", "", regex=True).astype("string[pyarrow]")
        ok = pd.Series(_plain_valid(digits), index=digits.index).groupby(level=0, sort=False).all()
        fast[rest] = ok.reindex(norm.index).to_numpy(bool)
        for i, text in zip(rest.tolist(), norm.tolist(), strict=True):
            texts[i] = text
    for i in np.flatnonzero(~fast).tolist():
        slugs[i], suggestions[i] = phone_cell(texts[i])
    return slugs, suggestions


def phone_cell(text: str) -> Verdict:
    """The worst verdict over the numbers in one cell ("13800138000 / 0755-88881234")."""
    verdicts = [v for _, v in numbers_in(text)]
    if not verdicts:
        return _NOT_A_NUMBER
    worst = min(range(len(verdicts)), key=lambda i: _RANK.get(verdicts[i][0], 0))
    slug, suggestion = verdicts[worst]
    if slug and len(verdicts) > 1:
        suggestion = f"第 {worst + 1} 个号码：{suggestion}"
    return slug, suggestion


def numbers_in(text: str) -> list[tuple[str, Verdict]]:
    """The numbers in one cell, each with its verdict; [] when the cell holds no number part.

    Numbers are returned as cleaned up for parsing: half-width, notes and labels dropped,
    转123 / 分机123 written as " ext 123".
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).translate(_DASHES)
    text = _EXT_ZH.sub(r" ext \1", _NOTE.sub("", text))
    parts = [_LABEL.sub(" ", p).strip() for p in _SPLIT.split(text)]
    return [n for p in parts if p for n in _spaced(p)]


def cell_parts(uniq: pd.Series) -> pd.Series:
    """The parts of each cell that may each be one number, as `classify_phones` splits them
    for its fast path: half-width, dashes made "-", notes ((微信同号)) dropped, split at
    separators (/ , ; 、 | newline, "或"); one row per part, indexed like `uniq`. Labels (手机：)
    stay, so a labelled part is never plain digits."""
    norm = uniq.str.normalize("NFKC").str.translate(_DASHES)
    parts: pd.Series = norm.str.replace(_NOTE, "", regex=True).str.split(_SPLIT, regex=True)
    return parts.explode()


def parse_number(text: str) -> pn.PhoneNumber | None:
    """A number from `numbers_in` whose verdict is OK, parsed: the valid number with its
    extension (" ext 123" or a dash and up to 6 digits after a complete number, as `_one` reads
    them); None when it is not one valid number, or gives both kinds of extension."""
    base, ext = split_extension(text)
    number = _valid(base)
    if number is None and "-" in base:
        head, _, tail = base.rpartition("-")
        tail = tail.strip()
        if tail.isdigit() and len(tail) <= 6 and not ext:
            number, ext = _valid(head), pn.normalize_digits_only(tail)
    if number is not None and ext:
        number.extension = ext
    return number


def split_extension(text: str) -> tuple[str, str]:
    """(number, extension digits) of a number from `numbers_in`: "88881234 ext 12" ->
    ("88881234", "12"); the extension is "" when there is none."""
    match = _EXT.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], pn.normalize_digits_only(match.group())


def _valid(text: str) -> pn.PhoneNumber | None:
    try:
        number = pn.parse(text, "CN")
    except pn.NumberParseException:
        return None
    return number if pn.is_valid_number(number) else None


def _plain_valid(digits: pd.Series) -> np.ndarray:
    """True where a pyarrow string is one valid number with nothing but an optional +86, 0086
    or trunk 0 before it, e.g. "+8613800138000" or "075588881234"."""
    shaped = digits.str.fullmatch(_FAST).fillna(False).to_numpy(bool)
    # the prefix is never ambiguous: the national number starts with 1-9
    nsn = digits.str.replace(_PREFIX, "", regex=True).fillna("")
    valid: np.ndarray = shaped & _nsn_valid(nsn)
    return valid


def _nsn_valid(nsn: pd.Series) -> np.ndarray:
    """True where a CN national number (ASCII digits, as pyarrow strings) is a valid mobile or
    landline by phonenumbers' own patterns (their general pattern is the union of these)."""

    def matches(desc: pn.PhoneNumberDesc | None, values: pd.Series) -> np.ndarray:
        assert desc is not None and desc.national_number_pattern
        ok = values.str.fullmatch(desc.national_number_pattern).fillna(False).to_numpy(bool)
        if desc.possible_length:
            ok &= values.str.len().isin(desc.possible_length).to_numpy(bool)
        return ok

    ok = matches(_CN.mobile, nsn)
    ok[~ok] = matches(_CN.fixed_line, nsn[~ok])  # the long pattern, only where needed
    return ok


def _too_short(kind: str = _EXAMPLE) -> Verdict:
    return "phone.too_short", kind


def _too_long(kind: str = _EXAMPLE) -> Verdict:
    return "phone.invalid", f"位数过多：{kind}；多个号码请用 / 分隔"


_RANK = {"": 2, "phone.no_area_code": 1}  # errors rank 0
_MAX_TOKENS = 12  # more space-separated pieces than any phone list; the split is quadratic


def _spaced(part: str) -> list[tuple[str, Verdict]]:
    """The numbers in a part that may hold several separated only by spaces.

    A space splits two numbers only when both sides are complete numbers on their own (a local
    number without area code counts), so "138 0013 8000" and "0755-8888 1234" stay one number.
    """
    whole = _one(part)
    tokens = part.split()
    if whole == OK or not 2 <= len(tokens) <= _MAX_TOKENS:
        return [(part, whole)]
    # runs[i]: tokens[i:] cut into complete numbers, None when they cannot be
    runs: list[list[tuple[str, Verdict]] | None] = [None] * len(tokens) + [[]]
    for start in range(len(tokens) - 1, -1, -1):
        for end in range(start + 1, len(tokens) + 1):
            rest = runs[end]
            if rest is None or (start == 0 and end == len(tokens)):
                continue
            number = " ".join(tokens[start:end])
            v = _one(number)
            if v in (OK, _NO_AREA_CODE):
                runs[start] = [(number, v), *rest]
                break
    return runs[0] or [(part, whole)]


def _one(text: str) -> Verdict:
    """Verdict for one number, possibly with an extension (转123, 分机123, ext 123, -123)."""
    if not re.search(r"\d", text):
        return _NOT_A_NUMBER
    base = _EXT.sub("", text)
    if not _NUMBER_CHARS.fullmatch(base):
        return _STRAY
    verdict = _parse(base)
    if verdict != OK and "-" in base:
        head, _, tail = base.rpartition("-")
        if tail.strip().isdigit() and len(tail.strip()) <= 6 and _parse(head) == OK:
            return OK
    return verdict


def _parse(text: str) -> Verdict:
    try:
        number = pn.parse(text, "CN")
    except pn.NumberParseException as exc:
        e = pn.NumberParseException
        if exc.error_type in (e.TOO_SHORT_NSN, e.TOO_SHORT_AFTER_IDD):
            return _too_short()
        if exc.error_type == e.INVALID_COUNTRY_CODE:
            return _FOREIGN
        if exc.error_type == e.TOO_LONG:
            return _too_long()
        # NOT_A_NUMBER: under 2 digits, or digits broken up oddly ("1.2", "1 ( 2")
        return _too_short() if len(re.sub(r"\D", "", text)) < 7 else _ODD
    if pn.is_valid_number(number):
        return OK
    if number.country_code != 86:
        return _FOREIGN
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0086") or ("+" in text and digits.startswith("86")):
        digits = digits.removeprefix("00").removeprefix("86")
    trunk = digits.startswith("0")  # typed with the 0 before an area code
    nsn = digits.lstrip("0")
    if not nsn:
        return _too_short()
    if not trunk and shortnumberinfo.is_valid_short_number_for_region(number, "CN"):
        return _SERVICE
    if trunk:  # 0 + area code: 10, 2x (2 digits, then 8) or 3 digits (then 7-8)
        area = 2 if nsn[0] in "12" else 3
        kind, low, high, length = _LANDLINE, 8 if area == 2 else 7, 8, len(nsn) - area
    elif nsn.startswith("1"):
        kind, low, high, length = _MOBILE, 11, 11, len(nsn)
    elif nsn.startswith(("400", "800")):
        kind, low, high, length = _SERVICE_NO, 10, 10, len(nsn)
    elif 7 <= len(nsn) <= 8:  # a local landline number typed without its area code
        return _NO_AREA_CODE
    else:
        kind, low, high, length = _EXAMPLE, 7, 8, len(nsn)
    if length < low:
        return _too_short(kind)
    if length > high:
        return _too_long(kind)
    return "phone.invalid", f"没有这个号段，请核对：{kind}"
