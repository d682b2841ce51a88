"""REST API of a case's documents (docs/api.md, "Documents"). Thin adapters like ``cases/api.py``: the case
through ``access_case``, the document through ``access.access_document``, one service of ``case_services``.
"""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sanxiang.cases.access import access_case
from sanxiang.core.api import SessionAPIView
from sanxiang.documents import case_services, services
from sanxiang.documents.models import Document

TEXT_HELP = "可修改的文字：" + "、".join(f"{k}（{v}）" for k, v in case_services.EDITABLE_FIELDS.items())


class DraftIn(serializers.Serializer):
    type = serializers.CharField(
        max_length=40, help_text="文书种类代码，如 penalty_decision（docs/documents.md）"
    )
    changes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict, help_text=TEXT_HELP
    )


class UpdateIn(serializers.Serializer):
    changes = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text=TEXT_HELP)


class IssueIn(serializers.Serializer):
    prenumber = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="",
        help_text="当场行政处罚决定书：所用预先印制文书上的编号",
    )  # fmt: skip


class ReviseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="更正理由")


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def document_json(document: Document, case, user) -> dict:
    base = f"/api/cases/{case.pk}/documents/{document.pk}/"
    return {
        "id": document.pk,
        "type": document.type.code,
        "type_name": document.type.name,
        "series": document.series,
        "version": document.version,
        "status": document.status,
        "status_label": document.get_status_display(),
        "number": document.number.text if document.number_id else None,
        "issued_at": document.issued_at.isoformat() if document.issued_at else None,
        "previous": document.previous_id,
        "reason": document.reason,
        "text": {name: document.context.get(name, "") for name in case_services.EDITABLE_FIELDS},
        "may_edit": case_services.may_edit(user, case, document),
        "may_issue": case_services.may_issue(user, case, document),
        "may_revise": case_services.may_revise(user, document),
        "preview": f"/documents/{document.pk}/preview/",
        "docx": base + "download.docx" if document.docx_blob_id else None,
        "pdf": base + "download.pdf" if document.pdf_blob_id else None,
    }


class CaseDocuments(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="案件的执法文书（各版本）及当前环节可起草的文书")
    def get(self, request, case_id):
        case = access_case(request.user, case_id)
        offers = case_services.offers(case.status, request.user.role_codes, case.procedure)
        return Response({
            "results": [document_json(d, case, request.user) for d in case_services.case_documents(case)],
            "draftable": [{"type": o.spec.code, "name": o.spec.name, "action": o.action, "may_issue": o.may_issue,
                           "repeatable": o.spec.repeatable}
                          for o in offers if o.may_draft and not case_services.read_only(request.user)],
        })  # fmt: skip

    @extend_schema(
        request=DraftIn,
        responses={201: OpenApiTypes.OBJECT},
        summary="起草文书（按案件内容预填；可多份的文书已有时起草下一份）",
    )
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="document_draft")
        data = _valid(DraftIn, request)
        document = case_services.case_document_draft(
            actor=request.user, case=case, type_code=data["type"], changes=data["changes"]
        )
        return Response(document_json(document, case, request.user), status=201)


class CaseDocument(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="一份文书")
    def get(self, request, case_id, document_id):
        case = access_case(request.user, case_id)
        return Response(
            document_json(
                case_services.access_case_document(request.user, case, document_id), case, request.user
            )
        )

    @extend_schema(request=UpdateIn, responses=OpenApiTypes.OBJECT, summary="修改草稿的文字")
    def patch(self, request, case_id, document_id):
        case = access_case(request.user, case_id, for_action="document_update")
        document = case_services.access_case_document(request.user, case, document_id)
        document = case_services.case_document_update(
            actor=request.user, case=case, document=document, changes=_valid(UpdateIn, request)["changes"]
        )
        return Response(document_json(document, case, request.user))


class CaseDocumentIssue(SessionAPIView):
    @extend_schema(request=IssueIn, responses=OpenApiTypes.OBJECT, summary="签发（编号、生成 .docx、冻结）")
    def post(self, request, case_id, document_id):
        case = access_case(request.user, case_id, for_action="document_issue")
        document = case_services.access_case_document(request.user, case, document_id)
        document = case_services.case_document_issue(
            actor=request.user, case=case, document=document, prenumber=_valid(IssueIn, request)["prenumber"]
        )
        return Response(document_json(document, case, request.user))


class CaseDocumentRevise(SessionAPIView):
    @extend_schema(request=ReviseIn, responses={201: OpenApiTypes.OBJECT}, summary="生成新版本（写明理由）")
    def post(self, request, case_id, document_id):
        case = access_case(request.user, case_id, for_action="document_revise")
        document = case_services.access_case_document(request.user, case, document_id)
        new = case_services.case_document_revise(
            actor=request.user, case=case, document=document, reason=_valid(ReviseIn, request)["reason"]
        )
        return Response(document_json(new, case, request.user), status=201)


class CaseDocumentDownload(SessionAPIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, summary="下载 .docx 或 PDF/A"
    )
    def get(self, request, case_id, document_id, fmt):
        case = access_case(request.user, case_id)
        document = case_services.access_case_document(request.user, case, document_id)
        stream, filename, content_type = services.document_open_for_download(
            actor=request.user, document=document, fmt=fmt
        )
        return FileResponse(stream, as_attachment=True, filename=filename, content_type=content_type)
