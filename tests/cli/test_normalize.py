"""custinfo normalize through the CLI: canonical values, derived columns, 变更记录, and a second
pass over its own output changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from custinfo.cli import app
from tests.cli.conftest import GOOD, HEADER, write_xlsx


def _row(**cells: object) -> list[object]:
    row = list(GOOD)
    for header, value in cells.items():
        row[HEADER.index(header)] = value
    return row


def test_normalize_writes_canonical_values_derived_columns_and_changes(
    runner: CliRunner, tmp_path: Path
) -> None:
    header = [*HEADER, "首次接触时间", "预算范围"]
    rows = [
        [*_row(客户状态="意向"), "2024/5/10", "5-10万"],
        [*GOOD, "2024-05-12", "3000"],
    ]
    src = write_xlsx(tmp_path / "in.xlsx", {"客户信息": [header, *rows]})
    before = src.read_bytes()
    out = tmp_path / "clean.xlsx"
    result = runner.invoke(
        app, ["normalize", str(src), "-o", str(out), "--as-of", "2024-06-30", "--json"]
    )
    assert result.exit_code in (0, 1), result.stderr
    assert src.read_bytes() == before  # the input is never modified
    summary = json.loads(result.stdout)
    assert "enum.synonym" not in summary["finding_counts"]["by_code"]  # fixed, not reported

    wb = openpyxl.load_workbook(out)
    ws = wb["客户信息"]
    headers = [c.value for c in ws[1]]
    status = headers.index("客户状态") + 1
    assert ws.cell(2, status).value == "意向客户"
    first = ws.cell(2, headers.index("首次接触时间") + 1)
    assert first.is_date and first.value.date().isoformat() == "2024-05-10"
    low, high = headers.index("预算下限") + 1, headers.index("预算上限") + 1
    assert (ws.cell(2, low).value, ws.cell(2, high).value) == (50000, 100000)
    changes = list(wb["变更记录"].iter_rows(min_row=2, values_only=True))
    assert ("客户信息", 2, "客户状态", "意向", "意向客户", "enum.synonym") in [
        (c[0], c[1], c[3], c[4], c[5], c[6]) for c in changes
    ]
    assert any(c[4:7] == ("2024/5/10", "2024-05-10", "date.iso") for c in changes)


def test_normalizing_the_output_again_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    header = [*HEADER, "首次接触时间", "下次沟通时间", "预算范围", "年营收"]
    rows = [
        [*_row(客户状态="意向"), "2024/5/10", "6月1日前", "5-10万", "1.2万"],
        [*GOOD, "20240512", "2024年6月20日", "10万以上", "¥1,200.00"],
    ]
    src = write_xlsx(tmp_path / "in.xlsx", {"客户信息": [header, *rows]})
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    args = ["--as-of", "2024-06-30", "--json", "--fail-on", "never"]
    first = runner.invoke(app, ["normalize", str(src), "-o", str(once), *args])
    assert first.exit_code == 0, first.stderr
    assert "变更记录" in openpyxl.load_workbook(once, read_only=True).sheetnames
    second = runner.invoke(app, ["normalize", str(once), "-o", str(twice), *args])
    assert second.exit_code == 0, second.stderr
    assert "变更记录" not in openpyxl.load_workbook(twice, read_only=True).sheetnames


def test_derived_columns_read_back_are_recomputed_not_duplicated(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = write_xlsx(tmp_path / "in.xlsx", {"客户信息": [[*HEADER, "预算范围"], [*GOOD, "5-10万"]]})
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    args = ["--json", "--fail-on", "never"]
    assert runner.invoke(app, ["normalize", str(src), "-o", str(once), *args]).exit_code == 0
    assert runner.invoke(app, ["normalize", str(once), "-o", str(twice), *args]).exit_code == 0
    headers = [c.value for c in openpyxl.load_workbook(twice)["客户信息"][1]]
    assert headers.count("预算下限") == 1 and headers.count("预算上限") == 1


def test_machine_outputs_carry_derived_columns_under_canonical_names(
    runner: CliRunner, tmp_path: Path
) -> None:
    header = [*HEADER, "所在地区", "预算范围"]
    src = write_xlsx(tmp_path / "in.xlsx", {"客户信息": [header, [*GOOD, "深圳南山", "5-10万"]]})
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["normalize", str(src), "-o", str(out), "--fail-on", "never", "-q"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(out.read_text("utf-8").splitlines()[0])
    assert (record["province"], record["city"], record["district"]) == (
        "广东省",
        "深圳市",
        "南山区",
    )
    assert record["region"] == "广东省深圳市南山区"
    assert (record["budget_min"], record["budget_max"]) == ("50000", "100000")
    csv_out = tmp_path / "out.csv"
    assert runner.invoke(app, ["normalize", str(src), "-o", str(csv_out), "-q"]).exit_code in (0, 1)
    head = csv_out.read_text("utf-8-sig").splitlines()[0].split(",")
    assert {"省份", "城市", "区县", "预算下限", "预算上限"} <= set(head)
