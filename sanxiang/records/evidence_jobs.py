"""Worker jobs of the evidence store: abandoned resumable uploads, left-over temporary objects, orphan files.

Registered with ``@periodic`` when imported; ``records/jobs.py`` imports this module so that the worker finds
them (core/periodic.py). Each job takes ``now`` (the slot start) so tests can drive it.
"""

from __future__ import annotations

import datetime as dt

from sanxiang.core.periodic import periodic
from sanxiang.records.evidence import upload_session_discard
from sanxiang.records.evidence_store import EvidenceStore
from sanxiang.records.models_evidence import EvidenceBlob, UploadSession

# A temporary object or an unrecorded file younger than this may belong to an upload still running.
GRACE = dt.timedelta(days=1)


def upload_sessions_expire(*, now: dt.datetime) -> int:
    """Delete every unfinished upload past its expiry time, with its pieces. Returns how many."""
    expired = UploadSession.objects.exclude(status=UploadSession.Status.COMPLETED).filter(expires_at__lte=now)
    count = 0
    for session in expired.iterator():
        upload_session_discard(session=session)
        count += 1
    return count


def evidence_sweep(*, now: dt.datetime) -> dict[str, int]:
    """Remove temporary objects and piece objects of unknown uploads older than a day, and stored files that
    no ``EvidenceBlob`` row claims (a transaction that failed after the file was stored) older than a day."""
    store = EvidenceStore.current()
    cutoff = now - GRACE
    removed = {"temporary": 0, "pieces": 0, "orphans": 0}
    for key, modified in list(store.listing("tmp/")):
        if modified < cutoff:
            store.delete(key)
            removed["temporary"] += 1
    live = {str(pk) for pk in UploadSession.objects.values_list("pk", flat=True)}
    for key, modified in list(store.listing("uploads/")):
        if key.split("/")[1] not in live and modified < cutoff:
            store.delete(key)
            removed["pieces"] += 1
    for algorithm in ("sm3", "sha256"):
        for key, modified in list(store.listing(f"{algorithm}/")):
            if modified >= cutoff:
                continue
            digest = key.rsplit("/", 1)[-1]
            if EvidenceBlob.objects.filter(algorithm=algorithm, digest=digest).exists():
                continue
            # Look again just before deleting: an upload adopting this file rewrites it (evidence.py).
            latest = store.modified(key)
            if latest is not None and latest < cutoff:
                store.delete(key)
                removed["orphans"] += 1
    return removed


@periodic(
    name="evidence.expire_uploads",
    every=dt.timedelta(minutes=30),
    description="清除过期未完成的续传上传及其分片",
)
def expire_uploads_job(slot: dt.datetime):
    return upload_sessions_expire(now=slot)


@periodic(
    name="evidence.sweep", every=dt.timedelta(hours=6), description="清除残留临时文件和无记录的证据文件"
)
def sweep_job(slot: dt.datetime):
    return evidence_sweep(now=slot)
