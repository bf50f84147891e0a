"""The segment sheets carry native Excel column charts (customers per RFM segment on 客户分层,
customers per layer on 客户层级), in `custinfo segment -o x.xlsx` and in `custinfo run`'s
annotated workbook. openpyxl does not load charts, so the xlsx is read as the zip it is: the
chart part is followed from the sheet (sheet -> drawing -> chart) and its ranges checked."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from custinfo.report.segment import segment_charts
from tests.cli.conftest import write_xlsx
from tests.cli.test_segment import AS_OF, CUSTOMERS, INTERACTIONS, TRANSACTIONS


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "客户.xlsx",
        {"客户信息": CUSTOMERS, "交易记录": TRANSACTIONS, "互动记录": INTERACTIONS},
    )


def _targets(z: zipfile.ZipFile, part: str) -> list[str]:
    """The parts `part` links to (its .rels file), as zip paths."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in z.namelist():
        return []
    text = z.read(rels).decode("utf-8")
    return [
        posixpath.normpath(posixpath.join(folder, t)) for t in re.findall(r'Target="([^"]+)"', text)
    ]


def charts_by_sheet(path: Path) -> dict[str, list[str]]:
    """Sheet name -> the XML of each chart drawn on it."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        target = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        target |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
        out: dict[str, list[str]] = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
            sheet = posixpath.normpath(posixpath.join("xl", target[rid]))
            drawings = [t for t in _targets(z, sheet) if "/drawings/" in t]
            charts = [c for d in drawings for c in _targets(z, d) if "/charts/" in c]
            out[name] = [z.read(c).decode("utf-8") for c in charts]
        return out


def formulas(chart_xml: str) -> list[str]:
    return re.findall(r"<c:f>([^<]+)</c:f>", chart_xml)


def no_formulas(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return list(wb[sheet].iter_rows(values_only=True))


def _segment(book: Path, out: Path, *args: str) -> None:
    cmd = ["segment", str(book), "-o", str(out), "--as-of", AS_OF, "--fail-on", "never", "-q"]
    result = CliRunner().invoke(app, [*cmd, *args])
    assert result.exit_code == 0, result.stderr


def test_segment_workbook_charts_segments_and_layers(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "seg.xlsx"
    _segment(book, out)
    charts = charts_by_sheet(out)
    assert len(charts["客户分层"]) == 1 and len(charts["客户层级"]) == 1
    assert charts["客户标签"] == [] and charts["RFM阈值"] == []

    segments = _rows(out, "客户分层")
    assert segments[0][:2] == ("分层", "客户数")
    n = len(segments)  # the header and one row per segment: data in rows 2..n
    xml = charts["客户分层"][0]
    assert formulas(xml) == [f"客户分层!$A$2:$A${n}", f"客户分层!$B$2:$B${n}"]  # the cells
    assert "<c:barChart>" in xml and '<c:barDir val="col"/>' in xml
    assert "各分层客户数" in xml

    layers = _rows(out, "客户层级")
    assert layers[0][:2] == ("客户层级", "客户数")
    xml = charts["客户层级"][0]
    m = len(layers)
    assert f"客户层级!$A$2:$A${m}" in formulas(xml) and f"客户层级!$B$2:$B${m}" in formulas(xml)
    assert "各层级客户数" in xml
    no_formulas(out)


def test_english_titles(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "seg.xlsx"
    _segment(book, out, "--lang", "en")
    charts = charts_by_sheet(out)
    assert "Customers per segment" in charts["Segments"][0]
    assert "Customers per layer" in charts["Layers"][0]
    assert any(f.startswith("Segments!$A$2:") for f in formulas(charts["Segments"][0]))


def test_run_annotated_workbook_has_the_charts(book: Path, tmp_path: Path) -> None:
    args = ["run", str(book), "--out-dir", str(tmp_path / "out"), "--as-of", AS_OF]
    result = CliRunner().invoke(app, [*args, "--fail-on", "never", "-q"])
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out" / "客户.annotated.xlsx"
    charts = charts_by_sheet(out)
    assert len(charts["客户分层"]) == 1 and len(charts["客户层级"]) == 1
    assert sum(len(c) for c in charts.values()) == 2
    n = len(_rows(out, "客户分层"))
    assert f"客户分层!$B$2:$B${n}" in formulas(charts["客户分层"][0])
    no_formulas(out)


def test_chart_specs_name_real_columns() -> None:
    """The specs are plain data naming the sheets' own headers, in both languages."""
    from custinfo.report.segment import SHEETS, WORDS

    for lang, i in (("zh", 0), ("en", 1)):
        specs = segment_charts(lang)
        assert set(specs) == {SHEETS["rfm_segments"][lang], SHEETS["layers"][lang]}
        for spec in specs.values():
            assert set(spec) == {"category", "value", "title"}
            assert spec["value"] == WORDS["customers"][i]
