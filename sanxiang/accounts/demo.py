"""Demo content for accounts: 某区卫生健康局, its departments, people, certificates and training.

Idempotent: everything is looked up by its natural key (name, username, certificate number) and created only
when missing, through the services. Demo passwords are reset to ``DEMO_PASSWORD`` on every run. Dates are
relative to the day the demo is first loaded (one certificate expired last month, one expires within 90 days).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sanxiang.accounts import codes, services
from sanxiang.accounts.models import (
    Agency,
    Certificate,
    Department,
    EnforcementField,
    LegalQualification,
    Role,
    TrainingRecord,
    User,
)
from sanxiang.core.demo import DEMO_PASSWORD

# Health enforcement fields (卫生监督执法类别) and the abbreviation used in document numbers (X卫公罚〔…〕).
HEALTH_FIELDS = [
    ("public_places", "公共场所卫生", "公"),
    ("drinking_water", "生活饮用水卫生", "水"),
    ("medical", "医疗卫生", "医"),
    ("infectious_disease", "传染病防治", "传"),
    ("radiation", "放射卫生", "放"),
    ("occupational", "职业卫生", "职"),
    ("school", "学校卫生", "学"),
    ("disinfection", "消毒产品", "消"),
    ("maternal_child", "母婴保健", "母"),
]

AGENCY_NAME = "某区卫生健康局"
DIVISION = "430602"
AGENCY_CREDIT_CODE = codes.make_credit_code(registration="1", kind="1", division=DIVISION, body="006142857")
ISSUER = "某市人民政府"

ENFORCEMENT, LEGAL, OFFICE, LEADERSHIP = "卫生监督所", "法制科", "办公室", "局领导"
DEPARTMENTS = [
    (ENFORCEMENT, Department.Kind.ENFORCEMENT),
    (LEGAL, Department.Kind.LEGAL),
    (OFFICE, Department.Kind.OFFICE),
    (LEADERSHIP, Department.Kind.LEADERSHIP),
]


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    department: str | None
    title: str
    roles: tuple[str, ...]
    description: str
    fields: tuple[str, ...] = ()  # certificate fields; empty: no certificate
    certificate: str = "valid"  # valid / expired / suspended / expiring
    is_superuser: bool = False


OFFICER, UNIT_HEAD, REVIEWER, LEADER = Role.OFFICER, Role.UNIT_HEAD, Role.LEGAL_REVIEWER, Role.LEADER

PEOPLE = [
    Person(
        "admin",
        "系统管理员",
        OFFICE,
        "信息管理员",
        (Role.SYSTEM_ADMIN,),
        "系统管理员（可进入管理后台）",
        is_superuser=True,
    ),
    Person("wangjianguo", "王建国", LEADERSHIP, "局长", (LEADER,), "机关负责人（局长）"),
    Person("lixiuying", "李秀英", LEADERSHIP, "副局长", (LEADER,), "机关负责人（副局长）"),
    Person(
        "chenzhiqiang",
        "陈志强",
        ENFORCEMENT,
        "所长",
        (UNIT_HEAD, OFFICER),
        "承办机构负责人（卫生监督所所长），持证",
        ("public_places", "medical"),
    ),
    Person(
        "zhangwei",
        "张伟",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（公共场所卫生、生活饮用水卫生）",
        ("public_places", "drinking_water"),
    ),
    Person(
        "liuyang",
        "刘洋",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（医疗卫生、传染病防治）",
        ("medical", "infectious_disease"),
    ),
    Person(
        "wangfang",
        "王芳",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（学校卫生、传染病防治）",
        ("school", "infectious_disease"),
    ),
    Person(
        "zhaolei",
        "赵磊",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证上月已过期",
        ("public_places",),
        "expired",
    ),
    Person(
        "sunli",
        "孙丽",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证已被暂扣",
        ("medical",),
        "suspended",
    ),
    Person(
        "zhoujie",
        "周杰",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证 90 天内到期（工作台提醒换证）",
        ("drinking_water", "disinfection"),
        "expiring",
    ),
    Person(
        "wuhao",
        "吴浩",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（放射卫生、职业卫生）",
        ("radiation", "occupational"),
    ),
    Person(
        "zhengmin",
        "郑敏",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（母婴保健、医疗卫生）",
        ("maternal_child", "medical"),
    ),
    Person(
        "hejun",
        "何军",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（公共场所卫生、学校卫生）",
        ("public_places", "school"),
    ),
    Person(
        "gaojing",
        "高静",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（消毒产品、传染病防治）",
        ("disinfection", "infectious_disease"),
    ),
    Person(
        "linfeng",
        "林峰",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（职业卫生、放射卫生）",
        ("occupational", "radiation"),
    ),
    Person(
        "huangwei",
        "黄薇",
        ENFORCEMENT,
        "监督员",
        (OFFICER,),
        "执法人员，执法证有效（生活饮用水卫生、公共场所卫生）",
        ("drinking_water", "public_places"),
    ),
    Person("maxiaoyan", "马晓燕", LEGAL, "科长", (REVIEWER,), "法制审核人员，持法律职业资格"),
    Person("tangpeng", "唐鹏", LEGAL, "科员", (REVIEWER,), "法制审核人员，未取得法律职业资格"),
    Person("xuli", "徐丽", OFFICE, "主任", (Role.PUBLICITY_ADMIN,), "公示管理员（办公室）"),
    Person("songjian", "宋健", None, "执法监督员（区司法局）", (Role.SUPERVISOR,), "监督人员"),
]

TRAININGS = [
    ("zhangwei", "行政处罚法专题培训", "16", 92),
    ("zhangwei", "公共场所卫生监督执法实务", "8", None),
    ("liuyang", "行政处罚法专题培训", "16", 88),
    ("zhaolei", "行政处罚法专题培训", "16", 55),
    ("maxiaoyan", "重大执法决定法制审核实务", "12", 95),
    ("chenzhiqiang", "执法全过程记录规范", "6", 90),
]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _certificate_dates(kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Issue and expiry dates (5-year validity) for the demo's certificate kinds."""
    if kind == "expired":
        expires = today.replace(day=1) - datetime.timedelta(days=15)  # last month
    elif kind == "expiring":
        expires = today + datetime.timedelta(days=45)
    else:
        expires = today + datetime.timedelta(days=3 * 365)
    issued = _years_before(expires, 5) + datetime.timedelta(days=1)
    return issued, expires


def ensure_fields() -> list[EnforcementField]:
    """The health enforcement fields, created when missing (names and abbreviations are left as edited)."""
    existing = {field.code: field for field in EnforcementField.objects.all()}
    return [
        existing.get(code)
        or services.enforcement_field_create(actor=None, code=code, name=name, abbreviation=abbreviation)
        for code, name, abbreviation in HEALTH_FIELDS
    ]


def _ensure_agency(admin: User | None) -> Agency:
    agency = Agency.objects.filter(name=AGENCY_NAME).first()
    if agency:
        return agency
    return services.agency_create(
        actor=admin,
        name=AGENCY_NAME,
        short_name="某",
        credit_code=AGENCY_CREDIT_CODE,
        division_code=DIVISION,
        level=Agency.Level.COUNTY,
        authority_basis="《中华人民共和国基本医疗卫生与健康促进法》《中华人民共和国传染病防治法》"
        "《公共场所卫生管理条例》等法律法规规定的卫生健康行政执法职权。",
    )


def _ensure_person(person: Person, departments: dict[str, Department], admin: User | None) -> User:
    user = User.objects.filter(username=person.username).first()
    if user is None:
        return services.staff_create(
            actor=admin,
            username=person.username,
            full_name=person.full_name,
            password=DEMO_PASSWORD,
            department=departments.get(person.department) if person.department else None,
            title=person.title,
            roles=person.roles,
            is_superuser=person.is_superuser,
        )
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    held = user.role_codes
    for role in person.roles:
        if role not in held:
            services.role_grant(actor=admin, user=user, role=role)
    return user


def _ensure_certificate(
    person: Person, user: User, number: str, admin: User | None, today: datetime.date
) -> None:
    if not person.fields or Certificate.objects.filter(number=number).exists():
        return
    issued, expires = _certificate_dates(person.certificate, today)
    certificate = services.certificate_issue(
        actor=admin,
        officer=user,
        number=number,
        field_codes=person.fields,
        issued_on=issued,
        expires_on=expires,
        issuing_authority=ISSUER,
        today=today,
    )
    if person.certificate == "suspended":
        services.certificate_change_status(
            actor=admin,
            certificate=certificate,
            new_status=Certificate.Status.SUSPENDED,
            reason="被投诉执法程序不规范，暂扣执法证接受调查（某卫监〔演示〕1号）",
        )


def load_demo(stdout) -> list[tuple[str, str, str]]:
    """Load the demo agency and its people; return ``(username, password, description)`` per demo login."""
    today = timezone.localdate()
    ensure_fields()
    admin = User.objects.filter(username="admin").first()
    agency = _ensure_agency(admin)
    departments = {}
    for name, kind in DEPARTMENTS:
        department = Department.objects.filter(agency=agency, name=name).first()
        departments[name] = department or services.department_create(
            actor=admin, agency=agency, name=name, kind=kind
        )
    users: dict[str, User] = {}
    for index, person in enumerate(PEOPLE, start=1):
        users[person.username] = _ensure_person(person, departments, admin)
        admin = users["admin"]
        _ensure_certificate(person, users[person.username], f"{DIVISION}{index:06d}", admin, today)
    if not LegalQualification.objects.filter(holder=users["maxiaoyan"]).exists():
        services.legal_qualification_grant(
            actor=admin,
            holder=users["maxiaoyan"],
            certificate_number="A20164306020317",
            granted_on=_years_before(today, 8),
        )
    for username, course, hours, score in TRAININGS:
        completed = _years_before(today, 1)
        if TrainingRecord.objects.filter(officer=users[username], course=course).exists():
            continue
        services.training_record_add(
            actor=admin,
            officer=users[username],
            course=course,
            hours=hours,
            completed_on=completed,
            exam_score=score,
            passed=None if score is None else score >= 60,
        )
    stdout.write(f"演示执法主体：{agency.name}（{agency.credit_code}），{len(PEOPLE)} 个演示账号。")
    return [(person.username, DEMO_PASSWORD, person.description) for person in PEOPLE]
