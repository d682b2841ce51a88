"""张伟 (zhangwei), the officer the login tests log in as, built with tests/factories.py.

He is an officer (执法人员) of 卫生监督所 at 某区卫生健康局 with one certificate; the keyword arguments change
its expiry and status. The workbench tests use the named personas of tests/conftest.py instead.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanxiang.accounts.models import Certificate, Department, Role, User
from tests.factories import PASSWORD, AgencyFactory, CertificateFactory, DepartmentFactory, OfficerFactory

__all__ = ["PASSWORD", "make_officer"]


def make_officer(
    *,
    roles: tuple[str, ...] = (Role.OFFICER,),
    expires_in_days: int | None = 800,
    certificate_status: str = Certificate.Status.VALID,
) -> User:
    agency = AgencyFactory(name="某区卫生健康局")
    unit = DepartmentFactory(agency=agency, name="卫生监督所", kind=Department.Kind.ENFORCEMENT)
    officer = OfficerFactory(username="zhangwei", full_name="张伟", department=unit, roles=list(roles))
    if expires_in_days is not None:
        expires_on = timezone.localdate() + datetime.timedelta(days=expires_in_days)
        CertificateFactory(
            officer=officer,
            expires_on=expires_on,
            issued_on=expires_on - datetime.timedelta(days=5 * 365),
            status=certificate_status,
        )
    return officer
