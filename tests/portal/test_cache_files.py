"""The page files (``portal/cache.py`` without ``CACHES["portal"]``, the single-machine default): a decision page is
kept as ``<DATA_DIR>/cache/portal-pages/<day>/<language>/decisions/<pk>.html``, looked up only in today's
directory, removed by ``decision_changed``, and earlier days' directories are removed by the worker job."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sanxiang.core import periodic
from sanxiang.portal import cache, publish
from tests.portal.factories import PublishedDecisionFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def page_files(portal_page_cache, settings, tmp_path):
    """No CACHES["portal"] (tests/portal/conftest.py sets one): pages are files in this test's data dir."""
    settings.CACHES = {name: value for name, value in settings.CACHES.items() if name != "portal"}
    settings.DATA_DIR = tmp_path / "data"
    cache.page_cache.cache_clear()
    assert cache.page_cache() is None
    yield tmp_path / "data" / "cache" / "portal-pages"
    cache.page_cache.cache_clear()


def today_file(pk: int, language: str = "zh-hans"):
    return cache.page_path(pk, language, timezone.localdate())


def test_a_rendered_page_is_written_to_todays_file_and_served_from_it(client, django_assert_num_queries):
    d = PublishedDecisionFactory(text="正文第一版。")
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    first = client.get(url)
    assert first.status_code == 200 and "正文第一版" in first.content.decode()
    path = today_file(d.pk)
    assert path.read_bytes() == first.content
    assert path.parent.name == "decisions" and path.parent.parent.name == "zh-hans"
    assert path.parent.parent.parent.name == timezone.localdate().isoformat()
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in path.parent.iterdir()] == [f"{d.pk}.html"]  # no temporary file left
    path.write_bytes(path.read_bytes().replace("正文第一版".encode(), "文件里的正文".encode()))
    with django_assert_num_queries(0):
        second = client.get(url)
    assert "文件里的正文" in second.content.decode()  # the file is what is served


def test_each_language_has_its_own_file(client):
    d = PublishedDecisionFactory()
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    client.get(url)
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert today_file(d.pk).exists() and today_file(d.pk, "en").exists()
    assert cache.page_path(d.pk, "../../etc", timezone.localdate()) is None


def test_a_withdrawal_through_the_publisher_removes_the_file_now_and_the_next_page_shows_it(client):
    d = PublishedDecisionFactory(text="正文。")
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    client.get(url)
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    with transaction.atomic():
        publish.decision_withdraw(disclosure_id=d.disclosure_id, at=timezone.now(), reason="决定已被依法撤销")
        assert not today_file(d.pk).exists() and not today_file(d.pk, "en").exists()
    page = client.get(url).content.decode()
    assert "本决定已撤回公开" in page and "决定已被依法撤销" in page
    assert "本决定已撤回公开" in today_file(d.pk).read_text(encoding="utf-8")


def test_decision_changed_removes_the_file_again_when_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    d = PublishedDecisionFactory()
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    with django_capture_on_commit_callbacks(execute=True):
        cache.decision_changed(d.pk)
        client.get(url)  # a request re-rendered the page before the commit
        assert today_file(d.pk).exists()
    assert not today_file(d.pk).exists()


def test_a_page_of_yesterday_is_never_served_today(client):
    d = PublishedDecisionFactory(text="今天的正文。")
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    yesterday = cache.page_path(d.pk, "zh-hans", timezone.localdate() - dt.timedelta(days=1))
    yesterday.parent.mkdir(parents=True)
    yesterday.write_bytes("昨天的页面".encode())
    page = client.get(url).content.decode()
    assert "今天的正文" in page and "昨天的页面" not in page


def test_the_day_is_the_day_in_shanghai_and_the_page_rendered_before_midnight_is_not_used_after(client):
    d = PublishedDecisionFactory(display_until=dt.date(2026, 12, 1), decided_on=dt.date(2026, 11, 1))
    url = reverse("portal:decision", kwargs={"pk": d.pk})
    with time_machine.travel(dt.datetime(2026, 12, 1, 23, 59, 30, tzinfo=SHANGHAI), tick=False):
        assert "公示期已于" not in client.get(url).content.decode()
        assert cache.page_path(d.pk, "zh-hans", dt.date(2026, 12, 1)).exists()
    with time_machine.travel(dt.datetime(2026, 12, 2, 0, 0, 5, tzinfo=SHANGHAI), tick=False):
        assert "公示期已于" in client.get(url).content.decode()  # rendered again: the display period ended
        assert cache.page_path(d.pk, "zh-hans", dt.date(2026, 12, 2)).exists()


def test_a_page_whose_request_began_before_midnight_is_not_stored_for_the_new_day():
    with time_machine.travel(dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=SHANGHAI), tick=False) as traveller:
        assert cache.decision_page_get(7, "zh-hans") is None  # the view looks, misses, renders …
        traveller.move_to(dt.datetime(2026, 12, 2, 0, 0, 1, tzinfo=SHANGHAI))
        cache.decision_page_set(7, "zh-hans", b"rendered around midnight")
        assert cache.decision_page_get(7, "zh-hans") is None
        cache.decision_page_set(7, "zh-hans", b"rendered after midnight")
        assert cache.decision_page_get(7, "zh-hans") == b"rendered after midnight"
    assert not cache.page_path(7, "zh-hans", dt.date(2026, 12, 1)).exists()


def test_the_worker_job_removes_the_directories_of_earlier_days(page_files):
    for day in ("2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"):
        (page_files / day / "zh-hans" / "decisions").mkdir(parents=True)
        (page_files / day / "zh-hans" / "decisions" / "1.html").write_bytes(b"x")
    (page_files / "not-a-day").mkdir()
    periodic.autodiscover()
    job = periodic.REGISTRY["portal.page_days_sweep"]
    with time_machine.travel(dt.datetime(2026, 11, 27, 0, 30, tzinfo=SHANGHAI), tick=False):
        message = job.func(timezone.now())
    assert message == "删除了 2 个日期的页面目录。"
    assert sorted(os.listdir(page_files)) == ["2026-11-27", "2026-11-28", "not-a-day"]


def test_with_a_configured_portal_cache_no_files_are_written(client, settings, tmp_path, page_files):
    settings.CACHES = {
        **settings.CACHES,
        "portal": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-files-test",
        },
    }
    cache.page_cache.cache_clear()
    d = PublishedDecisionFactory()
    client.get(reverse("portal:decision", kwargs={"pk": d.pk}))
    assert cache.decision_page_get(d.pk, "zh-hans") is not None
    assert not page_files.exists()
    assert "CACHES" in periodic.REGISTRY["portal.page_days_sweep"].func(timezone.now())


def test_page_directories_are_readable_by_nginx_whatever_the_umask(client, page_files):
    d = PublishedDecisionFactory()
    previous = os.umask(0o077)
    try:
        client.get(reverse("portal:decision", kwargs={"pk": d.pk}))
    finally:
        os.umask(previous)
    path = today_file(d.pk)
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in (path, *path.parents[:5])}
    assert modes == {
        f"{d.pk}.html": "0o644", "decisions": "0o755", "zh-hans": "0o755",
        timezone.localdate().isoformat(): "0o755", "portal-pages": "0o755", "cache": "0o711",
    }  # fmt: skip
