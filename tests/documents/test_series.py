"""Several 份 (series) of a repeatable type: a second 现场笔录 is a new document with its own series, versions
chain within a series, and a decision stays one document per case (a correction is a new version)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sanxiang.core.errors import Conflict
from sanxiang.documents import catalogue, samples, services
from sanxiang.documents.models import Document, DocumentType
from sanxiang.documents.selectors import document_issued_for, documents_of, issued_type_codes
from sanxiang.records.models import Event

SUBJECT = ("cases.case", "902")


def _draft(agency, actor, code, **changes):
    context = services.context_replace(samples.sample_context(code, number=""), **changes)
    return services.document_draft(actor=actor, doc_type=DocumentType.objects.get(code=code), agency=agency,
                                   subject_type=SUBJECT[0], subject_id=SUBJECT[1], context=context)  # fmt: skip


def test_the_catalogue_marks_records_repeatable_and_decisions_not():
    repeatable = {spec.code for spec in catalogue.SPECS if spec.repeatable}
    assert {"inspection_record", "inquiry_record", "service_receipt", "item_list"} <= repeatable
    assert not repeatable & {"penalty_decision", "on_the_spot_decision", "penalty_notice", "seizure_decision",
                             "filing_report", "closing_report"}  # fmt: skip
    assert not catalogue.is_repeatable("no_such_type")


def test_a_second_inspection_record_is_drafted_issued_and_both_are_kept(seeded, agency, alice):
    first = services.document_issue(
        actor=alice, document=_draft(agency, alice, "inspection_record", facts="第一次检查")
    )
    second = _draft(agency, alice, "inspection_record", facts="第二次检查")
    assert (first.series, second.series, second.version, second.status) == (1, 2, 1, Document.Status.DRAFT)
    assert second.pk != first.pk and second.previous_id is None
    third = _draft(agency, alice, "inspection_record", facts="第三次检查")  # a draft of series 2 exists
    assert third.series == 3
    second = services.document_issue(actor=alice, document=second)
    first.refresh_from_db()
    assert first.status == second.status == Document.Status.ISSUED  # the first is not superseded
    assert first.context["facts"] == "第一次检查" and second.context["facts"] == "第二次检查"
    assert [(d.series, d.version) for d in documents_of(SUBJECT)] == [(1, 1), (2, 1), (3, 1)]
    assert issued_type_codes(SUBJECT) == {"inspection_record"}
    assert document_issued_for(SUBJECT, "inspection_record") == second
    assert second.series_label == "（第2份）" and "第2份" in str(second)
    event = Event.objects.get(action="document.draft", subject_id=str(second.pk))
    assert '"series":2' in event.entry.replace(" ", "")


def test_a_new_version_keeps_its_series(seeded, agency, alice):
    services.document_issue(actor=alice, document=_draft(agency, alice, "inspection_record"))
    second = services.document_issue(actor=alice, document=_draft(agency, alice, "inspection_record"))
    corrected = services.document_revise(actor=alice, document=second, reason="检查时间笔误")
    assert (corrected.series, corrected.version, corrected.previous_id) == (2, 2, second.pk)
    services.document_issue(actor=alice, document=corrected)
    statuses = [(d.series, d.version, d.status) for d in documents_of(SUBJECT)]
    assert statuses == [(1, 1, "issued"), (2, 1, "superseded"), (2, 2, "issued")]


def test_a_second_penalty_decision_is_not_possible_only_a_new_version(seeded, agency, alice):
    draft = _draft(agency, alice, "penalty_decision", facts="初稿")
    again = _draft(agency, alice, "penalty_decision", facts="改稿")  # the one draft is refreshed
    assert again.pk == draft.pk and again.series == 1 and again.context["facts"] == "改稿"
    issued = services.document_issue(actor=alice, document=again)
    with pytest.raises(Conflict, match="已签发"):
        _draft(agency, alice, "penalty_decision")
    assert Document.objects.filter(type__code="penalty_decision").count() == 1
    corrected = services.document_revise(actor=alice, document=issued, reason="罚款金额笔误")
    assert (corrected.series, corrected.version) == (1, 2)


def test_the_database_refuses_a_duplicate_series_version_and_series_zero(seeded, agency, alice):
    first = _draft(agency, alice, "inspection_record")
    fields = {"type": first.type, "agency": agency, "subject_type": SUBJECT[0], "subject_id": SUBJECT[1],
              "created_by": alice}  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(series=1, version=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(series=0, version=1, **fields)
    assert Document.objects.create(series=2, version=1, **fields).pk
