"""Generate a messy Chinese customer-information workbook and a truth file of what was planted.

    python samples/generate.py [--customers 500] [--seed 20240520]
                               [--out samples/customers.xlsx] [--truth samples/truth.json] [--clean]

The workbook looks the way SME sales teams keep theirs (see /work/shared/seeds): a 填写说明 sheet,
a 客户信息 sheet with a merged title row and headers that mix standard names and aliases, and
互动记录 / 交易记录 sheets keyed by 客户编号. Values are typed the way reps type them (regions,
phones, dates and money in many forms, status synonyms). Problems are planted on purpose and each
one is listed in the truth file with its sheet, Excel row, column letter, header, field and kind,
so tests can check that the product finds exactly what was planted.

`--clean` writes the tidy variant (standard headers at row 1, canonical values, nothing planted),
the floor for benchmarks.

Deterministic for a given seed and size (stdlib `random.Random` only; no set is ever iterated).
Streaming: rows are written as they are made (xlsxwriter constant_memory), so a million customer
rows fit in little memory; only the rows that later rows refer to (duplicate originals, near
misses) are kept.

Stdlib + xlsxwriter only.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from bisect import bisect_right
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

AS_OF = date(2024, 6, 30)
START = date(2022, 1, 1)
ORPHAN_START = date(2021, 6, 1)  # orphans belong to customers deleted from the sheet long ago
EXCEL_EPOCH = date(1899, 12, 30)
MAX_ROWS = 1_048_576  # rows in an .xlsx sheet
SCALE_BASE = 500  # planted-problem counts below are per 500 customers

# --------------------------------------------------------------------------------------------
# Code checks (GB 32100 credit code, GB 11714 organization code, GB 11643 ID number)
# --------------------------------------------------------------------------------------------
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a credit code."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str:
    """GB 11714-1997 check character of the 9-character organization code inside a credit code."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(first8, ORG_WEIGHTS, strict=True)
    )
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character of an 18-digit ID number."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def col_letter(index: int) -> str:
    """0-based column index -> Excel letters."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def serial(d: date) -> int:
    return (d - EXCEL_EPOCH).days


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------
# fmt: off
# key: (province, city, short city, short province, pinyin, area code, landline digits,
#       admin code prefix (4 digits), districts, weight)
CITIES: tuple[tuple[str, str, str, str, str, str, int, str, tuple[str, ...], int], ...] = (
    ("广东省", "深圳市", "深圳", "广东", "Shenzhen", "0755", 8, "4403",
     ("南山区", "福田区", "宝安区", "龙岗区", "龙华区"), 18),
    ("广东省", "广州市", "广州", "广东", "Guangzhou", "020", 8, "4401",
     ("天河区", "越秀区", "海珠区", "白云区", "番禺区"), 10),
    ("上海市", "上海市", "上海", "上海", "Shanghai", "021", 8, "3101",
     ("浦东新区", "徐汇区", "闵行区", "静安区", "嘉定区"), 10),
    ("北京市", "北京市", "北京", "北京", "Beijing", "010", 8, "1101",
     ("朝阳区", "海淀区", "东城区", "丰台区", "大兴区"), 9),
    ("浙江省", "杭州市", "杭州", "浙江", "Hangzhou", "0571", 8, "3301",
     ("西湖区", "滨江区", "余杭区", "拱墅区"), 7),
    ("江苏省", "南京市", "南京", "江苏", "Nanjing", "025", 8, "3201",
     ("鼓楼区", "江宁区", "玄武区"), 4),
    ("江苏省", "苏州市", "苏州", "江苏", "Suzhou", "0512", 8, "3205",
     ("吴中区", "姑苏区", "相城区"), 5),
    ("四川省", "成都市", "成都", "四川", "Chengdu", "028", 8, "5101",
     ("武侯区", "锦江区", "成华区"), 5),
    ("湖北省", "武汉市", "武汉", "湖北", "Wuhan", "027", 8, "4201",
     ("武昌区", "洪山区", "江汉区"), 4),
    ("陕西省", "西安市", "西安", "陕西", "Xi'an", "029", 8, "6101",
     ("雁塔区", "未央区", "碑林区"), 3),
    ("重庆市", "重庆市", "重庆", "重庆", "Chongqing", "023", 8, "5001",
     ("渝北区", "江北区", "九龙坡区"), 3),
    ("天津市", "天津市", "天津", "天津", "Tianjin", "022", 8, "1201",
     ("滨海新区", "和平区", "南开区"), 3),
    ("广东省", "东莞市", "东莞", "广东", "Dongguan", "0769", 8, "4419", (), 5),
    ("广东省", "佛山市", "佛山", "广东", "Foshan", "0757", 8, "4406", ("南海区", "顺德区", "禅城区"), 4),
    ("湖南省", "长沙市", "长沙", "湖南", "Changsha", "0731", 8, "4301", ("岳麓区", "雨花区", "天心区"), 3),
    ("河南省", "郑州市", "郑州", "河南", "Zhengzhou", "0371", 8, "4101", ("金水区", "二七区", "中原区"), 3),
    ("山东省", "青岛市", "青岛", "山东", "Qingdao", "0532", 8, "3702", ("市南区", "黄岛区", "崂山区"), 3),
    ("福建省", "厦门市", "厦门", "福建", "Xiamen", "0592", 7, "3502", ("思明区", "湖里区"), 3),
    ("辽宁省", "沈阳市", "沈阳", "辽宁", "Shenyang", "024", 8, "2101", ("和平区", "浑南区"), 2),
    ("安徽省", "合肥市", "合肥", "安徽", "Hefei", "0551", 8, "3401", ("蜀山区", "包河区"), 2),
    ("浙江省", "宁波市", "宁波", "浙江", "Ningbo", "0574", 8, "3302", ("鄞州区", "海曙区"), 2),
    ("云南省", "昆明市", "昆明", "云南", "Kunming", "0871", 8, "5301", ("五华区", "官渡区"), 1),
)

# industry key -> (GB/T 4754-2017 大类 code, 大类 name, how reps type it, 行业词 in company names,
#                  weight for companies, weight for persons)
INDUSTRIES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], int, int]] = {
    "software": ("65", "软件和信息技术服务业",
                 ("软件和信息技术服务业", "IT服务", "IT服务", "软件", "信息技术服务", "软件开发", "信息化服务"),
                 ("科技", "信息技术", "软件", "数字科技", "智能科技"), 16, 2),
    "internet": ("64", "互联网和相关服务", ("互联网", "互联网", "互联网和相关服务", "互联网服务"),
                 ("网络科技", "互联网科技", "网络技术"), 8, 1),
    "retail": ("52", "零售业", ("零售", "零售业", "零售", "批发零售", "零售"),
               ("商贸", "百货", "超市", "商业连锁"), 9, 9),
    "wholesale": ("51", "批发业", ("批发业", "批发", "贸易", "批发零售", "进出口贸易"),
                  ("贸易", "进出口", "供应链", "国际贸易"), 9, 3),
    "equipment": ("34", "通用设备制造业", ("制造业", "通用设备制造业", "机械制造", "设备制造", "制造业"),
                  ("机械", "机电设备", "精密机械", "智能装备", "自动化设备"), 9, 0),
    "electronics": ("39", "计算机、通信和其他电子设备制造业",
                    ("电子制造", "计算机、通信和其他电子设备制造业", "电子", "电子设备制造", "制造业"),
                    ("电子", "光电", "电子科技", "通讯设备"), 8, 0),
    "apparel": ("18", "纺织服装、服饰业", ("服装", "纺织服装", "服装制造", "纺织服装、服饰业"),
                ("服饰", "服装", "制衣", "纺织品"), 4, 1),
    "food": ("14", "食品制造业", ("食品", "食品制造", "食品制造业", "制造业"), ("食品", "食品科技", "饮品"), 4, 1),
    "decoration": ("50", "建筑装饰、装修和其他建筑业",
                   ("建筑装饰", "装修", "建筑业", "建筑装饰、装修和其他建筑业", "装饰工程"),
                   ("装饰工程", "建筑装饰", "装饰设计"), 5, 2),
    "logistics": ("54", "道路运输业", ("物流", "道路运输业", "运输", "货运", "物流运输"),
                  ("物流", "运输", "货运"), 5, 2),
    "catering": ("62", "餐饮业", ("餐饮", "餐饮业", "餐饮服务", "餐饮"), ("餐饮管理", "餐饮服务", "餐饮连锁"), 4, 6),
    "business": ("72", "商务服务业", ("商务服务", "商务服务业", "企业管理咨询", "广告", "咨询", "人力资源服务"),
                 ("企业管理咨询", "广告", "文化传媒", "商务咨询", "人力资源"), 7, 1),
    "education": ("83", "教育", ("教育", "培训", "教育培训", "职业培训"), ("教育科技", "教育咨询", "文化教育"), 4, 3),
    "pharma": ("27", "医药制造业", ("医药", "医药制造", "医药制造业", "生物医药"), ("医药", "生物医药", "制药", "药业"),
               3, 0),
    "realestate": ("70", "房地产业", ("房地产", "房地产业", "物业管理", "地产"), ("房地产开发", "置业", "物业管理"), 3, 1),
    "auto": ("36", "汽车制造业", ("汽车制造", "汽车制造业", "汽车零部件", "制造业"), ("汽车零部件", "汽车配件", "汽车科技"),
             3, 0),
    "agriculture": ("01", "农业", ("农业", "种植业", "农业"), ("农业科技", "农业发展", "生态农业"), 2, 1),
    "techservice": ("75", "科技推广和应用服务业", ("科技推广和应用服务业", "技术服务", "科技服务"), ("技术服务", "科技发展"), 3,
                    0),
}

# 字号 characters with their pinyin (for email domains)
ZIHAO_CHARS: tuple[tuple[str, str], ...] = (
    ("星", "xing"), ("河", "he"), ("华", "hua"), ("瑞", "rui"), ("鑫", "xin"), ("创", "chuang"),
    ("博", "bo"), ("远", "yuan"), ("恒", "heng"), ("泰", "tai"), ("盛", "sheng"), ("达", "da"),
    ("通", "tong"), ("宏", "hong"), ("嘉", "jia"), ("信", "xin"), ("诚", "cheng"), ("德", "de"),
    ("安", "an"), ("康", "kang"), ("利", "li"), ("源", "yuan"), ("峰", "feng"), ("海", "hai"),
    ("天", "tian"), ("宇", "yu"), ("智", "zhi"), ("汇", "hui"), ("联", "lian"), ("金", "jin"),
    ("光", "guang"), ("明", "ming"), ("晨", "chen"), ("阳", "yang"), ("辰", "chen"), ("云", "yun"),
    ("腾", "teng"), ("飞", "fei"), ("翔", "xiang"), ("龙", "long"), ("锦", "jin"), ("永", "yong"),
    ("昌", "chang"), ("隆", "long"), ("兴", "xing"), ("旺", "wang"), ("优", "you"), ("佳", "jia"),
    ("美", "mei"), ("合", "he"), ("正", "zheng"), ("方", "fang"), ("圆", "yuan"), ("迅", "xun"),
    ("捷", "jie"), ("卓", "zhuo"), ("越", "yue"), ("蓝", "lan"), ("鹏", "peng"), ("域", "yu"),
)

# industry-word pinyin for email domains
HY_PINYIN = {
    "科技": "tech", "信息技术": "it", "软件": "soft", "数字科技": "digital", "智能科技": "smart",
    "网络科技": "net", "互联网科技": "net", "网络技术": "net", "商贸": "trade", "百货": "store",
    "超市": "mart", "商业连锁": "retail", "贸易": "trade", "进出口": "imex", "供应链": "scm",
    "国际贸易": "intl", "机械": "machinery", "机电设备": "me", "精密机械": "precision",
    "智能装备": "equip", "自动化设备": "auto", "电子": "elec", "光电": "opto", "电子科技": "etech",
    "通讯设备": "comm", "服饰": "fashion", "服装": "apparel", "制衣": "garment", "纺织品": "textile",
    "食品": "food", "食品科技": "foodtech", "饮品": "drinks", "装饰工程": "deco", "建筑装饰": "deco",
    "装饰设计": "design", "物流": "logistics", "运输": "transport", "货运": "freight",
    "餐饮管理": "catering", "餐饮服务": "food", "餐饮连锁": "dining", "企业管理咨询": "consulting",
    "广告": "ad", "文化传媒": "media", "商务咨询": "biz", "人力资源": "hr", "教育科技": "edu",
    "教育咨询": "edu", "文化教育": "edu", "医药": "pharma", "生物医药": "bio", "制药": "pharm",
    "药业": "med", "房地产开发": "estate", "置业": "land", "物业管理": "pm", "汽车零部件": "autoparts",
    "汽车配件": "parts", "汽车科技": "auto", "农业科技": "agri", "农业发展": "agri",
    "生态农业": "eco", "技术服务": "service", "科技发展": "tech",
}

SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("王", "wang", 14), ("李", "li", 14), ("张", "zhang", 13), ("刘", "liu", 10), ("陈", "chen", 10),
    ("杨", "yang", 6), ("黄", "huang", 6), ("赵", "zhao", 5), ("吴", "wu", 5), ("周", "zhou", 5),
    ("徐", "xu", 4), ("孙", "sun", 4), ("马", "ma", 3), ("朱", "zhu", 3), ("胡", "hu", 3),
    ("郭", "guo", 3), ("何", "he", 3), ("林", "lin", 3), ("罗", "luo", 2), ("高", "gao", 2),
    ("郑", "zheng", 2), ("梁", "liang", 2), ("谢", "xie", 2), ("宋", "song", 2), ("唐", "tang", 2),
    ("韩", "han", 2), ("冯", "feng", 2), ("邓", "deng", 2), ("曹", "cao", 2), ("彭", "peng", 2),
    ("曾", "zeng", 2), ("肖", "xiao", 2), ("田", "tian", 1), ("董", "dong", 1), ("潘", "pan", 1),
    ("袁", "yuan", 1), ("蔡", "cai", 1), ("蒋", "jiang", 1), ("余", "yu", 1), ("叶", "ye", 1),
    ("程", "cheng", 1), ("魏", "wei", 1), ("苏", "su", 1), ("丁", "ding", 1), ("任", "ren", 1),
    ("欧阳", "ouyang", 1), ("司徒", "situ", 1),
)
GIVEN: tuple[tuple[str, str, str], ...] = (  # (given name, pinyin, sex)
    ("伟", "wei", "m"), ("芳", "fang", "f"), ("娜", "na", "f"), ("敏", "min", "f"), ("静", "jing", "f"),
    ("丽", "li", "f"), ("强", "qiang", "m"), ("磊", "lei", "m"), ("军", "jun", "m"), ("洋", "yang", "m"),
    ("勇", "yong", "m"), ("艳", "yan", "f"), ("杰", "jie", "m"), ("娟", "juan", "f"), ("涛", "tao", "m"),
    ("明", "ming", "m"), ("超", "chao", "m"), ("秀英", "xiuying", "f"), ("霞", "xia", "f"),
    ("平", "ping", "m"), ("刚", "gang", "m"), ("桂英", "guiying", "f"), ("建华", "jianhua", "m"),
    ("建国", "jianguo", "m"), ("志强", "zhiqiang", "m"), ("海燕", "haiyan", "f"), ("晓东", "xiaodong", "m"),
    ("小红", "xiaohong", "f"), ("婷", "ting", "f"), ("雪", "xue", "f"), ("慧", "hui", "f"),
    ("鹏", "peng", "m"), ("斌", "bin", "m"), ("宇", "yu", "m"), ("浩", "hao", "m"), ("凯", "kai", "m"),
    ("欣怡", "xinyi", "f"), ("子涵", "zihan", "f"), ("俊杰", "junjie", "m"), ("文博", "wenbo", "m"),
)
# (职务, what a rep calls the person: 王总, 王经理 …, weight)
TITLES: tuple[tuple[str, str, int], ...] = (
    ("总经理", "总", 8), ("董事长", "总", 3), ("副总经理", "总", 3), ("技术总监", "总监", 4),
    ("采购经理", "经理", 6), ("行政主管", "主管", 3), ("IT经理", "经理", 3), ("财务总监", "总监", 2),
    ("运营经理", "经理", 3), ("工程师", "工", 2), ("办公室主任", "主任", 2), ("店长", "店长", 2),
    ("采购专员", "", 3), ("项目经理", "经理", 3),
)
PERSON_TITLES = ("店主", "个体经营", "自由职业", "教师", "设计师", "", "", "", "")

OWNERS = (("张经理", 6), ("李主管", 5), ("王磊", 5), ("陈静", 5), ("赵强", 4), ("刘洋", 3), ("孙丽", 2))
STATUS_W = (("潜在客户", 33), ("意向客户", 28), ("成交客户", 18), ("流失客户", 7), ("首次合作客户", 5),
            ("长期战略客户", 6), ("流失预警客户", 3))
STATUS_SYN: dict[str, tuple[str, ...]] = {
    "潜在客户": ("潜在",), "意向客户": ("意向",), "成交客户": ("成交", "已成交", "已签单"),
    "流失客户": ("流失", "已流失"), "首次合作客户": ("首次合作",), "长期战略客户": ("长期战略", "战略客户"),
    "流失预警客户": ("流失预警",),
}
BAD_STATUS = ("未知状态", "待确认", "不清楚", "暂停")
SOURCE_W = (("展会推广", 15), ("线上广告", 12), ("客户转介绍", 15), ("主动咨询", 12), ("官网表单", 6),
            ("社交媒体", 6), ("电商平台", 3), ("地推", 4), ("合作伙伴", 5), ("老客户复购", 3), ("其他", 2))
SOURCE_SYN = {"展会推广": ("展会", "展会对接", "展会登记"), "线上广告": ("线上广告推荐", "广告"),
              "客户转介绍": ("转介绍", "同行转介绍", "老客户介绍"), "主动咨询": ("来电咨询", "咨询"),
              "官网表单": ("官网",), "社交媒体": ("公众号",)}
NEED_TYPE_W = (("产品采购", 30), ("服务咨询", 15), ("合作代理", 6), ("售后支持", 8), ("定制开发", 14),
               ("技术支持", 10), ("培训咨询", 6))
NEED_TYPE_SYN = {"产品采购": ("采购", "采购设备"), "服务咨询": ("咨询服务",), "合作代理": ("代理",),
                 "售后支持": ("售后",), "定制开发": ("定制", "定制化服务"), "培训咨询": ("培训",)}
PRIORITY_SYN = {"高": ("较高", "高优先级"), "中": ("一般", "中等"), "低": ("较低", "低优先级")}
INTENT_SYN = {"高意向": ("高", "强"), "中意向": ("中",), "低意向": ("低", "弱")}
TYPE_SYN = {"企业": ("企业客户", "公司"), "个人": ("个人客户", "个体")}
CHANNEL_W = (("电话沟通", 30), ("微信沟通", 25), ("线下拜访", 15), ("邮件沟通", 12), ("视频会议", 8),
             ("展会交流", 4), ("其他", 1))
CHANNEL_SYN = {"电话沟通": ("电话",), "线下拜访": ("拜访", "上门拜访", "面谈"), "邮件沟通": ("邮件",),
               "微信沟通": ("微信",), "视频会议": ("视频",)}

NEEDS_BY_INDUSTRY = {
    "software": ("需要一套客户管理软件，支持多部门协作", "需开发数据看板，实现多部门实时数据同步", "ERP系统升级，打通财务与仓储",
                 "移动端App定制开发"),
    "internet": ("需要云服务器扩容方案", "小程序商城开发", "数据中台建设咨询"),
    "retail": ("希望采购10台办公电脑，预算4000元/台", "门店收银系统更换", "会员管理系统", "需要进销存软件"),
    "wholesale": ("需要进销存软件", "仓储管理系统", "采购一批办公设备"),
    "equipment": ("需定制化生产设备，要求产能提升20%", "产线自动化改造", "设备年度维保服务"),
    "electronics": ("产线MES系统", "需定制化检测设备", "设备年度维保服务"),
    "apparel": ("订单管理系统", "需定制化生产设备，要求产能提升20%"),
    "food": ("产品溯源系统", "冷链设备采购"),
    "decoration": ("项目管理软件", "采购办公设备"),
    "logistics": ("运输管理系统", "车辆GPS调度系统"),
    "catering": ("门店点餐系统", "会员营销小程序"),
    "business": ("客户管理软件", "员工培训服务"),
    "education": ("在线教学平台", "采购教学电脑30台"),
    "pharma": ("GMP合规咨询", "仓储管理系统"),
    "realestate": ("物业管理系统", "售楼处数字化展示"),
    "auto": ("产线MES系统", "设备年度维保服务"),
    "agriculture": ("农产品溯源系统", "冷库设备采购"),
    "techservice": ("技术合作开发", "检测设备采购"),
}
BUDGETS = ("30-50万", "10万以内", "4000元/台", "5-10万", "100万+", "面议", "约20万", "20万左右", "1-2万元", "8万",
           "200万以上", "3万以内", "50万左右", "10-20万")
CONTENTS = ("确认功能需求，约定产品演示", "电话回访，客户暂无采购计划", "发送产品方案及报价", "上门演示系统功能",
            "客户反馈价格偏高，申请折扣", "签订合同", "安装调试完成，安排操作培训", "节日问候", "微信发送案例资料",
            "展会现场交流，留下联系方式", "邮件发送合同草稿", "了解客户预算与决策流程", "客户确认需求，等待内部审批",
            "售后回访，使用情况良好")
PRODUCTS = (("客户管理软件（标准版）", 30000), ("定制开发服务", 150000), ("定制生产设备", 400000), ("办公电脑", 4000),
            ("年度维保服务", 20000), ("系统实施服务", 60000), ("培训服务", 8000), ("数据看板开发", 80000),
            ("云服务器租用", 12000), ("收银系统", 6000), ("安装调试服务", 5000))
NOTES = ("已提供竞品对比分析", "客户为某小型超市店主", "老板很忙，周末联系", "报价已发", "需开增值税专用发票",
         "决策人为技术总监", "对价格敏感", "竞品：用友", "竞品：金蝶", "老客户介绍", "年底有预算", "需要上门演示")
FORMULA_NOTES = ('=HYPERLINK("http://evil","点击")', "+86 客户要求回电", "-3%折扣已申请", "@李主管 请跟进",
                 "=SUM(A1:A3)", "-已报价，等回复")
SATISFACTION = ("5", "4", "4分", "5分", "满意", "一般", "3", "非常满意")
ROADS = ("科苑路", "深南大道", "中山路", "人民路", "解放路", "建设路", "创业路", "高新大道", "工业大道", "滨江路",
         "长江路", "学府路", "文化路", "东风路")
BUILDINGS = ("科技大厦", "创业园", "国际中心", "产业园", "商务中心", "工业园", "广场", "")
FUTURE_DATES = ("2025-05-10", "2042/5/10", "2024年12月1日", "2025.1.8", "2024/9/15")
UNPARSEABLE = ("下周", "月底", "尽快联系", "待定时间", "2024/13/45", "过完年")
BAD_PHONES = ("0755-8888", "1385678", "139", "138001", "020-123", "1380013", "0571-666")

# Planted problems in 客户信息, per 500 customer rows (scaled with the size, at least 1).
PLANT_BASE: tuple[tuple[str, str, int, str], ...] = (
    # (kind, field, count, which customer type: "" any, "c" company, "p" person)
    ("required.missing", "name", 3, ""),
    ("required.missing", "phone", 4, ""),
    ("required.missing", "industry", 3, ""),
    ("required.missing", "status", 3, ""),
    ("required.missing", "owner", 4, ""),
    ("status.invalid", "status", 3, ""),
    ("phone.truncated", "phone", 5, ""),
    ("email.invalid", "email", 5, ""),
    ("credit_code.checksum", "credit_code", 4, "c"),
    ("id_number.checksum", "id_number", 2, "p"),
    ("logic.person_with_credit_code", "credit_code", 2, "p"),
    ("logic.company_with_id_number", "id_number", 2, "c"),
    ("logic.next_before_first", "next_contact", 3, ""),
    ("date.future", "first_contact", 3, ""),
    ("date.unparseable", "next_contact", 2, ""),
    ("date.unparseable", "first_contact", 1, ""),
    ("formula_like_text", "notes", 6, ""),
    ("id.duplicate", "customer_id", 1, ""),
    ("id.missing", "customer_id", 2, ""),
)

# (field, messy header, match kind the header mapper should find)
MESSY_COLUMNS: tuple[tuple[str | None, str, str], ...] = (
    ("customer_id", "客户编号", "exact"),
    ("name", "*客户名称/联系人", "exact"),
    ("customer_type", "*客户类型", "exact"),
    ("credit_code", "统一社会信用代码", "exact"),
    ("id_number", "身份证号", "exact"),
    ("contact", "联系人", "exact"),
    ("title", "职位", "exact"),
    ("phone", "*联系方式", "exact"),
    ("email", "邮箱", "exact"),
    ("region", "所在城市", "fuzzy"),
    ("address", "注册地址", "exact"),
    ("industry", "*行业类型", "exact"),
    ("employees", "员工人数", "exact"),
    ("revenue", "年营收", "exact"),
    ("source", "客户来源", "exact"),
    ("first_contact", "首次接触时间", "exact"),
    ("next_contact", "下次沟通时间", "exact"),
    ("need_type", "需求类型", "exact"),
    ("need", "需求描述", "exact"),
    ("budget", "预算范围", "exact"),
    ("expected_date", "期望达成时间", "exact"),
    ("priority", "需求优先级", "exact"),
    ("intent", "意向度", "exact"),
    ("status", "合作阶段（必填）", "exact"),
    ("owner", "*跟进责任人", "exact"),
    (None, "满意度评分", "unmapped"),
    ("notes", "备注", "exact"),
)
CLEAN_HEADERS = {
    "customer_id": "客户编号", "name": "客户名称", "customer_type": "客户类型", "credit_code": "统一社会信用代码",
    "id_number": "身份证号", "contact": "联系人", "title": "职务", "phone": "联系电话", "email": "邮箱",
    "region": "所在地区", "address": "详细地址", "industry": "所属行业", "employees": "员工人数", "revenue": "年营收",
    "source": "客户来源", "first_contact": "首次接触时间", "next_contact": "下次沟通时间", "need_type": "需求类型",
    "need": "需求描述", "budget": "预算范围", "expected_date": "期望达成时间", "priority": "需求优先级",
    "intent": "意向度", "status": "客户状态", "owner": "负责人", "notes": "备注",
}
INTERACTION_COLUMNS = (("customer_id", "客户编号"), ("interaction_date", "互动时间"), ("channel", "互动方式"),
                       ("content", "沟通内容"), ("owner", "负责人"))
TRANSACTION_COLUMNS = (("customer_id", "客户编号"), ("order_id", "订单编号"), ("order_date", "交易日期"),
                       ("amount", "交易金额"), ("product", "产品/服务"), ("owner", "负责人"))
COL = {f: i for i, (f, _, _) in enumerate(MESSY_COLUMNS) if f}
UNMAPPED_COL = next(i for i, (f, _, _) in enumerate(MESSY_COLUMNS) if f is None)

S_INSTR, S_CUST, S_INTER, S_TRANS = "填写说明", "客户信息", "互动记录", "交易记录"
INSTRUCTIONS = (
    "客户信息管理表 填写说明",
    "1. 带 * 号的列为必填项，缺失信息请标注“待补充”并由跟进责任人限期完善。",
    "2. 客户编号按“C+年份+月份+流水号”填写（如 C202405001），保证唯一。",
    "3. 联系方式：手机号11位数字；固话需区号+号码（如 0755-88881234）。",
    "4. 所在地区统一为“省+市”（如 广东省深圳市）。",
    "5. 行业类型参考国家统计局《国民经济行业分类》（如 软件和信息技术服务业）。",
    "6. 合作阶段从下拉选项中选择：潜在客户 / 意向客户 / 成交客户 / 流失客户 / 首次合作客户 / 长期战略客户 / 流失预警客户。",
    "7. 每次与客户沟通后24小时内在“互动记录”表补充记录；成交后在“交易记录”表登记订单。",
    "8. 本表仅限销售团队内部使用，身份证号等敏感信息不得外传。",
)


# fmt: on


def wheel(
    pairs: tuple[tuple[Any, int], ...] | tuple[tuple[Any, ...], ...], w: int = -1
) -> list[Any]:
    """Expand (value, ..., weight) pairs into a list to `choice` from (cheap weighted choice)."""
    out: list[Any] = []
    for p in pairs:
        out.extend([p] * p[w])
    return out


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------
class Rng(random.Random):
    """random.Random with cheaper choice/randrange (one random() call each; the inner loop of
    a million-row run makes ~40 million of them). Deterministic like its base."""

    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if step != 1:
            return super().randrange(start, stop, step)
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


class Generator:
    def __init__(self, customers: int, seed: int, clean: bool) -> None:
        self.seed = seed
        self.clean = clean
        self.rng = Rng(seed)
        self.header_row = 1 if clean else 3  # 1-based Excel row of the customer header
        self.city_wheel = wheel(CITIES)
        self.surname_wheel = wheel(SURNAMES)
        self.title_wheel = wheel(TITLES)
        self.owner_wheel = [o for o, w in OWNERS for _ in range(w)]
        self.status_wheel = [s for s, w in STATUS_W for _ in range(w)]
        self.source_wheel = [s for s, w in SOURCE_W for _ in range(w)]
        self.need_type_wheel = [s for s, w in NEED_TYPE_W for _ in range(w)]
        self.channel_wheel = [s for s, w in CHANNEL_W for _ in range(w)]
        self.ind_c_wheel = [k for k, v in INDUSTRIES.items() for _ in range(v[4])]
        self.ind_p_wheel = [k for k, v in INDUSTRIES.items() for _ in range(v[5])]
        self.zihao = [a + b for a, _ in ZIHAO_CHARS for b, _ in ZIHAO_CHARS if a != b]
        self.zihao_py = {a + b: pa + pb for a, pa in ZIHAO_CHARS for b, pb in ZIHAO_CHARS}
        self.used_cores: set[str] = set()
        self.used_names: set[str] = set()
        self.used_emails: set[str] = set()
        self.mobile_counter = 0
        self.landline_counter = 0
        self.order_seq: dict[date, int] = {}
        self.errors: list[dict[str, Any]] = []
        self.plant_seq: dict[str, int] = {}
        self.plan(customers)

    # ---- planning: everything later rows refer to is decided before the first row is written
    def plan(self, customers: int) -> None:
        rng = self.rng
        n_empty = 0 if self.clean else max(1, round(3 * customers / SCALE_BASE))
        capacity = MAX_ROWS - self.header_row - n_empty
        if customers > capacity:
            print(
                f"note: {customers} customers do not fit below row {self.header_row}; "
                f"writing {capacity}",
                file=sys.stderr,
            )
            customers = capacity
        self.n = n = customers
        self.scale = n / SCALE_BASE
        span = (AS_OF - timedelta(days=3) - START).days
        # entry dates: more recent customers than old ones; rows are in entry order
        self.dates = sorted(
            START + timedelta(days=int(span * rng.random() ** 0.7)) for _ in range(n)
        )
        # customer ids: C + yyyymm + per-month serial
        months: dict[tuple[int, int], int] = {}
        for d in self.dates:
            months[(d.year, d.month)] = months.get((d.year, d.month), 0) + 1
        self.id_width = max(3, len(str(max(months.values()))))
        self.is_company = bytearray(1 if rng.random() < 0.7 else 0 for _ in range(n))
        self.used: set[int] = set()  # rows already given a special role
        self.originals: dict[int, dict[str, Any]] = {}  # rows kept in memory for later rows
        self.dup_of: dict[int, int] = {}  # duplicate row -> original row
        self.near_of: dict[int, int] = {}
        self.plants: dict[int, tuple[str, str]] = {}
        self.id_dup_of: dict[int, int] = {}
        if self.clean:
            self.empty_before: list[int] = []
            self.orphan_after_i: dict[int, int] = {}
            self.orphan_after_t: dict[int, int] = {}
            self.i_plants: dict[int, list[str]] = {}
            self.t_plants: dict[int, list[str]] = {}
            return
        # duplicates: ~5% extra rows that re-enter an earlier customer
        n_dup = max(2, round(0.05 * n)) if n >= 40 else 0
        lo = max(1, n // 10)
        attempts = 0
        cluster_heads: list[int] = []
        while len(self.dup_of) < n_dup and attempts < n_dup * 20:
            attempts += 1
            i = rng.randrange(lo, n)
            if i in self.used:
                continue
            if rng.random() < 0.15 and cluster_heads:  # a third entry of an earlier cluster
                j = rng.choice(cluster_heads)
                if j >= i:
                    continue
            else:
                j = rng.randrange(max(0, i - 3000), i)
                if j in self.used:
                    continue
                cluster_heads.append(j)
            self.used.update((i, j))
            self.dup_of[i] = j
            self.is_company[i] = self.is_company[j]
            self.originals[j] = {}
        # near misses: same surname and city, different phone and company
        for _ in range(3 if n >= 40 else 0):
            for _try in range(100):
                i = rng.randrange(lo, n)
                j = rng.randrange(max(0, i - 200), i)
                if i not in self.used and j not in self.used:
                    break
            else:
                continue
            self.used.update((i, j))
            self.near_of[i] = j
            self.is_company[i] = self.is_company[j]
            self.originals[j] = {}
        # one planted problem per row, on rows with no other role
        free = [i for i in range(n) if i not in self.used]
        rng.shuffle(free)
        by_type: dict[str, list[int]] = {"c": [], "p": [], "": free}
        for i in free:
            by_type["c" if self.is_company[i] else "p"].append(i)
        taken: set[int] = set()
        for kind, fld, base, who in PLANT_BASE:
            count = max(1, round(base * self.scale))
            pool = by_type[who]
            while count and pool:
                i = pool.pop()
                if i in taken:
                    continue
                if kind == "id.duplicate":
                    if i == 0:
                        continue
                    j = rng.randrange(max(0, i - 500), i)
                    if j in self.used or j in taken or j in self.id_dup_of:
                        continue
                    self.id_dup_of[i] = j
                    taken.add(j)  # keep its id intact and its row plain
                    self.originals[j] = {}
                taken.add(i)
                self.plants[i] = (kind, fld)
                count -= 1
        # empty rows: before these entry indexes
        self.empty_before = sorted(rng.sample(range(1, n), min(n_empty, n - 1))) if n > 1 else []

        # orphans and planted problems in the other sheets (attached after customer index k)
        def spots(base: int) -> list[int]:
            return sorted(rng.randrange(0, n) for _ in range(max(1, round(base * self.scale))))

        self.orphan_after_i = _count(spots(3))
        self.orphan_after_t = _count(spots(2))
        self.i_plants = {}
        for kind, base in (("date.future", 2), ("date.unparseable", 1)):
            for k in spots(base):
                self.i_plants.setdefault(k, []).append(kind)
        self.t_plants = {}
        for k in spots(1):
            self.t_plants.setdefault(k, []).append("date.future")

    # ---- small helpers
    def person(self, surname: tuple[str, str, int] | None = None) -> tuple[str, str, str, str]:
        """(surname, given name, pinyin, sex)"""
        s = surname or self.rng.choice(self.surname_wheel)
        g = self.rng.choice(GIVEN)
        return s[0], g[0], s[1] + g[1], g[2]

    def mobile(self) -> str:
        self.mobile_counter += 1
        k = (self.mobile_counter * 48271 + 12345) % 100_000_000
        prefix = self.rng.choice(
            (
                "138",
                "139",
                "137",
                "136",
                "135",
                "150",
                "151",
                "152",
                "158",
                "159",
                "186",
                "187",
                "188",
                "189",
                "180",
                "181",
                "177",
                "176",
                "133",
                "153",
                "155",
                "156",
                "130",
                "131",
                "132",
                "185",
                "199",
                "198",
                "191",
                "166",
            )
        )
        return f"{prefix}{k:08d}"

    def landline(self, city: tuple[Any, ...]) -> tuple[str, str]:
        self.landline_counter += 1
        k = (self.landline_counter * 7919 + 4321) % 10_000_000
        digits = city[6]
        local = (
            f"{2 + self.landline_counter % 7}{k:07d}"[:digits]
            if digits == 8
            else f"{2 + self.landline_counter % 7}{k % 1_000_000:06d}"
        )
        return city[5], local

    def date_cell(self, d: date) -> Any:
        """A date as a rep types it (messy) or as a real date cell (clean)."""
        if self.clean:
            return ("d1", serial(d))
        r = self.rng.random()
        if r < 0.30:
            return ("d1", serial(d))
        if r < 0.38:
            return ("d2", serial(d))
        if r < 0.50:
            return f"{d.year}/{d.month}/{d.day}"
        if r < 0.60:
            return d.isoformat()
        if r < 0.70:
            return f"{d.year}年{d.month}月{d.day}日"
        if r < 0.76:
            return d.strftime("%Y%m%d")
        if r < 0.84:
            return f"{d.year}.{d.month}.{d.day}"
        if r < 0.89:
            return serial(d)  # an Excel serial number in a General cell
        if r < 0.95:
            return f"{d.year}-{d.month}-{d.day}"
        return f"{d.year}/{d.month}/{d.day} {self.rng.randrange(9, 19)}:{self.rng.choice(('00', '30'))}"

    def phone_text(self, phone: tuple[str, ...], form: int) -> Any:
        """Phone as typed, form 0 = canonical. phone = ("m", digits) or ("l", area, local)."""
        if phone[0] == "m":
            m = phone[1]
            forms = (
                m,
                int(m),
                f"{m[:3]} {m[3:7]} {m[7:]}",
                f"{m[:3]}-{m[3:7]}-{m[7:]}",
                f"+86-{m}",
                f"+86 {m[:3]} {m[3:7]} {m[7:]}",
                f"0086 {m}",
                f"(+86){m}",
                m.translate(_TO_FULLWIDTH),
                f" {m} ",
                f"{m}（微信同号）",
            )
        else:
            a, loc = phone[1], phone[2]
            h = len(loc) // 2
            forms = (
                f"{a}-{loc}",
                f"({a}){loc[:h]} {loc[h:]}",
                f"（{a}）{loc}",
                f"{a} {loc[:h]} {loc[h:]}",
                f"{a}{loc}",
                f"{a}-{loc[:h]}-{loc[h:]}",
                f"+86-{a[1:]}-{loc}",
            )
        return forms[form % len(forms)]

    def pick_phone_form(self, phone: tuple[str, ...]) -> int:
        r = self.rng.random()
        if phone[0] == "m":
            # plain, number, spaced, dashed, +86-, +86 spaced, 0086, (+86), full-width, padded, note
            cum = (0.45, 0.53, 0.63, 0.69, 0.75, 0.79, 0.82, 0.85, 0.89, 0.92, 1.0)
        else:
            cum = (0.50, 0.60, 0.66, 0.76, 0.86, 0.93, 1.0)
        return bisect_right(cum, r)

    def region_text(self, city: tuple[Any, ...], district: str) -> str:
        prov, cname, cs, ps, py = city[0], city[1], city[2], city[3], city[4]
        if self.clean:
            return prov + cname if prov != cname else cname
        ds = district
        for suffix in ("新区", "区"):
            if ds.endswith(suffix) and len(ds) > len(suffix) + 1:
                ds = ds[: -len(suffix)]
                break
        r = self.rng.random()
        municipal = prov == cname
        if r < 0.25:
            return cname if municipal else prov + cname
        if r < 0.37:
            return cs + ds if district else cs
        if r < 0.49:
            return cs if municipal else ps + cs
        if r < 0.64:
            return cs
        if r < 0.74:
            return cname + district
        if r < 0.84:
            return (cname if municipal else prov + cname) + district
        if r < 0.89:
            return py
        if r < 0.97:
            return cname
        return cs if municipal else f"{ps}-{cs}"

    def company_name(self, city: tuple[Any, ...], ind: str) -> dict[str, Any]:
        rng = self.rng
        hy_words = INDUSTRIES[ind][3]
        unique_core = len(self.used_cores) < len(self.zihao) * 2
        for _ in range(30):
            zh = rng.choice(self.zihao)
            hy = rng.choice(hy_words)
            core = zh + hy
            if unique_core and core in self.used_cores:
                continue
            r = rng.random()
            if r < 0.45:
                form, name = "city_full", f"{city[1]}{core}有限公司"
            elif r < 0.55:
                form, name = "city_short", f"{city[2]}{core}有限公司"
            elif r < 0.68:
                form, name = "bracket", f"{core}（{city[2]}）有限公司"
            elif r < 0.73:
                form, name = "province", f"{city[3]}{core}有限公司"
            elif r < 0.85:
                form, name = "city_full_llc", f"{city[1]}{core}有限责任公司"
            elif r < 0.90:
                form, name = "group", f"{core}集团有限公司"
            elif r < 0.95:
                form, name = "joint_stock", f"{city[1]}{core}股份有限公司"
            else:
                form, name = "bracket_half", f"{core}({city[2]})有限公司"
            if name in self.used_names:
                continue
            self.used_cores.add(core)
            self.used_names.add(name)
            return {"name": name, "form": form, "core": core, "zihao": zh, "hy": hy}
        # very large runs: make it unique with a branch suffix
        k = len(self.used_names)
        name = f"{city[1]}{core}有限公司第{k}分公司"
        self.used_names.add(name)
        return {"name": name, "form": "branch", "core": core, "zihao": zh, "hy": hy}

    def unique_email(self, local: str, domain: str) -> str:
        e = f"{local}@{domain}"
        k = 1
        while e in self.used_emails:
            k += 1
            e = f"{local}{k}@{domain}"
        self.used_emails.add(e)
        return e

    # ---- one customer: canonical facts
    def customer(self, i: int, near: dict[str, Any] | None = None) -> dict[str, Any]:
        rng = self.rng
        company = bool(self.is_company[i])
        first = self.dates[i]
        city = near["city"] if near else rng.choice(self.city_wheel)
        district = rng.choice(city[8]) if city[8] else ""
        surname_t = near["surname_t"] if near else rng.choice(self.surname_wheel)
        sn, given, py, sex = self.person(surname_t)
        status = rng.choice(self.status_wheel)
        c: dict[str, Any] = {
            "i": i,
            "company": company,
            "first": first,
            "city": city,
            "district": district,
            "surname_t": surname_t,
            "surname": sn,
            "status": status,
            "owner": rng.choice(self.owner_wheel),
        }
        if company:
            ind = rng.choice(self.ind_c_wheel)
            c["ind"] = ind
            cn = self.company_name(city, ind)
            c.update(cn)
            title, call, _ = near["title_t"] if near else rng.choice(self.title_wheel)
            c["title_t"] = (title, call, 0)
            c["title"] = title
            c["contact"] = f"{sn}{call}" if call and rng.random() < 0.65 else sn + given
            c["call"] = call
            region6 = city[7] + f"{rng.randrange(1, 9):02d}"
            if rng.random() < 0.5:
                body = "MA" + "".join(rng.choice(USCC_CHARSET) for _ in range(6))
            else:
                body = "".join(rng.choice("0123456789") for _ in range(8))
            first17 = "91" + region6 + body + org_check_char(body)
            c["credit_code_ok"] = first17 + uscc_check_char(first17)
            r = rng.random()
            c["credit_code"] = c["credit_code_ok"] if r < 0.85 else ("暂无" if r < 0.9 else None)
            c["id_number"] = None
            dom = self.zihao_py.get(c["zihao"], "co") + HY_PINYIN.get(c["hy"], "co") + ".com"
            c["email"] = (
                self.unique_email(rng.choice((py, py, "info", "sales")), dom)
                if rng.random() < 0.6
                else None
            )
            c["employees"] = int(math.exp(rng.gauss(3.8, 1.2))) + 3 if rng.random() < 0.7 else None
            c["revenue"] = (
                rng.choice(
                    (
                        "500万",
                        "1200万",
                        "5000万",
                        "1.2亿",
                        "800万元",
                        "3000万",
                        "2亿",
                        "约8000万",
                        "300万",
                        30_000_000,
                        8_000_000,
                    )
                )
                if rng.random() < 0.4
                else None
            )
            main = self.mobile() if rng.random() < 0.75 else None
            c["phone"] = ("m", main) if main else ("l", *self.landline(city))
            c["phone2"] = ("l", *self.landline(city)) if main and rng.random() < 0.07 else None
        else:
            ind = rng.choice(self.ind_p_wheel)
            c["ind"] = ind
            r = rng.random()
            if r < 0.6:
                c["name"], c["pform"] = sn + given, "full"
            elif r < 0.85:
                c["name"], c["pform"] = sn + ("先生" if sex == "m" else "女士"), "honorific"
            else:
                c["name"], c["pform"] = sn + rng.choice(("总", "老板", "姐", "哥")), "nickname"
            c["given"] = given
            c["contact"] = None
            c["title"] = rng.choice(PERSON_TITLES) or None
            c["credit_code"] = None
            if rng.random() < 0.3:
                area = city[7] + f"{rng.randrange(1, 9):02d}"
                b = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 16000))
                seq = rng.randrange(0, 500) * 2 + (1 if sex == "m" else 0)
                first17 = f"{area}{b:%Y%m%d}{seq:03d}"
                c["id_number"] = first17 + id_check_char(first17)
            else:
                c["id_number"] = None
            c["email"] = (
                self.unique_email(
                    py + str(rng.randrange(1, 999)),
                    rng.choice(("qq.com", "163.com", "126.com", "sina.com")),
                )
                if rng.random() < 0.35
                else None
            )
            c["employees"] = c["revenue"] = None
            c["phone"] = ("m", self.mobile())
            c["phone2"] = ("m", self.mobile()) if rng.random() < 0.04 else None
        c["py"] = py
        c["industry_typed"] = rng.choice(INDUSTRIES[ind][2])
        c["address"] = (
            (
                f"{city[0] if city[0] != city[1] else ''}{city[1]}{district}{rng.choice(ROADS)}"
                f"{rng.randrange(1, 300)}号{rng.choice(BUILDINGS)}"
            )
            if rng.random() < 0.5
            else None
        )
        c["source"] = rng.choice(self.source_wheel) if rng.random() < 0.85 else None
        c["need_type"] = rng.choice(self.need_type_wheel) if rng.random() < 0.7 else None
        c["need"] = rng.choice(NEEDS_BY_INDUSTRY[ind]) if rng.random() < 0.6 else None
        c["budget"] = (
            (rng.choice(BUDGETS) if rng.random() < 0.9 else 50000) if rng.random() < 0.55 else None
        )
        c["expected"] = (
            first + timedelta(days=rng.randrange(30, 200)) if rng.random() < 0.4 else None
        )
        c["priority"] = rng.choice("高中中低") if rng.random() < 0.6 else None
        c["intent"] = {
            "潜在客户": ("低意向", "中意向"),
            "意向客户": ("中意向", "高意向"),
            "流失客户": ("低意向",),
            "流失预警客户": ("低意向", "中意向"),
        }.get(status, ("高意向",))
        c["intent"] = rng.choice(c["intent"]) if rng.random() < 0.7 else None
        c["notes"] = rng.choice(NOTES) if rng.random() < 0.3 else None
        c["satisfaction"] = rng.choice(SATISFACTION) if rng.random() < 0.25 else None
        return c

    # ---- interactions and orders of one customer (decided before the customer row is written,
    #      because next_contact follows the last interaction)
    def activity(self, c: dict[str, Any], linked: bool, dup: bool) -> None:
        rng = self.rng
        first = c["first"]
        span = (AS_OF - first).days
        status = c["status"]
        mean = {
            "潜在客户": 1.5,
            "意向客户": 3.5,
            "成交客户": 4.0,
            "长期战略客户": 5.5,
            "流失客户": 2.5,
            "首次合作客户": 3.0,
            "流失预警客户": 3.0,
        }[status]
        if not linked:
            k = 0
        elif dup:
            k = rng.randrange(0, 2)
        else:
            k = min(12, int(rng.expovariate(1 / mean) + 0.5))
            if self.i_scale < 1.0:
                k = sum(1 for _ in range(k) if rng.random() < self.i_scale)
        c["inter"] = sorted(first + timedelta(days=rng.randrange(0, span + 1)) for _ in range(k))
        last = c["inter"][-1] if c["inter"] else first
        c["next"] = last + timedelta(days=rng.randrange(3, 46))
        if (status == "流失客户" and rng.random() < 0.6) or rng.random() < 0.1:
            c["next"] = None
        orders = 0
        if (
            linked
            and not dup
            and status in ("成交客户", "长期战略客户", "首次合作客户", "流失客户")
        ):
            orders = {
                "成交客户": rng.randrange(1, 4),
                "长期战略客户": rng.randrange(3, 9),
                "首次合作客户": 1,
                "流失客户": rng.randrange(0, 2),
            }[status]
            if self.t_scale < 1.0:
                orders = sum(1 for _ in range(orders) if rng.random() < self.t_scale)
        c["orders"] = sorted(
            first + timedelta(days=rng.randrange(0, span + 1)) for _ in range(orders)
        )

    # ---- rendering one customer row
    def render(self, c: dict[str, Any]) -> list[Any]:
        rng = self.rng
        clean = self.clean
        cells: list[Any] = [None] * len(MESSY_COLUMNS)
        syn: list[tuple[str, str, str]] = []  # (field, typed, canonical)

        def enum(
            field: str, value: str | None, table: dict[str, tuple[str, ...]], p: float
        ) -> str | None:
            if value is None or clean or value not in table or rng.random() >= p:
                return value
            typed = rng.choice(table[value])
            syn.append((field, typed, value))
            return typed

        cells[COL["customer_id"]] = c["cid"]
        cells[COL["name"]] = c["name"]
        cells[COL["customer_type"]] = enum(
            "customer_type", "企业" if c["company"] else "个人", TYPE_SYN, 0.04
        )
        cells[COL["credit_code"]] = c["credit_code"]
        cells[COL["id_number"]] = c["id_number"]
        cells[COL["contact"]] = c["contact"]
        cells[COL["title"]] = c["title"]
        phone = c["phone"]
        if clean:
            cells[COL["phone"]] = self.phone_text(phone, 0)
        else:
            form = c.get("phone_form")
            if form is None:
                form = self.pick_phone_form(phone)
            text = self.phone_text(phone, form)
            if c["phone2"] is not None and rng.random() < 0.8:
                text = (
                    f"{self.phone_text(phone, 0)}{rng.choice(('/', '、', '；', ' / '))}"
                    f"{self.phone_text(c['phone2'], 0)}"
                )
            cells[COL["phone"]] = text
        cells[COL["email"]] = c["email"]
        cells[COL["region"]] = c.get("region_text") or self.region_text(c["city"], c["district"])
        cells[COL["address"]] = c["address"]
        cells[COL["industry"]] = (
            INDUSTRIES[c["ind"]][1] if clean else c.get("industry_text") or c["industry_typed"]
        )
        emp = c["employees"]
        if emp is not None and not clean and rng.random() < 0.2:
            emp = f"{emp}人"
        cells[COL["employees"]] = emp
        rev = c["revenue"]
        if clean and isinstance(rev, str):
            rev = None
        cells[COL["revenue"]] = rev
        cells[COL["source"]] = enum("source", c["source"], SOURCE_SYN, 0.2)
        cells[COL["first_contact"]] = self.date_cell(c["first"])
        cells[COL["next_contact"]] = self.date_cell(c["next"]) if c["next"] else None
        cells[COL["need_type"]] = enum("need_type", c["need_type"], NEED_TYPE_SYN, 0.15)
        cells[COL["need"]] = c["need"]
        budget = c["budget"]
        cells[COL["budget"]] = budget if not clean or budget is None else "10-20万"
        exp = c["expected"]
        if exp is not None:
            if clean:
                cells[COL["expected_date"]] = ("d1", serial(exp))
            else:
                r = rng.random()
                cells[COL["expected_date"]] = (
                    f"{exp.year}年{exp.month}月{exp.day}日前"
                    if r < 0.3
                    else f"{exp.month}月{exp.day}日前"
                    if r < 0.45
                    else self.date_cell(exp)
                )
        cells[COL["priority"]] = enum("priority", c["priority"], PRIORITY_SYN, 0.15)
        cells[COL["intent"]] = enum("intent", c["intent"], INTENT_SYN, 0.2)
        cells[COL["status"]] = enum("status", c["status"], STATUS_SYN, 0.15)
        cells[COL["owner"]] = c["owner"]
        cells[COL["notes"]] = c["notes"]
        if not clean:
            cells[UNMAPPED_COL] = c["satisfaction"]
        c["_syn"] = syn
        return cells

    # ---- planting one problem into a rendered row
    def plant(self, c: dict[str, Any], cells: list[Any], kind: str, fld: str) -> None:
        rng = self.rng
        col = COL[fld]
        # the k-th plant of a kind takes the k-th example value, so even 500 rows show them all
        k = self.plant_seq[kind] = self.plant_seq.get(kind, -1) + 1

        def nth(values: tuple[Any, ...]) -> Any:
            return values[k % len(values)]

        if kind in ("required.missing", "id.missing"):
            value: Any = None
        elif kind == "status.invalid":
            value = nth(BAD_STATUS)
        elif kind == "phone.truncated":
            value = nth(BAD_PHONES)
        elif kind == "email.invalid":
            local = c["py"]
            value = nth(
                (
                    f"{local}@",
                    f"{local}.example.com",
                    f"{local}@qq",
                    f"{local}@@163.com",
                    f"{local}#163.com",
                )
            )
        elif kind == "credit_code.checksum":
            good = c["credit_code_ok"]
            bad = rng.choice([ch for ch in USCC_CHARSET if ch != good[-1]])
            value = good[:-1] + bad
        elif kind == "id_number.checksum":
            good = self.make_id(c)
            value = good[:-1] + rng.choice([ch for ch in "0123456789X" if ch != good[-1]])
        elif kind == "logic.person_with_credit_code":
            first17 = (
                "92"
                + c["city"][7]
                + "0"
                + str(rng.randrange(1, 9))
                + "".join(rng.choice("0123456789") for _ in range(8))
            )
            first17 = first17[:16] + org_check_char(first17[8:16])
            value = first17 + uscc_check_char(first17)
        elif kind == "logic.company_with_id_number":
            c2 = dict(c)
            value = self.make_id(c2)
        elif kind == "logic.next_before_first":
            value = self.date_cell(c["first"] - timedelta(days=rng.randrange(5, 90)))
        elif kind == "date.future":
            if rng.random() < 0.5:
                value = ("d1", serial(AS_OF + timedelta(days=rng.randrange(20, 400))))
            else:
                value = nth(FUTURE_DATES)
        elif kind == "date.unparseable":
            value = nth(UNPARSEABLE)
        elif kind == "formula_like_text":
            value = nth(FORMULA_NOTES)
        elif kind == "id.duplicate":
            value = self.originals[self.id_dup_of[c["i"]]]["cid"]
        else:  # pragma: no cover
            raise ValueError(kind)
        cells[col] = value
        if kind == "date.future":  # keep the next contact from also landing before it
            cells[COL["next_contact"]] = None
        extra = (
            {"other_row": self.originals[self.id_dup_of[c["i"]]]["row"]}
            if kind == "id.duplicate"
            else {}
        )
        self.error(
            S_CUST,
            c["row"],
            col,
            MESSY_COLUMNS[col][1],
            fld,
            kind,
            value,
            cells[COL["owner"]],
            **extra,
        )

    def make_id(self, c: dict[str, Any]) -> str:
        rng = self.rng
        area = c["city"][7] + f"{rng.randrange(1, 9):02d}"
        b = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 16000))
        first17 = f"{area}{b:%Y%m%d}{rng.randrange(0, 1000):03d}"
        return first17 + id_check_char(first17)

    def error(
        self,
        sheet: str,
        row: int,
        col: int,
        header: str,
        fld: str,
        kind: str,
        value: Any,
        owner: Any = "",
        **extra: Any,
    ) -> None:
        ctype, text = cell_truth(value)
        rec = {
            "sheet": sheet,
            "row": row,
            "column": col_letter(col),
            "header": header,
            "field": fld,
            "kind": kind,
            "value": text,
            "cell_type": ctype,
            "owner": owner if isinstance(owner, str) else "",
        }
        rec.update(extra)
        self.errors.append(rec)

    # ---- duplicate of an earlier customer, typed again with variations
    def duplicate(self, i: int, o: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        rng = self.rng
        c = dict(o)
        c["i"] = i
        c["first"] = self.dates[i]
        c["status"] = o["status"] if rng.random() < 0.6 else rng.choice(self.status_wheel)
        c["owner"] = o["owner"] if rng.random() < 0.5 else rng.choice(self.owner_wheel)
        kinds: list[str] = []
        if o["company"]:
            options = ["name_short"]
            if o["form"] in ("city_full", "city_full_llc"):
                options += ["name_suffix", "name_region_dropped", "name_region_dropped"]
            if o["form"] in ("bracket", "bracket_half"):
                options += ["name_brackets", "name_brackets"]
            if o["form"] == "city_short":
                options += ["name_suffix"]
            v = rng.choice(options)
            name = o["name"]
            if v == "name_short":
                name = o["core"]
            elif v == "name_suffix":
                name = (
                    name.replace("有限责任公司", "有限公司")
                    if "有限责任公司" in name
                    else name.replace("有限公司", "有限责任公司")
                )
            elif v == "name_brackets":
                name = (
                    name.replace("（", "(").replace("）", ")")
                    if "（" in name
                    else name.replace("(", "（").replace(")", "）")
                )
            elif v == "name_region_dropped":
                name = name.replace(o["city"][1], "", 1)
            c["name"] = name
            kinds.append(v)
            if o["call"] and o["contact"] == o["surname"] + o["call"] and rng.random() < 0.7:
                calls = [x for x in ("总", "经理", "总监", "主管") if x != o["call"]]
                c["contact"] = o["surname"] + rng.choice(calls)
                kinds.append("contact_title")
            elif rng.random() < 0.4:
                c["contact"] = o["surname"] + ("总" if o["call"] != "总" else "经理")
                kinds.append("contact_title")
        else:
            if o["pform"] in ("full", "honorific") and rng.random() < 0.6:
                alt = (
                    rng.choice(("总", "经理", "老板"))
                    if o["pform"] == "honorific"
                    else rng.choice(("先生", "女士", "总"))
                )
                c["name"] = o["surname"] + alt
                kinds.append("name_title")
            elif o["pform"] == "nickname":
                c["name"] = o["surname"] + rng.choice(("经理", "先生", "女士"))
                kinds.append("name_title")
        # strong keys: the same phone typed differently and/or the same email
        if o["email"] and rng.random() < 0.3:
            kinds.append("same_email")
            if rng.random() < 0.5:
                c["phone"] = ("m", self.mobile())
                c["phone2"] = None
                kinds.append("phone_different")
        if "phone_different" not in kinds:
            ph = o["phone"]
            old = o["phone_form"]
            if ph[0] == "m" and rng.random() < 0.4:
                c["phone_form"] = 2 if old != 2 else 4
                kinds.append("phone_spaces" if c["phone_form"] == 2 else "phone_format")
            else:
                n_forms = 11 if ph[0] == "m" else 7
                c["phone_form"] = (old + rng.randrange(1, n_forms)) % n_forms
                kinds.append("phone_format")
            c["phone2"] = None
        c["region_text"] = None
        c["industry_text"] = rng.choice(INDUSTRIES[o["ind"]][2])
        c["notes"] = rng.choice(("重复录入?", None, None, "展会登记", "老客户再次咨询"))
        return c, kinds

    # ---- the workbook
    def write(self, out: Path) -> dict[str, Any]:
        rng = self.rng
        n = self.n
        # interactions/orders must fit their sheets: scale the per-customer counts down if needed
        expected_i = 3.1 * n
        expected_t = 0.9 * n
        self.i_scale = min(1.0, 0.9 * (MAX_ROWS - 1) / expected_i)
        self.t_scale = min(1.0, 0.9 * (MAX_ROWS - 1) / expected_t)
        wb = xlsxwriter.Workbook(
            str(out),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        wb.set_properties(
            {
                "title": "客户信息管理表",
                "author": "custinfo samples",
                "created": datetime(2024, 6, 30, 9, 0, 0),
            }
        )
        f_head = wb.add_format(
            {
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        f_title = wb.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        )
        fmts = {
            "d1": wb.add_format({"num_format": "yyyy-mm-dd"}),
            "d2": wb.add_format({"num_format": "yyyy/m/d"}),
            "dt": wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }
        ncols = len(MESSY_COLUMNS) if not self.clean else len(CLEAN_HEADERS)
        if not self.clean:
            wi = wb.add_worksheet(S_INSTR)
            wi.set_column(0, 0, 110)
            for r, line in enumerate(INSTRUCTIONS):
                wi.write_string(r, 0, line, f_title if r == 0 else None)
        ws = wb.add_worksheet(S_CUST, worksheet_class=RowSheet)
        wsi = wb.add_worksheet(S_INTER, worksheet_class=RowSheet)
        wst = wb.add_worksheet(S_TRANS, worksheet_class=RowSheet)
        columns = MESSY_COLUMNS if not self.clean else [c for c in MESSY_COLUMNS if c[0]]
        headers = (
            [h for _, h, _ in columns]
            if not self.clean
            else [CLEAN_HEADERS[f] for f, _, _ in columns]
        )
        widths = {
            "name": 28,
            "address": 30,
            "need": 30,
            "phone": 18,
            "email": 22,
            "credit_code": 22,
            "id_number": 20,
            "notes": 24,
        }
        for k, (f, _, _) in enumerate(columns):
            ws.set_column(k, k, widths.get(f or "", 12))
        h0 = self.header_row - 1  # 0-based
        if not self.clean:
            ws.set_row(0, 30)
            ws.merge_range(
                0, 0, 0, ncols - 1, "鹏程智能装备有限公司客户信息管理表（2024年）", f_title
            )
        for k, h in enumerate(headers):
            ws.write_string(h0, k, h, f_head)
        ws.freeze_panes(h0 + 1, 2)
        for k, (_, h) in enumerate(INTERACTION_COLUMNS):
            wsi.write_string(0, k, h, f_head)
        for k, (_, h) in enumerate(TRANSACTION_COLUMNS):
            wst.write_string(0, k, h, f_head)
        wsi.set_column(0, 0, 14)
        wsi.set_column(1, 1, 16)
        wsi.set_column(3, 3, 32)
        wst.set_column(0, 3, 16)
        wst.set_column(4, 4, 24)

        put_c, put_i, put_t = ws.put_row, wsi.put_row, wst.put_row
        month_seq: dict[tuple[int, int], int] = {}
        empty_rows: list[int] = []
        duplicates: dict[int, dict[str, Any]] = {}
        not_dups: list[dict[str, Any]] = []
        orphans: list[dict[str, Any]] = []
        facts: list[dict[str, Any]] = []  # what each customer row should say about follow-up
        irow = trow = 1  # next 0-based row in the interactions / transactions sheets
        imax = MAX_ROWS  # rows are 0-based here
        r = h0 + 1  # next 0-based customer row
        e_ptr = 0
        empties = self.empty_before
        orphan_seq = 0
        clean = self.clean
        i_pending: list[str] = []
        t_pending: list[str] = []

        for i in range(n):
            while e_ptr < len(empties) and empties[e_ptr] == i:
                empty_rows.append(r + 1)
                r += 1
                e_ptr += 1
            d = self.dates[i]
            key = (d.year, d.month)
            month_seq[key] = month_seq.get(key, 0) + 1
            cid = f"C{d.year}{d.month:02d}{month_seq[key]:0{self.id_width}d}"
            kinds: list[str] = []
            if i in self.dup_of:
                c, kinds = self.duplicate(i, self.originals[self.dup_of[i]])
            elif i in self.near_of:
                c = self.customer(i, near=self.originals[self.near_of[i]])
            else:
                c = self.customer(i)
            c["cid"] = cid
            c["row"] = r + 1
            plant = self.plants.get(i)
            linked = plant is None or plant[0] not in ("id.duplicate", "id.missing")
            self.activity(c, linked, i in self.dup_of)
            if "phone_form" not in c:
                c["phone_form"] = 0 if clean else self.pick_phone_form(c["phone"])
            cells = self.render(c)
            if plant:
                self.plant(c, cells, *plant)
            for fld, typed, canonical in c["_syn"]:
                if plant and plant[1] == fld:
                    continue
                self.error(
                    S_CUST,
                    c["row"],
                    COL[fld],
                    MESSY_COLUMNS[COL[fld]][1],
                    fld,
                    f"{fld}.synonym",
                    typed,
                    cells[COL["owner"]],
                    canonical=canonical,
                )
            if clean:
                del cells[UNMAPPED_COL]
            put_c(r, cells, fmts)
            if i in self.originals:
                self.originals[i] = c
            if i in self.dup_of:
                j = self.dup_of[i]
                cl = duplicates.setdefault(
                    j,
                    {
                        "rows": [self.originals[j]["row"]],
                        "ids": [self.originals[j]["cid"]],
                        "variations": [],
                    },
                )
                cl["rows"].append(c["row"])
                cl["ids"].append(cid)
                cl["variations"].append(kinds)
            if i in self.near_of:
                o = self.originals[self.near_of[i]]
                not_dups.append(
                    {
                        "rows": [o["row"], c["row"]],
                        "ids": [o["cid"], cid],
                        "why": "same surname and city, different phone and company",
                    }
                )
            # interactions
            owner = c["owner"]
            i_pending.extend(self.i_plants.get(i, ()))
            n_inter = n_orders = 0
            inter_planted = False
            for d2 in c["inter"]:
                if irow >= imax:
                    break
                n_inter += 1
                if clean:
                    dv: Any = ("d1", serial(d2))
                    ch = rng.choice(self.channel_wheel)
                else:
                    dv = (
                        ("dt", serial(d2) + rng.randrange(18, 38) / 48)
                        if rng.random() < 0.5
                        else self.date_cell(d2)
                    )
                    ch = rng.choice(self.channel_wheel)
                    if ch in CHANNEL_SYN and rng.random() < 0.15:
                        typed = rng.choice(CHANNEL_SYN[ch])
                        self.error(
                            S_INTER,
                            irow + 1,
                            2,
                            "互动方式",
                            "channel",
                            "channel.synonym",
                            typed,
                            owner,
                            canonical=ch,
                        )
                        ch = typed
                    if i_pending:
                        ip = i_pending.pop(0)
                        inter_planted = True
                        dv = (
                            ("d1", serial(AS_OF + timedelta(days=rng.randrange(10, 300))))
                            if ip == "date.future" and rng.random() < 0.5
                            else rng.choice(FUTURE_DATES if ip == "date.future" else UNPARSEABLE)
                        )
                        self.error(
                            S_INTER, irow + 1, 1, "互动时间", "interaction_date", ip, dv, owner
                        )
                who = None
                if clean or rng.random() < 0.97:
                    who = owner if rng.random() < 0.9 else rng.choice(self.owner_wheel)
                put_i(irow, [cid, dv, ch, rng.choice(CONTENTS), who], fmts)
                irow += 1
            for _ in range(self.orphan_after_i.get(i, 0)):
                if irow >= imax:
                    break
                orphan_seq += 1
                oid = f"C2021{6 + orphan_seq % 6:02d}{900 + orphan_seq:0{self.id_width}d}"
                od = ORPHAN_START + timedelta(days=rng.randrange(0, 200))
                put_i(
                    irow,
                    [
                        oid,
                        ("d1", serial(od)),
                        rng.choice(self.channel_wheel),
                        rng.choice(CONTENTS),
                        rng.choice(self.owner_wheel),
                    ],
                    fmts,
                )
                orphans.append({"sheet": S_INTER, "row": irow + 1, "customer_id": oid})
                self.error(S_INTER, irow + 1, 0, "客户编号", "customer_id", "orphan", oid)
                irow += 1
            # transactions
            t_pending.extend(self.t_plants.get(i, ()))
            for d2 in c["orders"]:
                if trow >= imax:
                    break
                n_orders += 1
                prod, base = rng.choice(PRODUCTS)
                amount = int(
                    max(
                        200,
                        round(
                            base * math.exp(rng.gauss(0, 0.5)) * (1 if c["company"] else 0.3), -2
                        ),
                    )
                )
                seq = self.order_seq.get(d2, 0) + 1
                self.order_seq[d2] = seq
                av: Any = amount
                if not clean:
                    rr = rng.random()
                    if rr < 0.05:
                        av = f"{amount / 10000:g}万"
                    elif rr < 0.1:
                        av = f"{amount}元"
                    elif rr < 0.14:
                        av = f"¥{amount:,.2f}"
                dv = ("d1", serial(d2)) if clean else self.date_cell(d2)
                if t_pending:
                    tp = t_pending.pop(0)
                    dv = rng.choice(FUTURE_DATES)
                    self.error(S_TRANS, trow + 1, 2, "交易日期", "order_date", tp, dv, owner)
                put_t(trow, [cid, f"SO{d2:%Y%m%d}{seq:03d}", dv, av, prod, owner], fmts)
                trow += 1
            for _ in range(self.orphan_after_t.get(i, 0)):
                if trow >= imax:
                    break
                orphan_seq += 1
                oid = f"C2021{6 + orphan_seq % 6:02d}{900 + orphan_seq:0{self.id_width}d}"
                od = ORPHAN_START + timedelta(days=rng.randrange(0, 200))
                put_t(
                    trow,
                    [
                        oid,
                        f"SO{od:%Y%m%d}9{orphan_seq:02d}",
                        ("d1", serial(od)),
                        rng.randrange(20, 500) * 100,
                        rng.choice(PRODUCTS)[0],
                        rng.choice(self.owner_wheel),
                    ],
                    fmts,
                )
                orphans.append({"sheet": S_TRANS, "row": trow + 1, "customer_id": oid})
                self.error(S_TRANS, trow + 1, 0, "客户编号", "customer_id", "orphan", oid)
                trow += 1
            facts.append(
                {
                    "row": c["row"],
                    "status": c["status"],
                    "first": c["first"].isoformat(),
                    "contacts": [d.isoformat() for d in c["inter"][:n_inter]],
                    "next": c["next"].isoformat() if c["next"] else None,
                    "orders": n_orders,
                    "planted": plant[0] if plant else None,
                    "planted_field": plant[1] if plant else None,
                    "contact_date_planted": inter_planted,
                    "phone": c["phone"][1] if c["phone"][0] == "m" else "-".join(c["phone"][1:]),
                    "province": c["city"][0],
                    "city": c["city"][1],
                }
            )
            r += 1
        last_row = r  # 1-based number of the last written customer row
        status_col = COL["status"]
        if not clean:
            ws.data_validation(
                h0 + 1,
                status_col,
                last_row - 1,
                status_col,
                {"validate": "list", "source": list(STATUS_SYN), "error_type": "warning"},
            )
            tcol = COL["customer_type"]
            ws.data_validation(
                h0 + 1,
                tcol,
                last_row - 1,
                tcol,
                {"validate": "list", "source": ["企业", "个人"], "error_type": "warning"},
            )
        ws.autofilter(h0, 0, max(h0, last_row - 1), ncols - 1)
        wb.close()

        order = {S_CUST: 0, S_INTER: 1, S_TRANS: 2}
        self.errors.sort(key=lambda e: (order[e["sheet"]], e["row"], len(e["column"]), e["column"]))
        kinds_count: dict[str, int] = {}
        for e in self.errors:
            kinds_count[e["kind"]] = kinds_count.get(e["kind"], 0) + 1
        cols = columns
        sheets: dict[str, Any] = {}
        if not clean:
            sheets[S_INSTR] = {"kind": "instructions", "rows": len(INSTRUCTIONS)}
        sheets[S_CUST] = {
            "kind": "customers",
            "title_row": None if clean else 1,
            "header_row": self.header_row,
            "first_data_row": self.header_row + 1,
            "last_data_row": last_row,
            "records": n,
            "empty_rows": len(empty_rows),
            "columns": [
                {"column": col_letter(k), "header": headers[k], "field": f, "match": m}
                for k, (f, _, m) in enumerate(cols)
            ],
        }
        sheets[S_INTER] = {
            "kind": "interactions",
            "header_row": 1,
            "first_data_row": 2,
            "last_data_row": irow,
            "records": irow - 1,
            "columns": [
                {"column": col_letter(k), "header": h, "field": f, "match": "exact"}
                for k, (f, h) in enumerate(INTERACTION_COLUMNS)
            ],
        }
        sheets[S_TRANS] = {
            "kind": "transactions",
            "header_row": 1,
            "first_data_row": 2,
            "last_data_row": trow,
            "records": trow - 1,
            "columns": [
                {"column": col_letter(k), "header": h, "field": f, "match": "exact"}
                for k, (f, h) in enumerate(TRANSACTION_COLUMNS)
            ],
        }
        dup_list = sorted(duplicates.values(), key=lambda x: x["rows"][0])
        orphans.sort(key=lambda o: (order[o["sheet"]], o["row"]))
        return {
            "seed": self.seed,
            "as_of": AS_OF.isoformat(),
            "variant": "clean" if clean else "messy",
            "customers": n,
            "distinct_customers": n - sum(len(x["rows"]) - 1 for x in dup_list),
            "sheets": sheets,
            "empty_rows": empty_rows,
            "error_counts": dict(sorted(kinds_count.items())),
            "errors": self.errors,
            "duplicates": dup_list,
            "not_duplicates": not_dups,
            "orphans": orphans,
            "customer_facts": facts,
        }


_TO_FULLWIDTH = {ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789"}
_LETTERS = [col_letter(k) for k in range(64)]
_WS = frozenset(" \t\r\n\u3000")


class RowSheet(Worksheet):  # type: ignore[misc]
    """A constant_memory worksheet that can also write a whole row of plain cells at once.

    xlsxwriter spends ~7 µs per cell on generic bookkeeping; a million-customer workbook has
    ~30 million cells. `put_row` writes the same XML xlsxwriter would (inline strings, numbers
    with a cell format) straight to the sheet's row file, after letting xlsxwriter flush whatever
    it buffered, so rows written either way can be mixed in increasing row order.
    `FAST_ROWS = False` falls back to the ordinary calls (tests compare the two).
    """

    def put_row(self, row: int, cells: list[Any], fmts: dict[str, Any]) -> None:
        if not FAST_ROWS:
            for k, v in enumerate(cells):
                if v is None:
                    continue
                t = type(v)
                if t is str:
                    self.write_string(row, k, v)
                elif t is tuple:
                    self.write_number(row, k, v[1], fmts[v[0]])
                else:
                    self.write_number(row, k, v)
            return
        rs = str(row + 1)
        parts = []
        first = -1
        last = 0
        for k, v in enumerate(cells):
            if v is None:
                continue
            if first < 0:
                first = k
            last = k
            t = type(v)
            if t is str:
                if "&" in v or "<" in v or ">" in v:
                    v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                if v[:1] in _WS or v[-1:] in _WS:
                    parts.append(
                        f'<c r="{_LETTERS[k]}{rs}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{v}</t></is></c>"
                    )
                else:
                    parts.append(f'<c r="{_LETTERS[k]}{rs}" t="inlineStr"><is><t>{v}</t></is></c>')
            elif t is tuple:
                parts.append(
                    f'<c r="{_LETTERS[k]}{rs}" s="{fmts[v[0]]._get_xf_index()}">'
                    f"<v>{v[1]:.16G}</v></c>"
                )
            else:
                parts.append(f'<c r="{_LETTERS[k]}{rs}"><v>{v:.16G}</v></c>')
        if first < 0:
            return
        self._check_dimensions(row, first)
        self._check_dimensions(row, last)
        if row > self.previous_row:
            self._write_single_row(row)  # flush a row xlsxwriter still holds
        self.fh.write(f'<row r="{rs}">{"".join(parts)}</row>')
        self.previous_row = row


FAST_ROWS = True


def _count(items: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for k in items:
        out[k] = out.get(k, 0) + 1
    return out


def cell_truth(value: Any) -> tuple[str, str]:
    """(cell type, value as text) as the truth file records a planted cell."""
    if value is None:
        return "empty", ""
    if isinstance(value, tuple):
        return "date", (EXCEL_EPOCH + timedelta(days=int(value[1]))).isoformat()
    if isinstance(value, str):
        return "text", value
    return "number", f"{value:g}" if isinstance(value, float) else str(value)


def generate(
    customers: int = 500,
    seed: int = 20240520,
    out: Path | str = "samples/customers.xlsx",
    truth: Path | str | None = "samples/truth.json",
    clean: bool = False,
) -> dict[str, Any]:
    """Write the workbook (and the truth file when `truth` is given); return the truth."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    gen = Generator(customers, seed, clean)
    result = gen.write(out)
    if truth:
        tp = Path(truth)
        tp.parent.mkdir(parents=True, exist_ok=True)
        tp.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--customers", type=int, default=500, help="customer rows to write (default 500)"
    )
    p.add_argument("--seed", type=int, default=20240520)
    p.add_argument("--out", default="samples/customers.xlsx")
    p.add_argument("--truth", default="samples/truth.json", help="truth file; '' to skip it")
    p.add_argument(
        "--clean", action="store_true", help="tidy variant: standard headers, valid values"
    )
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    result = generate(a.customers, a.seed, a.out, a.truth or None, a.clean)
    s = result["sheets"]
    print(
        f"wrote {a.out}: {result['customers']} customers, {s[S_INTER]['records']} interactions, "
        f"{s[S_TRANS]['records']} transactions, {len(result['errors'])} planted findings, "
        f"{len(result['duplicates'])} duplicate clusters in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
