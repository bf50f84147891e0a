"""Behaviour every command shares (csvkit's mixins): help, bad input, exit codes, no traceback,
stdout is data, the input is never modified."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from tests.test_docs import COMMANDS

DATA_COMMANDS = ["validate", "run"]


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", COMMANDS)
def test_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output) > 100


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "validate" in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("custinfo ")


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_missing_file_is_a_user_error(runner: CliRunner, tmp_path: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(tmp_path / "没有这个文件.xlsx")])
    assert result.exit_code == 2
    assert "没有这个文件.xlsx" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_english_with_lang(runner: CliRunner, tmp_path: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(tmp_path / "missing.xlsx"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_debug_shows_traceback(runner: CliRunner, tmp_path: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(tmp_path / "missing.xlsx"), "--debug"])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_bad_rules_is_a_user_error(
    runner: CliRunner, clean_xlsx: Path, tmp_path: Path, command: str
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("input:\n  sheeet: 客户信息\n", "utf-8")
    result = runner.invoke(app, [command, str(clean_xlsx), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "rules.yaml 第 2 行 input.sheeet" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.annotated.xlsx"))


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_json_on_stdout_only(
    runner: CliRunner, messy_xlsx: Path, tmp_path: Path, command: str
) -> None:
    before = _hash(messy_xlsx)
    result = runner.invoke(
        app,
        [
            command,
            str(messy_xlsx),
            "--json",
            "--out-dir" if command == "run" else "-o",
            str(tmp_path / "out") if command == "run" else str(tmp_path / "o.xlsx"),
        ],
    )
    assert result.exit_code == 1  # the messy sheet has required values missing
    summary = json.loads(result.stdout)
    assert summary["counts"]["customers"] == 3
    assert _hash(messy_xlsx) == before


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_no_color_means_no_escape_codes(
    runner: CliRunner, messy_xlsx: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    result = runner.invoke(app, [command, str(messy_xlsx)])
    assert "\x1b[" not in result.stderr


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_quiet_prints_nothing_on_success(runner: CliRunner, clean_xlsx: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(clean_xlsx), "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""


def test_internal_error_is_one_line_exit_3(
    runner: CliRunner, clean_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr("custinfo.cli.job.run_pipeline", boom)
    result = runner.invoke(app, ["validate", str(clean_xlsx)])
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert "--debug" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(app, ["validate", str(clean_xlsx), "--debug"])
    assert result.exit_code == 3 and "Traceback" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate"], "缺少参数 input"),
        (["valdate", "x.xlsx"], "没有命令「valdate」，是否想用「validate」？"),
        (["validate", "x.xlsx", "--nope"], "没有选项 --nope"),
        (["validate", "x.xlsx", "--fail-on", "bogus"], "选项 --fail-on 的值「bogus」无效"),
        (["validate", "a.xlsx", "b.xlsx"], "多余的参数：b.xlsx"),
    ],
)
def test_usage_errors_in_chinese(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误: {expected}")
    assert "--help" in result.stderr


def test_usage_errors_in_english(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Missing argument 'input'.")
