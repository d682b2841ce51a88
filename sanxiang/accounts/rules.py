"""May this officer act in this enforcement field on this day? Pure rules, no Django.

Sources: 行政处罚法 art. 42 (执法人员应当具有行政执法资格) and the 持证上岗 rule of 国办发〔2018〕118号;
provincial certificate rules (a certificate covers the fields printed on it, for its validity period, and
stops counting while suspended (暂扣) or after it is revoked (吊销)).

The caller loads the certificates (``selectors.officer_may_act``) and passes today's date: nothing here reads
the clock or the database, so the rules are tested as tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

VALID = "valid"
SUSPENDED = "suspended"
REVOKED = "revoked"
EXPIRED = "expired"

STATUS_LABELS = {VALID: "有效", SUSPENDED: "暂扣", REVOKED: "吊销", EXPIRED: "过期"}

# Renewal warning on the workbench: 90 days before expiry (docs/glossary.md, 换证提醒).
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class CertificateRecord:
    """What the rule needs to know about one certificate (执法证)."""

    number: str
    status: str  # the status an authority set: valid / suspended / revoked
    is_active: bool  # False once deactivated (停用); a deactivated certificate counts for nothing
    fields: frozenset[str]  # enforcement field codes printed on the certificate
    issued_on: datetime.date
    expires_on: datetime.date  # inclusive: the certificate is valid on this day
    field_names: tuple[str, ...] = ()  # display names, for the workbench


@dataclass(frozen=True)
class Permission:
    """The answer: ``allowed``, and a Chinese sentence saying why (naming the certificate when there is one)."""

    allowed: bool
    reason: str
    certificate_number: str | None = None

    def __bool__(self) -> bool:
        return self.allowed


def status_on(certificate: CertificateRecord, day: datetime.date) -> str:
    """The status in force on ``day``: a suspension or revocation wins over the dates; expiry is derived."""
    if certificate.status != VALID:
        return certificate.status
    if day > certificate.expires_on:
        return EXPIRED
    return VALID


def refusal(certificate: CertificateRecord, day: datetime.date) -> str | None:
    """Why ``certificate`` does not let its holder act on ``day`` (fields aside), or ``None`` if it does."""
    number = certificate.number
    status = status_on(certificate, day)
    if status == SUSPENDED:
        return f"执法证 {number} 已被暂扣"
    if status == REVOKED:
        return f"执法证 {number} 已被吊销"
    if status == EXPIRED:
        return f"执法证 {number} 已于 {certificate.expires_on.isoformat()} 过期"
    if day < certificate.issued_on:
        return f"执法证 {number} 尚未生效（{certificate.issued_on.isoformat()} 起）"
    return None


def may_act(
    certificates: Iterable[CertificateRecord],
    field_code: str,
    day: datetime.date,
    *,
    field_name: str | None = None,
) -> Permission:
    """Whether the holder of ``certificates`` may act in field ``field_code`` on ``day``, and why.

    Allowed when at least one active certificate covers the field and is in force on ``day``. When refused,
    the reason names the certificate that came closest: the latest-issued one covering the field (it is
    suspended, revoked, expired or not yet valid), else the latest-issued one in force (it lacks the field),
    else the latest-issued one (it is not in force, whatever its fields).
    """
    label = field_name or field_code
    active = sorted((c for c in certificates if c.is_active), key=lambda c: c.issued_on, reverse=True)
    if not active:
        return Permission(False, "未持有执法证")
    covering = [c for c in active if field_code in c.fields]
    for certificate in covering:
        if refusal(certificate, day) is None:
            reason = f"执法证 {certificate.number} 有效（至 {certificate.expires_on.isoformat()}），含“{label}”类别"
            return Permission(True, reason, certificate.number)
    if covering:
        closest = covering[0]
        return Permission(False, refusal(closest, day) or "", closest.number)
    in_force = [c for c in active if refusal(c, day) is None]
    if in_force:
        return Permission(False, f"执法证 {in_force[0].number} 不含“{label}”类别", in_force[0].number)
    # Nothing in force at all: that, not the missing field, is what the officer must fix first.
    return Permission(False, refusal(active[0], day) or "", active[0].number)


@dataclass(frozen=True)
class CertificateSummary:
    """One certificate as the workbench shows it (see ``summarize``)."""

    number: str
    status: str  # valid / suspended / revoked / expired, on the day asked
    status_label: str  # 有效 / 暂扣 / 吊销 / 过期
    field_names: tuple[str, ...]
    issued_on: datetime.date
    expires_on: datetime.date
    days_left: int  # days until expiry, counting the expiry day as still valid; negative once expired
    warn: bool  # True when the certificate is not in force, or expires within EXPIRY_WARNING_DAYS
    message: str  # one Chinese sentence for the workbench


def summarize(certificate: CertificateRecord, today: datetime.date) -> CertificateSummary:
    """The certificate's standing on ``today``, with a renewal warning 90 days before it expires."""
    status = status_on(certificate, today)
    days_left = (certificate.expires_on - today).days
    problem = refusal(certificate, today)
    if problem:
        message, warn = problem, True
    elif days_left <= EXPIRY_WARNING_DAYS:
        message = (
            f"执法证 {certificate.number} 将于 {certificate.expires_on.isoformat()} 到期"
            f"（剩余 {days_left} 天），请及时办理换证"
        )
        warn = True
    else:
        message, warn = f"执法证 {certificate.number} 有效，至 {certificate.expires_on.isoformat()}", False
    return CertificateSummary(
        number=certificate.number,
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        field_names=certificate.field_names,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        days_left=days_left,
        warn=warn,
        message=message,
    )


def certificate_dates_problem(
    issued_on: datetime.date | None, expires_on: datetime.date | None, today: datetime.date
) -> str | None:
    """Why these certificate dates cannot be recorded, or ``None``: issued, not in the future, before expiry."""
    if issued_on is None:
        return "发证日期不能为空"
    if expires_on is None:
        return "有效期至不能为空"
    if issued_on > today:
        return f"发证日期 {issued_on.isoformat()} 晚于今天（{today.isoformat()}），不能登记未来签发的执法证"
    if expires_on <= issued_on:
        return f"有效期至 {expires_on.isoformat()} 须晚于发证日期 {issued_on.isoformat()}"
    return None


def primary(summaries: Sequence[CertificateSummary]) -> CertificateSummary | None:
    """The certificate to show first: one in force expiring last, else the latest-issued one."""
    if not summaries:
        return None
    in_force = [s for s in summaries if s.status == VALID]
    if in_force:
        return max(in_force, key=lambda s: s.expires_on)
    return max(summaries, key=lambda s: s.issued_on)
