"""What the workbench (工作台) shows about the person logged in: roles, unit and certificates.

The certificates' standing comes from ``selectors.certificate_summaries`` (the same rule the rest of the
system uses); this module only words the reminder for the page.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.utils.translation import gettext as _

from sanxiang.accounts import selectors
from sanxiang.accounts.models import Certificate, Role, User
from sanxiang.accounts.rules import EXPIRY_WARNING_DAYS


@dataclasses.dataclass(frozen=True)
class CertificateLine:
    number: str
    status: str
    status_label: str
    expires_on: datetime.date
    fields: list[str]
    warning: str | None

    @property
    def is_usable(self) -> bool:
        return self.status == Certificate.Status.VALID


def certificate_warning(status: str, expires_on: datetime.date, today: datetime.date) -> str | None:
    """The reminder shown for a certificate, or None when it is valid for more than 90 days."""
    if status == Certificate.Status.SUSPENDED:
        return _("执法证已暂扣，暂扣期间不得从事执法活动。")
    if status == Certificate.Status.REVOKED:
        return _("执法证已吊销，不得从事执法活动。")
    if status == Certificate.Status.EXPIRED:
        return _("执法证已于 %(date)s 过期，不得从事执法活动，请及时办理换证。") % {
            "date": expires_on.isoformat()
        }
    days = (expires_on - today).days
    if days > EXPIRY_WARNING_DAYS:
        return None
    if days == 0:
        return _("执法证将于今天到期（%(date)s），请及时办理换证。") % {"date": expires_on.isoformat()}
    return _("执法证将于 %(days)d 天后到期（%(date)s），请及时办理换证。") % {
        "days": days,
        "date": expires_on.isoformat(),
    }


def certificate_lines(*, officer: User, today: datetime.date) -> list[CertificateLine]:
    """The officer's certificates in use, with the status in force ``today`` (expiry is derived, not stored)."""
    return [
        CertificateLine(
            number=summary.number,
            status=summary.status,
            status_label=summary.status_label,
            expires_on=summary.expires_on,
            fields=list(summary.field_names),
            warning=certificate_warning(summary.status, summary.expires_on, today),
        )
        for summary in selectors.certificate_summaries(officer=officer, today=today)
    ]


def role_labels(user: User) -> list[str]:
    """The user's roles in Chinese, in the order of ``Role``."""
    codes = user.role_codes
    return [str(role.label) for role in Role if role.value in codes]
