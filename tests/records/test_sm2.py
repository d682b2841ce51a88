"""The optional SM2 signature line on checkpoints (GB/T 32918 with SM3, default user id of GB/T 35276).

The signature code reproduces the example of GB/T 32918.5-2017 annex A and is cross-checked against the
``openssl`` command (a second, independent SM2 implementation) in both directions. A checkpoint carries an
SM2 line beside the Ed25519 one when the deployment sets ``LOG_SM2_KEY_FILE``; ``sanxiang log verify``, the
public JSON and the standalone verifier check or publish it; a tampered line or a wrong key fails.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from sanxiang.records import checkpoints, exports, notes, sm2, verify
from sanxiang.records.models import Checkpoint
from sanxiang.records.services import event_append

TOOL = Path(__file__).resolve().parents[2] / "tools" / "sanxiang_verify.py"

# GB/T 32918.5-2017 annex A (also GM/T 0003.5-2012 A.2): signature with the recommended curve.
VECTOR = {
    "d": 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8,
    "public": "04"
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13",
    "k": 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21,
    "e": "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640",
    "r": "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3",
    "s": "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA",
}


def test_the_gbt_32918_5_example_is_reproduced():
    public = sm2.public_key_of(VECTOR["d"])
    assert public.hex().upper() == VECTOR["public"].upper()
    assert sm2.message_digest(b"message digest", public).hex().upper() == VECTOR["e"]
    signature = sm2.sign(VECTOR["d"], b"message digest", k=VECTOR["k"])
    assert signature.hex().upper() == VECTOR["r"] + VECTOR["s"]
    assert sm2.verify(public, b"message digest", signature)


def test_a_signature_fails_for_another_message_key_user_id_or_out_of_range_values():
    d = sm2.generate_private_key()
    public = sm2.public_key_of(d)
    signature = sm2.sign(d, b"origin\n5\nroot\n")
    assert sm2.verify(public, b"origin\n5\nroot\n", signature)
    assert not sm2.verify(public, b"origin\n6\nroot\n", signature)
    assert not sm2.verify(sm2.public_key_of(sm2.generate_private_key()), b"origin\n5\nroot\n", signature)
    assert not sm2.verify(public, b"origin\n5\nroot\n", signature, user_id=b"ALICE123@YAHOO.COM")
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    assert not sm2.verify(public, b"origin\n5\nroot\n", flipped)
    n = sm2.N.to_bytes(32, "big")
    assert not sm2.verify(public, b"origin\n5\nroot\n", signature[:32] + n)  # s = n is out of range
    assert not sm2.verify(public, b"origin\n5\nroot\n", bytes(32) + signature[32:])  # r = 0
    with pytest.raises(sm2.SM2Error):
        sm2.verify(public[:-1] + bytes([public[-1] ^ 1]), b"x", signature)  # not a point of the curve


def test_gmssls_own_sm3_with_sm2_signature_verifies_with_ours():
    from gmssl import sm2 as gm

    d = sm2.generate_private_key()
    public = sm2.public_key_of(d)
    theirs = gm.CryptSM2(private_key=f"{d:064x}", public_key="00" * 64)
    theirs.public_key = public[1:].hex()
    signature = theirs.sign_with_sm3(b"checkpoint body\n", f"{sm2.generate_private_key():064x}")
    assert sm2.verify(public, b"checkpoint body\n", bytes.fromhex(signature))


def _openssl_has_sm2() -> bool:
    if not shutil.which("openssl"):
        return False
    out = subprocess.run(["openssl", "list", "-public-key-algorithms"], capture_output=True, text=True)
    return "SM2" in out.stdout


def _der_to_raw(der: bytes) -> bytes:
    assert der[0] == 0x30
    i, values = 2, []
    for _ in range(2):
        assert der[i] == 0x02
        length = der[i + 1]
        values.append(int.from_bytes(der[i + 2 : i + 2 + length], "big"))
        i += 2 + length
    return b"".join(v.to_bytes(32, "big") for v in values)


def _raw_to_der(raw: bytes) -> bytes:
    def integer(value: bytes) -> bytes:
        value = value.lstrip(b"\0") or b"\0"
        if value[0] & 0x80:
            value = b"\0" + value
        return b"\x02" + bytes([len(value)]) + value

    body = integer(raw[:32]) + integer(raw[32:])
    return b"\x30" + bytes([len(body)]) + body


@pytest.mark.skipif(not _openssl_has_sm2(), reason="this openssl has no SM2")
def test_signatures_cross_check_with_the_openssl_command_both_ways(tmp_path):
    d = sm2.generate_private_key()
    key = tmp_path / "sm2.key"
    key.write_bytes(sm2.private_key_pem(d))
    message = tmp_path / "note.txt"
    message.write_bytes(b"sanxiang.local/log\n42\n5Zyw5Z2A\n")
    dist = ["-pkeyopt", "distid:1234567812345678", "-rawin", "-digest", "sm3"]
    pub = tmp_path / "sm2.pub"
    subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub], check=True)

    # openssl signs, we verify
    theirs = tmp_path / "theirs.der"
    subprocess.run(
        ["openssl", "pkeyutl", "-sign", "-inkey", key, "-in", message, "-out", theirs, *dist], check=True
    )
    raw = _der_to_raw(theirs.read_bytes())
    assert sm2.verify(sm2.public_key_of(d), message.read_bytes(), raw)
    assert not sm2.verify(sm2.public_key_of(d), message.read_bytes() + b"x", raw)

    # we sign, openssl verifies (and refuses a tampered signature)
    ours = tmp_path / "ours.der"
    signature = sm2.sign(d, message.read_bytes())
    ours.write_bytes(_raw_to_der(signature))
    check = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-in", message, *dist]
    assert subprocess.run([*check, "-sigfile", ours], capture_output=True).returncode == 0
    ours.write_bytes(_raw_to_der(signature[:31] + bytes([signature[31] ^ 1]) + signature[32:]))
    assert subprocess.run([*check, "-sigfile", ours], capture_output=True).returncode != 0


def test_the_key_file_round_trips_and_a_foreign_file_is_refused(tmp_path):
    d = sm2.generate_private_key()
    assert sm2.load_private_key_pem(sm2.private_key_pem(d)) == d
    with pytest.raises(sm2.SM2Error):
        sm2.load_private_key_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def test_an_sm2_verifier_key_round_trips_and_a_changed_one_is_refused():
    key = notes.sm2_verifier_for("sanxiang.local/log", sm2.generate_private_key())
    assert notes.parse_verifier_key(str(key)) == key
    name, hash_hex, encoded = str(key).split("+", 2)
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 1
    with pytest.raises(notes.NoteError):
        notes.parse_verifier_key(f"{name}+{hash_hex}+{base64.b64encode(bytes(raw)).decode()}")


# --- checkpoints ------------------------------------------------------------------------------------------------


@pytest.fixture
def sm2_log(settings, tmp_path):
    settings.LOG_KEY_FILE = tmp_path / "keys" / "log.key"
    settings.LOG_SM2_KEY_FILE = tmp_path / "keys" / "log-sm2.key"
    for i in range(5):
        with transaction.atomic():
            event_append(actor=None, action="case.note", subject_type="cases.case", subject_id=i)
    return checkpoints.checkpoint_create()


def _sm2_line(note: str) -> str:
    return note.rstrip("\n").split("\n")[-1]


@pytest.mark.django_db
def test_a_checkpoint_carries_an_sm2_line_beside_ed25519_that_verify_checks(sm2_log, settings, caplog):
    lines = sm2_log.note.rstrip("\n").split("\n")
    assert lines[-2].startswith("— sanxiang.local/log ") and lines[-1].startswith("— sanxiang.local/log ")
    assert settings.LOG_SM2_KEY_FILE.stat().st_mode & 0o777 == 0o600
    assert notes.open_note(sm2_log.note, checkpoints.sm2_verifier_key())
    assert notes.open_note(sm2_log.note, checkpoints.verifier_key())
    report = verify.verify_log()
    assert report.ok, report.problems
    assert "SM2 签名：1 个检查点通过，0 个没有 SM2 签名行" in report.notes


@pytest.mark.django_db
def test_a_tampered_sm2_line_fails_verification(sm2_log):
    sm2_line = _sm2_line(sm2_log.note)
    name, blob = sm2_line[2:].split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 1
    forged = sm2_log.note.replace(sm2_line, f"— {name} {base64.b64encode(bytes(raw)).decode()}")
    report = verify.verify_log(against=forged)
    assert not report.ok
    assert any("SM2 签名无效" in p for p in report.problems)


@pytest.mark.django_db
def test_an_sm2_line_by_another_key_is_not_counted_as_verified(sm2_log, settings, tmp_path):
    settings.LOG_SM2_KEY_FILE = tmp_path / "other-sm2.key"
    report = verify.verify_log()
    assert report.ok  # the Ed25519 line holds; the other key's SM2 line is an unknown signature
    assert "SM2 签名：0 个检查点通过，1 个没有 SM2 签名行" in report.notes


@pytest.mark.django_db
def test_the_public_json_page_and_export_publish_the_sm2_key(sm2_log, client):
    key = str(checkpoints.sm2_verifier_key())
    assert client.get("/api/log/checkpoints").json()["sm2_verifier_key"] == key
    assert key in client.get("/log/checkpoints/").content.decode()
    header = json.loads(next(iter(exports.export_lines())))
    assert header["sm2_verifier_key"] == key


@pytest.mark.django_db
def test_without_the_setting_there_is_no_sm2_line(settings, tmp_path, client):
    settings.LOG_KEY_FILE = tmp_path / "log.key"
    settings.LOG_SM2_KEY_FILE = None
    with transaction.atomic():
        event_append(actor=None, action="case.note", subject_type="cases.case", subject_id=1)
    checkpoint = checkpoints.checkpoint_create()
    assert len(notes.split(checkpoint.note)[1]) == 1
    assert client.get("/api/log/checkpoints").json()["sm2_verifier_key"] is None


# --- the standalone verifier ------------------------------------------------------------------------------------


def run_tool(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.django_db
def test_the_standalone_verifier_checks_the_sm2_line(sm2_log, tmp_path):
    export = tmp_path / "log.jsonl"
    export.write_text("".join(exports.export_lines()), encoding="utf-8")
    key, sm2_key = str(checkpoints.verifier_key()), str(checkpoints.sm2_verifier_key())
    passed = run_tool(export, "--key", key, "--sm2-key", sm2_key)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "SM2 lines verified: 1" in passed.stdout and "OK: everything verified" in passed.stdout

    sm2_line = _sm2_line(Checkpoint.objects.get().note)
    name, blob = sm2_line[2:].split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 1
    forged = export.read_text(encoding="utf-8").replace(
        json.dumps(sm2_line, ensure_ascii=False)[1:-1],
        json.dumps(f"— {name} {base64.b64encode(bytes(raw)).decode()}", ensure_ascii=False)[1:-1],
    )
    assert forged != export.read_text(encoding="utf-8")
    export.write_text(forged, encoding="utf-8")
    failed = run_tool(export, "--key", key, "--sm2-key", sm2_key)
    assert failed.returncode == 1
    assert "SM2 signature" in failed.stdout and "does not verify" in failed.stdout


@pytest.mark.django_db
def test_without_gmssl_the_standalone_verifier_says_the_sm2_line_was_not_checked(sm2_log, tmp_path):
    import os

    export = tmp_path / "log.jsonl"
    export.write_text("".join(exports.export_lines()), encoding="utf-8")
    blocker = tmp_path / "no-gmssl" / "gmssl"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('gmssl is not installed here')\n")
    env = dict(os.environ, PYTHONPATH=str(blocker.parent))
    out = run_tool(export, "--key", str(checkpoints.verifier_key()), env=env)  # SM2 key from the header
    assert out.returncode == 0, out.stdout + out.stderr
    assert "NOT CHECKED: 1 SM2 line(s)" in out.stdout
    assert "everything verified" not in out.stdout
