"""The public pages through the HTTP client, without login: listing, search, filters, a decision, withdrawals,
the pre-disclosure registry and its history, the checkpoints page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.portal import cache
from sanxiang.portal.models import PublishedDecision, RegistryVersion
from tests.portal.factories import PublishedDecisionFactory, RegistryVersionFactory

pytestmark = pytest.mark.django_db


def _listed_numbers(response) -> list[str]:
    return [row.number for row in response.context["page"].rows]


def test_home_shows_latest_decisions_and_sections_without_login(client):
    PublishedDecisionFactory(number="某卫公罚〔2026〕7号")
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert 'href="#main"' in html and '<main id="main"' in html and 'role="search"' in html
    assert "某卫公罚〔2026〕7号" in html
    assert "权责清单" in html
    assert "<script" not in html


@pytest.mark.parametrize("word", ["消毒", "诊所"])
def test_search_finds_a_two_character_word_inside_running_text(client, word):
    hit = PublishedDecisionFactory(
        text=f"经查，当事人未对公共用品{word}处理。" if word == "消毒" else "某某口腔诊所超范围执业。"
    )
    PublishedDecisionFactory(text="当事人未取得卫生许可证擅自营业。")
    response = client.get(reverse("portal:decisions"), {"q": word})
    assert response.status_code == 200
    assert _listed_numbers(response) == [hit.number]


def test_search_of_a_longer_phrase_and_of_one_character(client):
    hit = PublishedDecisionFactory(text="使用未经消毒的公共用品。")
    PublishedDecisionFactory(text="消毒记录不全。")  # has 消毒 but not 未经
    assert _listed_numbers(client.get(reverse("portal:decisions"), {"q": "未经消毒"})) == [hit.number]
    assert len(_listed_numbers(client.get(reverse("portal:decisions"), {"q": "消"}))) == 2


def test_filters_party_number_dates_and_category(client):
    today = timezone.localdate()
    a = PublishedDecisionFactory(party_name="某某口腔诊所", decided_on=today - dt.timedelta(days=40))
    b = PublishedDecisionFactory(number="某卫医罚〔2026〕12号", decided_on=today - dt.timedelta(days=5))
    c = PublishedDecisionFactory(
        category=PublishedDecision.Category.COERCION, decided_on=today - dt.timedelta(days=1)
    )
    url = reverse("portal:decisions")
    assert _listed_numbers(client.get(url, {"party": "口腔"})) == [a.number]
    assert _listed_numbers(client.get(url, {"number": "医罚〔2026〕12"})) == [b.number]
    since = (today - dt.timedelta(days=10)).isoformat()
    assert _listed_numbers(client.get(url, {"date_from": since})) == [c.number, b.number]
    assert _listed_numbers(client.get(url, {"date_to": (today - dt.timedelta(days=30)).isoformat()})) == [
        a.number
    ]
    assert _listed_numbers(client.get(url, {"category": "coercion"})) == [c.number]


def test_bad_filters_are_a_400_with_a_chinese_message(client):
    response = client.get(reverse("portal:decisions"), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400
    assert "开始日期晚于结束日期" in response.content.decode()
    response = client.get(reverse("portal:decisions"), {"category": "nonsense"})
    assert response.status_code == 400


def test_listing_pages_by_twenty_without_counting(client):
    PublishedDecisionFactory.create_batch(21)
    first = client.get(reverse("portal:decisions"))
    assert len(first.context["page"].rows) == 20 and first.context["page"].has_next
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("portal:decisions"), {"page": 2})
    assert len(second.context["page"].rows) == 1 and not second.context["page"].has_next


def test_decision_page_shows_summary_and_redacted_text(client):
    d = PublishedDecisionFactory(text="当事人张**（身份证号 110105********002X）在店内营业。")
    response = client.get(reverse("portal:decision", kwargs={"pk": d.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert d.number in html and d.party_name in html and "110105********002X" in html


def test_unknown_decision_is_a_chinese_404(client):
    for pk in (999999, 10**30):
        response = client.get(reverse("portal:decision", kwargs={"pk": pk}))
        assert response.status_code == 404
        assert "没有这份公开的执法决定" in response.content.decode()


def test_withdrawn_decision_leaves_the_listing_shows_its_reason_and_the_cache_is_forgotten(client):
    d = PublishedDecisionFactory(text="决定书正文：罚款3000元。")
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    assert "决定书正文" in client.get(url).content.decode()  # now cached
    PublishedDecision.objects.filter(pk=d.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="复议机关撤销原处罚决定"
    )
    assert "决定书正文" in client.get(url).content.decode()  # still the cached page
    cache.decision_changed(d.pk)
    html = client.get(url).content.decode()
    assert "本决定已撤回公开" in html and "复议机关撤销原处罚决定" in html
    assert "决定书正文" not in html
    assert _listed_numbers(client.get(reverse("portal:decisions"))) == []
    withdrawals = client.get(reverse("portal:withdrawals")).content.decode()
    assert d.number in withdrawals and "复议机关撤销原处罚决定" in withdrawals


def test_decision_whose_display_period_ended_leaves_the_listing_but_its_page_answers(client):
    today = timezone.localdate()
    ended = PublishedDecisionFactory(display_until=today - dt.timedelta(days=1))
    last_day = PublishedDecisionFactory(display_until=today)
    assert _listed_numbers(client.get(reverse("portal:decisions"))) == [last_day.number]
    response = client.get(reverse("portal:decision", kwargs={"pk": ended.pk}))
    assert response.status_code == 200
    assert "公示期已于" in response.content.decode()


def test_a_cached_decision_page_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    d = PublishedDecisionFactory()
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_registry_shows_the_current_version_the_history_and_an_old_version(client):
    RegistryVersionFactory(version=1, content=[{"事项": "旧事项"}], change_note="首次公开")
    RegistryVersionFactory(version=2, content=[{"事项": "新事项", "依据": "第十条"}], change_note="新增依据")
    current = client.get(reverse("portal:registry", kwargs={"section": "powers"})).content.decode()
    assert "新事项" in current and "旧事项" not in current and "现行版本" in current
    assert reverse("portal:registry_history", kwargs={"section": "powers", "version": 1}) in current
    old = client.get(reverse("portal:registry_history", kwargs={"section": "powers", "version": 1}))
    assert old.status_code == 200
    assert "旧事项" in old.content.decode() and "历史版本" in old.content.decode()


def test_registry_escapes_content_and_renders_nested_structures(client):
    RegistryVersionFactory(
        section=RegistryVersion.Section.REMEDIES,
        content={"行政复议": "<b>六十日内</b>", "诉讼": ["六个月内"]},
    )
    html = client.get(reverse("portal:registry", kwargs={"section": "remedies"})).content.decode()
    assert "&lt;b&gt;六十日内&lt;/b&gt;" in html and "<li>六个月内</li>" in html


def test_unknown_registry_section_or_version_is_a_404(client):
    assert client.get(reverse("portal:registry", kwargs={"section": "nope"})).status_code == 404
    RegistryVersionFactory(version=1)
    assert (
        client.get(reverse("portal:registry_history", kwargs={"section": "powers", "version": 9})).status_code
        == 404
    )
    assert client.get(reverse("portal:registry", kwargs={"section": "benchmarks"})).status_code == 200


def test_checkpoints_page_shows_the_signed_checkpoints(client):
    from sanxiang.records.checkpoints import checkpoint_create
    from sanxiang.records.services import event_append

    event_append(actor=None, action="portal.test", subject_type="portal.test", subject_id=1, payload={})
    checkpoint = checkpoint_create()
    html = client.get(reverse("portal:checkpoints")).content.decode()
    assert str(checkpoint.tree_size) in html
    assert checkpoint.note.strip().splitlines()[-1] in html


def test_search_lists_newest_first_whether_matches_are_common_or_rare(client):
    """On PostgreSQL a common word walks the date index and a rare one sorts its few matches
    (selectors.COMMON_MATCHES): both give the same newest-first page."""
    today = timezone.localdate()
    common = [
        PublishedDecisionFactory(text="未对公共用品消毒。", decided_on=today - dt.timedelta(days=i))
        for i in range(12)
    ]
    rare = [
        PublishedDecisionFactory(text="某某口腔诊所。", decided_on=today - dt.timedelta(days=i * 3))
        for i in range(3)
    ]
    PublishedDecisionFactory.create_batch(5, text="其他内容。")
    url = reverse("portal:decisions")
    assert _listed_numbers(client.get(url, {"q": "消毒"})) == [d.number for d in common]
    assert _listed_numbers(client.get(url, {"q": "诊所"})) == [d.number for d in rare]
    assert _listed_numbers(client.get(url, {"q": "消毒", "party": "某某"})) == [d.number for d in common]
