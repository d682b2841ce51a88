"""The demo loads 某区卫生健康局 and its people; running it twice creates nothing new."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone

from sanxiang.accounts import demo, selectors
from sanxiang.accounts.codes import is_valid_credit_code
from sanxiang.accounts.models import (
    Agency,
    Certificate,
    CertificateStatusChange,
    Department,
    EnforcementField,
    LegalQualification,
    RoleGrant,
    TrainingRecord,
    User,
)

pytestmark = pytest.mark.django_db

MODELS = [Agency, Department, User, RoleGrant, EnforcementField, Certificate, CertificateStatusChange,
          TrainingRecord, LegalQualification]  # fmt: skip


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_twice_creates_nothing_new():
    logins = demo.load_demo(io.StringIO())
    first = counts()
    assert demo.load_demo(io.StringIO()) == logins
    assert counts() == first
    assert first["Certificate"] >= 12 and first["Department"] == 4


def test_demo_content_matches_the_story():
    logins = demo.load_demo(io.StringIO())
    today = timezone.localdate()
    agency = Agency.objects.get(name="某区卫生健康局")
    assert is_valid_credit_code(agency.credit_code)
    assert set(agency.departments.values_list("kind", flat=True)) == {
        "enforcement",
        "legal",
        "office",
        "leadership",
    }
    usernames = [username for username, _password, _description in logins]
    assert "zhangwei" in usernames
    assert authenticate(username="zhangwei", password=demo.DEMO_PASSWORD) is not None
    statuses = {
        u.username: selectors.certificate_summary(officer=u, today=today)
        for u in User.objects.filter(certificates__isnull=False).distinct()
    }
    assert len(statuses) >= 12
    assert statuses["zhaolei"].status == "expired"
    assert statuses["sunli"].status == "suspended"
    assert statuses["zhoujie"].warn and statuses["zhoujie"].status == "valid"
    assert not statuses["zhangwei"].warn
    assert selectors.officer_may_act(
        officer=User.objects.get(username="zhangwei"), field="public_places", on=today
    )
    assert CertificateStatusChange.objects.filter(new_status="suspended").get().reason
    assert LegalQualification.objects.get().holder.username == "maxiaoyan"
    assert User.objects.get(username="admin").is_superuser
    leaders = User.objects.filter(role_grants__role="leader").values_list("title", flat=True)
    assert sorted(leaders) == ["副局长", "局长"]
