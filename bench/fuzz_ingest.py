"""Coverage-guided fuzzing of ingest and the whole pipeline with atheris (issue 8, optional; a
benchmark-time job, not a test). Any exception other than custinfo's own errors (a clear
message for the user) is a crash, and so is an interpreter abort.

    .venv/bin/pip install atheris                              # not a dev dependency: a big wheel
    .venv/bin/python bench/fuzz_ingest.py -max_total_time=300  # CSV text through the pipeline
    FUZZ_FORMAT=xlsx .venv/bin/python bench/fuzz_ingest.py -max_total_time=300

The input is written to a temporary .csv (the default: the bytes are a CSV file in any encoding)
or .xlsx (`FUZZ_FORMAT=xlsx`: the bytes are a workbook; seeds are small valid workbooks, so
mutations exercise the zip/XML gate) and run through `run_pipeline` with the default rules and
a fixed as-of date. Seeds are written to bench/data/fuzz-<format>/ on first use; crashes are
saved by libFuzzer as crash-<hash> in the working directory. Extra arguments go to libFuzzer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import atheris  # type: ignore[import-not-found]
import xlsxwriter

with atheris.instrument_imports(include=["custinfo"]):
    from custinfo.config import load_rules
    from custinfo.errors import CustinfoError
    from custinfo.pipeline import run_pipeline

FORMAT = os.environ.get("FUZZ_FORMAT", "csv")
SEEDS = Path(__file__).resolve().parent / "data" / f"fuzz-{FORMAT}"
RULES = replace(load_rules(None), as_of=dt.date(2024, 6, 30))
ROWS = [
    ["客户编号", "客户名称", "客户类型", "联系人", "联系电话", "所在地区", "所属行业", "客户状态"],
    ["C202401001", "深圳市星河科技有限公司", "企业", "王总", "13800138000", "广东深圳", "软件",
     "意向客户"],
    ["C202401002", "深圳星河科技", "企业", "王先生", "138-0013-8000", "深圳南山", "软件开发",
     "成交"],
    ["", "李明", "个人", "", "0755-88881234转8", "北京", "零售", "潜在"],
]  # fmt: skip


def write_seeds() -> None:
    SEEDS.mkdir(parents=True, exist_ok=True)
    if FORMAT == "xlsx":
        wb = xlsxwriter.Workbook(str(SEEDS / "seed.xlsx"), {"strings_to_numbers": False})
        ws = wb.add_worksheet("客户信息")
        for r, row in enumerate(ROWS):
            for c, value in enumerate(row):
                ws.write_string(r, c, value)
        wb.close()
        return
    text = "\n".join(",".join(row) for row in ROWS) + "\n"
    (SEEDS / "utf8.csv").write_text(text, "utf-8")
    (SEEDS / "gbk.csv").write_bytes(text.encode("gbk"))
    (SEEDS / "bom.csv").write_text(text, "utf-8-sig")


def one_input(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input.{FORMAT}"
        path.write_bytes(data)
        with contextlib.suppress(CustinfoError):  # a clear message: what bad input should get
            run_pipeline(path, RULES)


def main() -> None:
    write_seeds()
    argv = [sys.argv[0], *sys.argv[1:], str(SEEDS)]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
