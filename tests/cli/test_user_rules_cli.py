"""`custinfo validate --rules` with rules.yaml's own checks: findings in the JSON summary, and a
broken rule stops the run with exit code 2, its rule name and line (no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from custinfo.cli import app

RULE = """\
validate:
  rules:
    - name: 成交核对
      when: 客户状态 == '成交客户' and 所属行业 == '制造业'
      severity: error
      message: 「{header}」为「{value}」，请核对合同
"""

BROKEN = """\
validate:
  rules:
    - name: 成交核对
      when: 客户状态 == '成交客户' and 预算上线 > 1
      message: x
"""


def test_user_rule_in_json_and_broken_rule_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    from tests.cli.conftest import GOOD, HEADER, write_xlsx

    deal = ["C202405002", "华南制造集团", "企业", "13900139000", "制造业", "成交", "李主管", ""]
    book = write_xlsx(tmp_path / "x.xlsx", {"客户信息": [HEADER, GOOD, deal]})
    rules = tmp_path / "r.yaml"
    rules.write_text(RULE, "utf-8")
    args = ["validate", str(book), "--rules", str(rules), "--json", "--as-of", "2024-06-30"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.stderr  # the rule's finding is an error
    summary = json.loads(result.stdout)
    mine = [f for f in summary["findings"] if f["code"] == "rule.成交核对"]
    assert mine == [
        {
            "sheet": "客户信息",
            "row": 3,
            "column": "F",
            "field": "status",
            "code": "rule.成交核对",
            "severity": "error",
            "value": "成交",
            "message": "「客户状态」为「成交」，请核对合同",
            "suggestion": "",
            "owner": "李主管",
        }
    ]

    rules.write_text(BROKEN, "utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "规则「成交核对」" in result.stderr and "r.yaml 第 4 行" in result.stderr
    assert "预算上线" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
