"""Staff pages of documents: the printable A4 preview and the .docx / PDF downloads (logged)."""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sanxiang.core.errors import DomainError
from sanxiang.documents import access, catalogue, rendering, services
from sanxiang.documents.models import Document


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@login_required
@require_GET
def preview(request, document_id: int):
    document = access.access_document(request.user, document_id)
    context = rendering.context_from_json(document.context)
    spec = catalogue.BY_CODE.get(document.type.code)
    values = rendering.template_values(context, image=_data_uri, listing=False)
    page = {
        "document": document,
        "v": values,
        "sections": spec.sections if spec else (),
        "numbered": document.type.numbered,
        "versions": Document.objects.filter(subject_type=document.subject_type, subject_id=document.subject_id,
                                            type=document.type).order_by("version"),
    }  # fmt: skip
    return render(request, "documents/preview.html", page)


@login_required
@require_GET
def download(request, document_id: int, fmt: str):
    document = access.access_document(request.user, document_id)
    try:
        stream, filename, content_type = services.document_open_for_download(
            actor=request.user, document=document, fmt=fmt
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.http_status, content_type="text/plain; charset=utf-8")
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=content_type)
