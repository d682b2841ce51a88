"""REST API of the evidence store (docs/evidence.md, "API"). Thin adapters: parse, check access, call one service.

Whole upload: ``POST /api/evidence/`` (multipart, streamed into the store by ``EvidenceUploadHandler``).
Resumable: ``POST /api/evidence/uploads/`` → ``PUT …/uploads/<id>/?offset=N`` (raw bytes, repeat) →
``POST …/uploads/<id>/complete/``; ``GET …/uploads/<id>/`` says where to resume. Errors are JSON
``{"detail": "…"}`` with 400/403/404/409.
"""

from __future__ import annotations

import re

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.accounts.models import User
from sanxiang.core.errors import DomainError, InvalidInput
from sanxiang.records import evidence as services
from sanxiang.records import evidence_access as access
from sanxiang.records.models_evidence import EvidenceLink, UploadSession
from sanxiang.records.selectors import events_for
from sanxiang.records.upload_handlers import discard_unused, install

CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


class EvidenceAPIView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser, FormParser]

    def handle_exception(self, exc):
        if isinstance(exc, services.OffsetMismatch):
            return Response({"detail": exc.message, "offset": exc.expected}, status=409)
        if isinstance(exc, DomainError):
            return Response({"detail": exc.message}, status=exc.http_status)
        if isinstance(exc, Http404):
            return Response({"detail": str(exc) or _("不存在。")}, status=404)
        return super().handle_exception(exc)


def _officer(value, actor):
    """The capturing officer by id or username; the uploader when not given."""
    if value in (None, ""):
        return actor
    lookup = {"pk": int(value)} if str(value).isdigit() else {"username": str(value)}
    officer = User.objects.filter(is_active=True, **lookup).first()
    if officer is None:
        raise InvalidInput(_("采集人员“%(v)s”不存在或已停用。") % {"v": value})
    return officer


def _belongs_to(data) -> tuple[str, str] | None:
    subject_type, subject_id = data.get("subject_type") or "", data.get("subject_id") or ""
    if not subject_type and not subject_id:
        return None
    return subject_type, subject_id


def _metadata(data, actor, *, content_type: str = "") -> dict:
    return {
        "kind": data.get("kind") or None,
        "content_type": data.get("content_type") or content_type or "",
        "captured_at": services.parse_time(data.get("captured_at")),
        "device": data.get("device") or "",
        "place": data.get("place") or "",
        "officer": _officer(data.get("officer"), actor),
        "belongs_to": _belongs_to(data),
    }


def item_json(item, *, custody: bool = False) -> dict:
    data = {
        "id": item.pk,
        "kind": item.kind,
        "filename": item.original_filename,
        "content_type": item.content_type,
        "size": item.blob.size,
        "hash": {"algorithm": item.blob.algorithm, "value": item.blob.digest},
        "captured_at": item.captured_at.isoformat() if item.captured_at else None,
        "device": item.device,
        "place": item.place,
        "officer_id": item.officer_id,
        "uploaded_by_id": item.uploaded_by_id,
        "uploaded_at": item.uploaded_at.isoformat(),
        "links": [
            {
                "id": link.pk,
                "subject_type": link.subject_type,
                "subject_id": link.subject_id,
                "linked_at": link.linked_at.isoformat(),
                "unlinked_at": link.unlinked_at.isoformat() if link.unlinked_at else None,
            }
            for link in item.links.order_by("linked_at", "pk")
        ],
        "download_url": reverse("evidence:api-download", args=[item.pk]),
    }
    if custody:
        data["custody"] = [
            {
                "seq": event.seq,
                "time": event.created_at.isoformat(),
                "action": event.action,
                "actor_id": event.actor_id,
                "leaf_hash": event.leaf_hash or None,
            }
            for event in events_for(services.SUBJECT_TYPE, item.pk)
        ]
    return data


def session_json(session: UploadSession) -> dict:
    return {
        "id": str(session.pk),
        "status": session.status,
        "declared_size": session.declared_size,
        "offset": session.received_bytes,
        "expires_at": session.expires_at.isoformat(),
        "item_id": session.item_id,
        "url": reverse("evidence:api-upload", args=[session.pk]),
    }


class ItemCollection(EvidenceAPIView):
    """POST: one whole file (multipart ``file`` + metadata, optional ``declared_size``/``declared_hash``)."""

    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        if request.method == "POST":
            install(request)  # before DRF or the CSRF check read the body
        return super().initialize_request(request, *args, **kwargs)

    def post(self, request):
        try:
            access.check_upload(request.user)
            upload = request.FILES.get("file")
            if upload is None:
                error = getattr(request._request, "evidence_upload_error", None)
                raise error or InvalidInput(_("请在 file 字段中附上文件。"))
            data = request.data
            item = services.evidence_add(
                actor=request.user,
                source=upload.pending,
                filename=data.get("filename") or upload.name,
                declared_size=services.parse_size(data.get("declared_size")),
                declared_hash=data.get("declared_hash") or None,
                **_metadata(data, request.user, content_type=upload.content_type),
            )
        finally:
            discard_unused(request._request)
        return Response(item_json(item), status=201)


class ItemDetail(EvidenceAPIView):
    def get(self, request, item_id: int):
        item = access.access_evidence_item(request.user, item_id)
        return Response(item_json(item, custody=True))


class ItemDownload(EvidenceAPIView):
    def get(self, request, item_id: int):
        item = access.access_evidence_item(request.user, item_id)
        stream = services.evidence_open_for_download(actor=request.user, item=item)
        return download_response(item, stream)


def download_response(item, stream) -> FileResponse:
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=item.original_filename,
        content_type=item.content_type or "application/octet-stream",
    )
    response["Content-Length"] = str(item.blob.size)
    response["X-Evidence-Hash"] = f"{item.blob.algorithm}:{item.blob.digest}"
    return response


class ItemLinks(EvidenceAPIView):
    def post(self, request, item_id: int):
        item = access.access_evidence_item(request.user, item_id)
        link = services.evidence_link(
            actor=request.user,
            item=item,
            subject_type=request.data.get("subject_type") or "",
            subject_id=request.data.get("subject_id") or "",
        )
        return Response(
            {"id": link.pk, "subject_type": link.subject_type, "subject_id": link.subject_id}, 201
        )


class ItemUnlink(EvidenceAPIView):
    def post(self, request, item_id: int, link_id: int):
        item = access.access_evidence_item(request.user, item_id)
        link = EvidenceLink.objects.filter(item=item, pk=link_id).first()
        if link is None:
            raise Http404(_("关联不存在。"))
        link = services.evidence_unlink(actor=request.user, link=link)
        return Response({"id": link.pk, "unlinked_at": link.unlinked_at.isoformat()})


class UploadCollection(EvidenceAPIView):
    """POST: start a resumable upload (JSON: filename, declared_size, optional declared_hash and metadata)."""

    def post(self, request):
        access.check_upload(request.user)
        data = request.data
        declared_size = services.parse_size(data.get("declared_size"))
        session = services.upload_session_start(
            actor=request.user,
            declared_size=declared_size,
            declared_hash=data.get("declared_hash") or None,
            filename=data.get("filename") or "",
            **_metadata(data, request.user),
        )
        return Response(session_json(session), status=201)


class UploadDetail(EvidenceAPIView):
    """GET: where to resume. PUT: the next piece (raw body; ``?offset=N`` or ``Content-Range``). DELETE: cancel."""

    parser_classes = []  # the piece body is read as a stream, never parsed

    def get(self, request, session_id):
        return Response(session_json(access.access_upload_session(request.user, session_id)))

    def put(self, request, session_id):
        session = access.access_upload_session(request.user, session_id)
        offset = _piece_offset(request)
        length = services.parse_size(request.META.get("CONTENT_LENGTH"))
        session = services.upload_session_put_piece(
            actor=request.user, session=session, offset=offset, source=request._request, length=length
        )
        return Response(session_json(session))

    def delete(self, request, session_id):
        session = access.access_upload_session(request.user, session_id)
        if session.status == UploadSession.Status.COMPLETED:
            raise services.Conflict(_("该上传已完成，不能取消。"))
        services.upload_session_discard(session=session)
        return Response(status=204)


def _piece_offset(request) -> int:
    header = request.META.get("HTTP_CONTENT_RANGE", "").strip()
    if header:
        match = CONTENT_RANGE.match(header)
        if not match:
            raise InvalidInput(_("Content-Range 应形如 bytes 0-8388607/2147483648。"))
        return int(match.group(1))
    offset = services.parse_size(request.query_params.get("offset"))
    if offset is None:
        raise InvalidInput(_("请用 ?offset=N 或 Content-Range 说明这一片的起始偏移。"))
    return offset


class UploadComplete(EvidenceAPIView):
    def post(self, request, session_id):
        session = access.access_upload_session(request.user, session_id)
        item = services.upload_session_complete(actor=request.user, session=session)
        return Response(item_json(item), status=201)
