"""文号: drawing numbers from gap-free sequences, reserving numbers for pre-printed forms, voiding.

A sequence is one ``NumberSequence`` row per (agency, year, series), locked with ``SELECT … FOR UPDATE`` (on
SQLite the transaction is already IMMEDIATE, so writers queue at BEGIN) until the caller's transaction commits.
The number row is written in the same transaction as the counter, so a rolled-back issue gives its number back
and the sequence has no gap. Every number 1…last of a series has exactly one ``DocumentNumber`` row, which is
issued, reserved (a pre-printed form not used yet) or voided with a ``NumberVoid`` reason.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.documents import conf, number_pattern
from sanxiang.documents.models import (
    DocumentNumber,
    DocumentType,
    NumberingPattern,
    NumberSequence,
    NumberVoid,
    PrenumberedBatch,
)
from sanxiang.records.services import event_append

MAX_BATCH = 1000


def pattern_for(agency) -> str:
    own = NumberingPattern.objects.filter(agency=agency).values_list("pattern", flat=True).first()
    return own or conf.number_pattern()


def series_for(*, agency, doc_type: DocumentType, field: str, year: int) -> str:
    pattern = pattern_for(agency)
    try:
        number_pattern.check_pattern(pattern)
    except number_pattern.PatternError as exc:
        raise InvalidInput(str(exc)) from None
    return number_pattern.series(
        pattern, region=agency.short_name or "", field=field, nature=doc_type.nature, year=year
    )


def _locked_sequence(*, agency, year: int, series: str) -> NumberSequence:
    found = NumberSequence.objects.select_for_update().filter(agency=agency, year=year, series=series).first()
    if found is not None:
        return found
    # First number of a series: concurrent creators race; the losers wait for the winner's commit and re-read.
    try:
        with transaction.atomic():
            NumberSequence.objects.create(agency=agency, year=year, series=series, last=0)
    except IntegrityError:
        pass
    return NumberSequence.objects.select_for_update().get(agency=agency, year=year, series=series)


def _draw(*, agency, doc_type, field: str, year: int, count: int, status: str, actor, batch=None):
    series = series_for(agency=agency, doc_type=doc_type, field=field, year=year)
    sequence = _locked_sequence(agency=agency, year=year, series=series)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    numbers = [
        DocumentNumber(
            agency=agency, type=doc_type, year=year, series=series, seq=seq,
            text=number_pattern.number_in_series(series, seq), status=status, batch=batch, drawn_by=actor,
        )
        for seq in range(first, sequence.last + 1)
    ]  # fmt: skip
    return series, DocumentNumber.objects.bulk_create(numbers)


def number_draw(*, actor, agency, doc_type: DocumentType, field: str, year: int) -> DocumentNumber:
    """The next number of the series, marked issued. Call inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_draw must run inside the transaction that issues the document")
    if not doc_type.numbered:
        raise InvalidInput(_("“%(type)s”不编文号。") % {"type": doc_type.name})
    _series, (number,) = _draw(
        agency=agency, doc_type=doc_type, field=field, year=year, count=1, status=DocumentNumber.Status.ISSUED,
        actor=actor,
    )  # fmt: skip
    return number


def prenumbered_batch_reserve(
    *, actor, agency, doc_type: DocumentType, field: str, year: int, count: int, note: str = ""
) -> PrenumberedBatch:
    """Reserve ``count`` consecutive numbers for forms printed in advance (当场行政处罚决定书)."""
    if not doc_type.prenumbered:
        raise InvalidInput(_("“%(type)s”不使用预编号文书。") % {"type": doc_type.name})
    if not 1 <= count <= MAX_BATCH:
        raise InvalidInput(_("一批预编号为 1 至 %(max)d 个。") % {"max": MAX_BATCH})
    with transaction.atomic():
        series = series_for(agency=agency, doc_type=doc_type, field=field, year=year)
        batch = PrenumberedBatch.objects.create(
            agency=agency,
            type=doc_type,
            year=year,
            series=series,
            first=0,
            last=0,
            note=note,
            reserved_by=actor,
        )
        _series, numbers = _draw(
            agency=agency, doc_type=doc_type, field=field, year=year, count=count,
            status=DocumentNumber.Status.RESERVED, actor=actor, batch=batch,
        )  # fmt: skip
        batch.first, batch.last = numbers[0].seq, numbers[-1].seq
        batch.save(update_fields=["first", "last"])
        event_append(
            actor=actor, action="document_number.reserve", subject_type="documents.prenumberedbatch",
            subject_id=batch.pk,
            payload={"agency": agency.pk, "type": doc_type.code, "year": year, "series": series,
                     "first": batch.first, "last": batch.last},
        )  # fmt: skip
    return batch


def prenumber_take(*, agency, doc_type: DocumentType, text: str) -> DocumentNumber:
    """Lock the reserved number printed on a form, for the issuing transaction to mark it used."""
    number = (
        DocumentNumber.objects.select_for_update()
        .filter(agency=agency, type=doc_type, text=text.strip())
        .first()
    )
    if number is None:
        raise InvalidInput(_("预编号“%(n)s”不存在：请先登记领用的预编号文书批次。") % {"n": text})
    if number.status != DocumentNumber.Status.RESERVED:
        raise Conflict(
            _("预编号“%(n)s”已%(status)s，不能再次使用。")
            % {"n": number.text, "status": number.get_status_display()}
        )
    return number


def number_void(*, actor, number: DocumentNumber, reason: str) -> NumberVoid:
    """作废 a reserved number (a spoiled or lost pre-printed form). An issued number is never voided here: its
    document is corrected by a new version instead."""
    if not reason.strip():
        raise InvalidInput(_("作废文号须写明理由。"))
    with transaction.atomic():
        locked = DocumentNumber.objects.select_for_update().get(pk=number.pk)
        if locked.status != DocumentNumber.Status.RESERVED:
            raise Conflict(
                _("文号“%(n)s”%(status)s，只有预留未用的文号可以作废。")
                % {"n": locked.text, "status": locked.get_status_display()}
            )
        locked.status = DocumentNumber.Status.VOIDED
        locked.save(update_fields=["status"])
        void = NumberVoid.objects.create(number=locked, reason=reason.strip(), voided_by=actor)
        event_append(
            actor=actor, action="document_number.void", subject_type="documents.documentnumber",
            subject_id=locked.pk, payload={"number": locked.text}, personal={"reason": reason.strip()},
        )  # fmt: skip
    number.refresh_from_db()
    return void


def numbers_unaccounted(*, agency, year: int, series: str) -> list[int]:
    """Sequence numbers 1…last of a series that have no row (must be empty: the check of the tests and audits)."""
    sequence = NumberSequence.objects.filter(agency=agency, year=year, series=series).first()
    if sequence is None:
        return []
    seen = set(
        DocumentNumber.objects.filter(agency=agency, year=year, series=series).values_list("seq", flat=True)
    )
    return [seq for seq in range(1, sequence.last + 1) if seq not in seen]
