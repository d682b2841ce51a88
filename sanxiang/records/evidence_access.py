"""Who may upload, see, download and link evidence. One place, used by the web views, the API and the CLI.

Rule: a staff member holding at least one role may upload; they may see an item they uploaded or captured, and
any item uploaded by staff of their own agency (执法主体). "Does not exist" and "not allowed" are answered the
same way (404), so that item numbers reveal nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from sanxiang.core.errors import NotAllowed
from sanxiang.records.models_evidence import EvidenceItem, UploadSession


class EvidenceNotFound(Http404):
    pass


def _agency_id(user) -> int | None:
    department = getattr(user, "department", None)
    return department.agency_id if department is not None else None


def may_upload(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role_grants.exists())


def check_upload(user) -> None:
    if not may_upload(user):
        raise NotAllowed(_("只有分配了角色的工作人员可以上传证据。"))


def may_see(user, item: EvidenceItem) -> bool:
    if not may_upload(user):
        return False
    if user.pk in (item.uploaded_by_id, item.officer_id):
        return True
    agency = _agency_id(user)
    return agency is not None and agency == _agency_id(item.uploaded_by)


def access_evidence_item(user, item_id) -> EvidenceItem:
    """The item when ``user`` may see it; otherwise 404, the same as for an item that does not exist."""
    try:
        item = EvidenceItem.objects.select_related("blob", "uploaded_by__department", "officer").get(
            pk=int(item_id)
        )
    except (EvidenceItem.DoesNotExist, TypeError, ValueError):
        raise EvidenceNotFound(_("证据不存在。")) from None
    if not may_see(user, item):
        raise EvidenceNotFound(_("证据不存在。"))
    return item


def access_upload_session(user, session_id) -> UploadSession:
    """A resumable upload belongs to the person who started it; anyone else gets 404."""
    try:
        session = UploadSession.objects.get(pk=session_id)
    except (UploadSession.DoesNotExist, ValidationError, ValueError, TypeError):
        raise EvidenceNotFound(_("上传不存在或已过期。")) from None
    if session.created_by_id != user.pk:
        raise EvidenceNotFound(_("上传不存在或已过期。"))
    return session
