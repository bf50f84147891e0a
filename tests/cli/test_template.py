from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from custinfo.cli import app


@pytest.mark.parametrize("examples", [False, True])
def test_template_reads_back_with_zero_findings(
    runner: CliRunner, tmp_path: Path, examples: bool
) -> None:
    out = tmp_path / "客户信息模板.xlsx"
    args = ["template", "-o", str(out)] + (["--with-examples"] if examples else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    check = runner.invoke(
        app,
        [
            "validate",
            str(out),
            "--json",
            "-o",
            str(tmp_path / "check.xlsx"),
            "--fail-on",
            "info",
            "--as-of",
            "2024-05-31",
        ],  # the examples' own month
    )
    assert check.exit_code == 0, check.stdout + check.stderr


def test_template_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    out.write_bytes(b"filled in by hand")
    result = runner.invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert out.read_bytes() == b"filled in by hand"
    assert runner.invoke(app, ["template", "-o", str(out), "--force"]).exit_code == 0


def test_template_must_be_xlsx(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "t.csv")])
    assert result.exit_code == 2


def test_template_follows_rules_yaml(runner: CliRunner, tmp_path: Path) -> None:
    import openpyxl

    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "fields:\n  customers:\n    status:\n      enum: [沉睡客户]\n    email:\n      required: true\n",
        "utf-8",
    )
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", "-o", str(out), "--rules", str(rules)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["客户信息"]
    headers = [c.value for c in ws[1]]
    assert "邮箱*" in headers
    lists = " ".join(str(dv.formula1) for dv in ws.data_validations.dataValidation)
    if "_lists" in wb.sheetnames:
        lists += " ".join(str(c.value) for row in wb["_lists"].iter_rows() for c in row)
    assert "沉睡客户" in lists
