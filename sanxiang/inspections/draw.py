"""The verifiable draw of 双随机 (issue 7; architecture.md "The random draw"; the algorithm: docs/draw.md).

Pure and standard-library only, no Django: the standalone verifier (``tools/sanxiang_verify.py draw``) loads
this file by path. Commit then reveal, in the discipline of RFC 3797:

* :func:`feasibility` says, before anything is committed, why the constraints cannot be met (never relaxed);
* :func:`commitment` hashes the canonical inputs (targets, inspectors, recusal pairs, constraints, code
  version, the named randomness source and the time after which its value will be taken);
* :func:`run` draws targets per risk class and a team per target, deterministically from the public value;
* :func:`record` is the publishable file, :func:`verify` re-runs one and says where it differs.

docs/draw.md is the specification: a change to anything that can alter a result is a new ``CODE_VERSION``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import compress, islice
from operator import attrgetter, eq, itemgetter

CODE_VERSION = "sanxiang-draw/1"
COMMITMENT_FORMAT = "sanxiang-draw-commitment/1"
RECORD_FORMAT = "sanxiang-draw-record/1"
TARGET_COLUMNS = ("id", "name", "risk_class", "region", "industry")
INSPECTOR_COLUMNS = ("id", "fields", "regions", "workload")
# What each hash of the commitment covers, in Chinese for the messages of verify().
HASHED = {
    "targets": "检查对象清单",
    "inspectors": "检查人员清单",
    "recusals": "回避关系",
    "constraints": "抽取条件（比例、每组人数、执法类别、同区域、每人上限）",
    "code_version": "代码版本",
    "source": "随机源及取值时间",
}
MAX_LISTED = 10


@dataclass(frozen=True)
class Target:
    """检查对象: ``id`` is the unified social credit code; a 个体户 is named by its business name."""

    id: str
    name: str
    risk_class: str
    region: str
    industry: str


@dataclass(frozen=True)
class Inspector:
    """检查人员 by an opaque public id (never a name); ``workload``: open tasks already held."""

    id: str
    fields: tuple[str, ...]
    regions: tuple[str, ...]
    workload: int = 0


@dataclass(frozen=True)
class Constraints:
    ratios: dict[str, str]  # risk class -> decimal string in [0, 1]
    team_size: int  # >= 2: 行政处罚法 art. 42 (执法人员不得少于两人)
    fields_required: tuple[str, ...]
    same_region: bool = False
    max_tasks_per_inspector: int | None = None
    # 联合抽查: each of these fields must be held by at least one member of every team (docs/draw.md 5.1).
    fields_covered: tuple[str, ...] = ()


@dataclass(frozen=True)
class RandomnessSource:
    name: str
    after: str  # ISO 8601 with offset: the value is taken from the first publication after this time
    description: str = ""


@dataclass(frozen=True)
class DrawInputs:
    plan_id: str
    targets: tuple[Target, ...]
    inspectors: tuple[Inspector, ...]
    recusals: tuple[tuple[str, str], ...]  # (inspector id, target id), without reasons
    constraints: Constraints
    source: RandomnessSource
    code_version: str

    # The targets are immutable (a tuple of frozen Targets) and the largest input: their canonical rows and
    # hash are computed once per DrawInputs, however often commitment, run and record ask.
    @cached_property
    def target_rows(self) -> list[tuple[str, str, str, str, str]]:
        """The canonical target list: ``(id, name, risk_class, region, industry)`` sorted by id."""
        return sorted(map(attrgetter(*TARGET_COLUMNS), self.targets))

    @cached_property
    def targets_sha256(self) -> str:
        return sha256_hex(canonical_json(self.target_rows))


@dataclass(frozen=True)
class Task:
    target_id: str
    inspector_ids: tuple[str, ...]  # in draw order: the first is the team lead (组长)


@dataclass(frozen=True)
class DrawResult:
    tasks: tuple[Task, ...]
    drawn_per_class: dict[str, int]


class Infeasible(Exception):
    """The constraints cannot be met; ``reasons`` are Chinese sentences naming what and why."""

    def __init__(self, reasons: list[str]):
        super().__init__("；".join(reasons))
        self.reasons = reasons


class NotADrawRecord(Exception):
    """The data is not a draw record in the documented format (exit code 2 in the CLIs)."""


# -- canonical forms and the commitment -------------------------------------------------------------------------


def canonical_json(value) -> bytes:
    """Sorted keys, no spaces, UTF-8 (non-ASCII not escaped): the bytes every hash is taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sorted_by_id(items):
    return sorted(items, key=attrgetter("id"))


def canonical_parts(inputs: DrawInputs) -> dict:
    """The six committed parts in canonical form (docs/draw.md "Canonical inputs"). Targets are tuples
    (written as JSON arrays): 1,000,000 of them must hash in well under a second."""
    c = inputs.constraints
    constraints = {
        "fields_required": sorted(set(c.fields_required)),
        "max_tasks_per_inspector": c.max_tasks_per_inspector,
        "ratios": dict(c.ratios),
        "same_region": c.same_region,
        "team_size": c.team_size,
    }
    if c.fields_covered:  # absent when empty: inputs without it keep their canonical form and hashes
        constraints["fields_covered"] = sorted(set(c.fields_covered))
    return {
        "targets": inputs.target_rows,
        "inspectors": [
            [i.id, sorted(set(i.fields)), sorted(set(i.regions)), i.workload]
            for i in _sorted_by_id(inputs.inspectors)
        ],
        "recusals": [list(p) for p in sorted(set(inputs.recusals))],
        "constraints": constraints,
        "code_version": inputs.code_version,
        "source": {
            "after": inputs.source.after,
            "description": inputs.source.description,
            "name": inputs.source.name,
        },
    }


def _seal(body: dict) -> dict:
    body = {k: v for k, v in body.items() if k != "commitment_sha256"}
    return {**body, "commitment_sha256": sha256_hex(canonical_json(body))}


def _commitment_of(inputs: DrawInputs, parts: dict) -> dict:
    return _seal(
        {
            "format": COMMITMENT_FORMAT,
            "plan_id": inputs.plan_id,
            "code_version": inputs.code_version,
            "source": parts["source"],
            "counts": {k: len(parts[k]) for k in ("targets", "inspectors", "recusals")},
            "hashes": {
                name: inputs.targets_sha256 if name == "targets" else sha256_hex(canonical_json(parts[name]))
                for name in HASHED
            },
        }
    )


def commitment(inputs: DrawInputs) -> dict:
    """承诺: the hash of each canonical part, the counts, the source in clear, and one overall hash
    (``commitment_sha256``, over the canonical JSON of everything else in the dict)."""
    return _commitment_of(inputs, canonical_parts(inputs))


# -- checks -----------------------------------------------------------------------------------------------------


def parse_ratio(text) -> Fraction | None:
    """A ratio is a plain decimal string between 0 and 1 ("0.03", "1"); None when it is not."""
    if not isinstance(text, str) or not text or text.count(".") > 1:
        return None
    whole, _, frac = text.partition(".")
    if not whole.isascii() or not whole.isdigit() or (frac and not (frac.isascii() and frac.isdigit())):
        return None
    if text.endswith("."):
        return None
    value = Fraction(int(whole + frac), 10 ** len(frac))
    return value if value <= 1 else None


def class_quota(size: int, ratio: Fraction) -> int:
    """Targets drawn from a class of ``size``: ratio x size rounded half up, at least 1 when the ratio and
    the class are not zero, never more than the class."""
    if size == 0 or ratio == 0:
        return 0
    k = (2 * ratio.numerator * size + ratio.denominator) // (2 * ratio.denominator)
    return min(size, max(1, k))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _structural_problems(inputs: DrawInputs, parts: dict) -> list[str]:
    c, problems = inputs.constraints, []
    if inputs.code_version != CODE_VERSION:
        problems.append(f"抽取算法版本为“{inputs.code_version}”，本程序实现的是“{CODE_VERSION}”")
    if not _is_int(c.team_size) or c.team_size < 2:
        problems.append("每组检查人员不得少于 2 人（行政处罚法第四十二条）")
    covered = sorted(set(c.fields_covered))
    if _is_int(c.team_size) and c.team_size < len(covered):
        problems.append(
            f"每组 {c.team_size} 人少于须覆盖的执法类别数 {len(covered)}（{'、'.join(covered)}），"
            "检查组可能无法覆盖每个类别"
        )
    if c.max_tasks_per_inspector is not None and (
        not _is_int(c.max_tasks_per_inspector) or c.max_tasks_per_inspector < 1
    ):
        problems.append("每人任务上限应为正整数或不设上限")
    if not c.ratios:
        problems.append("没有设定任何风险等级的抽查比例")
    for risk_class, ratio in sorted(c.ratios.items()):
        if parse_ratio(ratio) is None:
            problems.append(f"风险等级 {risk_class} 的抽查比例“{ratio}”不是 0 到 1 之间的小数（如 0.03）")
    for label, rows in (("检查对象", parts["targets"]), ("检查人员", parts["inspectors"])):
        ids = list(map(itemgetter(0), rows))  # sorted: an empty id comes first, duplicates side by side
        if not set(map(type, ids)) <= {str} or ids[:1] == [""]:
            problems.append(f"有{label}没有标识")
        elif any(map(eq, ids, islice(ids, 1, None))):
            problems.append(f"{label}的标识有重复")
    if any(not _is_int(i.workload) or i.workload < 0 for i in inputs.inspectors):
        problems.append("检查人员的现有任务数应为非负整数")
    if not inputs.source.name.strip():
        problems.append("没有写明随机源的名称")
    try:
        after = dt.datetime.fromisoformat(inputs.source.after)
    except (TypeError, ValueError):
        after = None
    if after is None or after.tzinfo is None:
        problems.append(f"随机源取值时间“{inputs.source.after}”不是带时区的 ISO 8601 时间")
    return problems


def _quotas(inputs: DrawInputs, rows: list) -> dict[str, int]:
    sizes = Counter(map(itemgetter(2), rows))
    return {
        rc: class_quota(sizes.get(rc, 0), parse_ratio(r))
        for rc, r in sorted(inputs.constraints.ratios.items())
    }


def _listed(items: list[str], more: str) -> str:
    text = "；".join(items[:MAX_LISTED])
    return text + (f"；另有 {len(items) - MAX_LISTED} {more}" if len(items) > MAX_LISTED else "")


def feasibility(inputs: DrawInputs) -> list[str]:
    """Why a draw from ``inputs`` cannot be made (Chinese sentences), or ``[]``. Checked before commit; it
    checks every target that can be drawn, so a draw it passes can fail only when per-inspector caps run out
    unevenly (docs/draw.md section 6)."""
    parts = canonical_parts(inputs)
    problems = _structural_problems(inputs, parts)
    if problems:
        return problems
    c = inputs.constraints
    required = set(c.fields_required)
    certified = [i for i in inputs.inspectors if required <= set(i.fields)]
    wanted = "、".join(sorted(required)) or "（无）"
    if len(certified) < c.team_size:
        return [
            f"具备所需全部执法类别（{wanted}）资格的检查人员只有 {len(certified)} 名，少于每组 {c.team_size} 人"
        ]
    rows = parts["targets"]
    quotas = _quotas(inputs, rows)
    total = sum(quotas.values())
    if total == 0:
        return ["按设定的风险等级和比例，没有任何检查对象会被抽中"]
    certified_ids = {i.id for i in certified}
    per_region: dict[str, int] = {}
    for i in certified:
        for region in set(i.regions):
            per_region[region] = per_region.get(region, 0) + 1
    regions_of = {i.id: set(i.regions) for i in certified}
    recused: dict[str, set[str]] = {}
    for inspector_id, target_id in set(inputs.recusals):
        if inspector_id in certified_ids:
            recused.setdefault(target_id, set()).add(inspector_id)
    short = []
    for target_id, name, risk_class, region, _industry in rows:
        if not quotas.get(risk_class):
            continue
        out = recused.get(target_id, ())
        if c.same_region:
            eligible = per_region.get(region, 0) - sum(1 for i in out if region in regions_of[i])
        else:
            eligible = len(certified) - len(out)
        if eligible < c.team_size:
            short.append(
                f"检查对象“{name}”（{target_id}）符合条件（资格、回避、区域）的检查人员只有 {eligible} 名"
            )
    if short:
        problems.append(_listed(short, "个检查对象同样不足") + f"，少于每组 {c.team_size} 人")
    problems.extend(_coverage_problems(inputs, certified, rows, quotas, recused))
    if c.max_tasks_per_inspector is not None:
        room = sum(max(0, c.max_tasks_per_inspector - i.workload) for i in certified)
        if room < total * c.team_size:
            problems.append(
                f"将抽取 {total} 个检查对象、需 {total * c.team_size} 人次，而每人上限 {c.max_tasks_per_inspector} "
                f"个任务下检查人员最多还能承担 {room} 人次"
            )
    return problems


def _coverage_problems(
    inputs: DrawInputs, certified: list, rows: list, quotas: dict, recused: dict
) -> list[str]:
    """Each covered field, for each target that can be drawn: some eligible inspector holds it (docs/draw.md
    5.1). Named by field, then by target."""
    c = inputs.constraints
    problems = []
    for field in sorted(set(c.fields_covered)):
        holders = [i for i in certified if field in i.fields]
        if not holders:
            problems.append(f"没有具备执法类别“{field}”资格的检查人员，检查组无法覆盖该类别")
            continue
        per_region = Counter(region for i in holders for region in set(i.regions))
        regions_of = {i.id: set(i.regions) for i in holders}
        short = []
        for target_id, name, risk_class, region, _industry in rows:
            if not quotas.get(risk_class):
                continue
            out = [i for i in recused.get(target_id, ()) if i in regions_of]
            if c.same_region:
                eligible = per_region.get(region, 0) - sum(1 for i in out if region in regions_of[i])
            else:
                eligible = len(holders) - len(out)
            if eligible < 1:
                short.append(f"检查对象“{name}”（{target_id}）")
        if c.max_tasks_per_inspector is not None:
            room = sum(max(0, c.max_tasks_per_inspector - i.workload) for i in holders)
            total = sum(quotas.values())
            if room < total:
                problems.append(
                    f"将抽取 {total} 个检查对象、每组须有具备执法类别“{field}”资格的检查人员，而每人上限 "
                    f"{c.max_tasks_per_inspector} 个任务下具备该资格的检查人员最多还能承担 {room} 个任务"
                )
        if short:
            problems.append(
                _listed(short, "个检查对象同样如此")
                + f"没有符合条件（资格、回避、区域）且具备执法类别“{field}”资格的检查人员，检查组无法覆盖该类别"
            )
    return problems


# -- the key string (RFC 3797 section 4) ------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s,;+、]+")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


def _number_string(token: str) -> str:
    whole, _, fraction = token.partition(".")
    return f"{whole.lstrip('0') or '0'}.{fraction.rstrip('0')}"


def _source_string(source: str) -> str:
    tokens = [t for t in _SEPARATORS.split(source) if t]
    if tokens and all(_NUMBER.fullmatch(t) for t in tokens):
        return "".join(_number_string(t) for t in sorted(tokens, key=Decimal))
    bare = "".join(ch for ch in unicodedata.normalize("NFD", source) if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in unicodedata.normalize("NFC", bare).upper() if ch.isalnum())


def key_string(value: str) -> str:
    """The RFC 3797 key string of a public value: NFKC; sources separated by "/"; a source of numbers
    (separated by spaces, commas, "+", "、" or ";") is sorted ascending, each written without leading zeros
    and followed by "." (decimals: trailing zeros dropped, as RFC 3797's reference code); any other source is
    upper-cased letters and digits only; each source is followed by "/". "9319 / 2 5 12 8 10" gives
    "9319./2.5.8.10.12./"."""
    sources = [s.strip() for s in unicodedata.normalize("NFKC", value or "").split("/")]
    return "".join(_source_string(s) + "/" for s in sources if s and _source_string(s))


# -- the draw ---------------------------------------------------------------------------------------------------


def stream(key: bytes, label: str) -> Iterator[int]:
    """RFC 3797 section 4 with SHA-256 and an 8-byte counter: SHA-256(c || key || label "/" || c) as an
    unsigned big-endian integer, for c = 0, 1, 2, ..."""
    middle = key + label.encode("utf-8") + b"/"
    counter = 0
    while True:
        c = counter.to_bytes(8, "big")
        yield int.from_bytes(hashlib.sha256(c + middle + c).digest(), "big")
        counter += 1


def draw_key(inputs_commitment: dict, value: str) -> bytes:
    """The key string of the public value (RFC 3797 normalisation) with the commitment's overall hash
    appended as one more source, so that two plans drawn from the same value are independent."""
    return (key_string(value) + inputs_commitment["commitment_sha256"].upper() + "/").encode("utf-8")


def select(pool_size: int, count: int, numbers: Iterator[int]) -> list[int]:
    """Positions of ``count`` of ``pool_size`` items: a partial Fisher-Yates shuffle (step i swaps position i
    with i + (R_i mod (pool_size - i))) kept sparse, so it costs O(count), not O(pool_size)."""
    moved: dict[int, int] = {}
    picked = []
    for i in range(count):
        j = i + next(numbers) % (pool_size - i)
        at_j = moved.get(j, j)
        moved[j] = moved.get(i, i)
        picked.append(at_j)
    return picked


def _draw_targets(inputs: DrawInputs, rows: list, numbers_for) -> tuple[list, dict[str, int]]:
    quotas = _quotas(inputs, rows)
    drawn = []
    classes = list(map(itemgetter(2), rows))
    for risk_class in sorted(quotas):
        pool = list(compress(rows, map(risk_class.__eq__, classes))) if quotas[risk_class] else []
        drawn.extend(
            pool[p] for p in select(len(pool), quotas[risk_class], numbers_for("targets:" + risk_class))
        )
    return drawn, quotas


class _Teams:
    """Least-loaded eligible inspectors, in id order within a load level (docs/draw.md "Teams")."""

    def __init__(self, inputs: DrawInputs):
        c = inputs.constraints
        required = set(c.fields_required)
        self.people = [i for i in _sorted_by_id(inputs.inspectors) if required <= set(i.fields)]
        self.covered = sorted(set(c.fields_covered))
        self.fields = [set(p.fields) for p in self.people]
        self.index = {p.id: n for n, p in enumerate(self.people)}
        self.load = [p.workload for p in self.people]
        self.cap = c.max_tasks_per_inspector
        self.same_region = c.same_region
        self.regions = [set(p.regions) for p in self.people]
        # pool key -> load -> sorted indices of available inspectors
        self.pools: dict[str, dict[int, list[int]]] = {}
        for n in range(len(self.people)):
            if self.cap is not None and self.load[n] >= self.cap:
                continue
            for key in self._keys(n):
                bisect.insort(self.pools.setdefault(key, {}).setdefault(self.load[n], []), n)
        self.recused: dict[str, set[int]] = {}
        for inspector_id, target_id in set(inputs.recusals):
            if inspector_id in self.index:
                self.recused.setdefault(target_id, set()).add(self.index[inspector_id])

    def _keys(self, n: int):
        return sorted(self.regions[n]) if self.same_region else ["*"]

    def _bump(self, n: int) -> None:
        old = self.load[n]
        self.load[n] = old + 1
        for key in self._keys(n):
            levels = self.pools[key]
            levels[old].remove(n)
            if not levels[old]:
                del levels[old]
            if self.cap is None or self.load[n] < self.cap:
                bisect.insort(levels.setdefault(old + 1, []), n)

    def team(self, row: tuple, size: int, numbers: Iterator[int]) -> list[str]:
        target_id, name, _rc, region, _industry = row
        levels = self.pools.get(region if self.same_region else "*", {})
        excluded = set(self.recused.get(target_id, ()))
        chosen: list[int] = []
        for field in self.covered:  # 5.1: first one holder of each covered field the team lacks so far
            if any(field in self.fields[n] for n in chosen):
                continue
            candidates = self._least_loaded_holding(levels, excluded, field)
            if not candidates or len(chosen) == size:
                raise Infeasible(
                    [f"检查对象“{name}”（{target_id}）没有可派的具备执法类别“{field}”资格的检查人员（资格、回避、"
                     f"区域、每人上限、每组 {size} 人），检查组无法覆盖该类别"]
                )  # fmt: skip
            self._pick(candidates, numbers, chosen, excluded)
        while len(chosen) < size:
            candidates = self._least_loaded(levels, excluded, region)
            if not candidates:
                raise Infeasible(
                    [f"检查对象“{name}”（{target_id}）只有 {len(chosen)} 名可派的检查人员（资格、回避、区域、"
                     f"每人上限），少于每组 {size} 人"]
                )  # fmt: skip
            self._pick(candidates, numbers, chosen, excluded)
        return [self.people[n].id for n in chosen]

    def _pick(
        self, candidates: list[int], numbers: Iterator[int], chosen: list[int], excluded: set[int]
    ) -> None:
        pick = candidates[next(numbers) % len(candidates)]
        chosen.append(pick)
        excluded.add(pick)
        self._bump(pick)

    def _least_loaded_holding(
        self, levels: dict[int, list[int]], excluded: set[int], field: str
    ) -> list[int]:
        """The not-excluded inspectors holding ``field`` of the lowest load level that has any, in id order."""
        for level in sorted(levels):
            candidates = [n for n in levels[level] if n not in excluded and field in self.fields[n]]
            if candidates:
                return candidates
        return []

    def _least_loaded(self, levels: dict[int, list[int]], excluded: set[int], region: str) -> list[int]:
        """The not-excluded inspectors of the lowest load level that has any, in id order."""
        if not levels:
            return []
        lowest = min(levels)
        candidates = self._available(levels[lowest], lowest, excluded, region)
        for level in sorted(levels)[1:] if not candidates else ():
            candidates = self._available(levels[level], level, excluded, region)
            if candidates:
                break
        return candidates

    def _available(self, bucket: list[int], level: int, excluded: set[int], region: str) -> list[int]:
        load, cap = self.load, self.cap
        # An excluded inspector is in this bucket when at this load, under the cap and in the pool.
        listed = [
            n for n in excluded
            if load[n] == level and (cap is None or level < cap) and (not self.same_region or region in self.regions[n])
        ]  # fmt: skip
        return [n for n in bucket if n not in excluded] if listed else bucket


def run(inputs: DrawInputs, value: str) -> DrawResult:
    """The draw from the public ``value``: deterministic; Infeasible when a drawn target cannot get a team."""
    parts = canonical_parts(inputs)
    problems = _structural_problems(inputs, parts)
    if problems:
        raise Infeasible(problems)
    if not key_string(value):
        raise Infeasible(["公开的随机数为空或不含任何数字、字母，无法据以抽取"])
    key = draw_key(_commitment_of(inputs, parts), value)
    rows = parts["targets"]
    drawn, quotas = _draw_targets(inputs, rows, lambda label: stream(key, label))
    teams, numbers = _Teams(inputs), stream(key, "teams")
    size = inputs.constraints.team_size
    tasks = tuple(
        Task(target_id=row[0], inspector_ids=tuple(teams.team(row, size, numbers))) for row in drawn
    )
    return DrawResult(tasks=tasks, drawn_per_class=quotas)


# -- the record and its verification ----------------------------------------------------------------------------


def record(inputs: DrawInputs, value: str, result: DrawResult) -> dict:
    """The publishable draw record: everything needed to re-run the draw, and nothing personal (inspectors by
    opaque id, recusal pairs without reasons, organisations by name and credit code)."""
    parts = canonical_parts(inputs)
    return {
        "format": RECORD_FORMAT,
        "plan_id": inputs.plan_id,
        "code_version": inputs.code_version,
        "source": parts["source"],
        "commitment": commitment(inputs),
        "inputs": {
            "target_columns": list(TARGET_COLUMNS),
            "targets": [list(t) for t in parts["targets"]],
            "inspector_columns": list(INSPECTOR_COLUMNS),
            "inspectors": parts["inspectors"],
            "recusals": parts["recusals"],
            "constraints": parts["constraints"],
        },
        "value": value,
        "key": key_string(value),
        "result": {
            "drawn_per_class": dict(result.drawn_per_class),
            "tasks": [
                {"target_id": t.target_id, "inspector_ids": list(t.inspector_ids)} for t in result.tasks
            ],
        },
    }


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise NotADrawRecord(f"不是抽取记录：{what}。")


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def inputs_from_record(data) -> DrawInputs:
    """The DrawInputs of a record; NotADrawRecord when it is not one in the documented format."""
    _need(isinstance(data, dict) and data.get("format") == RECORD_FORMAT, f"缺少 format “{RECORD_FORMAT}”")
    for key in ("plan_id", "code_version", "value", "key"):
        _need(isinstance(data.get(key), str), f"缺少字符串字段 {key}")
    for key in ("source", "inputs", "commitment", "result"):
        _need(isinstance(data.get(key), dict), f"缺少对象字段 {key}")
    source, given = data["source"], data["inputs"]
    _need(all(isinstance(source.get(k), str) for k in ("name", "after", "description")), "source 不完整")
    _need(given.get("target_columns") == list(TARGET_COLUMNS), "target_columns 不对")
    _need(given.get("inspector_columns") == list(INSPECTOR_COLUMNS), "inspector_columns 不对")
    targets, inspectors, recusals = given.get("targets"), given.get("inspectors"), given.get("recusals")
    _need(isinstance(targets, list) and all(_strings(t) and len(t) == 5 for t in targets), "targets 格式不对")
    _need(
        isinstance(inspectors, list)
        and all(
            isinstance(i, list) and len(i) == 4 and isinstance(i[0], str) and _strings(i[1]) and _strings(i[2])
            and _is_int(i[3]) for i in inspectors
        ),
        "inspectors 格式不对",
    )  # fmt: skip
    _need(
        isinstance(recusals, list) and all(_strings(p) and len(p) == 2 for p in recusals), "recusals 格式不对"
    )
    c = given.get("constraints")
    _need(isinstance(c, dict), "缺少 constraints")
    _need(
        isinstance(c.get("ratios"), dict) and all(isinstance(v, str) for v in c["ratios"].values()),
        "ratios 不对",
    )
    _need(_is_int(c.get("team_size")) and _strings(c.get("fields_required")), "constraints 不完整")
    _need(isinstance(c.get("same_region"), bool), "same_region 不对")
    cap = c.get("max_tasks_per_inspector")
    _need(cap is None or _is_int(cap), "max_tasks_per_inspector 不对")
    _need(_strings(c.get("fields_covered", [])), "fields_covered 不对")
    return DrawInputs(
        plan_id=data["plan_id"],
        targets=tuple(Target(*t) for t in targets),
        inspectors=tuple(Inspector(i[0], tuple(i[1]), tuple(i[2]), i[3]) for i in inspectors),
        recusals=tuple((p[0], p[1]) for p in recusals),
        constraints=Constraints(
            ratios=dict(c["ratios"]),
            team_size=c["team_size"],
            fields_required=tuple(c["fields_required"]),
            same_region=c["same_region"],
            max_tasks_per_inspector=cap,
            fields_covered=tuple(c.get("fields_covered", ())),
        ),
        source=RandomnessSource(
            name=source["name"], after=source["after"], description=source["description"]
        ),
        code_version=data["code_version"],
    )


def _short(digest) -> str:
    return f"{str(digest)[:16]}…"


def _commitment_problems(data: dict, inputs: DrawInputs, expected: str | None) -> list[str]:
    stated, again, problems = data["commitment"], commitment(inputs), []
    hashes = stated.get("hashes") if isinstance(stated.get("hashes"), dict) else {}
    for name, label in HASHED.items():
        if hashes.get(name) != again["hashes"][name]:
            problems.append(
                f"{label}的哈希与承诺不符（承诺 {_short(hashes.get(name))}，按记录重新计算 "
                f"{_short(again['hashes'][name])}）：记录中的{label}与承诺时不同"
            )
    if _seal(stated) != stated:
        problems.append("承诺本身被改动：其总哈希 commitment_sha256 与承诺的内容不符")
    elif not problems and stated != again:
        changed = "、".join(
            k for k in sorted(again) if k != "commitment_sha256" and stated.get(k) != again.get(k)
        )
        problems.append(f"承诺中的 {changed} 与记录不符")
    if expected is not None and stated.get("commitment_sha256") != expected.strip().lower():
        problems.append(
            f"记录中的承诺（{_short(stated.get('commitment_sha256'))}）不是事先公布的承诺（{_short(expected)}）"
        )
    return problems


def _result_problems(stated: dict, again: DrawResult) -> list[str]:
    problems = []
    if stated.get("drawn_per_class") != again.drawn_per_class:
        problems.append(
            f"各风险等级抽取数：记录为 {stated.get('drawn_per_class')}，重新运行为 {again.drawn_per_class}"
        )
    tasks = stated.get("tasks") if isinstance(stated.get("tasks"), list) else []
    if len(tasks) != len(again.tasks):
        problems.append(f"任务数：记录为 {len(tasks)} 个，重新运行为 {len(again.tasks)} 个")
    differ = []
    for n, (told, task) in enumerate(zip(tasks, again.tasks, strict=False), 1):
        told = told if isinstance(told, dict) else {}
        if told.get("target_id") != task.target_id:
            differ.append(
                f"第 {n} 个任务：记录为检查对象 {told.get('target_id')}，重新运行为 {task.target_id}"
            )
        elif told.get("inspector_ids") != list(task.inspector_ids):
            recorded = "、".join(map(str, told.get("inspector_ids") or []))
            differ.append(
                f"第 {n} 个任务（检查对象 {task.target_id}）：记录的检查组为 {recorded}，"
                f"重新运行为 {'、'.join(task.inspector_ids)}"
            )
    if differ:
        problems.append(_listed(differ, "个任务也不同"))
    return problems


def verify(data, *, commitment_sha256: str | None = None) -> list[str]:
    """Re-run a draw record: ``[]`` when its inputs match its commitment and the draw gives its result,
    else Chinese sentences saying where it differs. ``commitment_sha256``: the overall hash published before
    the draw, when known. NotADrawRecord when ``data`` is not a record."""
    inputs = inputs_from_record(data)
    if inputs.code_version != CODE_VERSION:
        return [f"记录使用的抽取算法为“{inputs.code_version}”，本程序实现的是“{CODE_VERSION}”，无法重新运行"]
    problems = _commitment_problems(data, inputs, commitment_sha256)
    if data["key"] != key_string(data["value"]):
        problems.append(
            f"随机数的规范化字符串不符：记录为“{data['key']}”，按公开数值应为“{key_string(data['value'])}”"
        )
    try:
        again = run(inputs, data["value"])
    except Infeasible as exc:
        return [*problems, "按记录的输入重新运行无法完成抽取：" + "；".join(exc.reasons)]
    return problems + _result_problems(data["result"], again)
