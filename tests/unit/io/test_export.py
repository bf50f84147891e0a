"""export_frame: CSV for Excel (BOM, Chinese headers, no formula injection), JSONL, Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from custinfo.errors import OutputError
from custinfo.io.export import export_frame, neutralize


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": pd.Series(["C202405001", "C202405002", None], dtype="string"),
            "name": ["深圳市星河科技有限公司", '=HYPERLINK("http://x","点我")', "@SUM(A1)"],
            "phone": ["13800138000", "+8613800138000", "-abc"],
            "employees": [300, -5, None],
            "first_contact": pd.to_datetime(["2024-05-06", "2024-05-12", None]),
            "notes": ["\tTab", "\rCR", "正常"],
            "source_row": [4, 5, 7],
        }
    )


HEADERS = {
    "customer_id": "客户编号",
    "name": "客户名称",
    "phone": "联系电话",
    "employees": "员工人数",
}


def test_csv_bom_chinese_headers_and_no_injection(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = tmp_path / "客户.csv"
    export_frame(out, frame, HEADERS)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["客户编号", "客户名称", "联系电话", "员工人数", "first_contact", "notes",
                       "source_row"]  # fmt: skip
    assert rows[1][:4] == ["C202405001", "深圳市星河科技有限公司", "13800138000", "300.0"]
    assert rows[2][1] == '\'=HYPERLINK("http://x","点我")'
    assert rows[2][2] == "'+8613800138000"
    assert rows[2][3] == "-5.0"  # a real number stays a number
    assert rows[3][1:3] == ["'@SUM(A1)", "'-abc"]
    assert rows[3][0] == "" and rows[3][3] == ""
    assert rows[1][4] == "2024-05-06"
    assert [r[5] for r in rows[1:]] == ["'\tTab", "'\rCR", "正常"]
    assert frame.loc[1, "name"].startswith("=")  # the caller's frame is not changed


def test_csv_header_injection(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export_frame(out, pd.DataFrame({"=cmd": ["a"]}), None)
    assert out.read_text("utf-8-sig").splitlines()[0] == "'=cmd"


def test_neutralize_leaves_numbers_and_safe_text() -> None:
    df = pd.DataFrame({"n": [-1.5, 2.0], "t": ["ok", "-1"], "o": [-3, "=x"]}, dtype=object)
    df["n"] = df["n"].astype(float)
    out = neutralize(df)
    assert out["n"].tolist() == [-1.5, 2.0]
    assert out["t"].tolist() == ["ok", "'-1"]
    assert out["o"].tolist() == [-3, "'=x"]


def test_jsonl(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = tmp_path / "客户.jsonl"
    export_frame(out, frame, HEADERS)  # headers are for CSV only
    text = out.read_text("utf-8")
    assert "深圳市星河科技有限公司" in text  # ensure_ascii=False
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == 3
    assert lines[0]["customer_id"] == "C202405001" and lines[0]["employees"] == 300
    assert lines[1]["name"] == '=HYPERLINK("http://x","点我")'  # JSON is not neutralised
    assert lines[2]["customer_id"] is None and lines[2]["employees"] is None
    assert lines[2]["first_contact"] is None
    assert lines[0]["first_contact"].startswith("2024-05-06")
    assert set(lines[0]) == set(frame.columns)


def test_jsonl_empty(tmp_path: Path) -> None:
    out = tmp_path / "empty.jsonl"
    export_frame(out, pd.DataFrame({"a": []}), None)
    assert out.read_text("utf-8") == ""


def test_jsonl_keeps_big_numbers_exact(tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    export_frame(out, pd.DataFrame({"m_amount": [123456789.25, 0.1]}), None)
    assert [json.loads(x)["m_amount"] for x in out.read_text("utf-8").splitlines()] == [
        123456789.25,
        0.1,
    ]


def test_parquet(tmp_path: Path, frame: pd.DataFrame) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "客户.parquet"
    export_frame(out, frame, HEADERS)
    back = pd.read_parquet(out)
    assert list(back.columns) == list(frame.columns)
    assert back.loc[0, "name"] == "深圳市星河科技有限公司"
    assert back.loc[1, "name"].startswith("=")


def test_parquet_without_pyarrow(
    tmp_path: Path, frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    with pytest.raises(OutputError) as info:
        export_frame(tmp_path / "x.parquet", frame, None)
    assert "pip install pyarrow" in info.value.hint
    assert not (tmp_path / "x.parquet").exists()


@pytest.mark.parametrize("name", ["x.txt", "x.json", "x"])
def test_unknown_extension(tmp_path: Path, frame: pd.DataFrame, name: str) -> None:
    with pytest.raises(OutputError) as info:
        export_frame(tmp_path / name, frame, None)
    assert (
        ".csv" in info.value.hint and ".jsonl" in info.value.hint and ".parquet" in info.value.hint
    )
    assert list(tmp_path.iterdir()) == []


def test_upper_case_extension(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = tmp_path / "X.CSV"
    export_frame(out, frame, None)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_atomic_no_temp_left(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = tmp_path / "a.csv"
    out.write_text("old", "utf-8")
    export_frame(out, frame, None)
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
