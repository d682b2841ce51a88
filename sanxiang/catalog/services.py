"""Writes to the catalog. Each function is one business write: it checks, writes, and appends its record-log
event in the same transaction (records.services.event_append).

Versioning: ``*_create`` makes version 1 of a new code; ``version_publish`` makes the next version of a code and
closes the current one (its ``effective_to`` becomes the day before the new version's ``effective_from``);
``version_retire`` closes the current version without a successor. Nothing is ever deleted or edited in place.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.forms.models import model_to_dict

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    DiscretionLevel,
    EnforcementItem,
    InspectionItem,
    ReviewRule,
    Versioned,
)
from sanxiang.catalog.penalties import PenaltyKind
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.records.services import event_append

V = TypeVar("V", bound=Versioned)
ONE_DAY = datetime.timedelta(days=1)
# Fields that belong to the version machinery, never copied or changed by callers.
_MACHINERY = {
    "id",
    "code",
    "version",
    "effective_from",
    "effective_to",
    "supersedes",
    "created_at",
    "created_by",
}
_SUBJECT = {
    EnforcementItem: "catalog.enforcementitem",
    DiscretionBenchmark: "catalog.discretionbenchmark",
    ReviewRule: "catalog.reviewrule",
    InspectionItem: "catalog.inspectionitem",
}


def _payload(row: Versioned, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "code": row.code,
        "version": row.version,
        "effective_from": row.effective_from.isoformat(),
        "effective_to": row.effective_to.isoformat() if row.effective_to else None,
    }
    payload.update(extra or {})
    return payload


def _log(*, actor, action: str, row: Versioned, extra: Mapping[str, Any] | None = None) -> None:
    event_append(
        actor=actor,
        action=action,
        subject_type=_SUBJECT[type(row)],
        subject_id=row.pk,
        payload=_payload(row, extra),
    )


def _create(
    model: type[V], *, actor, code: str, effective_from: datetime.date, fields: Mapping[str, Any]
) -> V:
    if not code.strip():
        raise InvalidInput("代码不能为空。")
    if model.objects.filter(code=code).exists():
        raise Conflict(f"代码“{code}”已存在；修改请发布新版本。")
    row = model(code=code, version=1, effective_from=effective_from, created_by=actor, **fields)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def item_create(*, actor, code: str, effective_from: datetime.date, **fields: Any) -> EnforcementItem:
    """Create version 1 of an enforcement item (执法事项)."""
    row = _create(EnforcementItem, actor=actor, code=code, effective_from=effective_from, fields=fields)
    _log(
        actor=actor, action="catalog_item.create", row=row, extra={"field_id": row.field_id, "kind": row.kind}
    )
    return row


@transaction.atomic
def review_rule_create(*, actor, code: str, effective_from: datetime.date, **fields: Any) -> ReviewRule:
    """Create version 1 of an entry of the 法制审核事项清单."""
    row = _create(ReviewRule, actor=actor, code=code, effective_from=effective_from, fields=fields)
    _log(
        actor=actor,
        action="catalog_review_rule.create",
        row=row,
        extra={"kind": row.kind, "amount": str(row.amount) if row.amount is not None else None},
    )
    return row


@transaction.atomic
def inspection_item_create(
    *, actor, code: str, effective_from: datetime.date, **fields: Any
) -> InspectionItem:
    """Create version 1 of an entry of the 随机抽查事项清单."""
    row = _create(InspectionItem, actor=actor, code=code, effective_from=effective_from, fields=fields)
    _log(actor=actor, action="catalog_inspection_item.create", row=row)
    return row


def _check_levels(levels: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    checked = []
    known = {k.value for k in PenaltyKind}
    for i, raw in enumerate(levels):
        level = dict(raw)
        kinds = list(level.get("penalty_kinds", []))
        unknown = [k for k in kinds if k not in known]
        if unknown:
            raise InvalidInput(f"裁量档次第 {i + 1} 项的处罚种类无效：{'、'.join(unknown)}。")
        low, high = level.get("fine_min"), level.get("fine_max")
        if low is not None and high is not None and Decimal(high) < Decimal(low):
            raise InvalidInput(f"裁量档次第 {i + 1} 项的罚款上限低于下限。")
        level.setdefault("order", i)
        checked.append(level)
    if not checked:
        raise InvalidInput("裁量基准至少要有一个档次。")
    return checked


@transaction.atomic
def benchmark_create(
    *, actor, code: str, effective_from: datetime.date, levels: Iterable[Mapping[str, Any]], **fields: Any
) -> DiscretionBenchmark:
    """Create version 1 of a discretion benchmark (裁量基准) with its levels."""
    checked = _check_levels(levels)
    row = _create(DiscretionBenchmark, actor=actor, code=code, effective_from=effective_from, fields=fields)
    for level in checked:
        DiscretionLevel.objects.create(benchmark=row, **level)
    _log(
        actor=actor,
        action="catalog_benchmark.create",
        row=row,
        extra={"item_id": row.item_id, "levels": len(checked)},
    )
    return row


@transaction.atomic
def version_publish(
    *,
    actor,
    current: V,
    effective_from: datetime.date,
    change_note: str,
    changes: Mapping[str, Any] | None = None,
    levels: Iterable[Mapping[str, Any]] | None = None,
) -> V:
    """Publish the next version of ``current``'s code, in force from ``effective_from``; close ``current``.

    ``changes`` are the fields that differ (the rest are copied). For a benchmark, ``levels`` replaces the
    levels (default: copied). Refused (Conflict) when ``current`` is no longer the current version, or when
    the new version would not start after the current one started.
    """
    model = type(current)
    locked = model.objects.select_for_update().get(pk=current.pk)
    if locked.effective_to is not None:
        raise Conflict(
            f"“{locked}”已不是现行版本（失效于 {locked.effective_to.isoformat()}），请在现行版本上修订。"
        )
    if effective_from <= locked.effective_from:
        raise InvalidInput(f"新版本的生效日期须晚于现行版本的生效日期 {locked.effective_from.isoformat()}。")
    if not change_note.strip():
        raise InvalidInput("请填写修订说明。")
    changes = dict(changes or {})
    bad = set(changes) & _MACHINERY
    if bad:
        raise InvalidInput(f"不能直接修改：{'、'.join(sorted(bad))}。")
    new_levels = _check_levels(levels) if levels is not None else None
    data = model_to_dict(locked, exclude=list(_MACHINERY | {"change_note"}))
    fk_names = {f.name for f in model._meta.concrete_fields if f.is_relation}
    data = {(f"{k}_id" if k in fk_names else k): v for k, v in data.items()}
    for key, value in changes.items():
        if key in fk_names:
            data[f"{key}_id"] = getattr(value, "pk", value)
        else:
            data[key] = value

    locked.effective_to = effective_from - ONE_DAY
    locked.save(update_fields=["effective_to"])
    row = model(
        code=locked.code,
        version=locked.version + 1,
        effective_from=effective_from,
        supersedes=locked,
        change_note=change_note,
        created_by=actor,
        **data,
    )
    row.full_clean()
    row.save()
    if isinstance(row, DiscretionBenchmark):
        assert isinstance(locked, DiscretionBenchmark)
        if new_levels is None:
            new_levels = [
                model_to_dict(lv, exclude=["id", "benchmark"]) for lv in locked.levels.order_by("order")
            ]
        for level in new_levels:
            DiscretionLevel.objects.create(benchmark=row, **level)
    _log(
        actor=actor,
        action=f"{_SUBJECT[model].replace('catalog.', 'catalog_')}.new_version",
        row=row,
        extra={"supersedes_id": locked.pk, "changed": sorted(changes), "note": change_note},
    )
    return row


@transaction.atomic
def version_retire(*, actor, current: V, effective_to: datetime.date, reason: str) -> V:
    """Close the current version of a code without a successor (e.g. a repealed provision). Kept as history."""
    model = type(current)
    locked = model.objects.select_for_update().get(pk=current.pk)
    if locked.effective_to is not None:
        raise Conflict(f"“{locked}”已于 {locked.effective_to.isoformat()} 失效。")
    if effective_to < locked.effective_from:
        raise InvalidInput(f"失效日期不能早于生效日期 {locked.effective_from.isoformat()}。")
    if not reason.strip():
        raise InvalidInput("请填写废止理由。")
    locked.effective_to = effective_to
    locked.save(update_fields=["effective_to"])
    _log(
        actor=actor,
        action=f"{_SUBJECT[model].replace('catalog.', 'catalog_')}.retire",
        row=locked,
        extra={"reason": reason},
    )
    return locked
