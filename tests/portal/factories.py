"""Factories for the portal's published tables: rows as the publisher writes them (``search_text`` included)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from sanxiang.portal.models import PublicCertificate, PublishedDecision, RegistryVersion
from sanxiang.portal.search import search_text_for


class PublishedDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedDecision

    disclosure_id = factory.Sequence(lambda n: 1000 + n)
    category = PublishedDecision.Category.PENALTY
    agency_name = "某区卫生健康局"
    agency_code = "11430602MB1234567X"
    number = factory.Sequence(lambda n: f"某卫公罚〔2026〕{n + 1}号")
    party_name = factory.Sequence(lambda n: f"某某美容美发有限公司{n}")
    party_code = "91430602MA10000050"
    violation_type = "未取得公共场所卫生许可证擅自营业"
    penalty_content = "警告，罚款人民币3000元"
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    published_at = factory.LazyFunction(timezone.now)
    display_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    text = "当事人未取得公共场所卫生许可证擅自营业。依据《公共场所卫生管理条例实施细则》第三十五条，决定给予警告，罚款3000元。"
    search_text = factory.LazyAttribute(
        lambda o: search_text_for(
            number=o.number,
            party_name=o.party_name,
            violation_type=o.violation_type,
            penalty_content=o.penalty_content,
            text=o.text,
        )  # fmt: skip
    )


class RegistryVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistryVersion

    section = RegistryVersion.Section.POWERS
    version = 1
    title = "权责清单"
    content = factory.LazyFunction(
        lambda: [{"事项": "公共场所卫生监督检查", "依据": "《公共场所卫生管理条例》第十条"}]
    )
    published_at = factory.LazyFunction(timezone.now)
    change_note = ""


class PublicCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicCertificate

    number = factory.Sequence(lambda n: f"43060220{n:04d}")
    officer_name = "张伟"
    agency_name = "某区卫生健康局"
    fields = factory.LazyFunction(lambda: ["公共场所卫生", "医疗卫生"])
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=400))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=400))
    status = PublicCertificate.Status.VALID
    updated_at = factory.LazyFunction(timezone.now)
