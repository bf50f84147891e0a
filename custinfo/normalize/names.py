"""Company names and people's names: one canonical spelling per name, plus the parts that the
duplicate finder matches on (a company's 简称, a contact's surname and title).

Company names (客户名称) — the canonical form is how a registered name is written:

- Full-width brackets （） in Chinese names, as on every business licence (腾讯科技（深圳）有限公司);
  【】〔〕［］[] () become （） too. Names with no Chinese in them keep ASCII ( ).
- ASCII letters and digits (ＴＣＬ → TCL); their case is kept (vivo, OPPO are registered so).
- No spaces next to Chinese characters or full-width punctuation (华为 技术 有限公司 →
  华为技术有限公司); one space between Latin words (ABC Trading Co., Ltd.).
- No punctuation at either end (华为技术有限公司。 → 华为技术有限公司), and no quotes around the
  whole name. Latin names keep a final "." (Apple Inc.). A leading * stays (*ST …).
- The legal form is kept as typed. 有限公司 and 有限责任公司 are both legal (公司法: a
  limited company must carry 有限责任公司 or 有限公司, a joint-stock one 股份有限公司 or
  股份公司), so 股份公司 is not a typo of 股份有限公司 and neither is rewritten into the other:
  the registered name is whichever the licence says, and the 简称 below is where they meet.

The derived `company_short` (简称) is the 字号 and 行业 of the name without the region and the
legal form — what people call the company and what duplicates share:
深圳市腾讯计算机系统有限公司 → 腾讯计算机系统, 华为技术有限公司 → 华为技术,
腾讯科技（深圳）有限公司 → 腾讯科技. Step by step:

1. Bracketed notes go: （深圳）, （集团）, （有限合伙）, （原XX公司）.
2. A branch goes with the words naming it: 华为技术有限公司深圳分公司 → 华为技术有限公司;
   …分行, 支行, 营业部, 办事处, 分店 likewise. A head office and its branches share a 简称;
   the full name tells them apart.
3. The legal form goes: 有限公司, 有限责任公司, 股份(有限)公司, 集团…, 公司, 合伙企业,
   个人独资企业, 个体工商户, 工作室, 经营部, a truncated 有限/股份有限, and Co., Ltd. / Inc. /
   LLC … in Latin names. Industry words (科技, 贸易) and 厂/店/中心 stay.
4. The region in front goes (province, municipality, a list of prefecture and county-level
   cities, then a district/county/town after them: 广东省深圳市南山区), but only when it is
   not the 字号 itself: the region stays when what is left is two characters or fewer or only
   industry words (北京银行, 青岛啤酒, 云南白药, 上海汽车, 海南航空控股), and a name with no
   legal form, no 市/省 and no industry word at its end keeps it (a person's name like 黄山明).
   中国 is a brand, not a region (中国平安保险). Known limit: a region that is part of a
   longer 字号 is still dropped (宁德时代新能源科技股份有限公司 → 时代新能源科技).

People (联系人): the value is the person as typed, cleaned — trimmed, ASCII letters and digits,
（） in Chinese, 间隔号 · in ethnic and transliterated names (买买提.艾力 → 买买提·艾力), no spaces
inside a Chinese name (王　明, a two-character name padded to line up → 王明; but 王总 李经理 keeps
its space, it is two people). Titles are kept in the value: they are how reps tell contacts apart.
The derived columns say who the person is:

- `contact_title`: the title at the end, longest first (李经理 → 经理, never 理; 王总经理 →
  总经理): 总, 经理, 董事长, 主任, 老师, 先生, 女士, 小姐, 工, 工程师, 老板, 生 (王生, Cantonese
  for Mr Wang) … A one-character title (总, 工, 董, 生, 姐, 哥) counts only right after a bare
  surname (王总, 欧阳总, but not 王建生 or 李建工, which are names). 老王/小李 give title 老/小
  for common surnames. Mr/Mrs/Ms/Miss/Dr/Prof in Latin names become 先生/夫人/女士/小姐/博士/教授.
- `contact_surname`: the compound surname if the name starts with one (欧阳, 司马, 诸葛, 上官 …),
  else the first character; "" when it is masked or unknown (*女士, 某女士, X先生, 经理, 阿强),
  for names written with · (买买提·艾力 has no surname), and for Latin names except after an
  honorific (Tony Wang → "": the order of the parts is anyone's guess; Mr. Wang → Wang).
- A cell with several people (王总/李经理, 王总、李经理, 王总 李经理) is described by the first;
  notes in brackets and phone numbers are not part of the name (王总（采购）13800138000 → 王 + 总);
  a department before the name goes (采购部王经理 → 王 + 经理).

Each change is recorded with its rule: company.width / .brackets / .spaces / .punctuation /
.invisible, and person.width / .brackets / .spaces / .dot / .punctuation / .invisible; a cell
changed in several ways gets them joined by "+", in that order. Both normalizers never raise,
work once per distinct value, and are idempotent (the derived columns are computed from the
canonical value, so they are the same when the canonical value is normalized again). Most names
are canonical as typed: the values in which no step could change anything are found for the
whole column at once (`_COMPANY_MAY_CHANGE`, `_PERSON_MAY_CHANGE`) and only get their derived
columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from custinfo.distinct import flagged, re2_class
from custinfo.normalize.column import Normalized
from custinfo.normalize.text import (
    ALL_WIDTH,
    INVISIBLE,
    WHITESPACE,
    as_text,
    collapse_spaces,
    half_width,
    strip_invisible,
)

# --- characters ------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAS_HAN = re.compile(f"[{_HAN}]")
# Chinese characters and the punctuation of Chinese text: no space belongs next to them.
_CJK = (
    _HAN
    + "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u00b7\u2014\u2026"
)
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")
_INSIDE_PARENS = re.compile(r"(?<=\() | (?=\))")

_TO_FULL_BRACKETS = str.maketrans("()[]【】〔〕［］", "（）（）（）（）（）")
_TO_ASCII_BRACKETS = str.maketrans("（）", "()")
_OPEN_CLOSE: dict[str, str] = {"“": "”", '"': '"', "'": "'", "‘": "’", "「": "」", "『": "』"}
_CLOSE_OPEN: dict[str, str] = {c: o for o, c in _OPEN_CLOSE.items()}
_EDGE_PUNCT = "。，、；：,;:！!？?…·～~-—_/\\|．"
_EDGE_CHARS = frozenset(_EDGE_PUNCT + ". " + "".join(_OPEN_CLOSE) + "".join(_CLOSE_OPEN))
_LEADING_HAN = re.compile(f"^[{re.escape(_EDGE_PUNCT + '.')}]+")
_TRAILING_HAN = re.compile(f"[{re.escape(_EDGE_PUNCT + '.')}]+$")
_LEADING_LATIN = re.compile(f"^[{re.escape(_EDGE_PUNCT)}]+")  # .NET Foundation
_TRAILING_LATIN = re.compile(f"[{re.escape(_EDGE_PUNCT)}]+$")  # Apple Inc.

Step = tuple[str, Callable[[str], str]]


def _words(table: str) -> list[str]:
    """The words of a table written as text, one space apart (easier to read than a list)."""
    return table.split()


def _apply(text: str, steps: Sequence[Step]) -> tuple[str, str]:
    """Run `steps` until nothing changes; the canonical text and the rules that changed it."""
    original, rules = text, []
    # Each step is idempotent; later rounds catch what one step exposes, one layer a round
    # ("王总| | | | | | |" sheds a "|" and a space each time), so the bound grows with the text.
    for _ in range(len(text) + 2):
        before = text
        for rule, fn in steps:
            new = fn(text)
            if new != text:
                text = new
                if rule not in rules:
                    rules.append(rule)
        if text == before:
            break
    return text, ("+".join(rules) if text != original else "")


_ALL_BUT_BRACKETS = {k: v for k, v in ALL_WIDTH.items() if chr(k) not in "（）"}
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_ANY_BRACKET = re.compile("[()\\[\\]【】〔〕［］（）]")


def _width(text: str) -> str:
    if not _FULL_WIDTH.search(text):
        return text
    return half_width(text) if _HAS_HAN.search(text) else text.translate(_ALL_BUT_BRACKETS)


def _brackets(text: str) -> str:
    if not _ANY_BRACKET.search(text):
        return text
    if _HAS_HAN.search(text):
        return text.translate(_TO_FULL_BRACKETS)
    return text.translate(_TO_ASCII_BRACKETS)


def _one_line(text: str) -> str:
    return collapse_spaces(text, keep_lines=False)


def _no_space_by_cjk(text: str) -> str:
    text = _one_line(text)
    if " " not in text:
        return text
    return _INSIDE_PARENS.sub("", _SPACE_BY_CJK.sub("", text))


def _quotes(text: str) -> str:
    """Quotes around the whole name, or a lone quote at either end, removed."""
    if len(text) < 2:
        return text
    first, last = text[0], text[-1]
    close = _OPEN_CLOSE.get(first)
    if close is not None and last == close and len(text) > 2:
        inner = text[1:-1]
        if first not in inner and close not in inner:
            return inner
    if close is not None and close not in text[1:]:
        return text[1:]
    opener = _CLOSE_OPEN.get(last)
    if opener is not None and opener not in text[:-1]:
        return text[:-1]
    return text


def _edges(text: str, keep_leading: str = "") -> str:
    """Punctuation at either end removed (never all of it: "。" alone stays as typed)."""
    if not text or (text[0] not in _EDGE_CHARS and text[-1] not in _EDGE_CHARS):
        return text
    han = _HAS_HAN.search(text) is not None
    new = (_TRAILING_HAN if han else _TRAILING_LATIN).sub("", _quotes(text))
    lead = (_LEADING_HAN if han else _LEADING_LATIN).match(new)
    if lead and not any(c in keep_leading for c in lead.group()):
        new = new[lead.end() :]
    new = new.strip(" ")
    return new if new else text


# --- company names ---------------------------------------------------------------------------

_COMPANY_STEPS: tuple[Step, ...] = (
    ("company.invisible", strip_invisible),
    ("company.width", _width),
    ("company.brackets", _brackets),
    ("company.spaces", _no_space_by_cjk),
    ("company.punctuation", _edges),
)

# Region prefixes: provinces (with their full administrative names) and cities.
_PROVINCES: dict[str, str] = {
    "北京": "市",
    "天津": "市",
    "上海": "市",
    "重庆": "市",
    "河北": "省",
    "山西": "省",
    "辽宁": "省",
    "吉林": "省",
    "黑龙江": "省",
    "江苏": "省",
    "浙江": "省",
    "安徽": "省",
    "福建": "省",
    "江西": "省",
    "山东": "省",
    "河南": "省",
    "湖北": "省",
    "湖南": "省",
    "广东": "省",
    "海南": "省",
    "四川": "省",
    "贵州": "省",
    "云南": "省",
    "陕西": "省",
    "甘肃": "省",
    "青海": "省",
    "台湾": "省",
    "内蒙古": "自治区",
    "广西": "壮族自治区",
    "西藏": "自治区",
    "宁夏": "回族自治区",
    "新疆": "维吾尔自治区",
    "香港": "特别行政区",
    "澳门": "特别行政区",
}
_CITIES = _words(
    """
广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳
云浮 顺德 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 余姚 慈溪 南京 无锡 徐州 常州
苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴 张家港 常熟 宜兴 济南 青岛 淄博 枣庄 东营
烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德
晋江 石狮 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店
石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感
荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 成都 自贡 攀枝花
泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 合肥 芜湖 蚌埠 淮南 马鞍山
淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春
抚州 上饶 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 葫芦岛 长春 四平 辽源 通化
白山 松原 白城 延吉 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 太原
大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛
兰州 嘉峪关 金昌 白银 天水 武威 张掖 酒泉 平凉 庆阳 定西 陇南 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧
大理 西双版纳 贵阳 遵义 六盘水 安顺 毕节 铜仁 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色
贺州 河池 来宾 崇左 海口 三亚 儋州 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布
乌鲁木齐 克拉玛依 吐鲁番 哈密 喀什 伊宁 库尔勒 拉萨 日喀则 西宁 银川 石嘴山 吴忠 固原 中卫
"""
)
_GENERIC_CITY = f"[{_HAN}]{{2,3}}?市(?!场)"
_DISTRICT = f"[{_HAN}]{{2,3}}?(?:新区|区|县|镇)(?![块域间别分])"


def _alternatives(words: Sequence[str]) -> str:
    """The words as a regex alternation, longest first, grouped by their first character (广(?:东省
    |东|州市|州)|…): the same matches as a flat list, but `re` tries only the words that start
    with the character at hand."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(
        re.escape(first) + ("(?:" + "|".join(map(re.escape, rests)) + ")" if rests != [""] else "")
        for first, rests in groups.items()
    )


_PROVINCE_WORDS = [p + s for p, s in _PROVINCES.items()] + list(_PROVINCES)
_CITY_WORDS = [c + "市" for c in _CITIES] + _CITIES
_PROVINCE_RE = _alternatives(_PROVINCE_WORDS)
_CITY_RE = _alternatives(_CITY_WORDS)
# province, then a city (listed, or any ??市 after a province), then a district; or a city and a
# district. Group 1 tells whether a 市/省/区… was written out.
_REGION_PREFIX = re.compile(
    f"(?:(?:{_PROVINCE_RE})(?:{_CITY_RE}|{_GENERIC_CITY})?|(?:{_CITY_RE}))(?:{_DISTRICT}){{0,2}}"
)
_REGION_SUFFIX = re.compile(f"(?:{_PROVINCE_RE}|{_CITY_RE}|{_DISTRICT})$")
_ADMIN_WORD = re.compile("[市省区县镇]|自治区|特别行政区")

# Words that say what a business does: a region followed only by these is the 字号 itself.
_INDUSTRY_WORDS = _words(
    """
银行 农商银行 农村商业银行 商业银行 证券 保险 人寿 财险 信托 期货 基金 汽车 啤酒 白酒 酒业 航空 机场
地铁 公交 燃气 水务 自来水 电力 电网 电气 电器 电子 电信 通信 移动 联通 科技 技术 信息 网络 软件 数据
智能 贸易 商贸 实业 物流 快递 运输 建设 建筑 建工 城建 城投 交投 工程 机械 设备 医药 药业 制药 生物
医疗 器械 化工 石化 钢铁 材料 新材料 能源 新能源 环保 环境 食品 饮料 乳业 纺织 服装 服饰 家具 装饰
装修 印刷 包装 广告 传媒 文化 教育 旅游 酒店 餐饮 百货 超市 商场 市场 投资 控股 发展 管理 咨询 服务
集团 工业 农业 日报 晚报 报业 出版 广电 电视台 水泥 烟草 港口 港务 铁路 房地产 地产 置业 物业 光电
半导体 国际 养老 健康 人力资源 供应链 进出口 外贸 电商 电子商务 交通 机电 五金 塑料 橡胶 玻璃 陶瓷
家电 照明 仪器 仪表 自动化 模具 精密 印染 皮革 鞋业 纸业 造纸 有色 矿业 煤业 煤炭 水利 体育 影视
娱乐 游戏 动漫 设计 规划 测绘 检测 认证 安防 消防 保安 物资 粮油 农产品 水产 果业 茶业 种业 畜牧
饲料 医院 药房 大药房 连锁 零售 批发 商业 开发 建材 钢材 汽配 车业 重工 轻工 航运 海运 船舶 港航
"""
)
_ALL_INDUSTRY = re.compile(f"(?:{_alternatives(_INDUSTRY_WORDS)})+")
_INDUSTRY_SET = frozenset(_INDUSTRY_WORDS)
_INDUSTRY_LENGTHS = tuple(sorted({len(w) for w in _INDUSTRY_WORDS}))


def _ends_with_industry(text: str) -> bool:
    return any(text[-n:] in _INDUSTRY_SET for n in _INDUSTRY_LENGTHS)


_LEGAL_FORMS = (
    "股份有限责任公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份合作公司",
    "股份公司",
    "总公司",
    "公司",
    "股份有限",
    "有限责任",
    "有限",
    "合伙企业",
    "个人独资企业",
    "个体工商户",
    "个体户",
    "工作室",
    "经营部",
    "门市部",
)
_LEGAL_ENDINGS = (*sorted(_LEGAL_FORMS, key=len, reverse=True), "集团")


_LEGAL_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(f for f in _LEGAL_ENDINGS if f[-1] == last)
    for last in {f[-1] for f in _LEGAL_ENDINGS}
}


def _legal_form_start(text: str) -> int:
    """Where the legal form at the end of `text` starts (美的|集团股份有限公司, 海尔|集团公司,
    万达|集团); len(text) when there is none."""
    for form in _LEGAL_BY_LAST.get(text[-1:], ()):
        if text.endswith(form):
            start = len(text) - len(form)
            if form != "集团" and text.endswith("集团", 0, start):
                start -= 2
            return start
    return len(text)


_LATIN_LEGAL_SUFFIX = re.compile(
    r"[\s,.]*\b(?:co\.?,?\s*ltd|company\s+limited|co\.?,?\s*limited|limited|ltd|inc|incorporated"
    r"|corp|corporation|llc|l\.l\.c|gmbh|plc|pte\.?\s*ltd|s\.a|ag|b\.v|co)\.?$",
    re.IGNORECASE,
)
_BRANCH_WORDS = "分公司|分行|支行|分理处|营业部|办事处|分店|分厂|分部|分所|分院|分校|分中心"
_BRANCH_AFTER_ENTITY = re.compile(f"^(.*(?:公司|银行|集团))(.{{0,12}}?)(?:{_BRANCH_WORDS})$")
_BRANCH = re.compile(f"(?:{_BRANCH_WORDS})$")
_BRANCH_ENDINGS = tuple(_BRANCH_WORDS.split("|"))  # neither pattern matches a text without one
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
_STRAY_BRACKET = re.compile(r"[（()）]")


def _strip_brackets(text: str) -> str:
    while True:
        new = _BRACKETED.sub("", text)
        if new == text:
            return _STRAY_BRACKET.sub("", new)
        text = new


def _region_is_name(rest: str) -> bool:
    """True when what follows a region cannot stand alone: the region is part of the 字号."""
    return len(rest) <= 2 or _ALL_INDUSTRY.fullmatch(rest) is not None


def company_short(name: str) -> str:
    """简称 of a canonical company name (see the module docstring)."""
    text, formal = _short_head(name)
    if not _HAS_HAN.search(text):
        latin = _LATIN_LEGAL_SUFFIX.search(text)
        if latin and latin.start() > 0:
            text = text[: latin.start()]
        return text.strip(" ") or name
    return _short_tail(text, formal, name)


def region_dropped(short: str) -> str:
    """A 简称 without the region it starts with, however short the rest (深圳达隆 → 达隆), or
    "" when it starts with none or nothing is left. For matching: `company_short` keeps the
    region of a name that may be the 字号 itself (北京银行), but a rep's 深圳达隆 and the
    registered 深圳市达隆食品有限公司 should still meet."""
    region = _REGION_PREFIX.match(short)
    if region is None or len(short) - region.end() < 2:
        return ""
    return short[region.end() :]


def _short_head(name: str) -> tuple[str, bool]:
    """`name` without brackets, branch and legal form; whether a branch or legal form (an
    organisation's name) was found."""
    bare = _strip_brackets(name) if _STRAY_BRACKET.search(name) else name
    text = " ".join(bare.split()) or name
    formal = False
    ending = text.endswith(_BRANCH_ENDINGS)  # else neither branch pattern can match
    branch = _BRANCH_AFTER_ENTITY.match(text) if ending else None
    if branch and branch.group(1):
        text, formal = branch.group(1), True
    elif ending and len(text) > 4:
        text, formal = _BRANCH.sub("", text), True
        head = _REGION_SUFFIX.sub("", text)  # 顺丰速运深圳 → 顺丰速运
        text = head if len(head) >= 2 else text
    legal = _legal_form_start(text)
    if 2 <= legal < len(text):
        text, formal = text[:legal], True
    return text, formal


def _short_tail(text: str, formal: bool, name: str) -> str:
    """The region in front of a Chinese `text` (`_short_head` of `name`) dropped, unless it is
    the 字号 itself."""
    region = _REGION_PREFIX.match(text)
    if region is not None:
        end = region.end()
        if end < len(text):
            rest = text[end:]
            if (
                formal
                or _ADMIN_WORD.search(text, 0, end) is not None  # 市/省/区… written out
                or _ends_with_industry(rest)
            ) and not _region_is_name(rest):
                text = rest
    return text.strip(" ") or name


# Most names have no spaces, no brackets inside brackets and no branch: their `_short_head` is
# the name without its bracketed notes, up to its legal form, which RE2 finds for a whole column
# at once, reading the names backwards (the longest legal form first, with 集团 before it, as
# `_legal_form_start` reads it).
_NOT_PLAIN = re2_class(WHITESPACE) + f"|(?:{_BRANCH_WORDS})$"
# what a text starts with when `_REGION_PREFIX` may match it (a province's or a city's name)
_REGION_START = "^(?:" + "|".join(sorted({w[:2] for w in (*_PROVINCE_WORDS, *_CITY_WORDS)})) + ")"
_LEGAL_BACKWARDS = (
    "^(?:(?:" + "|".join(f[::-1] for f in sorted(_LEGAL_FORMS, key=len, reverse=True)) + ")"
    "(?:团集)?|团集)"
)


def company_shorts(names: np.ndarray) -> np.ndarray:
    """`company_short` of each of `names` (strings)."""
    try:
        arrow = pa.array(names, type=pa.string())
    except (UnicodeEncodeError, pa.ArrowException):
        return np.array([company_short(n) for n in names.tolist()], dtype=object)
    bare = pc.replace_substring_regex(arrow, _BRACKETED.pattern, "")  # as `_strip_brackets`
    nested = pc.match_substring_regex(bare, _BRACKETED.pattern)  # …needs another round
    bare = pc.replace_substring_regex(bare, _STRAY_BRACKET.pattern, "")
    head = pc.utf8_reverse(pc.replace_substring_regex(pc.utf8_reverse(bare), _LEGAL_BACKWARDS, ""))
    head_len = pc.utf8_length(head)
    formal = pc.and_(pc.less(head_len, pc.utf8_length(bare)), pc.greater_equal(head_len, 2))
    text = pc.if_else(formal, head, bare)
    odd = pc.or_(nested, pc.match_substring_regex(bare, _NOT_PLAIN))
    plain = pc.and_not(pc.match_substring_regex(text, f"[{_HAN}]"), odd)
    region = pc.match_substring_regex(text, _REGION_START)  # else `text` is the 简称
    out = np.empty(len(names), dtype=object)
    out[:] = [
        (_short_tail(t, f, n) if r else t) if p else company_short(n)
        for n, t, f, p, r in zip(
            names.tolist(),
            text.to_pylist(),
            formal.to_pylist(),
            plain.to_pylist(),
            region.to_pylist(),
            strict=True,
        )
    ]
    return out


def _company(value: object) -> tuple[str | None, str, str | None]:
    canonical, rule = _apply(as_text(value), _COMPANY_STEPS)
    if not canonical:
        return None, rule or "company.spaces", None
    return canonical, rule, company_short(canonical)


# --- people ----------------------------------------------------------------------------------

_DOTS = re.compile(f"(?<=[{_HAN}]) *[.．•・･‧⋅∙●]+ *(?=[{_HAN}])")


def _dot(text: str) -> str:
    return _DOTS.sub("·", text) if _HAS_HAN.search(text) else text


_HAN_TOKEN = re.compile(f"[{_HAN}]+")
_CJK_PUNCT = re.compile(f"[{_CJK[len(_HAN) :]}]")


def _person_spaces(text: str) -> str:
    """One line, single spaces; a Chinese name split by spaces (王　明, 王 小明) joined up."""
    text = _one_line(text)
    if " " not in text or not _HAS_HAN.search(text):
        return text
    text = _SPACE_BY_CJK.sub(_keep_between_han, text)
    tokens = text.split(" ")
    if (
        all(_HAN_TOKEN.fullmatch(t) for t in tokens)
        and sum(map(len, tokens)) <= 4
        and any(len(t) == 1 for t in tokens)
    ):
        return "".join(tokens)
    return text


def _keep_between_han(match: re.Match[str]) -> str:
    """A space next to CJK punctuation goes. One between two Chinese characters may separate two
    people (王总 李经理) and one next to letters or digits separates words (王总 138…, Tony 王),
    so those stay (the caller joins a Chinese name padded with spaces)."""
    text, i = match.string, match.start()
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    punct = _CJK_PUNCT.fullmatch(before) or _CJK_PUNCT.fullmatch(after)
    return "" if punct else " "


def _person_edges(text: str) -> str:
    return _edges(text, keep_leading="?？")  # ？女士: a masked name


_PERSON_STEPS: tuple[Step, ...] = (
    ("person.invisible", strip_invisible),
    ("person.width", _width),
    ("person.brackets", _brackets),
    ("person.spaces", _person_spaces),
    ("person.dot", _dot),
    ("person.punctuation", _person_edges),
)

TITLES = tuple(
    sorted(
        set(
            _words(
                """
            总 副总 老总 总经理 副总经理 总裁 副总裁 董事长 副董事长 董事 董 总监 副总监 经理 副经理
            主管 主任 副主任 老师 先生 女士 小姐 夫人 太太 老板 老板娘 工 总工 工程师 总工程师 会计 出纳
            助理 总助 秘书 秘书长 院长 副院长 校长 副校长 园长 馆长 博士 教授 律师 医生 大夫 护士长
            局长 副局长 处长 副处长 科长 副科长 部长 副部长 所长 站长 厂长 副厂长 店长 行长 副行长 社长
            书记 队长 组长 班长 会长 副会长 主编 编辑 记者 师傅 专员 顾问 代表 采购 老师傅 生 姐 哥
            大姐 大哥 叔 阿姨 姨 同学 掌柜 老大
            """
            )
        ),
        key=len,
        reverse=True,
    )
)
COMPOUND_SURNAMES = frozenset(
    _words(
        """
    欧阳 司马 诸葛 上官 东方 皇甫 慕容 令狐 司徒 夏侯 尉迟 公孙 长孙 宇文 轩辕 端木 独孤 南宫
    西门 万俟 闻人 澹台 公冶 太史 申屠 钟离 赫连 濮阳 淳于 单于 百里 东郭 第五 拓跋 完颜
    司空 公羊 仲孙 左丘 梁丘 宗政 谷梁 羊舌 微生 南门 呼延 鲜于 闾丘 亓官 壤驷 巫马 漆雕 乐正
    """
    )
)
# The most common surnames: 老王 and 小李 are people, 小明 and 小红 are given names.
# (Characters that are as often given names, such as 明, 华, 龙, 兰, 文, are left out.)
_COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关焦俞左柳甘祝包尚符舒阮柯纪"
    "童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍喻祁蒲房滕屈饶解牟艾尤穆农卓古吉缪简项芦麦褚娄"
    "窦戚岑党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝"
)
_PLACEHOLDERS = frozenset("*×✕○〇?？某□■△")
_NOT_A_NAME = frozenset(
    _words(
        "无 暂无 没有 不详 未知 空 待定 待补充 待确认 不清楚 略 未填 未提供 保密 本人 客户 联系人"
    )
)
_PERSON_SEP = re.compile("[/、,，;；|\n]")
_PERSON_BRACKETED = re.compile(r"（([^（）]*)）|\(([^()]*)\)")
_LATIN_MASK = re.compile("(?<![A-Za-z])[Xx]+(?![A-Za-z])")
_NOT_CORE = re.compile(f"[^{_HAN}{''.join(_PLACEHOLDERS)}·]")
_DEPARTMENT = re.compile(f"^[{_HAN}]{{2,}}?(?:部|处|科|室|办|中心|组|公司|集团|厂|店)(?=.)")
_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|dr|prof)\.?\s+([A-Za-z][A-Za-z'\-]*)$", re.IGNORECASE)
_HONORIFIC_ZH = {
    "mr": "先生",
    "mrs": "夫人",
    "ms": "女士",
    "miss": "小姐",
    "dr": "博士",
    "prof": "教授",
}


def _nickname(base: str) -> str | None:
    """The surname in 老王, 小李, 小欧阳; None when `base` is not such a form."""
    if base[:1] in ("老", "小") and 2 <= len(base) <= 3:
        rest = base[1:]
        if rest in _COMMON_SURNAMES or rest in COMPOUND_SURNAMES:
            return rest
    return None


def _surname_only(base: str) -> bool:
    """`base` is just a surname (or a mask, or nothing): a one-character title may follow."""
    return _nickname(base) is not None or _surname_only_strict(base)


def _surname_only_strict(base: str) -> bool:
    return (
        len(base) <= 1 or base in COMPOUND_SURNAMES or all(c in _PLACEHOLDERS for c in base)
    ) and "·" not in base


def _surname(base: str) -> str:
    nick = _nickname(base)
    if nick is not None:
        return nick
    if base[:1] in ("老", "小") and len(base) == 2:  # 小明, 老八: a nickname, no surname
        return ""
    if not base or base[0] in _PLACEHOLDERS or "·" in base or base in _NOT_A_NAME:
        return ""
    if base[0] == "阿" and len(base) == 2:  # 阿强, 阿芳: a nickname
        return ""
    if base[:2] in COMPOUND_SURNAMES:
        return base[:2]
    return base[0]


def _drop_department(base: str) -> str:
    """采购部王 → 王: a department written before the name (only in front of a long base that
    does not start with a compound surname, so 王科明 and 欧阳科 stay names)."""
    if len(base) < 4 or "·" in base or base[:2] in COMPOUND_SURNAMES:
        return base
    dept = _DEPARTMENT.match(base)
    return base[dept.end() :] if dept else base


def _split_core(core: str) -> tuple[str, str]:
    """(surname, title) of a Chinese name with only Chinese characters, masks and ·."""
    if core in _NOT_A_NAME:
        return "", ""
    for title in TITLES:
        if not core.endswith(title):
            continue
        base = core[: -len(title)]
        base = _drop_department(base)
        if len(title) == 1:
            if not base:
                if title in _COMMON_SURNAMES:
                    break  # 董 alone is a surname
                return "", title
            if not _surname_only(base):
                continue
        elif len(base) > 4 and "·" not in base:
            continue  # too long to be a name before the title
        return _surname(base), title
    nick = _nickname(core)
    if nick is not None:
        return nick, core[0]
    return _surname(_drop_department(core)), ""


def person_parts(name: str) -> tuple[str, str]:
    """(surname, title) of a canonical contact (see the module docstring)."""
    first = next((p for p in _PERSON_SEP.split(name) if p.strip()), "").strip()
    if not _HAS_HAN.search(first):
        honorific = _HONORIFIC.match(first)
        if honorific:
            return honorific.group(2), _HONORIFIC_ZH[honorific.group(1).lower()]
        return "", ""
    notes: list[str] = []

    def note(m: re.Match[str]) -> str:
        notes.append(m.group(1) or m.group(2) or "")
        return " "

    bare = _PERSON_BRACKETED.sub(note, first)
    tokens = [t for t in bare.split() if _HAS_HAN.search(t)]
    token = tokens[0] if tokens else next((n for n in notes if _HAS_HAN.search(n)), "")
    core = _NOT_CORE.sub("", _LATIN_MASK.sub("*", token)).strip("·")
    surname, title = _split_core(core)
    if not title:  # 王（总经理）: the title in brackets
        title = next((n for n in notes if n in TITLES), "")
    return surname, title


def _person(value: object) -> tuple[str | None, str, str | None, str | None]:
    canonical, rule = _apply(as_text(value), _PERSON_STEPS)
    if not canonical:
        return None, rule or "person.spaces", None, None
    surname, title = person_parts(canonical)
    return canonical, rule, surname, title


# --- columns ---------------------------------------------------------------------------------


# What `_COMPANY_STEPS` may change, in RE2 syntax (`flagged`): a name with none of it is canonical
# as typed, so only its derived columns are worked out. Invisible characters; full-width forms
# other than （）; brackets other than （）, or （） with no Chinese; any whitespace; punctuation
# at either end; nothing at all.
_COMPANY_MAY_CHANGE = "|".join(
    (
        INVISIBLE,
        "\u200d",
        "[\uff01-\uff07\uff0a-\uff5e]",
        re2_class("()[]【】〔〕"),
        f"^[^{_HAN}]*[（）][^{_HAN}]*$",
        re2_class(WHITESPACE),
        "^" + re2_class(sorted(_EDGE_CHARS)),
        re2_class(sorted(_EDGE_CHARS)) + "$",
        "^$",
    )
)
_PERSON_MAY_CHANGE = _COMPANY_MAY_CHANGE + "|" + re2_class(".．•・･‧⋅∙●")  # + person.dot


def _columns(
    values: pd.Series,
    fn: Callable[[object], tuple[str | None, ...]],
    parts: Callable[[np.ndarray], list[np.ndarray]],
    may_change: str,
    missing: Sequence[object],
) -> list[pd.Series]:
    """`fn` of each distinct value, spread back over the cells as one Series per output
    (canonical value, rule, derived columns). A value in which `may_change` finds nothing is
    canonical as typed: it only goes through `parts`, which gives the derived columns of such
    values (one sequence per derived column)."""
    codes, uniq = pd.factorize(values)  # -1 where missing
    items = np.asarray(uniq, dtype=object)
    slow = flagged(items, may_change)
    table = np.empty((len(missing), len(items) + 1), dtype=object)
    table[:, -1] = missing
    keep = np.flatnonzero(~slow)
    kept = items[keep]
    table[0, keep] = kept
    table[1, keep] = ""
    if len(keep):
        for row, column in enumerate(parts(kept), start=2):
            table[row, keep] = column
    for i in np.flatnonzero(slow).tolist():
        table[:, i] = fn(items[i])
    return [pd.Series(row[codes], index=values.index, dtype=object, copy=False) for row in table]


def _company_parts(names: np.ndarray) -> list[np.ndarray]:
    return [company_shorts(names)]


def _person_parts(names: np.ndarray) -> list[np.ndarray]:
    parts = [person_parts(n) for n in names.tolist()]
    return [np.array([p[i] for p in parts], dtype=object) for i in (0, 1)]


def normalize_company_names(values: pd.Series) -> Normalized:
    """Canonical company names (客户名称) and their 简称 (`company_short`)."""
    canonical, rule, short = _columns(
        values, _company, _company_parts, _COMPANY_MAY_CHANGE, (None, "", None)
    )
    return Normalized(values=canonical, rule=rule, derived={"company_short": short})


def normalize_person_names(values: pd.Series) -> Normalized:
    """Contacts (联系人) cleaned as typed, with `contact_surname` and `contact_title`."""
    canonical, rule, surname, title = _columns(
        values, _person, _person_parts, _PERSON_MAY_CHANGE, (None, "", None, None)
    )
    return Normalized(
        values=canonical,
        rule=rule,
        derived={"contact_surname": surname, "contact_title": title},
    )
