"""Money however reps typed it, as a (low, high) range in the currency's main unit (元 for CNY).

Understood (after NFKC, so full-width digits, commas and signs are ASCII; case and spaces ignored):

- numbers: 1200, "1,200", "1 200", "¥1,200.00", "RMB 1200", "人民币1200元", "1200块", "1200.00元整",
  "-500元" and "负500" (refunds); "(500)" is an accounting negative (-500)
- units: 5万, 5w, 3k, 3千, 1亿, 1个亿, 300百万; mixed "2万5" = 25000, "2万5千", "1亿2000万"
- Chinese numerals, financial ones too: 五万, 二十万, 一百五十万, 两万, 壹万, 一万零五
- ranges with - ~ — – 〜 至 到: "5-10万", "5万~10万", "10万-1亿", "3k-5k", "1000-2000元"
- open ranges: "10万+", "10万以上", "不低于10万", ">10万" (high None); "10万以内", "≤10万", "最多10万" (low None)
- approximate: 约5万, 5万左右, 5万多, 二十多万 (approx=True)
- unit prices: "4000元/台", "4000/台", "每台4000元", "200元/月" (per="台" / "月")
- currencies: $ 美元 USD, HK$ 港币 港元 HKD, € 欧元 EUR, 日元 JPY, £ 英镑 GBP (amounts not converted)
- "no amount given" words (NO_AMOUNT: 面议, 待定, 无, -, / …) give NOT_GIVEN, distinct from None

Decisions on ambiguous input:
- a range whose low is above its high is a typo: unreadable, not swapped.
- a unitless low takes the high's unit ("5-10万" = 5万..10万) unless that puts it above the high
  and, as typed, it is within a factor 10 of the high ("8000-1万" = 8000..10000; "10-5万" is
  unreadable).
- a lone digit right after a unit is the next lower place, as said aloud: 2万5 = 25000, 一百五 = 150.
- unreadable (None): two amounts that are not a range ("5万/10万", "3台共5万"), mixed currencies,
  a range that is also open ("5-10万以上"), dates ("2024-05-10"), nan/inf, booleans.
- a note in brackets without digits is dropped: "5万(含税)" = 5万.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Money:
    low: float | None  # None: open below ("10万以内")
    high: float | None  # None: open above ("10万以上")
    per: str = ""  # a unit price's unit: "4000元/台" -> "台"
    approx: bool = False  # 约5万, 5万左右, 5万多
    currency: str = "CNY"  # ISO code as typed; no conversion


NOT_GIVEN = Money(None, None)  # the cell says there is no amount (面议, 待定 …)

NO_AMOUNT = frozenset(
    """面议 面谈 详谈 再议 另议 待议 可议 电议 议价 待定 未定 未确定 不确定 待确认 不详 未知
    不清楚 不知道 暂无 暂未 暂不清楚 无 没有 无预算 暂无预算 没有预算 未提供 未填 保密 不限 看情况
    空 n/a na nan null none nil tbd - -- — —— / ?""".split()  # noqa: SIM905
)
_PLACEHOLDER = re.compile(r"[-—–_/\\.·*?~]+")  # "-", "——", "/", "..." …

_EDGE = re.compile(r"^[\s,;:!?。、\"'“”‘’`]+|[\s,.;:!?。、\"'“”‘’`]+$")
_NOTE = re.compile(r"\([^()0-9]*\)")  # (含税)
_THOUSANDS = re.compile(r"(?<=[0-9])[,\s](?=[0-9]{3}(?![0-9]))")
_CURRENCY = {
    **dict.fromkeys(["hk$", "hkd", "港币", "港元", "港幣"], "HKD"),
    **dict.fromkeys(["us$", "usd", "$", "美元", "美金"], "USD"),
    **dict.fromkeys(["eur", "€", "欧元", "歐元"], "EUR"),
    **dict.fromkeys(["jpy", "日元"], "JPY"),
    **dict.fromkeys(["gbp", "£", "英镑"], "GBP"),
    **dict.fromkeys(["rmb", "cny", "¥", "人民币", "元整", "元", "圆", "块钱", "块"], "CNY"),
}
# longest first; 块 after / or 每 is a unit ("200元/块"), not money
_CURRENCY_RE = re.compile(
    "|".join(
        r"(?<![/每])块" if k == "块" else re.escape(k)
        for k in sorted(_CURRENCY, key=len, reverse=True)
    )
)


def _words(words: str) -> str:
    return "|".join(re.escape(w) for w in sorted(words.split(), key=len, reverse=True))


def _prefix(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{_words(words)})(?P<rest>.+)")


def _suffix(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<rest>.+?)(?:{_words(words)})")


_DIGIT_GROUPS = (
    "零〇",
    "一壹",
    "二贰貳两兩",
    "三叁參",
    "四肆",
    "五伍",
    "六陆陸",
    "七柒",
    "八捌",
    "九玖",
)
_DIGITS = "".join(_DIGIT_GROUPS)
# Markers around the amount, stripped in any order: (pattern, flag)
_AFFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_prefix("不低于 不少于 超过 高于 大于等于 大于 多于 至少 最少 最低 起码 不止 >= > ≥"), "min"),
    (_suffix("及以上 或以上 以上 往上 起步 起 +"), "min"),
    (_prefix("不超过 不高于 不到 不足 低于 少于 小于等于 小于 最多 最高 <= < ≤"), "max"),
    (_suffix("及以下 或以下 以下 以内 之内 内 封顶"), "max"),
    (_prefix("大约 大概 约为 约 差不多 将近 接近 近 ~ ≈"), "approx"),
    (_suffix("左右 上下 前后 出头 多 余 来"), "approx"),
    (_prefix("预算为 预算在 预算 金额 价格 报价 在 为 :"), ""),
    (_suffix("之间 间"), ""),
    (
        re.compile(rf"每(?P<per>[^\W\d_{_DIGITS}十百千万亿拾佰仟约大近不最]{{1,4}})(?P<rest>.+)"),
        "per",
    ),
    (re.compile(r"(?P<rest>.+?)(?:/|每)(?P<per>[^\W\d_]\w{0,5})"), "per"),
)
_NUMERALS = str.maketrans(
    {c: str(d) for d, group in enumerate(_DIGIT_GROUPS) for c in group}
    | dict(zip("拾佰仟萬億kw负", "十百千万亿千万-", strict=True))
)
_INFIX_APPROX = re.compile(r"[多余](?=[十百千万亿])")  # 二十多万, 20余万
_PARENS = re.compile(r"\((.+)\)")
_RANGE = re.compile(r"(-?[^-~〜至到—–]+)(?:-|~|〜|至|到|—+|–)(-?[^-~〜至到—–]+)")
_TRAILING_UNIT = re.compile(r"(?:[百千]?[万亿]|千)$")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_UNITS = (("亿", 10**8), ("万", 10**4), ("千", 1000), ("百", 100), ("十", 10))


def parse_money(value: object) -> Money | None:
    """One cell as money; NOT_GIVEN for "no amount" words; None when unreadable or blank."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        return Money(number, number) if math.isfinite(number) else None
    return None if value is None or isinstance(value, bool) else _parse_text(str(value))


def _parse_text(text: str) -> Money | None:
    t = unicodedata.normalize("NFKC", text).lower().strip()
    if t in NO_AMOUNT or _PLACEHOLDER.fullmatch(t):
        return NOT_GIVEN
    t = _EDGE.sub("", _NOTE.sub("", t))
    t = re.sub(r"\s+", "", _THOUSANDS.sub("", t))
    currencies = {_CURRENCY[c] for c in _CURRENCY_RE.findall(t)}
    t = _CURRENCY_RE.sub("", t)
    stripped = _strip_affixes(t)
    if stripped is None or len(currencies) > 1:
        return None
    t, flags, per = stripped
    if t in NO_AMOUNT:
        return NOT_GIVEN
    if m := _PARENS.fullmatch(t):
        t = "-" + m[1]
    t = re.sub("个(?=[万亿])", "", t.translate(_NUMERALS))  # 1个亿
    t, infix = _INFIX_APPROX.subn("", t)
    if m := _RANGE.fullmatch(t):
        bounds = None if flags & {"min", "max"} else _range(m[1], m[2])
    else:
        bounds = None if (v := _side(t)) is None else (v, v)
    if bounds is None or {"min", "max"} <= flags:
        return None
    low, high = bounds
    return Money(
        None if "max" in flags else low,
        None if "min" in flags else high,
        per,
        "approx" in flags or infix > 0,
        currencies.pop() if currencies else "CNY",
    )


def _strip_affixes(t: str) -> tuple[str, set[str], str] | None:
    """The amount without its markers, the markers' flags, and the unit of a unit price."""
    flags: set[str] = set()
    per = ""
    changed = True
    while changed:
        changed = False
        for pattern, flag in _AFFIXES:
            if m := pattern.fullmatch(t):
                t, changed = m["rest"], True
                if flag == "per":
                    if per:
                        return None  # two units ("200/人/月")
                    per = m["per"]
                elif flag:
                    flags.add(flag)
                break
    return t, flags, per


def _range(low_text: str, high_text: str) -> tuple[float, float] | None:
    low, high = _side(low_text), _side(high_text)
    if low is None or high is None:
        return None
    unit = _TRAILING_UNIT.search(high_text)
    if unit and not re.search("[千万亿]", low_text):  # "5-10万": the 万 is both sides'
        scaled = _side(low_text + unit[0])
        if scaled is not None and scaled <= high:
            low = scaled
        elif low * 10 < high:
            return None  # "10-5万": neither 10万 nor 10 is likely; "8000-1万" is 8000
    return (low, high) if low <= high else None


def _side(text: str) -> float | None:
    sign = -1 if text.startswith("-") else 1
    number = _number(text.removeprefix("-").removeprefix("+"))
    value = None if number is None else sign * float(number)
    return value if value is not None and math.isfinite(value) else None


def _number(s: str, level: int = 0) -> Decimal | None:
    """Digits with the units 亿 万 千 百 十 from `level` down: "1亿2000万", "2万5", "1百5十"."""
    if _PLAIN.fullmatch(s):
        return Decimal(s)
    for i in range(level, len(_UNITS)):
        unit, size = _UNITS[i]
        head_text, found, tail_text = s.partition(unit)
        if not found:
            continue
        head = _number(head_text, i + 1) if head_text else Decimal(1) if unit == "十" else None
        if head is None or not tail_text:
            return None if head is None else head * size
        if "." in head_text:
            return None  # "1.5万3"
        if re.fullmatch("[1-9]", tail_text):  # 2万5: the next lower place
            tail: Decimal | None = Decimal(tail_text) * size / 10
        else:
            tail = _number(tail_text, i + 1)
        return None if tail is None or tail >= size else head * size + tail
    return None


@dataclass(frozen=True)
class MoneyColumn:
    low: pd.Series  # float64; NaN when blank, unreadable, not given or open below
    high: pd.Series  # float64; NaN when blank, unreadable, not given or open above
    unreadable: pd.Series  # bool: a non-blank cell that is not money
    parsed: dict[object, Money | None]  # each distinct non-blank value -> parse_money of it


def parse_money_column(values: pd.Series) -> MoneyColumn:
    """`parse_money` over a column, once per distinct value, mapped back by factorize codes.

    Blank cells (None, NaN, whitespace-only text) are NaN and not unreadable; they are not in
    `parsed`, so `parsed[v] is None` exactly when `v` is unreadable.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # one slot per distinct value plus a last one (NaN, False) that code -1 (blank) indexes
    low = np.full(len(uniques) + 1, np.nan)
    high = np.full(len(uniques) + 1, np.nan)
    bad = np.zeros(len(uniques) + 1, dtype=bool)
    parsed: dict[object, Money | None] = {}
    for i, value in enumerate(uniques):
        if isinstance(value, str) and not value.strip():
            continue
        money = parsed[value] = parse_money(value)
        if money is None:
            bad[i] = True
        else:
            low[i] = np.nan if money.low is None else money.low
            high[i] = np.nan if money.high is None else money.high
    index = values.index
    return MoneyColumn(
        pd.Series(low[codes], index=index, dtype="float64"),
        pd.Series(high[codes], index=index, dtype="float64"),
        pd.Series(bad[codes], index=index, dtype="bool"),
        parsed,
    )
