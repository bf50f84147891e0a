"""The field registry: the one place that knows each field's Chinese header, aliases, type,
whether it is required, its enumeration and synonyms, and which sheet it belongs to.

The template, the header mapping and the validation schema are all generated from it;
rules.yaml can extend it (see `Registry.extended`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum


class SheetKind(StrEnum):
    CUSTOMERS = "customers"
    INTERACTIONS = "interactions"
    TRANSACTIONS = "transactions"

    @property
    def zh(self) -> str:
        return SHEET_TITLES[self]


SHEET_TITLES: dict[SheetKind, str] = {
    SheetKind.CUSTOMERS: "客户信息",
    SheetKind.INTERACTIONS: "互动记录",
    SheetKind.TRANSACTIONS: "交易记录",
}

# Sheet names that say what a sheet holds (matched as substrings of the sheet name).
SHEET_NAME_HINTS: dict[SheetKind, tuple[str, ...]] = {
    SheetKind.CUSTOMERS: ("客户信息", "客户基本信息", "客户档案", "客户名单", "客户列表", "客户"),
    SheetKind.INTERACTIONS: ("互动", "维护记录", "沟通记录", "跟进记录", "拜访记录", "联系记录"),
    SheetKind.TRANSACTIONS: ("交易", "订单", "成交记录", "销售记录", "合同", "消费记录"),
}


class Kind(StrEnum):
    """What a field holds; decides template formats and (later) validation and normalization."""

    TEXT = "text"
    ENUM = "enum"
    DATE = "date"
    INTEGER = "integer"
    MONEY = "money"
    PHONE = "phone"
    EMAIL = "email"
    CUSTOMER_ID = "customer_id"
    CREDIT_CODE = "credit_code"
    ID_NUMBER = "id_number"


@dataclass(frozen=True)
class Field:
    name: str  # canonical English name used inside frames and in machine outputs
    zh: str  # the standard Chinese header
    sheet: SheetKind
    kind: Kind = Kind.TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False
    enum: tuple[str, ...] = ()  # allowed values, in dropdown order
    synonyms: Mapping[str, str] = field(default_factory=dict)  # typed variant -> allowed value
    open_enum: bool = False  # values outside `enum` are allowed (the list is a suggestion)
    help: str = ""  # one line for the 填写说明 sheet
    example: str = ""
    width: int = 14  # template column width, in Excel character units

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that maps to this field exactly: the standard one first."""
        return (self.zh, *self.aliases)

    @functools.cached_property
    def standard_values(self) -> dict[str, str]:
        """`enum_key` of each allowed value and synonym -> the allowed value it stands for."""
        return {enum_key(v): v for v in self.enum} | {
            enum_key(k): v for k, v in self.synonyms.items()
        }


# Columns the normalize stage adds (canonical name -> the Chinese header written in workbooks).
DERIVED_HEADERS: dict[str, str] = {
    "province": "省份",
    "city": "城市",
    "district": "区县",
    "region_code": "行政区划代码",
    "region_group": "区域",
    "city_tier": "城市等级",
    "phone_type": "电话类型",
    "phone_region": "号码归属地",
    "industry_section": "行业门类",
    "industry_section_name": "行业门类名称",
    "industry_code": "行业代码",
    "industry_name": "行业名称",
    "budget_min": "预算下限",
    "budget_max": "预算上限",
    "contact_surname": "联系人姓氏",
    "contact_title": "联系人称谓",
    "company_short": "客户简称",
}


def derived_header(name: str) -> str:
    """The Chinese header of a derived column (phone_2 -> 联系电话2; unknown names as they are)."""
    if name in DERIVED_HEADERS:
        return DERIVED_HEADERS[name]
    base, _, n = name.rpartition("_")
    if base == "phone" and n.isdigit():
        return f"联系电话{n}"
    return name


def enum_key(text: str) -> str:
    """How enumeration variants are compared: half-width, no whitespace, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _f(name: str, zh: str, sheet: SheetKind, **kw: object) -> Field:
    return Field(name, zh, sheet, **kw)  # type: ignore[arg-type]


C, I, T = SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS  # noqa: E741
_HML = ("高", "中", "低")
_HML_SYN = {"高级": "高", "较高": "高", "一般": "中", "中等": "中", "普通": "中", "较低": "低"}

STATUSES = (
    "潜在客户",
    "意向客户",
    "成交客户",
    "流失客户",
    "首次合作客户",
    "长期战略客户",
    "流失预警客户",
)
CHANNELS = ("电话沟通", "线下拜访", "邮件沟通", "微信沟通", "视频会议", "展会交流", "其他")
_CHANNEL_SYN = {
    "电话": "电话沟通",
    "拜访": "线下拜访",
    "上门拜访": "线下拜访",
    "面谈": "线下拜访",
    "邮件": "邮件沟通",
    "微信": "微信沟通",
    "视频": "视频会议",
    "展会": "展会交流",
}


def _customer_key(sheet: SheetKind, example: str) -> tuple[Field, Field]:
    """客户编号 and 客户名称 on a sheet that refers to customers (互动记录, 交易记录)."""
    return (
        _f(
            "customer_id",
            "客户编号",
            sheet,
            kind=Kind.CUSTOMER_ID,
            required=True,
            aliases=("客户ID", "客户代码", "编号"),
            help="与 客户信息 表的客户编号一致",
            example=example,
            width=14,
        ),
        _f(
            "name",
            "客户名称",
            sheet,
            aliases=("客户全称", "公司名称", "客户"),
            help="可选，便于阅读",
            width=24,
        ),
    )


FIELDS: tuple[Field, ...] = (
    # --- 客户信息 -------------------------------------------------------------------------
    _f(
        "customer_id",
        "客户编号",
        C,
        kind=Kind.CUSTOMER_ID,
        aliases=("客户ID", "客户代码", "编号", "客户序号"),
        help="年份+月份+流水号，如 202405-0001 或 C202405001；留空时自动分配",
        example="C202405001",
        width=14,
    ),
    _f(
        "customer_type",
        "客户类型",
        C,
        kind=Kind.ENUM,
        required=True,
        enum=("企业", "个人"),
        aliases=("客户性质", "客户类别"),
        synonyms={
            "企业客户": "企业",
            "公司": "企业",
            "单位": "企业",
            "机构": "企业",
            "个人客户": "个人",
            "个体": "个人",
            "自然人": "个人",
        },
        help="企业 或 个人",
        example="企业",
        width=10,
    ),
    _f(
        "name",
        "客户名称",
        C,
        required=True,
        aliases=(
            "客户全称",
            "公司名称",
            "企业名称",
            "客户名称/联系人",
            "客户姓名",
            "姓名",
            "单位名称",
            "公司全称",
            "客户",
        ),
        help="企业填营业执照上的全称；个人填姓名",
        example="深圳市星河科技有限公司",
        width=28,
    ),
    _f(
        "credit_code",
        "统一社会信用代码",
        C,
        kind=Kind.CREDIT_CODE,
        aliases=("信用代码", "社会信用代码", "税号"),
        help="企业客户填 18 位代码；没有时填“暂无”",
        example="91440300MA5DC6QX9C",
        width=22,
    ),
    _f(
        "id_number",
        "身份证号",
        C,
        kind=Kind.ID_NUMBER,
        aliases=("身份证号码", "证件号码", "身份证"),
        help="个人客户填 18 位身份证号；输出时一律脱敏",
        example="",
        width=22,
    ),
    _f(
        "contact",
        "联系人",
        C,
        aliases=("联系人姓名", "主要联系人", "对接人姓名", "客户联系人"),
        help="主要对接人，如 王总、李经理",
        example="王总",
        width=12,
    ),
    _f(
        "title",
        "职务",
        C,
        aliases=("职位", "联系人职务", "岗位"),
        help="联系人的职务",
        example="技术总监",
        width=12,
    ),
    _f(
        "decision_role",
        "决策角色",
        C,
        kind=Kind.ENUM,
        enum=("决策者", "影响者", "使用者"),
        aliases=("决策链角色", "角色"),
        synonyms={
            "最终决策人": "决策者",
            "决策人": "决策者",
            "拍板人": "决策者",
            "影响人": "影响者",
            "使用人": "使用者",
            "用户": "使用者",
        },
        help="决策者 / 影响者 / 使用者",
        example="决策者",
        width=10,
    ),
    _f(
        "phone",
        "联系电话",
        C,
        kind=Kind.PHONE,
        required=True,
        aliases=("联系方式", "手机", "手机号", "手机号码", "电话", "电话号码", "联系号码", "座机"),
        help="手机 11 位；固话 区号-号码，如 0755-88881234",
        example="13800138000",
        width=16,
    ),
    _f(
        "email",
        "邮箱",
        C,
        kind=Kind.EMAIL,
        aliases=("电子邮箱", "电子邮件", "Email", "E-mail", "邮件地址", "邮箱地址", "电子邮箱地址"),
        help="如 name@example.com",
        example="wang@example.com",
        width=22,
    ),
    _f("wechat", "微信", C, aliases=("微信号", "微信账号"), help="微信号", example="", width=14),
    _f(
        "region",
        "所在地区",
        C,
        aliases=("所在区域", "地区", "区域", "省市", "所属地区", "城市", "居住地区"),
        help="省+市，如 广东省深圳市",
        example="广东省深圳市",
        width=16,
    ),
    _f(
        "address",
        "详细地址",
        C,
        aliases=("地址", "注册地址", "企业地址", "公司地址", "常用地址", "联系地址"),
        help="精确到省市区",
        example="广东省深圳市南山区科技园",
        width=28,
    ),
    _f(
        "industry",
        "所属行业",
        C,
        required=True,
        aliases=("行业", "行业类型", "行业分类", "行业类别"),
        help="按《国民经济行业分类》填写，如 软件和信息技术服务业",
        example="软件和信息技术服务业",
        width=20,
    ),
    _f(
        "scale",
        "企业规模",
        C,
        aliases=("规模",),
        help="员工人数/年营收范围，如 200-500人/年营收5000万-1亿",
        example="200-500人",
        width=16,
    ),
    _f(
        "employees",
        "员工人数",
        C,
        kind=Kind.INTEGER,
        aliases=("人数", "员工数", "职工人数"),
        help="整数",
        example="300",
        width=10,
    ),
    _f(
        "revenue",
        "年营收",
        C,
        kind=Kind.MONEY,
        aliases=("年营业额", "营业收入", "年收入", "营收"),
        help="如 5000万、1.2亿",
        example="5000万",
        width=12,
    ),
    _f(
        "founded",
        "成立时间",
        C,
        kind=Kind.DATE,
        aliases=("成立日期", "注册时间", "注册日期"),
        help="日期，如 2015-03-01",
        example="2015-03-01",
        width=12,
    ),
    _f(
        "source",
        "客户来源",
        C,
        kind=Kind.ENUM,
        open_enum=True,
        enum=(
            "展会推广",
            "线上广告",
            "客户转介绍",
            "主动咨询",
            "官网表单",
            "社交媒体",
            "电商平台",
            "地推",
            "合作伙伴",
            "老客户复购",
            "其他",
        ),
        aliases=("获取渠道", "来源渠道", "来源", "客户获取渠道", "渠道"),
        synonyms={
            "展会": "展会推广",
            "展会对接": "展会推广",
            "展会登记": "展会推广",
            "线上广告推荐": "线上广告",
            "广告": "线上广告",
            "转介绍": "客户转介绍",
            "同行转介绍": "客户转介绍",
            "老客户介绍": "客户转介绍",
            "咨询": "主动咨询",
            "来电咨询": "主动咨询",
            "官网": "官网表单",
            "公众号": "社交媒体",
        },
        help="展会推广 / 线上广告 / 客户转介绍 / 主动咨询 …",
        example="展会推广",
        width=12,
    ),
    _f(
        "referrer",
        "转介绍人",
        C,
        aliases=("介绍人", "推荐人"),
        help="客户转介绍时填写",
        example="",
        width=10,
    ),
    _f(
        "first_contact",
        "首次接触时间",
        C,
        kind=Kind.DATE,
        aliases=("首次接触日期", "首次联系时间", "建档日期", "录入日期"),
        help="日期，如 2024-05-10",
        example="2024-05-06",
        width=14,
    ),
    _f(
        "last_interaction",
        "互动时间",
        C,
        kind=Kind.DATE,
        aliases=("最近互动时间", "最近联系时间", "最后跟进时间", "沟通时间"),
        help="最近一次互动的日期（详细记录写在 互动记录 表）",
        example="2024-05-10",
        width=12,
    ),
    _f(
        "last_channel",
        "互动方式",
        C,
        kind=Kind.ENUM,
        enum=CHANNELS,
        open_enum=True,
        aliases=("最近互动方式", "沟通方式", "联系方式类型"),
        synonyms=_CHANNEL_SYN,
        help="最近一次互动的方式",
        example="电话沟通",
        width=10,
    ),
    _f(
        "next_contact",
        "下次沟通时间",
        C,
        kind=Kind.DATE,
        aliases=("下次联系时间", "下次跟进时间", "计划跟进时间"),
        help="日期，如 2024-07-15",
        example="2024-05-15",
        width=14,
    ),
    _f(
        "need_type",
        "需求类型",
        C,
        kind=Kind.ENUM,
        open_enum=True,
        enum=("产品采购", "服务咨询", "合作代理", "售后支持", "定制开发", "技术支持", "培训咨询"),
        aliases=("产品/服务需求类型", "需求分类"),
        synonyms={
            "采购": "产品采购",
            "采购设备": "产品采购",
            "咨询服务": "服务咨询",
            "代理": "合作代理",
            "售后": "售后支持",
            "定制": "定制开发",
            "定制化服务": "定制开发",
            "培训": "培训咨询",
        },
        help="产品采购 / 服务咨询 / 合作代理 / 售后支持 / 定制开发 …",
        example="定制开发",
        width=12,
    ),
    _f(
        "need",
        "需求描述",
        C,
        aliases=("客户需求", "客户明确需求", "需求", "需求详情"),
        help="具体场景、痛点、目标（100字内）",
        example="需要一套客户管理软件，支持多部门协作",
        width=32,
    ),
    _f(
        "budget",
        "预算范围",
        C,
        kind=Kind.MONEY,
        aliases=("预算", "预算金额", "客户预算"),
        help="如 30-50万、10万以内、4000元/台",
        example="30-50万",
        width=12,
    ),
    _f(
        "expected_date",
        "期望达成时间",
        C,
        kind=Kind.DATE,
        aliases=("期望交付时间", "采购时间节点", "期望完成时间", "预计成交时间"),
        help="日期或时间节点，如 2024年9月30日前",
        example="2024-09-30",
        width=14,
    ),
    _f(
        "priority",
        "需求优先级",
        C,
        kind=Kind.ENUM,
        enum=_HML,
        aliases=("优先级",),
        synonyms={**_HML_SYN, "高优先级": "高", "中优先级": "中", "低优先级": "低"},
        help="高 / 中 / 低",
        example="高",
        width=10,
    ),
    _f(
        "urgency",
        "紧急性",
        C,
        kind=Kind.ENUM,
        enum=_HML,
        aliases=("紧急程度", "需求紧迫性", "紧急度"),
        synonyms={**_HML_SYN, "紧急": "高"},
        help="高（1个月内）/ 中（1-3个月）/ 低（3个月以上）",
        example="高",
        width=8,
    ),
    _f(
        "importance",
        "重要性",
        C,
        kind=Kind.ENUM,
        enum=_HML,
        aliases=("重要程度",),
        synonyms=_HML_SYN,
        help="高（影响核心业务）/ 中（提升效率）/ 低（优化体验）",
        example="高",
        width=8,
    ),
    _f(
        "resource_fit",
        "资源匹配度",
        C,
        kind=Kind.ENUM,
        enum=("易", "中", "难"),
        aliases=("资源匹配",),
        synonyms={"容易": "易", "简单": "易", "一般": "中", "困难": "难", "较难": "难"},
        help="易（现有资源满足）/ 中（需协调资源）/ 难（需新增投入）",
        example="中",
        width=10,
    ),
    _f(
        "overall_priority",
        "综合优先级",
        C,
        kind=Kind.ENUM,
        enum=_HML,
        synonyms=_HML_SYN,
        help="高 / 中 / 低（结合紧急性、重要性、资源匹配度判定）",
        example="高",
        width=10,
    ),
    _f(
        "intent",
        "意向度",
        C,
        kind=Kind.ENUM,
        enum=("高意向", "中意向", "低意向"),
        aliases=("意向程度", "兴趣程度", "意向"),
        synonyms={"高": "高意向", "中": "中意向", "低": "低意向", "强": "高意向", "弱": "低意向"},
        help="高意向 / 中意向 / 低意向",
        example="高意向",
        width=10,
    ),
    _f(
        "status",
        "客户状态",
        C,
        kind=Kind.ENUM,
        required=True,
        enum=STATUSES,
        aliases=("合作阶段", "当前合作阶段", "状态", "客户阶段"),
        synonyms={
            "潜在": "潜在客户",
            "意向": "意向客户",
            "成交": "成交客户",
            "已成交": "成交客户",
            "已签单": "成交客户",
            "签约": "成交客户",
            "流失": "流失客户",
            "已流失": "流失客户",
            "首次合作": "首次合作客户",
            "长期战略": "长期战略客户",
            "战略客户": "长期战略客户",
            "流失预警": "流失预警客户",
        },
        help="潜在客户 / 意向客户 / 成交客户 / 流失客户 …",
        example="意向客户",
        width=12,
    ),
    _f(
        "value_level",
        "价值层级",
        C,
        kind=Kind.ENUM,
        enum=_HML,
        synonyms=_HML_SYN,
        help="高 / 中 / 低",
        example="高",
        width=10,
    ),
    _f(
        "owner",
        "负责人",
        C,
        required=True,
        aliases=("跟进责任人", "对接人", "客户经理", "销售负责人", "责任人", "跟进人", "销售"),
        help="跟进该客户的员工；缺失信息由其补充",
        example="张经理",
        width=10,
    ),
    _f("conclusion", "分析结论", C, aliases=("结论",), help="文字", example="", width=24),
    _f(
        "follow_plan",
        "跟进计划",
        C,
        aliases=("后续跟进计划", "阶段目标", "下一步计划"),
        help="文字",
        example="5月15日前发送产品方案，预约产品演示",
        width=24,
    ),
    _f(
        "obstacle",
        "当前障碍",
        C,
        aliases=("障碍",),
        help="影响需求落地的关键问题",
        example="",
        width=20,
    ),
    _f(
        "competitor",
        "竞品信息",
        C,
        aliases=("竞品", "竞争对手"),
        help="客户在用的竞品",
        example="",
        width=16,
    ),
    _f(
        "updated_at",
        "更新时间",
        C,
        kind=Kind.DATE,
        aliases=("最后更新时间", "修改时间"),
        help="日期",
        example="",
        width=12,
    ),
    _f(
        "notes",
        "备注",
        C,
        aliases=("说明", "其他"),
        help="文字",
        example="已提供竞品对比分析",
        width=24,
    ),
    # --- 互动记录 -------------------------------------------------------------------------
    *_customer_key(I, "C202405001"),
    _f(
        "interaction_date",
        "互动时间",
        I,
        kind=Kind.DATE,
        required=True,
        aliases=("沟通时间", "互动日期", "沟通日期", "联系时间", "拜访时间", "日期", "时间"),
        help="日期，如 2024-05-10",
        example="2024-05-10",
        width=12,
    ),
    _f(
        "channel",
        "互动方式",
        I,
        kind=Kind.ENUM,
        required=True,
        enum=CHANNELS,
        open_enum=True,
        aliases=("沟通方式", "方式", "互动形式"),
        synonyms=_CHANNEL_SYN,
        help="电话沟通 / 线下拜访 / 邮件沟通 / 微信沟通 …",
        example="电话沟通",
        width=10,
    ),
    _f(
        "content",
        "沟通内容",
        I,
        aliases=("沟通内容摘要", "互动内容", "内容", "沟通记录"),
        help="摘要",
        example="确认功能需求，约定产品演示",
        width=32,
    ),
    _f("result", "互动结果", I, aliases=("结果", "沟通结果"), help="文字", example="", width=16),
    _f(
        "next_plan",
        "后续计划",
        I,
        aliases=("跟进计划", "后续跟进计划", "下一步"),
        help="文字",
        example="",
        width=24,
    ),
    _f(
        "owner",
        "负责人",
        I,
        aliases=("跟进人", "对接人", "记录人", "跟进责任人"),
        help="",
        example="张经理",
        width=10,
    ),
    _f("notes", "备注", I, aliases=("说明",), help="文字", example="", width=20),
    # --- 交易记录 -------------------------------------------------------------------------
    *_customer_key(T, "C202405003"),
    _f(
        "order_id",
        "订单编号",
        T,
        aliases=("订单号", "合同编号", "单号", "交易编号"),
        help="",
        example="SO20240520001",
        width=16,
    ),
    _f(
        "order_date",
        "交易日期",
        T,
        kind=Kind.DATE,
        required=True,
        aliases=("交易时间", "下单日期", "成交日期", "签约日期", "消费时间", "日期"),
        help="日期，如 2024-05-20",
        example="2024-05-20",
        width=12,
    ),
    _f(
        "amount",
        "交易金额",
        T,
        kind=Kind.MONEY,
        required=True,
        aliases=("金额", "合同金额", "订单金额", "消费金额", "成交金额"),
        help="元，如 120000 或 12万",
        example="120000",
        width=12,
    ),
    _f(
        "product",
        "产品/服务",
        T,
        aliases=("产品", "产品名称", "服务", "合作产品/服务", "商品"),
        help="",
        example="定制生产设备",
        width=20,
    ),
    _f(
        "quantity",
        "数量",
        T,
        kind=Kind.INTEGER,
        aliases=("件数",),
        help="整数",
        example="1",
        width=8,
    ),
    _f(
        "owner",
        "负责人",
        T,
        aliases=("销售", "跟进人", "签约人"),
        help="",
        example="张经理",
        width=10,
    ),
    _f("notes", "备注", T, aliases=("说明",), help="文字", example="", width=20),
)


@dataclass(frozen=True)
class Registry:
    """Fields grouped by sheet, with the lookups the header mapper and writers need."""

    fields: tuple[Field, ...]

    def for_sheet(self, sheet: SheetKind) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.sheet == sheet)

    def get(self, sheet: SheetKind, name: str) -> Field:
        for f in self.fields:
            if f.sheet == sheet and f.name == name:
                return f
        raise KeyError(f"{sheet}.{name}")

    def header_index(self, sheet: SheetKind) -> dict[str, str]:
        """Normalized header text -> field name, for exact matching (first field wins a clash)."""
        index: dict[str, str] = {}
        for f in self.for_sheet(sheet):
            for header in f.headers:
                index.setdefault(clean_header(header), f.name)
        return index

    def extended(self, patches: Mapping[tuple[SheetKind, str], FieldPatch]) -> Registry:
        """Return a registry with rules.yaml's additions applied (aliases, required, enum values)."""
        out = []
        for f in self.fields:
            patch = patches.get((f.sheet, f.name))
            out.append(patch.apply(f) if patch else f)
        return Registry(tuple(out))


@dataclass(frozen=True)
class FieldPatch:
    aliases: tuple[str, ...] = ()
    required: bool | None = None
    enum: tuple[str, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)

    def apply(self, f: Field) -> Field:
        return replace(
            f,
            aliases=_unique((*f.aliases, *self.aliases)),
            required=f.required if self.required is None else self.required,
            enum=_unique((*f.enum, *self.enum)),
            synonyms={**f.synonyms, **self.synonyms},
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_STRIP = " \t\r\n*＊:：" + "\u200b\ufeff"


_MARKS = re.compile(r"[*＊]|[(（\[【](?:必填|选填|可选|必选|\*)[)）\]】]")


def display_header(text: str) -> str:
    """A header as messages quote it: as typed, less required marks ("*行业类型（必填）" -> "行业类型")."""
    return _MARKS.sub("", str(text)).strip() or str(text).strip()


def clean_header(text: str) -> str:
    """Header text as compared: half-width, no `*`/colons/whitespace, no trailing (必填) note."""
    t = str(text).translate(_FULLWIDTH)
    t = "".join(t.split())  # all inner whitespace, including line breaks in wrapped headers
    for note in ("(必填)", "(选填)", "(可选)", "(必选)", "[必填]", "(*)"):
        t = t.replace(note, "")
    return t.strip(_STRIP).lower()


DEFAULT_REGISTRY = Registry(FIELDS)
