"""rules.yaml's own checks (`validate.rules`) and per-code severities (`validate.severity`):
compiled when the file is loaded, every mistake reported with its line; run with the others."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from custinfo.config import Rules, load_rules
from custinfo.dataset import Dataset, Table
from custinfo.errors import ConfigError
from custinfo.fields import SheetKind
from custinfo.findings import flat
from custinfo.report.messages import render
from custinfo.validate import run, with_severities
from tests.frames import make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)
C, I = SheetKind.CUSTOMERS, SheetKind.INTERACTIONS  # noqa: E741


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, "utf-8")
    return path


def load(tmp_path: Path, text: str) -> Rules:
    return replace(load_rules(write(tmp_path, text)), as_of=AS_OF)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_rules(write(tmp_path, text))
    return info.value.problems


def validated(rules: Rules, *tables: Table) -> Dataset:
    return run(make_dataset(*tables), rules)


def user_findings(ds: Dataset) -> pd.DataFrame:
    found = ds.findings
    return found[found["code"].str.startswith("rule.")]


RULE = """\
validate:
  rules:
    - name: 成交无预算
      when: 客户状态 == '成交客户' and is_blank(预算下限)
      severity: error
      message: 「{header}」为「{value}」，但没有填预算
      message_en: "{header} is {value} but has no budget"
      hint: 请补填预算范围
"""


def customers() -> Table:
    return make_table(
        C,
        [
            {"name": "甲", "status": "成交", "budget": None},  # synonym of 成交客户, no budget
            {"name": "乙", "status": "成交客户", "budget": "5-10万"},
            {"name": "丙", "status": "意向客户", "budget": None},
        ],
        fields=["name", "status", "budget"],
    )


# --- a valid rule ----------------------------------------------------------------------------


def test_user_rule_loads_and_runs(tmp_path: Path) -> None:
    rules = load(tmp_path, RULE)
    (compiled,) = rules.user_rules
    assert compiled.code.slug == "rule.成交无预算" and compiled.field == "status"
    ds = validated(rules, customers())
    found = user_findings(ds)
    assert flat(found, "sheet", "row", "column", "field", "code", "severity", "value") == [
        ["客户信息", 2, "B", "status", "rule.成交无预算", "error", "成交"]
    ]
    said = render(found, codes=ds.codes)
    assert said["message"].tolist() == ["「客户状态」为「成交」，但没有填预算"]
    assert said["hint"].tolist() == ["请补填预算范围"]
    assert said["ref"].tolist() == ["客户信息!B2"]
    assert render(found, "en", codes=ds.codes)["message"].tolist() == [
        "客户状态 is 成交 but has no budget"
    ]


def test_rule_defaults_warning_and_marks_its_field(tmp_path: Path) -> None:
    rules = load(
        tmp_path,
        "validate:\n"
        "  rules:\n"
        "    - name: 预算过低\n"
        "      when: 预算上限 < 10000 and 客户类型 == '企业'\n"
        "      message: 预算 {value} 太低\n"
        "    - name: 久未互动\n"
        "      when: days_since(首次接触时间) > 365\n"
        "      field: 负责人\n"
        "      message: 请{value}跟进\n",
    )
    table = make_table(
        C,
        [
            {
                "customer_type": "企业",
                "budget": "3000-5000",
                "first_contact": "2024-01-01",
                "owner": "张",
            },
            {
                "customer_type": "个人",
                "budget": "3000",
                "first_contact": "2023-06-29",
                "owner": "李",
            },
        ],
    )
    ds = validated(rules, table)
    # a derived column (预算上限) marks its source (预算范围); `field:` takes a Chinese header
    assert flat(user_findings(ds), "row", "column", "field", "code", "severity", "value") == [
        [2, "B", "budget", "rule.预算过低", "warning", "3000-5000"],
        [3, "D", "owner", "rule.久未互动", "warning", "李"],
    ]
    messages = render(user_findings(ds), codes=ds.codes)["message"].tolist()
    assert sorted(messages) == ["请李跟进", "预算 3000-5000 太低"]


def test_rule_on_another_sheet(tmp_path: Path) -> None:
    rules = load(
        tmp_path,
        "validate:\n"
        "  rules:\n"
        "    - name: 空内容\n"
        "      sheet: interactions\n"
        "      when: is_blank(沟通内容) and 互动方式 == '线下拜访'\n"
        "      message: 拜访没有记录内容\n",
    )
    interactions = make_table(
        I,
        [
            {"customer_id": "C202405001", "interaction_date": "2024-05-01", "channel": "拜访"},
            {"customer_id": "C202405001", "interaction_date": "2024-05-02", "channel": "电话"},
            {
                "customer_id": "C202405001",
                "interaction_date": "2024-05-03",
                "channel": "线下拜访",
                "content": "演示",
            },
        ],
        fields=["customer_id", "interaction_date", "channel", "content"],
    )
    ds = validated(rules, make_table(C, [{"customer_id": "C202405001"}]), interactions)
    # is_blank(沟通内容) is named first, so 沟通内容 is the marked cell
    assert flat(user_findings(ds), "sheet", "row", "column", "code") == [
        ["互动记录", 2, "D", "rule.空内容"]
    ]


def test_no_sheet_no_rule_findings(tmp_path: Path) -> None:
    rules = load(
        tmp_path,
        "validate:\n  rules:\n    - name: x\n      sheet: transactions\n"
        "      when: 交易金额 > 0\n      message: x\n",
    )
    assert user_findings(validated(rules, customers())).empty


def test_rule_marks_the_first_named_field_even_when_a_shorter_name_is_inside_it(
    tmp_path: Path,
) -> None:
    rules = load(
        tmp_path,
        "validate:\n  rules:\n    - name: r\n"
        "      when: 客户状态 == '成交客户' and not_blank(客户名称)\n      message: x\n",
    )
    assert rules.user_rules[0].field == "status"


# --- mistakes, each with its line ----------------------------------------------------------


def test_unknown_name_in_when_names_rule_line_and_character(tmp_path: Path) -> None:
    text = (
        "validate:\n"  # 1
        "  rules:\n"  # 2
        "    - name: 大单\n"  # 3
        "      when: 客户状态 == '成交客户' and 预算上线 < 1000\n"  # 4
        "      message: x\n"  # 5
    )
    (line,) = problems(tmp_path, text)
    # 预算上线 (a typo of 预算上限) starts at the 20th character of the condition
    assert line.startswith(
        "错误: rules.yaml 第 4 行 validate.rules[0].when 规则「大单」的条件（第 20 个字符）: "
    )
    assert "预算上线" in line
    with pytest.raises(ConfigError) as info:
        load_rules(write(tmp_path, text))
    (en,) = info.value.problems_en
    assert en.startswith(
        "error: rules.yaml line 4 validate.rules[0].when rule '大单' condition (character 20): "
    )


def test_python_in_when_is_refused(tmp_path: Path) -> None:
    (line,) = problems(
        tmp_path,
        "validate:\n  rules:\n    - name: evil\n      when: __import__('os')\n      message: x\n",
    )
    assert line.startswith(
        "错误: rules.yaml 第 4 行 validate.rules[0].when 规则「evil」的条件（第 1 个字符）: "
    )
    assert "__import__" in line
    (line,) = problems(
        tmp_path,
        "validate:\n  rules:\n    - name: evil\n      when: 客户状态.__class__ == 'x'\n"
        "      message: x\n",
    )
    assert line.startswith("错误: rules.yaml 第 4 行 validate.rules[0].when 规则「evil」的条件")


@pytest.mark.parametrize("message", ["'{value.__class__}'", "'{value!r}'", "'{value:>10}'", "'{'"])
def test_bad_message_placeholder(tmp_path: Path, message: str) -> None:
    (line,) = problems(
        tmp_path,
        f"validate:\n  rules:\n    - name: r\n      when: 客户状态 == 'x'\n      message: {message}\n",
    )
    assert line.startswith("错误: rules.yaml 第 5 行 validate.rules[0].message: ")


def test_unknown_field_to_mark(tmp_path: Path) -> None:
    (line,) = problems(
        tmp_path,
        "validate:\n  rules:\n    - name: r\n      when: 客户状态 == 'x'\n"
        "      field: 不存在\n      message: x\n",
    )
    assert (
        line == "错误: rules.yaml 第 5 行 规则「r」的 field: 没有名为「不存在」的字段（客户信息）"
    )


def test_duplicate_rule_names(tmp_path: Path) -> None:
    text = (
        "validate:\n"
        "  rules:\n"
        "    - name: r\n"
        "      when: 客户状态 == 'x'\n"
        "      message: x\n"
        "    - name: r\n"  # 6
        "      when: 客户状态 == 'y'\n"
        "      message: y\n"
    )
    assert problems(tmp_path, text) == [
        "错误: rules.yaml 第 6 行 validate.rules[1].name: 规则名称「r」重复"
    ]


def test_deal_and_skip_statuses_must_be_status_values(tmp_path: Path) -> None:
    text = (
        "validate:\n"
        "  logic:\n"
        "    deal_statuses:\n"
        "      - 成交客户\n"
        "      - 已成交\n"  # 5: a synonym, not a status value
        "  followup:\n"
        "    skip_statuses: [流失]\n"  # 7
    )
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert found[0].startswith("错误: rules.yaml 第 5 行 validate.logic.deal_statuses: 「已成交」")
    assert found[1].startswith("错误: rules.yaml 第 7 行 validate.followup.skip_statuses: 「流失」")


def test_statuses_added_in_fields_are_allowed(tmp_path: Path) -> None:
    rules = load(
        tmp_path,
        "fields:\n  customers:\n    status:\n      enum: [已回款客户]\n"
        "validate:\n  logic:\n    deal_statuses: [成交客户, 已回款客户]\n",
    )
    assert rules.config.validate_.logic.deal_statuses == ["成交客户", "已回款客户"]


def test_all_rule_problems_reported_at_once(tmp_path: Path) -> None:
    text = (
        "validate:\n"  # 1
        "  logic:\n"  # 2
        "    deal_statuses: [已成交]\n"  # 3
        "  rules:\n"  # 4
        "    - name: a\n"  # 5
        "      when: 预算上线 < 1\n"  # 6
        "      message: x\n"  # 7
        "    - name: b\n"  # 8
        "      when: __import__('os')\n"  # 9
        "      message: x\n"  # 10
        "    - name: c\n"  # 11
        "      when: 客户状态 == 'x'\n"  # 12
        "      field: 无此字段\n"  # 13
        "      message: x\n"  # 14
        "    - name: a\n"  # 15
        "      when: 客户状态 == 'x'\n"  # 16
        "      message: x\n"  # 17
    )
    found = problems(tmp_path, text)
    assert [line.split(":")[1].strip() for line in found] == [
        "rules.yaml 第 6 行 validate.rules[0].when 规则「a」的条件（第 1 个字符）",
        "rules.yaml 第 9 行 validate.rules[1].when 规则「b」的条件（第 1 个字符）",
        "rules.yaml 第 13 行 规则「c」的 field",
        "rules.yaml 第 15 行 validate.rules[3].name",
        "rules.yaml 第 3 行 validate.logic.deal_statuses",
    ]


def test_schema_and_condition_problems_reported_together(tmp_path: Path) -> None:
    text = (
        "validate:\n"  # 1
        "  severity:\n"  # 2
        "    no.such_code: error\n"  # 3
        "  rules:\n"  # 4
        "    - name: a\n"  # 5
        "      when: 预算上线 < 1\n"  # 6
        "      message: x\n"  # 7
    )
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert any("第 6 行 validate.rules[0].when 规则「a」的条件" in line for line in found)


# --- validate.severity ---------------------------------------------------------------------


def test_unknown_severity_code_is_refused(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "validate:\n  severity:\n    followup.stail: warning\n")
    assert line.startswith("错误: rules.yaml 第 ")
    assert "validate.severity" in line and "followup.stail" in line


def test_bad_severity_level_is_one_problem(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "validate:\n  severity:\n    followup.stale: loud\n")
    assert line.startswith("错误: rules.yaml 第 3 行 validate.severity.followup.stale: ")
    assert "off" in line and "info" in line


def severity_table() -> Table:
    return make_table(
        C,
        [{"status": "意向", "first_contact": "2022-01-01", "next_contact": "2021-12-01"}],
        fields=["status", "first_contact", "next_contact"],
    )


CODES = ["enum.synonym", "followup.stale", "logic.next_before_last_contact"]


def test_severity_off_drops_and_a_level_changes(tmp_path: Path) -> None:
    table = severity_table()
    default = validated(load(tmp_path, "version: 1\n"), table).findings
    assert flat(default[default["code"].isin(CODES)], "code", "severity") == [
        ["enum.synonym", "warning"],
        ["followup.stale", "warning"],
        ["logic.next_before_last_contact", "warning"],
    ]
    rules = load(
        tmp_path,
        "validate:\n  severity:\n    followup.stale: 'off'\n    enum.synonym: info\n"
        "    logic.next_before_last_contact: error\n",
    )
    found = validated(rules, table).findings
    assert "followup.stale" not in set(found["code"])
    assert flat(found[found["code"].isin(CODES)], "code", "severity") == [
        ["enum.synonym", "info"],
        ["logic.next_before_last_contact", "error"],
    ]
    # every other finding is kept with its catalog severity
    others = default[~default["code"].isin(CODES)]
    assert flat(found[~found["code"].isin(CODES)], "code", "severity") == flat(
        others, "code", "severity"
    )


def test_severity_off_unquoted_as_documented(tmp_path: Path) -> None:
    rules = load(tmp_path, "validate:\n  severity:\n    followup.stale: off\n")
    assert "followup.stale" not in set(validated(rules, severity_table()).findings["code"])


def test_with_severities_without_levels_is_identity() -> None:
    table = make_table(C, [{"status": "意向"}])
    found = run(make_dataset(table), replace(load_rules(None), as_of=AS_OF)).findings
    assert with_severities(found, {}) is found
