"""Writes to the inspector directory (执法检查人员名录库): registering officers, their availability, recusals
(回避). Each is one transaction with one record-log event; the private parts (the reason of an unavailability or
a recusal) go in as salted commitments, never in the payload.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts.models import Role, User
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.inspections.access import check_manage
from sanxiang.inspections.models import Inspector, InspectorRecusal, Target
from sanxiang.records.services import event_append

SUBJECT = "inspections.inspector"


def _new_public_id() -> str:
    """``I-`` and 8 random hex digits: opaque, so a draw record names nobody (unique: retried on a clash)."""
    while True:
        candidate = f"I-{secrets.token_hex(4).upper()}"
        if not Inspector.objects.filter(public_id=candidate).exists():
            return candidate


def _regions(regions) -> list[str]:
    if isinstance(regions, str):
        regions = regions.replace("，", ",").split(",")
    return sorted({str(r).strip() for r in regions or [] if str(r).strip()})


@transaction.atomic
def inspector_register(*, actor: User, user: User, regions=()) -> Inspector:
    """Put an officer of the actor's agency in the directory. Event ``inspector.register``."""
    check_manage(actor)
    if user.department is None or user.department.agency_id != actor.department.agency_id:
        raise InvalidInput(f"“{user}”不是本机关工作人员，不能列入本机关的执法检查人员名录库。")
    if not user.has_role(Role.OFFICER):
        raise InvalidInput(f"“{user}”不是执法人员，不能列入执法检查人员名录库。")
    if Inspector.objects.filter(user=user).exists():
        raise Conflict(f"“{user}”已在执法检查人员名录库中。")
    inspector = Inspector.objects.create(user=user, public_id=_new_public_id(), regions=_regions(regions))
    event_append(
        actor=actor,
        action="inspector.register",
        subject_type=SUBJECT,
        subject_id=inspector.pk,
        payload={"user_id": user.pk, "public_id": inspector.public_id, "regions": inspector.regions},
    )
    return inspector


@transaction.atomic
def inspector_set_availability(
    *,
    actor: User,
    inspector: Inspector,
    available: bool,
    unavailable_from: dt.date | None = None,
    unavailable_to: dt.date | None = None,
    reason: str = "",
) -> Inspector:
    """Mark an inspector available again, or unavailable for a period with a reason (kept private).
    Event ``inspector.availability``."""
    check_manage(actor)
    inspector = Inspector.objects.select_for_update().get(pk=inspector.pk)
    reason = (reason or "").strip()
    if not available:
        if not reason:
            raise InvalidInput("请填写不可参加抽取的原因（如病假、借调、培训）。")
        if unavailable_from and unavailable_to and unavailable_to < unavailable_from:
            raise InvalidInput("不可参加的结束日期不能早于开始日期。")
    inspector.is_available = available
    inspector.unavailable_from = None if available else unavailable_from
    inspector.unavailable_to = None if available else unavailable_to
    inspector.unavailable_reason = "" if available else reason
    inspector.save(update_fields=["is_available", "unavailable_from", "unavailable_to", "unavailable_reason"])
    event_append(
        actor=actor,
        action="inspector.availability",
        subject_type=SUBJECT,
        subject_id=inspector.pk,
        payload={
            "available": available,
            "from": inspector.unavailable_from.isoformat() if inspector.unavailable_from else None,
            "to": inspector.unavailable_to.isoformat() if inspector.unavailable_to else None,
        },
        personal={"reason": reason} if reason and not available else None,
    )
    return inspector


@transaction.atomic
def recusal_declare(
    *, actor: User, inspector: Inspector, target: Target, kind: str, reason: str
) -> InspectorRecusal:
    """回避: the inspector must not inspect the target (near relative, former employment, other interest). An
    inspector may declare their own; otherwise a manager records it. Event ``inspector.recusal``."""
    if actor != inspector.user:
        check_manage(actor)
    if kind not in InspectorRecusal.Kind.values:
        raise InvalidInput(
            "回避事由类别应为 relative（近亲属）、former_employment（曾任职）或 interest（其他利害关系）。"
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请写明回避的具体情况（只在本机关内部可见，不公开）。")
    if InspectorRecusal.objects.filter(inspector=inspector, target=target, ended_at__isnull=True).exists():
        raise Conflict(f"{inspector.public_id} 对“{target.name}”的回避已登记。")
    row = InspectorRecusal.objects.create(
        inspector=inspector, target=target, kind=kind, reason=reason, declared_by=actor
    )
    event_append(
        actor=actor,
        action="inspector.recusal",
        subject_type=SUBJECT,
        subject_id=inspector.pk,
        payload={"recusal_id": row.pk, "target_id": target.pk, "kind": kind},
        personal={"reason": reason},
    )
    return row


@transaction.atomic
def recusal_end(*, actor: User, recusal: InspectorRecusal, reason: str) -> InspectorRecusal:
    """End a recusal (the relation ended). The row stays. Event ``inspector.recusal_end``."""
    check_manage(actor)
    changed = InspectorRecusal.objects.filter(pk=recusal.pk, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if changed != 1:
        raise Conflict("该回避已解除。")
    recusal.refresh_from_db()
    event_append(
        actor=actor,
        action="inspector.recusal_end",
        subject_type=SUBJECT,
        subject_id=recusal.inspector_id,
        payload={"recusal_id": recusal.pk},
        personal={"reason": reason} if reason else None,
    )
    return recusal
