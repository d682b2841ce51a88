"""Exports go to outsiders: no personal value of the demo appears in one, and the standalone verifier
(tools/sanxiang_verify.py: no Django, no database) passes on an export and fails on a tampered copy."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from sanxiang.accounts.models import Certificate, User
from sanxiang.records import checkpoints, exports, merkle
from sanxiang.records.services import event_append

pytestmark = pytest.mark.django_db
TOOL = Path(__file__).resolve().parents[2] / "tools" / "sanxiang_verify.py"
# Personal values of demo people as a service would pass them: names, ID numbers, phones.
ID_NUMBER, PHONE = "430602198807150026", "13907300188"


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    settings.LOG_KEY_FILE = tmp_path / "log.key"


@pytest.fixture
def demo_log():
    """The accounts demo, then one event per demo person and certificate carrying their personal values."""
    from sanxiang.core import demo

    demo.load(stdout=io.StringIO())
    people = list(User.objects.all())
    with transaction.atomic():
        for user in people:
            event_append(
                actor=None, action="officer.register", subject_type="accounts.user", subject_id=user.pk,
                payload={"department_id": user.department_id},
                personal={"full_name": user.full_name, "id_number": ID_NUMBER, "phone": PHONE},
            )  # fmt: skip
        for certificate in Certificate.objects.all():
            event_append(
                actor=None, action="certificate.issue", subject_type="accounts.certificate",
                subject_id=certificate.pk, payload={"officer_id": certificate.officer_id},
                personal={"number": certificate.number},
            )  # fmt: skip
    checkpoints.checkpoint_create()
    values = {ID_NUMBER, PHONE}
    values |= {u.full_name for u in people if u.full_name}
    values |= set(Certificate.objects.values_list("number", flat=True))
    return values


def export_text(**kwargs) -> str:
    return "".join(exports.export_lines(**kwargs))


def test_no_personal_value_of_the_demo_appears_in_a_default_export(demo_log):
    text = export_text()
    assert len(text.splitlines()) > 5
    leaked = sorted(value for value in demo_log if value in text)
    assert leaked == []


def test_the_full_export_holds_commitments_not_personal_values(demo_log):
    from sanxiang.accounts.models import RoleGrant

    auditor = User.objects.create_user(username="auditor1", password="Jiancha#2026", full_name="审计员")
    RoleGrant.objects.create(user=auditor, role="supervisor")
    text = export_text(full=True, actor=auditor)
    assert '"commitments":{"full_name":' in text.replace("\\", "")
    assert sorted(value for value in demo_log if value in text) == []


def run_tool(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=60
    )


def test_the_standalone_verifier_passes_on_the_demo_export_and_fails_on_a_tampered_copy(demo_log, tmp_path):
    key = str(checkpoints.verifier_key())
    kept = tmp_path / "kept.txt"
    kept.write_text(checkpoints.published_text(), encoding="utf-8")
    plain = tmp_path / "log.jsonl"
    plain.write_text(export_text(), encoding="utf-8")
    passed = run_tool(plain, "--key", key, "--checkpoints", kept)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "OK" in passed.stdout

    lines = plain.read_text().splitlines()
    entry = json.loads(lines[3])
    entry["leaf_hash"] = "00" * 32
    lines[3] = json.dumps(entry)
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines) + "\n")
    failed = run_tool(tampered, "--key", key)
    assert failed.returncode == 1
    assert "do not match the checkpoint" in failed.stdout


def test_the_standalone_verifier_names_a_changed_entry_in_a_full_export(demo_log, tmp_path):
    from sanxiang.accounts.models import RoleGrant

    auditor = User.objects.create_user(username="auditor1", password="Jiancha#2026", full_name="审计员")
    RoleGrant.objects.create(user=auditor, role="supervisor")
    lines = export_text(full=True, actor=auditor).splitlines()
    index = next(i for i, line in enumerate(lines) if '"officer.register"' in line)
    item = json.loads(lines[index])
    changed = item["entry"].replace('"department_id":', '"department_id":9')
    assert changed != item["entry"]
    item["entry"] = changed
    lines[index] = json.dumps(item, ensure_ascii=False)
    path = tmp_path / "full.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = run_tool(path, "--key", str(checkpoints.verifier_key()))
    assert failed.returncode == 1
    assert f"entry {item['seq']} was changed" in failed.stdout


def test_the_standalone_verifier_checks_a_proof_and_refuses_bad_input(demo_log, tmp_path):
    from sanxiang.records import verify

    proof = tmp_path / "proof.json"
    proof.write_text(json.dumps(verify.inclusion_proof_for(2)))
    key = str(checkpoints.verifier_key())
    assert run_tool("--proof", proof, "--key", key).returncode == 0
    data = json.loads(proof.read_text())
    data["leaf_hash"] = "11" * 32
    proof.write_text(json.dumps(data))
    assert run_tool("--proof", proof, "--key", key).returncode == 1
    assert run_tool(tmp_path / "missing.jsonl").returncode == 2


def test_the_standalone_verifier_checks_an_evidence_folder(tmp_path):
    folder = tmp_path / "evidence"
    folder.mkdir()
    good = b"photo of the scene"
    (folder / merkle.Hasher("sm3").digest(good).hex()).write_bytes(good)
    assert run_tool("--evidence", folder).returncode == 0
    (folder / ("ab" * 32 + ".jpg")).write_bytes(b"not matching")
    failed = run_tool("--evidence", folder)
    assert failed.returncode == 1 and "does not match its hash" in failed.stdout


def load_tool():
    spec = importlib.util.spec_from_file_location("sanxiang_verify", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(False)
@pytest.mark.parametrize("name", ["sha256", "sm3"])
def test_the_tools_merkle_code_agrees_with_records_merkle(name):
    tool, ours = load_tool(), merkle.Hasher(name)
    theirs = tool.Hasher(name)
    leaves = [ours.leaf(bytes([i])) for i in range(21)]
    stack: list[bytes] = []
    for size, leaf in enumerate(leaves):
        assert theirs.leaf(bytes([size])) == leaf
        tool.frontier_append(stack, size, leaf, theirs)
        assert tool.frontier_root(stack, theirs) == merkle.root(leaves[: size + 1], ours)
    for size in range(1, 22):
        root = merkle.root(leaves[:size], ours)
        for index in range(size):
            proof = merkle.inclusion_proof(leaves, index, size, ours)
            assert tool.verify_inclusion(index, size, leaves[index], proof, root, theirs)
        for first in range(size + 1):
            proof = merkle.consistency_proof(leaves, first, size, ours)
            first_root = merkle.root(leaves[:first], ours)
            assert tool.verify_consistency(first, size, first_root, root, proof, theirs)
