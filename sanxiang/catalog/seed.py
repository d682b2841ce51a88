"""Seed content for a health enforcement agency (卫生监督): items, benchmarks, the review list, the inspection list.

Sources and their status (docs/catalog.md, "The seed's sources"):

- Article numbers and provisions are those of the versions named in ``law_name``. The texts here were written
  from memory, not copied from an official gazette: every ``article_text`` is therefore marked as a summary
  (``article_text_is_summary``), and must be checked against the official text before an agency publishes it.
- 《传染病防治法》 was comprehensively revised in 2025 (in force 2025-09-01) and renumbered: the items below cite
  the 2013 text and say so; an agency must publish a new version with the 2025 article numbers.
- The discretion benchmarks are *examples* that split the statutory range into levels. Real benchmarks are set
  by the province's health commission (处罚法 art. 34) and must replace these.
- The review list is the district health commission's plan (seed, section 三.2) with the thresholds domain.md
  gives as the usual ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

D = datetime.date.fromisoformat
SEED_FROM = D("2024-01-01")  # the seed's versions take effect from this day (the agency's catalog start)

# (code, field code, kind, name, law_name, article, article_text, penalty_basis, life_health)
ITEMS: list[dict] = [
    {
        "code": "public_places.unlicensed",
        "field": "public_places",
        "kind": "penalty",
        "name": "对未依法取得公共场所卫生许可证擅自营业的处罚",
        "law_name": "《公共场所卫生管理条例实施细则》（原卫生部令第80号，2017年修订）",
        "article": "第三十五条",
        "article_text": "未依法取得公共场所卫生许可证擅自营业的，责令限期改正，给予警告，并处以五百元以上五千元以下罚款；"
        "擅自营业曾受过处罚、擅自营业时间在三个月以上、或者以涂改、转让、倒卖、伪造的卫生许可证擅自营业的，"
        "处以五千元以上三万元以下罚款。",
        "penalty_basis": "同条：警告，并处500元以上5000元以下罚款；情节严重的5000元以上30000元以下罚款。",
        "life_health": False,
    },
    {
        "code": "public_places.no_health_certificate",
        "field": "public_places",
        "kind": "penalty",
        "name": "对安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作的处罚",
        "law_name": "《公共场所卫生管理条例实施细则》（原卫生部令第80号，2017年修订）",
        "article": "第三十八条",
        "article_text": "公共场所经营者安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作的，责令限期改正，"
        "给予警告，并处以五百元以上五千元以下罚款；逾期不改正的，处以五千元以上一万五千元以下罚款。",
        "penalty_basis": "同条：警告，并处500元以上5000元以下罚款；逾期不改正的5000元以上15000元以下罚款。",
        "life_health": True,
    },
    {
        "code": "public_places.no_testing",
        "field": "public_places",
        "kind": "penalty",
        "name": "对未按照规定对公共场所进行卫生检测或对顾客用品用具清洗、消毒、保洁的处罚",
        "law_name": "《公共场所卫生管理条例实施细则》（原卫生部令第80号，2017年修订）",
        "article": "第三十六条",
        "article_text": "未按照规定对公共场所的空气、微小气候、水质、采光、照明、噪声、顾客用品用具等进行卫生检测的，"
        "或者未按照规定对顾客用品用具进行清洗、消毒、保洁，或者重复使用一次性用品用具的，责令限期改正，"
        "给予警告，并可处以罚款；逾期不改正、造成卫生质量不符合卫生标准和要求的，处以较高数额罚款。",
        "penalty_basis": "同条：警告，可处以罚款（数额以原文为准）。",
        "life_health": True,
    },
    {
        "code": "drinking_water.unlicensed_supply",
        "field": "drinking_water",
        "kind": "penalty",
        "name": "对供水单位未取得卫生许可证而擅自供水的处罚",
        "law_name": "《生活饮用水卫生监督管理办法》（建设部、卫生部令第53号，2016年修订）",
        "article": "第二十六条第（三）项",
        "article_text": "供水单位未取得卫生许可证而擅自供水的，责令限期改进，并可处以20元以上5000元以下的罚款。",
        "penalty_basis": "同条：责令限期改进，可处20元以上5000元以下罚款。",
        "life_health": True,
    },
    {
        "code": "drinking_water.substandard_water",
        "field": "drinking_water",
        "kind": "penalty",
        "name": "对供水单位供应的饮用水不符合国家卫生标准的处罚",
        "law_name": "《中华人民共和国传染病防治法》（2013年修正）",
        "article": "第七十三条第（一）项",
        "article_text": "饮用水供水单位供应的饮用水不符合国家卫生标准和卫生规范，导致或者可能导致传染病传播、流行的，"
        "责令限期改正，没收违法所得，可以并处五万元以下的罚款；已取得许可证的，原发证部门可以依法暂扣或者吊销许可证。",
        "penalty_basis": "同条（2013年文本；2025年修订后条号已变，须核对）。",
        "life_health": True,
    },
    {
        "code": "medical.unlicensed_practice",
        "field": "medical",
        "kind": "penalty",
        "name": "对未取得《医疗机构执业许可证》擅自执业的处罚",
        "law_name": "《医疗机构管理条例》（2022年修订）",
        "article": "第四十三条",
        "article_text": "未取得《医疗机构执业许可证》擅自执业的，依照《中华人民共和国基本医疗卫生与健康促进法》的规定予以处罚。",
        "penalty_basis": "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款：责令停止执业活动，没收违法所得和药品、"
        "医疗器械，并处违法所得五倍以上二十倍以下的罚款，违法所得不足一万元的，按一万元计算。",
        "life_health": True,
    },
    {
        "code": "radiation.unlicensed_practice",
        "field": "radiation",
        "kind": "penalty",
        "name": "对医疗机构未取得放射诊疗许可从事放射诊疗工作的处罚",
        "law_name": "《放射诊疗管理规定》（卫生部令第46号，2016年修订）",
        "article": "第三十八条第（一）项",
        "article_text": "医疗机构未取得放射诊疗许可从事放射诊疗工作的，给予警告、责令限期改正，并可以根据情节处以3000元以下的罚款；"
        "情节严重的，吊销其《医疗机构执业许可证》。",
        "penalty_basis": "同条：警告、责令限期改正，可处3000元以下罚款；情节严重的吊销《医疗机构执业许可证》。",
        "life_health": True,
    },
    {
        "code": "radiation.no_dose_monitoring",
        "field": "radiation",
        "kind": "penalty",
        "name": "对未按照规定对放射诊疗工作人员进行个人剂量监测、健康检查的处罚",
        "law_name": "《放射诊疗管理规定》（卫生部令第46号，2016年修订）",
        "article": "第四十一条",
        "article_text": "医疗机构未按照规定对放射诊疗工作人员进行个人剂量监测、健康检查、建立个人剂量和健康档案的，"
        "给予警告，责令限期改正，并可处一万元以下的罚款。",
        "penalty_basis": "同条：警告，责令限期改正，可处10000元以下罚款。",
        "life_health": True,
    },
    {
        "code": "infectious.disinfection_failure",
        "field": "infectious_disease",
        "kind": "penalty",
        "name": "对医疗机构未按照规定对污染场所、物品及医疗废物实施消毒或者无害化处置的处罚",
        "law_name": "《中华人民共和国传染病防治法》（2013年修正）",
        "article": "第六十九条第（五）项",
        "article_text": "医疗机构未按照规定对本单位内被传染病病原体污染的场所、物品以及医疗废物实施消毒或者无害化处置的，"
        "责令改正，通报批评，给予警告；造成传染病传播、流行或者其他严重后果的，对负有责任的人员依法给予处分，"
        "并可以依法吊销有关责任人员的执业证书。",
        "penalty_basis": "同条（2013年文本；2025年修订后条号已变，须核对）。",
        "life_health": True,
    },
    {
        "code": "occupational.no_health_examination",
        "field": "occupational",
        "kind": "penalty",
        "name": "对用人单位未按照规定组织职业健康检查、建立职业健康监护档案的处罚",
        "law_name": "《中华人民共和国职业病防治法》（2018年修正）",
        "article": "第七十一条第（四）项",
        "article_text": "用人单位未按照规定组织职业健康检查、建立职业健康监护档案或者未将检查结果书面告知劳动者的，"
        "责令限期改正，给予警告，可以并处五万元以上十万元以下的罚款。",
        "penalty_basis": "同条：警告，可以并处50000元以上100000元以下罚款。",
        "life_health": True,
    },
    {
        "code": "school.teaching_facilities",
        "field": "school",
        "kind": "penalty",
        "name": "对学校教学建筑、环境噪声、室内微小气候、采光、照明等不符合卫生标准的处罚",
        "law_name": "《学校卫生工作条例》（1990年国家教育委员会令第10号、卫生部令第1号）",
        "article": "第三十三条",
        "article_text": "违反本条例第六条第一款、第七条和第十条规定的，由卫生行政部门对直接责任单位或者个人给予警告并责令限期改进；"
        "情节严重的，可以同时建议教育行政部门给予行政处分。",
        "penalty_basis": "同条：警告并责令限期改进。",
        "life_health": False,
    },
    {
        "code": "public_places.inspection",
        "field": "public_places",
        "kind": "inspection",
        "name": "公共场所卫生监督检查",
        "law_name": "《公共场所卫生管理条例》（2019年修订）",
        "article": "第十条",
        "article_text": "各级卫生防疫机构负责管辖范围内的公共场所卫生监督工作（现由县级以上卫生健康行政部门实施监督检查）。",
        "penalty_basis": "",
        "life_health": False,
    },
]

# Example benchmarks (see the module docs): item code -> (violation, levels)
BENCHMARKS: list[dict] = [
    {
        "code": "public_places.unlicensed.b1",
        "item": "public_places.unlicensed",
        "violation": "未依法取得公共场所卫生许可证擅自营业",
        "source": "示例裁量基准（按法定幅度分档，非正式文件；须以本省卫生健康委公布的基准替换）",
        "levels": [
            ("minor", "擅自营业时间不足一个月，经责令后及时改正", ["warning", "fine"], "500", "1500"),
            ("general", "擅自营业时间一个月以上不足三个月", ["warning", "fine"], "1500", "3500"),
            ("serious", "擅自营业期间造成不良影响或拒不配合调查", ["warning", "fine"], "3500", "5000"),
            (
                "severe",
                "曾受过处罚、擅自营业三个月以上或以涂改、转让、倒卖、伪造的卫生许可证擅自营业",
                ["warning", "fine"],
                "5000",
                "30000",
            ),
        ],
    },
    {
        "code": "public_places.no_health_certificate.b1",
        "item": "public_places.no_health_certificate",
        "violation": "安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作",
        "source": "示例裁量基准（按法定幅度分档，非正式文件）",
        "levels": [
            ("minor", "涉及1名从业人员，及时改正", ["warning", "fine"], "500", "2000"),
            ("general", "涉及2至3名从业人员", ["warning", "fine"], "2000", "5000"),
            ("severe", "逾期不改正", ["warning", "fine"], "5000", "15000"),
        ],
    },
    {
        "code": "drinking_water.unlicensed_supply.b1",
        "item": "drinking_water.unlicensed_supply",
        "violation": "供水单位未取得卫生许可证而擅自供水",
        "source": "示例裁量基准（按法定幅度分档，非正式文件）",
        "levels": [
            ("minor", "供水规模小，水质检测合格，及时改正", ["fine"], "20", "1000"),
            ("general", "水质检测合格，供水一个月以上", ["fine"], "1000", "3000"),
            ("severe", "水质不合格或拒不改正", ["fine"], "3000", "5000"),
        ],
    },
    {
        "code": "radiation.unlicensed_practice.b1",
        "item": "radiation.unlicensed_practice",
        "violation": "医疗机构未取得放射诊疗许可从事放射诊疗工作",
        "source": "示例裁量基准（按法定幅度分档，非正式文件）",
        "levels": [
            ("minor", "开展时间短，未造成危害后果，及时改正", ["warning"], None, None),
            ("general", "开展一个月以上，未造成危害后果", ["warning", "fine"], "1000", "2000"),
            ("serious", "开展三个月以上或涉及介入放射学", ["warning", "fine"], "2000", "3000"),
            ("severe", "造成受检者或工作人员健康损害等情节严重", ["revoke_licence"], None, None),
        ],
    },
    {
        "code": "occupational.no_health_examination.b1",
        "item": "occupational.no_health_examination",
        "violation": "未按照规定组织职业健康检查、建立职业健康监护档案或者未将检查结果书面告知劳动者",
        "source": "示例裁量基准（按法定幅度分档，非正式文件）",
        "levels": [
            ("minor", "涉及劳动者10人以下，及时改正", ["warning"], None, None),
            ("general", "涉及劳动者10人以上30人以下", ["warning", "fine"], "50000", "70000"),
            ("severe", "涉及劳动者30人以上或拒不改正", ["warning", "fine"], "70000", "100000"),
        ],
    },
]

# The legal-review item list (法制审核事项清单) of the district health commission.
REVIEW_RULES: list[dict] = [
    {
        "code": "review.general_procedure",
        "kind": "all_general_procedure",
        "amount": None,
        "text": "适用一般程序作出的行政处罚决定",
    },
    {
        "code": "review.fine_person",
        "kind": "fine_threshold_person",
        "amount": Decimal("10000"),
        "text": "对公民处以一万元以上罚款",
    },
    {
        "code": "review.fine_org",
        "kind": "fine_threshold_org",
        "amount": Decimal("100000"),
        "text": "对法人或者其他组织处以十万元以上罚款",
    },
    {
        "code": "review.suspension",
        "kind": "suspension_of_business",
        "amount": None,
        "text": "责令停产停业、责令关闭",
    },
    {"code": "review.revocation", "kind": "licence_revocation", "amount": None, "text": "吊销许可证件"},
    {
        "code": "review.hearing",
        "kind": "after_hearing",
        "amount": None,
        "text": "直接关系当事人或者第三人重大权益，经过听证程序的（行政处罚法第五十八条第一款第二项）",
    },
    {
        "code": "review.outside_benchmark",
        "kind": "outside_benchmark",
        "amount": None,
        "text": "超出裁量基准作出的行政处罚决定",
    },
    {
        "code": "review.public_interest",
        "kind": "custom",
        "amount": None,
        "text": "涉及重大公共利益的（行政处罚法第五十八条第一款第一项）",
    },
    {
        "code": "review.complex",
        "kind": "custom",
        "amount": None,
        "text": "案件情况疑难复杂、涉及多个法律关系的（行政处罚法第五十八条第一款第三项）",
    },
]

INSPECTOR_REQUIREMENT = "两名以上持有效执法证（本执法类别）的卫生监督员，与检查对象有利害关系的回避"
SUBJECT = "区卫生健康局（区卫生监督所具体实施）"

# The random-inspection item list (随机抽查事项清单).
INSPECTION_ITEMS: list[dict] = [
    {
        "code": "insp.public_places.swimming",
        "field": "public_places",
        "matter": "公共场所卫生监督抽查",
        "sub_item": "游泳场所",
        "basis": "《公共场所卫生管理条例》第十条；《公共场所卫生管理条例实施细则》第三十二条（摘要）",
        "target": "辖区内取得卫生许可证的游泳场所",
        "ratio": "100%",
        "ratio_percent": Decimal("100"),
        "frequency": "每年 1 次（开放季）",
        "method": "现场检查、水质抽样检测",
    },
    {
        "code": "insp.public_places.lodging",
        "field": "public_places",
        "matter": "公共场所卫生监督抽查",
        "sub_item": "住宿场所",
        "basis": "《公共场所卫生管理条例》第十条；《公共场所卫生管理条例实施细则》第三十二条（摘要）",
        "target": "辖区内住宿场所经营者",
        "ratio": "20%",
        "ratio_percent": Decimal("20"),
        "frequency": "每年 1 次",
        "method": "现场检查、公共用品用具抽样检测",
    },
    {
        "code": "insp.drinking_water.central",
        "field": "drinking_water",
        "matter": "生活饮用水卫生监督抽查",
        "sub_item": "集中式供水单位",
        "basis": "《生活饮用水卫生监督管理办法》第十六条（摘要）",
        "target": "辖区内集中式供水单位",
        "ratio": "100%",
        "ratio_percent": Decimal("100"),
        "frequency": "每年 1 次",
        "method": "现场检查、出厂水和末梢水抽样检测",
    },
    {
        "code": "insp.medical.practice",
        "field": "medical",
        "matter": "医疗卫生监督抽查",
        "sub_item": "医疗机构依法执业",
        "basis": "《医疗机构管理条例》（2022年修订）第三十九条（摘要）",
        "target": "辖区内医疗机构",
        "ratio": "一级及以下医疗机构 5%，二级以上 100%",
        "ratio_percent": None,
        "frequency": "每年 1 次",
        "method": "现场检查、资料查阅",
    },
    {
        "code": "insp.radiation.diagnosis",
        "field": "radiation",
        "matter": "放射卫生监督抽查",
        "sub_item": "放射诊疗机构",
        "basis": "《放射诊疗管理规定》第三十四条（摘要）",
        "target": "辖区内开展放射诊疗的医疗机构",
        "ratio": "20%",
        "ratio_percent": Decimal("20"),
        "frequency": "每年 1 次",
        "method": "现场检查、个人剂量档案查阅",
    },
    {
        "code": "insp.school.hygiene",
        "field": "school",
        "matter": "学校卫生监督抽查",
        "sub_item": "教学环境与传染病防控",
        "basis": "《学校卫生工作条例》第二十八条（摘要）",
        "target": "辖区内中小学校",
        "ratio": "20%",
        "ratio_percent": Decimal("20"),
        "frequency": "每年 1 次",
        "method": "现场检查、教室环境检测",
    },
    {
        "code": "insp.infectious.medical",
        "field": "infectious_disease",
        "matter": "传染病防治监督抽查",
        "sub_item": "医疗机构传染病防治",
        "basis": "《中华人民共和国传染病防治法》（2013年修正）第五十三条（摘要）",
        "target": "辖区内医疗机构",
        "ratio": "10%",
        "ratio_percent": Decimal("10"),
        "frequency": "每年 1 次",
        "method": "现场检查、消毒效果抽样检测",
    },
]
for _row in INSPECTION_ITEMS:
    _row.setdefault("subject", SUBJECT)
    _row.setdefault("inspector_requirements", INSPECTOR_REQUIREMENT)


LEVEL_ORDER = ["minor", "general", "serious", "severe"]


def benchmark_levels(raw: list[tuple]) -> list[dict]:
    return [
        {
            "level": level,
            "circumstances": circumstances,
            "penalty_kinds": kinds,
            "fine_min": Decimal(low) if low is not None else None,
            "fine_max": Decimal(high) if high is not None else None,
            "other_measures": "责令限期改正",
            "order": LEVEL_ORDER.index(level),
        }
        for level, circumstances, kinds, low, high in raw
    ]
