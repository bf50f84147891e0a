"""The catalog of finding codes: a stable slug, a severity, and the words in Chinese and English.

Messages are templates whose placeholders are finding columns (`value`, `header`, `field`,
`suggestion`, `sheet`, `row`, `column`); they are rendered only at the edge (report/messages.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Code:
    slug: str
    severity: Severity
    zh: str
    en: str
    hint_zh: str
    hint_en: str
    title_zh: str = ""  # a few words for tables (汇总); the slug when empty
    title_en: str = ""

    def title(self, lang: str = "zh") -> str:
        return (self.title_en if lang == "en" else self.title_zh) or self.slug


_CATALOG = (
    Code(
        "required.missing",
        Severity.ERROR,
        "必填项「{header}」为空，已标记为待补充",
        "Required field '{header}' is empty; marked as to be completed (待补充)",
        "请负责人补填该项；确实无法获得时在备注中说明原因",
        "Ask the owner to fill it in, or explain in 备注 why it is unknown",
        title_zh="必填项为空",
        title_en="required value missing",
    ),
    Code(
        "header.missing_required",
        Severity.ERROR,
        "缺少必填列「{suggestion}」，整列的数据都无法检查",
        "Required column '{suggestion}' is missing, so none of its data can be checked",
        "请在表头行加入该列（可用 custinfo template 生成标准模板对照），或在 rules.yaml 中为它添加别名",
        "Add the column to the header row (compare with `custinfo template`) or add an alias in "
        "rules.yaml",
        title_zh="缺少必填列",
        title_en="required column missing",
    ),
    Code(
        "header.fuzzy",
        Severity.INFO,
        "表头「{value}」按近似匹配识别为「{suggestion}」",
        "Header '{value}' was matched approximately to '{suggestion}'",
        "如识别有误，请改用标准表头，或在 rules.yaml 中为正确字段添加别名",
        "If this is wrong, use the standard header or add an alias in rules.yaml",
        title_zh="表头近似匹配",
        title_en="header matched approximately",
    ),
    Code(
        "header.unmapped",
        Severity.INFO,
        "列「{value}」没有对应的标准字段，已原样保留，不参与检查",
        "Column '{value}' matches no standard field; it is kept as is and not checked",
        "如该列应参与检查，请在 rules.yaml 的 fields 中为对应字段添加别名",
        "To have it checked, add its header as an alias of a field in rules.yaml",
        title_zh="未识别的列",
        title_en="unrecognised column",
    ),
    Code(
        "header.duplicate",
        Severity.WARNING,
        "表头「{value}」与前面的列重复（都对应「{suggestion}」），本列原样保留，不参与检查",
        "Header '{value}' repeats an earlier column (both mean '{suggestion}'); this column is "
        "kept as is and not checked",
        "请合并两列或修改其中一列的表头",
        "Merge the two columns or rename one of them",
        title_zh="重复的表头",
        title_en="duplicate header",
    ),
    Code(
        "header.blank",
        Severity.INFO,
        "第 {column} 列有数据但没有表头，已原样保留，不参与检查",
        "Column {column} has data but no header; it is kept as is and not checked",
        "请为该列补上表头",
        "Give the column a header",
        title_zh="无表头的列",
        title_en="column without header",
    ),
)

_VALUES = (
    Code(
        "enum.synonym",
        Severity.WARNING,
        "「{value}」不是「{header}」的标准写法，应为「{suggestion}」",
        "'{value}' is not the standard form for '{header}'; it means '{suggestion}'",
        "请改为标准写法（规范化时会自动替换）",
        "Use the standard form (normalize replaces it automatically)",
        title_zh="非标准写法",
        title_en="non-standard value",
    ),
    Code(
        "enum.invalid",
        Severity.ERROR,
        "「{value}」不是「{header}」的可选值（可选：{suggestion}）",
        "'{value}' is not an allowed value for '{header}' (allowed: {suggestion})",
        "请从下拉选项中选择；新的取值可在 rules.yaml 的 fields 中添加",
        "Pick a value from the dropdown; add new values under fields in rules.yaml",
        title_zh="不在可选值中",
        title_en="value not allowed",
    ),
    Code(
        "id.duplicate",
        Severity.ERROR,
        "客户编号「{value}」重复，另见第 {suggestion} 行",
        "Customer ID '{value}' also appears in row(s) {suggestion}",
        "每位客户的编号必须唯一：如是同一客户请合并，否则请改用新编号",
        "IDs must be unique: merge the rows if they are the same customer, else renumber",
        title_zh="客户编号重复",
        title_en="duplicate customer ID",
    ),
    Code(
        "id.format",
        Severity.WARNING,
        "客户编号「{value}」不符合编号规则",
        "Customer ID '{value}' does not follow the numbering rule",
        "编号应为 年份+月份+流水号，如 202405-0001 或 C202405001；规则可在 rules.yaml 的 validate.customer_id_pattern 中修改",
        "Use year+month+serial such as 202405-0001 or C202405001; change the rule with validate.customer_id_pattern",
        title_zh="编号格式不符",
        title_en="ID format",
    ),
    Code(
        "id.missing",
        Severity.INFO,
        "客户编号为空，规范化时将自动分配",
        "Customer ID is empty; one will be assigned when normalizing",
        "如已有编号请补填，以免与其他系统对不上",
        "Fill in the existing ID if there is one, so other systems still match",
        title_zh="客户编号为空",
        title_en="customer ID empty",
    ),
)

_DATES = (
    Code(
        "date.unparseable",
        Severity.WARNING,
        "「{value}」不是可识别的日期",
        "'{value}' is not a date custinfo can read",
        "请写成具体日期，如 2024-05-10、2024/5/10 或 2024年5月10日；不确定时写大致日期并在备注说明",
        "Write a real date such as 2024-05-10, 2024/5/10 or 2024年5月10日; if unsure, an approximate date plus a note",
        title_zh="日期无法识别",
        title_en="unreadable date",
    ),
    Code(
        "date.future",
        Severity.WARNING,
        "「{header}」为 {value}，晚于检查日期 {suggestion}",
        "'{header}' is {value}, later than the check date {suggestion}",
        "已发生的事不应在未来：请核对年份（如 2042 应为 2024）；检查日期可用 --as-of 指定",
        "Past events cannot be in the future: check the year (2042 for 2024?); set the check date with --as-of",
        title_zh="日期在未来",
        title_en="date in the future",
    ),
)

# Format checks (phone, email, credit code, ID number) are appended below this line.
_FORMATS: tuple[Code, ...] = ()

CODES: dict[str, Code] = {code.slug: code for code in (*_CATALOG, *_VALUES, *_DATES, *_FORMATS)}


def code(slug: str) -> Code:
    """Return the catalog entry for `slug` (KeyError means a typo in our own code)."""
    return CODES[slug]
