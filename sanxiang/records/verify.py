"""Verification of the whole log, proofs for outsiders.

:func:`verify_log` rebuilds every leaf hash from the stored entries (a changed entry is named by its sequence
number), rebuilds the tree, and checks it against the log head, every stored checkpoint (signature and root at
its size) and the checkpoints an outsider kept (``against``). Comparing the rebuilt root at an earlier size with
that checkpoint's root is the strongest form of consistency: we hold every leaf, so no proof is needed.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field

from sanxiang.records import entries, merkle, notes
from sanxiang.records.models import Checkpoint, Event
from sanxiang.records.services import head_now


@dataclass
class Report:
    checked_entries: int = 0
    checked_checkpoints: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, message: str, seq: int | None = None) -> None:
        self.problems.append(message)
        if seq is not None and self.first_bad_seq is None:
            self.first_bad_seq = seq


def _column_problem(seq, data: bytes, created_at, actor_id, action, subject_type, subject_id) -> str | None:
    """Do the queryable columns say what the hashed entry says? (The timeline reads the columns.)"""
    try:
        entry = json.loads(data)
    except ValueError:
        return "条目不是 JSON"
    subject = entry.get("subject") or {}
    if (
        entry.get("seq") != seq
        or entry.get("action") != action
        or entry.get("actor") != actor_id
        or subject.get("type") != subject_type
        or subject.get("id") != subject_id
        or entry.get("time") != _utc_text(created_at)
    ):
        return "查询列与条目内容不一致"
    return None


def _utc_text(moment) -> str:
    """entries.format_time, faster: values from the database are already UTC on both backends."""
    if moment.utcoffset():
        return entries.format_time(moment)
    return moment.isoformat(timespec="microseconds")[:26] + "Z"


def verify_log(*, against: str | None = None, evidence: bool = True, chunk_size: int = 5000) -> Report:
    report = Report()
    head = head_now()
    hasher = merkle.Hasher(head.hash_name)
    verifier = _verifier_or_none(report)

    checkpoints: list[tuple[str, str]] = [
        (f"检查点（库内）#{c.tree_size}", c.note) for c in Checkpoint.objects.all()
    ]
    if against is not None:
        try:
            kept = notes.split_many(against)
        except notes.NoteError as exc:
            report.problem(f"外部检查点文件格式有误：{exc}")
            kept = []
        checkpoints += [(f"外部检查点 {i + 1}", text) for i, text in enumerate(kept)]
    wanted: dict[int, list[tuple[str, bytes]]] = {}
    for label, text in checkpoints:
        if verifier is None:
            break
        try:
            checkpoint = notes.open_checkpoint(text, verifier)
        except notes.NoteError as exc:
            report.problem(f"{label}：签名或格式无效（{exc}）")
            continue
        if checkpoint.origin != verifier.name:
            report.problem(f"{label}：来源 {checkpoint.origin} 不是本日志 {verifier.name}")
            continue
        wanted.setdefault(checkpoint.size, []).append((label, checkpoint.root))

    # One pass over the entries: leaf hashes recomputed, the frontier kept in place, roots taken at the
    # sizes of the checkpoints.
    leaf, node = hasher.leaf, hasher.node
    stack: list[bytes] = []
    roots: dict[int, bytes] = {0: hasher.empty_root()}
    expected = 0
    rows = (
        Event.objects.order_by("seq")
        .values_list(
            "seq", "entry", "leaf_hash", "created_at", "actor_id", "action", "subject_type", "subject_id"
        )
        .iterator(chunk_size=chunk_size)
    )
    for seq, text, stored_hash, created_at, actor_id, action, subject_type, subject_id in rows:
        if seq != expected:
            report.problem(f"序号不连续：应为 {expected}，实为 {seq}（记录缺失或被删除）", seq=expected)
            break
        data = text.encode("utf-8")
        value = leaf(data)
        if value.hex() != stored_hash:
            report.problem(f"第 {seq} 条记录被改动：条目与其存储的叶子哈希不符", seq=seq)
        else:
            wrong = _column_problem(seq, data, created_at, actor_id, action, subject_type, subject_id)
            if wrong:
                report.problem(f"第 {seq} 条记录被改动：{wrong}", seq=seq)
        size = expected
        carry = value
        while size & 1:
            carry = node(stack.pop(), carry)
            size >>= 1
        stack.append(carry)
        expected += 1
        if expected in wanted:
            roots[expected] = merkle.frontier_root(stack, hasher)
    report.checked_entries = expected
    current_root = merkle.frontier_root(stack, hasher)

    if head.size != expected or head.root_hash != current_root.hex():
        report.problem(f"日志头（{head.size} 条）与重建的树（{expected} 条）不一致")
    for size in sorted(wanted):
        for label, root in wanted[size]:
            report.checked_checkpoints += 1
            if size > expected:
                report.problem(f"{label}：检查点有 {size} 条，日志只有 {expected} 条（日志被截断或回滚）")
            elif roots.get(size) != root:
                report.problem(f"{label}：前 {size} 条记录的根哈希与检查点不符（日志被改写）")
    if evidence:
        _verify_evidence(report)
    return report


def _verifier_or_none(report: Report):
    from sanxiang.records.checkpoints import KeyFileError, verifier_key

    try:
        return verifier_key()
    except KeyFileError as exc:
        report.problem(str(exc))
        return None


def _verify_evidence(report: Report) -> None:
    """Hook for the evidence store: ``sanxiang.records.evidence.verify_all()`` returns a list of problems
    (strings, empty when every file matches its hash). Absent module: nothing to check."""
    try:
        module = importlib.import_module("sanxiang.records.evidence")
    except ModuleNotFoundError as exc:
        if exc.name != "sanxiang.records.evidence":
            raise
        return
    verify_all = getattr(module, "verify_all", None)
    if verify_all is None:
        return
    problems = list(verify_all() or [])
    report.notes.append(f"证据文件检查：{'通过' if not problems else f'{len(problems)} 处问题'}")
    for problem in problems:
        report.problem(f"证据文件：{problem}")


# Proofs ----------------------------------------------------------------------------------------------------


class ProofRequestError(ValueError):
    """The sequence number or sizes asked for do not exist in the log."""


def _stored_leaves(size: int) -> list[bytes]:
    hexes = Event.objects.filter(seq__lt=size).order_by("seq").values_list("leaf_hash", flat=True)
    return [bytes.fromhex(h) for h in hexes.iterator(chunk_size=10000)]


def inclusion_proof_for(seq: int, size: int | None = None) -> dict:
    """The inclusion proof of entry ``seq`` in the tree of ``size`` leaves (default: the latest checkpoint that
    contains it, else the current tree), with the checkpoint note when one has that size."""
    head = head_now()
    if size is None:
        checkpoint = Checkpoint.objects.filter(tree_size__gt=seq).order_by("-tree_size").first()
        size = checkpoint.tree_size if checkpoint else head.size
    if not 0 <= seq < size <= head.size:
        raise ProofRequestError(f"日志共 {head.size} 条：无法证明第 {seq} 条在大小为 {size} 的树中")
    hasher = merkle.Hasher(head.hash_name)
    leaves = _stored_leaves(size)
    proof = merkle.inclusion_proof(leaves, seq, size, hasher)
    checkpoint = Checkpoint.objects.filter(tree_size=size).first()
    return {
        "hash": head.hash_name,
        "seq": seq,
        "tree_size": size,
        "leaf_hash": leaves[seq].hex(),
        "proof": [p.hex() for p in proof],
        "root_hash": merkle.root(leaves, hasher).hex(),
        "checkpoint": checkpoint.note if checkpoint else None,
    }


def consistency_proof_for(first: int, second: int) -> dict:
    head = head_now()
    if not 0 <= first <= second <= head.size:
        raise ProofRequestError(f"日志共 {head.size} 条：无法证明 {first} 与 {second} 的一致性")
    hasher = merkle.Hasher(head.hash_name)
    leaves = _stored_leaves(second)
    return {
        "hash": head.hash_name,
        "first": first,
        "second": second,
        "first_root": merkle.root(leaves[:first], hasher).hex(),
        "second_root": merkle.root(leaves, hasher).hex(),
        "proof": [p.hex() for p in merkle.consistency_proof(leaves, first, second, hasher)],
    }
