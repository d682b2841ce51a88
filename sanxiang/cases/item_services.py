"""涉案物品 (``models_items.CaseItem``): record a line of the 物品清单, withdraw a wrong one with a reason.

Items are recorded while the case is being investigated (查封、扣押 and 先行登记保存 happen then: 行政强制法 art.
24 — the 决定书 and 清单 are handed over on the spot; 处罚法 art. 56). Each write logs one event; item names and
quantities are not personal data.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts.models import Role, User
from sanxiang.cases.models import Case
from sanxiang.cases.models_items import CaseItem
from sanxiang.cases.services import SUBJECT, lock
from sanxiang.cases.workflow import State
from sanxiang.core.errors import Conflict, InvalidInput, NotAllowed
from sanxiang.records.services import event_append

OPEN_STATES = (State.INVESTIGATING,)


def _may_record(actor: User, case: Case) -> None:
    if not actor.role_codes & {Role.OFFICER, Role.UNIT_HEAD}:
        raise NotAllowed("涉案物品由执法人员或承办机构负责人登记。")
    if case.status not in OPEN_STATES:
        raise Conflict(
            f"案件当前处于“{case.state.label}”环节；涉案物品在调查取证环节（查封扣押、先行登记保存时）登记。"
        )


def _quantity(value) -> Decimal:
    try:
        quantity = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput("数量应为数字，如 12 或 2.5。") from None
    if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e11"):
        raise InvalidInput("数量应大于 0。")
    return quantity.quantize(Decimal("0.001"))


@transaction.atomic
def case_item_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    name: str,
    quantity,
    unit: str,
    specification: str = "",
    note: str = "",
) -> CaseItem:
    """登记一项涉案物品 (a line of the 物品清单)."""
    case = lock(case)
    _may_record(actor, case)
    if kind not in CaseItem.Kind.values:
        raise InvalidInput("措施应为 seizure（查封、扣押）或 preservation（先行登记保存）。")
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name or not unit:
        raise InvalidInput("请填写物品名称和数量单位。")
    item = CaseItem.objects.create(
        case=case, kind=kind, name=name[:200], specification=(specification or "").strip()[:200],
        quantity=_quantity(quantity), unit=unit[:20], note=(note or "").strip()[:300], recorded_by=actor,
    )  # fmt: skip
    event_append(
        actor=actor, action="case.item_record", subject_type=SUBJECT, subject_id=case.pk,
        payload={"item_id": item.pk, "kind": kind, "name": item.name, "specification": item.specification,
                 "quantity": str(item.quantity), "unit": item.unit},
    )  # fmt: skip
    return item


@transaction.atomic
def case_item_withdraw(*, actor: User, item: CaseItem, reason: str) -> CaseItem:
    """撤回 a wrongly recorded line, with the reason (the row stays; documents issued earlier are unchanged)."""
    case = lock(item.case_id)
    _may_record(actor, case)
    item = CaseItem.objects.select_for_update().get(pk=item.pk)
    if item.withdrawn_at is not None:
        raise Conflict("该物品已撤回。")
    if not (reason or "").strip():
        raise InvalidInput("请填写撤回理由。")
    item.withdrawn_at, item.withdrawn_reason = timezone.now(), reason.strip()[:300]
    item.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    event_append(
        actor=actor, action="case.item_withdraw", subject_type=SUBJECT, subject_id=case.pk,
        payload={"item_id": item.pk, "reason": item.withdrawn_reason},
    )  # fmt: skip
    return item
