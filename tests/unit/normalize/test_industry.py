"""所属行业 → GB/T 4754-2017: the shipped table, the labelled accuracy set, the matching stages,
the findings, and the contract (never raises, idempotent)."""

from __future__ import annotations

import csv
import string
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.codes import CODES
from custinfo.normalize.industry import (
    NO_SUGGESTION,
    guess_from_company,
    industry_table,
    match_industry,
    normalize_industries,
    suggestions,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "industries.csv"
TABLE_CSV = Path(__file__).resolve().parents[3] / "custinfo" / "data" / "gbt4754_2017.csv"

# the 大类 each 门类 spans in GB/T 4754-2017
SECTION_RANGES = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


def _labelled() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def one(value: object, **kwargs: object) -> dict[str, object]:
    """Normalize a single cell; the value, rule and derived columns of that cell."""
    r = normalize_industries(pd.Series([value], dtype=object), **kwargs)  # type: ignore[arg-type]
    rule = r.rule if isinstance(r.rule, str) else r.rule.iloc[0]
    return {
        "value": r.values.iloc[0],
        "rule": rule,
        **{k: v.iloc[0] for k, v in r.derived.items()},
        "problems": {code: s if isinstance(s, str) else s.iloc[0] for code, _, s in r.problems},
    }


# --- the table -------------------------------------------------------------------------------


def test_table_has_20_sections_and_97_divisions_in_their_ranges() -> None:
    t = industry_table()
    assert list(t.sections) == list(string.ascii_uppercase[:20])
    assert sorted(t.divisions) == [f"{n:02d}" for n in range(1, 98)]
    for code, (section, name) in t.divisions.items():
        low, high = SECTION_RANGES[section]
        assert low <= int(code) <= high, (code, section)
        assert name and name == name.strip()
    assert len({name for _, name in t.divisions.values()}) == 97


def test_table_rows_nest_and_count_473_groups_and_1381_classes() -> None:
    with TABLE_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    groups = {r["group"] for r in rows if r["group"]}
    classes = [r["class"] for r in rows if r["class"]]
    assert len(groups) == 473
    assert len(classes) == len(set(classes)) == 1381
    for r in rows:
        assert r["name"].strip()
        if r["group"]:
            assert r["group"][:2] == r["division"]
        if r["class"]:
            assert r["class"][:3] == r["group"]


def test_known_names_of_the_2017_edition() -> None:
    t = industry_table()
    assert t.divisions["11"] == ("B", "开采专业及辅助性活动")
    assert t.divisions["65"] == ("I", "软件和信息技术服务业")
    assert t.divisions["79"] == ("N", "土地管理业")
    assert t.divisions["94"] == ("S", "社会保障")
    assert t.divisions["97"] == ("T", "国际组织")
    assert t.sections["F"] == "批发和零售业"


def test_every_synonym_points_into_the_table() -> None:
    t = industry_table()
    assert len(t.synonyms) >= 300
    for term, target in t.synonyms.items():
        assert target in t.divisions or target in t.sections, term


# --- accuracy ---------------------------------------------------------------------------------


def test_labelled_set_is_large_cited_and_valid() -> None:
    rows = _labelled()
    t = industry_table()
    assert len(rows) >= 150
    assert len({r["input"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source"].strip(), r
        assert r["expected"] in t.divisions or r["expected"] in t.sections, r


def test_accuracy_on_the_labelled_set_is_at_least_the_level_reached() -> None:
    rows = _labelled()
    r = normalize_industries(pd.Series([row["input"] for row in rows], dtype=object))
    code, section = r.derived["industry_code"], r.derived["industry_section"]
    got = [c or s for c, s in zip(code.fillna(""), section.fillna(""), strict=True)]
    misses = [
        (row["input"], row["expected"], g)
        for row, g in zip(rows, got, strict=True)
        if g != row["expected"]
    ]
    for value, expected, g in misses:
        print(f"miss: {value!r} expected {expected} got {g or None}")
    accuracy = 1 - len(misses) / len(rows)
    print(f"industry top-1 accuracy: {accuracy:.3f} ({len(rows) - len(misses)}/{len(rows)})")
    assert accuracy >= 0.970  # 266/274 (the requirement is 95%; 96.4% before the logic rules)


# --- the examples ---------------------------------------------------------------------


def test_it_services_is_software_and_it_services() -> None:
    cell = one("IT服务")
    assert cell["value"] == "软件和信息技术服务业"
    assert (cell["industry_section"], cell["industry_code"]) == ("I", "65")
    assert cell["industry_name"] == "软件和信息技术服务业"
    assert cell["industry_section_name"] == "信息传输、软件和信息技术服务业"
    assert cell["rule"] == "industry.synonym"
    assert cell["problems"] == {}


def test_retail_is_division_52() -> None:
    cell = one("零售")
    assert (cell["value"], cell["industry_section"], cell["industry_code"]) == ("零售业", "F", "52")


def test_manufacturing_is_kept_at_section_level_with_an_info_finding() -> None:
    cell = one("制造业")
    assert cell["value"] == "制造业"
    assert (cell["industry_section"], cell["industry_code"], cell["industry_name"]) == ("C", "", "")
    assert cell["rule"] == ""  # already the 门类 name: nothing changed
    assert cell["problems"] == {"industry.section_only": "C 制造业"}
    assert CODES["industry.section_only"].severity == "info"


# --- the matching stages and the rule of each change -----------------------------------------


@pytest.mark.parametrize(
    ("typed", "code", "rule"),
    [
        ("65", "65", "industry.code"),
        ("I65", "65", "industry.code"),
        ("i65", "65", "industry.code"),
        ("６５", "65", "industry.code"),
        ("6513", "65", "industry.code"),
        ("65 软件和信息技术服务业", "65", "industry.code"),
        ("C39计算机、通信和其他电子设备制造业", "39", "industry.code"),
        ("软件和信息技术服务业 ", "65", "industry.name"),
        ("软件 和 信息技术服务业", "65", "industry.name"),
        ("电力热力生产和供应业", "44", "industry.name"),
        ("应用软件开发", "65", "industry.name"),  # a 小类 name
        ("IT行业", "65", "industry.synonym"),
        ("餐饮", "62", "industry.synonym"),
        ("服装店", "52", "industry.keyword"),  # goods + a shop
        ("服装批发", "51", "industry.name"),  # a 小类 name
        ("医疗器械销售", "51", "industry.keyword"),  # goods + selling
        ("机械设备租赁", "71", "industry.keyword"),
        ("深圳某某软件科技", "65", "industry.keyword"),
        ("化学原料及化学制品制造业", "26", "industry.fuzzy"),  # GB/T 4754-2002 wording
        ("软件和信息技术服物业", "65", "industry.fuzzy"),  # a typo
    ],
)
def test_matching_stage_and_rule(typed: str, code: str, rule: str) -> None:
    cell = one(typed)
    assert cell["industry_code"] == code
    assert cell["rule"] == rule
    assert cell["value"] == industry_table().divisions[code][1]


def test_section_letter_alone_and_section_with_one_division() -> None:
    assert (one("I")["industry_section"], one("I")["industry_code"]) == ("I", "")
    assert one("教育")["industry_code"] == "83"  # 门类 P has the single 大类 83 教育
    assert one("房地产业")["industry_code"] == "70"
    assert one("K")["industry_code"] == "70"


def test_a_code_with_the_wrong_letter_or_a_number_in_a_name_is_not_a_code() -> None:
    assert match_industry("I52") is None
    m = match_industry("365便利店")  # not 大类 36 汽车制造业
    assert m is not None and m.code == "52"


def test_numbers_from_number_cells() -> None:
    assert one(65)["industry_code"] == "65"
    assert one(65.0)["industry_code"] == "65"


def test_lists_of_industries_agree_on_a_section_or_take_the_first() -> None:
    assert one("服装/纺织/皮革")["industry_code"] == ""  # all 制造业
    assert one("服装/纺织/皮革")["industry_section"] == "C"
    assert one("教育_培训")["industry_code"] == "83"
    assert one("酒店/旅游")["industry_code"] == "61"
    assert one("金融业（银行）")["industry_code"] == "66"  # the brackets name the 大类


def _target(typed: str) -> str | None:
    m = match_industry(typed)
    return None if m is None else (m.code or m.section)


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("服装鞋帽（零售）", "52"),
        ("化妆品(门店)", "52"),
        ("灯具（批发商）", "51"),
        ("工程机械（租赁）", "71"),
        ("家用电器（维修）", "81"),  # household goods
        ("数控机床（维修）", "43"),  # machinery
        ("茶叶（加工）", "15"),  # the manufacturing 大类 of the goods
        ("计算机服务(系统、数据服务)", "65"),  # no activity in the brackets: unchanged
    ],
)
def test_a_activity_words_inside_brackets_apply_to_the_goods(typed: str, target: str) -> None:
    assert _target(typed) == target


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("玩具店", "52"),
        ("糕点铺", "52"),  # 铺 as the last character
        ("乐器专卖", "52"),
        ("灯具卖场", "52"),
        ("五金门市", "52"),
        ("花鸟商店", "52"),
        ("美发店", "80"),  # a 店 that serves
        ("酒店", "61"),
        ("管道铺设", None),  # 铺设 is laying, not a shop
    ],
)
def test_b_shop_words_mean_retail(typed: str, target: str | None) -> None:
    assert _target(typed) == target


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("汽车修理", "81"),  # 811 汽车、摩托车等修理与维护
        ("钟表维修", "81"),
        ("家具维修", "81"),
        ("手机维修店", "81"),  # repair before shop words
        ("锅炉维修", "43"),
        ("电梯维修", "43"),
    ],
)
def test_c_household_goods_are_repaired_by_81_machinery_by_43(typed: str, target: str) -> None:
    assert _target(typed) == target


def test_d_a_lists_shared_ending_goes_to_every_item() -> None:
    assert _target("贸易和技工学校") == "83"  # 贸易学校 and 技工学校, not 贸易
    assert _target("中学和职业学校") == "83"
    assert _target("金融与保险") == "J"  # no shared ending: unchanged


def test_e_fixed_phrases_stay_whole_and_delivery_of_goods_is_wholesale() -> None:
    assert _target("航天航空设备") == "37"  # 航空航天, not 航空 (56 air transport)
    assert _target("航空、航天设备") == "37"  # the phrase split by a separator
    assert _target("美发美容") == "80"
    assert _target("药品配送") == "51"
    assert _target("物流配送") == "54"  # delivery of nothing in particular


def test_f_a_generic_value_is_not_one_item_of_a_narrower_name() -> None:
    # 药用辅料及包装材料 (27) is the packaging of medicines, not packaging in general
    assert _target("包装材料和容器") == "C"
    assert _target("包装材料及制品") == "C"
    assert _target("资源与产权交易服务") == "72"  # an exact name still counts
    assert _target("生态监测") == "74"  # a specific item of 环境与生态监测检测服务 still counts


def test_g_goods_of_several_divisions_give_the_section() -> None:
    assert _target("粮油干货调味品") == "C"  # not 14 for the longest word
    assert _target("汽车轮胎") == "C"  # two words: as before


def test_h_two_character_typos() -> None:
    assert _target("纺识") == "17"  # 纺织
    assert _target("学术") is None  # a word of its own, not 美术


# --- unknown values ---------------------------------------------------------------------------


def test_unknown_value_is_kept_with_the_three_closest_divisions() -> None:
    r = normalize_industries(pd.Series(["网红孵化哈哈", "xyz乱码"], dtype=object))
    assert r.values.tolist() == ["网红孵化哈哈", "xyz乱码"]
    assert r.rule.tolist() == ["", ""]  # type: ignore[union-attr]
    assert r.derived["industry_code"].isna().all()
    (code, mask, hint), *_ = r.problems
    assert code == "industry.unknown"
    assert CODES[code].severity == "warning"
    assert mask.tolist() == [True, True]
    assert hint.tolist() == ["75 科技推广和应用服务业", NO_SUGGESTION]  # type: ignore[union-attr]


def test_suggestions_are_three_distinct_divisions_closest_first() -> None:
    found = suggestions("计算机网络")
    assert found == [
        "39 计算机、通信和其他电子设备制造业",
        "64 互联网和相关服务",
        "51 批发业",
    ]
    assert suggestions("asdfgh") == []  # no hint from Latin letters alone
    assert suggestions("") == []


# --- suggestions for an empty industry --------------------------------------------------------


def test_empty_industry_gets_a_suggestion_from_the_company_name_never_a_value() -> None:
    values = pd.Series([None, "  ", "零售", None], dtype=object)
    names = pd.Series(
        [
            "深圳市某某软件有限公司",
            "广州某某服装贸易有限公司",
            "北京某某软件有限公司",
            "某某有限公司",
        ]
    )
    r = normalize_industries(values, name=names)
    assert r.values.tolist() == [None, None, "零售业", None]
    suggested = {code: (mask, s) for code, mask, s in r.problems}["industry.suggested"]
    mask, text = suggested
    assert mask.tolist() == [True, True, False, False]  # filled cells and no hint: nothing
    assert text.tolist()[:2] == ["65 软件和信息技术服务业", "51 批发业"]  # type: ignore[union-attr]
    assert CODES["industry.suggested"].severity == "info"


def test_need_text_is_used_when_the_name_says_nothing() -> None:
    r = normalize_industries(
        pd.Series([None], dtype=object),
        name=pd.Series(["某某有限公司"]),
        need=pd.Series(["餐饮门店收银"]),
    )
    assert [(c, s.tolist()) for c, _, s in r.problems] == [  # type: ignore[union-attr]
        ("industry.suggested", ["62 餐饮业"])
    ]


def test_no_suggestion_without_name_or_need() -> None:
    r = normalize_industries(pd.Series([None, ""], dtype=object))
    assert r.problems == []
    assert r.values.tolist() == [None, None]


def test_guess_from_company_ignores_the_company_form() -> None:
    m = guess_from_company("深圳市某某软件有限公司")
    assert m is not None and (m.section, m.code) == ("I", "65")
    assert guess_from_company("某某股份有限公司") is None
    assert guess_from_company(None, None) is None


# --- rules.yaml synonyms ----------------------------------------------------------------------


def test_extra_synonyms_win_over_the_package_list() -> None:
    assert one("电商")["industry_code"] == "52"
    assert one("电商", extra_synonyms={"电商": "64"})["industry_code"] == "64"
    cell = one("跨境", extra_synonyms={"跨境": "批发业"})  # a name as the target
    assert (cell["industry_code"], cell["rule"]) == ("51", "industry.synonym")
    assert one("直营", extra_synonyms={"直营": "F"})["industry_section"] == "F"
    assert one("直营", extra_synonyms={"直营": "I64"})["industry_code"] == "64"


def test_bad_extra_synonyms_are_ignored() -> None:
    extra = {"电商": "99", "": "65", "x": "不存在的行业"}
    assert one("电商", extra_synonyms=extra)["industry_code"] == "52"


# --- the column contract ----------------------------------------------------------------------


def test_blank_cells_stay_blank_and_index_is_kept() -> None:
    values = pd.Series(["IT服务", None, "", "  ", float("nan")], index=[10, 11, 12, 13, 14])
    r = normalize_industries(values)
    assert r.values.index.tolist() == [10, 11, 12, 13, 14]
    assert r.values.tolist() == ["软件和信息技术服务业", None, None, None, None]
    for column in r.derived.values():
        assert column.index.equals(values.index)
        assert column.iloc[1:].isna().all()
    assert r.problems == []


def test_each_distinct_value_is_matched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import custinfo.normalize.industry as industry

    calls: Counter[object] = Counter()
    real = industry.match_industry

    def counting(text: object, extra: object = None) -> object:
        calls[text] += 1
        return real(text, extra)  # type: ignore[arg-type]

    monkeypatch.setattr(industry, "match_industry", counting)
    normalize_industries(pd.Series(["IT服务", "零售", "IT服务"] * 1000, dtype=object))
    assert calls == Counter({"IT服务": 1, "零售": 1})


_cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from([r["input"] for r in _labelled()]),
    st.sampled_from(list(industry_table().synonyms)),
    st.integers(min_value=-5, max_value=10_000),
    st.floats(allow_nan=True),
    st.text(
        alphabet="软件服装批发零售科技网络电子机械建筑物流/、（）()_ ABCI0123456789", max_size=12
    ),
)


@given(st.lists(_cells, max_size=25))
def test_never_raises(cells: list[object]) -> None:
    values = pd.Series(cells, dtype=object)
    r = normalize_industries(values, name=values, need=values)
    assert r.values.index.equals(values.index)
    for code, mask, _ in r.problems:
        assert code in CODES
        assert mask.index.equals(values.index)


@given(st.lists(_cells, max_size=25))
def test_idempotent(cells: list[object]) -> None:
    first = normalize_industries(pd.Series(cells, dtype=object))
    second = normalize_industries(first.values)
    assert second.values.tolist() == first.values.tolist()
    assert set(second.rule) <= {""}
    for name, column in first.derived.items():
        assert second.derived[name].tolist() == column.tolist()


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("川菜", "62"),  # a final 菜 or 餐 is a cuisine
        ("创意菜", "62"),  # also when the words before it are known
        ("自助餐", "62"),
        ("蔬菜", "01"),  # a known word wins
        ("旅游服务平台", "64"),  # a final 平台 is an internet platform
        ("挂号平台", "64"),
        ("第三方支付平台", "69"),  # unless a financial one
        ("通讯设备", "39"),  # a service's equipment: its maker
        ("医疗器械", "35"),
    ],
)
def test_f_a_final_word_says_what_kind_of_business(typed: str, target: str) -> None:
    assert _target(typed) == target


def test_g_wholesale_of_a_services_goods_and_wholesale_with_retail() -> None:
    assert _target("药品医疗批发") == "51"  # 医疗 alone would be 84
    assert _target("办公器材批发") == "51"
    assert _target("工业产品批发零售") == "F"  # both trades: the section
