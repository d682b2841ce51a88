"""Fixtures of the 双随机 tests: a frozen clock, the catalog seed, targets, and the people of 卫生监督所.

Personas (besides those of tests/conftest.py):

- grace (格蕾丝): 承办机构负责人 of 卫生监督所 — makes, commits, draws and publishes plans;
- the inspectors 爱丽丝 alice, 弗兰克 frank, 郭 guo, 何 he: officers certified in 公共场所卫生, all in the
  inspector directory (执法检查人员名录库), so a team of 2 can always be drawn;
- olga (奥尔加): officer certified in 公共场所卫生, *not* in the directory — never drawn;
- judy (朱迪): 监督人员, sees every plan, may do nothing.

The clock starts on Monday 2026-03-02 09:00 (Asia/Shanghai); a draw's value is taken after 2026-03-03 20:00.
"""

from __future__ import annotations

import datetime as dt
import io

import factory
import pytest
import time_machine

from sanxiang.accounts import codes
from sanxiang.accounts.models import Role
from sanxiang.inspections.models import Target
from tests.api_client import Api
from tests.factories import CertificateFactory, OfficerFactory, UserFactory

CST = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
AFTER = dt.datetime(2026, 3, 3, 20, 0, tzinfo=CST)  # the lottery's draw
REVEALED = dt.datetime(2026, 3, 4, 9, 0, tzinfo=CST)
LOTTERY = "中国福利彩票双色球第 2026024 期开奖号码"
VALUE = "03 08 14 21 27 30 + 12"
LODGING = "insp.public_places.lodging"
MEDICAL = "insp.medical.practice"


class TargetFactory(factory.django.DjangoModelFactory):
    """A 住宿场所 in 东街道, risk class B, with a valid credit code."""

    class Meta:
        model = Target

    credit_code = factory.Sequence(lambda n: codes.make_credit_code(division="430602", body=f"T{n:08d}"))
    name = factory.Sequence(lambda n: f"东街宾馆{n}号店")
    kind = Target.Kind.ENTERPRISE
    address = factory.Sequence(lambda n: f"东街道 {n} 号")
    region = "东街道"
    industry = "公共场所-住宿场所"
    risk_class = Target.Risk.B


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def catalog(db):
    from sanxiang.catalog.demo import load_demo

    load_demo(io.StringIO())


@pytest.fixture
def grace(enforcement_unit):
    """Grace, unit head (承办机构负责人) of 卫生监督所."""
    return UserFactory(
        username="grace", full_name="格蕾丝", department=enforcement_unit, roles=[Role.UNIT_HEAD]
    )


@pytest.fixture
def judy(db):
    """Judy, supervisor (监督人员): reads every plan, may do nothing."""
    return UserFactory(username="judy", full_name="朱迪", department=None, roles=[Role.SUPERVISOR])


def officer(unit, username: str, full_name: str, fields=("public_places",)):
    person = OfficerFactory(username=username, full_name=full_name, department=unit)
    CertificateFactory(officer=person, number=f"{username.upper()}-1", fields=list(fields))
    return person


@pytest.fixture
def inspectors(clock, enforcement_unit, grace):
    """Four officers certified in 公共场所卫生, registered in the inspector directory by grace."""
    from sanxiang.inspections.directory_services import inspector_register

    people = [
        officer(enforcement_unit, "alice", "爱丽丝"),
        officer(enforcement_unit, "frank", "弗兰克"),
        officer(enforcement_unit, "guo", "郭检查"),
        officer(enforcement_unit, "he", "何检查"),
    ]
    return [inspector_register(actor=grace, user=p, regions=["东街道"]) for p in people]


@pytest.fixture
def olga(clock, enforcement_unit):
    """Olga, certified officer not in the directory."""
    return officer(enforcement_unit, "olga", "奥尔加")


@pytest.fixture
def targets(db):
    """Twelve 住宿场所: 4 in class A, 6 in B, 2 in D, and two swimming venues outside the lodging filter."""
    rows = (
        TargetFactory.create_batch(4, risk_class="A")
        + TargetFactory.create_batch(6)
        + TargetFactory.create_batch(2, risk_class="D")
    )
    TargetFactory.create_batch(2, industry="公共场所-游泳场所")
    return rows


@pytest.fixture
def world(clock, catalog, grace, inspectors, targets):
    return {"grace": grace, "inspectors": inspectors, "targets": targets}


@pytest.fixture
def api():
    return Api()


def plan_data(**kw) -> dict:
    return {
        "title": "2026 年住宿场所卫生双随机抽查",
        "items": [{"item": LODGING}],
        "ratios": {"A": "0.25", "B": "0.5", "D": "1"},
        "industries": ["公共场所-住宿场所"],
        "period_start": "2026-03-09",
        "period_end": "2026-06-30",
        "frequency": "每年 1 次",
        "team_size": 2,
        **kw,
    }


def commit_data(**kw) -> dict:
    return {
        "source_name": LOTTERY,
        "source_after": AFTER.isoformat(),
        "source_description": "红球在前，蓝球在后",
        **kw,
    }
