"""The JSON Lines export of the log (docs/record-log.md, "Export").

Line 1 is a header; then one line per entry in sequence order; then one line per checkpoint. The default form
holds leaf hashes and non-personal metadata (time, action, subject type), enough to rebuild the tree and check
every checkpoint. The full form adds each entry's canonical JSON (payload, subject id, commitments); it is for
auditors and is itself logged. Salts are never exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db import transaction

from sanxiang.records import access, entries
from sanxiang.records.checkpoints import sm2_verifier_key, verifier_key
from sanxiang.records.models import Checkpoint, Event
from sanxiang.records.services import event_append, head_now

FORMAT = "sanxiang-log-export/1"


def _line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def export_lines(*, full: bool = False, actor=None) -> Iterator[str]:
    """The export, line by line. ``full`` needs an auditor ``actor`` and appends a ``log.export_full`` event
    first (so the export records that it happened)."""
    if full:
        access.access_full_export(actor)
        with transaction.atomic():
            event_append(actor=actor, action="log.export_full", subject_type="records.log", subject_id="log")
    head = head_now()
    size = head.size
    yield _line(
        {
            "type": "header",
            "format": FORMAT,
            "origin": verifier_key().name,
            "verifier_key": str(verifier_key()),
            "sm2_verifier_key": str(sm2_key) if (sm2_key := sm2_verifier_key()) else None,
            "hash": head.hash_name,
            "tree_size": size,
            "full": full,
        }
    )
    columns = ["seq", "leaf_hash", "created_at", "action", "subject_type"] + (["entry"] if full else [])
    rows = Event.objects.filter(seq__lt=size).order_by("seq").values_list(*columns).iterator(chunk_size=5000)
    for row in rows:
        item = {
            "type": "entry",
            "seq": row[0],
            "leaf_hash": row[1],
            "time": entries.format_time(row[2]),
            "action": row[3],
            "subject_type": row[4],
        }
        if full:
            item["entry"] = row[5]
        yield _line(item)
    for checkpoint in Checkpoint.objects.filter(tree_size__lte=size).order_by("tree_size"):
        yield _line({"type": "checkpoint", "tree_size": checkpoint.tree_size, "note": checkpoint.note})
