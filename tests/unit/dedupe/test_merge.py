"""Survivorship: each rule on a small frame with known answers, the ledger of lost values, and
re-keying interactions/transactions to the master's 客户编号."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo.config.model import SurvivorshipConfig
from custinfo.dedupe.merge import LOST_COLUMNS, id_map, merge, rekey

N = None


def frame(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    data = {k: pd.Series(v, dtype=object) for k, v in columns.items()}
    data["_sheet"] = pd.Series(["客户信息"] * n, dtype=object)
    data["_row"] = pd.Series(range(2, n + 2), dtype="int64")
    return pd.DataFrame(data)


def one(
    frame: pd.DataFrame,
    cfg: SurvivorshipConfig | None = None,
    invalid: dict[str, np.ndarray] | None = None,
) -> pd.Series:
    """The master of a frame that is all one cluster."""
    cluster = np.zeros(len(frame), dtype=np.int64)
    m = merge(frame, cluster, cfg or SurvivorshipConfig(), invalid)
    assert len(m.masters) == 1
    row: pd.Series = m.masters.iloc[0]
    return row


def rules(**fields: str) -> SurvivorshipConfig:
    """The default rules with some fields' rules changed."""
    return SurvivorshipConfig.model_validate({"fields": {**SurvivorshipConfig().fields, **fields}})


def test_earliest_id_wins_the_master_row() -> None:
    f = frame(
        customer_id=["C202406001", "202405-0002", N, "c202405001"],
        name=["甲", "乙", "丙", "丁"],
    )
    m = merge(f, np.array([5, 5, 5, 5]), rules(customer_id="earliest", name="newest"))
    master = m.masters.iloc[0]
    # 202405/1 (c202405001) < 202405/2 < 202406/1; blank IDs never win
    assert master["customer_id"] == "c202405001"
    assert master["_row"] == 5
    assert list(m.master_id) == ["c202405001"] * 4
    assert list(m.master_of) == [0, 0, 0, 0]


def test_ids_that_do_not_parse_come_after_those_that_do() -> None:
    f = frame(customer_id=["ABC", "KH-2024120001", "AAA"])
    assert one(f)["customer_id"] == "KH-2024120001"
    assert one(frame(customer_id=["ZZ", "AB"]))["customer_id"] == "AB"  # then as text


def test_a_cluster_without_ids_is_named_by_its_first_row() -> None:
    f = frame(customer_id=[N, "  "], name=["甲", "乙"])
    m = merge(f, np.array([1, 1]), SurvivorshipConfig())
    assert list(m.master_id) == ["行2", "行2"]
    assert m.masters["_row"].tolist() == [2]


def test_newest_reads_the_first_recency_date_a_row_has() -> None:
    f = frame(
        status=["潜在客户", "意向客户", "成交客户", N],
        updated_at=["2024-05-01", N, "不详", "2024-12-01"],
        last_interaction=[N, "2024/6/1", "2024年4月1日", N],
    )
    # rows: 05-01, 06-01 (from 互动时间), 04-01 (更新时间 unparsed), 12-01 with a blank status
    assert one(f, rules(status="newest"))["status"] == "意向客户"


def test_newest_ties_and_undated_rows_go_to_the_earlier_row() -> None:
    f = frame(status=["A", "B", "C"], updated_at=[N, "2024-05-01", "2024-05-01"])
    assert one(f, rules(status="newest"))["status"] == "B"
    assert one(frame(status=["A", "B"]), rules(status="newest"))["status"] == "A"


def test_most_complete_takes_the_fullest_row() -> None:
    f = frame(
        address=["南山区", "南山区科技园", N],
        contact=["王", "王总", "李"],
        email=[N, "w@x.com", N],
        updated_at=["2024-09-01", "2024-01-01", "2024-12-01"],
    )
    assert one(f, rules(address="most_complete"))["address"] == "南山区科技园"
    # contact: row 2 (3 fields) beats the newer rows
    assert one(f, rules(contact="most_complete"))["contact"] == "王总"


def test_longest_takes_the_longest_text() -> None:
    f = frame(name=["腾讯", "深圳市腾讯计算机系统有限公司", "腾讯科技", N])
    assert one(f, rules(name="longest"))["name"] == "深圳市腾讯计算机系统有限公司"


def test_first_contact_keeps_the_original_owner() -> None:
    f = frame(
        owner=["李", "张", "王", N],
        first_contact=["2024-03-01", "2024-01-15", N, "2023-01-01"],
    )
    master = one(f)  # owner: first_contact; first_contact: earliest (defaults)
    assert master["owner"] == "张"  # the 2023 row has no owner
    assert master["first_contact"] == "2023-01-01"


def test_valid_prefers_a_value_that_passed_validation() -> None:
    f = frame(
        credit_code=["91440300MA5XXXXXX1", "91440300708461136T", N],
        updated_at=["2024-06-01", "2024-01-01", "2024-12-01"],
    )
    invalid = {"credit_code": np.array([True, False, False])}
    assert one(f, invalid=invalid)["credit_code"] == "91440300708461136T"
    assert one(f)["credit_code"] == "91440300MA5XXXXXX1"  # without findings: newest


def test_phones_union_over_phone_columns_master_first() -> None:
    f = frame(
        customer_id=["C202406001", "C202405001", N],
        phone=["13800138000", "13900139000", "010-12345678"],
        phone_2=["010-12345678", " 13800138000 ", N],
        phone_type=["手机", "手机", "固话"],
    )
    m = merge(f, np.array([3, 3, 3]), SurvivorshipConfig())
    master = m.masters.iloc[0]
    assert list(m.masters.columns[:4]) == ["customer_id", "phone", "phone_2", "phone_3"]
    # the master row (C202405001) first; 13800138000 typed twice is kept once
    assert master[["phone", "phone_2", "phone_3"]].tolist() == [
        "13900139000",
        "13800138000",
        "010-12345678",
    ]
    assert master["phone_type"] == "手机"
    assert m.lost["field"].tolist() == ["customer_id"]  # union loses nothing


def test_a_duplicate_inside_the_master_row_is_cleared() -> None:
    f = frame(phone=["13800138000", "13800138000"], phone_2=["13800138000", N])
    master = one(f)
    assert master["phone"] == "13800138000"
    assert master["phone_2"] is None


def test_emails_and_wechat_union_ignoring_case_and_width() -> None:
    f = frame(
        email=["A@x.com", "a@x.com; b@y.com", N],
        wechat=["wx_1", "ＷＸ_1", "wx_2"],
    )
    master = one(f)
    assert master["email"] == "A@x.com; b@y.com"
    assert master["wechat"] == "wx_1; wx_2"


def test_notes_are_concatenated_in_row_order() -> None:
    f = frame(notes=["下周回访", N, "已报价", "下周回访", "  "])
    assert one(f)["notes"] == "下周回访；已报价"


def test_derived_columns_follow_their_field() -> None:
    f = frame(
        region=["深圳", "广东省广州市"],
        province=["广东省", "广东省"],
        city=["深圳市", "广州市"],
        contact=["王经理", "李四"],
        contact_surname=["王", "李"],
        updated_at=["2024-01-01", "2024-02-01"],
        first_contact=[N, N],
    )
    master = one(f, rules(region="newest", contact="longest"))
    assert master[["region", "province", "city"]].tolist() == ["广东省广州市", "广东省", "广州市"]
    assert master[["contact", "contact_surname"]].tolist() == ["王经理", "王"]


def test_lost_lists_exactly_the_losing_values() -> None:
    f = frame(
        customer_id=["C202406001", "C202405001", "C202407001"],
        name=["腾讯", "腾讯科技", "腾讯"],
        notes=["a", "b", N],
        updated_at=[N, N, N],
    )
    m = merge(f, np.array([0, 0, 1]), rules(name="longest"))
    assert list(m.lost.columns) == list(LOST_COLUMNS)
    assert m.lost.to_dict("records") == [
        {
            "sheet": "客户信息",
            "row": 2,
            "field": "customer_id",
            "value": "C202406001",
            "kept": "C202405001",
            "rule": "earliest",
        },
        {
            "sheet": "客户信息",
            "row": 2,
            "field": "name",
            "value": "腾讯",
            "kept": "腾讯科技",
            "rule": "longest",
        },
    ]


def test_singletons_pass_through_unchanged() -> None:
    f = frame(
        customer_id=["C202405001", N, "C202405002", "C202405003"],
        phone=["13800138000", "13900139000", "13700137000", "13600136000"],
        phone_2=["13800138000", N, N, N],
        notes=["x", N, "y", "z"],
    )
    m = merge(f, np.array([9, 4, 7, 9]), SurvivorshipConfig())
    assert len(m.masters) == 3
    # masters in the order of each cluster's first row
    assert m.masters["_row"].tolist() == [2, 3, 4]
    pd.testing.assert_frame_equal(
        m.masters.iloc[1:].reset_index(drop=True), f.iloc[[1, 2]].reset_index(drop=True)
    )
    assert list(m.master_of) == [0, 1, 2, 0]
    assert list(m.master_id) == ["C202405001", "行3", "C202405002", "C202405001"]


def test_no_clusters_is_the_frame_itself() -> None:
    f = frame(name=["甲", "乙"])
    m = merge(f, np.array([1, 2]), SurvivorshipConfig())
    pd.testing.assert_frame_equal(m.masters, f)
    assert m.lost.empty and list(m.lost.columns) == list(LOST_COLUMNS)


def test_rekey_matches_ids_ignoring_case_width_and_space() -> None:
    customers = frame(customer_id=["C202406001", "C202405001", "C202407001"])
    m = merge(customers, np.array([0, 0, 1]), SurvivorshipConfig())
    mapping = id_map(customers, m)
    assert mapping == {"C202406001": "C202405001"}
    inter = pd.DataFrame(
        {
            "customer_id": ["ｃ２０２４０６００１ ", "c202405001", "C202407001", N, "X"],
            "n": range(5),
        },
        dtype=object,
    )
    out, changed = rekey(inter, mapping)
    assert out["customer_id"].tolist() == ["C202405001", "c202405001", "C202407001", N, "X"]
    assert changed.tolist() == [True, False, False, False, False]
    assert inter["customer_id"].iloc[0] == "ｃ２０２４０６００１ "  # input untouched


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=6), min_size=1, max_size=40))
def test_every_row_has_exactly_one_master(clusters: list[int]) -> None:
    n = len(clusters)
    f = frame(
        customer_id=[f"C2024{(i % 12) + 1:02d}{i:03d}" if i % 3 else N for i in range(n)],
        phone=[f"1380013{i % 5:04d}" for i in range(n)],
        notes=[f"n{i % 4}" for i in range(n)],
        updated_at=[f"2024-{(i % 12) + 1:02d}-01" for i in range(n)],
    )
    cluster = np.array(clusters, dtype=np.int64)
    m = merge(f, cluster, SurvivorshipConfig())
    assert len(m.masters) == len(set(clusters))
    assert m.master_of.shape == (n,)
    # rows of one cluster share one master; different clusters never do
    pairs = set(zip(clusters, m.master_of.tolist(), strict=True))
    assert len(pairs) == len(set(clusters))
    assert sorted(set(m.master_of.tolist())) == list(range(len(m.masters)))
    # masters in the order of each cluster's first row
    firsts = [clusters.index(c) for c in dict.fromkeys(clusters)]
    assert m.master_of[firsts].tolist() == list(range(len(m.masters)))
    # the master's id is one of its cluster's rows' ids (or 行N of one of its rows)
    for i in range(n):
        members = [j for j in range(n) if clusters[j] == clusters[i]]
        names = {f["customer_id"].iloc[j] for j in members} | {f"行{j + 2}" for j in members}
        assert m.master_id[i] in names
