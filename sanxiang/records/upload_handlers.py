"""A Django upload handler that streams an uploaded file straight into the evidence store, hashing each chunk
as it arrives: when the request body has been read, the file is stored (temporarily) and its hash is known.
One pass, memory bounded by one chunk, whatever the file size.

Install it on the request before anything reads ``request.POST``/``FILES`` (docs: "Modifying upload handlers
on the fly"); the views in ``evidence_views.py`` and ``evidence_api.py`` do. A file the view does not hand to
``evidence_add`` must be discarded with :func:`discard_unused`; the worker removes any temporary object left
behind anyway.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from sanxiang.core.errors import InvalidInput
from sanxiang.records.evidence_store import EvidenceStore, PendingBlob


class StreamedUpload(UploadedFile):
    """What ``request.FILES`` holds: the name, type and size of the upload, and the pending stored blob."""

    def __init__(self, *, pending: PendingBlob, name: str, content_type: str, size: int):
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.pending = pending

    def open(self, mode=None):  # the bytes are in the store, not here
        raise ValueError("a streamed evidence upload is read from the evidence store")

    def close(self):
        pass


class EvidenceUploadHandler(FileUploadHandler):
    chunk_size = 1024 * 1024  # 1 MiB reads from the request body (must divide by 4 for base64 parts)

    def __init__(self, request=None):
        super().__init__(request)
        self.pending: PendingBlob | None = None
        self.error: InvalidInput | None = None
        self.started: list[PendingBlob] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.pending = EvidenceStore.current().begin()
        self.started.append(self.pending)

    def receive_data_chunk(self, raw_data, start):
        try:
            self.pending.write(raw_data)
        except InvalidInput as exc:  # too large: the pending blob is already deleted
            self.error = exc
            if self.request is not None:
                self.request.evidence_upload_error = exc
            raise StopUpload(connection_reset=True) from None
        return None

    def file_complete(self, file_size):
        pending, self.pending = self.pending, None
        return StreamedUpload(
            pending=pending, name=self.file_name, content_type=self.content_type or "", size=file_size
        )

    def upload_interrupted(self):
        for pending in self.started:
            if not pending.closed:
                pending.abort()


def install(request) -> None:
    """Replace the request's upload handlers with the evidence handler (before the body is read)."""
    request.upload_handlers = [EvidenceUploadHandler(request)]


def discard_unused(request) -> None:
    """Delete the temporary objects of uploads that were not stored as evidence (a refused form, an error)."""
    for handler in getattr(request, "upload_handlers", []):
        for pending in getattr(handler, "started", []):
            if not pending.closed:
                pending.abort()
