"""Content-addressed storage of evidence files, streamed and hashed in one pass (no database here).

Layout (docs/evidence.md): a file whose hash is ``<hex>`` lives at ``<algo>/<hex[:2]>/<hex[2:4]>/<hex>`` inside
the ``evidence`` storage (local: ``<data dir>/evidence/…``; S3: ``evidence/…`` in the bucket). Temporary
objects live under ``tmp/``, pieces of resumable uploads under ``uploads/<session>/``.

An ingest writes the bytes to a temporary object while hashing them; :meth:`PendingBlob.finish` checks the
declared size and hash (a mismatch deletes the temporary object); :meth:`EvidenceStore.promote` moves it to its
hash key, or drops it when that key already holds the same file (a duplicate is stored once). Memory stays
bounded by one chunk (local) or one multipart part (S3), whatever the file size.

Two backends, chosen by the class of ``storages["evidence"]``: Django's ``FileSystemStorage`` (temp file,
fsync, ``os.replace``) and django-storages' ``S3Storage`` (multipart upload to a temp key, server-side copy to
the hash key). They use the storage's configuration (location, bucket, client) and do the streaming themselves,
because the generic Storage API has neither rename nor streaming reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import queue
import re
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import gettext as _

from sanxiang.core.errors import InvalidInput

CHUNK = 4 * 1024 * 1024
S3_PART = 8 * 1024 * 1024  # S3 wants parts of at least 5 MiB (except the last)
HEX = re.compile(r"^[0-9a-f]+$")


class EvidenceMismatch(InvalidInput):
    """The bytes received do not match the declared size or hash; nothing was stored."""


class EvidenceTooLarge(InvalidInput):
    pass


def hash_algorithm() -> str:
    """The evidence hash is the record log's (``SANXIANG_LOG_HASH``: sm3 by default, or sha256)."""
    return getattr(settings, "LOG_HASH", "sm3")


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 64 * 1024**3)


def normalize_hash(value: str | None, algorithm: str) -> str | None:
    """A declared hash as lowercase hex, with an optional ``<algo>:`` prefix; None when blank."""
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if ":" in text:
        prefix, _sep, text = text.partition(":")
        if prefix != algorithm:
            raise InvalidInput(
                _("声明的哈希算法“%(given)s”与系统使用的 %(algo)s 不一致。")
                % {"given": prefix, "algo": algorithm}
            )
    length = hashlib.new(algorithm).digest_size * 2
    if len(text) != length or not HEX.match(text):
        raise InvalidInput(
            _("声明的哈希值应为 %(n)d 位十六进制数（%(algo)s）。") % {"n": length, "algo": algorithm}
        )
    return text


@dataclass(frozen=True)
class StoredBlob:
    algorithm: str
    digest: str
    size: int
    key: str
    created: bool  # False when the same file was already stored


class PendingBlob:
    """Bytes being written to a temporary object and hashed as they go."""

    def __init__(self, store: EvidenceStore):
        self.store = store
        self.algorithm = store.algorithm
        self.size = 0
        self.digest: str | None = None
        self._hash = hashlib.new(store.algorithm)
        self._temp = store.backend.new_temp()
        self._limit = max_bytes()
        self.closed = False

    def write(self, data) -> None:
        self.size += len(data)
        if self.size > self._limit:
            self.abort()
            raise EvidenceTooLarge(_("文件超过允许的最大大小（%(n)d 字节）。") % {"n": self._limit})
        self._hash.update(data)
        self._temp.write(data)

    def finish(self, *, declared_size: int | None = None, declared_hash: str | None = None) -> str:
        """Close the temporary object and check the declared size and hash; a mismatch deletes it."""
        expected = normalize_hash(declared_hash, self.algorithm) if declared_hash else None
        digest = self._hash.hexdigest()
        if declared_size is not None and declared_size != self.size:
            self.abort()
            raise EvidenceMismatch(
                _("收到 %(got)d 字节，与声明的大小 %(declared)d 字节不符，文件未保存。")
                % {"got": self.size, "declared": declared_size}
            )
        if expected is not None and expected != digest:
            self.abort()
            raise EvidenceMismatch(
                _("收到的文件哈希为 %(algo)s:%(got)s，与声明的哈希不符，文件未保存。")
                % {"algo": self.algorithm, "got": digest}
            )
        self._temp.close()
        self.closed = True
        self.digest = digest
        return digest

    def abort(self) -> None:
        if self._temp is not None:
            self._temp.abort()
            self._temp = None
        self.closed = True

    @property
    def temp_name(self) -> str:
        return self._temp.name


class EvidenceStore:
    def __init__(self, storage, algorithm: str | None = None):
        self.storage = storage
        self.algorithm = algorithm or hash_algorithm()
        self.backend = backend_for(storage)

    @classmethod
    def current(cls) -> EvidenceStore:
        return cls(storages["evidence"])

    def key_for(self, digest: str) -> str:
        return f"{self.algorithm}/{digest[:2]}/{digest[2:4]}/{digest}"

    def begin(self) -> PendingBlob:
        return PendingBlob(self)

    def ingest_pending(self, source: BinaryIO) -> PendingBlob:
        """Stream ``source`` into a temporary object, hashing as it goes (one pass)."""
        pending = self.begin()
        try:
            for chunk in read_chunks(source):
                pending.write(chunk)
        except BaseException:
            pending.abort()
            raise
        return pending

    def ingest(
        self, source: BinaryIO, *, declared_size: int | None = None, declared_hash: str | None = None
    ) -> StoredBlob:
        pending = self.ingest_pending(source)
        pending.finish(declared_size=declared_size, declared_hash=declared_hash)
        return self.promote(pending)

    def promote(self, pending: PendingBlob, *, refresh: bool = False) -> StoredBlob:
        """Move a finished temporary object to its hash key. ``refresh``: rewrite the key even when it exists
        (used when the existing object has no database row, so that the orphan sweep sees it as new)."""
        assert pending.closed and pending.digest is not None, "finish() the pending blob first"
        key = self.key_for(pending.digest)
        created = self.backend.promote(pending.temp_name, key, refresh=refresh)
        return StoredBlob(self.algorithm, pending.digest, pending.size, key, created)

    def open(self, key: str) -> BinaryIO:
        """A streaming reader of a stored object (read(n) fetches n bytes at a time)."""
        return self.backend.open(key)

    def rehash(self, key: str) -> tuple[str, int]:
        hasher, size = hashlib.new(self.algorithm), 0
        with self.open(key) as handle:
            for chunk in read_chunks(handle):
                hasher.update(chunk)
                size += len(chunk)
        return hasher.hexdigest(), size

    def put(self, name: str, source: BinaryIO, *, limit: int) -> int:
        """Store ``source`` as-is under ``name`` (a piece of a resumable upload); refuse more than ``limit``."""
        temp, size = self.backend.new_temp(), 0
        try:
            for chunk in read_chunks(source):
                size += len(chunk)
                if size > limit:
                    raise EvidenceTooLarge(_("这一片超过允许的 %(n)d 字节。") % {"n": limit})
                temp.write(chunk)
            temp.close()
        except BaseException:
            temp.abort()
            raise
        self.backend.promote(temp.name, name, refresh=True)
        return size

    def exists(self, key: str) -> bool:
        return self.backend.exists(key)

    def delete(self, key: str) -> None:
        self.backend.delete(key)

    def listing(self, prefix: str) -> Iterator[tuple[str, dt.datetime]]:
        """(key, last modified) of every object under ``prefix``."""
        return self.backend.listing(prefix)

    def modified(self, key: str) -> dt.datetime | None:
        return self.backend.modified(key)


def read_chunks(source: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    while True:
        chunk = source.read(size)
        if not chunk:
            return
        yield chunk


def backend_for(storage):
    if isinstance(storage, FileSystemStorage):
        return LocalBackend(storage)
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is a dependency
        S3Storage = None
    if S3Storage is not None and isinstance(storage, S3Storage):
        return S3Backend(storage)
    raise TypeError(
        f"evidence storage {type(storage).__name__} is not supported (FileSystemStorage or S3Storage)"
    )


# --- local disk -------------------------------------------------------------------------------------------


class LocalTemp:
    """A temporary file written by a thread of its own, so that writing and syncing to disk overlap with the
    hashing in the caller's thread (both release the GIL). At most ``QUEUE`` chunks wait in memory."""

    QUEUE = 4
    SYNC_EVERY = 8 * 1024 * 1024  # flush dirty pages as we go, so that the final fsync is short

    def __init__(self, root: Path):
        tmp_dir = root / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(dir=tmp_dir, prefix="in-")
        self.fd: int | None = fd
        self.path = path
        self.name = f"tmp/{Path(path).name}"
        self.error: BaseException | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=self.QUEUE)
        self.thread = threading.Thread(target=self._run, name="evidence-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        unsynced = 0
        while (data := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain until the sentinel
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self.fd, view) :]
                unsynced += len(data)
                if unsynced >= self.SYNC_EVERY:
                    os.fdatasync(self.fd)
                    unsynced = 0
            except BaseException as exc:  # reported to the caller by close()
                self.error = exc

    def write(self, data) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(bytes(data))

    def _stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    def close(self) -> None:
        self._stop()
        if self.error is not None:
            self.abort()
            raise self.error
        if self.fd is not None:
            os.fsync(self.fd)  # the file must be on disk before the database says it is
            os.close(self.fd)
            self.fd = None

    def abort(self) -> None:
        self._stop()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        Path(self.path).unlink(missing_ok=True)


class LocalBackend:
    def __init__(self, storage: FileSystemStorage):
        self.root = Path(storage.location)

    def path(self, key: str) -> Path:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"bad evidence key {key!r}")
        return self.root / key

    def new_temp(self) -> LocalTemp:
        return LocalTemp(self.root)

    def promote(self, temp_name: str, key: str, *, refresh: bool) -> bool:
        temp, final = self.path(temp_name), self.path(key)
        existed = final.exists()
        if existed and not refresh:
            temp.unlink()
            return False
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temp, 0o440)
        os.replace(temp, final)
        _fsync_dir(final.parent)
        return not existed

    def open(self, key: str) -> BinaryIO:
        return open(self.path(key), "rb")  # noqa: SIM115 - the caller closes it

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def modified(self, key: str) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(self.path(key).stat().st_mtime, tz=dt.UTC)
        except FileNotFoundError:
            return None

    def listing(self, prefix: str) -> Iterator[tuple[str, dt.datetime]]:
        base = self.path(prefix.rstrip("/"))
        if not base.is_dir():
            return
        for directory, _dirs, files in os.walk(base):
            for name in files:
                path = Path(directory) / name
                try:
                    mtime = path.stat().st_mtime
                except FileNotFoundError:
                    continue
                yield path.relative_to(self.root).as_posix(), dt.datetime.fromtimestamp(mtime, tz=dt.UTC)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- S3-compatible object storage ------------------------------------------------------------------------


class S3Temp:
    """A multipart upload to ``tmp/<uuid>``, fed one part at a time (push model, for upload handlers too)."""

    def __init__(self, backend: S3Backend):
        self.backend = backend
        self.name = f"tmp/{uuid.uuid4().hex}"
        self.key = backend.full_key(self.name)
        self.buffer = bytearray()
        self.parts: list[dict] = []
        self.upload_id: str | None = None
        self.done = False

    def write(self, data) -> None:
        self.buffer += data
        while len(self.buffer) >= S3_PART:
            self._send(bytes(self.buffer[:S3_PART]))
            del self.buffer[:S3_PART]

    def _send(self, body: bytes) -> None:
        client = self.backend.client
        if self.upload_id is None:
            created = client.create_multipart_upload(Bucket=self.backend.bucket, Key=self.key)
            self.upload_id = created["UploadId"]
        number = len(self.parts) + 1
        sent = client.upload_part(
            Bucket=self.backend.bucket, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=body
        )
        self.parts.append({"ETag": sent["ETag"], "PartNumber": number})

    def close(self) -> None:
        client, bucket = self.backend.client, self.backend.bucket
        if self.upload_id is None:
            client.put_object(Bucket=bucket, Key=self.key, Body=bytes(self.buffer))
        else:
            if self.buffer:
                self._send(bytes(self.buffer))
            client.complete_multipart_upload(
                Bucket=bucket, Key=self.key, UploadId=self.upload_id, MultipartUpload={"Parts": self.parts}
            )
        self.buffer = bytearray()
        self.done = True

    def abort(self) -> None:
        client, bucket = self.backend.client, self.backend.bucket
        self.buffer = bytearray()
        if self.upload_id is not None and not self.done:
            client.abort_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.upload_id)
        if self.done:
            client.delete_object(Bucket=bucket, Key=self.key)
        self.done = True


class S3Backend:
    def __init__(self, storage):
        self.storage = storage
        self.client = storage.connection.meta.client
        self.bucket = storage.bucket_name
        self.prefix = (storage.location or "").strip("/")

    def full_key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def new_temp(self) -> S3Temp:
        return S3Temp(self)

    def promote(self, temp_name: str, key: str, *, refresh: bool) -> bool:
        existed = self.exists(key)
        if not existed or refresh:
            source = {"Bucket": self.bucket, "Key": self.full_key(temp_name)}
            # The managed copy switches to a multipart copy above 5 GB (a single CopyObject's limit).
            self.client.copy(source, self.bucket, self.full_key(key))
        self.client.delete_object(Bucket=self.bucket, Key=self.full_key(temp_name))
        return not existed

    def open(self, key: str) -> BinaryIO:
        return self.client.get_object(Bucket=self.bucket, Key=self.full_key(key))["Body"]

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def _head(self, key: str):
        from botocore.exceptions import ClientError

        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.full_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.full_key(key))

    def modified(self, key: str) -> dt.datetime | None:
        head = self._head(key)
        return head["LastModified"] if head else None

    def listing(self, prefix: str) -> Iterator[tuple[str, dt.datetime]]:
        paginator = self.client.get_paginator("list_objects_v2")
        strip = len(self.prefix) + 1 if self.prefix else 0
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.full_key(prefix)):
            for obj in page.get("Contents", []):
                yield obj["Key"][strip:], obj["LastModified"]
