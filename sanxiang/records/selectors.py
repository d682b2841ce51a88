"""Reads of the record log."""

from __future__ import annotations

from django.db.models import QuerySet

from sanxiang.records.models import Checkpoint, Event


def events_for(subject_type: str, subject_id) -> QuerySet[Event]:
    """The events of one object, oldest first, with their actors (the timeline, 时间线)."""
    return (
        Event.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
        .select_related("actor")
        .order_by("seq")
    )


def checkpoints_newest_first() -> QuerySet[Checkpoint]:
    return Checkpoint.objects.order_by("-tree_size")
