"""The dedupe stage as the spec: small workbooks run through validate -> normalize -> dedupe
(`run_pipeline(..., until="dedupe")`) and what `Dataset.dedupe` must say about them — the seeds'
王总/王经理 rule, the hard negatives that must stay apart, placeholders, personal customers, the
ledger's bookkeeping, the review table and the chaining guard — plus a property test over
generated frames run through the stage directly."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custinfo import dedupe
from custinfo.config import Rules, load_rules
from custinfo.dataset import LEDGER_COLUMNS, ROW_COL, Dataset, DedupeResult
from custinfo.fields import SheetKind
from custinfo.pipeline import run_pipeline
from tests.builders import xlsx
from tests.frames import make_dataset, make_table

HEADER = (
    "客户编号",
    "客户名称",
    "客户类型",
    "统一社会信用代码",
    "联系人",
    "联系电话",
    "邮箱",
    "所在地区",
    "所属行业",
    "客户状态",
    "负责人",
    "备注",
)
# valid GB 32100 codes (tests/unit/validate use them too)
CODE_X, CODE_Y = "91440300MA5DC6QX9C", "91110108MA01ABCD1E"
XINGHE = "深圳市星河科技有限公司"


# Rules whose arithmetic the tests pin, so tuning the default weights does not move them: two
# rows with the same contact (a personal customer's name is its contact) in the same city and
# different phones weigh -8 (prior) + 10 + 2.5 - 2 = 2.5, a match score of 100 x 2^2.5/(1+2^2.5).
PINNED = """
dedupe:
  fields:
    - {name: 电话, columns: [phone], comparator: phone}
    - {name: 联系人, columns: [contact], comparator: person_name, weights: {same: 10},
       on_different: review}
    - {name: 地区, columns: [city], comparator: exact, weights: {same: 2.5, different: -3}}
    - {name: 信用代码, columns: [credit_code], comparator: exact, on_different: veto}
  blocking:
    - {name: 信用代码相同, keys: ["exact(credit_code)"]}
    - {name: 联系人同名（同城）, keys: ["exact(contact)", "exact(city)"]}
"""
PINNED_SCORE = 85.0


def pinned_rules(tmp_path: Path) -> Rules:
    path = tmp_path / "rules.yaml"
    path.write_text(PINNED, encoding="utf-8")
    return load_rules(path)


def row(
    cid: str,
    name: str,
    *,
    kind: str = "企业",
    code: str | None = None,
    contact: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    region: str = "深圳",
    industry: str = "软件",
    status: str = "意向客户",
    owner: str = "张三",
    notes: str | None = None,
) -> list[object]:
    return [cid, name, kind, code, contact, phone, email, region, industry, status, owner, notes]


def run(
    tmp_path: Path,
    rows: Sequence[Sequence[object]],
    extra: dict[str, list[list[object]]] | None = None,
    rules: Rules | None = None,
) -> Dataset:
    """Write 客户信息 (header on row 1, so record i is Excel row i + 2) and run up to dedupe."""
    path = xlsx(tmp_path / "客户.xlsx", {"客户信息": [HEADER, *rows], **(extra or {})})
    ds = run_pipeline(path, rules or load_rules(None), until="dedupe").dataset
    assert ds.dedupe is not None
    return ds


def result(ds: Dataset) -> DedupeResult:
    assert ds.dedupe is not None
    return ds.dedupe


def ledger_by_row(ds: Dataset) -> pd.DataFrame:
    return result(ds).ledger.set_index("source_row")


def same_cluster(ds: Dataset, a: int, b: int) -> bool:
    """Are Excel rows a and b one customer?"""
    cluster = ledger_by_row(ds)["cluster_id"]
    return bool(cluster[a] == cluster[b])


def review_pairs(ds: Dataset) -> set[tuple[int, int]]:
    r = result(ds).review
    return {(min(a, b), max(a, b)) for a, b in zip(r["row_a"], r["row_b"], strict=True)}


# ---- the seeds' rule ---------------------------------------------------------------------------


def test_wang_zong_and_wang_jingli_on_one_mobile_are_one_customer(tmp_path: Path) -> None:
    rows = [
        row("C202405002", XINGHE, contact="王总", phone="13800138000", status="意向客户"),
        row("C202405001", XINGHE, contact="王经理", phone="+86 138 0013 8000", owner="李四"),
        row("C202405003", "深圳市明月贸易有限公司", contact="李明", phone="13912345678"),
    ]
    extra: dict[str, list[list[object]]] = {
        "互动记录": [
            ["客户编号", "互动时间", "互动方式", "沟通内容", "负责人"],
            ["C202405002", "2024-05-10", "电话", "介绍产品", "张三"],
            ["C202405003", "2024-05-12", "微信", "报价", "张三"],
        ],
        "交易记录": [
            ["客户编号", "订单编号", "交易日期", "交易金额", "产品/服务", "负责人"],
            ["C202405002", "D0001", "2024-05-11", 1000, "软件", "张三"],
        ],
    }
    ds = run(tmp_path, rows, extra)
    d = result(ds)
    led = ledger_by_row(ds)
    assert same_cluster(ds, 2, 3)
    assert not same_cluster(ds, 2, 4)
    # the master keeps the earliest 客户编号 (C202405001, typed on the second row)
    assert set(led.loc[[2, 3], "master_id"]) == {"C202405001"}
    assert led.loc[4, "master_id"] == "C202405003"
    merged = led.loc[2]  # the non-master row carries the link's score and evidence
    assert merged["match_score"] >= 90
    assert "电话相同" in merged["evidence"]
    assert "联系人同姓(王总/王经理)" in merged["evidence"]
    assert "主记录" in str(led.loc[3, "evidence"])
    assert len(d.masters) == 2
    assert sorted(d.masters["customer_id"]) == ["C202405001", "C202405003"]
    # interactions and transactions of the merged ID now hang on the master's
    assert d.interactions is not None and d.transactions is not None
    assert list(d.interactions["customer_id"]) == ["C202405001", "C202405003"]
    assert list(d.transactions["customer_id"]) == ["C202405001"]
    # the user's rows stay as read
    assert list(ds.customers["customer_id"]) == ["C202405002", "C202405001", "C202405003"]
    assert d.stats["clusters"] == 1 and d.stats["merged_records"] == 1


# ---- hard negatives ----------------------------------------------------------------------------


def test_same_surname_in_one_city_with_different_phones_stays_apart(tmp_path: Path) -> None:
    rows = [
        row("C202405001", "王伟", kind="个人", phone="13700137000", industry="零售"),
        row("C202405002", "王芳", kind="个人", phone="13600136000", industry="零售"),
        row("C202405003", XINGHE, contact="王总", phone="13800138000"),
        row("C202405004", "深圳市明月贸易有限公司", contact="王经理", phone="13912345678"),
    ]
    ds = run(tmp_path, rows)
    assert ledger_by_row(ds)["cluster_id"].nunique() == 4
    assert result(ds).stats["merge_links"] == 0


def test_huawei_technologies_and_huawei_device_stay_apart(tmp_path: Path) -> None:
    rows = [
        row("C202405001", "华为技术有限公司", contact="张伟", phone="13800138000"),
        row("C202405002", "华为终端有限公司", contact="李娜", phone="13912345678"),
    ]
    ds = run(tmp_path, rows)
    assert not same_cluster(ds, 2, 3)
    assert len(result(ds).masters) == 2


def test_two_contacts_on_one_switchboard_go_to_review_not_merged(tmp_path: Path) -> None:
    rows = [
        row("C202405001", XINGHE, contact="张伟", phone="0755-88881234"),
        row("C202405002", XINGHE, contact="李娜", phone="0755-88881234"),
    ]
    ds = run(tmp_path, rows)
    assert not same_cluster(ds, 2, 3)
    assert review_pairs(ds) == {(2, 3)}
    pair = result(ds).review.iloc[0]
    assert "联系人不同" in pair["evidence"]
    assert {pair["contact_a"], pair["contact_b"]} == {"张伟", "李娜"}


def test_different_credit_codes_veto_even_with_the_same_phone(tmp_path: Path) -> None:
    rows = [
        row("C202405001", XINGHE, code=CODE_X, contact="王总", phone="13800138000"),
        row("C202405002", XINGHE, code=CODE_Y, contact="王总", phone="13800138000"),
    ]
    ds = run(tmp_path, rows)
    assert not same_cluster(ds, 2, 3)
    assert result(ds).stats["candidate_pairs"] == 1  # compared, and vetoed
    assert result(ds).stats["merge_links"] == 0
    assert review_pairs(ds) == set()  # a veto is a no, not a question


# ---- placeholders ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code_a", "code_b"),
    [("暂无", "暂无"), (CODE_X, "暂无"), ("暂无", CODE_X), ("无", None)],
    ids=["both", "one", "other", "无-blank"],
)
def test_a_placeholder_credit_code_neither_vetoes_nor_agrees(
    tmp_path: Path, code_a: str | None, code_b: str | None
) -> None:
    rows = [
        row("C202405001", XINGHE, code=code_a, contact="王总", phone="13800138000"),
        row("C202405002", XINGHE, code=code_b, contact="王总", phone="13800138000"),
    ]
    ds = run(tmp_path, rows)
    assert same_cluster(ds, 2, 3)  # no veto
    assert "信用代码" not in str(ledger_by_row(ds).loc[3, "evidence"])  # and no agreement


def test_two_placeholders_score_like_two_blanks(tmp_path: Path) -> None:
    """Two 暂无 are not a shared credit code: with a rule blocking on the credit code and a
    field comparing it, the sheet scores exactly as if both cells were empty."""

    def rows(code: str | None) -> list[list[object]]:
        return [
            row("C202405001", "王伟", kind="个人", code=code, phone="13700137000"),
            row("C202405002", "王伟", kind="个人", code=code, phone="13500135000"),
            row("C202405003", "深圳市明月贸易有限公司", code=code, contact="赵六", phone="139"),
            row("C202405004", "广州蓝天贸易有限公司", code=code, contact="钱七", phone="136"),
        ]

    rules = pinned_rules(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    placeholder = result(run(tmp_path / "a", rows("暂无"), rules=rules))
    blank = result(run(tmp_path / "b", rows(None), rules=rules))
    pd.testing.assert_frame_equal(
        placeholder.ledger.drop(columns="lost_values"), blank.ledger.drop(columns="lost_values")
    )
    cols = ["row_a", "row_b", "match_score", "evidence"]
    pd.testing.assert_frame_equal(placeholder.review[cols], blank.review[cols])
    assert placeholder.stats["candidate_pairs"] == blank.stats["candidate_pairs"] == 1
    assert list(placeholder.review["match_score"]) == [PINNED_SCORE]
    assert not placeholder.review["evidence"].str.contains("信用代码").any()


# ---- personal customers ------------------------------------------------------------------------


def test_a_personal_customer_and_mr_li_on_the_same_mobile_are_merged(tmp_path: Path) -> None:
    rows = [
        row("C202405001", "李明", kind="个人", phone="13800138000", industry="零售"),
        row("C202405002", "李先生", kind="个人", phone="138-0013-8000", industry="零售"),
    ]
    ds = run(tmp_path, rows)
    assert same_cluster(ds, 2, 3)
    evidence = str(ledger_by_row(ds).loc[3, "evidence"])
    assert "电话相同" in evidence and "(李明/李先生)" in evidence
    assert "公司名" not in evidence  # a person's name is not compared as a company's
    masters = result(ds).masters
    assert len(masters) == 1 and masters.iloc[0]["customer_id"] == "C202405001"


# ---- the ledger --------------------------------------------------------------------------------


def mixed_rows() -> list[list[object]]:
    """Two clusters (one of three rows), a switchboard pair, a veto pair and singletons."""
    return [
        row("C202405003", XINGHE, contact="王总", phone="13800138000", owner="张三"),  # 2
        row("C202405001", XINGHE, contact="王经理", phone="13800138000", owner="李四"),  # 3
        row("C202405005", "李明", kind="个人", phone="13912345678", industry="零售"),  # 4
        row("C202405002", XINGHE, contact="王总", phone="138 0013 8000", notes="老客户"),  # 5
        row("C202405006", "李先生", kind="个人", phone="13912345678", industry="零售"),  # 6
        row("C202405007", "深圳市明月贸易有限公司", contact="张伟", phone="0755-88881234"),  # 7
        row("C202405008", "深圳市明月贸易有限公司", contact="李娜", phone="0755-88881234"),  # 8
        row("C202405009", "广州蓝天科技有限公司", code=CODE_X, contact="赵总", phone="13600136000"),
        row("C202405010", "广州蓝天科技有限公司", code=CODE_Y, contact="赵总", phone="13600136000"),
        row("C202405011", "华为技术有限公司", contact="孙丽", phone="13500135000"),  # 11
    ]


def test_every_row_is_in_the_ledger_once_and_clusters_match_masters(tmp_path: Path) -> None:
    ds = run(tmp_path, mixed_rows())
    d = result(ds)
    led = d.ledger
    assert tuple(led.columns) == LEDGER_COLUMNS
    assert sorted(led["source_row"]) == list(range(2, 12))
    assert led["source_row"].is_unique
    assert set(led["source_sheet"]) == {"客户信息"}
    assert len(d.masters) == led["cluster_id"].nunique() == d.stats["customers"]
    assert d.stats["records"] == 10
    assert d.stats["records"] == d.stats["customers"] + d.stats["merged_records"]
    # one master_id per cluster, and it is a master's 客户编号
    assert (led.groupby("cluster_id")["master_id"].nunique() == 1).all()
    assert set(led["master_id"]) == set(d.masters["customer_id"])
    by_row = led.set_index("source_row")
    assert same_cluster(ds, 2, 3) and same_cluster(ds, 3, 5)
    assert same_cluster(ds, 4, 6)
    assert set(by_row.loc[[2, 3, 5], "master_id"]) == {"C202405001"}
    for a, b in [(7, 8), (9, 10), (2, 4), (2, 11)]:
        assert not same_cluster(ds, a, b)
    # match_score: blank for masters and singletons, the link's score for merged rows
    masters = set(d.masters[ROW_COL])
    size = led.groupby("cluster_id")["cluster_id"].transform("size")
    merged = (size > 1) & ~led["source_row"].isin(masters)
    assert led.loc[~merged, "match_score"].isna().all()
    assert (led.loc[merged, "match_score"] >= 90).all()
    assert (led.loc[merged, "evidence"] != "").all()
    assert merged.sum() == d.stats["merged_records"] == 3
    assert (led.loc[size == 1, "evidence"] == "").all()
    assert (led.loc[size == 1, "lost_values"] == "").all()
    # clusters: one row per cluster of 2+, rows listed
    clusters = d.clusters.set_index("master_id")
    assert clusters.loc["C202405001", "records"] == 3
    assert clusters.loc["C202405001", "rows"] == "2, 3, 5"
    assert len(d.clusters) == d.stats["clusters"] == 2


def test_lost_values_name_each_value_the_master_did_not_keep(tmp_path: Path) -> None:
    ds = run(tmp_path, mixed_rows())
    d = result(ds)
    led = ledger_by_row(ds)
    headers = {"客户编号": "customer_id", "负责人": "owner", "联系人": "contact"}
    customers = ds.customers.set_index(ROW_COL)
    masters = d.masters.set_index("customer_id", drop=False)
    seen: set[str] = set()
    for source_row, text in zip(led.index, led["lost_values"], strict=True):
        if not text:
            continue
        master = masters.loc[led.loc[source_row, "master_id"]]
        for item in str(text).split("; "):
            header, _, value = item.partition("=")
            seen.add(header)
            if header in headers:
                field = headers[header]
                assert str(customers.loc[source_row, field]) == value  # the row's own value
                assert str(master[field]) != value  # … which the master does not have
    # the merged rows' IDs are lost (the earliest is kept), and so is an owner
    assert "客户编号=C202405003" in str(led.loc[2, "lost_values"])
    assert "客户编号=C202405002" in str(led.loc[5, "lost_values"])
    assert {"客户编号", "负责人"} <= seen


# ---- review and the chaining guard -------------------------------------------------------------


def test_review_holds_pairs_between_the_lines_with_both_sides(tmp_path: Path) -> None:
    rows = [
        row("C202405001", "王伟", kind="个人", phone="13700137000", industry="零售"),
        row("C202405002", "王伟", kind="个人", phone="13500135000", industry="零售"),
        row("C202405003", "深圳市明月贸易有限公司", contact="赵六", phone="13912345678"),
    ]
    ds = run(tmp_path, rows, rules=pinned_rules(tmp_path))
    r = result(ds).review
    assert review_pairs(ds) == {(2, 3)}
    pair = r.iloc[0]
    assert pair["match_score"] == PINNED_SCORE  # between review_score 50 and merge_score 90
    assert not same_cluster(ds, 2, 3)
    assert (pair["name_a"], pair["name_b"]) == ("王伟", "王伟")
    assert (pair["phone_a"], pair["phone_b"]) == ("13700137000", "13500135000")
    assert (pair["customer_id_a"], pair["customer_id_b"]) == ("C202405001", "C202405002")
    assert (pair["city_a"], pair["city_b"]) == ("深圳市", "深圳市")
    assert pair["evidence"] == "联系人相同; 地区相同; 电话不同"  # strongest first
    assert pair["decision"] == ""
    assert list(r["pair_id"]) == [1]
    assert result(ds).stats["review_pairs"] == 1
    # and both rows carry a dedupe.review finding pointing at the other
    f = ds.findings[ds.findings["code"] == "dedupe.review"]
    assert set(f["row"]) == {2, 3}
    assert set(f["suggestion"]) == {"C202405001", "C202405002"}  # the other record's ID


def test_review_scores_are_at_least_the_review_line_and_pairs_are_apart(tmp_path: Path) -> None:
    ds = run(tmp_path, mixed_rows())
    r = result(ds).review
    assert len(r)
    assert (r["match_score"] >= 50).all()
    cluster = ledger_by_row(ds)["cluster_id"]
    assert (cluster[r["row_a"]].to_numpy() != cluster[r["row_b"]].to_numpy()).all()
    # a pair that scores 90+ is only in review when a review-only field differs (联系人)
    high = r[r["match_score"] >= 90]
    assert high["evidence"].str.contains("不同").all()


def test_a_chain_through_a_row_without_a_credit_code_is_split(tmp_path: Path) -> None:
    """A–B share a phone, B–C an e-mail, A and C have different credit codes: A and C are never
    one customer; the weaker link is refused and goes to review."""
    rows = [
        row("C202405001", XINGHE, code=CODE_X, contact="王总", phone="13800138000"),
        row("C202405002", XINGHE, contact="王总", phone="13800138000", email="wang@xinghe.cn"),
        row(
            "C202405003",
            XINGHE,
            code=CODE_Y,
            contact="王总",
            phone="13912345678",
            email="wang@xinghe.cn",
        ),
    ]
    ds = run(tmp_path, rows)
    assert not same_cluster(ds, 2, 4)
    assert same_cluster(ds, 2, 3) != same_cluster(ds, 3, 4)  # B joins exactly one of them
    apart = (3, 4) if same_cluster(ds, 2, 3) else (2, 3)
    assert apart in review_pairs(ds)
    d = result(ds)
    assert len(d.masters) == 2
    assert d.stats["clusters"] == 1 and d.stats["merged_records"] == 1


# ---- property: every row accounted for --------------------------------------------------------

NAMES = ("深圳市星河科技有限公司", "星河科技（深圳）有限公司", "华为技术有限公司", "王伟", "李明")
CONTACTS = ("王总", "王经理", "李娜", None)
PHONES = ("13800138000", "+86 138 0013 8000", "0755-88881234", "13912345678", None)
CODES = (CODE_X, CODE_Y, "暂无", None)
EMAILS = ("wang@xinghe.cn", "WANG@xinghe.cn", None)

record = st.fixed_dictionaries(
    {
        "name": st.sampled_from(NAMES),
        "contact": st.sampled_from(CONTACTS),
        "phone": st.sampled_from(PHONES),
        "credit_code": st.sampled_from(CODES),
        "email": st.sampled_from(EMAILS),
        "customer_type": st.sampled_from(("企业", "个人")),
    }
)


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, str | None]]:
    """A few records, each repeated 0-2 more times (exactly, or with one field changed)."""
    base = draw(st.lists(record, min_size=1, max_size=8))
    out: list[dict[str, str | None]] = []
    for r in base:
        out.append(r)
        for _ in range(draw(st.integers(0, 2))):
            copy = dict(r)
            if draw(st.booleans()):
                key = draw(st.sampled_from(sorted(copy)))
                copy[key] = draw(record)[key]
            out.append(copy)
    order = draw(st.permutations(range(len(out))))
    return [
        {"customer_id": f"C2024{(i % 12) + 1:02d}{i:03d}", **out[k]} for i, k in enumerate(order)
    ]


RULES = load_rules(None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_every_row_is_accounted_for_once_and_the_stats_add_up(
    rows: list[dict[str, str | None]],
) -> None:
    ds = make_dataset(make_table(SheetKind.CUSTOMERS, rows))
    d = result(dedupe.run(ds, RULES))
    led, s = d.ledger, d.stats
    n = len(rows)
    assert tuple(led.columns) == LEDGER_COLUMNS
    assert sorted(led["source_row"]) == list(range(2, n + 2))
    assert s["records"] == n == s["customers"] + s["merged_records"]
    assert len(d.masters) == s["customers"] == led["cluster_id"].nunique()
    size = led.groupby("cluster_id").size()
    assert s["clusters"] == int((size > 1).sum())
    assert s["merged_records"] == int((size[size > 1] - 1).sum())
    # each cluster has one master row among its own rows, and only it and singletons score blank
    masters = d.masters[ROW_COL].to_numpy()
    assert set(masters) <= set(led["source_row"])
    master_cluster = led.set_index("source_row").loc[masters, "cluster_id"]
    assert master_cluster.is_unique
    blank = led["match_score"].isna().to_numpy()
    assert np.array_equal(blank, led["source_row"].isin(masters).to_numpy())
    # a vetoed pair (two different credit codes) is never in one cluster
    codes = pd.Series([r["credit_code"] for r in rows], index=range(2, n + 2))
    for _, group in led.groupby("cluster_id"):
        real = {c for c in codes[group["source_row"]] if c in (CODE_X, CODE_Y)}
        assert len(real) <= 1
