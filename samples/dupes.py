"""Generate a labelled customer workbook full of duplicates, for measuring `custinfo dedupe`.

    python samples/dupes.py --rows N --seed S --out path.xlsx [--truth path.json] [--lang zh|en]

One sheet, 客户信息 (zh) or Customers (en), header on row 1, one customer row per Excel row below.
About 12% of the customers ("entities") are typed again 1-3 times with recorded variations;
some entities are built as hard negatives of another one (same surname and city, brand words,
branches, a shared switchboard, family members, twins, father and son). The truth file says which
Excel rows are the same customer and why two look-alikes are not:

    {"seed", "rows", "lang", "entities",
     "clusters": [[excel_row, ...], ...],            # every entity typed more than once
     "variations": {excel_row: [kind, ...]},        # how a repeated row differs from the first
     "hard_negatives": [[row_a, row_b, "kind: detail"], ...],
     "labelling": {...}}                            # the choices for the ambiguous cases

Labelling (see samples/README.md): a customer is the person or company *with its contact
person*. Two rows are the same customer when they are the same individual (个人), or the same
company reached through the same contact person (or with the contact left blank). So a branch in
another city with another contact is a different customer, and two people reached through one
company switchboard are two customers. Every repeated row shares at least one unmasked key
(phone number, e-mail, credit code, 微信 or, in English, phone/e-mail/date of birth) with an
earlier row of its entity, as real re-entries do; the look-alikes share none, except the
switchboard landline, whose extensions differ.

Deterministic for a seed and size (stdlib `random` only, no set iterated). Streams rows through
xlsxwriter `constant_memory` (with samples/generate.py's fast row writer), keeping in memory only
the entities that still have rows to come, so 1,048,575 rows fit. Stdlib + xlsxwriter only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from array import array
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import xlsxwriter


def _load_generate() -> ModuleType:
    """samples/generate.py, whose vocabulary and row writer this reuses."""
    name = "custinfo_samples_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("generate.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


G = _load_generate()
Rng = G.Rng
CITIES: tuple[tuple[Any, ...], ...] = G.CITIES
INDUSTRIES: dict[str, tuple[Any, ...]] = G.INDUSTRIES
SURNAMES: tuple[tuple[str, str, int], ...] = G.SURNAMES
GIVEN: tuple[tuple[str, str, str], ...] = G.GIVEN
TITLES: tuple[tuple[str, str, int], ...] = G.TITLES
ZIHAO_CHARS: tuple[tuple[str, str], ...] = G.ZIHAO_CHARS
HY_PINYIN: dict[str, str] = G.HY_PINYIN

MAX_DATA_ROWS = 1_048_575  # rows below a one-row header in an .xlsx sheet
EXCEL_EPOCH = date(1899, 12, 30)
START, AS_OF = date(2021, 1, 1), date(2024, 6, 30)
DUP_SHARE = 0.12  # entities typed more than once
EXTRA_ROWS = ((1, 60), (2, 28), (3, 12))  # how many extra rows such an entity gets
HN_SHARE = 0.025  # groups built as hard negatives (2-3 look-alike entities each)

ZH_HEADERS = (
    "客户编号", "客户类型", "客户名称", "统一社会信用代码", "联系人", "职务", "联系电话", "邮箱", "微信",
    "所在地区", "详细地址", "所属行业", "首次接触时间", "互动时间", "客户状态", "负责人", "更新时间", "备注",
)  # fmt: skip
ZH_FIELDS = (
    "customer_id", "customer_type", "name", "credit_code", "contact", "title", "phone", "email",
    "wechat", "region", "address", "industry", "first_contact", "last_interaction", "status",
    "owner", "updated_at", "notes",
)  # fmt: skip
EN_HEADERS = (
    "Customer ID", "Given name", "Surname", "Address", "Postcode", "Date of birth", "Email", "Phone",
)  # fmt: skip

LABELLING = {
    "customer": "the person (个人) or the company together with its contact person",
    "branch_city": "same company name in another city with another contact and phone: NOT a "
    "duplicate (a branch is its own customer); the same contact/phone would make it one",
    "shared_switchboard": "two contacts of one company who share the company landline (different "
    "extensions, mobiles, e-mails): NOT duplicates; two customers behind one switchboard",
    "family": "people sharing a surname and an address (spouses, parent and child): NOT duplicates",
    "twins": "same surname, address and date of birth, different given name: NOT duplicates",
    "father_son": "same given name and surname at one address, birth 20+ years apart "
    "(Jr. sometimes written): NOT duplicates",
    "duplicate": "a repeated row keeps at least one unmasked key of its entity (phone, e-mail, "
    "credit code, 微信; en: phone, e-mail or date of birth with postcode)",
}

# 同音字 / near-homophones typed by a pinyin IME slip (both directions are used)
HOMOPHONES_RAW = (
    "张章 林琳 王汪 刘柳 徐许 吴伍 何贺 余于俞 周邹 杨阳 黄皇 孙荪 陈晨 李黎 赵召 郭国 马玛 "
    "明铭 伟玮炜 芳方 娜那 敏民 静婧晶 丽莉利 强蔷 磊雷 军君 洋阳 勇永 艳燕 杰洁 娟鹃 涛滔 超潮 "
    "霞侠 平萍 刚钢 英莹 华桦 国果 志智 东冬 红宏鸿 婷亭 慧惠 鹏朋 斌彬 宇雨 浩昊 凯恺 欣鑫心 "
    "怡宜 子梓 涵寒 俊骏 博搏 秀绣 桂贵 建健 燕艳 晓小 "
    "星兴 河合和 瑞锐 鑫新 远源元 恒衡 泰太 盛胜 达大 通同 嘉佳家 信新 诚成 德得 安岸 康抗 "
    "源远 峰锋丰 海还 天田 汇慧 联连 金今 光广 晨辰 云芸 腾藤 飞菲 翔祥 龙隆 锦金 昌长 旺望 "
    "优悠 美每 正政 圆元 迅讯 捷杰 卓着 越悦 蓝兰 域誉 创闯 宏鸿 "
    "科颗 技计 电店 子紫 商尚 贸茂 机几 械戒 网往 络落 智知 能能 物务 流留 服福 饰式 食实 品评"
)
HOMOPHONES: dict[str, tuple[str, ...]] = {}
for _grp in HOMOPHONES_RAW.split():
    for _ch in _grp:
        _alts = tuple(c for c in _grp if c != _ch)
        if _alts:
            HOMOPHONES.setdefault(_ch, _alts)

CALLS = ("总", "经理", "总监", "主管", "主任")
SUFFIXES = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
NAME_FORMS = ("city_full", "city_short", "bracket", "bracket_half", "province", "plain")
ROADS_ZH: tuple[str, ...] = G.ROADS
BUILDINGS_ZH: tuple[str, ...] = G.BUILDINGS
OWNERS_ZH = tuple(o for o, _ in G.OWNERS)
STATUSES_ZH = tuple(s for s, _ in G.STATUS_W)
MOBILE_PREFIXES = ("138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "186",
                   "187", "188", "189", "180", "181", "177", "176", "133", "153", "155", "156",
                   "130", "131", "132", "185", "199", "198", "191", "166")  # fmt: skip
NOTES_ZH = (
    "老客户介绍",
    "报价已发",
    "需要上门演示",
    "对价格敏感",
    "年底有预算",
    "展会登记",
    "",
    "",
    "",
    "",
)
DUP_NOTES_ZH = ("重复录入?", "老客户再次咨询", "展会登记", "换了负责人", "", "", "")
FULLWIDTH = {ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789"}


def _cum(weights: tuple[tuple[Any, int], ...]) -> tuple[list[Any], list[float]]:
    total = sum(w for _, w in weights)
    acc, out = 0.0, []
    for _, w in weights:
        acc += w / total
        out.append(acc)
    return [v for v, _ in weights], out


def _pick(rng: Any, table: tuple[list[Any], list[float]]) -> Any:
    values, cum = table
    r = rng.random()
    for v, c in zip(values, cum, strict=True):
        if r < c:
            return v
    return values[-1]


def _scramble(k: int, mod: int, mul: int, add: int) -> int:
    """A bijection of 0..mod-1 (mul coprime with mod): unique keys from a counter."""
    return (k * mul + add) % mod


def _draw(rng: Any, ops: list[tuple[str, int]]) -> str:
    """Remove and return one weighted choice."""
    r = rng.random() * sum(w for _, w in ops)
    k = 0
    for k, (_, w) in enumerate(ops):  # noqa: B007 - k is the pick
        r -= w
        if r < 0:
            break
    return ops.pop(k)[0]


def _date_cell(d: date) -> tuple[str, int]:
    return ("d", (d - EXCEL_EPOCH).days)


# ============================================================================================
# Chinese entities
# ============================================================================================
class ZhFactory:
    """Makes, renders and varies Chinese customers (企业 with a contact, or 个人)."""

    headers = ZH_HEADERS
    sheet = "客户信息"
    widths: ClassVar[dict[int, int]] = {2: 30, 3: 22, 6: 20, 7: 26, 9: 16, 10: 34, 17: 16}
    HN_KINDS = (
        ("same_surname_city", 25),
        ("same_name_city", 12),
        ("brand_word", 20),
        ("branch_city", 15),
        ("shared_switchboard", 10),
        ("family", 18),
    )

    def __init__(self, rng: Any) -> None:
        self.rng = rng
        self.cities = G.wheel(CITIES)
        self.surnames = G.wheel(SURNAMES)
        self.titles = G.wheel(TITLES)
        self.ind_c = [k for k, v in INDUSTRIES.items() for _ in range(v[4])]
        self.ind_p = [k for k, v in INDUSTRIES.items() for _ in range(v[5])]
        self.zihao = [a + b for a, _ in ZIHAO_CHARS for b, _ in ZIHAO_CHARS if a != b]
        self.zh_py = dict(ZIHAO_CHARS)
        self.hn_kinds = _cum(self.HN_KINDS)
        self.used_names: set[str] = set()
        self.used_emails: set[str] = set()
        self.counters = {"m": 0, "l": 0, "c": 0, "w": 0}  # sources of unique keys

    # ---- unique keys
    def _next(self, key: str) -> int:
        self.counters[key] += 1
        return self.counters[key]

    def mobile(self) -> tuple[str, ...]:
        k = _scramble(self._next("m"), 100_000_000, 48271, 12345)
        return ("m", f"{self.rng.choice(MOBILE_PREFIXES)}{k:08d}")

    def landline(self, city: tuple[Any, ...]) -> tuple[str, ...]:
        k = _scramble(self._next("l"), 10_000_000, 7919, 4321)
        local = f"{2 + k % 7}{k:07d}"[: city[6]] if city[6] == 8 else f"{2 + k % 7}{k % 10**6:06d}"
        return ("l", city[5], local, "")

    def credit_code(self, city: tuple[Any, ...]) -> str:
        body = f"{_scramble(self._next('c'), 100_000_000, 92821, 777):08d}"
        first17 = "91" + city[7] + f"{self.rng.randrange(1, 9):02d}" + body + G.org_check_char(body)
        return str(first17 + G.uscc_check_char(first17))

    def wechat(self, py: str) -> str | None:
        if self.rng.random() >= 0.35:
            return None
        k = _scramble(self._next("w"), 100_000_000, 48271, 91)
        return f"{py}{k:08d}" if self.rng.random() < 0.6 else f"wxid_{k:08d}{py[:2]}"

    def email(self, local: str, domain: str) -> str:
        e = f"{local}@{domain}"
        k = 1
        while e in self.used_emails:
            k += 1
            e = f"{local}{k}@{domain}"
        self.used_emails.add(e)
        return e

    # ---- people and companies
    def person(
        self, surname: tuple[str, str, int] | None = None, avoid: str = ""
    ) -> dict[str, Any]:
        rng = self.rng
        s = surname or rng.choice(self.surnames)
        while True:
            g = rng.choice(GIVEN)
            if g[0] != avoid:
                break
        return {"surname": s[0], "given": g[0], "py": s[1] + g[1], "sex": g[2]}

    def company(
        self,
        city: tuple[Any, ...],
        ind: str,
        zihao: str | None = None,
        hy: str | None = None,
        form: str | None = None,
        suffix: str | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        for attempt in range(40):
            zh = zihao or rng.choice(self.zihao)
            h = hy or rng.choice(INDUSTRIES[ind][3])
            fm = form or rng.choice(("city_full",) * 4 + NAME_FORMS)
            sf = suffix or rng.choice(("有限公司",) * 6 + SUFFIXES[1:])
            c = {"zihao": zh, "hy": h, "form": fm, "suffix": sf, "city_for_name": city, "short": ""}
            key = f"{city[1]}|{zh}{h}"
            if key not in self.used_names or attempt == 39:
                self.used_names.add(key)
                return c
            if zihao and hy:  # forced name (a branch in another city): take it
                return c
        raise AssertionError("unreachable")

    def domain(self, c: dict[str, Any]) -> str:
        zh = c["zihao"]
        return "".join(self.zh_py.get(ch, "x") for ch in zh) + HY_PINYIN.get(c["hy"], "co") + ".com"

    def address(self, city: tuple[Any, ...], district: str) -> tuple[str, int]:
        rng = self.rng
        street = f"{rng.choice(ROADS_ZH)}{rng.randrange(1, 400)}号{rng.choice(BUILDINGS_ZH)}" + (
            f"{rng.randrange(1, 30)}{rng.randrange(1, 20):02d}室" if rng.random() < 0.4 else ""
        )
        return street, rng.choice((0, 0, 1, 1, 2))

    def base(self, company: bool, city: tuple[Any, ...] | None = None) -> dict[str, Any]:
        rng = self.rng
        city = city or rng.choice(self.cities)
        district = rng.choice(city[8]) if city[8] else ""
        f: dict[str, Any] = {
            "company": company,
            "city": city,
            "district": district,
            "region_form": rng.choice((0, 0, 0, 1, 2, 3, 4, 5, 6)),
            "status": rng.choice(STATUSES_ZH),
            "owner": rng.choice(OWNERS_ZH),
            "notes": rng.choice(NOTES_ZH),
            "phone_extra": "",
            "masked": False,
            "email_upper": False,
        }
        f["street"], f["addr_form"] = self.address(city, district)
        if rng.random() < 0.2:
            f["street"] = None
        return f

    def new_company(
        self,
        city: tuple[Any, ...] | None = None,
        surname: tuple[str, str, int] | None = None,
        **name_kw: Any,
    ) -> dict[str, Any]:
        rng = self.rng
        f = self.base(True, city)
        ind = rng.choice(self.ind_c)
        f["ind"] = ind
        f["industry"] = rng.choice(INDUSTRIES[ind][2])
        f.update(self.company(f["city"], ind, **name_kw))
        p = self.person(surname)
        f.update(p)
        title, call, _ = rng.choice(self.titles)
        f["title"] = title
        f["call"] = call or rng.choice(CALLS)
        f["contact_form"] = "call" if call and rng.random() < 0.55 else "full"
        f["credit"] = self.credit_code(f["city"]) if rng.random() < 0.8 else None
        f["credit_none"] = rng.choice(("暂无", None))
        f["phone"] = self.mobile() if rng.random() < 0.7 else self.landline(f["city"])
        f["phone_form"] = phone_form(rng, f["phone"])
        local = rng.choice((p["py"], p["py"], p["py"][: len(p["py"]) // 2] + ".x", "sales", "info"))
        f["email"] = self.email(local, self.domain(f)) if rng.random() < 0.55 else None
        f["wechat"] = self.wechat(p["py"])
        return f

    def new_person(
        self,
        city: tuple[Any, ...] | None = None,
        surname: tuple[str, str, int] | None = None,
        avoid: str = "",
    ) -> dict[str, Any]:
        rng = self.rng
        f = self.base(False, city)
        ind = rng.choice(self.ind_p)
        f["ind"] = ind
        f["industry"] = rng.choice(INDUSTRIES[ind][2]) if rng.random() < 0.5 else None
        f.update(self.person(surname, avoid))
        r = rng.random()
        f["pform"] = "full" if r < 0.65 else "honorific" if r < 0.9 else "nickname"
        f["call"] = rng.choice(("总", "老板", "姐", "哥"))
        f["title"] = rng.choice(G.PERSON_TITLES) or None
        f["contact_same"] = rng.random() < 0.3
        f["phone"] = self.mobile()
        f["phone_form"] = phone_form(rng, f["phone"])
        mail = rng.choice(("qq.com", "163.com", "126.com", "sina.com", "gmail.com"))
        k = rng.randrange(1, 999)
        f["email"] = self.email(f"{f['py']}{k}", mail) if rng.random() < 0.35 else None
        f["wechat"] = self.wechat(f["py"])
        return f

    def new_single(self) -> dict[str, Any]:
        return self.new_company() if self.rng.random() < 0.7 else self.new_person()

    # ---- hard negatives: (kind, entities, detail)
    def new_group(self) -> tuple[str, list[dict[str, Any]], str]:
        rng = self.rng
        kind = _pick(rng, self.hn_kinds)
        sn_t = {s[0]: s for s in SURNAMES}
        if kind == "same_surname_city":
            if rng.random() < 0.5:
                a = self.new_person()
                b = self.new_person(a["city"], sn_t[a["surname"]], avoid=a["given"])
                if rng.random() < 0.4:  # both 王先生 / 王女士 in one city
                    a["pform"] = b["pform"] = "honorific"
                    b["sex"] = a["sex"]
            else:
                a = self.new_company()
                b = self.new_company(a["city"], sn_t[a["surname"]])
                a["contact_form"] = b["contact_form"] = "call"
                b["call"] = a["call"]  # 王总 at two companies
            return kind, [a, b], f"{person_name(a)} vs {person_name(b)} in {a['city'][2]}"
        if kind == "same_name_city":
            a = self.new_person()
            b = self.new_person(a["city"], sn_t[a["surname"]])
            b["given"], b["py"], b["sex"], b["pform"] = a["given"], a["py"], a["sex"], "full"
            a["pform"] = "full"
            if b["email"]:
                b["email"] = self.email(f"{b['py']}{rng.randrange(1, 999)}", "163.com")
            return kind, [a, b], f"two people called {person_name(a)} in {a['city'][2]}"
        if kind == "brand_word":
            a = self.new_company()
            if rng.random() < 0.5:  # 星河科技 vs 星河电子
                other = rng.choice([k for k in INDUSTRIES if a["hy"] not in INDUSTRIES[k][3]])
                b = self.new_company(
                    a["city"], zihao=a["zihao"], hy=rng.choice(INDUSTRIES[other][3])
                )
            else:  # 华强 vs 华强北: the brand plus one character
                extra = rng.choice("北南东西湾港城源通达")
                b = self.new_company(a["city"], zihao=a["zihao"] + extra)
            return kind, [a, b], f"{company_name(a)} vs {company_name(b)}"
        if kind == "branch_city":
            a = self.new_company()
            a["form"] = rng.choice(("city_full", "city_short", "bracket"))
            city = rng.choice([c for c in CITIES if c[1] != a["city"][1]])
            b = self.new_company(city, zihao=a["zihao"], hy=a["hy"], form=a["form"])
            b["suffix"] = a["suffix"]
            return kind, [a, b], f"{company_name(a)} vs {company_name(b)}"
        if kind == "shared_switchboard":
            a = self.new_company()
            b = self.new_company(a["city"])
            for k in ("zihao", "hy", "form", "suffix", "city_for_name", "district", "street"):
                b[k] = a[k]
            b["addr_form"], b["ind"], b["industry"] = a["addr_form"], a["ind"], a["industry"]
            line = self.landline(a["city"])
            ext_a, ext_b = rng.sample(range(800, 900), 2)
            a["phone"] = (*line[:3], str(ext_a) if rng.random() < 0.5 else "")
            b["phone"] = (*line[:3], str(ext_b))
            a["phone_form"] = b["phone_form"] = 0
            if b["surname"] == a["surname"] and b["given"] == a["given"]:
                b.update(self.person(avoid=a["given"]))
            b["credit"] = None
            b["contact_form"] = "full"
            if b["email"]:
                b["email"] = self.email(b["py"], self.domain(a))
            return kind, [a, b], f"{person_name(a)} and {person_name(b)} share {line[1]}-{line[2]}"
        # family: same surname and address, different given names (2 or 3 people)
        a = self.new_person()
        b = self.new_person(a["city"], sn_t[a["surname"]], avoid=a["given"])
        if a["street"] is None:
            a["street"] = self.address(a["city"], a["district"])[0]
        b["district"], b["street"], b["addr_form"] = a["district"], a["street"], a["addr_form"]
        a["pform"] = b["pform"] = "full"
        return kind, [a, b], f"{person_name(a)} and {person_name(b)} at one address"

    # ---- a repeated row: 1-3 recorded variations
    def vary(self, o: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        rng = self.rng
        f = dict(o)
        kinds: list[str] = []
        ops: list[tuple[str, int]] = []
        if o["company"]:
            ops += [("name_suffix", 3), ("name_short", 2), ("name_homophone", 2), ("name_typo", 1)]
            ops += (
                [("name_region_dropped", 3)] if o["form"] != "plain" else [("name_region_added", 3)]
            )
            if o["form"] in ("bracket", "bracket_half"):
                ops += [("name_brackets", 3)]
            if o["form"] in ("city_full", "city_short"):
                ops += [("name_region_moved", 1)]
            ops += [("contact_title", 4), ("contact_homophone", 1), ("contact_missing", 1)]
            if o["credit"]:
                ops += [("credit_code_missing", 1)]
        else:
            ops += [("name_title", 5), ("name_homophone", 2)]
        ops += [("phone_format", 5), ("phone_second_added", 1), ("phone_missing", 1)]
        if o["phone"][0] == "m":
            ops += [("phone_masked", 2), ("phone_changed", 1)]
        else:
            ops += [("landline_area_code", 2), ("phone_extension", 1)]
        if o["email"]:
            ops += [("email_case", 2), ("email_missing", 1)]
        if o["wechat"]:
            ops += [("wechat_missing", 1)]
        if o["street"]:
            ops += [("address_moved", 3), ("address_missing", 1)]
        ops += [("region_format", 2)]
        n = rng.choice((1, 1, 2, 2, 2, 3, 3))
        phone_ops = {"phone_format", "phone_missing", "phone_masked", "phone_changed"}
        phone_ops |= {"landline_area_code", "phone_extension"}
        name_ops = {"name_short", "name_region_dropped", "name_region_added", "name_region_moved"}
        name_ops |= {"name_brackets"}
        while len(kinds) < n and ops:
            op = _draw(rng, ops)
            if (op in phone_ops and kinds and phone_ops & set(kinds)) or (
                op in name_ops and name_ops & set(kinds)
            ):
                continue
            self.apply(f, op)
            kinds.append(op)
        # a repeated row keeps at least one unmasked key of its entity
        strong = (f["phone"] is not None and not f["masked"] and "phone_changed" not in kinds) or (
            f["email"] or f.get("credit") or f["wechat"]
        )
        if not strong:
            for k in ("phone_masked", "phone_missing", "phone_changed"):
                if k in kinds:
                    kinds.remove(k)
            f["phone"], f["masked"], f["phone_form"] = o["phone"], False, o["phone_form"]
            f["phone_extra"] = o["phone_extra"]
            if not kinds:
                self.apply(f, "phone_format")
                kinds.append("phone_format")
        if rng.random() < 0.35:
            f["owner"] = rng.choice([x for x in OWNERS_ZH if x != o["owner"]])
            kinds.append("owner_changed")
        if rng.random() < 0.3:
            f["status"] = rng.choice([x for x in STATUSES_ZH if x != o["status"]])
            kinds.append("status_changed")
        f["notes"] = rng.choice(DUP_NOTES_ZH)
        return f, kinds

    def apply(self, f: dict[str, Any], op: str) -> None:
        rng = self.rng
        if op == "name_suffix":
            f["suffix"] = rng.choice([s for s in SUFFIXES if s != f["suffix"]])
        elif op == "name_short":
            f["short"] = f["zihao"] + f["hy"] if rng.random() < 0.6 else f["city"][2] + f["zihao"]
        elif op == "name_region_dropped":
            f["form"] = "plain"
        elif op == "name_region_added":
            f["form"] = rng.choice(("city_full", "city_short", "bracket"))
        elif op == "name_brackets":
            f["form"] = "bracket_half" if f["form"] == "bracket" else "bracket"
        elif op == "name_region_moved":
            f["form"] = rng.choice(("bracket", "bracket_half"))
        elif op == "name_homophone":
            if f["company"]:
                f["zihao"] = swap_homophone(rng, f["zihao"])
            else:
                f["given"] = swap_homophone(rng, f["given"])
                if f["pform"] != "full":
                    f["surname"] = swap_homophone(rng, f["surname"])
        elif op == "name_typo":  # one-character slip in the 字号 or 行业 word
            zh, hy = f["zihao"], f["hy"]
            r = rng.random()
            if r < 0.4 and len(zh) >= 2:
                f["zihao"] = zh[1] + zh[0] + zh[2:]
            elif r < 0.7 and len(hy) >= 3:
                k = rng.randrange(0, len(hy))
                f["hy"] = hy[:k] + hy[k + 1 :]
            else:
                k = rng.randrange(0, len(zh))
                f["zihao"] = zh[: k + 1] + zh[k:]  # a doubled character
        elif op == "contact_title":
            if f["contact_form"] == "call":
                if rng.random() < 0.6:
                    f["call"] = rng.choice([c for c in CALLS if c != f["call"]])
                else:
                    f["contact_form"] = rng.choice(("full", "xiansheng"))
            else:
                f["contact_form"] = rng.choice(("call", "call", "xiansheng"))
        elif op == "contact_homophone":
            f["given"] = swap_homophone(rng, f["given"])
            f["contact_form"] = "full"
        elif op == "contact_missing":
            f["contact_form"] = "none"
        elif op == "name_title":
            if f["pform"] == "full":
                f["pform"] = rng.choice(("honorific", "honorific", "nickname"))
                f["call"] = rng.choice(("总", "老板", "经理"))
            elif f["pform"] == "honorific":
                f["pform"] = rng.choice(("full", "nickname"))
            else:
                f["pform"] = rng.choice(("full", "honorific"))
        elif op == "credit_code_missing":
            f["credit"] = None
            f["credit_none"] = rng.choice(("暂无", None))
        elif op == "phone_format":
            f["phone_form"] = phone_form(rng, f["phone"], avoid=f["phone_form"])
        elif op == "phone_masked":
            f["masked"] = True
        elif op == "phone_missing":
            f["phone"] = None
        elif op == "phone_changed":
            f["phone"] = self.mobile()
            f["phone_form"] = phone_form(rng, f["phone"])
        elif op == "phone_second_added":
            extra = self.mobile() if rng.random() < 0.6 else self.landline(f["city"])
            f["phone_extra"] = rng.choice(("/", "，", " ", "、", ";")) + phone_text(extra, 0)
        elif op == "landline_area_code":
            f["phone_form"] = 9 if f["phone_form"] != 9 else 0
        elif op == "phone_extension":
            if not f["phone"][3]:
                f["phone"] = (*f["phone"][:3], str(rng.randrange(800, 900)))
            f["phone_form"] = rng.choice((0, 10, 11))
        elif op == "email_case":
            f["email_upper"] = True
        elif op == "email_missing":
            f["email"] = None
        elif op == "wechat_missing":
            f["wechat"] = None
        elif op == "address_moved":
            city = f["city"]
            if city[8] and rng.random() < 0.5:
                f["district"] = rng.choice([d for d in city[8] if d != f["district"]] or city[8])
            f["street"], f["addr_form"] = self.address(city, f["district"])
        elif op == "address_missing":
            f["street"] = None
        elif op == "region_format":
            f["region_form"] = rng.choice([k for k in range(7) if k != f["region_form"]])
        else:  # pragma: no cover
            raise ValueError(op)

    # ---- one row
    def render(self, f: dict[str, Any], cid: str, d: date) -> list[Any]:
        rng = self.rng
        city = f["city"]
        company = f["company"]
        if company:
            name = company_name(f)
            cf = f["contact_form"]
            contact = (
                None
                if cf == "none"
                else f["surname"] + f["given"]
                if cf == "full"
                else f["surname"] + f["call"]
                if cf == "call"
                else f["surname"] + ("先生" if f["sex"] == "m" else "女士")
            )
            credit = f["credit"] or f["credit_none"]
        else:
            name = person_name(f)
            contact = name if f["contact_same"] else None
            credit = None
        phone: Any = None
        if f["phone"] is not None:
            phone = phone_text(f["phone"], f["phone_form"], f["masked"]) + f["phone_extra"]
            if isinstance(phone, str) and phone.isdigit() and f["phone_form"] == 1:
                phone = int(phone)  # a number cell, as Excel makes of a typed mobile
        email = f["email"]
        if email and f["email_upper"]:
            local, _, dom = email.partition("@")
            email = (
                (local[:1].upper() + local[1:] + "@" + dom.capitalize())
                if rng.random() < 0.5
                else email.upper()
            )
        inter = d + timedelta(days=rng.randrange(0, 120))
        return [
            cid,
            "企业" if company else "个人",
            name,
            credit,
            contact,
            f["title"],
            phone,
            email,
            f["wechat"],
            region_text(city, f["district"], f["region_form"]),
            address_text(city, f["district"], f["street"], f["addr_form"]),
            f["industry"],
            _date_cell(d),
            _date_cell(inter) if rng.random() < 0.7 else None,
            f["status"],
            f["owner"],
            _date_cell(max(inter, d) + timedelta(days=rng.randrange(0, 30))),
            f["notes"] or None,
        ]

    def cid(self, row: int, d: date) -> str:
        return f"C{d:%Y%m}{row:07d}"


def swap_homophone(rng: Any, text: str) -> str:
    spots = [k for k, ch in enumerate(text) if ch in HOMOPHONES]
    if not spots:
        return text
    k = rng.choice(spots)
    alt: str = rng.choice(HOMOPHONES[text[k]])
    return text[:k] + alt + text[k + 1 :]


def company_name(c: dict[str, Any]) -> str:
    if c.get("short"):
        return str(c["short"])
    city = c["city_for_name"]
    core = c["zihao"] + c["hy"]
    form, sf = c["form"], c["suffix"]
    if form == "city_full":
        return f"{city[1]}{core}{sf}"
    if form == "city_short":
        return f"{city[2]}{core}{sf}"
    if form == "bracket":
        return f"{core}（{city[2]}）{sf}"
    if form == "bracket_half":
        return f"{core}({city[2]}){sf}"
    if form == "province":
        return f"{city[3]}{core}{sf}"
    return f"{core}{sf}"


def person_name(f: dict[str, Any]) -> str:
    form = f.get("pform", "full")
    if f["company"]:
        form = {"call": "nickname", "xiansheng": "honorific"}.get(f["contact_form"], "full")
    if form == "full":
        return str(f["surname"] + f["given"])
    if form == "honorific":
        return str(f["surname"] + ("先生" if f["sex"] == "m" else "女士"))
    return str(f["surname"] + f["call"])


_PHONE_W = _cum(((0, 50), (1, 8), (2, 10), (3, 7), (4, 8), (5, 5), (6, 4), (7, 3), (8, 3)))


def phone_form(rng: Any, phone: tuple[str, ...], avoid: int = -1) -> int:
    """Mobile forms 0-8 (see phone_text); landline forms 0-8 with area code (9: without)."""
    while True:
        k = _pick(rng, _PHONE_W) if phone[0] == "m" else rng.choice((0, 0, 0, 2, 3, 4, 5, 6, 7))
        if k != avoid:
            return int(k)


def phone_text(phone: tuple[str, ...], form: int, masked: bool = False) -> str:
    if phone[0] == "m":
        m = phone[1]
        if masked:
            m = m[:3] + "****" + m[7:]
        return (
            m,
            m,
            f"{m[:3]} {m[3:7]} {m[7:]}",
            f"{m[:3]}-{m[3:7]}-{m[7:]}",
            f"+86-{m}",
            f"+86 {m[:3]} {m[3:7]} {m[7:]}",
            f"0086 {m}",
            f"(+86){m}",
            m.translate(FULLWIDTH),
        )[form % 9]
    a, loc, ext = phone[1], phone[2], phone[3]
    h = len(loc) // 2
    text = (
        f"{a}-{loc}",
        f"{a}-{loc}",
        f"({a}){loc[:h]} {loc[h:]}",
        f"（{a}）{loc}",
        f"{a} {loc[:h]} {loc[h:]}",
        f"{a}{loc}",
        f"{a}-{loc[:h]}-{loc[h:]}",
        f"+86-{a[1:]}-{loc}",
        f"+86 {a[1:]} {loc[:h]} {loc[h:]}",
        f"{loc[:h]}-{loc[h:]}" if len(loc) == 8 else loc,  # no area code
        f"{a}-{loc}",
        f"{a}-{loc}",
    )[form % 12]
    if ext:
        text += ("转", "-", " ext ", "转")[form % 4] + ext
    return text


def region_text(city: tuple[Any, ...], district: str, form: int) -> str:
    prov, cname, cs, ps = (str(x) for x in city[:4])
    municipal = prov == cname
    full = cname if municipal else prov + cname
    return (
        full,
        cname,
        cs if municipal else ps + cs,
        cs,
        cname + district,
        full + district,
        cs + (district[:-1] if district.endswith("区") and len(district) > 2 else district),
    )[form % 7]


def address_text(city: tuple[Any, ...], district: str, street: str | None, form: int) -> str | None:
    if street is None:
        return None
    prov, cname = str(city[0]), str(city[1])
    if form == 0:
        return (prov if prov != cname else "") + cname + district + street
    if form == 1:
        return cname + district + street
    return (district or cname) + street


# ============================================================================================
# English (non-Chinese) entities
# ============================================================================================
# (formal given name, sex, nicknames)
EN_GIVEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Robert", "m", ("Bob", "Rob", "Bobby")), ("William", "m", ("Bill", "Will", "Billy")),
    ("James", "m", ("Jim", "Jimmy")), ("John", "m", ("Jack", "Johnny")),
    ("Richard", "m", ("Rich", "Rick", "Dick")), ("Michael", "m", ("Mike", "Mick")),
    ("Thomas", "m", ("Tom", "Tommy")), ("Joseph", "m", ("Joe",)), ("Charles", "m", ("Charlie", "Chuck")),
    ("Daniel", "m", ("Dan", "Danny")), ("Matthew", "m", ("Matt",)), ("Christopher", "m", ("Chris",)),
    ("Anthony", "m", ("Tony",)), ("Edward", "m", ("Ed", "Ted", "Eddie")), ("Andrew", "m", ("Andy", "Drew")),
    ("Nicholas", "m", ("Nick",)), ("Stephen", "m", ("Steve",)), ("Alexander", "m", ("Alex", "Sandy")),
    ("Samuel", "m", ("Sam",)), ("Benjamin", "m", ("Ben",)), ("Jonathan", "m", ("Jon",)),
    ("David", "m", ("Dave",)), ("Peter", "m", ("Pete",)), ("Henry", "m", ("Harry", "Hal")),
    ("George", "m", ()), ("Oliver", "m", ("Olly",)), ("Mohammed", "m", ("Mo",)), ("Luca", "m", ()),
    ("Elizabeth", "f", ("Liz", "Beth", "Betty")), ("Margaret", "f", ("Maggie", "Peggy", "Meg")),
    ("Katherine", "f", ("Kate", "Kathy", "Katie")), ("Jennifer", "f", ("Jen", "Jenny")),
    ("Patricia", "f", ("Pat", "Trish")), ("Susan", "f", ("Sue", "Susie")), ("Deborah", "f", ("Debbie", "Deb")),
    ("Rebecca", "f", ("Becky",)), ("Victoria", "f", ("Vicky", "Tori")), ("Alexandra", "f", ("Alex", "Sasha")),
    ("Jessica", "f", ("Jess",)), ("Samantha", "f", ("Sam",)), ("Abigail", "f", ("Abby",)),
    ("Christine", "f", ("Chris", "Tina")), ("Emily", "f", ("Em",)), ("Sophie", "f", ()), ("Olivia", "f", ("Liv",)),
    ("Amelia", "f", ("Millie",)), ("Chloe", "f", ()), ("Aisha", "f", ()), ("Zoë", "f", ("Zoe",)),
)  # fmt: skip
EN_SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "O'Brien",
    "Nguyen",
    "García",
    "Müller",
    "MacDonald",
    "Fitzgerald",
]
EN_SURNAME_W = [
    s for k, s in enumerate(EN_SURNAMES) for _ in range(6 if k < 10 else 2 if k < 40 else 1)
]
EN_TOWNS = (
    ("London", ("SW", "SE", "N", "E", "NW", "W")), ("Leeds", ("LS",)), ("Manchester", ("M",)),
    ("Birmingham", ("B",)), ("Bristol", ("BS",)), ("Glasgow", ("G",)), ("Edinburgh", ("EH",)),
    ("Cardiff", ("CF",)), ("Liverpool", ("L",)), ("Sheffield", ("S",)), ("Nottingham", ("NG",)),
    ("Leicester", ("LE",)), ("Newcastle upon Tyne", ("NE",)), ("Brighton", ("BN",)), ("Oxford", ("OX",)),
    ("Cambridge", ("CB",)), ("York", ("YO",)), ("Belfast", ("BT",)),
)  # fmt: skip
EN_STREETS = (
    "High", "Station", "Church", "Park", "Victoria", "Green", "Manor", "Kings", "Queens", "Mill",
    "Oak", "Grange", "Chester", "Albert", "York", "Springfield", "Windsor", "Highfield", "Elm", "Ash",
)  # fmt: skip
EN_KINDS = (("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"), ("Lane", "Ln"), ("Close", "Cl"),
            ("Drive", "Dr"), ("Crescent", "Cres"), ("Way", "Way"))  # fmt: skip
EN_MAIL = (
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "hotmail.co.uk",
    "btinternet.com",
    "icloud.com",
)
POST_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


class EnFactory:
    """Western person records: names with nicknames, dates of birth, UK addresses."""

    headers = EN_HEADERS
    sheet = "Customers"
    widths: ClassVar[dict[int, int]] = {1: 14, 2: 16, 3: 34, 4: 10, 5: 13, 6: 30, 7: 18}
    HN_KINDS = (("twins", 25), ("father_son", 25), ("same_name_town", 25), ("spouses", 25))

    def __init__(self, rng: Any) -> None:
        self.rng = rng
        self.hn_kinds = _cum(self.HN_KINDS)
        self.used_emails: set[str] = set()
        self.counter = 0

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def phone(self) -> str:
        k = _scramble(self._next(), 1_000_000_000, 48271, 98765)
        return f"07{k:09d}"

    def email(self, given: str, surname: str, always: bool = False) -> str | None:
        rng = self.rng
        if rng.random() >= 0.75 and not always:
            return None
        g = given.lower().replace("ë", "e")
        s = "".join(ch for ch in surname.lower() if ch.isalpha()).translate(_ASCII)
        local = rng.choice((f"{g}.{s}", f"{g[0]}{s}", f"{g}{s}", f"{s}.{g}", f"{g}_{s}"))
        if rng.random() < 0.4:
            local += str(rng.randrange(1, 99))
        dom = rng.choice(EN_MAIL)
        e, k = f"{local}@{dom}", 1
        while e in self.used_emails:
            k += 1
            e = f"{local}{k}@{dom}"
        self.used_emails.add(e)
        return e

    def address(self) -> dict[str, Any]:
        rng = self.rng
        town, areas = rng.choice(EN_TOWNS)
        area = rng.choice(areas)
        k = self._next()
        pc = (
            f"{area}{1 + k % 20} {k % 9 + 1}"
            f"{POST_LETTERS[(k // 20) % 20]}{POST_LETTERS[(k // 400) % 20]}"
        )
        return {
            "house": str(rng.randrange(1, 250)) + ("" if rng.random() < 0.9 else rng.choice("AB")),
            "street": rng.choice(EN_STREETS),
            "skind": rng.randrange(0, len(EN_KINDS)),
            "town": town,
            "postcode": pc,
            "abbrev": rng.random() < 0.3,
            "flat": f"Flat {rng.randrange(1, 40)}, " if rng.random() < 0.15 else "",
        }

    def new_single(
        self,
        surname: str | None = None,
        addr: dict[str, Any] | None = None,
        dob: date | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        g = rng.choice(EN_GIVEN)
        s = surname or rng.choice(EN_SURNAME_W)
        f: dict[str, Any] = {
            "given_t": g,
            "given": g[0] if not g[2] or rng.random() < 0.8 else g[2][0],
            "surname": s,
            "suffix": "",
            "dob": dob or date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 63)),
            "dob_missing": rng.random() < 0.08,
            "phone": self.phone() if rng.random() < 0.85 else None,
            "phone_form": rng.choice((0, 0, 0, 1, 2, 3)),
            "email_upper": False,
            "case": 0,
        }
        f.update(addr or self.address())
        f["email"] = self.email(f["given"], s)
        return f

    def new_group(self) -> tuple[str, list[dict[str, Any]], str]:
        rng = self.rng
        kind = _pick(rng, self.hn_kinds)
        a = self.new_single()
        addr = {k: a[k] for k in ("house", "street", "skind", "town", "postcode", "abbrev", "flat")}
        if kind == "twins":
            b = self.new_single(a["surname"], addr, a["dob"])
            while b["given_t"][0] == a["given_t"][0]:
                b = self.new_single(a["surname"], addr, a["dob"])
            a["dob_missing"] = b["dob_missing"] = False
            detail = f"{a['given']} and {b['given']} {a['surname']}, born {a['dob']}"
        elif kind == "father_son":
            a["dob"] = date(1945, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
            son_dob = a["dob"] + timedelta(days=rng.randrange(365 * 20, 365 * 38))
            men = [g for g in EN_GIVEN if g[1] == "m"]
            a["given_t"] = rng.choice(men)
            a["given"] = a["given_t"][0]
            b = self.new_single(a["surname"], addr, son_dob)
            b["given_t"], b["given"] = a["given_t"], a["given"]
            b["suffix"] = rng.choice((" Jr.", " Jr", "")) if rng.random() < 0.6 else ""
            a["dob_missing"] = b["dob_missing"] = False
            detail = f"{a['given']} {a['surname']} born {a['dob']} and {son_dob}"
        elif kind == "same_name_town":
            b = self.new_single(a["surname"])
            b["given_t"], b["given"] = a["given_t"], a["given"]
            b["town"] = a["town"]
            detail = f"two {a['given']} {a['surname']} in {a['town']}"
        else:  # spouses
            b = self.new_single(a["surname"], addr)
            while b["given_t"][1] == a["given_t"][1]:
                b = self.new_single(a["surname"], addr)
            detail = f"{a['given']} and {b['given']} {a['surname']} at one address"
        for m in (a, b):  # e-mails follow the names that were set above
            if m["email"]:
                m["email"] = self.email(m["given"], m["surname"], always=True)
        return kind, [a, b], detail

    def vary(self, o: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        rng = self.rng
        f = dict(o)
        ops: list[tuple[str, int]] = [("given_typo", 2), ("surname_typo", 3), ("name_case", 1)]
        if o["given_t"][2]:
            ops += [("nickname", 5)]
        ops += [("given_initial", 1)]
        if not o["dob_missing"]:
            ops += [("dob_missing", 1)]
            if o["dob"].day <= 12 and o["dob"].day != o["dob"].month:
                ops += [("dob_day_month_swapped", 3)]
        ops += [("postcode_spacing", 3), ("postcode_case", 1), ("address_abbreviation", 2)]
        ops += [("address_moved", 2), ("address_missing", 1)]
        if o["email"]:
            ops += [("email_case", 2), ("email_missing", 2)]
        if o["phone"]:
            ops += [("phone_format", 3), ("phone_missing", 2)]
        if o["email"] and o["phone"]:
            ops += [("surname_changed", 1)]
        n = rng.choice((1, 1, 2, 2, 2, 3))
        kinds: list[str] = []
        name_ops = {"given_typo", "nickname", "given_initial"}
        while len(kinds) < n and ops:
            op = _draw(rng, ops)
            if op in name_ops and name_ops & set(kinds):
                continue
            if op in ("surname_typo", "surname_changed") and {
                "surname_typo",
                "surname_changed",
            } & set(kinds):
                continue
            self.apply(f, op, o)
            kinds.append(op)
        # keep one key: phone, e-mail, or date of birth with the postcode
        dob_pc = not f["dob_missing"] and f["postcode"] == o["postcode"] and f["dob"] == o["dob"]
        if not (f["phone"] or f["email"] or dob_pc):
            f["phone"] = o["phone"]
            f["email"] = o["email"]
            for k in ("phone_missing", "email_missing"):
                if k in kinds:
                    kinds.remove(k)
            if not (f["phone"] or f["email"]):
                f["dob"], f["dob_missing"] = o["dob"], False
                for k in ("dob_missing", "dob_day_month_swapped"):
                    if k in kinds:
                        kinds.remove(k)
            if not kinds:
                self.apply(f, "postcode_spacing", o)
                kinds.append("postcode_spacing")
        return f, kinds

    def apply(self, f: dict[str, Any], op: str, o: dict[str, Any]) -> None:
        rng = self.rng
        if op == "nickname":
            nicks = [n for n in f["given_t"][2] if n != f["given"]]
            f["given"] = rng.choice(nicks) if nicks else f["given_t"][0]
        elif op == "given_typo":
            f["given"] = typo(rng, f["given"])
        elif op == "given_initial":
            f["given"] = f["given_t"][0][0] + rng.choice((".", "", "."))
        elif op == "surname_typo":
            f["surname"] = typo(rng, f["surname"])
        elif op == "surname_changed":
            f["surname"] = rng.choice([s for s in EN_SURNAMES if s != f["surname"]])
        elif op == "name_case":
            f["case"] = rng.choice((1, 2))
        elif op == "dob_day_month_swapped":
            d = f["dob"]
            f["dob"] = date(d.year, d.day, d.month)
        elif op == "dob_missing":
            f["dob_missing"] = True
        elif op == "postcode_spacing":
            pc = f["postcode"]
            f["postcode"] = pc.replace(" ", "") if " " in pc else pc[:-3] + " " + pc[-3:]
        elif op == "postcode_case":
            f["postcode"] = f["postcode"].lower()
        elif op == "address_abbreviation":
            f["abbrev"] = not f["abbrev"]
        elif op == "address_moved":
            f.update(self.address())
        elif op == "address_missing":
            f["house"] = None
        elif op == "email_case":
            f["email_upper"] = True
        elif op == "email_missing":
            f["email"] = None
        elif op == "phone_format":
            f["phone_form"] = rng.choice([k for k in range(5) if k != f["phone_form"]])
        elif op == "phone_missing":
            f["phone"] = None
        else:  # pragma: no cover
            raise ValueError(op)

    def render(self, f: dict[str, Any], cid: str, d: date) -> list[Any]:
        given, surname = f["given"], f["surname"] + f["suffix"]
        if f["case"] == 1:
            surname = surname.upper()
        elif f["case"] == 2:
            given, surname = given.lower(), surname.lower()
        addr = None
        if f["house"] is not None:
            kind = EN_KINDS[f["skind"]][1 if f["abbrev"] else 0]
            addr = f"{f['flat']}{f['house']} {f['street']} {kind}, {f['town']}"
        email = f["email"]
        if email and f["email_upper"]:
            email = email.upper() if self.rng.random() < 0.5 else email.capitalize()
        phone = None
        if f["phone"]:
            p = f["phone"]
            phone = (
                f"{p[:5]} {p[5:]}",
                p,
                f"+44 {p[1:5]} {p[5:]}",
                f"+44{p[1:]}",
                f"({p[:5]}) {p[5:8]} {p[8:]}",
            )[f["phone_form"]]
        return [
            cid,
            given,
            surname,
            addr,
            f["postcode"] if f["house"] is not None or self.rng.random() < 0.5 else None,
            None if f["dob_missing"] else _date_cell(f["dob"]),
            email,
            phone,
        ]

    def cid(self, row: int, d: date) -> str:
        return f"CUS-{row:07d}"


_ASCII = str.maketrans("áéíóúüöäçñ", "aeiouuoacn")


def typo(rng: Any, word: str) -> str:
    """One keyboard slip: a dropped, doubled, swapped or replaced letter."""
    if len(word) < 3:
        return word + word[-1]
    k = rng.randrange(1, len(word) - 1)
    r = rng.random()
    if r < 0.3:
        return word[:k] + word[k + 1 :]
    if r < 0.5:
        return word[:k] + word[k] + word[k:]
    if r < 0.8:
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    near = "qwertyuiopasdfghjklzxcvbnm"
    c = word[k].lower()
    i = near.find(c)
    rep = near[(i + 1) % 26] if i >= 0 else "e"
    return word[:k] + rep + word[k + 1 :]


# ============================================================================================
# The workbook
# ============================================================================================
def generate(
    rows: int,
    seed: int,
    out: Path | str,
    truth: Path | str | None = None,
    lang: str = "zh",
) -> dict[str, Any]:
    """Write the workbook (and the truth file when given); return the truth."""
    if not 1 <= rows <= MAX_DATA_ROWS:
        raise ValueError(f"rows must be 1..{MAX_DATA_ROWS}")
    rng = Rng(seed)
    factory: ZhFactory | EnFactory = ZhFactory(rng) if lang == "zh" else EnFactory(rng)
    extra_t = _cum(EXTRA_ROWS)

    # --- plan: entities (grouped with their look-alikes) and how many rows each gets
    ent_rows = array("b")  # rows still to write per entity
    ent_group = array("i")  # entity -> group
    group_first = array("i")  # group -> its first entity
    group_size = array("b")
    group_hn: dict[int, bool] = {}
    total = 0
    while total < rows:
        g = len(group_first)
        group_first.append(len(ent_rows))
        size = 1
        if rows >= 20 and rng.random() < HN_SHARE:
            size = 2
            group_hn[g] = True
        group_size.append(size)
        for _ in range(size):
            n = 1 + (_pick(rng, extra_t) if rng.random() < DUP_SHARE else 0)
            n = min(n, rows - total) if total < rows else 0
            ent_rows.append(max(n, 0))
            ent_group.append(g)
            total += max(n, 0)
    slots = array("i")
    for e, n in enumerate(ent_rows):
        for _ in range(n):
            slots.append(e)
    order = list(range(len(slots)))
    rng.shuffle(order)
    days = (AS_OF - START).days
    dates = sorted(START + timedelta(days=int(days * rng.random() ** 0.7)) for _ in range(rows))

    # --- write
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(out),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    wb.set_properties({"title": "customer duplicates", "created": datetime(2024, 6, 30, 9)})
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    fmts = {"d": wb.add_format({"num_format": "yyyy-mm-dd"})}
    ws = wb.add_worksheet(factory.sheet, worksheet_class=G.RowSheet)
    for k in range(len(factory.headers)):
        ws.set_column(k, k, factory.widths.get(k, 12))
    for k, h in enumerate(factory.headers):
        ws.write_string(0, k, h, head)
    ws.freeze_panes(1, 0)

    live: dict[int, dict[str, Any]] = {}  # facts of entities with rows still to come
    made: set[int] = set()  # groups whose facts exist
    rows_of: dict[int, list[int]] = {}  # entity (typed more than once) -> Excel rows
    first_row: dict[int, int] = {}  # hard-negative entity -> its first Excel row
    hn_groups: list[tuple[int, str, str]] = []  # (group, kind, detail)
    variations: dict[int, list[str]] = {}
    for k, slot in enumerate(order):
        e = slots[slot]
        g = ent_group[e]
        if g not in made:
            made.add(g)
            if group_hn.get(g):
                kind, members, detail = factory.new_group()
                hn_groups.append((g, kind, detail))
            else:
                members = [factory.new_single()]
            for j, m in enumerate(members[: group_size[g]]):
                live[group_first[g] + j] = m
        excel_row = k + 2
        facts = live[e]
        d = dates[k]
        if e in rows_of:
            f, kinds = factory.vary(facts)
            variations[excel_row] = kinds
            rows_of[e].append(excel_row)
        else:
            f = facts
            if ent_rows[e] > 1:
                rows_of[e] = [excel_row]
        if group_hn.get(g) and e not in first_row:
            first_row[e] = excel_row
        ws.put_row(k + 1, factory.render(f, factory.cid(k + 1, d), d), fmts)
        ent_rows[e] -= 1
        if ent_rows[e] == 0:
            del live[e]
    wb.close()

    hard_negatives: list[list[Any]] = []
    for g, kind, detail in hn_groups:
        es = [group_first[g] + j for j in range(group_size[g])]
        rs = [first_row[e] for e in es if e in first_row]
        for a in range(len(rs)):
            for b in range(a + 1, len(rs)):
                hard_negatives.append([rs[a], rs[b], f"{kind}: {detail}"])
    clusters = sorted(rs for rs in rows_of.values() if len(rs) > 1)
    result: dict[str, Any] = {
        "seed": seed,
        "rows": rows,
        "lang": lang,
        "sheet": factory.sheet,
        "header_row": 1,
        "headers": list(factory.headers),
        "entities": len(ent_rows),
        "clusters": clusters,
        "variations": {str(r): variations[r] for r in sorted(variations)},
        "hard_negatives": sorted(hard_negatives),
        "labelling": LABELLING,
    }
    if truth:
        tp = Path(truth)
        tp.parent.mkdir(parents=True, exist_ok=True)
        tp.write_text(json.dumps(result, ensure_ascii=False, indent=None) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--rows", type=int, default=2000, help=f"data rows (at most {MAX_DATA_ROWS})")
    p.add_argument("--seed", type=int, default=20240520)
    p.add_argument("--out", required=True)
    p.add_argument("--truth", default="", help="truth JSON (default: none)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    r = generate(a.rows, a.seed, a.out, a.truth or None, a.lang)
    dup_rows = sum(len(c) for c in r["clusters"])
    print(
        f"wrote {a.out}: {r['rows']} rows, {r['entities']} customers, {len(r['clusters'])} "
        f"clusters ({dup_rows} rows), {len(r['hard_negatives'])} hard-negative pairs "
        f"in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
