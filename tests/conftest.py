"""Shared fixtures: named personas of 某区卫生健康局 (a comment says what each may do).

Certificate dates are relative to ``timezone.localdate()``, so the personas mean the same on any day.
Every persona's password is ``tests.factories.PASSWORD``. Add personas here; keep each one a fixture.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from sanxiang.accounts.models import Certificate, Department, Role
from tests.factories import (
    AgencyFactory,
    CertificateFactory,
    CertificateStatusChangeFactory,
    DepartmentFactory,
    LegalQualificationFactory,
    OfficerFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in the test thread, and Django then refuses database access from
# that thread (SynchronousOnlyOperation) although nothing here is async. The browser is shared by the whole
# session, so the opt-out has to hold for the whole session too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Argon2 costs ~0.4 s a hash; tests that do not check hashing use a fast hasher. A test marked
    ``real_password_hashing`` keeps the configured Argon2."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _commits_to_the_database(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def record_log_emptied_after_committing_tests(request):
    """Tests that do not commit number log events inline (below).

    Tests that commit (live server, several processes) leave log rows that the append-only triggers keep
    Django's flush from removing. Remove them with the triggers suspended, before that flush runs: asking
    for ``transactional_db`` here makes it tear down after this fixture."""
    if not _commits_to_the_database(request):
        # Inside the test's transaction nothing commits, so the batch sequencer (PostgreSQL's default) would never
        # number an event: number them inline. Committing tests keep the configured sequencer.
        request.getfixturevalue("settings").LOG_SEQUENCER = "inline"
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection, transaction

    from sanxiang.records import protection
    from sanxiang.records.models import Checkpoint, Event, LogHead, PendingEvent, PersonalCommitmentSalt

    with transaction.atomic(), protection.suspended(connection):
        for model in (PendingEvent, PersonalCommitmentSalt, Checkpoint, Event, LogHead):
            model.objects.all().delete()


@pytest.fixture
def local_storage(settings, tmp_path):
    """The evidence storage on local disk under this test's temporary folder."""
    from sanxiang.records.evidence_store import EvidenceStore

    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence"},
        },
    }
    return EvidenceStore.current()


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the session (Playwright allows one sync driver per thread); each test makes its own
    context, so no cookies are shared."""
    from tests.browser_support import launch_chromium

    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def agency(db):
    """某区卫生健康局: the agency every persona works for."""
    return AgencyFactory(name="某区卫生健康局", short_name="某")


@pytest.fixture
def enforcement_unit(agency):
    """卫生监督所, the 执法机构."""
    return DepartmentFactory(agency=agency, name="卫生监督所", kind=Department.Kind.ENFORCEMENT)


@pytest.fixture
def legal_unit(agency):
    """法制科, the 法制机构."""
    return DepartmentFactory(agency=agency, name="法制科", kind=Department.Kind.LEGAL)


@pytest.fixture
def leadership_unit(agency):
    """局领导."""
    return DepartmentFactory(agency=agency, name="局领导", kind=Department.Kind.LEADERSHIP)


@pytest.fixture
def alice(enforcement_unit):
    """Alice (爱丽丝), officer: certificate A-0001 valid for years in 公共场所卫生 only. May act in 公共场所卫生."""
    officer = OfficerFactory(username="alice", full_name="爱丽丝", department=enforcement_unit)
    CertificateFactory(officer=officer, number="A-0001", fields=["public_places"])
    return officer


@pytest.fixture
def bob(enforcement_unit):
    """Bob (鲍勃), officer: certificate B-0001 (公共场所卫生) expired 30 days ago. May not act anywhere."""
    officer = OfficerFactory(username="bob", full_name="鲍勃", department=enforcement_unit)
    expires_on = timezone.localdate() - datetime.timedelta(days=30)
    CertificateFactory(
        officer=officer,
        number="B-0001",
        fields=["public_places"],
        issued_on=expires_on - datetime.timedelta(days=5 * 365),
        expires_on=expires_on,
    )
    return officer


@pytest.fixture
def carol(enforcement_unit):
    """Carol (卡萝), officer: certificate C-0001 (公共场所卫生, 医疗卫生) suspended (暂扣), with its history row.
    May not act anywhere until reinstated."""
    officer = OfficerFactory(username="carol", full_name="卡萝", department=enforcement_unit)
    certificate = CertificateFactory(
        officer=officer,
        number="C-0001",
        fields=["public_places", "medical"],
        status=Certificate.Status.SUSPENDED,
    )
    CertificateStatusChangeFactory(certificate=certificate, reason="被投诉，暂扣接受调查")
    return officer


@pytest.fixture
def dave(legal_unit):
    """Dave (戴夫), legal reviewer (法制审核人员) in 法制科 with 法律职业资格. May review; holds no 执法证."""
    reviewer = UserFactory(
        username="dave", full_name="戴夫", department=legal_unit, roles=[Role.LEGAL_REVIEWER]
    )
    LegalQualificationFactory(holder=reviewer)
    return reviewer


@pytest.fixture
def erin(leadership_unit):
    """Erin (艾琳), agency leader (机关负责人, 局长). Approves decisions; holds no 执法证."""
    return UserFactory(
        username="erin", full_name="艾琳", department=leadership_unit, title="局长", roles=[Role.LEADER]
    )
