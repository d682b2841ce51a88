"""The only writer of the published tables (``portal/models.py``), called by the publicity services
(``sanxiang/publicity/services.py``) inside their transactions, after they checked the rule and before they
log the step. Nothing here decides anything: it copies what publicity confirmed into the public tables.
Rows are never deleted: a withdrawal keeps the row with its reason; a display period that ends keeps it for
the history.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from sanxiang.portal import cache as page_cache
from sanxiang.portal.models import PublicCertificate, PublishedDecision, RegistryVersion
from sanxiang.portal.search import search_text_for


def decision_publish(
    *,
    disclosure_id: int,
    category: str,
    agency_name: str,
    agency_code: str,
    number: str,
    party_name: str,
    party_code: str,
    violation_type: str,
    penalty_content: str,
    decided_on: dt.date,
    published_at: dt.datetime,
    display_until: dt.date | None,
    text: str,
) -> PublishedDecision:
    """Publish (or re-publish) one decision from its confirmed redacted text."""
    fields = dict(
        category=category, agency_name=agency_name, agency_code=agency_code, number=number,
        party_name=party_name, party_code=party_code, violation_type=violation_type,
        penalty_content=penalty_content, decided_on=decided_on, published_at=published_at,
        display_until=display_until, text=text, withdrawn_at=None, withdrawal_reason="",
        search_text=search_text_for(number=number, party_name=party_name, violation_type=violation_type,
                                    penalty_content=penalty_content, text=text),
    )  # fmt: skip
    row, _created = PublishedDecision.objects.update_or_create(disclosure_id=disclosure_id, defaults=fields)
    page_cache.decision_changed(row.pk)  # a re-publication must not be answered from the old cached page
    return row


def decision_withdraw(*, disclosure_id: int, at: dt.datetime, reason: str) -> PublishedDecision | None:
    """Mark a published decision withdrawn with its public reason; None when it was never published."""
    row = PublishedDecision.objects.select_for_update().filter(disclosure_id=disclosure_id).first()
    if row is None:
        return None
    if row.withdrawn_at is None:
        row.withdrawn_at, row.withdrawal_reason = at, reason
        row.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        page_cache.decision_changed(row.pk)  # the withdrawal notice replaces the cached page at once
    return row


def decision_display_end(*, disclosure_id: int, on: dt.date) -> PublishedDecision | None:
    """The display period ended ``on``: the row leaves the listing (``display_until`` in the past) and stays
    reachable in the history."""
    row = PublishedDecision.objects.filter(disclosure_id=disclosure_id).first()
    if row is None:
        return None
    last_day = on - dt.timedelta(days=1)
    if row.display_until is None or row.display_until > last_day:
        row.display_until = last_day
        row.save(update_fields=["display_until"])
        page_cache.decision_changed(row.pk)
    return row


def registry_version_publish(
    *, section: str, title: str, content, at: dt.datetime, change_note: str = ""
) -> RegistryVersion | None:
    """A new version of ``section`` when ``content`` differs from the current one; None when unchanged."""
    current = RegistryVersion.objects.filter(section=section).order_by("-version").first()
    if current is not None and current.content == content and current.title == title:
        return None
    latest = RegistryVersion.objects.filter(section=section).aggregate(m=Max("version"))["m"] or 0
    return RegistryVersion.objects.create(
        section=section, version=latest + 1, title=title, content=content, published_at=at,
        change_note=change_note[:200],
    )  # fmt: skip


def certificate_public_sync(
    *,
    number: str,
    officer_name: str,
    agency_name: str,
    fields: list[str],
    issued_on: dt.date,
    expires_on: dt.date,
    status: str,
    listed: bool,
    at: dt.datetime,
) -> PublicCertificate:
    """Bring the public facts of one certificate in step (its QR token, once made, never changes)."""
    row, _created = PublicCertificate.objects.update_or_create(
        number=number,
        defaults=dict(officer_name=officer_name, agency_name=agency_name, fields=fields, issued_on=issued_on,
                      expires_on=expires_on, status=status, listed=listed, updated_at=at),
    )  # fmt: skip
    return row
