"""The local ingest hands chunks to a writer thread through a bounded queue (``LocalTemp``): a file of many
more chunks than the queue holds must come out byte for byte, under its hash."""

from __future__ import annotations

import hashlib
import io

from django.core.files.storage import FileSystemStorage

from sanxiang.records.evidence_store import CHUNK, EvidenceStore, LocalTemp


def test_a_file_of_many_more_chunks_than_the_queue_holds_is_stored_intact(tmp_path):
    chunks = 3 * (LocalTemp.QUEUE + 2) + 1
    data = b"".join(hashlib.sha256(bytes([i % 256])).digest() * (CHUNK // 32) for i in range(chunks)) + b"end"
    store = EvidenceStore(FileSystemStorage(location=tmp_path), "sm3")
    blob = store.ingest(io.BufferedReader(io.BytesIO(data)))
    assert blob.digest == hashlib.new("sm3", data).hexdigest()
    with store.open(blob.key) as handle:
        assert handle.read() == data
