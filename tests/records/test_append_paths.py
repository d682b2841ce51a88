"""The append's fast path (PostgreSQL: one guarded statement from the head this thread wrote last) must fall
back to the locked path whenever that remembered head is not the row's: after a rollback, after another
writer, or when it differs only in its frontier. Numbers stay gap-free and the tree verifies."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from sanxiang.records import services, verify
from sanxiang.records.models import Event, LogHead

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    settings.LOG_KEY_FILE = tmp_path / "log.key"


def append(i: int):
    with transaction.atomic():
        return services.event_append(
            actor=None, action="case.note", subject_type="cases.case", subject_id=i, payload={"i": i}
        )


def assert_log_is_whole(size: int) -> None:
    assert list(Event.objects.values_list("seq", flat=True)) == list(range(size))
    report = verify.verify_log(evidence=False)
    assert report.ok, report.problems


def test_an_append_after_a_rolled_back_one_reuses_its_number():
    append(0)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert (
            services.event_append(actor=None, action="case.note", subject_type="cases.case", subject_id=9).seq
            == 1
        )
        raise RuntimeError("the business write failed")
    assert append(1).seq == 1
    assert_log_is_whole(2)


def test_a_stale_remembered_head_falls_back_to_the_locked_path():
    for i in range(3):
        append(i)
    services._last_head.value = (connection.alias, 0, "", LogHead.objects.get().hash_name)  # as if long ago
    assert append(3).seq == 3
    assert_log_is_whole(4)


def test_a_remembered_head_with_the_right_size_but_another_frontier_is_not_used():
    for i in range(2):
        append(i)
    head = LogHead.objects.get()
    forged = " ".join("11" * 32 for _ in head.frontier.split())
    services._last_head.value = (connection.alias, head.size, forged, head.hash_name)
    assert append(2).seq == 2
    assert_log_is_whole(3)
    assert LogHead.objects.get().frontier != forged
