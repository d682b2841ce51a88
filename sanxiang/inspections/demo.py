"""Demo 双随机: the inspector directory, a few 住宿场所 in the target directory, and one plan committed and drawn
through the services, so that ``sanxiang demo`` shows a published commitment, draw record and task list.

Needs the accounts and catalog demos first. Idempotent: the plan is recognised by its title. The commitment
must name a time in the future and the draw may only happen after it, so the demo commits to a time two
seconds ahead and waits for it — the source is labelled as a demo value, not a real lottery.
"""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone

from sanxiang.accounts import codes
from sanxiang.accounts.models import User
from sanxiang.catalog.models import InspectionItem
from sanxiang.inspections import directory_services, services
from sanxiang.inspections.models import Inspector, Plan, Target

TITLE = "演示：住宿场所卫生双随机抽查"
INSPECTORS = ("chenzhiqiang", "zhangwei", "hejun", "huangwei")
TARGETS = [
    ("人民路宾馆", "A"), ("江滨酒店", "A"), ("站前旅社", "B"), ("东风招待所", "B"), ("银河大酒店", "B"),
    ("春晖民宿", "B"), ("南湖宾馆", "C"), ("金桥快捷酒店", "C"), ("老街客栈", "D"), ("城北旅馆", "D"),
]  # fmt: skip


def _targets() -> int:
    created = 0
    for n, (name, risk) in enumerate(TARGETS, 1):
        code = codes.make_credit_code(registration="9", kind="2", division="430602", body=f"DEM{n:06d}")
        if Target.objects.filter(credit_code=code).exists():
            continue
        # Through the ORM: the target import (imports.py) is for files; these ten rows are demo fixtures.
        Target.objects.create(credit_code=code, name=name, region="人民路街道", industry="公共场所-住宿场所",
                              risk_class=risk, address=f"某区人民路 {n * 10} 号")  # fmt: skip
        created += 1
    return created


def load_demo(stdout) -> None:
    people = {u.username: u for u in User.objects.filter(username__in=INSPECTORS)}
    head = people.get("chenzhiqiang")
    if head is None or Plan.objects.filter(title=TITLE).exists():
        return
    for username in INSPECTORS:
        if username in people and not Inspector.objects.filter(user=people[username]).exists():
            directory_services.inspector_register(actor=head, user=people[username], regions=["人民路街道"])
    made = _targets()
    today = timezone.localdate()
    item = InspectionItem.objects.current().get(code="insp.public_places.lodging")
    plan = services.plan_create(
        actor=head, title=TITLE, items=[(item, head.department)], ratios={"A": "0.5", "B": "0.5", "C": "0.5", "D": "1"},
        industries=["公共场所-住宿场所"], regions=["人民路街道"], period_start=today + dt.timedelta(days=7),
        period_end=today + dt.timedelta(days=90), frequency="每年 1 次", team_size=2,
    )  # fmt: skip
    after = timezone.now() + dt.timedelta(seconds=2)
    services.plan_commit(actor=head, plan=plan, source_name="演示随机源（非真实开奖，仅供演示）", source_after=after,
                         source_description="演示数据：取值时间后录入固定演示数值")  # fmt: skip
    time.sleep(max(0.0, (after - timezone.now()).total_seconds()) + 0.1)
    services.draw_reveal(actor=head, plan=Plan.objects.get(pk=plan.pk), value="演示 07 11 19 23 28 31 + 05")
    services.plan_publish(actor=head, plan=Plan.objects.get(pk=plan.pk))
    stdout.write(f"双随机：新增检查对象 {made} 个，演示计划已承诺、抽取并公示任务。")
