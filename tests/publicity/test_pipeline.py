"""The publication pipeline: issuing a decision creates its disclosure record (summary, served text, proposed
masks, due date); the admin masks, confirms and publishes; a change withdraws it the same day."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.portal.models import PublishedDecision
from sanxiang.publicity import services
from sanxiang.publicity.models import Disclosure
from sanxiang.records.models import Event
from tests.publicity.conftest import PERSON, WITNESS


def _disclosure(case_id) -> Disclosure:
    return Disclosure.objects.get(case_id=case_id)


def test_issuing_a_penalty_decision_creates_its_disclosure_record_due_in_7_working_days(decided_case):
    disclosure = _disclosure(decided_case)
    case = Case.objects.get(pk=decided_case)
    assert disclosure.status == Disclosure.Status.PENDING and disclosure.category == "penalty"
    assert disclosure.number == case.decision_number and disclosure.party_name == PERSON["name"]
    assert disclosure.penalty_content == "警告；罚款人民币3,000元"
    assert disclosure.decided_on == dt.date(2025, 9, 26)
    # 7 working days from Friday 26 September 2025 across the National Day holiday (1–8 October; 28 September
    # and 11 October are make-up working days): 28, 29, 30 September, 9, 10, 11, 13 October.
    assert disclosure.due_on == dt.date(2025, 10, 13)
    assert "行政处罚决定书" in disclosure.served_text and PERSON["id_number"] in disclosure.served_text
    event = Event.objects.get(action="disclosure.create", subject_id=str(disclosure.pk))
    assert PERSON["id_number"] not in event.entry and PERSON["name"] not in event.entry


def test_the_proposed_masks_cover_the_id_number_and_phone_and_the_redacted_text_differs_only_there(
    decided_case,
):
    disclosure = _disclosure(decided_case)
    spans = services.active_spans(disclosure)
    kinds = {kind for *_s, kind in spans}
    assert "id_number" in kinds
    from sanxiang.publicity import masking

    redacted = masking.redacted_text(disclosure.served_text, spans)
    assert PERSON["id_number"] not in redacted and PERSON["contact"] not in redacted
    # outside the masked spans the text is the served text, character for character
    merged = masking.merged(disclosure.served_text, spans)
    position, rebuilt = 0, []
    for span in merged:
        rebuilt.append(disclosure.served_text[position : span.start])
        position = span.end
    rebuilt.append(disclosure.served_text[position:])
    remainder = redacted
    for piece in rebuilt:
        assert piece in remainder
        remainder = remainder.split(piece, 1)[1] if piece else remainder


def test_the_admin_adds_a_trade_secret_mask_removes_one_with_a_reason_and_publishes(decided_case, peggy):
    disclosure = _disclosure(decided_case)
    with pytest.raises(InvalidInput, match="没有这段文字"):
        services.disclosure_mask_add(
            actor=peggy, disclosure=disclosure, text="不存在的配方", kind="trade_secret"
        )
    added = services.disclosure_mask_add(
        actor=peggy, disclosure=disclosure, text="现场检查笔录", kind="trade_secret"
    )
    assert added
    mask = disclosure.masks.filter(origin="proposed").exclude(kind="id_number").first()
    with pytest.raises(InvalidInput, match="理由"):
        services.disclosure_mask_remove(actor=peggy, disclosure=disclosure, mask=mask, reason=" ")
    services.disclosure_mask_remove(actor=peggy, disclosure=disclosure, mask=mask, reason="系统误判")
    published = services.disclosure_confirm(actor=peggy, disclosure=disclosure)
    row = PublishedDecision.objects.get(disclosure_id=published.pk)
    assert "现场检查笔录" not in row.text and row.text == published.confirmed_text
    assert PERSON["id_number"] not in row.text and row.search_text
    assert published.display_until == dt.date(2028, 9, 26)  # 3 years (SAMR 公示规定第十三条)
    with pytest.raises(Conflict):
        services.disclosure_mask_add(actor=peggy, disclosure=published, text="行政处罚", kind="trade_secret")
    actions = list(Event.objects.filter(subject_type="publicity.disclosure").values_list("action", flat=True))
    assert actions[-4:] == [
        "disclosure.mask_add",
        "disclosure.mask_remove",
        "disclosure.confirm",
        "disclosure.publish",
    ]
    for event in Event.objects.filter(subject_type="publicity.disclosure"):
        assert "现场检查笔录" not in event.entry and "系统误判" not in event.entry


def test_a_revoked_decision_is_withdrawn_the_same_day_with_a_public_reason(decided_case, peggy, team, api):
    disclosure = services.disclosure_confirm(actor=peggy, disclosure=_disclosure(decided_case))
    status, body = api.as_(team["erin"]).post(f"/api/cases/{decided_case}/actions/revoke/", {
        "deciding_body": "某区人民政府", "reason": "复议决定撤销", "decided_on": "2025-09-26",
    })  # fmt: skip
    assert status == 200, body
    disclosure.refresh_from_db()
    row = PublishedDecision.objects.get(disclosure_id=disclosure.pk)
    assert disclosure.status == Disclosure.Status.WITHDRAWN and row.withdrawn_at is not None
    assert (
        row.withdrawal_reason
        == "该行政处罚决定已于2025年9月26日经某区人民政府依法撤销，根据《中华人民共和国行政处罚法》第四十八条第二款撤回公示。"
    )
    # 3 working days from Friday 26 September: 28 (a make-up working Sunday), 29 and 30 September
    assert disclosure.withdrawal_due_on == dt.date(2025, 9, 30)
    assert disclosure.withdrawn_at.date() <= disclosure.withdrawal_due_on
    assert "复议决定撤销" not in row.withdrawal_reason


def test_a_pending_disclosure_of_a_changed_decision_is_cancelled(decided_case, team, api):
    status, body = api.as_(team["erin"]).post(f"/api/cases/{decided_case}/actions/amend/", {
        "deciding_body": "某区卫生健康局", "reason": "罚款数额计算错误", "decided_on": "2025-09-26",
    })  # fmt: skip
    assert status == 200, body
    disclosure = _disclosure(decided_case)
    assert disclosure.status == Disclosure.Status.CANCELLED and "变更" in disclosure.public_reason
    assert not PublishedDecision.objects.exists()


def test_the_witness_named_in_the_record_is_known_to_the_engine(decided_case):
    from sanxiang.publicity.known import known_for_case

    known = known_for_case(Case.objects.get(pk=decided_case))
    roles = {p.name: p.role for p in known.persons}
    assert roles[WITNESS] == "witness" and roles[PERSON["name"]] == "party"


def test_the_withdrawal_notice_is_on_the_portal(decided_case, peggy, team, api):
    services.disclosure_confirm(actor=peggy, disclosure=_disclosure(decided_case))
    status, body = api.as_(team["erin"]).post(f"/api/cases/{decided_case}/actions/confirm_illegal/", {
        "deciding_body": "某区人民法院", "reason": "判决确认违法", "decided_on": "2025-09-26",
    })  # fmt: skip
    assert status == 200, body
    from django.test import Client

    page = Client().get("/portal/withdrawals/").content.decode()
    assert "经某区人民法院依法确认违法" in page and "判决确认违法" not in page


def test_an_agency_may_mask_the_party_name_too(api, team, clock, peggy, settings):
    settings.PUBLICITY_MASK_PARTY_NAME = "1"
    from tests.publicity.conftest import to_decided

    disclosure = services.disclosure_confirm(
        actor=peggy, disclosure=_disclosure(to_decided(api, team, clock))
    )
    row = PublishedDecision.objects.get(disclosure_id=disclosure.pk)
    assert (
        row.party_name == "张**" and PERSON["name"] not in row.text and PERSON["name"] not in row.search_text
    )


def test_a_cached_decision_page_shows_the_withdrawal_at_once(
    decided_case, peggy, team, api, settings, tmp_path
):
    from django.test import Client

    from sanxiang.portal import cache as portal_cache

    settings.DATA_DIR = tmp_path  # a page cache of this test's own
    portal_cache.page_cache.cache_clear()
    disclosure = services.disclosure_confirm(actor=peggy, disclosure=_disclosure(decided_case))
    row = PublishedDecision.objects.get(disclosure_id=disclosure.pk)
    first = Client().get(f"/portal/decisions/{row.pk}/").content.decode()
    assert row.number in first and "依法撤销" not in first
    status, body = api.as_(team["erin"]).post(f"/api/cases/{decided_case}/actions/revoke/", {
        "deciding_body": "某区人民政府", "reason": "复议决定撤销", "decided_on": "2025-09-26",
    })  # fmt: skip
    assert status == 200, body
    again = Client().get(f"/portal/decisions/{row.pk}/").content.decode()
    assert "经某区人民政府依法撤销" in again
    portal_cache.page_cache.cache_clear()
