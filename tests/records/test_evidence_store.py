"""The evidence store on local disk and on S3 (a real SeaweedFS server): streamed and hashed in one pass, stored
under its hash, a duplicate stored once, a mismatch refused with nothing stored, a changed file found.

Persona: Alice (alice), an officer of 某区卫生健康局, uploads every file here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os

import pytest
from django.utils import timezone

from sanxiang.records import evidence
from sanxiang.records.evidence_jobs import upload_sessions_expire
from sanxiang.records.evidence_store import EvidenceMismatch
from sanxiang.records.models import Event
from sanxiang.records.models_evidence import EvidenceBlob, EvidenceItem, UploadSession

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024


def content(size: int, seed: int = 1) -> bytes:
    """Deterministic bytes that are not all alike (so that a wrong offset changes the hash)."""
    block = hashlib.sha256(str(seed).encode()).digest() * (MiB // 32)
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += counter.to_bytes(8, "big") + block
        counter += 1
    return bytes(out[:size])


def sm3(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def stored_keys(store) -> list[str]:
    return sorted(key for key, _modified in store.listing(""))


def add(alice, data: bytes, **kwargs):
    return evidence.evidence_add(
        actor=alice, source=io.BytesIO(data), kind="video", filename="现场.mp4", **kwargs
    )


def test_a_file_is_stored_under_its_sm3_hash_and_reads_back(evidence_store, alice):
    data = content(19 * MiB)  # more than two S3 parts

    item = add(alice, data, declared_size=len(data), declared_hash=sm3(data))

    digest = sm3(data)
    assert (item.blob.algorithm, item.blob.digest, item.blob.size) == ("sm3", digest, len(data))
    assert item.blob.storage_key == f"sm3/{digest[:2]}/{digest[2:4]}/{digest}"
    assert stored_keys(evidence_store) == [item.blob.storage_key]  # no temporary object left
    with evidence_store.open(item.blob.storage_key) as handle:
        assert handle.read() == data
    assert Event.objects.get(action="evidence.upload").subject_id == str(item.pk)


def test_a_duplicate_is_stored_once_as_two_evidence_items(evidence_store, alice):
    data = content(3 * MiB, seed=2)

    first = add(alice, data)
    second = add(alice, data, device="记录仪 002")

    assert first.pk != second.pk
    assert first.blob_id == second.blob_id
    assert EvidenceBlob.objects.count() == 1
    assert stored_keys(evidence_store) == [first.blob.storage_key]
    uploads = Event.objects.filter(action="evidence.upload").order_by("seq")
    assert ['"already_stored":false' in e.entry for e in uploads] == [True, False]


@pytest.mark.parametrize(
    ("declared", "message"),
    [({"declared_size": 5 * MiB + 1}, "声明的大小"), ({"declared_hash": "0" * 64}, "与声明的哈希不符")],
)
def test_an_upload_whose_declared_size_or_hash_does_not_match_is_refused_and_nothing_is_stored(
    evidence_store, alice, declared, message
):
    data = content(5 * MiB, seed=3)

    with pytest.raises(EvidenceMismatch) as refused:
        add(alice, data, **declared)

    assert message in refused.value.message
    assert EvidenceItem.objects.count() == 0
    assert EvidenceBlob.objects.count() == 0
    assert Event.objects.count() == 0
    assert stored_keys(evidence_store) == []  # neither the file nor a temporary object


def test_verify_all_names_the_item_whose_file_was_changed(evidence_store, alice):
    intact = add(alice, content(MiB, seed=4))
    changed = add(alice, content(MiB, seed=5))
    assert evidence.verify_all() == []

    _overwrite(evidence_store, changed.blob.storage_key, b"tampered")

    problems = evidence.verify_all()
    assert len(problems) == 1
    assert f"#{changed.pk}" in problems[0] and changed.blob.digest in problems[0]
    assert f"#{intact.pk}" not in problems[0]


def _overwrite(store, key: str, data: bytes) -> None:
    backend = store.backend
    if hasattr(backend, "root"):
        path = backend.path(key)
        os.chmod(path, 0o640)
        path.write_bytes(data)
    else:
        backend.client.put_object(Bucket=backend.bucket, Key=backend.full_key(key), Body=data)


def test_a_resumable_upload_is_assembled_from_its_pieces_and_hashed(evidence_store, alice):
    data = content(13 * MiB, seed=6)
    session = evidence.upload_session_start(
        actor=alice, declared_size=len(data), declared_hash=sm3(data), kind="video", filename="bodycam.mp4"
    )
    for offset in range(0, len(data), 5 * MiB):
        piece = data[offset : offset + 5 * MiB]
        session = evidence.upload_session_put_piece(
            actor=alice, session=session, offset=offset, source=io.BytesIO(piece), length=len(piece)
        )

    item = evidence.upload_session_complete(actor=alice, session=session)

    assert item.blob.digest == sm3(data)
    assert stored_keys(evidence_store) == [item.blob.storage_key]  # the pieces are gone
    assert evidence.upload_session_complete(actor=alice, session=session) == item  # a retried complete


def test_an_abandoned_upload_leaves_no_record_and_the_worker_removes_its_pieces(evidence_store, alice):
    data = content(6 * MiB, seed=7)
    session = evidence.upload_session_start(
        actor=alice, declared_size=len(data), kind="video", filename="a.mp4"
    )
    evidence.upload_session_put_piece(
        actor=alice, session=session, offset=0, source=io.BytesIO(data[: 2 * MiB])
    )
    assert stored_keys(evidence_store) != []

    assert upload_sessions_expire(now=timezone.now()) == 0  # not expired yet
    assert upload_sessions_expire(now=timezone.now() + dt.timedelta(hours=25)) == 1

    assert UploadSession.objects.count() == 0
    assert stored_keys(evidence_store) == []
    assert EvidenceItem.objects.count() == 0 and Event.objects.count() == 0
