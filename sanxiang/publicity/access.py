"""Who may see and act on disclosure records: the agency's publicity admins (公示管理员) act; its leaders and
supervisors (监督人员) read. "Does not exist" and "not allowed" are answered the same way (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.accounts.models import Role
from sanxiang.core.errors import NotAllowed
from sanxiang.publicity.models import Disclosure


class DisclosureNotFound(Http404):
    pass


def is_publicity_staff(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.role_codes & {Role.PUBLICITY_ADMIN, Role.SUPERVISOR, Role.LEADER})


def may_act(user) -> bool:
    return user.is_authenticated and user.is_active and Role.PUBLICITY_ADMIN in user.role_codes


def visible_disclosures(user) -> QuerySet[Disclosure]:
    if not is_publicity_staff(user):
        return Disclosure.objects.none()
    if Role.SUPERVISOR in user.role_codes:
        return Disclosure.objects.all()
    department = user.department
    if department is None:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(agency_id=department.agency_id)


def access_disclosure(user, disclosure_id, *, for_action: bool = False) -> Disclosure:
    """The disclosure when ``user`` may see it (404 otherwise); with ``for_action``, only a publicity admin (403)."""
    try:
        pk = int(disclosure_id)
    except (TypeError, ValueError):
        raise DisclosureNotFound("公示记录不存在。") from None
    disclosure = (
        visible_disclosures(user).select_related("agency", "case", "document__type").filter(pk=pk).first()
    )
    if disclosure is None:
        raise DisclosureNotFound("公示记录不存在。")
    if for_action and not may_act(user):
        raise NotAllowed("只有公示管理员可以审核和公开。")
    return disclosure
