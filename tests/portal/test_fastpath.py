"""The WSGI fast path (``portal/fastpath.py``, enabled in ``config/wsgi.py``): a cached decision page is answered
before Django with the same bytes and security headers; a miss, another path or a forgotten page goes to Django."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sanxiang.config.wsgi import application
from sanxiang.portal import cache
from sanxiang.portal.models import PublishedDecision
from tests.portal.factories import PublishedDecisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The real WSGI handler closes database connections when a request ends, which would end the test's
    transaction; Django's test client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(path: str, method: str = "GET") -> tuple[str, dict, bytes]:
    environ = getattr(RequestFactory(HTTP_HOST="127.0.0.1"), method.lower())(path).environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def test_second_request_is_answered_from_the_cache_with_the_same_bytes_and_headers(django_assert_num_queries):
    d = PublishedDecisionFactory(text="正文第一版。")
    path = reverse("portal:decision", kwargs={"pk": d.pk})
    status, headers, first = call(path)  # a miss: Django renders and caches it
    assert status.startswith("200") and "正文第一版" in first.decode()
    with django_assert_num_queries(0):
        status, fast_headers, second = call(path)
    assert status.startswith("200") and second == first
    assert fast_headers["Vary"].startswith("Accept-Language")
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Type"):
        assert fast_headers[name] == headers[name], name
    assert call(path, "HEAD")[2] == b""


def test_a_withdrawal_is_seen_by_the_fast_path_once_the_publisher_calls_decision_changed():
    d = PublishedDecisionFactory(text="正文。")
    path = reverse("portal:decision", kwargs={"pk": d.pk})
    call(path)
    PublishedDecision.objects.filter(pk=d.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="已撤销")
    cache.decision_changed(d.pk)
    assert "本决定已撤回公开" in call(path)[2].decode()


def test_other_paths_and_unknown_decisions_go_to_django():
    status, _headers, body = call("/portal/decisions/424242/")
    assert status.startswith("404") and "没有这份公开的执法决定" in body.decode()
    assert call(reverse("portal:home"))[0].startswith("200")
