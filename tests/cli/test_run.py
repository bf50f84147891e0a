from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from custinfo.cli import app


def test_run_writes_workbook_and_summaries(
    runner: CliRunner, messy_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "nested"
    result = runner.invoke(app, ["run", str(messy_xlsx), "--out-dir", str(out)])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "客户.annotated.xlsx",
        "客户.summary.json",
        "客户.summary.md",
    ]
    summary = json.loads((out / "客户.summary.json").read_text("utf-8"))
    assert summary["finding_counts"]["total"] >= 3
    assert set(summary["timings"]) >= {"read", "validate", "write"}
    md = (out / "客户.summary.md").read_text("utf-8")
    assert "必填项为空" in md and "李主管" in md


def test_out_dir_not_writable_is_a_user_error(
    runner: CliRunner, clean_xlsx: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["run", str(clean_xlsx), "--out-dir", str(blocker / "sub")])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
