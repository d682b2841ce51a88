"""REST API of the target-directory import (docs/targets-import.md, "API"): upload a file (the import runs in
the worker) and read a run's status, counts and per-row report. Errors are ``{"detail", "code"}``."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from sanxiang.core.api import SessionAPIView
from sanxiang.core.errors import InvalidInput
from sanxiang.inspections import import_runs
from sanxiang.inspections.models import ImportRun

REPORT_ROWS = 2000


def run_json(run: ImportRun) -> dict:
    return {
        **import_runs.run_status(run),
        "file_name": run.file_name,
        "file_sm3": run.file_hash,
        "valid_only": run.valid_only,
        "errors": run.errors[:REPORT_ROWS],
        "url": reverse("targets:api-import", args=[run.pk]),
    }


class ImportCollection(SessionAPIView):
    """POST multipart ``file`` (.xlsx or .csv), optional ``valid_only`` (true/false) and ``encoding``."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={202: OpenApiTypes.OBJECT},
        summary="上传检查对象名录（后台导入）",
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput("请在 file 字段中附上 .xlsx 或 .csv 文件。")
        run = import_runs.import_run_start(
            actor=request.user,
            upload=upload,
            file_name=upload.name,
            size=upload.size,
            valid_only=str(request.data.get("valid_only", "")).lower() in {"1", "true", "on", "yes"},
            encoding=request.data.get("encoding", ""),
        )
        return Response(run_json(run), status=202)


class ImportDetail(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="名录导入的状态、计数和错误行报告")
    def get(self, request, run_id: int):
        return Response(run_json(import_runs.access_import_run(request.user, run_id)))
