"""factory_boy factories for accounts: agencies, departments, staff, certificates, training, qualifications.

Factories build state directly (fast, any state a test needs); tests of the rules that guard writes call
``sanxiang.accounts.services`` instead. Every staff user's password is ``PASSWORD``.
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from sanxiang.accounts import codes
from sanxiang.accounts.models import (
    Agency,
    Certificate,
    CertificateStatusChange,
    Department,
    EnforcementField,
    LegalQualification,
    Role,
    RoleGrant,
    TrainingRecord,
    User,
)

PASSWORD = "Ceshi#2026pw"

# code -> (name, abbreviation); the same as the demo's health fields (accounts/demo.py).
FIELDS = {
    "public_places": ("公共场所卫生", "公"),
    "drinking_water": ("生活饮用水卫生", "水"),
    "medical": ("医疗卫生", "医"),
    "infectious_disease": ("传染病防治", "传"),
    "radiation": ("放射卫生", "放"),
    "occupational": ("职业卫生", "职"),
    "school": ("学校卫生", "学"),
    "disinfection": ("消毒产品", "消"),
    "maternal_child": ("母婴保健", "母"),
}


def enforcement_field(code: str) -> EnforcementField:
    """The field with this code, created on first use (names from ``FIELDS``)."""
    name, abbreviation = FIELDS.get(code, (code, code[:1]))
    return EnforcementField.objects.get_or_create(
        code=code, defaults={"name": name, "abbreviation": abbreviation}
    )[0]


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试区卫生健康局{n}")
    short_name = "测"
    credit_code = factory.Sequence(lambda n: codes.make_credit_code(division="430602", body=f"{n:09d}"))
    division_code = "430602"
    level = Agency.Level.COUNTY
    authority_basis = "《中华人民共和国基本医疗卫生与健康促进法》"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["agency", "name"]

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"科室{n}")
    kind = Department.Kind.ENFORCEMENT


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member. ``roles=[...]`` grants roles (codes of ``Role``)."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    department = factory.SubFactory(DepartmentFactory)
    title = "科员"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object first
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            for role in extracted:
                RoleGrant.objects.get_or_create(user=obj, role=role)


class OfficerFactory(UserFactory):
    """A staff member with the officer (执法人员) role and no certificate yet."""

    roles = factory.PostGeneration(
        lambda obj, create, extracted, **kw: [
            RoleGrant.objects.get_or_create(user=obj, role=role) for role in (extracted or [Role.OFFICER])
        ]
    )


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate valid today for ~4 more years; ``fields=[codes]`` (default 公共场所卫生)."""

    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    officer = factory.SubFactory(OfficerFactory)
    number = factory.Sequence(lambda n: f"T{n:08d}")
    issuing_authority = "某市人民政府"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    expires_on = factory.LazyAttribute(lambda o: o.issued_on + datetime.timedelta(days=5 * 365))
    status = Certificate.Status.VALID

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.fields.set([enforcement_field(code) for code in (extracted or ["public_places"])])


class CertificateStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateStatusChange

    certificate = factory.SubFactory(CertificateFactory)
    old_status = Certificate.Status.VALID
    new_status = Certificate.Status.SUSPENDED
    reason = "测试"


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    officer = factory.SubFactory(OfficerFactory)
    course = "行政处罚法专题培训"
    hours = 16
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    exam_score = 90
    passed = True


class LegalQualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalQualification

    holder = factory.SubFactory(UserFactory, roles=[Role.LEGAL_REVIEWER])
    certificate_number = factory.Sequence(lambda n: f"A2016{n:010d}")
    granted_on = datetime.date(2016, 12, 1)
