"""The record log: appending events, append-only triggers, verification that names the first changed entry,
a rewritten and re-signed log caught by a checkpoint kept elsewhere, exports, the CLI, the public pages.

Personas: 张伟 (zhangwei) is an officer: he may see timelines but not export the full log. 刘敏 (liumin) is a
supervisor (监督人员), who stands for the auditor: she may export the full log, and that export is logged.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sanxiang.accounts.models import RoleGrant, User
from sanxiang.records import checkpoints, entries, merkle, protection, verify
from sanxiang.records.models import Checkpoint, Event, LogHead, PersonalCommitmentSalt
from sanxiang.records.services import LogUsageError, event_append

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    """Each test signs with its own key file, made on first use."""
    settings.LOG_KEY_FILE = tmp_path / "keys" / "log.key"
    return settings.LOG_KEY_FILE


def make_staff(*, username: str = "zhangwei", full_name: str = "张伟", roles: tuple[str, ...] = ("officer",)):
    user = User.objects.create_user(username=username, password="Jiancha#2026", full_name=full_name)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


def append_some(count: int, *, actor=None, subject_type="cases.case", personal=None) -> list[Event]:
    made = []
    for i in range(count):
        with transaction.atomic():
            made.append(
                event_append(
                    actor=actor,
                    action="case.note",
                    subject_type=subject_type,
                    subject_id=i % 3,
                    payload={"step": i, "意见": "同意"},
                    personal=personal,
                )
            )
    return made


def test_events_get_consecutive_sequence_numbers_and_the_head_keeps_the_root():
    events = append_some(7)
    assert [e.seq for e in events] == list(range(7))
    head = LogHead.objects.get()
    hasher = merkle.Hasher(head.hash_name)
    leaves = [bytes.fromhex(e.leaf_hash) for e in events]
    assert head.size == 7
    assert head.root_hash == merkle.root(leaves, hasher).hex()
    assert head.hash_name == "sm3"


def test_the_leaf_is_the_canonical_json_of_the_entry():
    officer = make_staff()
    with transaction.atomic():
        event = event_append(
            actor=officer, action="certificate.issue", subject_type="accounts.certificate", subject_id=7,
            payload={"fields": ["public_places"]},
        )  # fmt: skip
    entry = json.loads(event.entry)
    assert entry == {
        "v": 1,
        "seq": event.seq,
        "time": entries.format_time(event.created_at),
        "actor": officer.pk,
        "action": "certificate.issue",
        "subject": {"type": "accounts.certificate", "id": "7"},
        "payload": {"fields": ["public_places"]},
        "commitments": {},
    }
    assert entries.canonical_json(entry) == event.entry.encode()
    assert event.leaf_hash == merkle.Hasher("sm3").leaf(event.entry.encode()).hex()


@pytest.mark.parametrize(
    ("actor_id", "payload", "commitments", "subject_id"),
    [
        (None, {}, {}, "7"),
        (12, {"officer_id": 12, "z": [1, None, True], "a": {"b": "同意"}}, {"phone": "ab" * 32}, "2026-001"),
        # Characters JSON escapes: quote, backslash, control characters, the line separators, non-BMP.
        (3, {"note": 'a"b\\c\n\t\x01\u2028😀'}, {}, 'x"\\\u0007é'),
    ],
)
def test_the_sequencers_entry_from_canonical_parts_is_the_same_bytes(
    actor_id, payload, commitments, subject_id
):
    moment = dt.datetime(2026, 3, 2, 1, 30, 5, 7, tzinfo=dt.UTC)
    text = entries.encode_canonical_parts(
        seq=41, time_text=entries.format_time(moment), actor_id=actor_id, action="case.note",
        subject_type="cases.case", subject_id=subject_id,
        payload_json=entries.canonical_json(payload).decode(),
        commitments_json=entries.canonical_json(commitments).decode(),
    )  # fmt: skip
    assert text.encode() == entries.encode(
        seq=41, time=moment, actor_id=actor_id, action="case.note", subject_type="cases.case",
        subject_id=subject_id, payload=payload, commitments=commitments,
    )  # fmt: skip


def test_a_deployment_may_choose_sha256_when_the_log_is_created():
    LogHead.objects.filter(size=0).update(
        hash_name="sha256", root_hash=merkle.Hasher("sha256").empty_root().hex()
    )
    (event,) = append_some(1)
    assert event.leaf_hash == hashlib_sha256_leaf(event.entry.encode())
    assert verify.verify_log().ok


def hashlib_sha256_leaf(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(b"\x00" + data).hexdigest()


def test_a_personal_value_is_stored_as_a_salted_commitment_that_proves_it():
    (event,) = append_some(1, personal={"id_number": "430602199001011234"})
    assert "430602199001011234" not in event.entry
    commitment = json.loads(event.entry)["commitments"]["id_number"]
    salt = PersonalCommitmentSalt.objects.get(event=event, field="id_number").salt
    proof = entries.commitment(
        salt=bytes.fromhex(salt), value="430602199001011234", hasher=merkle.Hasher("sm3")
    )
    assert proof.hex() == commitment
    wrong = entries.commitment(
        salt=bytes.fromhex(salt), value="430602199001011235", hasher=merkle.Hasher("sm3")
    )
    assert wrong.hex() != commitment


def test_a_float_in_the_payload_is_refused():
    with pytest.raises(entries.PayloadError), transaction.atomic():
        event_append(actor=None, action="x.y", subject_type="a.b", subject_id=1, payload={"amount": 1.5})


@pytest.mark.django_db(transaction=True)
def test_appending_outside_a_transaction_is_refused():
    with pytest.raises(LogUsageError, match="transaction.atomic"):
        event_append(actor=None, action="case.file", subject_type="cases.case", subject_id=1)
    assert not Event.objects.exists()


# --- append-only triggers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE records_event SET action = 'case.cancel' WHERE seq = 1",
        "DELETE FROM records_event WHERE seq = 1",
        "DELETE FROM records_event",
        "UPDATE records_checkpoint SET root_hash = 'ab'",
        "DELETE FROM records_checkpoint",
        "UPDATE records_personalcommitmentsalt SET salt = 'ab'",
        "DELETE FROM records_personalcommitmentsalt",
    ],
)
def test_the_database_refuses_to_change_or_delete_log_rows(sql):
    append_some(3, personal={"phone": "13800138000"})
    checkpoints.checkpoint_create()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert Event.objects.count() == 3
    assert Event.objects.get(seq=1).action == "case.note"


# --- verification ------------------------------------------------------------------------------------------


def test_an_untouched_log_verifies_against_its_checkpoints():
    append_some(5)
    checkpoints.checkpoint_create()
    append_some(4)
    checkpoints.checkpoint_create()
    report = verify.verify_log()
    assert report.ok, report.problems
    assert (report.checked_entries, report.checked_checkpoints) == (9, 2)


def test_a_changed_entry_is_found_and_named():
    append_some(10)
    checkpoints.checkpoint_create()
    with protection.suspended(connection), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_event SET entry = REPLACE(entry, '同意', '不同意') WHERE seq IN (4, 7)"
        )
    report = verify.verify_log()
    assert not report.ok
    assert report.first_bad_seq == 4
    assert "第 4 条记录被改动" in report.problems[0]


def test_a_changed_column_that_the_timeline_shows_is_found():
    append_some(3)
    with protection.suspended(connection), connection.cursor() as cursor:
        cursor.execute("UPDATE records_event SET action = 'case.cancel' WHERE seq = 2")
    report = verify.verify_log()
    assert report.first_bad_seq == 2


def test_a_deleted_entry_is_a_gap():
    append_some(5)
    with protection.suspended(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_event WHERE seq = 2")
    report = verify.verify_log()
    assert report.first_bad_seq == 2
    assert "序号不连续" in report.problems[0]


def rewrite_and_resign(*, seq: int, new_payload: dict) -> None:
    """What someone holding the database and the signing key can do: change an entry, recompute every hash
    and the head, replace the checkpoints with freshly signed ones."""
    head = LogHead.objects.get()
    hasher = merkle.Hasher(head.hash_name)
    with protection.suspended(connection), connection.cursor() as cursor:
        event = Event.objects.get(seq=seq)
        entry = json.loads(event.entry)
        entry["payload"] = new_payload
        text = entries.canonical_json(entry).decode()
        cursor.execute(
            "UPDATE records_event SET entry = %s, leaf_hash = %s WHERE seq = %s",
            [text, hasher.leaf(text.encode()).hex(), seq],
        )
        cursor.execute("DELETE FROM records_checkpoint")
    leaves = [bytes.fromhex(h) for h in Event.objects.order_by("seq").values_list("leaf_hash", flat=True)]
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves):
        frontier = merkle.frontier_append(frontier, size, leaf, hasher)
    LogHead.objects.update(
        frontier=" ".join(f.hex() for f in frontier), root_hash=merkle.frontier_root(frontier, hasher).hex()
    )
    checkpoints.checkpoint_create()


def test_a_rewritten_and_resigned_log_is_caught_by_a_checkpoint_saved_before(tmp_path):
    append_some(6)
    kept = checkpoints.checkpoint_create().note  # an outsider saved this from the public page
    append_some(3)
    rewrite_and_resign(seq=2, new_payload={"step": 2, "意见": "不同意"})

    assert verify.verify_log().ok  # the database alone agrees with itself
    report = verify.verify_log(against=kept)
    assert not report.ok
    assert "前 6 条记录的根哈希与检查点不符" in " ".join(report.problems)

    saved = tmp_path / "kept.txt"
    saved.write_text(kept, encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("log", "verify", "--against", str(saved))
    assert failed.value.returncode == 1


def test_a_checkpoint_signed_by_another_key_is_refused(settings, tmp_path):
    append_some(2)
    checkpoints.checkpoint_create()
    settings.LOG_KEY_FILE = tmp_path / "other.key"
    report = verify.verify_log()
    assert not report.ok
    assert "签名" in report.problems[0]


# --- CLI --------------------------------------------------------------------------------------------------------


def test_cli_verify_exits_0_when_all_holds(capsys):
    append_some(3)
    call_command("log", "checkpoint")
    call_command("log", "verify")
    assert "验证通过" in capsys.readouterr().out


def test_cli_verify_exits_2_for_a_missing_checkpoint_file(tmp_path):
    with pytest.raises(CommandError) as failed:
        call_command("log", "verify", "--against", str(tmp_path / "none.txt"))
    assert failed.value.returncode == 2


@pytest.mark.parametrize("jobs", ["0", "x", "65", "1.5"])
def test_cli_verify_exits_2_for_a_bad_number_of_processes(jobs, capsys):
    with pytest.raises(CommandError, match="--jobs 应为 1 至 64 的整数") as failed:
        call_command("log", "verify", "--jobs", jobs)
    assert failed.value.returncode == 2
    call_command("log", "verify", "--jobs", "3")  # a log this small is checked in one process
    assert "已检查记录 0 条，检查点 0 个。" in capsys.readouterr().out


def test_cli_prove_prints_a_proof_that_verifies(capsys):
    append_some(11)
    call_command("log", "checkpoint")
    capsys.readouterr()
    call_command("log", "prove", "5")
    proof = json.loads(capsys.readouterr().out)
    hasher = merkle.Hasher(proof["hash"])
    assert proof["tree_size"] == 11 and proof["checkpoint"]
    assert merkle.verify_inclusion(
        5, 11, bytes.fromhex(proof["leaf_hash"]), [bytes.fromhex(p) for p in proof["proof"]],
        bytes.fromhex(proof["root_hash"]), hasher,
    )  # fmt: skip


def test_cli_prove_exits_2_for_an_entry_that_does_not_exist():
    append_some(2)
    with pytest.raises(CommandError) as failed:
        call_command("log", "prove", "9")
    assert failed.value.returncode == 2


def test_a_full_export_needs_a_supervisor_and_is_itself_logged(tmp_path):
    make_staff(username="zhangwei")
    make_staff(username="liumin", full_name="刘敏", roles=("supervisor",))
    append_some(2)
    with pytest.raises(CommandError) as failed:
        call_command("log", "export", "--full")
    assert failed.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        call_command("log", "export", "--full", "--as", "zhangwei")
    assert refused.value.returncode == 2

    out = tmp_path / "full.jsonl"
    call_command("log", "export", "--full", "--as", "liumin", "-o", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["full"] is True
    assert all("entry" in line for line in lines if line["type"] == "entry")
    logged = Event.objects.get(action="log.export_full")
    assert logged.actor.username == "liumin"


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_checkpoint_page_and_api_are_public(client):
    append_some(2)
    checkpoint = checkpoints.checkpoint_create()
    page = client.get("/log/checkpoints/")
    assert page.status_code == 200
    assert str(checkpoints.verifier_key()) in page.content.decode()
    assert client.get("/log/checkpoints.txt").content.decode() == checkpoint.note
    api = client.get("/api/log/checkpoints").json()
    assert api["checkpoints"][0]["tree_size"] == 2
    proof = client.get("/api/log/proof/inclusion", {"seq": 1}).json()
    assert proof["tree_size"] == 2
    assert client.get("/api/log/proof/inclusion", {"seq": "x"}).status_code == 400
    consistency = client.get("/api/log/proof/consistency", {"first": 1, "second": 2}).json()
    assert len(consistency["proof"]) == 1


def test_the_timeline_shows_an_objects_events_in_order_to_staff_only(client):
    officer = make_staff()
    append_some(6, actor=officer)
    url = "/records/timeline/cases.case/1/"
    assert client.get(url).status_code == 302
    client.force_login(officer)
    page = client.get(url)
    assert page.status_code == 200
    assert [e.seq for e in page.context["events"]] == [1, 4]
    assert "张伟" in page.content.decode()


def test_the_checkpoint_job_signs_only_when_the_tree_grew():
    from sanxiang.records.jobs import make_checkpoint

    append_some(2)
    assert make_checkpoint(None) == "checkpoint 2"
    assert make_checkpoint(None) == "unchanged"
    assert Checkpoint.objects.count() == 1


def test_the_signing_key_file_is_created_private_on_first_use(signing_key):
    assert not signing_key.exists()
    checkpoints.load_signing_key()
    assert signing_key.stat().st_mode & 0o777 == 0o600
