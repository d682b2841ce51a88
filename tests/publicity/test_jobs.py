"""Periodic work: yellow/red warnings on the publication due date, the end of display periods, the registry and
the public certificate facts; and the decisions that are not published."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanxiang.accounts import services as accounts
from sanxiang.cases.models import Notification
from sanxiang.portal.models import PublicCertificate, PublishedDecision, RegistryVersion
from sanxiang.publicity import jobs, selectors, services
from sanxiang.publicity.models import Disclosure
from sanxiang.records.models import Event
from tests.publicity.conftest import PERSON, to_decided

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _at(clock, *args):
    clock.move_to(dt.datetime(*args, 9, 0, tzinfo=SHANGHAI))
    return timezone.now()


def test_a_publication_turns_yellow_two_working_days_before_and_red_when_overdue(decided_case, clock, peggy):
    disclosure = Disclosure.objects.get(case_id=decided_case)  # due Monday 13 October 2025
    assert jobs.warnings(_at(clock, 2025, 10, 9)) == {"yellow": 0, "red": 0, "notifications": 0}
    assert jobs.warnings(_at(clock, 2025, 10, 11)) == {"yellow": 1, "red": 0, "notifications": 1}
    assert selectors.workbench_counts(peggy, dt.date(2025, 10, 11)) == {"pending": 1, "yellow": 1, "red": 0}
    assert jobs.warnings(_at(clock, 2025, 10, 14)) == {"yellow": 0, "red": 1, "notifications": 1}
    assert jobs.warnings(_at(clock, 2025, 10, 15))["notifications"] == 0  # once per colour
    disclosure.refresh_from_db()
    assert (
        disclosure.red_at is not None and selectors.mark_of(disclosure, dt.date(2025, 10, 14)).mark == "red"
    )
    texts = list(Notification.objects.filter(recipient=peggy).values_list("text", flat=True))
    assert any(t.startswith("【红牌】") for t in texts) and all(PERSON["name"] not in t for t in texts)
    published = services.disclosure_confirm(actor=peggy, disclosure=disclosure)
    publish_event = Event.objects.filter(action="disclosure.publish", subject_id=str(published.pk)).get()
    assert '"on_time":false' in publish_event.entry.replace(" ", "")


def test_the_display_period_ends_the_listing_and_keeps_the_history(decided_case, clock, peggy):
    disclosure = services.disclosure_confirm(
        actor=peggy, disclosure=Disclosure.objects.get(case_id=decided_case)
    )
    assert jobs.display_ends(_at(clock, 2028, 9, 26)) == 0  # the last day is still listed
    assert jobs.display_ends(_at(clock, 2028, 9, 27)) == 1
    disclosure.refresh_from_db()
    row = PublishedDecision.objects.get(disclosure_id=disclosure.pk)
    assert disclosure.status == Disclosure.Status.ENDED and row.display_until == dt.date(2028, 9, 26)
    assert Event.objects.filter(action="disclosure.display_end").count() == 1


def test_a_warning_only_penalty_is_recorded_as_not_published(api, team, clock, peggy):
    case_id = to_decided(api, team, clock, penalty=("warning",), fine="0")
    disclosure = Disclosure.objects.get(case_id=case_id)
    assert disclosure.status == Disclosure.Status.NOT_PUBLISHED and disclosure.ground == "warning_only"
    assert Event.objects.filter(action="disclosure.not_published", subject_id=str(disclosure.pk)).exists()
    assert selectors.queue(peggy, dt.date(2025, 9, 26)) == []


def test_a_minor_party_is_never_published(api, team, clock, peggy, settings):
    settings.PUBLICITY_WITHHOLD = (
        "none"  # the agency publishes warnings and simplified cases; minors still not
    )
    minor = {**PERSON, "id_number": "110105200905010019", "name": "小明"}  # 16 on the decision day
    disclosure = Disclosure.objects.get(case_id=to_decided(api, team, clock, party=minor))
    assert disclosure.ground == "minor"


def test_the_admin_records_a_state_secret_as_not_published(decided_case, peggy):
    disclosure = services.disclosure_withhold(
        actor=peggy, disclosure=Disclosure.objects.get(case_id=decided_case), ground="state_secret"
    )
    assert disclosure.status == Disclosure.Status.NOT_PUBLISHED and not PublishedDecision.objects.exists()


def test_the_registry_gets_a_new_version_only_when_a_section_changed(team, clock, peggy, enforcement_unit):
    first = services.registry_publish(actor=peggy)
    assert set(first) == set(RegistryVersion.Section.values)
    assert services.registry_publish(actor=peggy) == []
    officers = RegistryVersion.objects.get(section="officers", version=1).content
    assert {"name": "爱丽丝", "certificate_number": "A-0001"}.items() <= officers[0].items()
    assert set(officers[0]) == {"name", "certificate_number", "agency", "fields", "valid_from", "valid_until"}
    accounts.certificate_issue(actor=None, officer=team["grace"], number="G-0001", field_codes=["public_places"],
                               issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2030, 1, 1))  # fmt: skip
    assert services.registry_publish(actor=peggy) == ["officers"]
    assert RegistryVersion.objects.filter(section="officers").count() == 2  # the earlier version stays
    assert Event.objects.filter(action="registry.publish").count() == len(first) + 1


def test_certificate_changes_keep_the_public_facts_in_step(team, clock):
    certificate = accounts.certificate_issue(
        actor=None, officer=team["grace"], number="G-0002", field_codes=["public_places"],
        issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2030, 1, 1),
    )  # fmt: skip
    public = PublicCertificate.objects.get(number="G-0002")
    token = public.token
    assert (public.officer_name, public.status, public.listed) == ("格蕾丝", "valid", True)
    accounts.certificate_change_status(
        actor=None, certificate=certificate, new_status="suspended", reason="调查"
    )
    accounts.certificate_deactivate(actor=None, certificate=certificate, reason="调离")
    public.refresh_from_db()
    assert (public.status, public.listed, public.token) == ("suspended", False, token)
    assert "调查" not in Event.objects.filter(action="public_certificate.sync").last().entry


def test_the_cases_own_publication_reminders_are_closed_once_answered(api, team, clock, peggy):
    from sanxiang.cases.models import CaseDeadline

    withheld = to_decided(api, team, clock, penalty=("warning",), fine="0")
    published = to_decided(api, team, clock)
    services.disclosure_confirm(actor=peggy, disclosure=Disclosure.objects.get(case_id=published))
    status, body = api.as_(team["erin"]).post(f"/api/cases/{withheld}/actions/revoke/", {
        "deciding_body": "某区人民政府", "reason": "复议撤销", "decided_on": "2025-09-26",
    })  # fmt: skip
    assert status == 200 and any(d["code"] == "publication_withdrawal" for d in body["deadlines"])

    def outcome(case_id, code):
        return CaseDeadline.objects.filter(case_id=case_id, code=code).order_by("-id").first().outcome

    assert outcome(published, "publication") == "met"  # closed by the publication itself
    jobs.warnings(_at(clock, 2025, 9, 26))
    assert outcome(withheld, "publication") == "stopped"
    assert outcome(withheld, "publication_withdrawal") == "stopped"  # nothing was published
