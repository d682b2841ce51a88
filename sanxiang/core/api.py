"""What every API of Sanxiang shares: the error format and the base view.

Errors are JSON ``{"detail": "<一句中文>", "code": "<stable code>"}`` with 400/403/404/409 — never a 500 for
something a user can cause. DRF validation errors stay 400 and add ``"errors": {field: [messages]}``.
Set as ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from sanxiang.core.errors import DomainError

DOMAIN_CODES = {400: "invalid", 403: "not_allowed", 404: "not_found", 409: "conflict"}


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key == "non_field_errors" else f"{key}：{message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def api_exception_handler(exc, context):
    """DomainError → its status; Http404 → 404; ValidationError → 400 with the field messages."""
    if isinstance(exc, DomainError):
        code = getattr(exc, "code", None) or DOMAIN_CODES.get(exc.http_status, "error")
        return Response({"detail": exc.message, "code": code}, status=exc.http_status)
    if isinstance(exc, Http404):
        return Response({"detail": str(exc) or "不存在。", "code": "not_found"}, status=404)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "无权办理。", "code": "not_allowed"}, status=403)
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"detail": _first_message(exc.detail), "code": "invalid", "errors": exc.detail}, status=400
        )
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = {"detail": _first_message(exc.detail), "code": exc.get_codes() if isinstance(
            exc.get_codes(), str) else "error"}  # fmt: skip
    return response


class SessionAPIView(APIView):
    """A logged-in staff member's API view (session authentication, DRF's CSRF check)."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
