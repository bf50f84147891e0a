"""rules.yaml loading: every mistake at once, each with its key path and line; nothing executed."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo.config import load_rules
from custinfo.errors import ConfigError
from custinfo.fields import SheetKind


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, "utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_rules(write(tmp_path, text))
    return info.value.problems


def test_defaults_only() -> None:
    rules = load_rules(None)
    assert rules.path is None
    assert rules.config.validate_.fail_on == "error"
    assert rules.registry.get(SheetKind.CUSTOMERS, "name").required


def test_fields_extend_the_registry(tmp_path: Path) -> None:
    rules = load_rules(
        write(
            tmp_path,
            "fields:\n  customers:\n    phone:\n      aliases: [手机/座机]\n      required: false\n"
            "    status:\n      enum: [沉睡客户]\n      synonyms: {沉睡: 沉睡客户, 搞定: 成交客户}\n",
        )
    )
    phone = rules.registry.get(SheetKind.CUSTOMERS, "phone")
    status = rules.registry.get(SheetKind.CUSTOMERS, "status")
    assert "手机/座机" in phone.aliases and not phone.required
    assert status.enum[-1] == "沉睡客户"
    assert status.synonyms["沉睡"] == "沉睡客户" and status.synonyms["意向"] == "意向客户"


def test_every_problem_reported_with_its_line(tmp_path: Path) -> None:
    text = (
        "version: 1\n"  # 1
        "input:\n"  # 2
        "  sheet: 客户\n"  # 3
        "  heder_search_rows: 3\n"  # 4
        "validate:\n"  # 5
        "  fail_on: warnings\n"  # 6
        "fields:\n"  # 7
        "  customers:\n"  # 8
        "    phnoe:\n"  # 9
        "      aliases: [x]\n"  # 10
    )
    found = problems(tmp_path, text)
    assert len(found) == 3
    assert found[0].startswith("错误: rules.yaml 第 4 行 input.heder_search_rows: 未知的键")
    assert found[1].startswith("错误: rules.yaml 第 6 行 validate.fail_on: 取值不在允许范围内")
    assert found[2].startswith(
        "错误: rules.yaml 第 9 行 fields.customers.phnoe: 没有名为 phnoe 的字段"
    )


def test_wrong_types_and_bad_synonym_target(tmp_path: Path) -> None:
    text = "input:\n  max_cells: lots\nfields:\n  customers:\n    status:\n      synonyms: {搞定: 完成}\n"
    found = problems(tmp_path, text)
    assert found == [
        "错误: rules.yaml 第 2 行 input.max_cells: 应为整数",
        "错误: rules.yaml 第 6 行 fields.customers.status.synonyms.搞定: 「完成」不是客户状态的可选值",
    ]


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "input:\n  sheet: 客户\n  x: [a\n")
    assert "第 4 行" in line or "第 3 行" in line
    assert "YAML 格式错误" in line


def test_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"input: !!python/object/apply:os.system ['touch {marker}']\n"
    (line,) = problems(tmp_path, text)
    assert "不支持的 YAML 标签" in line
    assert not marker.exists()


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "- a\n- b\n")
    assert "应为键值对" in line


def test_deep_nesting_refused(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "a: " + "[" * 50 + "]" * 50 + "\n")
    assert "嵌套" in line


def test_oversized_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 1_100_000, "utf-8")
    with pytest.raises(ConfigError, match="文件过大"):
        load_rules(big)
    with pytest.raises(ConfigError, match="找不到规则文件"):
        load_rules(tmp_path / "nope.yaml")


def test_english_messages(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_rules(write(tmp_path, "input:\n  sheeet: x\n"))
    assert info.value.problems_en == [
        "error: rules.yaml line 2 input.sheeet: unknown key (a typo?)"
    ]


def test_repo_rules_yaml_loads() -> None:
    repo_rules = Path(__file__).resolve().parents[3] / "rules.yaml"
    rules = load_rules(repo_rules)
    assert rules.path == repo_rules


def test_bad_customer_id_pattern_reported_with_line(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "validate:\n  customer_id_pattern: '[unclosed'\n")
    assert line.startswith(
        "错误: rules.yaml 第 2 行 validate.customer_id_pattern: 不是有效的正则表达式"
    )


def test_customer_id_pattern_with_a_back_reference_is_refused(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "validate:\n  customer_id_pattern: '(KH)\\1\\d+'\n")
    assert "第 2 行 validate.customer_id_pattern: 编号规则不能用回溯引用" in line
