from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
from typer.testing import CliRunner

from custinfo.cli import app
from custinfo.config import load_rules
from custinfo.pipeline import run_pipeline
from custinfo.report.summary import build_summary


def test_clean_sheet_exit_0_and_annotated_beside_input(runner: CliRunner, clean_xlsx: Path) -> None:
    result = runner.invoke(app, ["validate", str(clean_xlsx)])
    assert result.exit_code == 0, result.stderr
    out = clean_xlsx.with_name("客户.annotated.xlsx")
    assert out.exists()
    assert "没有发现问题" in result.stderr


def test_findings_exit_1_with_cells_and_owners(runner: CliRunner, messy_xlsx: Path) -> None:
    result = runner.invoke(app, ["validate", str(messy_xlsx), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["finding_counts"]["by_code"]["required.missing"]["error"] == 3
    assert summary["finding_counts"]["to_complete_by_owner"] == {"李主管": 1, "(未填负责人)": 2}
    sheet = summary["sheets"][0]
    assert (sheet["header_row"], sheet["rows"], sheet["empty_rows_skipped"]) == (3, 3, 1)


def test_fail_on_never_and_rules_fail_on(
    runner: CliRunner, messy_xlsx: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["validate", str(messy_xlsx), "--fail-on", "never"]).exit_code == 0
    rules = tmp_path / "r.yaml"
    rules.write_text("validate:\n  fail_on: never\n", "utf-8")
    assert runner.invoke(app, ["validate", str(messy_xlsx), "--rules", str(rules)]).exit_code == 0


def test_json_equals_library_result(runner: CliRunner, messy_xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    result = runner.invoke(app, ["validate", str(messy_xlsx), "--json", "-o", str(out)])
    cli = json.loads(result.stdout)
    rules = load_rules(None)
    lib = run_pipeline(messy_xlsx, rules, until="validate")
    expected = build_summary(
        lib.dataset, rules_path=None, timings={}, outputs=[str(out)], fail_on="error"
    )
    for key in ("counts", "finding_counts", "findings", "mapping", "sheets"):
        assert cli[key] == json.loads(json.dumps(expected[key], ensure_ascii=False)), key


def test_annotated_workbook_marks_cells_and_keeps_text(
    runner: CliRunner, messy_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o.xlsx"
    runner.invoke(app, ["validate", str(messy_xlsx), "-o", str(out)])
    wb = openpyxl.load_workbook(out)
    ws = wb["客户信息"]
    assert ws["B5"].value in (None, "") and ws["B5"].comment is not None
    assert "客户名称" in ws["B5"].comment.text
    assert ws["H5"].data_type == "s" and ws["H5"].value.startswith("=HYPERLINK")
    assert ws["H7"].value == "+86 备用" and ws["H7"].data_type == "s"
    assert "问题清单" in wb.sheetnames and "汇总" in wb.sheetnames


def test_csv_and_jsonl_outputs(runner: CliRunner, messy_xlsx: Path, tmp_path: Path) -> None:
    csv_out, jsonl_out = tmp_path / "o.csv", tmp_path / "o.jsonl"
    assert runner.invoke(app, ["validate", str(messy_xlsx), "-o", str(csv_out)]).exit_code == 1
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(csv_out, dtype=str, encoding="utf-8-sig")
    assert {"来源工作表", "来源行号", "客户名称", "联系电话", "问题数"} <= set(frame.columns)
    assert frame["来源行号"].tolist() == ["4", "5", "7"]
    runner.invoke(app, ["validate", str(messy_xlsx), "-o", str(jsonl_out)])
    records = [json.loads(line) for line in jsonl_out.read_text("utf-8").splitlines()]
    assert [r["source_row"] for r in records] == [4, 5, 7]
    assert records[2]["check_status"] == "error" and records[0]["check_status"] == "ok"


def test_refuses_to_overwrite_input_or_unknown_format(runner: CliRunner, clean_xlsx: Path) -> None:
    before = clean_xlsx.read_bytes()
    result = runner.invoke(app, ["validate", str(clean_xlsx), "-o", str(clean_xlsx)])
    assert result.exit_code == 2 and "从不修改输入文件" in result.stderr
    result = runner.invoke(
        app, ["validate", str(clean_xlsx), "-o", str(clean_xlsx.with_suffix(".txt"))]
    )
    assert result.exit_code == 2 and "不支持的输出格式" in result.stderr
    assert clean_xlsx.read_bytes() == before


def test_sheet_option_unknown_sheet(runner: CliRunner, clean_xlsx: Path) -> None:
    result = runner.invoke(app, ["validate", str(clean_xlsx), "--sheet", "不存在"])
    assert result.exit_code == 2
    assert "客户信息" in result.stderr  # the message lists the sheets there are


def test_id_numbers_never_written_in_clear(runner: CliRunner, tmp_path: Path) -> None:
    from tests.cli.conftest import GOOD, HEADER, write_xlsx

    rows = [
        [*HEADER, "身份证号"],
        [*GOOD, "110101199003074578"],
        [*GOOD, "110101199003074578"],
    ]
    rows[2][1] = ""  # a finding on the row, so the ID also appears next to a problem
    src = write_xlsx(tmp_path / "ids.xlsx", {"客户信息": rows})
    for out in (tmp_path / "o.xlsx", tmp_path / "o.csv", tmp_path / "o.jsonl"):
        runner.invoke(app, ["validate", str(src), "-o", str(out)])
        if out.suffix == ".xlsx":
            wb = openpyxl.load_workbook(out)
            text = "".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
        else:
            text = out.read_text("utf-8-sig")
        assert "110101199003074578" not in text
        assert "110***********4578" in text


def test_legacy_xls_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[1] / "data" / "legacy.xls"
    out = tmp_path / "legacy.annotated.xlsx"
    result = runner.invoke(app, ["validate", str(src), "-o", str(out), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["finding_counts"]["by_code"]["required.missing"]["error"] == 1
    ws = openpyxl.load_workbook(out)["客户信息"]
    assert ws["B5"].comment is not None and ws["D4"].value == "07558888123"


def test_json_lists_every_finding_with_its_message(
    runner: CliRunner, messy_xlsx: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["validate", str(messy_xlsx), "--json", "-o", str(tmp_path / "o.xlsx")]
    )
    findings = json.loads(result.stdout)["findings"]
    missing = [f for f in findings if f["code"] == "required.missing"]
    assert [(f["row"], f["column"], f["field"]) for f in missing] == [
        (5, "B", "name"),
        (7, "D", "phone"),
        (7, "G", "owner"),
    ]
    first = missing[0]
    assert {"sheet", "row", "column", "field", "code", "severity", "value", "message"} <= set(first)
    assert (
        first["message"] == "必填项「客户名称」为空，已标记为待补充"
        and first["severity"] == "error"
    )
    english = runner.invoke(
        app, ["validate", str(messy_xlsx), "--json", "--lang", "en", "-o", str(tmp_path / "e.xlsx")]
    )
    assert json.loads(english.stdout)["findings"][0]["message"].startswith("Required field")


def test_terminal_shows_top_problems(runner: CliRunner, messy_xlsx: Path) -> None:
    result = runner.invoke(app, ["validate", str(messy_xlsx)])
    assert "主要问题" in result.stderr and "客户信息!B5" in result.stderr


def test_as_of_option(runner: CliRunner, tmp_path: Path) -> None:
    from tests.cli.conftest import GOOD, HEADER, write_xlsx

    src = write_xlsx(
        tmp_path / "d.xlsx", {"客户信息": [[*HEADER, "首次接触时间"], [*GOOD, "2024-07-01"]]}
    )
    out = str(tmp_path / "o.xlsx")
    early = runner.invoke(app, ["validate", str(src), "--as-of", "2024-06-30", "--json", "-o", out])
    late = runner.invoke(app, ["validate", str(src), "--as-of", "2024-12-01", "--json", "-o", out])
    assert "date.future" in json.loads(early.stdout)["finding_counts"]["by_code"]
    assert json.loads(late.stdout)["finding_counts"]["total"] == 0
    bad = runner.invoke(app, ["validate", str(src), "--as-of", "2024-13-01"])
    assert bad.exit_code == 2 and "格式不对，应为 YYYY-MM-DD" in bad.stderr
