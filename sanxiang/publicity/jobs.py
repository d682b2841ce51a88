"""Periodic jobs of the publicity pipeline (run by ``sanxiang worker``, registered with ``core.periodic``):

- ``publicity.warnings`` (every 15 minutes): each pending disclosure is marked yellow when 2 working days or
  fewer are left before its due date, red when overdue; the agency's publicity admins are notified once per
  disclosure and colour (in-app notification, also shown on the workbench).
- ``publicity.display_end`` (hourly): published decisions whose display period ended leave the listing.
- ``publicity.registry`` (daily): the pre-disclosure sections and the public certificate facts are brought in
  step (a new version only where something changed).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sanxiang.cases.notifications import notification_send
from sanxiang.core.calendar import current_calendar
from sanxiang.core.periodic import periodic
from sanxiang.publicity import selectors, services
from sanxiang.publicity.models import Disclosure


def warnings(now: dt.datetime) -> dict[str, int]:
    today = timezone.localdate(now)
    cal = current_calendar(provisional=True)
    counts = {"yellow": 0, "red": 0, "notifications": 0}
    services.case_publication_deadlines_answer()
    for disclosure in selectors.pending().filter(Q(yellow_at__isnull=True) | Q(red_at__isnull=True)):
        mark = selectors.mark_of(disclosure, today, cal).mark
        if not mark or not services.disclosure_mark(disclosure=disclosure, mark=mark, now=now):
            continue
        counts[mark] += 1
        due = disclosure.due_on.isoformat() + ("（暂定）" if disclosure.due_provisional else "")
        text = (f"【红牌】{disclosure.number}的公示期限已于 {due} 届满，请立即审核公开。" if mark == "red"
                else f"【黄牌】{disclosure.number}须于 {due} 前公示（不超过 2 个工作日）。")  # fmt: skip
        link = reverse("publicity:disclosure", args=[disclosure.pk])
        for admin in selectors.publicity_admins(disclosure.agency_id):
            sent = notification_send(
                recipient=admin, text=text, link=link, key=f"disclosure:{disclosure.pk}:{mark}"
            )
            counts["notifications"] += sent is not None
    return counts


def display_ends(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    due = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED, display_until__lt=today)
    return sum(services.disclosure_end_display(disclosure=d, today=today) for d in due)


@periodic(name="publicity.warnings", every=dt.timedelta(minutes=15), description="公示期限黄牌、红牌预警")
def publicity_warnings(slot: dt.datetime) -> str:
    counts = warnings(timezone.now())
    return f"黄牌 {counts['yellow']}，红牌 {counts['red']}，提醒 {counts['notifications']} 条。"


@periodic(name="publicity.display_end", every=dt.timedelta(hours=1), description="公示期满的决定退出列表")
def publicity_display_end(slot: dt.datetime) -> str:
    return f"公示期满 {display_ends(timezone.now())} 件。"


@periodic(name="publicity.registry", every=dt.timedelta(days=1), description="事前公开栏目与执法证信息更新")
def publicity_registry(slot: dt.datetime) -> str:
    synced = services.certificates_public_sync_all(actor=None)
    changed = services.registry_publish(actor=None)
    return f"执法证信息更新 {synced} 条；栏目新版本：{'、'.join(changed) or '无'}。"
