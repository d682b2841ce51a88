"""The 双随机 demo: a plan committed, drawn and published through the services; loading twice adds nothing."""

from __future__ import annotations

import io

import pytest

from sanxiang.inspections import draw
from sanxiang.inspections.demo import TITLE, load_demo
from sanxiang.inspections.models import Plan, PublishedPlan, Task

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_drawn_published_and_verifiable():
    from sanxiang.accounts.demo import load_demo as accounts
    from sanxiang.catalog.demo import load_demo as catalog

    accounts(io.StringIO())
    catalog(io.StringIO())
    load_demo(io.StringIO())
    plan = Plan.objects.get(title=TITLE)
    assert plan.status == "published"
    published = PublishedPlan.objects.get(plan_id=plan.pk)
    assert draw.verify(published.record) == []
    assert len(published.tasks) == Task.objects.filter(plan=plan).count() > 0
    load_demo(io.StringIO())
    assert Plan.objects.filter(title=TITLE).count() == 1
