"""In-app notifications (站内提醒): sending one (idempotent by key) and marking it read."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sanxiang.accounts.models import User
from sanxiang.cases.models import Notification
from sanxiang.core.errors import Conflict


def notification_send(*, recipient: User, text: str, link: str = "", key: str = "") -> Notification | None:
    """Send one notification; with ``key``, at most one per recipient and key (returns None when already sent).

    Not a record-log event: a reminder is not part of the case file (the deadline it is about is).
    """
    if key and Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient=recipient, text=text[:500], link=link, key=key)
    except IntegrityError:  # another worker sent it meanwhile
        return None


def notification_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise Conflict("只能标记自己的提醒。")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification
