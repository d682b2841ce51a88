"""The foundation's writes append their record-log event in the same transaction (issue 3, part 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.accounts import services
from sanxiang.core.calendar import calendar_load
from sanxiang.core.errors import InvalidInput
from sanxiang.records.models import Event

pytestmark = pytest.mark.django_db


def test_issuing_a_certificate_appends_one_event_with_the_number_only_as_a_commitment(alice, erin):
    before = Event.objects.count()
    certificate = services.certificate_issue(
        actor=erin,
        officer=alice,
        number="SX-LOG-0001",
        field_codes=["public_places"],
        issued_on=dt.date(2025, 1, 2),
        expires_on=dt.date(2030, 1, 1),
    )
    event = Event.objects.get(seq=before)
    assert (event.action, event.subject_type, event.subject_id) == (
        "certificate.issue",
        "accounts.certificate",
        str(certificate.pk),
    )
    assert event.actor_id == erin.pk
    assert "SX-LOG-0001" not in event.entry
    assert '"number"' in event.entry  # the commitment's field name


def test_a_refused_write_appends_nothing(alice, erin):
    before = Event.objects.count()
    with pytest.raises(InvalidInput):
        services.certificate_issue(
            actor=erin,
            officer=alice,
            number="SX-LOG-0002",
            field_codes=["public_places"],
            issued_on=dt.date(2025, 1, 2),
            expires_on=dt.date(2024, 1, 1),
        )
    assert Event.objects.count() == before


def test_status_change_and_deactivation_are_events(carol, erin):
    certificate = carol.certificates.get()
    services.certificate_change_status(
        actor=erin, certificate=certificate, new_status="valid", reason="复核后恢复"
    )
    services.certificate_deactivate(actor=erin, certificate=certificate, reason="调离执法岗位")
    actions = list(
        Event.objects.filter(subject_type="accounts.certificate", subject_id=str(certificate.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["certificate.change_status", "certificate.deactivate"]


def test_loading_a_calendar_year_is_an_event():
    document = {
        "year": 2027,
        "source": "测试用 2027 年安排",
        "holidays": [{"name": "元旦", "dates": ["2027-01-01"]}],
        "makeup_workdays": [],
    }
    outcome = calendar_load(document=document, actor=None)
    event = Event.objects.filter(action="calendar.load").get()
    assert event.subject_id == str(outcome.calendar_year.pk)
    assert '"year":2027' in event.entry
