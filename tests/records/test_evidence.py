"""Evidence through the API, the web pages and the CLI the way staff use them, on local disk: streaming with
bounded memory, resumable uploads with an interruption, chain of custody, access, worker clean-up, exit codes.

Personas: Alice (alice) is an officer of 某区卫生健康局 and uploads; Dave (dave), legal reviewer of the same
agency, may see and download her evidence. Frank (frank) is an officer of another agency: he may not see it.
Nora (nora) works at the same agency but holds no role: she may see nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from sanxiang.records import evidence
from sanxiang.records.evidence_jobs import evidence_sweep
from sanxiang.records.models import Event
from sanxiang.records.models_evidence import EvidenceBlob, EvidenceItem, UploadSession
from sanxiang.records.selectors import events_for
from tests.factories import AgencyFactory, DepartmentFactory, OfficerFactory, UserFactory
from tests.records.test_evidence_store import MiB, content, sm3, stored_keys

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def store(local_storage):
    return local_storage


@pytest.fixture
def frank(db):
    """Frank, an officer of 另一区卫生健康局: another agency, so none of Alice's evidence is his to see."""
    other = DepartmentFactory(agency=AgencyFactory(name="另一区卫生健康局"), name="卫生监督所")
    return OfficerFactory(username="frank", full_name="弗兰克", department=other)


@pytest.fixture
def nora(enforcement_unit):
    """Nora, staff of Alice's unit with no role yet: may not upload or see evidence."""
    return UserFactory(username="nora", full_name="诺拉", department=enforcement_unit)


def upload(client, data: bytes, name: str = "现场照片.jpg", **fields):
    return client.post(
        reverse("evidence:api-items"), {"file": SimpleUploadedFile(name, data, "image/jpeg"), **fields}
    )


def test_ingest_of_a_large_file_streams_with_memory_far_below_its_size(alice, tmp_path):
    source = tmp_path / "bodycam.mp4"
    with source.open("wb") as handle:
        for i in range(64):
            handle.write(content(MiB, seed=i))
    expected = hashlib.new("sm3")
    with source.open("rb") as handle:
        while chunk := handle.read(MiB):
            expected.update(chunk)

    tracemalloc.start()
    try:
        item = evidence.evidence_add(actor=alice, source=source, kind="video", filename=source.name)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert item.blob.digest == expected.hexdigest()
    assert item.blob.size == 64 * MiB
    # The design holds at most the writer's queue, the chunk being written and the chunk being read.
    from sanxiang.records.evidence_store import CHUNK, LocalTemp

    # Plus 1 MiB for the rest of the service call (ORM rows, the log event): measured ~13 KiB over the chunks.
    bound = (LocalTemp.QUEUE + 2) * CHUNK + MiB
    assert bound <= 64 * MiB // 2
    assert peak <= bound, f"peak {peak / MiB:.1f} MiB for a 64 MiB file (design bound {bound / MiB:.0f} MiB)"


def test_an_upload_over_the_api_is_stored_with_its_hash_and_recorded(client, alice):
    data = content(3 * MiB + 17, seed=11)
    client.force_login(alice)

    response = upload(client, data, declared_size=len(data), declared_hash=f"sm3:{sm3(data)}",
                      captured_at="2026-03-02T09:30", device="记录仪 007", place="某路 1 号")  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hash"] == {"algorithm": "sm3", "value": sm3(data)}
    assert body["kind"] == "photo" and body["officer_id"] == alice.pk
    assert body["captured_at"].startswith("2026-03-02T09:30:00+08:00")
    event = Event.objects.get(action="evidence.upload")
    assert sm3(data) in event.entry
    assert "某路" not in event.entry and "现场照片" not in event.entry  # personal values are only committed


def test_an_api_upload_whose_hash_does_not_match_is_refused_and_nothing_is_stored(client, alice, store):
    client.force_login(alice)

    response = upload(client, content(2 * MiB, seed=12), declared_hash="a" * 64)

    assert response.status_code == 400
    assert "与声明的哈希不符" in response.json()["detail"]
    assert (EvidenceItem.objects.count(), EvidenceBlob.objects.count(), Event.objects.count()) == (0, 0, 0)
    assert stored_keys(store) == []


class Interrupted(io.RawIOBase):
    """A request body whose connection drops after ``size`` bytes."""

    def __init__(self, data: bytes, size: int):
        self.stream, self.left = io.BytesIO(data), size

    def read(self, n=-1):
        if self.left <= 0:
            raise ConnectionResetError("client went away")
        chunk = self.stream.read(min(n, self.left) if n and n > 0 else self.left)
        self.left -= len(chunk)
        return chunk


def test_a_resumable_upload_over_the_api_survives_an_interruption_and_resumes(client, alice, store):
    data = content(10 * MiB + 5, seed=13)
    client.force_login(alice)
    started = client.post(reverse("evidence:api-uploads"),
                          {"filename": "bodycam.mp4", "declared_size": len(data), "declared_hash": sm3(data),
                           "kind": "video", "subject_type": "cases.case", "subject_id": "17"},
                          content_type="application/json")  # fmt: skip
    assert started.status_code == 201, started.content
    url = started.json()["url"]
    piece = 4 * MiB

    first = client.put(f"{url}?offset=0", data[:piece], content_type="application/octet-stream")
    assert first.json()["offset"] == piece
    # The second piece is cut off by a dropped connection: it is not accepted, and nothing of it remains.
    session = UploadSession.objects.get()
    with pytest.raises(ConnectionResetError):
        evidence.upload_session_put_piece(actor=alice, session=session, offset=piece,
                                          source=Interrupted(data[piece:], MiB), length=piece)  # fmt: skip
    assert not [key for key in stored_keys(store) if key.startswith("tmp/")]
    # The client asks where to resume; a piece at the wrong offset is refused with that offset.
    assert client.get(url).json()["offset"] == piece
    wrong = client.put(f"{url}?offset=0", data[:piece], content_type="application/octet-stream")
    assert wrong.status_code == 409 and wrong.json()["offset"] == piece
    for offset in range(piece, len(data), piece):
        chunk = data[offset : offset + piece]
        end = offset + len(chunk) - 1
        resumed = client.put(url, chunk, content_type="application/octet-stream",
                             headers={"content-range": f"bytes {offset}-{end}/{len(data)}"})  # fmt: skip
        assert resumed.status_code == 200, resumed.content

    done = client.post(f"{url}complete/")

    assert done.status_code == 201, done.content
    assert done.json()["hash"]["value"] == sm3(data)
    assert done.json()["links"][0]["subject_type"] == "cases.case"
    assert stored_keys(store) == [EvidenceBlob.objects.get().storage_key]


def test_an_incomplete_resumable_upload_cannot_complete(client, alice):
    client.force_login(alice)
    started = client.post(reverse("evidence:api-uploads"), {"filename": "a.mp4", "declared_size": 100},
                          content_type="application/json")  # fmt: skip
    response = client.post(f"{started.json()['url']}complete/")
    assert response.status_code == 409
    assert "尚未收齐" in response.json()["detail"]


def test_custody_events_of_upload_link_download_and_unlink_come_in_order(client, alice, dave):
    client.force_login(alice)
    item_id = upload(client, content(MiB, seed=14), subject_type="cases.case", subject_id="17").json()["id"]
    client.force_login(dave)
    download = client.get(reverse("evidence:api-download", args=[item_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content(MiB, seed=14)
    linked = client.post(reverse("evidence:api-links", args=[item_id]),
                         {"subject_type": "cases.activity", "subject_id": "5"}, content_type="application/json")  # fmt: skip
    assert linked.status_code == 201
    unlinked = client.post(reverse("evidence:api-unlink", args=[item_id, linked.json()["id"]]))
    assert unlinked.status_code == 200
    again = client.post(reverse("evidence:api-unlink", args=[item_id, linked.json()["id"]]))
    assert again.status_code == 409

    events = list(events_for(evidence.SUBJECT_TYPE, item_id))
    assert [(e.action, e.actor_id) for e in events] == [
        ("evidence.upload", alice.pk),
        ("evidence.link", alice.pk),
        ("evidence.download", dave.pk),
        ("evidence.link", dave.pk),
        ("evidence.unlink", dave.pk),
    ]
    detail = client.get(reverse("evidence:api-item", args=[item_id])).json()
    assert [c["action"] for c in detail["custody"]] == [e.action for e in events]
    assert detail["links"][1]["unlinked_at"] is not None  # the link stays, ended


def test_another_agency_or_a_user_without_role_gets_the_same_404_as_for_a_missing_item(
    client, alice, frank, nora
):
    client.force_login(alice)
    item_id = upload(client, content(MiB, seed=15)).json()["id"]
    client.force_login(frank)
    missing = client.get(reverse("evidence:api-item", args=[item_id + 1000]))

    for user in (frank, nora):
        client.force_login(user)
        for name in ("evidence:api-item", "evidence:api-download"):
            response = client.get(reverse(name, args=[item_id]))
            assert (response.status_code, response.json()) == (404, missing.json())
        assert client.get(reverse("evidence:item", args=[item_id])).status_code == 404
    assert not Event.objects.filter(action="evidence.download").exists()
    assert upload(client, b"x").status_code == 403  # nora may not upload


def test_the_web_upload_form_stores_the_file_and_the_item_page_shows_hash_and_custody(client, alice):
    client.force_login(alice)
    assert client.get(reverse("evidence:upload")).status_code == 200
    data = content(MiB, seed=16)

    response = client.post(reverse("evidence:upload"), {"file": SimpleUploadedFile("询问录音.mp3", data, "audio/mpeg"),
                                                        "device": "录音笔 3"})  # fmt: skip

    item = EvidenceItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("evidence:item", args=[item.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"SM3:{sm3(data)}" in page and "evidence.upload" in page and "录音" in page
    assert item.kind == "audio"


def test_the_web_upload_form_refuses_a_post_without_csrf_token(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(reverse("evidence:upload"), {"file": SimpleUploadedFile("a.jpg", b"123")})
    assert response.status_code == 403
    assert EvidenceItem.objects.count() == 0


def test_the_worker_sweeps_old_temporaries_and_orphan_files_but_keeps_recorded_ones(alice, store):
    kept = evidence.evidence_add(actor=alice, source=io.BytesIO(b"kept"), kind="photo", filename="a.jpg")
    orphan = store.ingest(io.BytesIO(b"orphan: stored, then its transaction failed"))
    pending = store.ingest_pending(io.BytesIO(b"a temporary object of a crashed upload"))
    pending.finish()  # all bytes on disk before the clock is turned back; then the process "crashes"
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    for key in (kept.blob.storage_key, orphan.key, pending.temp_name):
        os.utime(store.backend.path(key), (old, old))

    removed = evidence_sweep(now=timezone.now())

    assert removed == {"temporary": 1, "pieces": 0, "orphans": 1}
    assert stored_keys(store) == [kept.blob.storage_key]


def test_an_upload_adopting_an_orphan_file_rewrites_it_so_the_sweep_keeps_it(alice, store):
    orphan = store.ingest(io.BytesIO(b"same bytes"))
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(store.backend.path(orphan.key), (old, old))

    evidence.evidence_add(actor=alice, source=io.BytesIO(b"same bytes"), kind="photo", filename="b.jpg")

    assert evidence_sweep(now=timezone.now())["orphans"] == 0
    assert stored_keys(store) == [orphan.key]


# --- CLI --------------------------------------------------------------------------------------------------


def test_cli_add_prints_the_item_and_its_hash(alice, tmp_path, capsys):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"jpeg bytes")

    call_command("evidence", "add", str(source), "--as", "alice", "--captured-at", "2026-03-02 09:30",
                 "--device", "相机 1", "--declared-size", "10", "--sha", sm3(b"jpeg bytes"))  # fmt: skip

    item = EvidenceItem.objects.get()
    assert capsys.readouterr().out.strip() == f"{item.pk}\tsm3:{sm3(b'jpeg bytes')}\t10"
    assert (item.kind, item.officer, item.uploaded_by) == ("photo", alice, alice)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.jpg", "--as", "alice"], "不存在"),
        (["FILE", "--as", "alice", "--captured-at", "yesterday"], "格式不对"),
        (["FILE", "--as", "nobody"], "nobody"),
        (["FILE"], "--as"),
        (["FILE", "--as", "alice", "--declared-size", "3"], "声明的大小"),
        (["FILE", "--as", "alice", "--declared-hash", "00" * 32], "与声明的哈希不符"),
        (["FILE", "--as", "alice", "--declared-hash", "xyz"], "十六进制"),
    ],
)
def test_cli_add_with_bad_input_exits_2_and_stores_nothing(alice, tmp_path, store, arguments, message):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"jpeg bytes")
    arguments = [
        str(source) if a == "FILE" else str(tmp_path / a) if a == "missing.jpg" else a for a in arguments
    ]

    with pytest.raises(CommandError) as error:
        call_command("evidence", "add", *arguments)

    assert error.value.returncode == 2
    assert message in str(error.value)
    assert EvidenceItem.objects.count() == 0 and stored_keys(store) == []


def test_cli_verify_exits_1_naming_a_changed_file_and_export_feeds_the_standalone_verifier(
    alice, tmp_path, store
):
    good = evidence.evidence_add(actor=alice, source=io.BytesIO(b"good"), kind="photo", filename="g.jpg")
    bad = evidence.evidence_add(
        actor=alice, source=io.BytesIO(b"will change"), kind="photo", filename="b.jpg"
    )
    call_command("evidence", "verify")
    exported = tmp_path / "export"
    call_command("evidence", "export", str(exported))
    assert sorted(p.name for p in exported.iterdir()) == sorted([good.blob.digest, bad.blob.digest])
    verifier = [sys.executable, str(ROOT / "tools" / "sanxiang_verify.py"), "--evidence"]
    assert subprocess.run([*verifier, str(exported)], capture_output=True).returncode == 0

    path = store.backend.path(bad.blob.storage_key)
    os.chmod(path, 0o640)
    path.write_bytes(b"changed")

    with pytest.raises(CommandError) as error:
        call_command("evidence", "verify")
    assert error.value.returncode == 1
    assert subprocess.run([*verifier, str(store.backend.root)], capture_output=True).returncode == 1
