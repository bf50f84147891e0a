"""custinfo init: the starter rules.yaml is the repository's, loads without a problem, never
overwrites a file unless --force, and says where it wrote and what to do next."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from custinfo.cli.init import starter_rules
from custinfo.config import load_rules

REPO = Path(__file__).resolve().parents[2]


def test_the_package_copy_is_the_repository_rules_yaml() -> None:
    """rules.yaml at the repository root is edited by hand; the shipped copy must follow it:
    cp rules.yaml custinfo/config/starter_rules.yaml"""
    package = REPO / "custinfo" / "config" / "starter_rules.yaml"
    assert package.read_bytes() == (REPO / "rules.yaml").read_bytes()
    assert starter_rules() == (REPO / "rules.yaml").read_text("utf-8")


def test_writes_rules_yaml_here_by_default(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "rules.yaml"
    assert written.read_text("utf-8") == starter_rules()
    assert "已写出规则文件: rules.yaml" in result.stderr
    assert "下一步" in result.stderr and "custinfo validate" in result.stderr
    assert "自动使用" in result.stderr  # rules.yaml here is found without --rules
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["rules.yaml"]  # no temp file left


def test_the_starter_loads_without_problems(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "my_rules.yaml"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    rules = load_rules(target)
    assert rules.config.segment.rfm.enabled
    assert rules.config.segment.tags.layers  # the starter's layers came through


def test_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "rules.yaml"
    target.write_text("# 我改过的规则\n", "utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert target.read_text("utf-8") == "# 我改过的规则\n"


def test_force_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "rules.yaml"
    target.write_text("# 旧的\n", "utf-8")
    result = runner.invoke(app, ["init", str(target), "--force"])
    assert result.exit_code == 0, result.stderr
    assert target.read_text("utf-8") == starter_rules()
    assert "--rules" in result.stderr  # not the working directory: say how to use it


def test_a_directory_gets_rules_yaml_inside(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path), "-q"]).exit_code == 0
    assert (tmp_path / "rules.yaml").read_text("utf-8") == starter_rules()


@pytest.mark.parametrize(
    ("name", "words"), [("rules.txt", ".yaml"), ("no_such_dir/rules.yaml", "不存在")]
)
def test_bad_targets_are_user_errors(
    runner: CliRunner, tmp_path: Path, name: str, words: str
) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / name)])
    assert result.exit_code == 2
    assert result.stderr.startswith("错误:") and words in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_english(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "rules.yaml"
    result = runner.invoke(app, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 0
    assert result.stderr.startswith("wrote the starter rules:") and "next:" in result.stderr
    again = runner.invoke(app, ["init", str(target), "--lang", "en"])
    assert again.exit_code == 2
    assert again.stderr.startswith("error:") and "already exists" in again.stderr
