"""E-mail addresses: one or more practical addresses per cell; full-width forms get their fix."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

import numpy as np
import pandas as pd

from custinfo.validate.verdicts import OK, Verdict, empty_verdicts, none_given

# Practical, not RFC 5322: what Chinese mail providers and CRMs accept.
_EMAIL = re.compile(
    r"(?=.{6,254}$)(?=[^@]{1,64}@)"
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{2,59})"
)
_EMAIL_SPLIT = re.compile(r"[;,、/|\s]+")  # after NFKC: ；，／ are ; , /
_EMAIL_EXAMPLE = "如 name@example.com"


def classify_emails(uniq: pd.Series, none: Collection[str]) -> tuple[np.ndarray, np.ndarray]:
    """Verdicts for distinct e-mail cells; 暂无, 无 and bare punctuation ("-", "/") mean none
    given and are fine."""
    slugs, suggestions = empty_verdicts(len(uniq))
    if uniq.empty:
        return slugs, suggestions
    fine = uniq.str.fullmatch(_EMAIL).fillna(False).to_numpy(bool) | none_given(uniq, none)
    texts: list[str] = uniq.tolist()
    for i in np.flatnonzero(~fine).tolist():
        slugs[i], suggestions[i] = email_cell(texts[i])
    return slugs, suggestions


def email_cell(text: str) -> Verdict:
    """One verdict for a cell that may list several addresses ("a@x.com; b@y.com")."""
    if _all_emails(text):
        return OK
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
