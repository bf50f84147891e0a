"""Machine outputs picked by extension: `.csv` for Excel users, `.jsonl` and `.parquet` for scripts.

CSV gets Chinese headers and a BOM so Excel opens it as UTF-8; JSON Lines and Parquet keep the
canonical field names scripts rely on (PRODUCT.md, "Outputs scripts can rely on").
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from custinfo.errors import OutputError
from custinfo.io.atomic import atomic_path

SUPPORTED = (".csv", ".jsonl", ".parquet")

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by Excel.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_frame(path: Path, frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> None:
    """Write `frame` to `path` in the format its extension names, atomically.

    `headers` maps canonical names to Chinese headers; it is used for `.csv` only (columns it
    does not name keep their names). The frame's index is not written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv(path, frame, headers or {})
    elif suffix == ".jsonl":
        _write_jsonl(path, frame)
    elif suffix == ".parquet":
        _write_parquet(path, frame)
    else:
        supported = "、".join(SUPPORTED)
        raise OutputError(
            f"不支持的输出格式「{path.suffix or path.name}」",
            f"请使用以下扩展名之一：{supported}（Excel 工作簿请用 .xlsx）",
            message_en=f"unsupported output format '{path.suffix or path.name}'",
            hint_en=f"use one of {', '.join(SUPPORTED)} (or .xlsx for the annotated workbook)",
        )


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell that Excel could take for a formula starts with `'`.

    Only text is touched: the number -5 stays a number; the text "-5x" becomes "'-5x".
    """
    out = frame.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if isinstance(col.dtype, pd.StringDtype):
            is_text = col.notna().to_numpy()
        elif pd.api.types.is_object_dtype(col.dtype):
            is_text = col.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        else:
            continue
        text = col.where(is_text, "").astype(str)
        risky = is_text & text.str.startswith(FORMULA_TRIGGERS).to_numpy(dtype=bool)
        if risky.any():
            col = col.copy()
            col.iloc[np.flatnonzero(risky)] = ("'" + text[risky]).to_numpy(dtype=object)
            out.isetitem(i, col.array)
    return out


def neutral_text(text: str) -> str:
    """One text made safe the same way (used for the CSV header row)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _write_csv(path: Path, frame: pd.DataFrame, headers: Mapping[str, str]) -> None:
    header = [neutral_text(str(headers.get(str(c), c))) for c in frame.columns]
    body = neutralize(frame)
    with atomic_path(path) as tmp:
        body.to_csv(tmp, index=False, header=header, encoding="utf-8-sig", lineterminator="\r\n")


def _write_jsonl(path: Path, frame: pd.DataFrame) -> None:
    with atomic_path(path) as tmp:
        if frame.empty:
            tmp.write_text("", encoding="utf-8")
            return
        frame.to_json(
            tmp,
            orient="records",
            lines=True,
            force_ascii=False,
            date_format="iso",
            double_precision=15,
            default_handler=str,
        )


def _write_parquet(path: Path, frame: pd.DataFrame) -> None:
    if importlib.util.find_spec("pyarrow") is None:
        raise OutputError(
            "写 .parquet 需要 pyarrow，当前环境未安装",
            "请运行 pip install pyarrow，或改用 .jsonl / .csv",
            message_en="writing .parquet needs pyarrow, which is not installed",
            hint_en="run `pip install pyarrow`, or write .jsonl / .csv instead",
        )
    with atomic_path(path) as tmp:
        try:
            frame.to_parquet(tmp, index=False, engine="pyarrow")
        except (TypeError, ValueError) as e:  # pyarrow's ArrowTypeError / ArrowInvalid
            raise OutputError(
                f"无法把数据写成 parquet：{e}",
                "请改用 .jsonl 或 .csv 输出",
                message_en=f"cannot write the data as parquet: {e}",
                hint_en="write .jsonl or .csv instead",
            ) from e
