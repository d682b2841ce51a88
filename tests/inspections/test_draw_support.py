"""Inputs for the draw tests (pure: no database). ``small()`` is a plan anyone can read at a glance;
``generated(seed, ...)`` makes varied inputs for the property-style tests."""

from __future__ import annotations

import random

from sanxiang.inspections import draw

FIELD = "公共场所卫生"
WATER = "生活饮用水卫生"
SOURCE = draw.RandomnessSource(
    name="中国福利彩票双色球第 2026137 期开奖号码", after="2026-11-26T21:30:00+08:00"
)
VALUE = "03 07 12 19 25 31 / 09"


def target(n: int, risk_class: str = "A", region: str = "街道01") -> draw.Target:
    return draw.Target(
        id=f"91110105MA{n:08d}",
        name=f"某某宾馆有限公司{n}",
        risk_class=risk_class,
        region=region,
        industry="住宿",
    )


def inspector(n: int, *, fields=(FIELD,), regions=("街道01", "街道02"), workload: int = 0) -> draw.Inspector:
    return draw.Inspector(id=f"I-{n:08x}", fields=tuple(fields), regions=tuple(regions), workload=workload)


def inputs(targets, inspectors, *, recusals=(), ratios=None, team_size=2, fields=(FIELD,), **constraints):
    return draw.DrawInputs(
        plan_id="7",
        targets=tuple(targets),
        inspectors=tuple(inspectors),
        recusals=tuple(recusals),
        constraints=draw.Constraints(
            ratios=ratios or {"A": "0.5"}, team_size=team_size, fields_required=tuple(fields), **constraints
        ),
        source=SOURCE,
        code_version=draw.CODE_VERSION,
    )


def small() -> draw.DrawInputs:
    """20 targets in classes A/B over two regions, 6 inspectors (one not certified), one recusal."""
    targets = [target(n, "AB"[n % 2], ("街道01", "街道02")[n % 3 == 0]) for n in range(20)]
    people = [inspector(n, workload=n % 3) for n in range(5)] + [inspector(5, fields=(WATER,))]
    return inputs(targets, people, recusals=[(people[1].id, targets[0].id)], ratios={"A": "0.3", "B": "0.25"})


def generated(seed: int) -> draw.DrawInputs:
    """Random but always feasible inputs: sizes, ratios, regions, caps and recusals vary with ``seed``."""
    rng = random.Random(seed)
    regions = [f"街道{r:02d}" for r in range(rng.randint(1, 3))]
    targets = [
        target(rng.randrange(10**8), rng.choice("ABCD"), rng.choice(regions))
        for _ in range(rng.randint(1, 60))
    ]
    targets = list({t.id: t for t in targets}.values())
    people = [
        inspector(
            n, regions=regions, workload=rng.randint(0, 3), fields=(FIELD, WATER) if n % 4 else (FIELD,)
        )
        for n in range(rng.randint(4, 12))
    ]
    recusals = [(rng.choice(people).id, rng.choice(targets).id) for _ in range(rng.randint(0, 3))]
    ratios = {c: rng.choice(["0", "0.05", "0.3", "0.5", "1"]) for c in "ABCD" if rng.random() < 0.8} or {
        "A": "1"
    }
    return inputs(
        targets,
        people,
        recusals=recusals,
        ratios=ratios,
        team_size=rng.choice([2, 2, 3]),
        same_region=rng.random() < 0.3,
    )
