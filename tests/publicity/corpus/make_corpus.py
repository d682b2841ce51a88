"""Writes the redaction corpus: caseNN.txt (the decision text) + caseNN.json (expected spans, KNOWN data).

    .venv/bin/python tests/publicity/corpus/make_corpus.py

Written before the engine was tuned and independent of it: the annotations come from the markup in the
templates below (⟦kind|text⟧), never from running the engine. Deterministic (fixed seed); every person,
number and organisation is invented. See README.md in this folder.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20261127

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND = ("欧阳", "司马", "上官", "诸葛")
GIVEN = (
    "伟 芳 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 志强 红梅 晓燕 海燕 国庆 文博"
    " 子涵 雨桐 浩然 思远 嘉怡 德明 春生 玉兰 晨曦 一鸣 立新 建国 淑珍 卫东 小红 俊杰 婷 慧 振华 桂芝 永红"
).split()
AGENCIES = (
    (
        "长沙市岳麓区卫生健康局",
        "岳卫",
        "长沙市岳麓区人民政府",
        "长沙铁路运输法院",
        "0731",
        "长沙市岳麓区",
        "430104",
    ),
    (
        "长沙市开福区卫生健康局",
        "开卫",
        "长沙市开福区人民政府",
        "长沙铁路运输法院",
        "0731",
        "长沙市开福区",
        "430105",
    ),
    (
        "株洲市卫生健康委员会",
        "株卫",
        "株洲市人民政府",
        "株洲市天元区人民法院",
        "0731",
        "株洲市芦淞区",
        "430203",
    ),
    (
        "湘潭市卫生健康委员会",
        "潭卫",
        "湘潭市人民政府",
        "湘潭市岳塘区人民法院",
        "0731",
        "湘潭市雨湖区",
        "430302",
    ),
    (
        "北京市朝阳区卫生健康委员会",
        "京朝卫",
        "北京市朝阳区人民政府",
        "北京市朝阳区人民法院",
        "010",
        "北京市朝阳区",
        "110105",
    ),
    (
        "广州市天河区卫生健康局",
        "穗天卫",
        "广州市天河区人民政府",
        "广州铁路运输法院",
        "020",
        "广州市天河区",
        "440106",
    ),
    (
        "常德市卫生健康委员会",
        "常卫",
        "常德市人民政府",
        "常德市武陵区人民法院",
        "0736",
        "常德市武陵区",
        "430702",
    ),
)
STREETS = (
    "麓山路",
    "金星北路",
    "韶山北路",
    "万家丽路",
    "黎明路",
    "芙蓉中路",
    "建设路",
    "高新大道",
    "人民东路",
    "王府大街",
)
ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PLATE_PROVINCES = {"0731": "湘A", "0736": "湘J", "010": "京N", "020": "粤A"}


def id_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def credit_code(rng: random.Random, division: str, kind: str = "91") -> str:
    from sanxiang.accounts.codes import check_character

    body = "MA" + "".join(rng.choice(ALNUM) for _ in range(7))
    first17 = kind + division + body
    return first17 + check_character(first17)


def m(kind: str, text: str) -> str:
    return f"⟦{kind}|{text}⟧"


@dataclass
class Person:
    name: str
    role: str
    sex: str
    id_number: str
    phone: str
    address: str
    extra: dict = field(default_factory=dict)

    @property
    def surname(self) -> str:
        return self.name[:2] if self.name[:2] in COMPOUND else self.name[0]


class Case:
    def __init__(self, rng: random.Random, number: int):
        self.rng = rng
        self.number = number
        self.used: set[str] = set()
        agency = rng.choice(AGENCIES)
        self.agency, self.prefix, self.government, self.court, self.area, self.district, self.division = (
            agency
        )
        self.year = 2026
        self.persons: list[Person] = []
        self.organisations: list[str] = []
        self.policy: dict = {}

    def person(self, role: str, *, compound: bool = False, three: bool | None = None) -> Person:
        rng = self.rng
        while True:
            surname = rng.choice(COMPOUND) if compound else rng.choice(SURNAMES)
            pool = GIVEN if three is None else [g for g in GIVEN if (len(g) == 2) == three]
            given = rng.choice(pool)
            name = surname + given
            if name not in self.used and surname not in {p.surname for p in self.persons}:
                self.used.add(name)
                break
        sex = rng.choice("男女")
        year = rng.randint(1955, 2003)
        birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        seq = f"{rng.randint(0, 99):02d}{rng.choice('13579' if sex == '男' else '02468')}"
        first17 = rng.choice([self.division, "430102", "430121", "440106", "110105", "430702"]) + birth + seq
        phone = (
            rng.choice(["138", "139", "159", "186", "177", "133", "150", "199"])
            + f"{rng.randint(0, 99999999):08d}"
        )
        address = f"{self.district}{rng.choice(STREETS)}{rng.randint(1, 399)}号{rng.randint(1, 20)}栋{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
        person = Person(name, role, sex, first17 + id_check(first17), phone, address)
        self.persons.append(person)
        return person

    def case_number(self, kind: str) -> str:
        number = self.rng.randint(1, 260)
        return m(
            "case_number",
            self.rng.choice(
                [
                    f"{self.prefix}{kind}罚〔{self.year}〕{number}号",
                    f"{self.prefix}{kind}罚〔{self.year}〕第{number}号",
                ]
            ),
        )

    def org(self, name: str) -> str:
        self.organisations.append(name)
        return m("organisation", name)

    def landline(self) -> str:
        return f"{self.area}-{self.rng.randint(2, 8)}{self.rng.randint(0, 9999999):07d}"

    def tail(self) -> str:
        return (
            f"\n    罚款应当自收到本决定书之日起十五日内缴至指定银行或者通过电子支付系统缴纳。到期不缴纳罚款的，"
            f"本机关可以每日按罚款数额的百分之三加处罚款。\n"
            f"    如不服本行政处罚决定，可以在收到本决定书之日起六十日内向{m('organisation', self.government)}申请行政复议，"
            f"或者在六个月内向{m('organisation', self.court)}提起行政诉讼。复议或诉讼期间，本决定不停止执行。\n\n"
            f"{m('organisation', self.agency)}\n{self.year}年{self.rng.randint(1, 11)}月{self.rng.randint(1, 28)}日\n"
            f"（本机关联系电话：{self.area}-{self.rng.randint(2, 8)}{self.rng.randint(0, 9999999):07d}）\n"
        )

    def head(self, kind: str) -> str:
        return f"{m('organisation', self.agency)}\n行政处罚决定书\n{self.case_number(kind)}\n\n"


# --- templates: each returns the marked-up text -------------------------------------------------------------


def clinic_named_after_person(c: Case) -> str:
    boss = c.person("legal_representative")
    patient = c.person("other")
    nurse = c.person("other")
    name = f"{c.district}{boss.name}口腔诊所"
    code = credit_code(c.rng, c.division, "92")
    return (
        c.head("医") + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n"
        f"主要负责人：{m('Nl', boss.name)}\n地址：{c.district}{c.rng.choice(STREETS)}{c.rng.randint(1, 300)}号\n\n"
        f"    {c.year}年3月{c.rng.randint(1, 28)}日，本机关卫生监督员对当事人进行监督检查，发现当事人使用非卫生技术人员"
        f"{m('Nt', nurse.name)}从事护理工作。经查，{m('Nt', nurse.name)}未取得护士执业证书，自{c.year}年1月起在该诊所"
        f"从事护理工作，曾为患者{m('Nt', patient.name)}进行治疗。\n"
        f"    上述事实有以下证据证明：1.现场笔录1份；2.对{m('Nl', boss.name)}的询问笔录1份；3.对{m('Nt', nurse.name)}"
        f"的询问笔录1份（身份证号码：{m('id_number', nurse.id_number)}，联系电话：{m('phone', nurse.phone)}）；"
        f"4.患者{m('Nt', patient.name)}的门诊病历复印件1份；5.当事人《医疗机构执业许可证》复印件1份。\n"
        f"    本机关认为，当事人使用非卫生技术人员从事医疗卫生技术工作的行为，违反了《医疗机构管理条例》第二十七条的规定。"
        f"依据《医疗机构管理条例》第四十七条第一款的规定，本机关决定给予当事人如下行政处罚：1.警告；"
        f"2.罚款人民币{c.rng.choice(['伍仟', '捌仟', '壹万'])}元整。\n" + c.tail()
    )


def natural_person_unlicensed(c: Case) -> str:
    party = c.person("party")
    patient = c.person("other")
    witness = c.person("other")
    c.policy = {"mask_party_name": c.rng.random() < 0.5}
    head_name = m("Np", party.name) if not c.policy["mask_party_name"] else party.surname + "**"
    old_id = f"{party.id_number[:6]}{party.id_number[8:14]}{c.rng.randint(100, 999)}"
    use_old = c.rng.random() < 0.4
    shown_id = old_id if use_old else party.id_number
    if use_old:
        party.extra["id_old"] = old_id
    return (
        c.head("医") + f"当事人：{head_name}，性别：{party.sex}，身份证号码：{m('id_number', shown_id)}，"
        f"住址：{m('address', party.address)}，联系电话：{m('phone', party.phone)}。\n\n"
        f"    {c.year}年4月{c.rng.randint(1, 28)}日，本机关接到群众举报，反映{c.district}{c.rng.choice(STREETS)}有人非法行医。"
        f"经查，当事人{m('Np', party.name)}未取得《医疗机构执业许可证》，自{c.year}年2月起在其租住的房屋内擅自开展"
        f"静脉输液等诊疗活动。现场查获药品12种、一次性输液器30副。患者{m('Nt', patient.name)}（男，{c.rng.randint(20, 80)}岁）"
        f"当日在该处接受输液治疗。\n"
        f"    以上事实有下列证据证实：1.现场检查笔录；2.对{m('Np', party.name)}的询问笔录；3.证人{m('Nt', witness.name)}"
        f"的证言（联系电话：{m('phone', witness.phone)}）；4.患者{m('Nt', patient.name)}的陈述及输液单据；5.现场照片6张；"
        f"6.当事人身份证复印件。\n"
        f"    本机关认为，当事人{m('Np', party.name)}未取得《医疗机构执业许可证》擅自执业，违反了《基本医疗卫生服务法》"
        f"第三十八条第一款的规定。依据《基本医疗卫生服务法》第九十九条第一款的规定，决定：1.没收违法所得人民币"
        f"{c.rng.randint(1, 9)}{c.rng.randint(0, 9)}00元；2.没收药品、器械；3.罚款人民币{c.rng.randint(5, 9)}万元。\n"
        + c.tail()
    )


def public_place_hotel(c: Case) -> str:
    rep = c.person("legal_representative")
    staff = c.person("other", three=True)
    guest = c.person("other")
    name = f"{c.district.replace('区', '')}{c.rng.choice(['金沙湾', '湘江', '王府井', '高新', '华天', '常乐'])}大酒店有限公司"
    code = credit_code(c.rng, c.division)
    return (
        c.head("公")
        + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n法定代表人：{m('Nl', rep.name)}\n"
        f"住所：{c.district}{c.rng.choice(STREETS)}{c.rng.randint(1, 300)}号\n\n"
        f"    {c.year}年5月{c.rng.randint(1, 28)}日，本机关卫生监督员对当事人经营的住宿场所进行监督检查，"
        f"发现当事人安排未取得有效健康合格证明的从业人员{m('Nt', staff.name)}从事直接为顾客服务的工作，"
        f"且客房床上用品未做到一客一换。顾客{m('Nt', guest.name)}（联系电话{m('phone', guest.phone[:3] + ' ' + guest.phone[3:7] + ' ' + guest.phone[7:])}）"
        f"投诉称其入住的客房床单有污渍。\n"
        f"    上述事实有现场笔录、询问笔录、从业人员{m('Nt', staff.name)}的花名册登记信息（身份证号码"
        f"{m('id_number', staff.id_number[:6] + '********' + staff.id_number[14:])}）、照片等证据为证。\n"
        f"    当事人的行为违反了《公共场所卫生管理条例实施细则》第十条、第十四条的规定。依据《公共场所卫生管理条例实施细则》"
        f"第三十六条、第三十八条的规定，本机关决定给予当事人警告并处罚款人民币{c.rng.randint(2, 9)}千元的行政处罚。\n"
        + c.tail()
    )


def drinking_water(c: Case) -> str:
    rep = c.person("legal_representative")
    operator = c.person("other")
    name = f"{c.rng.choice(['湘江', '清泉', '金霞', '黎明'])}供水有限责任公司"
    code = credit_code(c.rng, c.division)
    acct = "6222" + f"{c.rng.randint(0, 10**15 - 1):015d}"
    operator.extra["account"] = acct
    spaced = " ".join(acct[i : i + 4] for i in range(0, len(acct), 4))
    return (
        c.head("水")
        + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n法定代表人：{m('Nl', rep.name)}\n\n"
        f"    {c.year}年6月{c.rng.randint(1, 28)}日，本机关对当事人供应的生活饮用水进行监督抽检，出厂水浑浊度、"
        f"菌落总数不符合《生活饮用水卫生标准》（GB 5749-2022）的要求。当事人制水车间负责人"
        f"{m('Nt', operator.name)}（联系电话：{m('phone', c.landline())}）称消毒设备故障已三日未修复。"
        f"经查，当事人曾于{c.year}年5月向{m('Nt', operator.name)}个人银行账户（账号：{m('bank_account', spaced)}）"
        f"支付设备维修费用。\n"
        f"    以上事实有检验报告（编号：SY{c.year}0{c.rng.randint(1000, 9999)}）、现场笔录、询问笔录等证据证实。\n"
        f"    当事人的行为违反了《生活饮用水卫生监督管理办法》第六条的规定，依据该办法第二十六条第（四）项的规定，"
        f"本机关决定给予当事人罚款人民币{c.rng.randint(1, 5)}万元整的行政处罚。\n" + c.tail()
    )


def occupational(c: Case) -> str:
    rep = c.person("legal_representative")
    w1 = c.person("other")
    w2 = c.person("other", three=True)
    w3 = c.person("other")
    name = f"{c.rng.choice(['宏达', '兴湘', '鑫源', '高登'])}机械制造有限公司"
    code = credit_code(c.rng, c.division)
    return (
        c.head("职")
        + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n法定代表人：{m('Nl', rep.name)}\n"
        f"地址：{c.district}{c.rng.choice(STREETS)}工业园{c.rng.randint(1, 30)}号\n\n"
        f"    {c.year}年7月{c.rng.randint(1, 28)}日，本机关对当事人开展职业卫生监督检查，发现当事人未按照规定组织"
        f"接触噪声、粉尘的劳动者进行上岗前和在岗期间职业健康检查。未体检的劳动者为{m('Nt', w1.name)}、{m('Nt', w2.name)}、"
        f"{m('Nt', w3.name)}三人。其中劳动者{m('Nt', w2.name)}（身份证号{m('id_number', w2.id_number)}）已在打磨岗位工作两年。\n"
        f"    证据：1.现场检查笔录；2.对当事人委托代理人的询问笔录；3.劳动者{m('Nt', w1.name)}、{m('Nt', w3.name)}的询问笔录"
        f"（{m('Nt', w1.name)}电话：{m('phone', w1.phone[:3] + '-' + w1.phone[3:7] + '-' + w1.phone[7:])}）；4.职工花名册。\n"
        f"    当事人的行为违反了《中华人民共和国职业病防治法》第三十五条第一款的规定，依据《中华人民共和国职业病防治法》"
        f"第七十一条第（四）项的规定，本机关决定给予当事人警告，并处罚款人民币{c.rng.randint(5, 10)}万元。\n"
        + c.tail()
    )


def radiation(c: Case) -> str:
    rep = c.person("legal_representative")
    tech = c.person("other")
    driver = c.person("other")
    name = f"{c.district.replace('区', '')}{c.rng.choice(['仁爱', '康宁', '博爱', '同济'])}医院有限公司"
    code = credit_code(c.rng, c.division)
    plate = PLATE_PROVINCES[c.area] + "·" + "".join(c.rng.choice("0123456789") for _ in range(5))
    driver.extra["plate"] = plate
    return (
        c.head("放")
        + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n法定代表人：{m('Nl', rep.name)}\n\n"
        f"    经查，当事人放射科工作人员{m('Nt', tech.name)}未进行个人剂量监测即从事放射诊疗工作；当事人使用的"
        f"移动式X射线机（由{m('Nt', driver.name)}驾驶的{m('plate', plate)}号车辆运送）未经检测即投入使用。"
        f"{m('Nt', tech.name)}的身份证号码为{m('id_number', tech.id_number)}，电子邮箱{m('email', tech.name and 'rad' + tech.phone[-4:] + '@163.com')}。\n"
        f"    上述事实有现场检查笔录、放射工作人员个人剂量档案、询问笔录等证据证实。\n"
        f"    当事人的行为违反了《放射诊疗管理规定》第二十条第一款、第二十二条第二款的规定，依据《放射诊疗管理规定》"
        f"第四十一条第（三）项、第（四）项的规定，本机关决定给予当事人警告、罚款人民币{c.rng.randint(1, 9)}千元的行政处罚。\n"
        + c.tail()
    )


def infectious(c: Case) -> str:
    rep = c.person("legal_representative")
    doctor = c.person("other")
    patient = c.person("other", compound=c.rng.random() < 0.5)
    patient.extra["landline"] = c.landline()
    name = f"{c.district}{c.rng.choice(['东塘', '望城', '新河', '月湖'])}社区卫生服务中心"
    code = credit_code(c.rng, c.division, "12")
    partial = patient.id_number[:4] + "*" * 10 + patient.id_number[14:]
    return (
        c.head("传")
        + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n负责人：{m('Nl', rep.name)}\n\n"
        f"    {c.year}年8月{c.rng.randint(1, 28)}日，本机关在传染病防治监督检查中发现，当事人接诊医生{m('Nt', doctor.name)}"
        f"于{c.year}年7月{c.rng.randint(1, 28)}日诊断患者{m('Nt', patient.name)}（身份证号码{m('id_number', partial)}，"
        f"家庭住址{m('address', patient.address)}，联系电话{m('phone', patient.extra['landline'])}）为乙类传染病病例，"
        f"未按规定时限进行网络直报。\n"
        f"    证据：1.现场笔录；2.门诊日志；3.{m('Nt', patient.name)}的病历；4.对{m('Nt', doctor.name)}的询问笔录。\n"
        f"    当事人的行为违反了《中华人民共和国传染病防治法》第三十条第一款的规定，依据《中华人民共和国传染病防治法》"
        f"第六十九条第（二）项的规定，本机关决定给予当事人警告、通报批评的行政处罚。\n" + c.tail()
    )


def header_masked_body_full(c: Case) -> str:
    """The real failure: the header is masked, the body writes the name out."""
    party = c.person("party")
    c.policy = {"mask_party_name": True}
    witness = c.person("other")
    fullwidth = party.phone.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    email = f"{c.rng.choice(['lily', 'zhang', 'hn', 'doc'])}{c.rng.randint(10, 99)}@qq.com"
    party.extra["email"] = email
    return (
        c.head("医")
        + f"当事人：{party.surname}**，性别：{party.sex}，公民身份号码：{party.id_number[:6]}********{party.id_number[14:]}，"
        f"住址：{c.district}***。\n\n"
        f"    当事人{m('Np', party.name)}持有《医师资格证书》，但未经注册即在{c.district}{c.rng.choice(['博爱', '康乐'])}"
        f"中医诊所从事诊疗活动。{m('Np', party.name)}称其联系电话为{m('phone', fullwidth)}，电子邮箱为{m('email', email)}。"
        f"证人{m('Nt', witness.name)}证实曾在该诊所由{m('Np', party.name)}接诊。\n"
        f"    以上事实有对{m('Np', party.name)}的询问笔录、证人{m('Nt', witness.name)}的证言、处方笺复印件等证据证实。\n"
        f"    当事人的行为违反了《中华人民共和国医师法》第十四条第二款的规定，依据《中华人民共和国医师法》第五十七条的"
        f"规定，本机关决定给予当事人警告、没收违法所得并处罚款人民币{c.rng.randint(2, 9)}万元的行政处罚。\n"
        + c.tail()
    )


def beauty_salon(c: Case) -> str:
    party = c.person("party")
    customer = c.person("other", three=False)
    shop = f"{c.district}{party.surname}{c.rng.choice(['氏', '记'])}美容店"
    party.extra["shop"] = shop
    return (
        c.head("医")
        + f"当事人：{m('Np', party.name)}，{party.sex}，{c.rng.randint(1965, 2000)}年{c.rng.randint(1, 12)}月出生，"
        f"身份证号码：{m('id_number', party.id_number)}，系{c.org(shop)}经营者，"
        f"住{m('address', party.address)}，电话：{m('phone', party.phone)}。\n\n"
        f"    经查，当事人在未取得《医疗机构执业许可证》的情况下，在其经营的{c.org(shop)}内为顾客"
        f"{m('Nt', customer.name)}注射透明质酸钠，收取费用人民币{c.rng.randint(2, 9)}800元。顾客{m('Nt', customer.name)}"
        f"（电话{m('phone', customer.phone)}）于注射后出现局部红肿并投诉。{customer.surname}女士称当日由当事人亲自操作。\n"
        f"    上述事实有现场检查笔录、对{m('Np', party.name)}和{m('Nt', customer.name)}的询问笔录、收费记录等证据证实。\n"
        f"    当事人的行为违反了《医疗美容服务管理办法》第二十三条的规定，依据《基本医疗卫生服务法》第九十九条第一款的"
        f"规定，本机关决定给予当事人没收违法所得、罚款人民币{c.rng.randint(5, 9)}万元的行政处罚。\n"
        + c.tail()
    ).replace(f"{customer.surname}女士", m("Nt", f"{customer.surname}女士"))


def hospital_records(c: Case) -> str:
    rep = c.person("legal_representative", three=True)
    p1 = c.person("other")
    p2 = c.person("other")
    nurse = c.person("other")
    name = f"{c.rng.choice(['湖南', '长沙', '北京', '广东'])}{c.rng.choice(['健民', '仁和', '华夏', '爱尔康'])}专科医院有限公司"
    code = credit_code(c.rng, c.division)
    return (
        c.head("医")
        + f"当事人：{c.org(name)}\n统一社会信用代码：{m('credit_code', code)}\n法定代表人：{m('Nl', rep.name)}\n"
        f"住所：{c.district}{c.rng.choice(STREETS)}{c.rng.randint(1, 300)}号\n\n"
        f"    {c.year}年9月{c.rng.randint(1, 28)}日，本机关对当事人病历书写情况进行检查，发现患者{m('Nt', p1.name)}、"
        f"{m('Nt', p2.name)}的住院病历中手术记录由护士{m('Nt', nurse.name)}代为书写并签名，护理记录与医嘱不一致。\n"
        f"    证据：1.现场笔录；2.患者{m('Nt', p1.name)}（住院号{c.rng.randint(100000, 999999)}）病历复印件；3.患者"
        f"{m('Nt', p2.name)}病历复印件；4.护士{m('Nt', nurse.name)}的询问笔录（联系电话：{m('phone', '+86 ' + nurse.phone)}）；"
        f"5.当事人法定代表人{m('Nl', rep.name)}的情况说明。\n"
        f"    当事人的行为违反了《医疗纠纷预防和处理条例》第十五条第一款的规定，依据《医疗纠纷预防和处理条例》第四十七条"
        f"第（三）项的规定，本机关决定给予当事人警告、罚款人民币{c.rng.randint(1, 3)}万元的行政处罚。\n"
        + c.tail()
    )


TEMPLATES = (
    clinic_named_after_person,
    natural_person_unlicensed,
    public_place_hotel,
    drinking_water,
    occupational,
    radiation,
    infectious,
    header_masked_body_full,
    beauty_salon,
    hospital_records,
)


# --- hand-written cases: free phrasing, written after the templates, before the engine saw them ---------------


def cc(first17: str) -> str:
    from sanxiang.accounts.codes import check_character

    return m("credit_code", first17 + check_character(first17))


def person(name: str, role: str, **values: list[str]) -> dict:
    return {"name": name, "role": role} | values


HANDWRITTEN = (
    (
        "长沙市天心区卫生健康局\n行政处罚决定书\n" + m("case_number", "天卫公罚〔2026〕17号") + "\n\n"
        "当事人："
        + m("organisation", "长沙市天心区碧波游泳馆")
        + "（个体工商户）\n统一社会信用代码："
        + cc("92430103MA4PQ7K2R")
        + "\n经营者："
        + m("Np", "谭志刚")
        + "，公民身份号码："
        + m("id_number", "430103197703154518")
        + "\n"
        "经营场所：长沙市天心区向阳花园小区8栋\n\n"
        "    2026年7月18日，我局卫生监督员在对当事人经营的游泳场所进行检查时发现：救生员"
        + m("Nt", "符小龙")
        + "、"
        + m("Nt", "邝美玲")
        + "未能出示有效健康合格证明；泳池水游离性余氯检测结果为0.1mg/L，不符合标准。现场检测由"
        "疾控中心检验人员" + m("Nt", "甘露") + "完成。当事人" + m("Np", "谭志刚") + "对上述事实无异议。\n"
        "    以上事实，有现场笔录、检测报告、对" + m("Np", "谭志刚") + "的询问笔录及照片5张为证。\n"
        "    我局认为，当事人的行为违反了《公共场所卫生管理条例实施细则》第十条第一款、第十二条的规定，依据第三十六条"
        "第（二）项、第三十八条的规定，决定给予当事人警告、罚款人民币叁仟元的行政处罚。\n"
        "    如不服本决定，可在六十日内向"
        + m("organisation", "长沙市天心区人民政府")
        + "申请行政复议，也可在六个月内直接向人民法院起诉。\n\n"
        + m("organisation", "长沙市天心区卫生健康局")
        + "\n2026年8月2日\n",
        {},
        [
            person("谭志刚", "party", id_numbers=["430103197703154518"]),
            person("符小龙", "other"),
            person("邝美玲", "other"),
            person("甘露", "other"),
        ],
    ),
    (
        "岳阳市卫生健康委员会\n行政处罚决定书\n" + m("case_number", "岳卫职罚〔2026〕第3号") + "\n\n"
        "被处罚单位："
        + m("organisation", "岳阳洞庭纸业有限公司")
        + "\n统一社会信用代码："
        + cc("91430600MA4R2N8C1")
        + "\n法定代表人："
        + m("Nl", "钟离春")
        + "\n\n"
        "    经查，该公司自2025年起未安排"
        + m("Nt", "郑国平")
        + "等12名接触粉尘、噪声的劳动者进行在岗期间职业健康检查，"
        "其中"
        + m("Nt", "郑国平")
        + "（工号0317）、"
        + m("Nt", "祁红英")
        + "已出现听力下降。职业健康管理员"
        + m("Nt", "葛春燕")
        + "（手机"
        + m("phone", "187 7300 2461")
        + "）承认公司未制定体检计划。\n"
        "    上述违法事实有：1.现场检查笔录；2.劳动者名单；3."
        + m("Nt", "葛春燕")
        + "询问笔录；4."
        + m("Nt", "祁红英")
        + "的纯音测听报告。\n"
        "    该公司违反了《中华人民共和国职业病防治法》第三十五条第一款，依据第七十一条第（四）项，决定给予警告，罚款人民币伍万元整。\n\n"
        + m("organisation", "岳阳市卫生健康委员会")
        + "\n2026年9月9日\n",
        {},
        [
            person("钟离春", "legal_representative"),
            person("郑国平", "other"),
            person("祁红英", "other"),
            person("葛春燕", "other", phones=["18773002461"]),
        ],
    ),
    (
        "衡阳市蒸湘区卫生健康局\n行政处罚决定书\n" + m("case_number", "蒸卫医罚〔2026〕41号") + "\n\n"
        "当事人："
        + m("Np", "龚德胜")
        + "，男，汉族，1969年4月13日出生，身份证号："
        + m("id_number", "430408 19690413 4411")
        + "，户籍地："
        + m("address", "衡阳市蒸湘区联合街道黎明村五组23号")
        + "，联系方式："
        + m("phone", "(0734)8126655")
        + "。\n\n"
        "    2026年5月6日，根据举报人"
        + m("Nt", "乔宇")
        + "提供的线索，我局执法人员在"
        + m("address", "蒸湘区红湘路与长丰大道交汇处东侧民房")
        + "内查见当事人正在为"
        + m("Nt", "何丽华")
        + "拔牙。当事人不能出示《医疗机构执业许可证》和医师资格证书。"
        "现场扣押牙科综合治疗台一台。当事人称该处由其妻"
        + m("Nt", "欧阳秀兰")
        + "出租，月租金800元，租金转入"
        + m("Nt", "欧阳秀兰")
        + "的银行卡（卡号"
        + m("bank_account", "6217 0029 2001 3456 789")
        + "）。\n"
        "    以上事实有：现场检查笔录、询问笔录、"
        + m("Nt", "何丽华")
        + "的陈述、照片、扣押物品清单等证据为证。\n"
        "    当事人未取得《医疗机构执业许可证》擅自执业，违反了《中华人民共和国基本医疗卫生服务法》第三十八条第一款的规定。"
        "依据第九十九条第一款，决定没收违法所得人民币1260元，罚款人民币60000元。\n\n"
        + m("organisation", "衡阳市蒸湘区卫生健康局")
        + "\n2026年6月20日\n",
        {"mask_party_name": True},
        [
            person(
                "龚德胜",
                "party",
                id_numbers=["430408196904134411"],
                phones=["0734-8126655"],
                addresses=["衡阳市蒸湘区联合街道黎明村五组23号"],
            ),
            person("乔宇", "other"),
            person("何丽华", "other"),
            person("欧阳秀兰", "other", accounts=["6217002920013456789"]),
        ],
    ),
    (
        "郴州市北湖区卫生健康局\n行政处罚决定书\n" + m("case_number", "北卫母罚〔2026〕2号") + "\n\n"
        "当事人："
        + m("organisation", "郴州市北湖区仁济妇产医院")
        + "\n统一社会信用代码："
        + cc("52431002MJ5E03X4W")
        + "\n法定代表人："
        + m("Nl", "曹文静")
        + "\n地址：郴州市北湖区国庆北路66号\n\n"
        "    我局于2026年3月接到投诉，反映当事人为产妇"
        + m("Nt", "廖思琪")
        + "违规出具《出生医学证明》。经查，新生儿父亲"
        + m("Nt", "罗建军")
        + "（身份证号码"
        + m("id_number", "431002880305551")
        + "）持他人材料申领，当事人产科护士"
        + m("Nt", "邵婷")
        + "未核对即签发，签发人处加盖"
        + m("Nt", "白玉")
        + "医师印章。"
        + m("Nt", "罗建军")
        + "现住"
        + m("address", "郴州市苏仙区观山洞街道同心村三组")
        + "。\n"
        "    证据：1.《出生医学证明》存根；2.对"
        + m("Nt", "邵婷")
        + "、"
        + m("Nt", "白玉")
        + "的询问笔录；3.投诉人"
        + m("Nt", "廖女士")
        + "提供的材料；4.电子邮件截图（发件人"
        + m("email", "luojj1988@163.com")
        + "）。\n"
        "    当事人的行为违反了《中华人民共和国母婴保健法实施办法》第二十七条的规定，依据《中华人民共和国母婴保健法实施办法》"
        "第四十一条的规定，决定给予当事人警告、罚款人民币壹万元的行政处罚。\n\n"
        + m("organisation", "郴州市北湖区卫生健康局")
        + "\n2026年4月15日\n",
        {},
        [
            person("曹文静", "legal_representative"),
            person("廖思琪", "other"),
            person(
                "罗建军",
                "other",
                id_numbers=["431002880305551"],
                addresses=["郴州市苏仙区观山洞街道同心村三组"],
                emails=["luojj1988@163.com"],
            ),
            person("邵婷", "other"),
            person("白玉", "other"),
        ],
    ),
    (
        "益阳市赫山区卫生健康局\n行政处罚决定书\n" + m("case_number", "赫卫放罚〔2026〕5号") + "\n\n"
        "当事人："
        + m("organisation", "益阳市赫山区石门口镇卫生院")
        + "\n统一社会信用代码："
        + cc("12430903448712345")
        + "\n负责人："
        + m("Nl", "熊斌")
        + "\n\n"
        "    2026年10月12日，我局对当事人放射诊疗工作开展监督检查。经与该院放射科主任"
        + m("Nt", "欧阳明辉")
        + "核实，放射工作人员"
        + m("Nt", "宋雨桐")
        + "、"
        + m("Nt", "韩卫东")
        + "自2025年9月起未佩戴个人剂量计，"
        + m("Nt", "宋雨桐")
        + "未取得《放射工作人员证》。院长"
        + m("Nl", "熊斌")
        + "在询问笔录中签字确认。\n"
        "    证据有：现场笔录、放射工作人员名单、"
        + m("Nt", "韩卫东")
        + "和"
        + m("Nt", "欧阳明辉")
        + "的询问笔录等。\n"
        "    依据《放射诊疗管理规定》第四十一条第（三）项，决定给予当事人警告、罚款人民币伍仟元。\n\n"
        + m("organisation", "益阳市赫山区卫生健康局")
        + "\n2026年11月3日\n",
        {},
        [
            person("熊斌", "legal_representative"),
            person("欧阳明辉", "other"),
            person("宋雨桐", "other"),
            person("韩卫东", "other"),
        ],
    ),
    (
        "长沙市雨花区卫生健康局\n行政处罚决定书\n" + m("case_number", "雨卫传罚〔2026〕9号") + "\n\n"
        "当事人："
        + m("organisation", "长沙市雨花区万家丽医疗废物转运站")
        + "\n统一社会信用代码："
        + cc("91430111MA4T6H0J5")
        + "\n负责人："
        + m("Nl", "万国强")
        + "\n\n"
        "    2026年2月27日，我局在检查中发现，当事人员工"
        + m("Nt", "梅建平")
        + "驾驶车牌号为"
        + m("plate", "湘A·7B2C9")
        + "的普通货车运送医疗废物，车内未设置防渗漏设施。司机"
        + m("Nt", "梅建平")
        + "称系受"
        + m("Nl", "万国强")
        + "指派。另查明，卫生员"
        + m("Nt", "苏晓燕")
        + "未按规定登记医疗废物交接情况，联系电话"
        + m("phone", "0731-85512034")
        + "为其私人住宅电话。\n"
        "    上述事实有现场检查笔录、车辆照片、交接记录、对"
        + m("Nt", "梅建平")
        + "和"
        + m("Nt", "苏晓燕")
        + "的调查笔录等为证。\n"
        "    当事人违反了《医疗废物管理条例》第十九条、第二十八条的规定，依据《医疗废物管理条例》第四十六条第（三）项的规定，"
        "决定罚款人民币壹万伍仟元。\n\n" + m("organisation", "长沙市雨花区卫生健康局") + "\n2026年3月19日\n",
        {"mask_legal_representative_name": True},
        [
            person("万国强", "legal_representative"),
            person("梅建平", "other", plates=["湘A7B2C9"]),
            person("苏晓燕", "other", phones=["0731-85512034"]),
        ],
    ),
    (
        "张家界市永定区卫生健康局\n行政处罚决定书\n" + m("case_number", "永卫水罚〔2026〕第12号") + "\n\n"
        "当事人："
        + m("organisation", "张家界王府井商贸有限公司")
        + "\n统一社会信用代码："
        + cc("91430802MA4L0W9Y3")
        + "\n法定代表人："
        + m("Nl", "田卫红")
        + "\n住所：张家界市永定区解放路王府井广场B座\n\n"
        "    经查，当事人二次供水水箱未按规定清洗消毒，水质检测菌落总数超标。物业管理员"
        + m("Nt", "向阳")
        + "、住户"
        + m("Nt", "覃雪梅")
        + "（"
        + m("address", "永定区解放路王府井广场B座1502室")
        + "）反映自来水有异味。"
        "当事人未能提供供管水人员" + m("Nt", "向阳") + "的健康合格证明。\n"
        "    以上事实有：现场笔录、水质检验报告、"
        + m("Nt", "覃雪梅")
        + "的投诉记录、对"
        + m("Nl", "田卫红")
        + "的询问笔录。\n"
        "    依据《生活饮用水卫生监督管理办法》第二十五条的规定，决定给予警告、罚款人民币贰仟元。\n\n"
        + m("organisation", "张家界市永定区卫生健康局")
        + "\n2026年7月1日\n",
        {},
        [
            person("田卫红", "legal_representative"),
            person("向阳", "other"),
            person("覃雪梅", "other", addresses=["张家界市永定区解放路王府井广场B座1502室"]),
        ],
    ),
    (
        "怀化市鹤城区卫生健康局\n行政处罚决定书\n" + m("case_number", "鹤卫医罚〔2026〕63号") + "\n\n"
        "当事人："
        + m("Np", "杨秀英")
        + "\n性别：女\n出生日期：1974年8月2日\n公民身份号码："
        + m("id_number", "43120219740802262X")
        + "\n住址："
        + m("address", "怀化市鹤城区迎丰西路中段23号")
        + "\n电话："
        + m("phone", "136 3745 0188")
        + "\n\n"
        "    当事人在"
        + m("organisation", "怀化市鹤城区杨秀英中医诊所")
        + "执业期间，将患者"
        + m("Nt", "陆子涵")
        + "、"
        + m("Nt", "孔德明")
        + "的病历交由无资质人员"
        + m("Nt", "夏洋")
        + "填写，并于2026年6月15日超出执业范围为"
        + m("Nt", "孔德明")
        + "实施静脉麻醉。"
        + m("Nt", "孔德明")
        + "之子"
        + m("Nt", "孔一鸣")
        + "投诉至我局。\n"
        "    证据：1."
        + m("Nt", "陆子涵")
        + "、"
        + m("Nt", "孔德明")
        + "门诊病历；2.投诉信；3.对"
        + m("Np", "杨秀英")
        + "、"
        + m("Nt", "夏洋")
        + "的询问笔录；4.收费票据（付款账户"
        + m("bank_account", "6228480402564890018")
        + "）。\n"
        "    当事人的行为违反了《中华人民共和国医师法》第二十四条的规定，依据第五十五条第（一）项，决定给予警告，"
        "暂停执业活动六个月。\n\n" + m("organisation", "怀化市鹤城区卫生健康局") + "\n2026年8月28日\n",
        {},
        [
            person(
                "杨秀英",
                "party",
                id_numbers=["43120219740802262X"],
                phones=["13637450188"],
                addresses=["怀化市鹤城区迎丰西路中段23号"],
                accounts=["6228480402564890018"],
            ),
            person("陆子涵", "other"),
            person("孔德明", "other"),
            person("夏洋", "other"),
            person("孔一鸣", "other"),
        ],
    ),
)


# --- held-out cases: written after the engine was tuned on the cases above, and never tuned on --------------

HELD_OUT = (
    (
        "长沙市望城区卫生健康局\n行政处罚决定书\n" + m("case_number", "望卫传罚〔2026〕14号") + "\n\n"
        "当事人："
        + m("organisation", "长沙市望城区小太阳幼儿园")
        + "\n统一社会信用代码："
        + cc("52430112MJ4K8P2D7")
        + "\n园长："
        + m("Nl", "任佳")
        + "\n\n"
        "    2026年4月9日，我局接家长"
        + m("Nt", "朱海涛")
        + "反映，其子在园内出现发热、皮疹症状，园方未及时报告。"
        "经查，当事人晨午检记录缺失，保育员"
        + m("Nt", "黄玉兰")
        + "、厨工"
        + m("Nt", "陈德顺")
        + "未取得健康证明上岗，"
        "传染病疫情报告人"
        + m("Nt", "邹丽")
        + "称未接到班级报告。"
        + m("Nt", "朱海涛")
        + "提供了就诊记录，联系电话"
        + m("phone", "15874123690")
        + "。\n"
        "    证据：1.现场笔录；2.晨午检记录；3.对"
        + m("Nl", "任佳")
        + "、"
        + m("Nt", "邹丽")
        + "的询问笔录；4."
        + m("Nt", "朱海涛")
        + "提供的就诊记录。\n"
        "    当事人违反了《中华人民共和国传染病防治法》第三十三条的规定，依据第六十八条第（二）项，决定给予警告。\n\n"
        + m("organisation", "长沙市望城区卫生健康局")
        + "\n2026年5月6日\n",
        {},
        [
            person("任佳", "legal_representative"),
            person("朱海涛", "other", phones=["15874123690"]),
            person("黄玉兰", "other"),
            person("陈德顺", "other"),
            person("邹丽", "other"),
        ],
    ),
    (
        "长沙市天心区卫生健康局\n行政处罚决定书\n" + m("case_number", "天卫医罚〔2026〕88号") + "\n\n"
        "当事人：" + m("Np", "易晓明") + "，男，1982年3月生，执业医师，医师执业证书编码110430100012345，"
        "身份证号"
        + m("id_number", "430111198203101236")
        + "，现住"
        + m("address", "长沙市天心区书院路9号桂花苑2栋1104房")
        + "。\n\n"
        "    经查，当事人执业注册地点为"
        + m("organisation", "长沙市第三医院")
        + "，2026年1月至3月间未经备案在"
        + m("organisation", "长沙市天心区爱康诊所")
        + "执业，为就诊者"
        + m("Nt", "罗明")
        + "、"
        + m("Nt", "玛丽亚")
        + "等人开具处方。"
        "诊所收费员"
        + m("Nt", "汪小雨")
        + "证实上述情况。经查阅"
        + m("Nt", "罗明")
        + "的处方，处方签名为当事人本人。\n"
        "    以上事实有处方笺、挂号记录、" + m("Nt", "汪小雨") + "的证言和对当事人的询问笔录等证实。\n"
        "    依据《医师执业注册管理办法》第十九条、《中华人民共和国医师法》第五十七条，决定给予警告。\n\n"
        + m("organisation", "长沙市天心区卫生健康局")
        + "\n2026年4月20日\n",
        {},
        [
            person(
                "易晓明",
                "party",
                id_numbers=["430111198203101236"],
                addresses=["长沙市天心区书院路9号桂花苑2栋1104房"],
            ),
            person("罗明", "other"),
            person("玛丽亚", "other"),
            person("汪小雨", "other"),
        ],
    ),
    (
        "株洲市卫生健康委员会\n行政处罚决定书\n" + m("case_number", "株卫职罚〔2026〕31号") + "\n\n"
        "当事人："
        + m("organisation", "株洲华锐焊接设备有限公司")
        + "\n统一社会信用代码："
        + cc("91430200MA4Q9T3U2")
        + "\n法定代表人："
        + m("Nl", "聂长青")
        + "\n\n"
        "    经查，当事人未对下列接触电焊烟尘、噪声的劳动者进行离岗时职业健康检查：\n"
        "    1. " + m("Nt", "刘小军") + "  电焊工  2025年12月离职\n"
        "    2. " + m("Nt", "许志刚") + "  打磨工  2026年1月离职\n"
        "    3. " + m("Nt", "孟凡") + "    仓管员  2026年2月离职\n"
        "    其中"
        + m("Nt", "许志刚")
        + "离职后诊断为职业性噪声聋，其本人银行账户"
        + m("bank_account", "6212261901001234567")
        + "已收到公司补偿款。\n"
        "    上述事实有劳动合同、离职登记表、职业健康监护档案等证据证实。\n"
        "    依据《中华人民共和国职业病防治法》第七十一条第（四）项，决定给予警告，罚款人民币伍万元。\n\n"
        + m("organisation", "株洲市卫生健康委员会")
        + "\n2026年6月1日\n",
        {},
        [
            person("聂长青", "legal_representative"),
            person("刘小军", "other"),
            person("许志刚", "other", accounts=["6212261901001234567"]),
            person("孟凡", "other"),
        ],
    ),
    (
        "常德市鼎城区卫生健康局\n行政处罚决定书\n" + m("case_number", "鼎卫公罚〔2026〕第7号") + "\n\n"
        "当事人："
        + m("organisation", "常德市鼎城区洁康餐具消毒有限公司")
        + "\n统一社会信用代码："
        + cc("91430703MA4M5X6B8")
        + "\n法定代表人："
        + m("Nl", "石磊")
        + "\n委托代理人："
        + m("Nt", "姜文博")
        + "，该公司员工，电话："
        + m("phone", "0736-7223344")
        + "，邮箱"
        + m("email", "jiangwb@jiekang.cn")
        + "\n\n"
        "    2026年3月2日，执法人员在当事人配送车辆"
        + m("plate", "湘JD12345")
        + "上抽检消毒餐具，大肠菌群检出。"
        "当事人操作工"
        + m("Nt", "魏桂芝")
        + "现场承认当日清洗消毒设备停用。"
        + m("Nt", "姜文博")
        + "代表当事人签收了"
        "检验结果告知书。\n"
        "    以上事实有检验报告、现场笔录、" + m("Nt", "魏桂芝") + "询问笔录及照片为证。\n"
        "    依据《公共场所卫生管理条例实施细则》及《餐饮具集中消毒单位卫生监督规范》，决定罚款人民币贰仟元。\n\n"
        + m("organisation", "常德市鼎城区卫生健康局")
        + "\n2026年3月25日\n",
        {},
        [
            person("石磊", "legal_representative"),
            person(
                "姜文博",
                "other",
                phones=["0736-7223344"],
                emails=["jiangwb@jiekang.cn"],
                plates=["湘JD12345"],
            ),
            person("魏桂芝", "other"),
        ],
    ),
)


# --- second held-out set: written after the second round of tuning (on HELD_OUT), never tuned on -------------


def idn(first17: str) -> str:
    return first17 + id_check(first17)


HELD_OUT_2 = (
    (
        "宁乡市卫生健康局\n行政处罚决定书\n" + m("case_number", "宁卫计罚〔2026〕3号") + "\n\n"
        "当事人："
        + m("Np", "吕建新")
        + "，男，1971年5月生，身份证号码"
        + m("id_number", idn("43012419710512331"))
        + "，住"
        + m("address", "宁乡市玉潭街道新康路38号")
        + "。\n\n"
        "    经查，2026年1月12日，当事人在其住所使用便携式B超机为孕妇"
        + m("Nt", "蔡小芳")
        + "（身份证号码"
        + m("id_number", idn("43012419950217042"))
        + "）进行非医学需要的胎儿性别鉴定，收取费用人民币2000元，该款项经微信转入"
        "当事人之妻"
        + m("Nt", "邓美华")
        + "的账户。"
        + m("Nt", "蔡小芳")
        + "及其丈夫"
        + m("Nt", "魏志强")
        + "对此予以证实。\n"
        "    上述事实有：1.现场检查笔录；2."
        + m("Nt", "蔡小芳")
        + "、"
        + m("Nt", "魏志强")
        + "的陈述；3.转账记录截图；"
        "4.扣押的B超机一台。\n"
        "    当事人的行为违反了《中华人民共和国人口与计划生育法》第三十九条第（二）项的规定，依据该法第四十条第一款，"
        "决定没收违法所得2000元，罚款人民币3万元。\n\n"
        + m("organisation", "宁乡市卫生健康局")
        + "\n2026年2月26日\n",
        {"mask_party_name": True},
        [
            person(
                "吕建新",
                "party",
                id_numbers=[idn("43012419710512331")],
                addresses=["宁乡市玉潭街道新康路38号"],
            ),
            person("蔡小芳", "other", id_numbers=[idn("43012419950217042")]),
            person("邓美华", "other"),
            person("魏志强", "other"),
        ],
    ),
    (
        "衡阳市石鼓区卫生健康局\n行政处罚决定书\n" + m("case_number", "石卫学罚〔2026〕6号") + "\n\n"
        "当事人："
        + m("organisation", "衡阳市石鼓区育才学校")
        + "\n统一社会信用代码："
        + cc("52430407MJ3F2A1B0")
        + "\n校长："
        + m("Nl", "廖建国")
        + "\n\n"
        "    2026年9月，我局接学生家长"
        + m("Nt", "戴丽")
        + "投诉，称其子"
        + m("Nt", "彭浩然")
        + "在校医务室输液后出现过敏反应。"
        "经查，该校医务室校医"
        + m("Nt", "唐婉")
        + "未取得执业医师资格，擅自为学生"
        + m("Nt", "彭浩然")
        + "、"
        + m("Nt", "柳思远")
        + "等3名学生静脉输液。"
        + m("Nt", "戴丽")
        + "的联系电话为"
        + m("phone", "199 7346 2210")
        + "。\n"
        "    证据：医务室处方登记本、" + m("Nt", "唐婉") + "的询问笔录、学生病历。\n"
        "    依据《医疗机构管理条例》第四十七条，决定给予警告，罚款人民币伍仟元。\n\n"
        + m("organisation", "衡阳市石鼓区卫生健康局")
        + "\n2026年10月8日\n",
        {},
        [
            person("廖建国", "legal_representative"),
            person("戴丽", "other", phones=["19973462210"]),
            person("彭浩然", "other"),
            person("唐婉", "other"),
            person("柳思远", "other"),
        ],
    ),
    (
        "长沙市芙蓉区卫生健康局\n行政处罚决定书\n" + m("case_number", "芙卫医罚〔2026〕102号") + "\n\n"
        "当事人："
        + m("organisation", "长沙市芙蓉区康泰中西医结合医院有限公司")
        + "\n统一社会信用代码："
        + cc("91430102MA4N7R5K3")
        + "\n法定代表人："
        + m("Nl", "贝小川")
        + "\n\n"
        "    2026年6月3日，患者"
        + m("Nt", "韦春生")
        + "、"
        + m("Nt", "康淑珍")
        + "二人于同日在当事人处输液后出现寒战、高热。"
        "经查，当班护士"
        + m("Nt", "闵晓雯")
        + "未按规定执行输液器具一人一用；药剂科"
        + m("Nt", "雷振华")
        + "自述该批次输液器"
        "来源不明。" + m("Nt", "雷振华") + "手机号码" + m("phone", "+86-135-7481-2290") + "。\n"
        "    以上事实有现场笔录、"
        + m("Nt", "韦春生")
        + "和"
        + m("Nt", "康淑珍")
        + "的病历资料、采购记录等证据证实。\n"
        "    依据《医疗器械监督管理条例》及《医院感染管理办法》第三十四条，决定给予警告、罚款人民币贰万元。\n\n"
        + m("organisation", "长沙市芙蓉区卫生健康局")
        + "\n2026年7月2日\n",
        {},
        [
            person("贝小川", "legal_representative"),
            person("韦春生", "other"),
            person("康淑珍", "other"),
            person("闵晓雯", "other"),
            person("雷振华", "other", phones=["13574812290"]),
        ],
    ),
    (
        "湘潭市岳塘区卫生健康局\n行政处罚决定书\n" + m("case_number", "岳塘卫医罚〔2026〕20号") + "\n\n"
        "当事人："
        + m("Np", "陶德明")
        + "\n性别：男\n民族：汉族\n出生日期：1965年7月8日\n身份证号码："
        + m("id_number", idn("43030419650708331"))
        + "\n住址："
        + m("address", "湖南省湘潭市岳塘区建设南路66号3单元501室")
        + "\n联系电话："
        + m("phone", "0731－58765432")
        + "\n\n"
        "    当事人未取得《医疗机构执业许可证》，在其住处开设诊室，为"
        + m("Nt", "舒春兰")
        + "、"
        + m("Nt", "左立新")
        + "等人针灸、拔罐及开具中药处方。"
        + m("Nt", "左立新")
        + "治疗后出现烫伤。当事人之子"
        + m("Nt", "陶一鸣")
        + "协助收费，收款账户为"
        + m("Nt", "陶一鸣")
        + "名下银行卡（"
        + m("bank_account", "6228 4804 0256 4890 128")
        + "）。\n"
        "    证据：现场检查笔录、" + m("Nt", "舒春兰") + "的陈述、收费记录、照片。\n"
        "    依据《中华人民共和国基本医疗卫生服务法》第九十九条第一款，决定没收违法所得并罚款人民币5万元。\n\n"
        + m("organisation", "湘潭市岳塘区卫生健康局")
        + "\n2026年8月15日\n",
        {},
        [
            person(
                "陶德明",
                "party",
                id_numbers=[idn("43030419650708331")],
                phones=["0731-58765432"],
                addresses=["湖南省湘潭市岳塘区建设南路66号3单元501室"],
            ),
            person("舒春兰", "other"),
            person("左立新", "other"),
            person("陶一鸣", "other", accounts=["6228480402564890128"]),
        ],
    ),
)


MARK = re.compile(r"⟦([A-Za-z_]+)\|([^⟧]*)⟧")
WHO = {"Np": "party", "Nl": "legal_representative", "Nt": "third"}
KEEP = {"organisation", "credit_code", "case_number"}


def parse(marked: str) -> tuple[str, list[dict], list[dict]]:
    out, spans, keep = [], [], []
    pos = length = 0
    for match in MARK.finditer(marked):
        out.append(marked[pos : match.start()])
        length += match.start() - pos
        kind, text = match.groups()
        start, end = length, length + len(text)
        if kind in WHO:
            spans.append({"start": start, "end": end, "kind": "person_name", "text": text, "who": WHO[kind]})
        elif kind in KEEP:
            keep.append({"start": start, "end": end, "kind": kind, "text": text})
        else:
            spans.append({"start": start, "end": end, "kind": kind, "text": text})
        out.append(text)
        length += len(text)
        pos = match.end()
    out.append(marked[pos:])
    return "".join(out), spans, keep


def known_of(case: Case) -> dict:
    persons = []
    for person in case.persons:
        entry = {
            "name": person.name,
            "role": person.role,
            "id_numbers": [person.id_number] + ([person.extra["id_old"]] if "id_old" in person.extra else []),
            "phones": [person.phone] + ([person.extra["landline"]] if "landline" in person.extra else []),
            "addresses": [person.address],
        }
        for key, field_name in (("email", "emails"), ("account", "accounts"), ("plate", "plates")):
            if key in person.extra:
                entry[field_name] = [person.extra[key]]
        persons.append(entry)
    return {"persons": persons, "organisations": case.organisations}


def main() -> None:
    rng = random.Random(SEED)
    for old in HERE.glob("case*.*"):
        old.unlink()
    for number in range(1, 33):
        case = Case(rng, number)
        template = TEMPLATES[(number - 1) % len(TEMPLATES)]
        text, spans, keep = parse(template(case))
        stem = HERE / f"case{number:02d}"
        stem.with_suffix(".txt").write_text(text, encoding="utf-8")
        doc = {
            "template": template.__name__,
            "policy": case.policy,
            "known": known_of(case),
            "spans": spans,
            "keep": keep,
        }
        stem.with_suffix(".json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    written = [("handwritten", case) for case in HANDWRITTEN] + [("heldout", case) for case in HELD_OUT]
    written += [("heldout2", case) for case in HELD_OUT_2]
    for number, (kind, (marked, policy, persons)) in enumerate(written, start=33):
        text, spans, keep = parse(marked)
        organisations = [k["text"] for k in keep if k["kind"] == "organisation"]
        doc = {
            "template": kind,
            "policy": policy,
            "known": {"persons": persons, "organisations": organisations},
            "spans": spans,
            "keep": keep,
        }
        stem = HERE / f"case{number:02d}"
        stem.with_suffix(".txt").write_text(text, encoding="utf-8")
        stem.with_suffix(".json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
