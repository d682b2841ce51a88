"""Reads about staff and their certificates; the decisions themselves are the pure rules in ``rules.py``."""

from __future__ import annotations

import datetime

from sanxiang.accounts import rules
from sanxiang.accounts.models import Certificate, EnforcementField, User


def certificate_record(certificate: Certificate) -> rules.CertificateRecord:
    """The plain record the rules take (fields must be prefetched or are loaded here)."""
    fields = list(certificate.fields.all())
    return rules.CertificateRecord(
        number=certificate.number,
        status=certificate.status,
        is_active=certificate.is_active,
        fields=frozenset(field.code for field in fields),
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        field_names=tuple(field.name for field in sorted(fields, key=lambda f: f.code)),
    )


def certificate_records(officer: User) -> list[rules.CertificateRecord]:
    certificates = Certificate.objects.filter(officer=officer).prefetch_related("fields")
    return [certificate_record(certificate) for certificate in certificates]


def officer_may_act(*, officer: User, field: EnforcementField | str, on: datetime.date) -> rules.Permission:
    """May ``officer`` act in ``field`` (a field or its code) on day ``on``? See ``rules.may_act``.

    An unknown field code is answered as a refusal, not an error: no certificate can cover it.
    """
    if isinstance(field, str):
        found = EnforcementField.objects.filter(code=field).first()
        if found is None:
            return rules.Permission(False, f"执法类别“{field}”不存在")
        field = found
    return rules.may_act(certificate_records(officer), field.code, on, field_name=field.name)


def certificate_summaries(*, officer: User, today: datetime.date) -> list[rules.CertificateSummary]:
    """Every active certificate of ``officer`` as of ``today``, the one to show first at the head."""
    summaries = [rules.summarize(r, today) for r in certificate_records(officer) if r.is_active]
    head = rules.primary(summaries)
    return sorted(summaries, key=lambda s: (s is not head, s.expires_on), reverse=False)


def certificate_summary(*, officer: User, today: datetime.date) -> rules.CertificateSummary | None:
    """The officer's main certificate for the workbench (``rules.CertificateSummary``), or ``None``.

    The main certificate is the active one in force that expires last; failing that, the latest issued
    (so an officer whose only certificate expired sees that it expired). ``None``: no active certificate.
    """
    summaries = [rules.summarize(r, today) for r in certificate_records(officer) if r.is_active]
    return rules.primary(summaries)


def field_by_label(label: str) -> EnforcementField | None:
    """The enforcement field named ``label``: its name, abbreviation or code (used by the import)."""
    label = label.strip()
    return (
        EnforcementField.objects.filter(name=label).first()
        or EnforcementField.objects.filter(code=label).first()
        or EnforcementField.objects.filter(abbreviation=label).first()
    )
