"""Who may see and act on a case. Every fetch of a case by the API (and later the screens) goes through
:func:`access_case`; "does not exist" and "not allowed to see" are answered the same way (404).

- handlers (承办人员) and whoever registered the case;
- the unit head (承办机构负责人) of the handling department;
- legal reviewers (法制机构) of the agency, once the case has been submitted for review;
- the agency's leaders (机关负责人);
- supervisors (监督人员): every case, read-only (an action is refused with 403).

What a visitor may *do* is then decided by the workflow (roles and guards).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sanxiang.accounts.models import Department, Role, User
from sanxiang.cases.models import Case
from sanxiang.core.errors import NotAllowed


class CaseNotFound(Http404):
    pass


def visible_cases(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    roles = user.role_codes
    if Role.SUPERVISOR in roles:
        return Case.objects.all()
    department = user.department
    if department is None:
        return Case.objects.none()
    mine = Q(officers__officer=user) | Q(registered_by=user)
    if Role.LEADER in roles:
        mine |= Q(agency_id=department.agency_id)
    if Role.UNIT_HEAD in roles:
        mine |= Q(department_id=department.pk)
    if Role.LEGAL_REVIEWER in roles and department.kind == Department.Kind.LEGAL:
        mine |= Q(agency_id=department.agency_id, review_submissions__isnull=False)
    return Case.objects.filter(mine).distinct()


def read_only(user: User) -> bool:
    roles = user.role_codes
    return Role.SUPERVISOR in roles and not roles & {
        Role.OFFICER,
        Role.UNIT_HEAD,
        Role.LEGAL_REVIEWER,
        Role.LEADER,
    }


def access_case(user: User, case_id, *, for_action: str | None = None) -> Case:
    """The case when ``user`` may see it (404 otherwise); with ``for_action``, also refuse read-only users (403)."""
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise CaseNotFound("案件不存在。") from None
    case = visible_cases(user).filter(pk=pk).select_related("item__field", "agency", "department").first()
    if case is None:
        raise CaseNotFound("案件不存在。")
    if for_action is not None and read_only(user):
        raise NotAllowed("监督人员只能查看案件，不能办理。")
    return case
