"""rules.yaml as typed config: every key known, every value checked, nothing executed."""

from __future__ import annotations

import re
import string
from typing import Literal

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from pydantic import Field, ValidationInfo, field_validator

from custinfo.codes import CODES
from custinfo.config.base import _Strict
from custinfo.config.report import ReportConfig
from custinfo.config.segment import SegmentConfig
from custinfo.fields import SheetKind

Level = Literal["error", "warning", "info"]


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


class LogicConfig(_Strict):
    """Cross-field contradictions (severities under validate.severity)."""

    # statuses that mean the customer has bought: each needs a row in 交易记录
    deal_statuses: list[str] = Field(
        default_factory=lambda: ["成交客户", "首次合作客户", "长期战略客户"]
    )
    new_company_days: int = Field(365, ge=1)  # "founded within the last year" …
    large_staff: int = Field(500, ge=1)  # … "with 500+ staff" is suspicious
    # 所属行业 -> 需求类型 that contradict it (the templates' example: 制造业 with 虚拟服务)
    incompatible_needs: dict[str, list[str]] = Field(
        default_factory=lambda: {"制造业": ["虚拟服务"]}
    )


class FollowupConfig(_Strict):
    """Follow-up hygiene: 需复核 and 跟进逾期 warnings."""

    stale_days: int = Field(182, ge=1)  # no contact for this many days -> 需复核 (6 months)
    skip_statuses: list[str] = Field(default_factory=lambda: ["流失客户"])  # no follow-up expected


_MESSAGE_PLACEHOLDERS = frozenset({"value", "header", "field", "sheet", "row", "column"})


class UserRule(_Strict):
    """A row condition from rules.yaml; `when` is the safe condition language (rules/expr.py)."""

    name: str = Field(min_length=1, max_length=60)
    when: str = Field(min_length=1, max_length=2000)
    sheet: SheetKind = SheetKind.CUSTOMERS
    field: str | None = None  # the cell to mark; default: the first field the condition names
    severity: Level = "warning"
    message: str = Field(min_length=1, max_length=500)
    message_en: str = ""
    hint: str = ""
    hint_en: str = ""

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ch.isspace() or ch in "{}" for ch in value):
            raise ValueError("规则名称不能为空，也不能含空格或花括号")
        return value

    @field_validator("message", "message_en", "hint", "hint_en")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        # Only plain {value}/{header}/… placeholders: str.format could otherwise reach attributes.
        try:
            parts = list(string.Formatter().parse(value))
        except ValueError:
            raise ValueError("花括号不成对；要显示花括号请写 {{ 和 }}") from None
        for _, name, spec, conversion in parts:
            if name is None:
                continue
            if name not in _MESSAGE_PLACEHOLDERS or spec or conversion:
                allowed = "、".join("{" + p + "}" for p in sorted(_MESSAGE_PLACEHOLDERS))
                raise ValueError(f"不支持的占位符 {{{name}}}；可用：{allowed}")
        return value


class ValidateConfig(_Strict):
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    # per check code: error / warning / info, or off to skip it (docs/codes.md lists the codes)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    logic: LogicConfig = Field(default_factory=LogicConfig)
    followup: FollowupConfig = Field(default_factory=FollowupConfig)
    rules: list[UserRule] = Field(default_factory=list, max_length=500)
    # 年份+月份+流水号 with an optional letter prefix: 202405-0001, C202405001, KH-2024050001
    customer_id_pattern: str = r"(?:[A-Za-z]{1,4}-?)?(?:19|20)\d{2}(?:0[1-9]|1[0-2])-?\d{3,6}"
    # what a company without a credit code may write instead (GB 32100 codes are 18 characters)
    credit_code_placeholders: list[str] = Field(default_factory=lambda: ["暂无", "无"])

    @field_validator("severity", mode="before")
    @classmethod
    def _off_unquoted(cls, value: object) -> object:
        # YAML 1.1 reads a bare `off` as false; the docs write it bare
        if isinstance(value, dict):
            return {k: "off" if v is False else v for k, v in value.items()}
        return value

    @field_validator("severity")
    @classmethod
    def _known_codes(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [slug for slug in value if slug not in CODES]
        if unknown:
            raise ValueError(f"没有这些检查代码：{', '.join(unknown)}（见 docs/codes.md）")
        return value

    @field_validator("customer_id_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式（{exc}）") from None
        try:  # it runs on RE2 (linear time): no back-references or look-arounds
            pc.match_substring_regex(pa.array([""], pa.string()), f"^(?:{value})$")
        except pa.ArrowInvalid as exc:
            raise ValueError(
                f"编号规则不能用回溯引用（\\1）或前后查找（(?=…)、(?<=…)）（{exc}）"
            ) from None
        return value


class NormalizeConfig(_Strict):
    """Additions to the normalizers' package data (custinfo/data/)."""

    # typed term -> GB/T 4754-2017 大类 code ("65") or 门类 letter ("C")
    industry_synonyms: dict[str, str] = Field(default_factory=dict)
    region_groups: dict[str, str] = Field(default_factory=dict)  # 省份 -> 区域 (华东 …)
    city_tiers: dict[str, str] = Field(default_factory=dict)  # 城市 -> 城市等级 (一线 …)

    @field_validator("industry_synonyms")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [v for v in value.values() if not re.fullmatch(r"[A-T]|\d{2}", str(v))]
        if bad:
            raise ValueError(
                f"应为 2 位行业大类代码（如 65）或门类字母（如 C），而不是：{', '.join(bad)}"
            )
        return value


# ---- dedupe ------------------------------------------------------------------------------------

Comparator = Literal[
    "exact", "phone", "email", "person_name", "company_name", "string", "date", "number"
]
Survivor = Literal[
    "newest", "most_complete", "longest", "first_contact", "valid", "union", "concat", "earliest"
]


class MatchField(_Strict):
    """One thing two records are compared on. `columns` are canonical field names (phone) or
    headers as typed in the sheet (手机, Postcode); several columns form one set of values
    (联系电话 + 联系电话2). Weights are log2 Bayes factors per comparator level (docs/dedupe.md):
    how many times likelier the level is between two rows of one customer than between two
    different customers, as a power of 2; levels left out take the comparator's defaults."""

    name: str = Field(min_length=1, max_length=30)  # the words the evidence uses: 电话, 公司名
    columns: list[str] = Field(min_length=1, max_length=20)
    comparator: Comparator
    weights: dict[str, float] = Field(default_factory=dict)
    # both given and different: weigh it (the level's weight), send the pair to review at most
    # (联系人: two people at one company are two contacts), or veto (credit code, ID number)
    on_different: Literal["weigh", "review", "veto"] = "weigh"


class BlockingRule(_Strict):
    """Rows that share every key of a rule become candidate pairs. A key is `keyer(column)` or
    `keyer(column, n)`; keyers: exact, phone, tail, ends, company, surname, prefix, ngrams
    (docs/dedupe.md)."""

    name: str = Field(min_length=1, max_length=40)
    keys: list[str] = Field(min_length=1, max_length=4)
    # a key shared by more rows is too common to compare (default: dedupe.max_block_size)
    max_block_size: int | None = Field(None, ge=2, le=100_000)

    @field_validator("keys")
    @classmethod
    def _key_syntax(cls, value: list[str]) -> list[str]:
        bad = [k for k in value if not BLOCKING_KEY.fullmatch(k.strip())]
        if bad:
            raise ValueError(
                "分组键应写成 键类型(列名) 或 键类型(列名, 数字)，键类型为 "
                f"{'、'.join(BLOCKING_KEYERS)}；有误：{', '.join(bad)}"
            )
        return [k.strip() for k in value]


BLOCKING_KEYERS = ("exact", "phone", "tail", "ends", "company", "surname", "prefix", "ngrams")
BLOCKING_KEY = re.compile(
    r"(?P<keyer>"
    + "|".join(BLOCKING_KEYERS)
    + r")\(\s*(?P<column>[^,()]+?)\s*(?:,\s*(?P<n>\d{1,2})\s*)?\)"
)


_SURVIVORS: dict[str, Survivor] = {
    "customer_id": "earliest",
    "phone": "union",
    "email": "union",
    "wechat": "union",
    "notes": "concat",
    "owner": "first_contact",
    "first_contact": "earliest",
    "credit_code": "valid",
    "id_number": "valid",
}


class SurvivorshipConfig(_Strict):
    """Which value the merged record keeps, per field; the others go to the 合并记录 sheet."""

    default: Survivor = "newest"
    fields: dict[str, Survivor] = Field(default_factory=lambda: dict(_SURVIVORS))
    # "newest" compares these dates, first one given wins (更新时间, then 互动时间, then 首次接触)
    recency: list[str] = Field(
        default_factory=lambda: ["updated_at", "last_interaction", "first_contact"]
    )


def _default_match_fields() -> list[MatchField]:
    return [
        MatchField(name="电话", columns=["phone"], comparator="phone"),
        MatchField(
            name="公司名", columns=["name"], comparator="company_name", on_different="review"
        ),
        # a full name alone is weak within one sheet (namesakes: 李秀英, 王伟 in every city)
        MatchField(
            name="联系人",
            columns=["contact"],
            comparator="person_name",
            weights={"same": 7.0},
            on_different="review",
        ),
        MatchField(name="邮箱", columns=["email"], comparator="email"),
        MatchField(name="微信", columns=["wechat"], comparator="exact"),
        # a city is shared by many customers: weak evidence for, some against (moves happen)
        MatchField(
            name="地区",
            columns=["city"],
            comparator="exact",
            weights={"same": 2.5, "different": -3.0},
        ),
        # addresses in one city share district and road: only a near-identical one says much
        MatchField(
            name="地址",
            columns=["address"],
            comparator="string",
            weights={"same": 8.0, "similar90": 4.0, "similar75": 1.0, "different": -1.0},
        ),
        MatchField(
            name="信用代码", columns=["credit_code"], comparator="exact", on_different="veto"
        ),
        MatchField(name="身份证号", columns=["id_number"], comparator="exact", on_different="veto"),
    ]


def _default_blocking() -> list[BlockingRule]:
    return [
        BlockingRule(name="电话相同", keys=["phone(phone)"]),
        BlockingRule(name="电话后8位相同", keys=["tail(phone, 8)"]),
        BlockingRule(name="信用代码相同", keys=["exact(credit_code)"]),
        BlockingRule(name="邮箱相同", keys=["exact(email)"]),
        BlockingRule(name="身份证号相同", keys=["exact(id_number)"]),
        BlockingRule(name="微信相同", keys=["exact(wechat)"]),
        BlockingRule(name="公司名主干相同", keys=["company(name)"]),
        BlockingRule(name="同姓且电话首尾相同", keys=["surname(contact)", "ends(phone, 4)"]),
        BlockingRule(
            name="公司名相近（同城）", keys=["ngrams(name)", "exact(city)"], max_block_size=10
        ),
    ]


class DedupeConfig(_Strict):
    """How duplicates are found and merged (docs/dedupe.md)."""

    enabled: bool = True
    fields: list[MatchField] = Field(default_factory=_default_match_fields, max_length=40)
    blocking: list[BlockingRule] = Field(default_factory=_default_blocking, max_length=40)
    # match_score = 100 x the probability that a pair is one customer (Fellegi-Sunter, see docs)
    merge_score: float = Field(90, ge=0, le=100)  # at or above: merged
    review_score: float = Field(50, ge=0, le=100)  # at or above (below merge): 待确认
    prior_weight: float = Field(-8, ge=-40, le=40)  # log2 odds of one customer before any evidence
    max_block_size: int = Field(200, ge=2, le=100_000)  # larger blocks are too common a key
    # cell texts that mean "nothing here" in any match column (validate's credit-code ones too)
    blanks: list[str] = Field(
        default_factory=lambda: [
            "无",
            "暂无",
            "没有",
            "不详",
            "未知",
            "待定",
            "待补充",
            "空",
            "-",
            "--",
            "/",
            "0",
            "n/a",
            "na",
            "null",
            "none",
        ]
    )
    survivorship: SurvivorshipConfig = Field(default_factory=SurvivorshipConfig)

    @field_validator("review_score")
    @classmethod
    def _review_below_merge(cls, value: float, info: ValidationInfo) -> float:
        merge = info.data.get("merge_score")
        if merge is not None and value > merge:
            raise ValueError(f"待确认分数线（{value:g}）不能高于合并分数线（{merge:g}）")
        return value


class Config(_Strict):
    """The whole rules.yaml."""

    version: int = 1
    fields: FieldsConfig = Field(default_factory=FieldsConfig)
    input: InputConfig = Field(default_factory=InputConfig)
    validate_: ValidateConfig = Field(default_factory=ValidateConfig, alias="validate")
    normalize: NormalizeConfig = Field(default_factory=NormalizeConfig)
    dedupe: DedupeConfig = Field(default_factory=DedupeConfig)
    segment: SegmentConfig = Field(default_factory=SegmentConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)
