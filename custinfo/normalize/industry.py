"""所属行业 → GB/T 4754-2017: the 门类 (section letter) and 大类 (2-digit division) a typed industry
means.

A value is matched, first match wins, by
1. a code: "65", "I65", "6513", "I", "65 软件…", "C39计算机…" (rule `industry.code`);
2. rules.yaml's `normalize.industry_synonyms` (`extra_synonyms`), then the exact name of a 门类,
   大类, 中类 or 小类 (full-width, spaces, brackets and punctuation ignored), then the package's
   synonyms (`data/industry_synonyms.csv`), each also with trailing filler dropped (IT行业 → IT,
   服装厂 → 服装) (`industry.synonym`, `industry.name`);
3. a part of one official name (公共设施 → 公共设施管理业) (`industry.name`), or an official name
   with a typo or an older edition's wording (化学原料及化学制品制造业) (`industry.fuzzy`);
4. a list (服装/纺织/皮革, 教育_培训): the 大类 or 门类 its items agree on, else the first item;
   a shared ending goes to every item (贸易和职业学校), a fixed phrase stays whole (航空/航天);
5. the longest known term inside it, with what the value says is done with the goods: 服装店 →
   52 零售业, 医疗器械销售 → 51 批发业, 烟草配送 → 51, 水产饲料制造 → 13, 家电维修 → 81,
   锅炉维修 → 43 (repair before shop words), 书店 → 52; goods of several 大类 typed together
   give the 门类 (粮油米面调味品) (`industry.keyword`);
6. approximately, any name or synonym, or a two-character word with its second character
   wrong (煤碳) (`industry.fuzzy`).
Activity words in brackets apply to the goods outside them: 五金器材（批发商） → 51.
A value that only names a 门类 (制造业, 建筑) keeps the 门类 name and gets `industry.section_only`;
a value that matches nothing is kept as typed with `industry.unknown` and the three closest 大类.
An empty industry may get a suggestion from the company name or the need (`industry.suggested`);
the cell is never filled.

Every distinct value is matched once (`per_distinct`), the tables are read once (`functools.cache`),
nothing here raises on any input, and a normalized value normalizes to itself.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from custinfo.distinct import per_distinct
from custinfo.normalize.column import Normalized, Problems

# rapidfuzz ratios (0-100) at which a value is taken for the official name it resembles; one
# character is a lot in a short name (建筑装饰业 is not 建筑安装业)
NAME_CUTOFF = 80
SHORT_NAME_CUTOFF = 88  # either name of 8 characters or fewer
FUZZY_CUTOFF = 82  # the same for any name or synonym, tried last
SUGGEST_CUTOFF = 40  # WRatio below which a 大类 is not worth suggesting for an unknown value
NO_SUGGESTION = "（无）"

# typed around a matched term, these say what the business does with the goods it names
# 配送 after goods is distribution (烟草配送), alone it is delivery (54)
_WHOLESALE = ("批发", "贸易", "商贸", "经销", "分销", "进出口", "外贸", "销售", "代理", "配送")
_RETAIL = ("零售", "超市", "商行")
# shop words: a 商店 sells whatever it names (宠物商店); a 店 or 铺 may also serve (美发店)
_SHOP = ("商店", "卖场", "门市", "专卖")
_STORE = ("门店", "店")  # and 铺, only as the last character (铺设 is laying)
_SHOP_SECTIONS = frozenset("ABCO")  # what a 商店 is a shop for: goods, pets, wedding supplies
_REPAIR = ("维修", "修理", "维护", "保养")
_INSTALL = ("安装",)
_RENT = ("租赁", "出租")
_MAKE = ("制造", "生产", "加工", "工厂", "厂", "工业", "设备制造", "生产制造", "加工制造", "制造业")
_ACTIVITY_WORDS = frozenset(
    {*_WHOLESALE, *_RETAIL, *_SHOP, *_STORE, *_REPAIR, *_INSTALL, *_RENT, *_MAKE}
)
# goods whose repair is a household service (81: cars, computers, phones, appliances, watches,
# furniture, shoes, clothes, bicycles and sports goods); other goods are repaired by 43
_HOUSEHOLD_GOODS = frozenset({"18", "19", "21", "24", "36", "38", "39", "40"})
_MADE = "industry.keyword.made"  # only "made" was understood: manufacturing, no 大类 (internal)
_GOODS_SECTIONS = frozenset("ABC")  # a product of farming, mining or manufacturing
# one character that, at the end of a value, names the goods or service (女鞋, 出行险, 米酒, 红茶)
# (川菜, 自助餐); it decides also when the words before it are known (汽车险, 创意菜)
_HEADS = {"鞋": "19", "险": "68", "酒": "15", "茶": "15", "菜": "62", "餐": "62"}
# a final word naming equipment (通讯设备, 体育器材): what is made for the trade the words before
# it name, when those name a service: telecoms → 39, power → 38, sport and games → 24, other
# trades' special equipment (medical, mining, building, farming, environment) → 35, else only 制造业
_EQUIPMENT = ("设备", "器材", "器械", "仪器", "装备")
_EQUIPMENT_FOR = {"I": "39", "D": "38", "R": "24", **dict.fromkeys("QNEAB", "35")}
# a final 平台 is an internet platform (6431-6439) unless a financial one (支付平台, 网贷平台)
_PLATFORM = "平台"
# trailing words that add nothing to an industry ("IT行业", "物流公司", "服装厂")
_SUFFIXES = (
    "行业",
    "产业",
    "领域",
    "相关",
    "方面",
    "公司",
    "企业",
    "类",
    "厂",
    "业",
    "制造",
    "生产",
    "加工",
)
# trailing words of official names that typed values often leave out (运输代理业 → 运输代理)
_NAME_TAILS = ("服务业", "服务", "活动", "制造", "生产", "业")
# what is left of a name without its tail that names no trade (其他服务业 → 其他)
_VAGUE = frozenset({"其他", "其他未列明", "未列明", "专业", "综合", "一般", "其他专业"})
# characters too common in industry names to make two names alike
_COMMON_CHARS = frozenset("业制造品服务和及其他的与类产生加工设备销售有限公司行未列明专用")
# words of a company's name that are not its trade
_COMPANY_WORDS = re.compile(
    r"(股份)?有限(责任)?公司|股份公司|集团|分公司|总公司|公司|企业|工作室|个体户|中心|（.*?）|\(.*?\)"
)
_CODE = re.compile(r"^([A-T])?\s*(\d{2})(\d{1,2})?$")
_CODE_PREFIX = re.compile(r"^([A-T])?\s*(\d{2,4})([\s\-—_:：.、，,/|]*)(\D.*)$")
_SECTION_PREFIX = re.compile(r"^([A-T])([\s\-—_:：.、，,/|]*)(\D.*)$")
# what separates the items of a list of industries ("服装/纺织/皮革", "金融与保险")
_SEPARATORS = re.compile(r"[/\\、,，;；_|+&＆\s]+|[与和及]")
_BRACKETED = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]?")


@dataclass(frozen=True)
class IndustryMatch:
    """What a typed industry was matched to: a 大类 (`code` "65") or only a 门类 (`code` "")."""

    section: str  # 门类 letter, "I"
    code: str  # 大类, "65"; "" when only the 门类 is known
    rule: str  # industry.code / .name / .synonym / .keyword / .fuzzy


@dataclass(frozen=True)
class IndustryTable:
    sections: dict[str, str]  # "I" → 信息传输、软件和信息技术服务业
    divisions: dict[str, tuple[str, str]]  # "65" → ("I", 软件和信息技术服务业)
    names: dict[str, str]  # key of a 门类/大类/中类/小类 name → target ("65" or "I")
    division_keys: frozenset[str]  # keys of the 97 大类 names
    synonyms: dict[str, str]  # key of a synonym → target
    terms: dict[str, str]  # every key findable inside a longer value → target
    longest_term: int
    name_keys: list[str]  # keys of names (and long synonyms) of 4 characters or more
    name_targets: list[str]
    fuzzy_keys: list[str]  # names and synonyms, for approximate matching
    fuzzy_targets: list[str]
    suggest_keys: list[str]  # names and synonyms that point at one 大类, for suggestions
    suggest_codes: list[str]
    name_chars: dict[str, frozenset[int]]  # character → the name_keys (positions) holding it
    suggest_pairs: dict[str, frozenset[int]]  # telling pair → the suggest_keys holding it

    def section_of(self, target: str) -> str:
        return target if len(target) == 1 else self.divisions[target][0]

    def section_target(self, letter: str) -> str:
        """A 门类 with a single 大类 (P 教育, K 房地产业) means that 大类."""
        divs = [d for d, (s, _) in self.divisions.items() if s == letter]
        return divs[0] if len(divs) == 1 else letter

    def match(self, target: str, rule: str) -> IndustryMatch:
        if len(target) == 1:
            return IndustryMatch(target, "", rule)
        return IndustryMatch(self.divisions[target][0], target, rule)

    def canonical(self, m: IndustryMatch) -> str:
        return self.divisions[m.code][1] if m.code else self.sections[m.section]

    def label(self, target: str) -> str:
        """ "65 软件和信息技术服务业" / "C 制造业"."""
        if len(target) == 1:
            return f"{target} {self.sections[target]}"
        return f"{target} {self.divisions[target][1]}"


def key(text: str) -> str:
    """What matching compares: NFKC (full-width → half-width), case-folded, letters and digits
    only (spaces, brackets and punctuation such as 、dropped)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("custinfo").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _one_target(owners: set[str], divisions: Mapping[str, tuple[str, str]]) -> str | None:
    """The 大类 a name belongs to, the 门类 when it is in several 大类 of one 门类, else None."""
    if len(owners) == 1:
        return next(iter(owners))
    sections = {divisions[d][0] if len(d) == 2 else d for d in owners}
    return sections.pop() if len(sections) == 1 else None


@cache
def industry_table() -> IndustryTable:
    """The GB/T 4754-2017 table and the synonym list, read once."""
    sections: dict[str, str] = {}
    divisions: dict[str, tuple[str, str]] = {}
    finer: dict[str, set[str]] = {}  # key of a 中类/小类 name → the 大类 it belongs to
    for row in _read_csv("gbt4754_2017.csv"):
        sec, div, name = row["section"], row["division"], row["name"].strip()
        if not div:
            sections[sec] = name
        elif not row["group"]:
            divisions[div] = (sec, name)
        else:
            finer.setdefault(key(name), set()).add(div)
    single = {s: [d for d, (s2, _) in divisions.items() if s2 == s] for s in sections}

    def norm(target: str) -> str:
        return single[target][0] if target in single and len(single[target]) == 1 else target

    names: dict[str, str] = {}
    for k, owners in finer.items():  # lowest priority first: later levels overwrite
        if (t := _one_target(owners, divisions)) is not None:
            names[k] = norm(t)
    for sec, name in sections.items():
        names[key(name)] = norm(sec)
    for div, (_, name) in divisions.items():
        names[key(name)] = div

    synonyms: dict[str, str] = {}
    for row in _read_csv("industry_synonyms.csv"):
        target = row["target"].strip()
        if target in divisions or target in sections:
            synonyms[key(row["term"])] = norm(target)

    tails: dict[str, set[str]] = {}  # names without a trailing 业/服务/制造 (运输代理业 → 运输代理)
    for k, t in names.items():
        for tail in _NAME_TAILS:
            if k.endswith(tail) and len(k) - len(tail) >= 2:
                tails.setdefault(k[: -len(tail)], set()).add(t)
    terms = {
        k: norm(t)
        for k, owners in tails.items()
        if k not in _VAGUE and (t := _one_target(owners, divisions))
    }
    terms.update({k: t for k, t in {**names, **synonyms}.items() if len(k) >= 2})
    for k, t in list(terms.items()):  # a pair of words typed the other way round: 航天航空
        if len(k) == 4 and k[:2] in terms and k[2:] in terms and set(k[:2]) & set(k[2:]):
            terms.setdefault(k[2:] + k[:2], t)
    near = {k: t for k, t in names.items() if len(k) >= 4}
    near.update({k: t for k, t in synonyms.items() if len(k) >= 6})  # old names (GB/T 4754-2011)
    fuzzy = {k: t for k, t in {**names, **synonyms}.items() if len(k) >= 2}
    suggest = {k: t for k, t in fuzzy.items() if t in divisions}
    name_chars: dict[str, set[int]] = {}
    for i, n in enumerate(near):
        for ch in n:
            name_chars.setdefault(ch, set()).add(i)
    suggest_pairs: dict[str, set[int]] = {}
    for i, n in enumerate(suggest):
        for pair in _telling_pairs(n):
            suggest_pairs.setdefault(pair, set()).add(i)
    return IndustryTable(
        sections=sections,
        divisions=divisions,
        names=names,
        division_keys=frozenset(key(name) for _, name in divisions.values()),
        synonyms=synonyms,
        terms=terms,
        longest_term=max(map(len, terms)),
        name_keys=list(near),
        name_targets=list(near.values()),
        fuzzy_keys=list(fuzzy),
        fuzzy_targets=list(fuzzy.values()),
        suggest_keys=list(suggest),
        suggest_codes=list(suggest.values()),
        name_chars={ch: frozenset(ix) for ch, ix in name_chars.items()},
        suggest_pairs={p: frozenset(ix) for p, ix in suggest_pairs.items()},
    )


def extra_index(extra: Mapping[str, str] | None, table: IndustryTable) -> dict[str, str]:
    """rules.yaml's `normalize.industry_synonyms` (term → code, letter or name), keyed; entries
    whose target is not in the table are ignored."""
    out: dict[str, str] = {}
    for term, target in (extra or {}).items():
        if not isinstance(term, str) or not isinstance(target, str) or not key(term):
            continue
        found = _by_code(target, table)
        if found is None and key(target) in table.names:
            found = table.match(table.names[key(target)], "")
        if found is not None:
            out[key(term)] = found.code or found.section
    return out


def _by_code(text: str, table: IndustryTable) -> IndustryMatch | None:
    """ "65", "I65", "6513", "I", "65 软件和信息技术服务业", "C 制造业"."""
    raw = unicodedata.normalize("NFKC", text).strip()
    upper = raw.upper()
    if len(raw) == 1 and upper in table.sections:
        return table.match(table.section_target(upper), "industry.code")
    m = _CODE.match(upper)
    if m:
        return _division_code(m.group(1), m.group(2), table)
    m = _CODE_PREFIX.match(upper)
    if m and m.group(4):
        found = _division_code(m.group(1), m.group(2)[:2], table)
        rest = table.names.get(key(raw[m.start(4) :]))
        if found and (m.group(3) or rest == found.code):
            return found
    m = _SECTION_PREFIX.match(raw)
    if m and m.group(1) in table.sections:
        rest = table.names.get(key(m.group(3)))
        if rest is not None and table.section_of(rest) == m.group(1):
            return table.match(rest, "industry.code")
    return None


def _division_code(letter: str | None, digits: str, table: IndustryTable) -> IndustryMatch | None:
    div = table.divisions.get(digits)
    if div is None or (letter is not None and letter != div[0]):
        return None
    return IndustryMatch(div[0], digits, "industry.code")


def _stripped(k: str) -> Iterable[str]:
    """The key without trailing filler words, shortest last ("it行业" → "it")."""
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if k.endswith(suffix) and len(k) - len(suffix) >= 2:
                k = k[: -len(suffix)]
                changed = True
                yield k


def _within_names(k: str, table: IndustryTable) -> IndustryMatch | None:
    """A value that is part of one 大类 name (公共设施 → 公共设施管理业), else of names all in one
    大类 or 门类 (养老金 → 商业养老金); not when the name adds an activity (汽车及零配件批发)."""
    if len(k) < 3:
        return None
    holders = [table.name_chars.get(ch, frozenset()) for ch in set(k)]
    positions = frozenset.intersection(*holders)
    within = [
        (n, t)
        for n, t in ((table.name_keys[i], table.name_targets[i]) for i in sorted(positions))
        if k in n and not any(w in n.replace(k, "", 1) for w in _ACTIVITY_WORDS)
    ]
    listed = [n for n, _ in within if n not in table.division_keys and _listed_after(k, n)]
    if listed and not any(w in k for w in _ACTIVITY_WORDS):
        # 包装材料 is not only the 药用辅料及包装材料 of 27: goods whose own words span a 门类
        own = _by_terms(k, table.terms, table)
        if own is not None and not own.code and own.section in _GOODS_SECTIONS:
            within = [(n, t) for n, t in within if n not in listed]
    divisions = {t for n, t in within if n in table.division_keys}
    if len(divisions) == 1:
        return table.match(divisions.pop(), "industry.name")
    owners = {t for _, t in within}
    if not owners:
        return None
    target = _one_target(owners, table.divisions)
    return None if target is None else table.match(target, "industry.name")


def _listed_after(k: str, name: str) -> bool:
    """`k` is a later item of a list in `name` whose first item may narrow it (药用辅料及包装材料:
    the 包装材料 of medicines, not packaging in general)."""
    start = name.find(k)
    while start >= 0:
        if start > 0 and name[start - 1] in "及和与":
            return True
        start = name.find(k, start + 1)
    return False


def _near_name(k: str, table: IndustryTable) -> IndustryMatch | None:
    """An official name with a typo or an old wording (化学原料及化学制品制造业)."""
    if len(k) < 4:
        return None
    best = process.extractOne(k, table.name_keys, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF)
    if best is None or (min(len(k), len(best[0])) <= 8 and best[1] < SHORT_NAME_CUTOFF):
        return None
    return table.match(table.name_targets[best[2]], "industry.fuzzy")


def _ascii_word(k: str, start: int, end: int) -> bool:
    """A Latin term must not be part of a longer Latin word ("ai" in "retail")."""
    before = k[start - 1] if start > 0 else ""
    after = k[end] if end < len(k) else ""
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _terms_in(k: str, terms: Mapping[str, str], longest: int) -> list[tuple[int, int, str]]:
    """(start, end, target) of every known term inside `k`, minus those inside a longer one."""
    found: list[tuple[int, int, str]] = []
    for start in range(len(k)):
        for end in range(min(len(k), start + longest), start + 1, -1):
            target = terms.get(k[start:end])
            if target is None:
                continue
            if k[start:end].isascii() and not _ascii_word(k, start, end):
                continue
            found.append((start, end, target))
            break  # the longest term starting here
    return [
        (s, e, t)
        for s, e, t in found
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in found)
    ]


def _agree(targets: list[str], table: IndustryTable, *, listed: bool) -> str:
    """One target for several equally good ones. Items of a list ("金融与保险") that share a 门类
    give the 门类, else the first item counts; words of one phrase ("建筑装饰") give the most
    specific 大类, else the last word (the head of a Chinese compound: 机械设备租赁 is 租赁)."""
    distinct = list(dict.fromkeys(targets))
    divisions = [t for t in distinct if len(t) == 2]
    if not listed and divisions:
        distinct = divisions
    if len(distinct) == 1:
        return distinct[0]
    sections = {table.section_of(t) for t in distinct}
    if len(sections) == 1:
        return table.section_target(sections.pop())
    if divisions and len(divisions) < len(distinct):
        return _agree(divisions, table, listed=listed)
    return distinct[0] if listed else distinct[-1]


def _outside(k: str, words: tuple[str, ...], spans: list[tuple[int, int]]) -> bool:
    """One of `words` occurs in `k` but not inside a matched term (酒店 is not a 店)."""
    for word in words:
        start = k.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(s <= start and end <= e for s, e in spans):
                return True
            start = k.find(word, start + 1)
    return False


def _shop(k: str, spans: list[tuple[int, int]], *, strong: bool) -> bool:
    """A shop word outside the matched terms: 商店, 卖场, 门市, 专卖 (`strong`), else also 店,
    门店 and a final 铺."""
    if _outside(k, _SHOP, spans):
        return True
    if strong:
        return False
    return _outside(k, _STORE, spans) or (k.endswith("铺") and _outside(k[-1:], ("铺",), []))


def _activity(target: str, k: str, spans: list[tuple[int, int]], table: IndustryTable) -> str:
    """Goods that the value says are sold, repaired, installed or rented: the trade instead.
    Repair words come before shop words (家电维修店 is a repairer); household goods are repaired
    by 81, machinery by 43."""
    section = table.section_of(target)
    wholesale = _outside(k, ("批发",), spans)
    if section not in _GOODS_SECTIONS:
        if section in _SHOP_SECTIONS and _shop(k, spans, strong=True):
            return "52"  # 宠物商店
        if wholesale and section != "F":
            return "51"  # 药品医疗批发, 办公器材批发: the goods of a service's trade, sold on
        return target
    if wholesale and _outside(k, _RETAIL, spans):
        return "F"  # 工业产品批发零售
    for words, trade in ((_RETAIL, "52"), (_WHOLESALE, "51")):
        if _outside(k, words, spans):
            return trade
    if section == "C" and _outside(k, _REPAIR, spans):
        return "81" if target in _HOUSEHOLD_GOODS else "43"
    if _shop(k, spans, strong=False):
        return "52"
    if _outside(k, _INSTALL, spans):
        return "49"
    return "71" if _outside(k, _RENT, spans) else target


def _by_terms(k: str, terms: Mapping[str, str], table: IndustryTable) -> IndustryMatch | None:
    """The longest known term inside the value; a 制造/加工 word picks the manufactured goods,
    a 批发/零售/维修/租赁 word turns goods into the trade that handles them."""
    found = _terms_in(k, terms, table.longest_term)
    head = _HEADS.get(k[-1]) if len(k) >= 2 else None
    if head is not None and not any(e == len(k) for _, e, _ in found):
        return table.match(head, "industry.keyword")  # 川菜, 创意菜, 出行险
    if not found:
        if any(k.endswith(w) and len(k) > len(w) for w in (*_SHOP, *_STORE, "铺")):
            return table.match("52", "industry.keyword")  # 书店, 鞋店: a shop for something
        if _ends_with(k, (_PLATFORM,)):
            return table.match("64", "industry.keyword")  # 挂号平台: a platform for something
        return None
    # 批发零售 typed as one word is two activities, not a subject (工业产品批发零售)
    subjects = [f for f in found if not _activities_only(k[f[0] : f[1]])]
    if not any(table.section_of(t) in _GOODS_SECTIONS for _, _, t in subjects):
        subjects += [f for f in found if k[f[0] : f[1]] == "配送"]  # 物流配送: delivery
    spans = [(s, e) for s, e, _ in subjects]
    if _outside(k, _MAKE, spans):
        made = [f for f in subjects if table.section_of(f[2]) == "C"]
        if subjects and not made:
            return table.match("C", _MADE)
        subjects = made
    if not subjects:
        subjects = found
        if all(k[s:e] in _MAKE for s, e, _ in found):
            return table.match("C", _MADE)
    target = _goods_list(subjects, found, k, table)
    if target is None:
        longest = max(e - s for s, e, _ in subjects)
        target = _agree([t for s, e, t in subjects if e - s == longest], table, listed=False)
    target = _head_word(target, k, spans, table)
    return table.match(_activity(target, k, spans, table), "industry.keyword")


def _activities_only(word: str) -> bool:
    """A word made only of activity words (批发, 批发零售, 零售批发)."""
    return word in _ACTIVITY_WORDS or any(
        word.startswith(a) and word[len(a) :] in _ACTIVITY_WORDS for a in _ACTIVITY_WORDS
    )


def _head_word(target: str, k: str, spans: list[tuple[int, int]], table: IndustryTable) -> str:
    """A final word outside the matched terms that says what kind of business the words before it
    are: 平台 (旅游服务平台 → 64), equipment (通讯设备 → 39, 医疗器械 stays 35)."""
    if any(e == len(k) for _, e in spans):
        return target  # the last word is part of a known term (交易平台 would be one)
    section = table.section_of(target)
    if _ends_with(k, (_PLATFORM,)) and section not in ("I", "J"):
        return "64"
    if _ends_with(k, _EQUIPMENT) and section not in _GOODS_SECTIONS:
        return table.section_target(_EQUIPMENT_FOR.get(section, "C"))
    return target


def _ends_with(k: str, words: tuple[str, ...]) -> bool:
    return any(k.endswith(w) and len(k) > len(w) for w in words)


def _goods_list(
    subjects: list[tuple[int, int, str]],
    found: list[tuple[int, int, str]],
    k: str,
    table: IndustryTable,
) -> str | None:
    """Goods of several 大类 of one 门类 typed together (粮油米面调味品): that 门类, not the longest
    word. Two words are often a modifier and its head (汽车轮胎), so three items are needed; an
    unknown run of two characters or more between known words (米面) counts as an item."""
    targets = {t for _, _, t in subjects}
    sections = {table.section_of(t) for t in targets}
    if len(targets) < 2 or len(sections) != 1 or not sections <= _GOODS_SECTIONS:
        return None
    spans = sorted((s, e) for s, e, _ in found)
    gaps = sum(1 for (_, e), (s, _) in pairwise(spans) if s - e >= 2)
    return table.section_target(sections.pop()) if len(subjects) + gaps >= 3 else None


def _by_parts(text: str, extra: Mapping[str, str], table: IndustryTable) -> IndustryMatch | None:
    """A list of industries ("服装/纺织/皮革", "教育_培训"): the one they agree on, else the 门类
    most of them are in, else the first. Bracketed examples count only when the rest says
    nothing."""
    plain = unicodedata.normalize("NFKC", text)
    for source in (_BRACKETED.sub(" ", plain), plain):
        parts = _phrases([p for p in _SEPARATORS.split(source) if key(p)], table)
        if len(parts) < 2:
            continue
        found = []
        for p in parts:
            m = _match_text(p, extra, parts=False)
            if m and key(p) in _MAKE:  # 航空航天研究与制造: "made" only, like 帽制造业
                m = table.match("C", _MADE)
            if m:
                found.append(m)
        shared = _shared_ending(parts)
        if shared:  # 贸易和职业学校: 贸易学校 and 职业学校
            spread = [m for m in (_match_text(p, extra, parts=False) for p in shared) if m]
            if len(spread) == len(shared) and _spread(spread, table) < _spread(found, table):
                found = spread
        strong = [m for m in found if m.rule != _MADE]
        if strong and len(strong) < len(found):
            # "帽制造业" only says "made": it adds nothing to the parts that name the goods
            found = strong
        if not found:
            continue
        targets = [m.code or m.section for m in found]
        counts = Counter(table.section_of(t) for t in targets)
        top, n = counts.most_common(1)[0]
        if len(counts) > 1 and n * 2 > len(targets):
            targets = [t for t in targets if table.section_of(t) == top]
        target = _agree(targets, table, listed=True)
        if len(counts) > 1 and n * 2 <= len(found):
            target = targets[0]
        k = key(plain)
        spans = [
            (s, e)
            for s, e, _ in _terms_in(k, table.terms, table.longest_term)
            if k[s:e] not in _ACTIVITY_WORDS
        ]
        return table.match(_activity(target, k, spans, table), "industry.keyword")
    return None


def _two_char_typo(k: str, table: IndustryTable) -> IndustryMatch | None:
    """A two-character value with one character wrong (煤碳 → 煤炭): the known two-character
    words that keep one of its characters (not a common one) in place, taken only when exactly one
    of their 大类 has that character in its own name (煤炭开采和洗选业, not 燃气生产和供应业)."""
    if len(k) != 2 or not all(unicodedata.category(ch) == "Lo" for ch in k):
        return None
    targets: set[str] = set()
    kept = k[0]  # the second character is the head: 学术 is not a typo of 美术
    if kept in _COMMON_CHARS:
        return None
    for word, target in zip(table.fuzzy_keys, table.fuzzy_targets, strict=True):
        typo = len(word) == 2 and word[0] == kept and word[1] != k[1] and len(target) == 2
        if typo and kept in table.divisions[target][1]:
            targets.add(target)
    return table.match(targets.pop(), "industry.fuzzy") if len(targets) == 1 else None


def _phrases(parts: list[str], table: IndustryTable) -> list[str]:
    """Items of a list that together are one fixed phrase (航空/航天 → 航空航天, 37) kept whole:
    a known term of two alike halves (they share a character) across the separator."""
    out: list[str] = []
    for p in parts:
        a, b = (key(out[-1]), key(p)) if out else ("", "")
        joined = a + b
        if any(
            joined[i:j] in table.terms and set(joined[i : len(a)]) & set(joined[len(a) : j])
            for i in range(max(0, len(a) - 3), len(a))
            for j in range(len(a) + 2, min(len(joined), i + table.longest_term) + 1)
            if j - i >= 4
        ):
            out[-1] = joined
        else:
            out.append(p)
    return out


def _shared_ending(parts: list[str]) -> list[str] | None:
    """The items of a list with the ending of the last one given to the others (建筑、工程和测量
    服务 → 建筑服务, 工程服务, 测量服务): the last item's characters beyond the length of the
    longest other item, when they are two or more."""
    keys = [key(p) for p in parts]
    width = max(len(k) for k in keys[:-1])
    ending = keys[-1][width:]
    if len(ending) < 2 or width > 3:
        return None
    return [k + ending for k in keys[:-1]] + [keys[-1]]


def _spread(found: list[IndustryMatch], table: IndustryTable) -> int:
    """How many 门类 (then 大类) the items of a list fall in: less is more agreement."""
    return len({m.section for m in found}) * 100 + len({m.code or m.section for m in found})


def _by_fuzzy(k: str, table: IndustryTable) -> IndustryMatch | None:
    if len(k) == 2:
        return _two_char_typo(k, table)
    if len(k) < 3:
        return None
    best = process.extractOne(k, table.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return None if best is None else table.match(table.fuzzy_targets[best[2]], "industry.fuzzy")


def match_industry(text: object, extra: Mapping[str, str] | None = None) -> IndustryMatch | None:
    """The 门类/大类 a typed industry means, or None. `extra` is an already keyed index
    (`extra_index`) of rules.yaml synonyms; they win over everything but a code."""
    if isinstance(text, float) and text.is_integer():
        text = str(int(text))  # 65.0 read from a number cell
    elif not isinstance(text, str):
        text = "" if text is None or text is pd.NA else str(text)
    plain = unicodedata.normalize("NFKC", text)
    head = _BRACKETED.sub(" ", plain)
    found = None
    if key(head) and head != plain:  # 计算机服务(系统、数据服务) → 计算机服务 first
        found = _match_text(head, extra or {})
        if found and not found.code:  # 金融业（银行）: the brackets say which 大类
            inner = _match_text(" ".join(_BRACKETED.findall(plain)), extra or {})
            if inner and inner.code and inner.section == found.section:
                found = inner
        if found:  # 五金器材及用品（批发商）: what the brackets say is done with the goods
            found = _bracketed_activity(found, head, " ".join(_BRACKETED.findall(plain)))
    found = found or _match_text(text, extra or {})
    if found and found.rule == _MADE:
        return IndustryMatch(found.section, found.code, "industry.keyword")
    return found


def _bracketed_activity(found: IndustryMatch, head: str, inner: str) -> IndustryMatch:
    """Goods matched outside brackets that the brackets say are sold, repaired, rented or made:
    （批发商） → 51, （零售）（门店） → 52, （维修） → 81 or 43, （租赁） → 71, （生产） → the
    manufacturing 大类 of the goods."""
    table = industry_table()
    k = key(inner)
    if found.rule == _MADE or not any(w in k for w in (*_ACTIVITY_WORDS, "铺")):
        return found
    if _outside(k, _MAKE, []) and found.section != "C":
        made = _by_terms(key(head) + "制造", table.terms, table)
        return made if made and made.code and made.section == "C" else found
    spans = [  # terms that are more than an activity: （酒店） is no 店
        (s, e)
        for s, e, t in _terms_in(k, table.terms, table.longest_term)
        if k[s:e] not in _ACTIVITY_WORDS and table.section_of(t) != "F"
    ]
    target = _activity(found.code or found.section, k, spans, table)
    if target == (found.code or found.section):
        return found
    return table.match(target, "industry.keyword")


def _match_text(text: str, extra: Mapping[str, str], *, parts: bool = True) -> IndustryMatch | None:
    table = industry_table()
    k = key(text)
    if not k:
        return None
    found = _by_code(text, table)
    if found:
        return found
    candidates = [k, *_stripped(k)]
    for index, rule in (
        (extra, "industry.synonym"),
        (table.names, "industry.name"),
        (table.synonyms, "industry.synonym"),
    ):
        for c in candidates:
            if c in index:
                return table.match(index[c], rule)
    found = _within_names(k, table) or _near_name(k, table)
    if found:
        return found
    if parts:
        found = _by_parts(text, extra, table)
        if found:
            return found
    terms = table.terms
    if extra:
        terms = {**terms, **{t: v for t, v in extra.items() if len(t) >= 2}}
    return _by_terms(k, terms, table) or _by_fuzzy(k, table)


def _telling_pairs(k: str) -> set[str]:
    """The two-character pieces of a key that are not made only of common characters (nor only
    of Latin letters and digits: "as" is no hint that "asdf" is SaaS)."""
    pairs = {k[i : i + 2] for i in range(len(k) - 1)}
    return {p for p in pairs if not set(p) <= _COMMON_CHARS and not p.isascii()}


def suggestions(text: str, limit: int = 3) -> list[str]:
    """The `limit` closest 大类 for a value nothing matched, "65 软件和信息技术服务业" each; only
    names and synonyms sharing a telling pair of characters with the value count."""
    table = industry_table()
    k = key(text)
    positions = sorted(
        frozenset().union(*(table.suggest_pairs.get(p, frozenset()) for p in _telling_pairs(k)))
    )
    if not positions:
        return []
    choices = [table.suggest_keys[i] for i in positions]
    scored = process.extract(
        k, choices, scorer=fuzz.WRatio, score_cutoff=SUGGEST_CUTOFF, limit=None
    )
    codes = [table.suggest_codes[positions[i]] for _, _, i in scored]
    return [table.label(c) for c in list(dict.fromkeys(codes))[:limit]]


def guess_from_company(name: object, need: object = None) -> IndustryMatch | None:
    """An industry suggested by the trade words in a company name (深圳市某某软件有限公司 → 65),
    else in the need text. Never applied to the cell; reported as `industry.suggested`."""
    table = industry_table()
    for text in (name, need):
        if not isinstance(text, str) or not text.strip():
            continue
        k = key(_COMPANY_WORDS.sub("", unicodedata.normalize("NFKC", text)))
        found = _by_terms(k, table.terms, table) if k else None
        if found:
            return IndustryMatch(found.section, found.code, "industry.suggested")
    return None


@dataclass(frozen=True)
class _Cell:
    """The outcome for one distinct typed value."""

    value: object  # canonical name, or the value as typed when unknown
    rule: str  # "" when the value is already canonical (or unknown)
    section: str | None
    section_name: str | None
    code: str | None
    name: str | None
    hint: str  # the closest 大类 when unknown


_MISSING = _Cell(None, "", None, None, None, None, "")


def _cell(v: object, extra: Mapping[str, str], table: IndustryTable) -> _Cell:
    try:
        m = match_industry(v, extra)
    except Exception:  # a value must never stop the run; treat it as unknown
        m = None
    if m is None:
        text = "" if v is None else str(v)
        try:
            hint = " / ".join(suggestions(text)) or NO_SUGGESTION
        except Exception:
            hint = NO_SUGGESTION
        return _Cell(v, "", None, None, None, None, hint)
    canonical = table.canonical(m)
    changed = not isinstance(v, str) or v != canonical
    return _Cell(
        value=canonical,
        rule=(m.rule or "industry.name") if changed else "",
        section=m.section,
        section_name=table.sections[m.section],
        code=m.code,
        name=table.divisions[m.code][1] if m.code else "",
        hint="",
    )


def _blank(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.isna() | text.eq("")


def normalize_industries(
    values: pd.Series,
    *,
    extra_synonyms: Mapping[str, str] | None = None,
    name: pd.Series | None = None,
    need: pd.Series | None = None,
) -> Normalized:
    """所属行业 → the 大类 name (or the 门类 name when only that is known), with the derived
    columns `industry_section`, `industry_section_name`, `industry_code` ("" for a 门类 only) and
    `industry_name` ("" for a 门类 only), and the findings for 门类-only, unknown and (with `name`
    or `need` given) suggested industries."""
    table = industry_table()
    extra = extra_index(extra_synonyms, table)

    codes, uniq = pd.factorize(values)  # -1 where missing
    distinct = pd.Series(np.asarray(uniq, dtype=object), dtype=object)
    blank_u = np.append(_blank(distinct).to_numpy(dtype=bool), True)
    cells = [
        _MISSING if b else _cell(v, extra, table)
        for v, b in zip(distinct, blank_u[:-1], strict=True)
    ]
    cells.append(_MISSING)

    def column(attr: str, per_value: Sequence[object] | None = None) -> pd.Series:
        table_ = np.empty(len(cells), dtype=object)
        table_[:] = [getattr(c, attr) for c in cells] if per_value is None else per_value
        return pd.Series(table_[codes], index=values.index, dtype=object, copy=False)

    def flags(per_value: list[bool]) -> pd.Series:
        flags = np.array(per_value, dtype=bool)[codes]
        return pd.Series(flags, index=values.index, dtype=bool, copy=False)

    blank = pd.Series(blank_u[codes], index=values.index, dtype=bool, copy=False)
    out = column("value")
    rule = column("rule")
    section, code = column("section"), column("code")
    unknown = flags([not b and c.section is None for c, b in zip(cells, blank_u, strict=True)])
    section_only = flags([c.section is not None and c.code == "" for c in cells])
    problems: Problems = []
    if unknown.any():
        problems.append(("industry.unknown", unknown, column("hint")))
    if section_only.any():
        labels = [table.label(c.section) if isinstance(c.section, str) else "" for c in cells]
        problems.append(("industry.section_only", section_only, column("section", labels)))
    if name is not None or need is not None:
        suggested = _suggest(values.index, blank, name, need)
        has = suggested.ne("")
        if has.any():
            problems.append(("industry.suggested", has, suggested))
    return Normalized(
        values=out,
        rule=rule,
        derived={
            "industry_section": section,
            "industry_section_name": column("section_name"),
            "industry_code": code,
            "industry_name": column("name"),
        },
        problems=problems,
    )


def _suggest(
    index: pd.Index, blank: pd.Series, name: pd.Series | None, need: pd.Series | None
) -> pd.Series:
    """ "65 软件和信息技术服务业" where the industry is blank and the name or need suggests one."""
    table = industry_table()

    where = blank.to_numpy(dtype=bool)  # only where the industry is blank

    def text(s: pd.Series | None) -> pd.Series:
        if s is None:
            return pd.Series("", index=index[where], dtype=object)
        return s.reindex(index)[where].astype("string").fillna("").astype(object)

    both = np.full(len(index), np.nan, dtype=object)
    both[where] = (text(name) + "\x00" + text(need)).to_numpy(dtype=object)

    def guess(pairs: pd.Series) -> list[str]:
        out = []
        for pair in pairs:
            nm, _, nd = str(pair).partition("\x00")
            try:
                m = guess_from_company(nm, nd)
            except Exception:
                m = None
            out.append(table.label(m.code or m.section) if m else "")
        return out

    return per_distinct(pd.Series(both, index=index, dtype=object), guess, "").astype(object)
