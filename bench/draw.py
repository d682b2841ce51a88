"""The verifiable draw (commitment + run) against numpy.random.Generator.choice of the same counts (issue 7).

    .venv/bin/python bench/draw.py                                       # 100,000 targets, 500 inspectors
    .venv/bin/python bench/draw.py --targets 1000000 --inspectors 500    # the issue's size (goal < 5 s)

Targets are generated deterministically (seed): credit-code-like ids, a name, risk classes A/B/C/D in shares
10/40/40/10 %, 20 regions, 5 industries; the plan draws A 1 %, B 3 %, C 5 %, D 10 % (4.3 % of the targets,
43,032 tasks at 1,000,000), teams of 2 certified in two fields (9 in 10 inspectors are), one recusal pair
per 100 targets and workloads 0..4. The timed draw is ``draw.commitment(inputs)`` then
``draw.run(inputs, value)`` (run hashes the inputs again: the draw key includes the commitment's overall
hash; at a public draw the commitment was made days before, so a person waits for ``run`` only). The
baseline draws the same counts with ``numpy.random.Generator.choice``: per class k of n without replacement,
then per task ``team_size`` of the inspectors. Medians of --runs runs, alternating; CPU seconds are printed
too because the machine is shared; the last line is the headline ratio and the goal.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time

import numpy as np

from sanxiang.inspections import draw

RATIOS = {"A": "0.01", "B": "0.03", "C": "0.05", "D": "0.1"}


def make_inputs(n_targets: int, n_inspectors: int, seed: int) -> draw.DrawInputs:
    rng = np.random.default_rng(seed)
    classes = rng.choice(np.array(list("ABCD")), size=n_targets, p=[0.1, 0.4, 0.4, 0.1])
    regions = rng.integers(0, 20, size=n_targets)
    industries = ("餐饮", "住宿", "游泳场所", "学校", "医疗机构")
    targets = tuple(
        draw.Target(
            id=f"9111{i:014d}",
            name=f"某区某某{industries[i % 5]}有限公司{i}",
            risk_class=str(classes[i]),
            region=f"街道{int(regions[i]):02d}",
            industry=industries[i % 5],
        )
        for i in range(n_targets)
    )
    inspectors = tuple(
        draw.Inspector(
            id=f"I-{i:08x}",
            fields=("公共场所卫生", "生活饮用水卫生") if i % 10 else ("公共场所卫生",),
            regions=(f"街道{i % 20:02d}", f"街道{(i + 1) % 20:02d}"),
            workload=int(i % 5),
        )
        for i in range(n_inspectors)
    )
    recusals = tuple((inspectors[i % n_inspectors].id, targets[i].id) for i in range(0, n_targets, 100))
    return draw.DrawInputs(
        plan_id="bench",
        targets=targets,
        inspectors=inspectors,
        recusals=recusals,
        constraints=draw.Constraints(
            ratios=RATIOS, team_size=2, fields_required=("公共场所卫生", "生活饮用水卫生")
        ),
        source=draw.RandomnessSource(
            name="中国福利彩票双色球第 2026137 期开奖号码", after="2026-11-26T21:30:00+08:00"
        ),
        code_version=draw.CODE_VERSION,
    )


def ours(inputs: draw.DrawInputs, value: str) -> tuple[float, float, float, draw.DrawResult]:
    """Wall seconds of commitment and of run, CPU seconds of both (the machine is shared), the result."""
    # Fresh copies: DrawInputs caches its target hash, and commit and reveal happen days apart.
    committed, drawn = dataclasses.replace(inputs), dataclasses.replace(inputs)
    cpu, t0 = time.process_time(), time.perf_counter()
    draw.commitment(committed)
    t1 = time.perf_counter()
    result = draw.run(drawn, value)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, time.process_time() - cpu, result


def baseline(class_sizes: dict[str, int], result: draw.DrawResult, n_inspectors: int, team: int, seed: int):
    """Wall and CPU seconds of the same counts drawn with numpy.random.Generator.choice."""
    rng = np.random.default_rng(seed)
    cpu, t0 = time.process_time(), time.perf_counter()
    for risk_class, k in result.drawn_per_class.items():
        rng.choice(class_sizes.get(risk_class, 0), size=k, replace=False)
    for _task in result.tasks:
        rng.choice(n_inspectors, size=team, replace=False)
    return time.perf_counter() - t0, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--targets", type=int, default=100_000, help="targets (default 100,000; issue: 1,000,000)"
    )
    parser.add_argument("--inspectors", type=int, default=500, help="inspectors (default 500)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5); medians shown")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()

    inputs = make_inputs(args.targets, args.inspectors, args.seed)
    value = "03 07 12 19 25 31 / 09"
    problems = draw.feasibility(inputs)
    if problems:
        print("INFEASIBLE: " + "；".join(problems), file=sys.stderr)
        return 1
    class_sizes: dict[str, int] = {}
    for t in inputs.targets:
        class_sizes[t.risk_class] = class_sizes.get(t.risk_class, 0) + 1

    commit_s, run_s, cpu_s, ours_s, numpy_s, numpy_cpu_s, first = [], [], [], [], [], [], None
    for _ in range(args.runs):
        c, r, cpu, result = ours(inputs, value)
        cpu_s.append(cpu)
        if first is None:
            first = result
        elif result != first:
            print("NOT DETERMINISTIC: two runs gave different results", file=sys.stderr)
            return 1
        commit_s.append(c)
        run_s.append(r)
        ours_s.append(c + r)
        wall, cpu = baseline(class_sizes, result, args.inspectors, 2, args.seed)
        numpy_s.append(wall)
        numpy_cpu_s.append(cpu)
    ours_median, numpy_median = statistics.median(ours_s), statistics.median(numpy_s)
    print(f"targets {args.targets}")
    print(f"inspectors {args.inspectors}")
    print(f"drawn {len(first.tasks)} {first.drawn_per_class}")
    print(f"runs {args.runs} (medians below)")
    print(f"commitment_seconds {statistics.median(commit_s):.3f}")
    print(f"run_seconds {statistics.median(run_s):.3f}")
    print(f"draw_seconds {ours_median:.3f} (commitment + run; goal < 5 s at 1,000,000 targets)")
    print(f"draw_cpu_seconds {statistics.median(cpu_s):.3f} (process CPU time of commitment + run)")
    print(f"numpy_choice_seconds {numpy_median:.3f} (cpu {statistics.median(numpy_cpu_s):.3f})")
    cpu_ratio = statistics.median(cpu_s) / statistics.median(numpy_cpu_s)
    print(
        f"ratio_vs_numpy {ours_median / numpy_median:.1f} (cpu {cpu_ratio:.1f}); draw {ours_median:.2f} s "
        f"(cpu {statistics.median(cpu_s):.2f} s) (goal: draw < 5 s at 1,000,000 targets)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
