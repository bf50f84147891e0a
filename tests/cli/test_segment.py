"""custinfo segment on a small workbook whose every tag is worked out by hand (as of 2024-06-30):
scale, urgency, annual amount and value, activity, potential, the priority quadrant and the
resource-fit step, layers (first match, `add`, unmatched), the label, RFM columns present, and
rules.yaml mistakes reported with their line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from tests.cli.conftest import write_xlsx

AS_OF = "2024-06-30"
CUSTOMERS = [
    ["客户编号", "客户名称", "客户类型", "联系电话", "所属行业", "所在地区", "员工人数", "年营收",
     "期望达成时间", "意向度", "资源匹配度", "客户状态", "负责人"],
    # C1: 500 staff = 大型 (boundary); expected in 30 days = 紧急 (boundary); 10万 in the year = 高
    ["C202401001", "深圳市星河机械制造有限公司", "企业", "13800138000", "通用设备制造业", "广东省深圳市",
     500, None, "2024-07-30", "高意向", "中", "成交客户", "张三"],
    # C2: 99 staff, revenue 1000万 = 中型 (revenue boundary); 31 days = 一般; 5万 = 中; fit 易 raises
    ["C202401002", "杭州云帆软件有限公司", "企业", "13900139000", "软件和信息技术服务业", "浙江省杭州市",
     99, "1000万", "2024-07-31", "中意向", "易", "意向客户", "李四"],
    # C3: 99 staff = 小型; 91 days = 长期; 49,999 = 低; interactions: 3 in 90 days = 中频
    ["C202401003", "成都小雨商贸有限公司", "企业", "13700137000", "批发业", "四川省成都市",
     99, None, "2024-09-29", "低意向", "难", "流失客户", "王五"],
    # C4: nothing known: no transactions (无交易), no date (未知), no size (未知)
    ["C202401004", "北京某某咨询有限公司", "企业", "13600136000", "商务服务业", "北京市",
     None, None, None, None, None, "潜在客户", "赵六"],
]  # fmt: skip
TRANSACTIONS = [
    ["客户编号", "订单编号", "交易日期", "交易金额"],
    ["C202401001", "O1", "2024-06-30", 60000],  # on the as-of day: in the window
    # 365 days with the as-of day: 2023-07-02 … 2024-06-30 (2024 has a 29 February)
    ["C202401001", "O2", "2023-07-02", 40000],  # the window's first day: in
    ["C202401001", "O3", "2023-07-01", 99999],  # one day too old: out
    ["C202401001", "O4", "2024-07-01", 99999],  # after as-of: ignored
    ["C202401002", "O5", "2024-05-01", 50000],
    ["C202401003", "O6", "2024-01-15", 49999],
    ["C999999999", "O7", "2024-01-15", 1000],  # no such customer: an orphan, counted
]
INTERACTIONS = [
    ["客户编号", "互动时间", "互动方式"],
    *[["C202401003", f"2024-06-{d:02d}", "电话"] for d in (1, 10, 20)],
    *[["C202401001", f"2024-{m:02d}-{d:02d}", "拜访"] for m in (4, 5, 6) for d in (2, 9, 16, 23)],
]
RULES = """
segment:
  tags:
    layers:
      - name: 制造业大客户
        when: "行业门类 == 'C' and 规模 == '大型'"
        add: true
      - name: 高价值客户
        when: "价值层级 == '高'"
      - name: 潜力客户
        when: "潜力 == 'A' or 价值层级 == '中'"
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "客户.xlsx",
        {"客户信息": CUSTOMERS, "交易记录": TRANSACTIONS, "互动记录": INTERACTIONS},
    )


def _segment(book: Path, *args: str) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    out = book.with_name("seg.jsonl")
    result = CliRunner().invoke(
        app,
        [
            "segment",
            str(book),
            "-o",
            str(out),
            "--as-of",
            AS_OF,
            "--fail-on",
            "never",
            "--json",
            *args,
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {r["customer_id"]: r for r in rows}, json.loads(result.stdout)


def test_every_tag_by_hand(book: Path) -> None:
    rows, summary = _segment(book)
    c1, c2, c3, c4 = (rows[f"C20240100{i}"] for i in range(1, 5))
    assert [r["tag_scale"] for r in (c1, c2, c3, c4)] == ["大型", "中型", "小型", "未知"]
    assert [r["tag_urgency"] for r in (c1, c2, c3, c4)] == ["紧急", "一般", "长期", "未知"]
    assert [r["annual_amount"] for r in (c1, c2, c3)] == [100000, 50000, 49999]
    assert [r["tag_value"] for r in (c1, c2, c3, c4)] == ["高", "中", "低", "无交易"]
    assert [r["tag_activity"] for r in (c1, c2, c3, c4)] == ["高频", "无互动", "中频", "无互动"]
    assert [r["tag_industry"] for r in (c1, c2)] == ["制造业", "信息传输、软件和信息技术服务业"]
    assert [r["tag_region"] for r in (c1, c2, c3, c4)] == ["华南", "华东", "西南", "华北"]
    assert [r["tag_potential"] for r in (c1, c2, c3, c4)] == ["A", "B", "C", "C"]
    # 重要性×紧急性: C1 高价值+紧急 = 高; C2 neither = 低, 易 raises it to 中; C3 低, 难 keeps 低
    assert [r["priority_quadrant"] for r in (c1, c2, c3, c4)] == ["高", "低", "低", "低"]
    assert [r["priority"] for r in (c1, c2, c3, c4)] == ["高", "中", "低", "低"]
    # the shipped layers: 流失 first, then 高价值, then 潜力
    assert [r["layer"] for r in (c1, c2, c3, c4)] == [
        "高价值客户",
        "潜力客户",
        "低价值·流失客户",
        "未分层",
    ]
    assert c1["label"] == "制造业-大型-高价值客户-高优先级需求"
    assert c4["rfm_segment"] == "无交易" and c4["f_count"] == 0
    assert c1["f_count"] == 2 and c1["m_amount"] == 100000 and c1["r_days"] == 0
    s = summary["segment"]
    assert s["customers"] == 4 and s["unmatched"] == 1 and s["orphan_transactions"] == 1
    assert s["layers"] == {"高价值客户": 1, "潜力客户": 1, "低价值·流失客户": 1, "未分层": 1}
    assert s["rfm_source"] == "transactions"


def test_custom_rules_first_match_and_add(book: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    rows, _ = _segment(book, "--rules", str(rules))
    c1, c2, c3 = (rows[f"C20240100{i}"] for i in range(1, 4))
    assert c1["layer"] == "高价值客户" and c1["tags"] == "制造业大客户、高价值客户"
    assert c2["layer"] == "潜力客户" and c2["tags"] == "潜力客户"
    assert c3["layer"] == "未分层" and c3["tags"] == ""  # no 流失 layer in this rules file


def test_workbook_has_the_segment_sheets(book: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "seg.xlsx"
    args = ["segment", str(book), "-o", str(out), "--as-of", AS_OF, "--fail-on", "never", "-q"]
    assert CliRunner().invoke(app, args).exit_code == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    assert {"客户标签", "客户分层", "RFM阈值", "客户层级"} <= set(wb.sheetnames)
    head = next(wb["客户标签"].iter_rows(max_row=1, values_only=True))
    assert {"客户编号", "规模", "紧急度", "价值层级", "RFM分层", "综合优先级", "组合标签"} <= set(
        head
    )
    segments = list(wb["客户分层"].iter_rows(values_only=True))
    assert segments[0][:2] == ("分层", "客户数")
    assert sum(r[1] for r in segments[1:]) == 4


def test_run_includes_the_segment_sheets(book: Path, tmp_path: Path) -> None:
    import openpyxl

    args = ["run", str(book), "--out-dir", str(tmp_path / "out"), "--as-of", AS_OF]
    assert CliRunner().invoke(app, [*args, "--fail-on", "never", "-q"]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "out" / "客户.annotated.xlsx", read_only=True)
    assert {"客户标签", "客户分层"} <= set(wb.sheetnames)


def test_a_bad_layer_condition_is_reported_with_its_line(book: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        'segment:\n  tags:\n    layers:\n      - name: 坏规则\n        when: "规模 > 5"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["segment", str(book), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "第 5 行" in result.stderr and "坏规则" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_potential_rule_cannot_read_the_layer(book: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "segment:\n  tags:\n    potential:\n      - name: A\n        when: \"客户层级 == '高价值客户'\"\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["segment", str(book), "--rules", str(rules)])
    assert result.exit_code == 2 and "客户层级" in result.stderr


def test_the_terminal_summary_counts_the_layers(book: Path) -> None:
    args = ["segment", str(book), "-o", str(book.with_name("s.csv")), "--as-of", AS_OF]
    result = CliRunner().invoke(app, [*args, "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    assert "分层：4 个客户" in result.stderr and "高价值客户 1" in result.stderr


def test_rfm_from_customer_columns_without_a_transactions_sheet(tmp_path: Path) -> None:
    rows = [
        ["客户编号", "客户名称", "客户类型", "联系电话", "客户状态", "负责人", "最近消费时间", "消费次数", "消费金额"],
        ["C202401001", "甲公司", "企业", "13800138000", "成交客户", "张三", "2024年6月20日", 3, "5万"],
        ["C202401002", "乙公司", "企业", "13900139000", "意向客户", "李四", None, None, None],
    ]  # fmt: skip
    book = write_xlsx(tmp_path / "客户.xlsx", {"客户信息": rows})
    out, summary = _segment(book)
    assert summary["segment"]["rfm_source"] == "customer_columns"
    a, b = out["C202401001"], out["C202401002"]
    assert (a["r_days"], a["f_count"], a["m_amount"]) == (10, 3, 50000)
    assert b["rfm_segment"] == "无交易"
