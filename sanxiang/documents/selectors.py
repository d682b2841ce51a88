"""Reads of the documents app, for the workflow guards, the screens and the case file."""

from __future__ import annotations

from django.db import models

from sanxiang.documents.models import Document


def subject_key(subject) -> tuple[str, str]:
    """(subject_type, subject_id) of a model instance (``cases.case``, pk) or of a (type, id) pair."""
    if isinstance(subject, tuple):
        return subject[0], str(subject[1])
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, str(subject.pk)
    raise TypeError(f"not a subject: {subject!r}")


def document_issued_for(subject, type_code: str) -> Document | None:
    """The current issued version of the subject's document of this type (of a repeatable type: of its latest
    issued 份), or None (draft only, or none).

    For the workflow's guards: e.g. no 送达 (``serve``) without an issued ``penalty_decision``."""
    subject_type, subject_id = subject_key(subject)
    return (
        Document.objects.select_related("type", "number")
        .filter(
            subject_type=subject_type,
            subject_id=subject_id,
            type__code=type_code,
            status=Document.Status.ISSUED,
        )
        .order_by("-series", "-version")
        .first()
    )


def issued_type_codes(subject) -> frozenset[str]:
    """Codes of the types the subject has an issued document of, in any 份 (for ``cases.rules.CaseFacts``)."""
    subject_type, subject_id = subject_key(subject)
    return frozenset(
        Document.objects.filter(
            subject_type=subject_type, subject_id=subject_id, status=Document.Status.ISSUED
        ).values_list("type__code", flat=True)
    )


def documents_of(subject):
    """Every version of every 份 of every document of the subject (type order, series, version)."""
    subject_type, subject_id = subject_key(subject)
    return (
        Document.objects.select_related("type", "number", "docx_blob", "pdf_blob")
        .filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("type__order", "series", "version")
    )


def reserved_prenumbers(agency, type_code: str = "on_the_spot_decision") -> list[str]:
    """The pre-printed numbers of the agency not used or voided yet, lowest first (the forms on the shelf)."""
    from sanxiang.documents.models import DocumentNumber

    return list(
        DocumentNumber.objects.filter(
            agency=agency, type__code=type_code, status=DocumentNumber.Status.RESERVED
        )
        .order_by("year", "series", "seq")
        .values_list("text", flat=True)
    )
