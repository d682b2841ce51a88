"""Reads of the record log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet

from sanxiang.records.models import Checkpoint, Event, PendingEvent


def events_for(subject_type: str, subject_id) -> list[Event]:
    """The events of one object, oldest first, with their actors (the timeline, 时间线).

    With the batch sequencer (PostgreSQL), events committed but not numbered yet come last, as unsaved
    events with ``seq`` None and no entry or leaf hash: a sequencer process numbers them tens of
    milliseconds after their commit, and the page an officer opens right after acting must show what was
    done. Both tables are read in one statement (one snapshot): the numbering moves an event from one to the
    other in one transaction, so each event is read exactly once."""
    subject_id = str(subject_id)
    if settings.LOG_SEQUENCER != "batch" or connection.vendor != "postgresql":
        return list(
            Event.objects.filter(subject_type=subject_type, subject_id=subject_id)
            .select_related("actor")
            .order_by("seq")
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq, created_at, actor_id, action, entry, leaf_hash, NULL::bigint AS pending "
            f"FROM {Event._meta.db_table} WHERE subject_type = %s AND subject_id = %s "
            "UNION ALL SELECT NULL::bigint, created_at, actor_id, action, '', '', id "
            f"FROM {PendingEvent._meta.db_table} WHERE subject_type = %s AND subject_id = %s "
            "ORDER BY pending NULLS FIRST, seq",
            [subject_type, subject_id, subject_type, subject_id],
        )
        rows = cursor.fetchall()
    users = get_user_model().objects.in_bulk({row[2] for row in rows if row[2] is not None})
    events = []
    for seq, created_at, actor_id, action, entry, leaf_hash, _pending in rows:
        event = Event(seq, created_at, actor_id, action, subject_type, subject_id, entry, leaf_hash)
        event._state.adding, event._state.db = seq is None, "default"
        Event.actor.field.set_cached_value(event, users.get(actor_id))
        events.append(event)
    return events


def checkpoints_newest_first() -> QuerySet[Checkpoint]:
    return Checkpoint.objects.order_by("-tree_size")
