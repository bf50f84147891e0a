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
    Code(
        "cell.formula_no_value",
        Severity.WARNING,
        "「{header}」是公式 {value}，文件里没有保存它的计算结果，已按空白处理",
        "'{header}' is the formula {value} saved without its result; it is read as blank",
        "请在 Excel 中打开文件并保存一次（Excel 会算出公式的值），再重新运行",
        "Open the file in Excel and save it once (Excel computes the formulas), then run again",
        title_zh="公式没有计算结果",
        title_en="formula without a value",
    ),
    Code(
        "cell.too_long",
        Severity.WARNING,
        "「{header}」有 {suggestion} 个字符，超过 Excel 单元格的上限 32,767：写出的工作簿里只保留前 32,767 个",
        "'{header}' has {suggestion} characters, past Excel's 32,767 per cell: workbooks written "
        "keep the first 32,767",
        "请把过长的内容拆到几个单元格，或另存为附件；.csv / .jsonl 输出保留全文",
        "Split the text over several cells or keep it in an attachment; .csv / .jsonl outputs keep "
        "all of it",
        title_zh="单元格内容过长",
        title_en="cell too long",
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
_FORMATS: tuple[Code, ...] = (
    Code(
        "phone.too_short",
        Severity.ERROR,
        "「{header}」中的号码「{value}」位数不足：手机号应为 11 位，固话应为 区号-号码",
        "Phone '{value}' in '{header}' is too short: mobiles have 11 digits, landlines an area "
        "code and a 7–8 digit number",
        "请补全号码（手机如 13800138000，固话如 0755-88881234）；无法补全时在备注中说明",
        "Complete the number (mobile 13800138000, landline 0755-88881234), or explain in 备注",
        title_zh="电话位数不足",
        title_en="phone too short",
    ),
    Code(
        "phone.invalid",
        Severity.ERROR,
        "「{header}」中的「{value}」不是有效的电话号码：手机号为 11 位，固话为 区号-号码",
        "'{value}' in '{header}' is not a valid phone number: mobiles have 11 digits, landlines "
        "are area code-number",
        "请核对号码（手机如 13800138000，固话如 0755-88881234）；多个号码请用 / 分隔",
        "Check the number (mobile 13800138000, landline 0755-88881234); separate several "
        "numbers with /",
        title_zh="电话无效",
        title_en="phone invalid",
    ),
    Code(
        "phone.not_a_number",
        Severity.ERROR,
        "「{header}」中的「{value}」不是电话号码，应为手机号或 区号-号码",
        "'{value}' in '{header}' is not a phone number; give a mobile or area code-number",
        "请填写手机号（如 13800138000）或固话（如 0755-88881234）；没有电话时留空，会标记为待补充",
        "Enter a mobile (13800138000) or landline (0755-88881234); leave it empty if there is "
        "none, and it will be marked as to be completed",
        title_zh="不是电话号码",
        title_en="not a phone number",
    ),
    Code(
        "phone.no_area_code",
        Severity.WARNING,
        "固话「{value}」缺少区号，应为 区号-号码，如 0755-88881234",
        "Landline '{value}' has no area code; write area code-number such as 0755-88881234",
        "请加上区号（如深圳 0755、北京 010、上海 021）",
        "Add the area code (Shenzhen 0755, Beijing 010, Shanghai 021 …)",
        title_zh="固话缺区号",
        title_en="landline without area code",
    ),
    Code(
        "email.invalid",
        Severity.ERROR,
        "「{header}」中的「{value}」不是有效的邮箱地址，应为 用户名@域名，如 name@example.com",
        "'{value}' in '{header}' is not a valid e-mail address; it should look like "
        "name@example.com",
        "请核对：只有一个 @，@ 前是用户名，@ 后是带后缀的域名（如 .com、.cn），不含空格",
        "Check it: one @, a user name before it, a domain with a suffix (.com, .cn) after it, "
        "no spaces",
        title_zh="邮箱无效",
        title_en="e-mail invalid",
    ),
    Code(
        "email.fullwidth",
        Severity.WARNING,
        "邮箱「{value}」中有全角字符（如 ＠ 或 。），应为「{suggestion}」",
        "E-mail '{value}' contains full-width characters (＠, 。); it should be '{suggestion}'",
        "请用半角（英文）输入法重新输入；规范化时会自动替换",
        "Retype it with a half-width (English) input method; normalize replaces it automatically",
        title_zh="邮箱含全角字符",
        title_en="full-width e-mail",
    ),
    Code(
        "credit_code.format",
        Severity.ERROR,
        "统一社会信用代码「{value}」格式不对：应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）",
        "Credit code '{value}' is malformed: it has 18 digits and capital letters (no I, O, S, "
        "V, Z)",
        "请按营业执照核对；没有代码时填“暂无”（可在 rules.yaml 的 validate.credit_code_placeholders 中修改）",
        "Copy it from the business licence; write 暂无 when there is none (see "
        "validate.credit_code_placeholders)",
        title_zh="信用代码格式错误",
        title_en="credit code malformed",
    ),
    Code(
        "credit_code.checksum",
        Severity.ERROR,
        "统一社会信用代码「{value}」的校验位（第 18 位）不对，有字符抄错了",
        "Credit code '{value}' fails its check character (the 18th): a character was mistyped",
        "请按营业执照逐位核对整个代码，不要只改最后一位",
        "Check every character against the business licence, not just the last one",
        title_zh="信用代码校验位错误",
        title_en="credit code checksum",
    ),
    Code(
        "id_number.format",
        Severity.ERROR,
        "身份证号「{value}」格式不对：应为 18 位，17 位数字加 1 位数字或 X，第 7–14 位为出生日期",
        "ID number '{value}' is malformed: 17 digits then a digit or X, digits 7–14 being the "
        "birth date",
        "请按身份证核对；个人客户没有身份证号时留空",
        "Check it against the ID card; leave it empty when unknown",
        title_zh="身份证号格式错误",
        title_en="ID number malformed",
    ),
    Code(
        "id_number.checksum",
        Severity.ERROR,
        "身份证号「{value}」的校验位（第 18 位）不对，有数字抄错了",
        "ID number '{value}' fails its check digit (the 18th): a digit was mistyped",
        "请按身份证逐位核对整个号码，不要只改最后一位",
        "Check every digit against the ID card, not just the last one",
        title_zh="身份证号校验位错误",
        title_en="ID number checksum",
    ),
    Code(
        "logic.person_with_credit_code",
        Severity.WARNING,
        "个人客户填了统一社会信用代码「{value}」；该代码属于企业、个体工商户等组织",
        "A personal customer (个人) has credit code '{value}'; only organisations have one",
        "如客户是企业或个体工商户，请把客户类型改为 企业；否则删除该代码",
        "If the customer is a company or sole proprietorship, set 客户类型 to 企业; else remove "
        "the code",
        title_zh="个人填了信用代码",
        title_en="person with credit code",
    ),
    Code(
        "logic.company_with_id_number",
        Severity.WARNING,
        "企业客户填了身份证号「{value}」；企业应填统一社会信用代码",
        "A company customer (企业) has ID number '{value}'; companies have a credit code instead",
        "如客户是个人，请把客户类型改为 个人；否则删除身份证号，改填统一社会信用代码",
        "If the customer is a person, set 客户类型 to 个人; else remove the ID number and give "
        "the credit code",
        title_zh="企业填了身份证号",
        title_en="company with ID number",
    ),
)

# Numbers and money that do not read as such.
_AMOUNTS = (
    Code(
        "number.invalid",
        Severity.WARNING,
        "「{header}」中的「{value}」不是数字",
        "'{value}' in '{header}' is not a number",
        "请填整数，如 120；只知道大概时写约数（如 约300）并在备注说明",
        "Write a whole number such as 120; if only roughly known, an estimate (约300) plus a note",
        title_zh="不是数字",
        title_en="not a number",
    ),
    Code(
        "money.unparseable",
        Severity.WARNING,
        "「{header}」中的「{value}」不是可识别的金额",
        "'{value}' in '{header}' is not an amount custinfo can read",
        "请写成金额或范围，如 12000、1.2万、5-10万、10万以上；没有金额时留空或写 面议",
        "Write an amount or a range such as 12000, 1.2万, 5-10万, 10万以上; leave it empty or "
        "write 面议 when there is none",
        title_zh="金额无法识别",
        title_en="unreadable amount",
    ),
)

# Cross-field contradictions, references between sheets and follow-up hygiene.
_LOGIC = (
    Code(
        "logic.deal_without_transaction",
        Severity.WARNING,
        "客户状态为「{value}」，但交易记录表中没有这个客户编号的交易",
        "Status is '{value}' but the transactions sheet has no order for this customer ID",
        "请补录交易记录，或核实客户状态（可在 rules.yaml 的 validate.logic.deal_statuses 中调整哪些状态需要交易）",
        "Add the order to the transactions sheet, or correct the status (validate.logic."
        "deal_statuses says which statuses need one)",
        title_zh="已成交但无交易记录",
        title_en="deal without transaction",
    ),
    Code(
        "logic.next_before_last_contact",
        Severity.WARNING,
        "「{header}」为 {value}，早于最近一次接触（{suggestion}）",
        "'{header}' is {value}, before the latest contact ({suggestion})",
        "下次沟通应安排在最近一次接触之后：请核对年份或更新下次沟通时间",
        "The next contact should come after the latest one: check the year or set a new date",
        title_zh="下次沟通早于上次接触",
        title_en="next contact before last",
    ),
    Code(
        "logic.founded_after_first_contact",
        Severity.WARNING,
        "成立时间 {value} 晚于首次接触时间 {suggestion}",
        "Founded on {value}, after the first contact on {suggestion}",
        "请核对成立时间（以营业执照为准）和首次接触时间",
        "Check the founding date (see the business licence) and the first contact date",
        title_zh="成立晚于首次接触",
        title_en="founded after first contact",
    ),
    Code(
        "logic.new_company_large_staff",
        Severity.WARNING,
        "员工人数「{value}」，但成立时间 {suggestion} 距今不到一年",
        "{value} employees, yet founded on {suggestion}, less than a year ago",
        "成立不到一年就有这么多员工并不常见：请核对员工人数和成立时间（阈值见 rules.yaml 的 validate.logic）",
        "A company this new rarely has so many staff: check both values (thresholds under "
        "validate.logic)",
        title_zh="新成立却人数众多",
        title_en="new company, many staff",
    ),
    Code(
        "logic.need_incompatible",
        Severity.WARNING,
        "需求类型「{value}」与所属行业「{suggestion}」不匹配，需核实",
        "Need type '{value}' does not fit the industry '{suggestion}'; please verify",
        "请与客户确认需求类型或所属行业（不匹配的组合在 rules.yaml 的 validate.logic.incompatible_needs 中设定）",
        "Confirm the need type or the industry with the customer (the combinations are set in "
        "validate.logic.incompatible_needs)",
        title_zh="需求与行业不符",
        title_en="need does not fit industry",
    ),
    Code(
        "ref.orphan",
        Severity.ERROR,
        "客户编号「{value}」在客户信息表中不存在，这条记录无法归到任何客户",
        "Customer ID '{value}' is not in the customer sheet, so this record belongs to no customer",
        "请核对客户编号是否抄错；如是新客户，请先在客户信息表中登记",
        "Check the ID for typos; for a new customer, add it to the customer sheet first",
        title_zh="找不到对应客户",
        title_en="unknown customer ID",
    ),
    Code(
        "followup.stale",
        Severity.WARNING,
        "最近一次接触是 {value}，之后超过期限（默认半年）没有互动：{suggestion}",
        "The latest contact was on {value}, longer ago than the limit (six months by default): review this customer",
        "请联系客户并登记互动记录，或把客户状态改为 流失客户（期限见 rules.yaml 的 validate.followup.stale_days）",
        "Contact the customer and log it, or set the status to 流失客户 (the period is "
        "validate.followup.stale_days)",
        title_zh="需复核（久未联系）",
        title_en="no contact for months",
    ),
    Code(
        "followup.overdue",
        Severity.WARNING,
        "下次沟通时间 {value} 已过，此后没有互动记录：{suggestion}",
        "The planned next contact ({value}) has passed with no contact since: overdue",
        "请尽快联系客户并登记互动记录，然后更新下次沟通时间",
        "Contact the customer, log it, and set the next contact date",
        title_zh="跟进逾期",
        title_en="follow-up overdue",
    ),
)

# Normalization: values that could not be put into canonical form, or that need a person's look.
_NORMALIZE = (
    Code(
        "region.unknown",
        Severity.WARNING,
        "「{header}」中的「{value}」没有识别出省市",
        "No province or city recognised in '{value}' ('{header}')",
        "请写成 省+市（+区县），如 广东省深圳市南山区（相近的地名见“建议”）",
        "Write province + city (+ district), e.g. 广东省深圳市南山区 (close names under Suggestion)",
        title_zh="地区无法识别",
        title_en="unknown region",
    ),
    Code(
        "region.ambiguous",
        Severity.WARNING,
        "「{value}」对应多个地方：{suggestion}",
        "'{value}' matches several places: {suggestion}",
        "请写明省和市，如 北京市朝阳区 或 吉林省长春市朝阳区",
        "Name the province and city, e.g. 北京市朝阳区 or 吉林省长春市朝阳区",
        title_zh="地区有歧义",
        title_en="ambiguous region",
    ),
    Code(
        "region.renamed",
        Severity.INFO,
        "「{value}」含有已撤销或更名的行政区划，现属「{suggestion}」",
        "'{value}' names a division that was renamed or merged; it is now part of '{suggestion}'",
        "无需处理；以后请使用现行名称",
        "Nothing to do; use the current name from now on",
        title_zh="旧地名已更新",
        title_en="former division name",
    ),
    Code(
        "phone.region_mismatch",
        Severity.INFO,
        "「{header}」中手机号的归属地是{suggestion}，与客户所在省份不一致",
        "A mobile in '{header}' is registered in {suggestion}, not the customer's province",
        "多为外地号码，通常无需处理；如所在地区填错了请更正",
        "Usually a number from elsewhere; correct the region if it was mistyped",
        title_zh="号码归属地不一致",
        title_en="phone region differs",
    ),
    Code(
        "industry.unknown",
        Severity.WARNING,
        "「{header}」中的「{value}」无法对应到国民经济行业分类（GB/T 4754-2017）",
        "'{value}' in '{header}' does not match a GB/T 4754-2017 industry",
        "可参考：{suggestion}；请按《国民经济行业分类》填写大类名称，或在 rules.yaml 的 normalize.industry_synonyms 中添加对应关系",
        "Closest: {suggestion}; write a GB/T 4754 division name, or map it in rules.yaml normalize.industry_synonyms",
        title_zh="行业无法识别",
        title_en="unknown industry",
    ),
    Code(
        "industry.section_only",
        Severity.INFO,
        "「{value}」只能确定到门类 {suggestion}，没有具体行业大类",
        "'{value}' only gives the section {suggestion}, not a 2-digit division",
        "如知道具体行业，请写明（如 制造业 → 通用设备制造业）",
        "Give the specific industry if known (e.g. 制造业 → 通用设备制造业)",
        title_zh="行业只到门类",
        title_en="industry section only",
    ),
    Code(
        "industry.suggested",
        Severity.INFO,
        "行业为空；根据客户名称和需求，可能是：{suggestion}",
        "Industry is empty; from the name and need it may be: {suggestion}",
        "请确认后填写；custinfo 不会自动填入",
        "Confirm and fill it in; custinfo never fills it in by itself",
        title_zh="建议的行业",
        title_en="suggested industry",
    ),
)

_DEDUPE = (
    Code(
        "dedupe.merged",
        Severity.INFO,
        "与{suggestion}是同一客户，已合并",
        "Same customer as {suggestion}; merged",
        "无需处理；合并依据和未保留的值见“合并记录”表",
        "Nothing to do; the reasons and the values not kept are in the merge ledger sheet",
        title_zh="重复客户已合并",
        title_en="duplicate merged",
    ),
    Code(
        "dedupe.review",
        Severity.INFO,
        "可能与{suggestion}是同一客户，待确认",
        "Possibly the same customer as {suggestion}; needs review",
        "请在“待确认”表中核对这两条记录；确为同一客户时请手工合并",
        "Check the two records side by side in the review sheet; merge them by hand if they are one customer",
        title_zh="疑似重复待确认",
        title_en="possible duplicate",
    ),
    Code(
        "dedupe.conflict",
        Severity.WARNING,
        "已确认与{suggestion}是同一客户，但这与另一条“否”的决定（或不同的证件号）矛盾，未合并",
        "Confirmed the same customer as {suggestion}, but another 'no' decision (or a different ID "
        "number) contradicts it; not merged",
        "请检查这几条记录的决定：若甲=乙、乙=丙，甲≠丙就不可能成立。在 custinfo.decisions.csv 中改正或删掉其中一条后重新运行",
        "Check the decisions about these records: A=B and B=C cannot hold with A≠C. Fix or remove one "
        "of them in custinfo.decisions.csv and run again",
        title_zh="人工决定相互矛盾",
        title_en="contradictory decisions",
    ),
)

CODES: dict[str, Code] = {
    code.slug: code
    for code in (*_CATALOG, *_VALUES, *_DATES, *_FORMATS, *_AMOUNTS, *_LOGIC, *_NORMALIZE, *_DEDUPE)
}


def code(slug: str) -> Code:
    """Return the catalog entry for `slug` (KeyError means a typo in our own code)."""
    return CODES[slug]
