"""A service that fails leaves nothing behind: no state change, no history row, no event, no deadline."""

from __future__ import annotations

import pytest

from sanxiang.cases import services
from sanxiang.cases.models import Case, CaseDeadline, CaseTransition
from sanxiang.records.models import Event
from tests.cases.conftest import register


def test_a_failure_after_the_event_rolls_back_the_whole_transition(api, team, clock, monkeypatch):
    case_id = register(api, team["alice"], team["frank"])
    before = (Event.objects.count(), CaseTransition.objects.count(), CaseDeadline.objects.count())

    def broken_append(**kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "event_append", broken_append)
    with pytest.raises(RuntimeError):
        services.case_file(actor=team["grace"], case=Case.objects.get(pk=case_id))
    case = Case.objects.get(pk=case_id)
    assert case.status == "registered" and case.number == "" and case.filed_on is None
    assert (Event.objects.count(), CaseTransition.objects.count(), CaseDeadline.objects.count()) == before


def test_a_refused_transition_raises_refusal_with_the_guard_name(api, team, clock, bob):
    case_id = register(api, team["alice"], bob)
    with pytest.raises(services.Refusal) as refused:
        services.case_file(actor=team["grace"], case=Case.objects.get(pk=case_id))
    assert refused.value.code == "two_qualified_officers" and refused.value.http_status == 409
