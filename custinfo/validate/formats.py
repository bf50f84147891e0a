"""Format checks: phones, e-mail addresses, 统一社会信用代码 and 身份证号, and who may have which.

Every check classifies each distinct value once and maps the verdicts back to the cells. The
common case is decided for all distinct values at once (regexes from phonenumbers' own metadata,
check characters with numpy); only the odd values are looked at one by one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

import numpy as np
import pandas as pd
import phonenumbers as pn
from phonenumbers import shortnumberinfo
from stdnum.cn import ric, uscc

from custinfo.config.model import ValidateConfig
from custinfo.dataset import Dataset
from custinfo.fields import Kind, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask

Verdict = tuple[str, str]  # (code slug, suggestion); slug "" = the value is fine
Classifier = Callable[[pd.Series], tuple[np.ndarray, np.ndarray]]
_OK: Verdict = ("", "")
_NONE_GIVEN = "none_given"  # internal verdict for 暂无, 无, "-" …: never a finding

# (customer type, field kind, its malformed code, the logic code): who should not have which
_PAIRS = (
    ("个人", Kind.CREDIT_CODE, "credit_code.format", "logic.person_with_credit_code"),
    ("企业", Kind.ID_NUMBER, "id_number.format", "logic.company_with_id_number"),
)


def format_findings(ds: Dataset, registry: Registry, cfg: ValidateConfig) -> pd.DataFrame:
    """Findings for phone, e-mail, credit-code and ID-number cells that are not valid, and for
    a 个人 with a credit code or a 企业 with an ID number. Blank cells are skipped.

    `cfg.credit_code_placeholders` (暂无, 无) and bare punctuation ("-", "/") mean "none given"
    in the e-mail, credit-code and ID-number columns.
    """
    none = frozenset(p.strip() for p in cfg.credit_code_placeholders)
    classifiers: dict[Kind, Classifier] = {
        Kind.PHONE: _phones,
        Kind.EMAIL: lambda u: _emails(u, none),
        Kind.CREDIT_CODE: lambda u: _credit_codes(u, none),
        Kind.ID_NUMBER: lambda u: _id_numbers(u, none),
    }
    out = []
    for kind in SheetKind:
        table, frame = ds.book.table(kind), ds.frame(kind)
        if table is None or frame is None:
            continue
        fields = [f for f in registry.for_sheet(kind) if f.name in frame.columns]
        slugs: dict[str, pd.Series] = {}
        for f in fields:
            classify = classifiers.get(f.kind)
            if classify is None:
                continue
            slug, suggestion = _verdicts(frame[f.name], classify)
            slugs[f.name] = slug
            for s in sorted(set(slug.dropna()) - {"", _NONE_GIVEN}):
                out.append(
                    findings_from_mask(table, frame, slug.eq(s), f.name, s, suggestion=suggestion)
                )
        if not any(f.name == "customer_type" for f in fields):
            continue
        ctype = _customer_type(frame["customer_type"], registry, kind)
        for who, field_kind, malformed, logic in _PAIRS:
            for f in fields:
                if f.kind == field_kind:
                    # shaped like such a number, even if its check character is wrong
                    has = slugs[f.name].notna() & ~slugs[f.name].isin([malformed, _NONE_GIVEN])
                    out.append(findings_from_mask(table, frame, ctype.eq(who) & has, f.name, logic))
    return concat(out)


def _verdicts(values: pd.Series, classify: Classifier) -> tuple[pd.Series, pd.Series]:
    """(slug, suggestion) per cell, aligned with `values`; slug None where the cell is blank."""
    text = values.astype("string").str.strip()
    codes, uniq = pd.factorize(text.where(text.ne("")))  # code -1: blank
    slugs, suggestions = classify(pd.Series(uniq, dtype=object))
    hit = codes >= 0
    slug = np.full(len(text), None, dtype=object)
    sugg = np.full(len(text), "", dtype=object)
    slug[hit] = slugs[codes[hit]]
    sugg[hit] = suggestions[codes[hit]]
    return (
        pd.Series(slug, index=values.index, dtype=object),
        pd.Series(sugg, index=values.index, dtype=object),
    )


def _empty_verdicts(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full(n, "", dtype=object), np.full(n, "", dtype=object)


def _none_given(uniq: pd.Series, none: Collection[str]) -> np.ndarray:
    """True for 暂无, 无 … (as configured) and for bare punctuation such as "-" or "/"."""
    return (uniq.isin(none) | ~uniq.str.contains(r"\w", regex=True)).to_numpy(bool)


def _customer_type(values: pd.Series, registry: Registry, kind: SheetKind) -> pd.Series:
    """企业 / 个人 after synonyms (企业客户, 公司, 个体 …); other text as typed."""
    synonyms = dict(registry.get(kind, "customer_type").synonyms)
    text = values.astype("string").str.strip()
    return text.map(lambda v: synonyms.get(v, v), na_action="ignore")


# --- phones -------------------------------------------------------------------------------------


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
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc", "-"))
_NUMBER_CHARS = re.compile(r"[+\d\s().-]*")  # once notes and labels are gone
_FAST = re.compile(r"^(?:\+86|0086|0)?([1-9][0-9]{8,10})$")  # one number, separators removed

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


def _too_short(kind: str = _EXAMPLE) -> Verdict:
    return "phone.too_short", kind


def _too_long(kind: str = _EXAMPLE) -> Verdict:
    return "phone.invalid", f"位数过多：{kind}；多个号码请用 / 分隔"


def _nsn_valid(nsn: pd.Series) -> pd.Series:
    """True where a CN national number is a valid mobile or landline, by phonenumbers' own
    patterns (its general pattern is the union of these, so it need not be matched too)."""

    def matches(desc: pn.PhoneNumberDesc | None, values: pd.Series) -> pd.Series:
        assert desc is not None and desc.national_number_pattern
        ok = values.str.fullmatch(desc.national_number_pattern).fillna(False).astype(bool)
        if desc.possible_length:
            ok &= values.str.len().isin(desc.possible_length)
        return ok

    ok = matches(_CN.mobile, nsn)
    ok[~ok] = matches(_CN.fixed_line, nsn[~ok])  # the long pattern, only where needed
    return ok


def _phones(uniq: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    slugs, suggestions = _empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    norm = uniq.str.normalize("NFKC").str.translate(_DASHES)
    # fast path: every part (cells may list several numbers) is one plain valid number
    parts = norm.str.replace(_NOTE, "", regex=True).str.split(_SPLIT, regex=True).explode()
    nsn = parts.str.replace(r"[\s()-]", "", regex=True).str.extract(_FAST, expand=False)
    fast = (nsn.notna() & _nsn_valid(nsn.fillna(""))).groupby(level=0).all()
    texts: list[str] = norm.tolist()
    for i in np.flatnonzero(~fast.to_numpy()).tolist():
        slugs[i], suggestions[i] = _phone_cell(texts[i])
    return slugs, suggestions


def _phone_cell(text: str) -> Verdict:
    """The worst verdict over the numbers in one cell ("13800138000 / 0755-88881234")."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    text = _EXT_ZH.sub(r" ext \1", _NOTE.sub("", text))
    parts = [_LABEL.sub(" ", p).strip() for p in _SPLIT.split(text)]
    verdicts = [v for p in parts if p for v in _spaced(p)]
    if not verdicts:
        return _NOT_A_NUMBER
    worst = min(range(len(verdicts)), key=lambda i: _RANK.get(verdicts[i][0], 0))
    slug, suggestion = verdicts[worst]
    if slug and len(verdicts) > 1:
        suggestion = f"第 {worst + 1} 个号码：{suggestion}"
    return slug, suggestion


_RANK = {"": 2, "phone.no_area_code": 1}  # errors rank 0
_MAX_TOKENS = 12  # more space-separated pieces than any phone list; the split is quadratic


def _spaced(part: str) -> list[Verdict]:
    """Verdicts for a part that may hold several numbers separated only by spaces.

    A space splits two numbers only when both sides are complete numbers on their own (a local
    number without area code counts), so "138 0013 8000" and "0755-8888 1234" stay one number.
    """
    whole = _one(part)
    tokens = part.split()
    if whole == _OK or not 2 <= len(tokens) <= _MAX_TOKENS:
        return [whole]
    # runs[i]: verdicts for tokens[i:] cut into complete numbers, None when they cannot be
    runs: list[list[Verdict] | None] = [None] * len(tokens) + [[]]
    for start in range(len(tokens) - 1, -1, -1):
        for end in range(start + 1, len(tokens) + 1):
            rest = runs[end]
            if rest is None or (start == 0 and end == len(tokens)):
                continue
            v = _one(" ".join(tokens[start:end]))
            if v in (_OK, _NO_AREA_CODE):
                runs[start] = [v, *rest]
                break
    return runs[0] or [whole]


def _one(text: str) -> Verdict:
    """Verdict for one number, possibly with an extension (转123, 分机123, ext 123, -123)."""
    if not re.search(r"\d", text):
        return _NOT_A_NUMBER
    base = _EXT.sub("", text)
    if not _NUMBER_CHARS.fullmatch(base):
        return _STRAY
    verdict = _parse(base)
    if verdict != _OK and "-" in base:
        head, _, tail = base.rpartition("-")
        if tail.strip().isdigit() and len(tail.strip()) <= 6 and _parse(head) == _OK:
            return _OK
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
        return _OK
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


# --- e-mail -------------------------------------------------------------------------------------

# Practical, not RFC 5322: what Chinese mail providers and CRMs accept.
_EMAIL = re.compile(
    r"(?=.{6,254}$)(?=[^@]{1,64}@)"
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{2,59})"
)
_EMAIL_SPLIT = re.compile(r"[;,、/|\s]+")  # after NFKC: ；，／ are ; , /
_EMAIL_EXAMPLE = "如 name@example.com"


def _emails(uniq: pd.Series, none: Collection[str]) -> tuple[np.ndarray, np.ndarray]:
    """Verdicts for e-mail cells; 暂无, 无 and bare punctuation ("-", "/") mean none given."""
    slugs, suggestions = _empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    fine = uniq.str.fullmatch(_EMAIL).fillna(False).to_numpy(bool) | _none_given(uniq, none)
    texts: list[str] = uniq.tolist()
    for i in np.flatnonzero(~fine).tolist():
        slugs[i], suggestions[i] = _email_cell(texts[i])
    return slugs, suggestions


def _email_cell(text: str) -> Verdict:
    """One verdict for a cell that may list several addresses ("a@x.com; b@y.com")."""
    if _all_emails(text):
        return _OK
    fixed = unicodedata.normalize("NFKC", text).replace("。", ".").strip()
    if _all_emails(fixed):
        return "email.fullwidth", fixed
    squeezed = re.sub(r"\s*([@.])\s*", r"\1", fixed)  # "wang @ example.com"
    if _all_emails(squeezed):
        return "email.invalid", f"不能含空格，应为 {squeezed}"
    parts = _EMAIL_SPLIT.split(fixed)
    parts = [p for p in parts if p]
    bad = next(i for i, p in enumerate(parts) if not _EMAIL.fullmatch(p))
    why = _email_problem(parts[bad])
    return "email.invalid", f"第 {bad + 1} 个邮箱：{why}" if len(parts) > 1 else why


def _all_emails(text: str) -> bool:
    parts = [p for p in _EMAIL_SPLIT.split(text) if p]
    return bool(parts) and all(_EMAIL.fullmatch(p) for p in parts)


def _email_problem(p: str) -> str:
    local, _, domain = p.partition("@")
    if "@" not in p:
        why = "缺少 @"
    elif "@" in domain:
        why = "只能有一个 @"
    elif not local:
        why = "@ 前缺少用户名"
    elif not domain:
        why = "@ 后缺少域名"
    elif "." not in domain:
        why = "@ 后的域名缺少后缀（如 .com、.cn）"
    elif not p.isascii():
        why = "只能用英文字母、数字和 . _ - + 等符号"
    elif re.search(r"^\.|\.\.|\.@|@\.|\.$", p):
        why = "点号不能在开头、结尾、@ 两边或连续出现"
    elif not re.search(r"\.(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]+)$", domain):
        why = "域名后缀不对（如 .com、.cn）"
    else:
        why = "含有不允许的字符"
    return f"{why}，{_EMAIL_EXAMPLE}"


# --- 统一社会信用代码 (GB 32100) and 身份证号 (GB 11643) ----------------------------------------

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_USCC_INDEX = np.full(256, 0, dtype=np.int64)
_USCC_INDEX[[ord(c) for c in _USCC_ALPHABET]] = np.arange(len(_USCC_ALPHABET))
_USCC_SHAPE = r"[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}"
_USCC_FORMAT = "18 位，由数字和大写字母组成（不含 I、O、S、V、Z）"

_RIC_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_RIC_CHECK = np.array(list("10X98765432"))
_RIC_FORMAT = "应为 18 位：17 位数字加 1 位数字或 X"


def _compact(uniq: pd.Series) -> pd.Series:
    """Half-width, upper case, no spaces or hyphens (what stdnum's compact() does)."""
    return uniq.str.normalize("NFKC").str.replace(r"[\s-]", "", regex=True).str.upper()


def _rows(codes: pd.Series, table: np.ndarray) -> np.ndarray:
    """Equal-length ASCII codes as a (n, len) matrix of `table` values."""
    raw = np.frombuffer("".join(codes).encode("ascii"), dtype=np.uint8)
    return table[raw.reshape(len(codes), -1)]


def _credit_codes(uniq: pd.Series, none: Collection[str]) -> tuple[np.ndarray, np.ndarray]:
    slugs, suggestions = _empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    code = _compact(uniq)
    codes: list[str] = code.tolist()
    placeholder = _none_given(uniq, none)
    shaped = code.str.fullmatch(_USCC_SHAPE).fillna(False).to_numpy(bool) & ~placeholder
    if shaped.any():
        vals = _rows(code[shaped], _USCC_INDEX)
        check = (31 - (vals[:, :17] @ _USCC_WEIGHTS) % 31) % 31
        wrong = np.flatnonzero(shaped)[check != vals[:, 17]]
        for i in wrong.tolist():
            expected = uscc.calc_check_digit(codes[i][:17])
            slugs[i] = "credit_code.checksum"
            suggestions[i] = f"按前 17 位计算，校验位应为 {expected}；请核对整个代码"
    for i in np.flatnonzero(~shaped & ~placeholder).tolist():
        c = codes[i]
        slugs[i] = "credit_code.format"
        if re.fullmatch(r"[0-9]{15}", c):
            suggestions[i] = "这是旧的 15 位工商注册号，请改填营业执照上的 18 位统一社会信用代码"
        elif len(c) != 18:
            suggestions[i] = f"当前 {len(c)} 位；应为 " + _USCC_FORMAT
        else:
            suggestions[i] = "含有不允许的字符；应为 " + _USCC_FORMAT + "，第 3–8 位为数字"
    slugs[placeholder] = _NONE_GIVEN
    return slugs, suggestions


def _id_numbers(uniq: pd.Series, none: Collection[str]) -> tuple[np.ndarray, np.ndarray]:
    """Verdicts for 身份证号. Suggestions never repeat the number (it is masked only in `value`)."""
    slugs, suggestions = _empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    number = _compact(uniq)
    numbers: list[str] = number.tolist()
    placeholder = _none_given(uniq, none)
    shaped = number.str.fullmatch(r"[0-9]{17}[0-9X]").fillna(False).to_numpy(bool) & ~placeholder
    for i in np.flatnonzero(~shaped & ~placeholder).tolist():
        n = numbers[i]
        slugs[i] = "id_number.format"
        if re.fullmatch(r"[0-9]{15}", n):
            suggestions[i] = "15 位旧身份证号已停用，请填写 18 位身份证号"
        else:
            suggestions[i] = f"当前 {len(n)} 位；{_RIC_FORMAT}" if len(n) != 18 else _RIC_FORMAT
    if shaped.any():
        sub = number[shaped]
        born = pd.to_datetime(sub.str.slice(6, 14), format="%Y%m%d", errors="coerce")
        bad_date = (born.isna() | born.dt.year.lt(1900)).to_numpy()
        digits = _rows(sub.str.slice(0, 17), np.arange(256, dtype=np.int64) - ord("0"))
        check = _RIC_CHECK[(digits @ _RIC_WEIGHTS) % 11]
        bad_check = check != sub.str.slice(17).to_numpy()
        idx = np.flatnonzero(shaped)
        for i in idx[bad_check & ~bad_date].tolist():
            expected = ric.calc_check_digit(numbers[i])
            slugs[i] = "id_number.checksum"
            suggestions[i] = f"按前 17 位计算，校验位应为 {expected}；请核对整个号码"
        slugs[idx[bad_date]] = "id_number.format"
        suggestions[idx[bad_date]] = "第 7–14 位应为出生日期（年月日），现在不是有效日期"
    slugs[placeholder] = _NONE_GIVEN
    return slugs, suggestions
