"""China's administrative divisions (GB/T 2260) as package data, indexed for parsing free text.

custinfo/data/divisions.csv is built by scripts/build_divisions.py (source, date and license in
custinfo/data/divisions.SOURCE.md): one row per province (level 1), prefecture-level city
(level 2) and county-level division (level 3), with short names and the pinyin of provinces and
cities. The districts of 直辖市 (and of Hong Kong and Macao) hang directly under the province;
so do the county-level cities a province administers itself (仙桃市, 济源市, 石河子市 …).
former_names.csv maps old names (襄樊市, 闸北区 …) to the division that replaced them.
region_groups.csv and city_tiers.csv are the default group and tier tables.

Everything is loaded once per process (functools.cache).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

# How much one written form tells: a full name (or a former full name) more than a short one,
# a county's short name (浦东, 南山) least: it counts only with context (see region.py).
FULL, SHORT, COUNTY_SHORT = 3, 2, 1

# 直辖市 and the SARs: a district's city is the province itself (北京市朝阳区).
MUNICIPALITIES = frozenset({"11", "12", "31", "50", "81", "82"})
# Outside the mainland: no default city tier.
NOT_MAINLAND = frozenset({"71", "81", "82"})


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # GB/T 2260, six digits
    name: str  # 广东省, 深圳市, 南山区
    level: int  # 1 province, 2 prefecture-level city, 3 county-level
    parent: str  # code of the province or city above ("" for a province)
    shorts: tuple[str, ...]  # 广东, 深圳, 南山


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing a division: which division, how strongly it names it, whether the
    name is a former one."""

    code: str
    strength: int
    former: bool = False


@dataclass(frozen=True)
class DivisionTable:
    by_code: Mapping[str, Division]
    names: Mapping[str, tuple[Alias, ...]]  # Chinese written form -> divisions it may name
    lengths: Mapping[str, tuple[int, ...]]  # first character -> lengths of forms, longest first
    pinyin: Mapping[str, tuple[Alias, ...]]  # shenzhen -> 深圳市
    ancestors: Mapping[str, tuple[str, ...]]  # code -> (province, city?, itself), top first

    def province(self, code: str) -> Division:
        return self.by_code[self.ancestors[code][0]]

    def parts(self, code: str) -> tuple[Division, Division | None, Division | None]:
        """(province, city, district) of a division, as written in 所在地区.

        A 直辖市 district's city is the province (北京市, 朝阳区); a county-level city a
        province administers itself is the city (湖北省, 仙桃市, no district)."""
        chain = [self.by_code[c] for c in self.ancestors[code]]
        province = chain[0]
        if len(chain) == 1:
            city = province if province.code[:2] in MUNICIPALITIES else None
            return province, city, None
        if len(chain) == 3:
            return province, chain[1], chain[2]
        below = chain[1]
        if below.level == 2:
            return province, below, None
        if province.code[:2] in MUNICIPALITIES:
            return province, province, below
        return province, below, None

    def seeds_form(self, code: str, with_district: bool = True) -> str:
        """广东省深圳市(南山区), 北京市(朝阳区), 湖北省仙桃市."""
        province, city, district = self.parts(code)
        text = province.name
        if city is not None and city is not province:
            text += city.name
        if with_district and district is not None:
            text += district.name
        return text


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("custinfo").joinpath(f"data/{name}").read_text("utf-8")
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    yield from csv.DictReader(lines)


def _add(index: dict[str, list[Alias]], form: str, alias: Alias) -> None:
    entries = index.setdefault(form, [])
    if all(a.code != alias.code or a.strength < alias.strength for a in entries):
        entries[:] = [a for a in entries if a.code != alias.code] + [alias]


@functools.cache
def divisions() -> DivisionTable:
    """The division table and its indexes (loaded once)."""
    by_code: dict[str, Division] = {}
    names: dict[str, list[Alias]] = {}
    spell: dict[str, list[Alias]] = {}
    for row in _rows("divisions.csv"):
        level = int(row["level"])
        shorts = tuple(s for s in row["short"].split("|") if s)
        d = Division(row["code"], row["name"], level, row["parent"], shorts)
        by_code[d.code] = d
        _add(names, d.name, Alias(d.code, FULL))
        for s in shorts:
            _add(names, s, Alias(d.code, COUNTY_SHORT if level == 3 else SHORT))
        for p in row["pinyin"].split("|"):
            if len(p) >= 4:  # "ali", "aba" are English words more often than places
                _add(spell, p, Alias(d.code, SHORT))
    current = set(names)
    for row in _rows("former_names.csv"):
        former, code = row["former"], row["code"]
        if code not in by_code or former in current:
            continue
        _add(names, former, Alias(code, FULL, former=True))
        for suffix in ("地区", "市", "区", "县", "盟"):
            stem = former.removesuffix(suffix)
            if stem != former and len(stem) >= 2 and stem not in current:
                _add(names, stem, Alias(code, SHORT, former=True))
                break
    # A district that was a county or a county-level city is still written so (密云县, 上虞市,
    # 双流县): the same division, named in full, but not claimed as a former name.
    for d in list(by_code.values()):
        if d.level == 3 and d.name.endswith("区") and len(d.name) >= 3:
            for variant in (d.name[:-1] + "县", d.name[:-1] + "市"):
                if variant not in names:
                    _add(names, variant, Alias(d.code, FULL))
    ancestors: dict[str, tuple[str, ...]] = {}
    for code in by_code:
        chain = [code]
        while (up := by_code[chain[-1]].parent) and up in by_code:
            chain.append(up)
        ancestors[code] = tuple(reversed(chain))
    lengths: dict[str, set[int]] = {}
    for form in names:
        lengths.setdefault(form[0], set()).add(len(form))
    return DivisionTable(
        by_code=MappingProxyType(by_code),
        names=MappingProxyType({k: tuple(v) for k, v in names.items()}),
        lengths=MappingProxyType({k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}),
        pinyin=MappingProxyType({k: tuple(v) for k, v in spell.items()}),
        ancestors=MappingProxyType(ancestors),
    )


@functools.cache
def default_groups() -> Mapping[str, str]:
    """Province -> region group (华东, 华南 …) from custinfo/data/region_groups.csv."""
    return MappingProxyType({r["province"]: r["group"] for r in _rows("region_groups.csv")})


@functools.cache
def default_tiers() -> Mapping[str, str]:
    """City -> tier (一线, 新一线 …) from custinfo/data/city_tiers.csv; "*" is the default for
    any other mainland city."""
    return MappingProxyType({r["city"]: r["tier"] for r in _rows("city_tiers.csv")})
