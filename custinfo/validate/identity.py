"""Identity numbers: 统一社会信用代码 (GB 32100), 身份证号 (GB 11643), and who should have which
(a 个人 has no credit code, a 企业 no ID number)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd
from stdnum.cn import ric, uscc

from custinfo.dataset import Table
from custinfo.fields import Field, Kind, Registry, SheetKind
from custinfo.findings import findings_from_mask
from custinfo.validate.verdicts import NONE_GIVEN, empty_verdicts, none_given

# (customer type, field kind, its malformed code, the logic code): who should not have which
_PAIRS = (
    ("个人", Kind.CREDIT_CODE, "credit_code.format", "logic.person_with_credit_code"),
    ("企业", Kind.ID_NUMBER, "id_number.format", "logic.company_with_id_number"),
)

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_USCC_INDEX = np.full(256, 0, dtype=np.int64)
_USCC_INDEX[[ord(c) for c in _USCC_ALPHABET]] = np.arange(len(_USCC_ALPHABET))
_USCC_SHAPE = r"[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}"
_USCC_FORMAT = "18 位，由数字和大写字母组成（不含 I、O、S、V、Z）"

_RIC_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_RIC_CHECK = np.array(list("10X98765432"))
_RIC_FORMAT = "应为 18 位：17 位数字加 1 位数字或 X"


def classify_credit_codes(uniq: pd.Series, none: Collection[str]) -> tuple[np.ndarray, np.ndarray]:
    """Verdicts for distinct 统一社会信用代码 cells; placeholders (暂无, "-") get `NONE_GIVEN`."""
    slugs, suggestions = empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    code = _compact(uniq)
    codes: list[str] = code.tolist()
    placeholder = none_given(uniq, none)
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
    slugs[placeholder] = NONE_GIVEN
    return slugs, suggestions


def classify_id_numbers(uniq: pd.Series, none: Collection[str]) -> tuple[np.ndarray, np.ndarray]:
    """Verdicts for distinct 身份证号 cells; placeholders get `NONE_GIVEN`. Suggestions never
    repeat the number (it is masked only in a finding's `value`)."""
    slugs, suggestions = empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    number = _compact(uniq)
    numbers: list[str] = number.tolist()
    placeholder = none_given(uniq, none)
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
    slugs[placeholder] = NONE_GIVEN
    return slugs, suggestions


def pairing_findings(
    table: Table,
    frame: pd.DataFrame,
    registry: Registry,
    fields: Sequence[Field],
    slugs: Mapping[str, pd.Series],
) -> list[pd.DataFrame]:
    """`logic.person_with_credit_code` and `logic.company_with_id_number`.

    `fields` are the sheet's fields that have a column; `slugs` holds, per credit-code and
    ID-number field, the verdict slug of each cell (None where blank). A number counts when it is
    shaped like one, even if its check character is wrong. Nothing when there is no 客户类型.
    """
    if not any(f.name == "customer_type" for f in fields):
        return []
    ctype = _customer_type(frame["customer_type"], registry, table.kind)
    out = []
    for who, field_kind, malformed, logic in _PAIRS:
        for f in fields:
            if f.kind == field_kind:
                has = slugs[f.name].notna() & ~slugs[f.name].isin([malformed, NONE_GIVEN])
                out.append(findings_from_mask(table, frame, ctype.eq(who) & has, f.name, logic))
    return out


def _customer_type(values: pd.Series, registry: Registry, kind: SheetKind) -> pd.Series:
    """企业 / 个人 after synonyms (企业客户, 公司, 个体 …); other text as typed."""
    synonyms = dict(registry.get(kind, "customer_type").synonyms)
    codes, uniq = pd.factorize(values)  # each distinct cell once; -1: missing
    text = pd.Series(uniq, dtype=object).astype("string").str.strip()
    types = np.array([*(synonyms.get(v, v) for v in text), None], dtype=object)
    return pd.Series(types[codes], index=values.index, dtype=object)


def _compact(uniq: pd.Series) -> pd.Series:
    """Half-width, upper case, no spaces or hyphens (what stdnum's compact() does)."""
    return uniq.str.normalize("NFKC").str.replace(r"[\s-]", "", regex=True).str.upper()


def _rows(codes: pd.Series, table: np.ndarray) -> np.ndarray:
    """Equal-length ASCII codes as a (n, len) matrix of `table` values."""
    raw = np.frombuffer("".join(codes).encode("ascii"), dtype=np.uint8)
    return table[raw.reshape(len(codes), -1)]
