"""Two managers pressing "commit" on the same plan at the same moment, in two processes: exactly one
commitment is stored and published, the other gets the clear refusal (409), never a 500 or a second row."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.utils import timezone

from sanxiang.accounts.models import Role
from sanxiang.catalog.models import InspectionItem
from sanxiang.inspections import directory_services, services
from sanxiang.inspections.models import Commitment, Plan, PublishedPlan
from tests import processes
from tests.factories import UserFactory
from tests.inspections.conftest import LODGING, LOTTERY, TargetFactory, officer

pytestmark = pytest.mark.django_db(transaction=True)


def committer(plan_id: int, user_id: int, barrier, outcomes) -> None:
    from sanxiang.accounts.models import User
    from sanxiang.core.errors import Conflict

    try:
        user, plan = User.objects.get(pk=user_id), Plan.objects.get(pk=plan_id)
        barrier.wait(timeout=60)
        services.plan_commit(actor=user, plan=plan, source_name=LOTTERY,
                             source_after=timezone.now() + dt.timedelta(days=1))  # fmt: skip
        outcomes.put("committed")
    except Conflict as exc:
        outcomes.put("refused" if "只能承诺一次" in exc.message else f"conflict: {exc.message}")
    except Exception as exc:  # reported to the parent, which fails the test
        outcomes.put(f"error: {exc!r}")


def test_two_simultaneous_commitments_store_one(enforcement_unit):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that separate processes share (PostgreSQL, or SQLite in a file)")
    from sanxiang.catalog.demo import load_demo

    load_demo(io.StringIO())
    grace = UserFactory(username="grace", department=enforcement_unit, roles=[Role.UNIT_HEAD])
    erin = UserFactory(username="erin", department=enforcement_unit, roles=[Role.UNIT_HEAD])
    for name in ("a1", "a2", "a3"):
        directory_services.inspector_register(actor=grace, user=officer(enforcement_unit, name, name))
    TargetFactory.create_batch(5)
    today = timezone.localdate()
    plan = services.plan_create(
        actor=grace, title="并发承诺", items=[(InspectionItem.objects.current().get(code=LODGING), grace.department)],
        ratios={"B": "1"}, period_start=today, period_end=today + dt.timedelta(days=30), frequency="每年 1 次",
    )  # fmt: skip
    barrier, outcomes = processes.CONTEXT.Barrier(2), processes.CONTEXT.Queue()
    workers = [
        processes.start(f"{__name__}:committer", plan.pk, u.pk, barrier, outcomes) for u in (grace, erin)
    ]
    for process in workers:
        process.join(timeout=300)
        assert process.exitcode == 0
    assert sorted([outcomes.get(timeout=5), outcomes.get(timeout=5)]) == ["committed", "refused"]
    assert Commitment.objects.filter(plan=plan).count() == 1
    assert PublishedPlan.objects.filter(plan_id=plan.pk).count() == 1
