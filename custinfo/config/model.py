"""rules.yaml as typed config: every key known, every value checked, nothing executed."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from custinfo.fields import SheetKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldConfig(_Strict):
    """Additions to one field of the registry (fields.py)."""

    aliases: list[str] = Field(default_factory=list)  # extra headers that mean this field
    required: bool | None = None  # make a field required (true) or optional (false)
    enum: list[str] = Field(default_factory=list)  # extra allowed values
    synonyms: dict[str, str] = Field(default_factory=dict)  # typed variant -> allowed value


class FieldsConfig(_Strict):
    """Per sheet: canonical field name -> additions."""

    customers: dict[str, FieldConfig] = Field(default_factory=dict)
    interactions: dict[str, FieldConfig] = Field(default_factory=dict)
    transactions: dict[str, FieldConfig] = Field(default_factory=dict)

    def for_sheet(self, sheet: SheetKind) -> dict[str, FieldConfig]:
        return {
            SheetKind.CUSTOMERS: self.customers,
            SheetKind.INTERACTIONS: self.interactions,
            SheetKind.TRANSACTIONS: self.transactions,
        }[sheet]


class InputConfig(_Strict):
    """How ingest reads a workbook and guards against hostile files."""

    sheet: str | None = None  # name of the customer sheet; None = recognise it
    interactions_sheet: str | None = None
    transactions_sheet: str | None = None
    header_search_rows: int = Field(30, ge=1, le=1000)  # rows scanned for the header row
    fuzzy_header_threshold: float = Field(85, ge=50, le=100)  # rapidfuzz score to accept a header
    max_file_mb: int = Field(512, ge=1)  # refuse larger input files
    max_uncompressed_mb: int = Field(4096, ge=1)  # refuse xlsx whose parts expand past this
    max_compression_ratio: float = Field(1000, ge=10)  # zip-bomb guard, per part
    max_cells: int = Field(80_000_000, ge=1)  # refuse a sheet whose declared size exceeds this
    csv_encoding: str | None = None  # force an encoding; None = detect (UTF-8, BOM, GB18030 …)


class ValidateConfig(_Strict):
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    # 年份+月份+流水号 with an optional letter prefix: 202405-0001, C202405001, KH-2024050001
    customer_id_pattern: str = r"(?:[A-Za-z]{1,4}-?)?(?:19|20)\d{2}(?:0[1-9]|1[0-2])-?\d{3,6}"
    # what a company without a credit code may write instead (GB 32100 codes are 18 characters)
    credit_code_placeholders: list[str] = Field(default_factory=lambda: ["暂无", "无"])

    @field_validator("customer_id_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式（{exc}）") from None
        return value


class Config(_Strict):
    """The whole rules.yaml. Later issues add sections (normalize, dedupe, tags, rfm, report)."""

    version: int = 1
    fields: FieldsConfig = Field(default_factory=FieldsConfig)
    input: InputConfig = Field(default_factory=InputConfig)
    validate_: ValidateConfig = Field(default_factory=ValidateConfig, alias="validate")
