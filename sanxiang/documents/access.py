"""Who may see and download a document. One place, used by the preview and download views and the CLI.

A document of a case is visible to whoever may see the case (``cases.access.visible_cases``); a document of
another subject to staff with a role in the document's agency, and to supervisors. "Does not exist" and "not
allowed" are answered the same way (404), so that document numbers reveal nothing.
"""

from __future__ import annotations

from django.http import Http404

from sanxiang.accounts.models import Role
from sanxiang.documents.models import Document


class DocumentNotFound(Http404):
    pass


def may_see(user, document: Document) -> bool:
    if not (user.is_authenticated and user.is_active) or not user.role_grants.exists():
        return False
    if document.subject_type == "cases.case":
        from sanxiang.cases.access import visible_cases

        return visible_cases(user).filter(pk=document.subject_id).exists()
    if Role.SUPERVISOR in user.role_codes:
        return True
    department = user.department
    return department is not None and department.agency_id == document.agency_id


def access_document(user, document_id) -> Document:
    """The document when ``user`` may see it; otherwise 404, the same as for one that does not exist."""
    try:
        document = Document.objects.select_related("type", "number", "docx_blob", "pdf_blob").get(
            pk=int(document_id)
        )
    except (Document.DoesNotExist, TypeError, ValueError):
        raise DocumentNotFound("文书不存在。") from None
    if not may_see(user, document):
        raise DocumentNotFound("文书不存在。")
    return document
