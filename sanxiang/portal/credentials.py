"""亮证: the status of an enforcement certificate as the public check page states it (a pure module).

Computed at the moment of the request from the stored status and the expiry date: an expiry date passing is enough,
no event is needed (issue 6, build 2; 行政执法证件管理: an expired certificate may not be used).
"""

from __future__ import annotations

import datetime as dt

VALID = "valid"
SUSPENDED = "suspended"
REVOKED = "revoked"
EXPIRED = "expired"

LABELS = {VALID: "有效", SUSPENDED: "暂扣", REVOKED: "吊销", EXPIRED: "已过期"}


def certificate_status(*, status: str, expires_on: dt.date, today: dt.date) -> str:
    """``valid``, ``suspended``, ``revoked`` or ``expired``. A revoked or suspended certificate says so even
    after its expiry (the stronger fact); otherwise it is expired from the day after ``expires_on``."""
    if status in (REVOKED, SUSPENDED):
        return status
    if today > expires_on:
        return EXPIRED
    return VALID
