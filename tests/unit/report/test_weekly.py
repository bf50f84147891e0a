"""The weekly report's sections on two weeks of one small workbook, run through the real pipeline.

Week 1 is as of 2024-05-15 (2024-W20), week 2 as of 2024-05-22 (2024-W21). Week 2 plants: a new
customer (C202405009), a status change (C202401002 意向客户 → 成交客户), a segment drop (three of
C202401003's orders cancelled: 重要价值客户 → 一般挽留客户), and a second row of C202401001 that
dedupe merges. Both weeks hold a follow-up due in W21 (C202401001, 5/21), an overdue one
(C202401004, promised 5/10, last contact 5/1), a stale customer (C202401005, last contact
2023-09-01), a 流失客户 that is never stale (C202401006), a personal customer with no phone
(C202401007, 待补充) and 售后支持 in 4 of 5 制造业 customers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from custinfo.config import Config, load_rules
from custinfo.config.model import FollowupConfig
from custinfo.config.report import ReportConfig
from custinfo.dataset import Dataset
from custinfo.io import history
from custinfo.pipeline import run_pipeline
from custinfo.report import weekly as w
from custinfo.report.privacy import mask_name, mask_phone
from tests.cli.conftest import write_xlsx

WEEK1, WEEK2 = dt.date(2024, 5, 15), dt.date(2024, 5, 22)
HEAD: list[object] = ["客户编号", "客户名称", "客户类型", "联系人", "联系电话", "所属行业", "所在地区", "员工人数",
        "首次接触时间", "互动时间", "下次沟通时间", "需求类型", "需求描述", "客户状态", "负责人"]  # fmt: skip
INTERACTIONS = [
    ["客户编号", "互动时间", "互动方式"],
    ["C202401001", "2024-05-10", "电话"],
    ["C202401004", "2024-05-01", "电话"],
]
PHONES = ["13800138000", "13900139000", "13700137000", "13600136000", "13500135000", "13300133000",
          "13200132000", "13100131000"]  # fmt: skip


def customers(week: int) -> list[list[object]]:
    c002_status = "成交客户" if week == 2 else "意向客户"
    rows: list[list[object]] = [
        ["C202401001", "深圳市星河机械制造有限公司", "企业", "王总", "13800138000", "通用设备制造业",
         "广东省深圳市", 600, "2024-01-05", "2024-05-10", "2024-05-21", "售后支持",
         "售后支持、设备维护", "意向客户", "张三"],
        ["C202401002", "东莞华南精密制造有限公司", "企业", "李经理", "13900139000", "专用设备制造业",
         "广东省东莞市", 200, "2024-02-01", "2024-05-14", "2024-06-30", "售后支持",
         "售后支持；备件供应", c002_status, "张三"],
        ["C202401003", "苏州远航汽车零部件有限公司", "企业", "赵工", "13700137000", "汽车制造业",
         "江苏省苏州市", 800, "2024-01-10", "2024-05-12", "2024-06-30", "技术咨询", "技术培训",
         "成交客户", "李四"],
        ["C202401004", "杭州云帆软件有限公司", "企业", "钱总", "13600136000", "软件和信息技术服务业",
         "浙江省杭州市", 50, "2024-03-01", None, "2024-05-10", "软件定制", "系统集成/软件定制",
         "意向客户", "李四"],
        ["C202401005", "成都小雨商贸有限公司", "企业", "孙经理", "13500135000", "批发业",
         "四川省成都市", 20, "2023-08-01", "2023-09-01", None, "渠道合作", "渠道合作", "潜在客户", "王五"],
        ["C202401006", "北京旧友咨询有限公司", "企业", "周总", "13300133000", "商务服务业", "北京市",
         30, "2023-06-01", "2023-07-01", None, None, None, "流失客户", "王五"],
        ["C202401007", "张伟", "个人", "张伟", None, "零售业", "上海市", None, "2024-04-01",
         "2024-05-13", "2024-06-30", None, None, "潜在客户", "李四"],
        ["C202401008", "天津重工机械有限公司", "企业", "吴总", "13200132000", "通用设备制造业", "天津市",
         1200, "2024-01-20", "2024-05-11", "2024-06-30", "售后支持", "售后支持", "成交客户", "王五"],
    ]  # fmt: skip
    if week == 2:
        rows += [
            ["C202405009", "宁波海港机械制造有限公司", "企业", "郑总", "13100131000", "专用设备制造业",
             "浙江省宁波市", 300, "2024-05-21", "2024-05-21", "2024-05-28", "售后支持", "售后支持",
             "意向客户", "张三"],
            # C202401001 typed again by another rep: merged by dedupe
            [None, "深圳星河机械制造有限公司", "企业", "王经理", "138 0013 8000", "通用设备制造业",
             "广东深圳", 600, "2024-01-05", "2024-05-10", "2024-05-21", "售后支持", None, "意向客户",
             "张三"],
        ]  # fmt: skip
    return [HEAD, *rows]


def transactions(week: int) -> list[list[object]]:
    rows: list[list[object]] = [["客户编号", "订单编号", "交易日期", "交易金额"]]
    orders = [("C202401001", 5, 100_000), ("C202401003", 4, 80_000), ("C202401008", 4, 90_000),
              ("C202401002", 1, 10_000)]  # fmt: skip
    for cid, count, amount in orders:
        for i in range(count):
            if week == 2 and cid == "C202401003" and i > 0:
                continue  # cancelled
            rows.append([cid, f"{cid}-{i}", f"2024-0{1 + i}-15", amount])
    return rows


def _run(tmp: Path, week: int, as_of: dt.date) -> Dataset:
    sheets: dict[str, list[list[object]]] = {
        "客户信息": customers(week),
        "交易记录": transactions(week),
        "互动记录": INTERACTIONS,
    }
    path = write_xlsx(tmp / f"week{week}.xlsx", sheets)
    return run_pipeline(path, dataclasses.replace(load_rules(None), as_of=as_of)).dataset


@pytest.fixture(scope="module")
def weeks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Dataset]:
    tmp = tmp_path_factory.mktemp("weekly")
    return _run(tmp, 1, WEEK1), _run(tmp, 2, WEEK2)


@pytest.fixture(scope="module")
def snaps(weeks: tuple[Dataset, Dataset]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return w.snapshot(weeks[0], WEEK1), w.snapshot(weeks[1], WEEK2)


CONFIG = Config()
W21 = w.period(WEEK2)


@pytest.fixture(scope="module")
def sections(snaps: tuple[pd.DataFrame, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return w.build_sections(snaps[1], snaps[0], W21, CONFIG)


def rows(frame: pd.DataFrame, *cols: str) -> list[list[object]]:
    return frame[list(cols)].astype(object).values.tolist()


def test_period_and_file_name() -> None:
    p = w.period(WEEK1)
    assert (p.name, p.start, p.end) == ("2024-W20", dt.date(2024, 5, 13), dt.date(2024, 5, 19))
    assert w.report_filename(p) == "客户周报-2024-W20.xlsx"
    assert w.period(dt.date(2024, 12, 30)).name == "2025-W01"  # ISO year
    m = w.period(dt.date(2024, 2, 10), "month")
    assert (m.name, m.start, m.end) == ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert w.report_filename(m) == "客户月报-2024-02.xlsx"


def test_snapshot_one_row_per_customer_after_dedupe(
    weeks: tuple[Dataset, Dataset], snaps: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    ds, snap = weeks[1], snaps[1]
    assert list(snap.columns) == list(w.SNAPSHOT_COLUMNS)
    assert snap["customer_id"].tolist() == [f"C20240100{i}" for i in range(1, 9)] + ["C202405009"]
    one = snap.set_index("customer_id")
    # findings on both source rows of the merged customer (rows 2 and 11) count for it
    merged = ds.findings[ds.findings["sheet"].eq("客户信息") & ds.findings["row"].isin([2, 11])]
    assert one.at["C202401001", "findings"] == len(merged) > 0
    assert one.at["C202401007", "errors"] == 1  # required.missing 联系电话
    assert (one.at["C202401007", "missing"], one.at["C202401007", "missing_fields"]) == (1, "phone")
    assert one["missing"].sum() == 1
    # the latest contact comes from 互动记录 when the row has none
    assert one.at["C202401004", "last_interaction"] == pd.Timestamp("2024-05-01")
    assert one.at["C202401002", "status"] == "成交客户"
    assert one.at["C202401003", "rfm_segment"] == "一般挽留客户"
    for c in w.DATE_COLUMNS:
        assert pd.api.types.is_datetime64_any_dtype(snap[c])


def test_new_customers(
    snaps: tuple[pd.DataFrame, pd.DataFrame], sections: dict[str, pd.DataFrame]
) -> None:
    assert rows(sections["new_customers"], "owner", "customer_id") == [["张三", "C202405009"]]
    # without a previous snapshot: first contacted within the period
    alone = w.new_customers(snaps[1], None, W21, CONFIG)
    assert alone["customer_id"].tolist() == ["C202405009"]
    assert w.new_customers(snaps[0], None, w.period(WEEK1), CONFIG).empty


def test_status_changes(sections: dict[str, pd.DataFrame]) -> None:
    assert rows(
        sections["status_changes"], "owner", "customer_id", "previous_status", "status"
    ) == [["张三", "C202401002", "意向客户", "成交客户"]]


def test_migration_matrix_and_drops(sections: dict[str, pd.DataFrame]) -> None:
    matrix = sections["migration"].set_index("previous_segment")
    assert matrix.index.tolist() == ["重要价值客户", "一般挽留客户", "无交易", "新增"]
    assert matrix.columns.tolist() == ["重要价值客户", "一般挽留客户", "无交易", "已删除"]
    assert matrix.values.tolist() == [[2, 1, 0, 0], [0, 1, 0, 0], [0, 0, 4, 0], [0, 0, 1, 0]]
    assert rows(
        sections["dropped"], "owner", "customer_id", "previous_rfm_segment", "rfm_segment", "levels"
    ) == [["李四", "C202401003", "重要价值客户", "一般挽留客户", 7]]


def test_followups_due_and_overdue(sections: dict[str, pd.DataFrame]) -> None:
    assert rows(sections["followups"], "owner", "customer_id", "state", "days_overdue") == [
        ["张三", "C202401001", "due", 1],  # 5/21, within W21, one day late on the 22nd
        ["李四", "C202401004", "overdue", 12],  # 5/10, before W21, nothing since 5/1
    ]


def test_stale_skips_statuses_and_reads_config(
    snaps: tuple[pd.DataFrame, pd.DataFrame], sections: dict[str, pd.DataFrame]
) -> None:
    assert rows(sections["stale"], "owner", "customer_id", "days_since_contact") == [
        ["王五", "C202401005", 264]
    ]
    followup = FollowupConfig(stale_days=300, skip_statuses=[])
    config = CONFIG.model_copy(
        update={"validate_": CONFIG.validate_.model_copy(update={"followup": followup})}
    )
    assert w.stale(w.coerce(snaps[1]), None, W21, config)["customer_id"].tolist() == ["C202401006"]


def test_pool_candidates(sections: dict[str, pd.DataFrame]) -> None:
    # 30 days without contact by 5/26; 成交客户 never go back to the pool
    assert rows(sections["pool"], "customer_id", "release_date") == [
        ["C202401006", pd.Timestamp("2023-07-31")],
        ["C202401005", pd.Timestamp("2023-10-01")],
    ]
    assert w.report_config(CONFIG) == ReportConfig()


def test_to_complete_per_owner(sections: dict[str, pd.DataFrame]) -> None:
    frame = sections["to_complete"]
    assert rows(frame, "owner", "customer_id", "missing", "missing_fields") == [
        ["李四", "C202401007", 1, "phone"]
    ]
    assert w.localize(frame)["待补充项"].tolist() == ["联系电话"]
    blocks = w.report_sheets(sections)["待补充"]
    assert [title for title, _ in blocks] == ["负责人：李四"]


def test_frequent_needs_per_industry(sections: dict[str, pd.DataFrame]) -> None:
    needs = sections["needs"]
    top = needs[needs["tag_industry"].eq("制造业")]
    assert rows(top, "need", "customers", "industry_customers", "share", "rank")[0] == [
        "售后支持",
        4,
        5,
        0.8,
        1,
    ]
    assert set(top["need"]) == {"售后支持", "设备维护", "备件供应", "技术咨询", "技术培训"}
    software = needs[needs["tag_industry"].str.contains("软件")]
    assert rows(software, "need", "customers") == [
        ["系统集成", 1],
        ["软件定制", 1],
    ]  # 软件定制 counted once


def test_overview_quality_and_trend(
    snaps: tuple[pd.DataFrame, pd.DataFrame], sections: dict[str, pd.DataFrame]
) -> None:
    status = sections["overview"].query("dimension == 'status'")
    assert rows(status, "value", "customers", "previous", "change") == [
        ["意向客户", 3, 3, 0], ["成交客户", 3, 2, 1], ["潜在客户", 2, 2, 0], ["流失客户", 1, 1, 0]
    ]  # fmt: skip
    assert set(sections["overview"]["dimension"]) == set(w.DIMENSIONS)
    q = sections["quality"].set_index("metric")
    assert (q.at["quality", "value"], q.at["quality", "previous"]) == (88.9, 87.5)  # 8/9, 7/8
    history = pd.DataFrame(
        {"period": ["2024-W19", "2024-W20", "2024-W21"], "quality": [80.0, 87.5, 1.0],
         "findings": [12, 9, 1], "customers": [7, 8, 1], "as_of": ["", "", ""]}
    )  # fmt: skip
    trend = w.build_sections(snaps[1], snaps[0], W21, CONFIG, history=history)["trend"]
    assert rows(trend, "period", "quality", "customers") == [
        ["2024-W19", 80.0, 7], ["2024-W20", 87.5, 8], ["2024-W21", 88.9, 9]
    ]  # fmt: skip


def test_a_snapshot_read_back_from_history_gives_the_same_report(
    snaps: tuple[pd.DataFrame, pd.DataFrame], sections: dict[str, pd.DataFrame]
) -> None:
    stored = snaps[0].copy()  # as SQLite returns it: dates as text, counts as floats
    for c in w.DATE_COLUMNS:
        stored[c] = stored[c].dt.strftime("%Y-%m-%d %H:%M:%S").astype(object)
    stored[list(w.COUNT_COLUMNS)] = stored[list(w.COUNT_COLUMNS)].astype(float)
    again = w.build_sections(snaps[1], stored, W21, CONFIG)
    for key, frame in sections.items():
        pd.testing.assert_frame_equal(again[key], frame, check_dtype=False)


def test_summary_markdown(sections: dict[str, pd.DataFrame]) -> None:
    zh = w.summary_markdown(sections, W21)
    assert zh.startswith("# 客户周报 2024-W21\n")
    for line in (
        "新增客户：1",
        "状态变化：1",
        "分层下降：1",
        "逾期跟进：1",
        "需复核）：1",
        "数据质量：88.9 分（上期 87.5）",
    ):
        assert line in zh
    en = w.summary_markdown(sections, W21, "en")
    assert "New customers: 1" in en and "Data quality: 88.9/100 (previous 87.5)" in en


def test_masked_report_has_no_phone_and_no_personal_name(
    snaps: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    masked = w.build_sections(snaps[1], snaps[0], W21, CONFIG, mask=True)
    text = "\n".join(f.to_csv() for f in masked.values())
    text += "\n".join(
        f.to_csv() for blocks in w.report_sheets(masked, "en").values() for _, f in blocks
    )
    assert not re.search(r"1[3-9]\d{9}", text)
    assert not any(p in text for p in PHONES)
    assert "138****8000" in text and "张伟" not in text and "张*" in text
    assert "深圳市星河机械制造有限公司" in text  # companies keep their name


def test_mask_phone_and_name() -> None:
    phones = pd.Series(
        [
            "13800138000",
            "0755-88881234",
            "+86 13800138000",
            "138 0013 8000",
            "13800138000/13900139000",
            None,
        ]
    )
    assert mask_phone(phones).tolist() == [
        "138****8000", "0755-****1234", "+86 138****8000", "*** **** 8000", "138****8000/139****9000", None
    ]  # fmt: skip
    assert mask_name(pd.Series(["张三", "欧阳娜娜", "王", None])).tolist() == [
        "张*",
        "欧***",
        "王*",
        None,
    ]


def test_report_sheets_in_english(sections: dict[str, pd.DataFrame]) -> None:
    sheets = w.report_sheets(sections, "en")
    assert list(sheets) == ["Overview", "New customers", "Status changes", "Segment migration",
                            "Follow-ups", "To review", "Pool candidates", "To complete", "Frequent needs"]  # fmt: skip
    follow = sheets["Follow-ups"][0][1]
    assert follow["Reminder"].tolist() == ["Due", "Overdue"]
    matrix = sheets["Segment migration"][0][1]
    assert matrix.columns[0] == "Previous＼current segment" and matrix.columns[-1] == "Removed"
    assert matrix.iloc[-1, 0] == "New"


def test_overview_without_previous(snaps: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    first = w.overview(w.coerce(snaps[0]), None, w.period(WEEK1), CONFIG)
    scale = first[first["dimension"].eq("tag_scale")]
    assert rows(scale, "value", "customers") == [["大型", 3], ["小型", 3], ["中型", 1], ["未知", 1]]
    assert first["previous"].isna().all() and first["share"].sum() == pytest.approx(5.0)


def test_docs_settings_are_the_defaults() -> None:
    text = (Path(__file__).resolve().parents[3] / "docs" / "report.md").read_text("utf-8")
    block = yaml.safe_load(text.split("```yaml\n")[1].split("```")[0])
    assert ReportConfig.model_validate(block["report"]) == ReportConfig()
    assert FollowupConfig.model_validate(block["validate"]["followup"]) == FollowupConfig()


def test_through_the_run_history(
    tmp_path: Path,
    snaps: tuple[pd.DataFrame, pd.DataFrame],
    sections: dict[str, pd.DataFrame],
) -> None:
    db, w20 = tmp_path / "history.sqlite", w.period(WEEK1)
    run = history.Run("week", w20.name, str(WEEK1), "", "", "", "", "", w.run_counts(snaps[0]))
    history.record(db, run, snaps[0])
    found = history.previous(db, "week", W21.name)
    assert found is not None and found[0] == "2024-W20"
    again = w.build_sections(snaps[1], found[1], W21, CONFIG, history=history.runs(db, "week"))
    for key, frame in sections.items():
        if key != "trend":
            pd.testing.assert_frame_equal(again[key], frame, check_dtype=False)
    assert rows(again["trend"], "period", "quality") == [["2024-W20", 87.5], ["2024-W21", 88.9]]
