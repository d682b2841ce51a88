"""Evidence services (证据): every write to the evidence store, each with its record-log event (chain of custody).

Upload, download, link and unlink each append one event in the transaction of their database write. The file is
stored *before* that transaction (it may take minutes), so a failed transaction can leave a stored file with no
row: an orphan. Orphans older than a day are removed by the worker (``evidence_jobs.evidence_sweep``); an
upload that finds its file already stored but without a row rewrites it, so that a sweep never removes a file
an upload has just relied on. Resumable uploads (断点续传) keep their pieces as separate objects until
``upload_session_complete`` reads them in order, hashing as it assembles the file (the second pass).
docs/evidence.md.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.records.evidence_store import (
    EvidenceStore,
    PendingBlob,
    StoredBlob,
    normalize_hash,
    read_chunks,
)
from sanxiang.records.models_evidence import (
    EvidenceBlob,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    UploadPiece,
    UploadSession,
)
from sanxiang.records.services import event_append

SUBJECT_TYPE = "records.evidence"
SUBJECT_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Metadata:
    """What is known about how a piece of evidence was taken (checked before any byte is stored)."""

    kind: str
    filename: str
    content_type: str = ""
    captured_at: dt.datetime | None = None
    device: str = ""
    place: str = ""
    officer: object | None = None


def guess_kind(filename: str, content_type: str = "") -> str:
    """photo / audio / video from the MIME type (given, or guessed from the name); anything else a document."""
    mime = content_type or mimetypes.guess_type(filename)[0] or ""
    major = mime.split("/", 1)[0]
    return {"image": EvidenceKind.PHOTO, "audio": EvidenceKind.AUDIO, "video": EvidenceKind.VIDEO}.get(
        major, EvidenceKind.DOCUMENT
    )


def clean_metadata(
    *,
    kind: str | None,
    filename: str,
    content_type: str = "",
    captured_at: dt.datetime | None = None,
    device: str = "",
    place: str = "",
    officer=None,
    now: dt.datetime | None = None,
) -> Metadata:
    filename = Path(filename or "").name.strip()
    if not filename:
        raise InvalidInput(_("缺少文件名。"))
    if len(filename) > 255:
        raise InvalidInput(_("文件名过长（最多 255 个字符）。"))
    kind = kind or guess_kind(filename, content_type)
    if kind not in EvidenceKind.values:
        raise InvalidInput(_("证据类别应为 photo、audio、video 或 document 之一。"))
    if captured_at is not None:
        if timezone.is_naive(captured_at):
            raise InvalidInput(_("采集时间须带时区。"))
        if captured_at > (now or timezone.now()) + CLOCK_SKEW:
            raise InvalidInput(_("采集时间不能晚于现在。"))
    if len(device) > 100 or len(place) > 200 or len(content_type) > 100:
        raise InvalidInput(_("采集设备最多 100 字，采集地点最多 200 字，文件类型最多 100 字。"))
    if officer is not None and not officer.is_active:
        raise InvalidInput(_("采集人员账号已停用。"))
    return Metadata(kind, filename, content_type.strip(), captured_at, device.strip(), place.strip(), officer)


def check_subject(subject_type: str, subject_id) -> tuple[str, str]:
    subject_id = str(subject_id).strip()
    if not SUBJECT_PATTERN.match(subject_type or "") or len(subject_type) > 64:
        raise InvalidInput(_("关联对象类型应形如 cases.case。"))
    if not subject_id or len(subject_id) > 64:
        raise InvalidInput(_("关联对象标识应为 1 到 64 个字符。"))
    return subject_type, subject_id


def check_declared_size(declared_size: int | None) -> None:
    if declared_size is not None and not (0 <= declared_size <= settings.EVIDENCE_MAX_BYTES):
        raise InvalidInput(_("声明大小应在 0 到 %(n)d 字节之间。") % {"n": settings.EVIDENCE_MAX_BYTES})


# --- whole uploads ----------------------------------------------------------------------------------------


def evidence_add(
    *,
    actor,
    source: BinaryIO | str | os.PathLike | PendingBlob,
    kind: str | None,
    filename: str,
    content_type: str = "",
    captured_at: dt.datetime | None = None,
    device: str = "",
    place: str = "",
    officer=None,
    declared_size: int | None = None,
    declared_hash: str | None = None,
    belongs_to: tuple[str, str] | None = None,
) -> EvidenceItem:
    """Store one file (streamed and hashed in one pass) and record it as evidence; event ``evidence.upload``.

    ``source`` is an open binary file, a path, or a :class:`PendingBlob` already received by the upload
    handler. When ``declared_size`` or ``declared_hash`` do not match the bytes, :class:`EvidenceMismatch` is
    raised and nothing is stored (no file, no row, no event).
    """
    store = EvidenceStore.current()
    pending = source if isinstance(source, PendingBlob) else None
    try:
        meta = clean_metadata(
            kind=kind,
            filename=filename,
            content_type=content_type,
            captured_at=captured_at,
            device=device,
            place=place,
            officer=officer,
        )
        check_declared_size(declared_size)
        declared_hash = normalize_hash(declared_hash, store.algorithm)
        if belongs_to is not None:
            belongs_to = check_subject(*belongs_to)
    except BaseException:
        if pending is not None:
            pending.abort()
        raise
    if pending is None:
        if isinstance(source, str | os.PathLike):
            with open(source, "rb") as handle:
                pending = store.ingest_pending(handle)
        else:
            pending = store.ingest_pending(source)
    pending.finish(declared_size=declared_size, declared_hash=declared_hash)
    return _record(store=store, pending=pending, actor=actor, meta=meta, belongs_to=belongs_to)


def _record(*, store, pending: PendingBlob, actor, meta: Metadata, belongs_to, extra=None) -> EvidenceItem:
    known = EvidenceBlob.objects.filter(algorithm=pending.algorithm, digest=pending.digest).exists()
    stored = store.promote(pending, refresh=not known)
    with transaction.atomic():
        blob = _blob_row(stored)
        item = EvidenceItem.objects.create(
            blob=blob,
            kind=meta.kind,
            original_filename=meta.filename,
            content_type=meta.content_type,
            captured_at=meta.captured_at,
            device=meta.device,
            place=meta.place,
            officer=meta.officer,
            uploaded_by=actor,
        )
        payload = {
            "algorithm": blob.algorithm,
            "hash": blob.digest,
            "size": blob.size,
            "kind": item.kind,
            "content_type": item.content_type,
            "captured_at": item.captured_at.isoformat() if item.captured_at else None,
            "device": item.device,
            "officer_id": item.officer_id,
            "already_stored": not stored.created,
            **(extra or {}),
        }
        # The file name and the place may name people or addresses: committed to, not written out.
        personal = {"filename": item.original_filename}
        if item.place:
            personal["place"] = item.place
        event_append(
            actor=actor,
            action="evidence.upload",
            subject_type=SUBJECT_TYPE,
            subject_id=item.pk,
            payload=payload,
            personal=personal,
        )
        if belongs_to is not None:
            _link(actor=actor, item=item, subject_type=belongs_to[0], subject_id=belongs_to[1])
    return item


def _blob_row(stored: StoredBlob) -> EvidenceBlob:
    try:
        with transaction.atomic():
            blob, _created = EvidenceBlob.objects.get_or_create(
                algorithm=stored.algorithm,
                digest=stored.digest,
                defaults={"size": stored.size, "storage_key": stored.key},
            )
    except IntegrityError:  # the same file committed by a concurrent upload
        blob = EvidenceBlob.objects.get(algorithm=stored.algorithm, digest=stored.digest)
    return blob


# --- custody: download, link, unlink ---------------------------------------------------------------------


def evidence_open_for_download(*, actor, item: EvidenceItem) -> BinaryIO:
    """Record the download (event ``evidence.download``), then return a streaming reader of the file."""
    with transaction.atomic():
        event_append(
            actor=actor,
            action="evidence.download",
            subject_type=SUBJECT_TYPE,
            subject_id=item.pk,
            payload={"algorithm": item.blob.algorithm, "hash": item.blob.digest},
        )
    return EvidenceStore.current().open(item.blob.storage_key)


def evidence_link(*, actor, item: EvidenceItem, subject_type: str, subject_id) -> EvidenceLink:
    """Say what the evidence belongs to (event ``evidence.link``). Linking twice to the same subject is refused."""
    subject_type, subject_id = check_subject(subject_type, subject_id)
    with transaction.atomic():
        return _link(actor=actor, item=item, subject_type=subject_type, subject_id=subject_id)


def _link(*, actor, item, subject_type: str, subject_id: str) -> EvidenceLink:
    current = EvidenceLink.objects.filter(
        item=item, subject_type=subject_type, subject_id=subject_id, unlinked_at__isnull=True
    )
    if current.exists():
        raise Conflict(_("该证据已关联到 %(s)s:%(i)s。") % {"s": subject_type, "i": subject_id})
    link = EvidenceLink.objects.create(
        item=item, subject_type=subject_type, subject_id=subject_id, linked_by=actor
    )
    event_append(
        actor=actor,
        action="evidence.link",
        subject_type=SUBJECT_TYPE,
        subject_id=item.pk,
        payload={"link_id": link.pk, "subject_type": subject_type, "subject_id": subject_id},
    )
    return link


def evidence_unlink(*, actor, link: EvidenceLink) -> EvidenceLink:
    """End a link (event ``evidence.unlink``). The link row stays, with who ended it and when."""
    with transaction.atomic():
        changed = EvidenceLink.objects.filter(pk=link.pk, unlinked_at__isnull=True).update(
            unlinked_at=timezone.now(), unlinked_by=actor
        )
        if changed != 1:
            raise Conflict(_("该关联已解除。"))
        link.refresh_from_db()
        event_append(
            actor=actor,
            action="evidence.unlink",
            subject_type=SUBJECT_TYPE,
            subject_id=link.item_id,
            payload={"link_id": link.pk, "subject_type": link.subject_type, "subject_id": link.subject_id},
        )
    return link


# --- resumable uploads (断点续传) --------------------------------------------------------------------------


def upload_session_start(
    *,
    actor,
    declared_size: int,
    declared_hash: str | None = None,
    kind: str | None,
    filename: str,
    content_type: str = "",
    captured_at: dt.datetime | None = None,
    device: str = "",
    place: str = "",
    officer=None,
    belongs_to: tuple[str, str] | None = None,
) -> UploadSession:
    """Open a resumable upload. Nothing is recorded in the log until it completes."""
    meta = clean_metadata(
        kind=kind,
        filename=filename,
        content_type=content_type,
        captured_at=captured_at,
        device=device,
        place=place,
        officer=officer,
    )
    if declared_size is None:
        raise InvalidInput(_("续传上传须声明文件大小。"))
    check_declared_size(declared_size)
    declared_hash = normalize_hash(declared_hash, EvidenceStore.current().algorithm) or ""
    subject = check_subject(*belongs_to) if belongs_to else ("", "")
    return UploadSession.objects.create(
        declared_size=declared_size,
        declared_hash=declared_hash,
        kind=meta.kind,
        original_filename=meta.filename,
        content_type=meta.content_type,
        captured_at=meta.captured_at,
        device=meta.device,
        place=meta.place,
        officer=meta.officer,
        subject_type=subject[0],
        subject_id=subject[1],
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(hours=settings.EVIDENCE_UPLOAD_HOURS),
    )


def _check_open(session: UploadSession) -> None:
    if session.status != UploadSession.Status.OPEN or session.expires_at <= timezone.now():
        raise Conflict(_("该上传已完成、正在合并或已过期，请重新开始上传。"))


def upload_session_put_piece(
    *, actor, session: UploadSession, offset: int, source: BinaryIO, length: int | None = None
) -> UploadSession:
    """Store the next piece. ``offset`` must equal the bytes received so far (else 409 with that number).
    ``length``: the piece's announced length (Content-Length); a piece that arrives shorter is not accepted."""
    session.refresh_from_db()
    _check_open(session)
    if offset != session.received_bytes:
        raise OffsetMismatch(session.received_bytes)
    remaining = session.declared_size - offset
    limit = min(settings.EVIDENCE_PIECE_MAX_BYTES, remaining)
    store = EvidenceStore.current()
    name = f"uploads/{session.pk}/{offset:020d}-{os.urandom(4).hex()}"
    size = store.put(name, source, limit=limit)
    if size == 0 or (length is not None and size != length):
        store.delete(name)
        if size == 0:
            raise InvalidInput(_("这一片是空的。"))
        raise InvalidInput(
            _("这一片不完整：声明 %(n)d 字节，收到 %(got)d 字节。") % {"n": length, "got": size}
        )
    with transaction.atomic():
        locked = UploadSession.objects.select_for_update().get(pk=session.pk)
        accepted = locked.status == UploadSession.Status.OPEN and locked.received_bytes == offset
        if accepted:
            UploadPiece.objects.create(session=locked, offset=offset, size=size, storage_key=name)
            locked.received_bytes = offset + size
            locked.expires_at = timezone.now() + dt.timedelta(hours=settings.EVIDENCE_UPLOAD_HOURS)
            locked.save(update_fields=["received_bytes", "expires_at"])
    if not accepted:  # another request stored this piece first
        store.delete(name)
        _check_open(locked)
        raise OffsetMismatch(locked.received_bytes)
    return locked


class OffsetMismatch(Conflict):
    def __init__(self, expected: int):
        super().__init__(_("偏移不对：已接收 %(n)d 字节，下一片应从偏移 %(n)d 开始。") % {"n": expected})
        self.expected = expected


def upload_session_complete(*, actor, session: UploadSession) -> EvidenceItem:
    """Assemble the pieces in order while hashing them (the second pass), then store and record the evidence.

    A completed upload answers with the same item when completed again. A size or hash mismatch deletes the
    upload and its pieces: nothing is stored, the client starts over.
    """
    session.refresh_from_db()
    if session.status == UploadSession.Status.COMPLETED and session.item_id:
        return session.item
    _check_open(session)
    if session.received_bytes != session.declared_size:
        raise Conflict(
            _("尚未收齐：已接收 %(got)d 字节，声明 %(total)d 字节。")
            % {"got": session.received_bytes, "total": session.declared_size}
        )
    claimed = UploadSession.objects.filter(pk=session.pk, status=UploadSession.Status.OPEN).update(
        status=UploadSession.Status.COMPLETING,
        expires_at=timezone.now() + dt.timedelta(hours=settings.EVIDENCE_UPLOAD_HOURS),
    )
    if claimed != 1:
        raise Conflict(_("该上传正在合并，请稍后查询。"))
    store = EvidenceStore.current()
    pieces = list(session.pieces.order_by("offset"))
    pending = store.begin()
    try:
        expected = 0
        for piece in pieces:
            if piece.offset != expected:
                raise Conflict(_("分片不连续，请重新开始上传。"))
            with store.open(piece.storage_key) as handle:
                for chunk in read_chunks(handle):
                    pending.write(chunk)
            expected += piece.size
        pending.finish(declared_size=session.declared_size, declared_hash=session.declared_hash or None)
    except BaseException:
        pending.abort()
        upload_session_discard(session=session)
        raise
    meta = Metadata(
        session.kind,
        session.original_filename,
        session.content_type,
        session.captured_at,
        session.device,
        session.place,
        session.officer,
    )
    belongs_to = (session.subject_type, session.subject_id) if session.subject_type else None
    item = _record(
        store=store,
        pending=pending,
        actor=actor,
        meta=meta,
        belongs_to=belongs_to,
        extra={"resumable_pieces": len(pieces)},
    )
    UploadSession.objects.filter(pk=session.pk).update(status=UploadSession.Status.COMPLETED, item=item)
    _delete_pieces(store, pieces)
    UploadPiece.objects.filter(session=session).delete()
    return item


def upload_session_discard(*, session: UploadSession) -> None:
    """Delete an unfinished upload and its pieces (cancelled, refused or abandoned). Leaves no record."""
    store = EvidenceStore.current()
    pieces = list(UploadPiece.objects.filter(session=session))
    _delete_pieces(store, pieces)
    for key, _modified in list(store.listing(f"uploads/{session.pk}/")):
        store.delete(key)  # pieces written but never accepted (a lost race, a crash before the row)
    UploadSession.objects.filter(pk=session.pk).exclude(status=UploadSession.Status.COMPLETED).delete()


def _delete_pieces(store: EvidenceStore, pieces) -> None:
    for piece in pieces:
        store.delete(piece.storage_key)


# --- verification and export -----------------------------------------------------------------------------


def verify_all() -> list[str]:
    """Re-hash every stored file (streaming) and return one line per problem; empty when all are intact.

    Each problem names the file's hash and the evidence items that rely on it. Called by ``sanxiang log
    verify`` and ``sanxiang evidence verify``.
    """
    store = EvidenceStore.current()
    problems = []
    for blob in EvidenceBlob.objects.order_by("pk").iterator():
        items = list(EvidenceItem.objects.filter(blob=blob).order_by("pk").values_list("pk", flat=True))
        label = _("证据 %(items)s（%(algo)s:%(hash)s）") % {
            "items": "、".join(f"#{pk}" for pk in items) or "-",
            "algo": blob.algorithm,
            "hash": blob.digest,
        }
        if not store.exists(blob.storage_key):
            problems.append(_("%(label)s：文件缺失（%(key)s）。") % {"label": label, "key": blob.storage_key})
            continue
        digest, size = EvidenceStore(store.storage, blob.algorithm).rehash(blob.storage_key)
        if digest != blob.digest or size != blob.size:
            problems.append(
                _("%(label)s：文件已被改动，现在的哈希为 %(got)s（%(size)d 字节）。")
                % {"label": label, "got": digest, "size": size}
            )
    return problems


def evidence_export(directory: str | os.PathLike) -> int:
    """Copy every stored file into ``directory`` named by its hex hash (the layout the standalone verifier
    reads). Files already there with the right size are kept. Returns the number of files written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    store = EvidenceStore.current()
    written = 0
    for blob in EvidenceBlob.objects.order_by("pk").iterator():
        path = target / blob.digest
        if path.is_file() and path.stat().st_size == blob.size:
            continue
        partial = target / f".{blob.digest}.part"
        with store.open(blob.storage_key) as source, open(partial, "wb") as out:
            for chunk in read_chunks(source):
                out.write(chunk)
        os.replace(partial, path)
        written += 1
    return written


# --- input parsing shared by the adapters ----------------------------------------------------------------


def parse_time(text: str | None) -> dt.datetime | None:
    """ISO 8601 (``2026-03-02T09:30``, ``2026-03-02 09:30:05+08:00``); a time without zone is Beijing time."""
    if text is None or not str(text).strip():
        return None
    try:
        value = dt.datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput(_("时间“%(t)s”格式不对，应形如 2026-03-02T09:30。") % {"t": text}) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def parse_size(text) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        value = int(str(text).strip())
    except ValueError:
        raise InvalidInput(_("大小“%(t)s”应为字节数（整数）。") % {"t": text}) from None
    if value < 0:
        raise InvalidInput(_("大小不能为负数。"))
    return value
