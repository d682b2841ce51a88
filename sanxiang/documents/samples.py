"""A complete sample context: the template check renders uploads against it, the demo and tests use it.

Every field is filled, so that a template which renders for the sample uses only known placeholders.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sanxiang.documents.catalogue import BY_CODE  # noqa: F401 - used by the CLI
from sanxiang.documents.rendering import Activity, DocumentContext, Item, Officer, Party, SignatureEntry

# A 1×1 transparent PNG: stands for a signature drawn on the pad.
SIGNATURE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6"
    "5e5b0000000049454e44ae426082"
)


def sample_context(type_code: str, *, number: str = "X卫公罚〔2026〕12号") -> DocumentContext:
    spec = BY_CODE[type_code]
    start = dt.datetime(2026, 3, 2, 9, 30)
    return DocumentContext(
        type_code=type_code,
        title=spec.name,
        agency_name="某区卫生健康局",
        agency_short_name="X",
        field_abbreviation="公",
        number=number if spec.numbered else "",
        issued_on=dt.date(2026, 3, 20),
        case_number="某卫立〔2026〕7号",
        cause="未取得公共场所卫生许可证擅自营业",
        procedure_label="一般程序",
        party=Party(
            name="某某美容美发有限公司",
            kind_label="法人或者其他组织",
            identity_label="统一社会信用代码",
            identity="91430602MA1000005X",
            legal_representative="王某某",
            address="某区人民路88号",
            contact="0730-0000000",
        ),
        facts="当事人于2026年2月20日起在某区人民路88号经营美容美发服务，\n至检查时未取得公共场所卫生许可证。",
        evidence=["现场笔录一份", "询问笔录一份", "现场照片三张", "营业执照复印件一份"],
        violated_provision="《公共场所卫生管理条例实施细则》第二十二条第一款",
        penalty_basis="《公共场所卫生管理条例实施细则》第三十五条第一款",
        discretion="初次违法，经营时间较短，适用“一般”档：警告，并处五百元以上五千元以下罚款。",
        penalty_kinds="警告，罚款",
        fine=Decimal("12345.60"),
        confiscation=Decimal("1005"),
        notice_served_on=dt.date(2026, 3, 5),
        statement_deadline=dt.date(2026, 3, 10),
        hearing_deadline=dt.date(2026, 3, 12),
        hearing_on=dt.date(2026, 3, 25),
        hearing_place="某区卫生健康局三楼听证室",
        decided_on=dt.date(2026, 3, 20),
        served_on=dt.date(2026, 3, 23),
        service_method="直接送达",
        reconsideration_body="某区人民政府",
        court="某区人民法院",
        bank="中国工商银行某区支行",
        activity=Activity(
            place="某区人民路88号",
            started_at=start,
            ended_at=start + dt.timedelta(hours=1, minutes=15),
            record="检查时该店正在营业，未悬挂公共场所卫生许可证。\n当事人称许可证正在办理中。",
            participants="王某某（当事人法定代表人）",
        ),
        officers=[Officer("张伟", "43060200001"), Officer("黄伟", "43060200002")],
        signatures=[
            SignatureEntry(role="执法人员", name="张伟", png=SIGNATURE_PNG, signed_on=dt.date(2026, 3, 2)),
            SignatureEntry(role="当事人", name="王某某", refused=True, refusal_witness="李某", signed_on=dt.date(2026, 3, 2)),
        ],
        items=[Item("染发剂", "500 ml/瓶", "12 瓶", "未见卫生许可批件"), Item("毛巾", "—", "30 条", "")],
        opinion="违法事实清楚，证据确实充分，适用法律正确，程序合法，裁量适当，同意处罚。",
        approval="同意。",
        execution="当事人已于2026年3月30日缴清罚款。",
    )  # fmt: skip
