"""Issuing freezes a document: numbered, stored under its SM3 hash, logged; a change is a new version."""

from __future__ import annotations

import hashlib

import pytest

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.documents import numbering, samples, services
from sanxiang.documents.catalogue import missing_for_action
from sanxiang.documents.models import Document, DocumentNumber, DocumentType
from sanxiang.documents.selectors import document_issued_for, issued_type_codes
from sanxiang.records.models import Event

SUBJECT = ("cases.case", "901")


def _draft(agency, actor, code="penalty_decision", **changes):
    context = services.context_replace(samples.sample_context(code, number=""), **changes)
    return services.document_draft(actor=actor, doc_type=DocumentType.objects.get(code=code), agency=agency,
                                   subject_type=SUBJECT[0], subject_id=SUBJECT[1], context=context)  # fmt: skip


def test_issuing_numbers_stores_hashes_and_logs_the_document(seeded, agency, alice, local_storage):
    draft = _draft(agency, alice)
    assert document_issued_for(SUBJECT, "penalty_decision") is None
    issued = services.document_issue(actor=alice, document=draft)
    assert issued.status == Document.Status.ISSUED and issued.number.text == "某卫公罚〔2026〕1号"
    data = services.read_blob(issued.docx_blob)
    assert (
        issued.docx_blob.algorithm == "sm3"
        and hashlib.new("sm3", data).hexdigest() == issued.docx_blob.digest
    )
    event = Event.objects.get(action="document.issue", subject_id=str(issued.pk))
    assert issued.docx_blob.digest in event.entry and "某某美容美发" not in event.entry  # no personal data
    assert document_issued_for(SUBJECT, "penalty_decision") == issued
    assert issued_type_codes(SUBJECT) == {"penalty_decision"}


def test_an_issued_document_cannot_be_changed_in_place(seeded, agency, alice):
    issued = services.document_issue(actor=alice, document=_draft(agency, alice))
    changed = services.context_replace(samples.sample_context("penalty_decision"), facts="改过的事实")
    with pytest.raises(Conflict, match="已签发，不能修改"):
        services.document_update_draft(actor=alice, document=issued, context=changed)
    with pytest.raises(Conflict, match="已签发"):
        services.document_issue(actor=alice, document=issued)
    with pytest.raises(Conflict, match="已签发"):
        _draft(agency, alice, facts="改过的事实")
    issued.refresh_from_db()
    assert "改过的事实" not in str(issued.context)


def test_a_new_version_keeps_the_old_one_its_number_and_the_reason(seeded, agency, alice):
    first = services.document_issue(actor=alice, document=_draft(agency, alice))
    first_hash = first.docx_blob.digest
    with pytest.raises(InvalidInput, match="理由"):
        services.document_revise(actor=alice, document=first, reason="")
    changed = services.context_replace(
        samples.sample_context("penalty_decision", number=""), facts="更正后的事实。"
    )
    second = services.document_revise(
        actor=alice, document=first, reason="当事人名称笔误，予以更正", context=changed
    )
    assert document_issued_for(SUBJECT, "penalty_decision") == first  # until the new one is issued
    second = services.document_issue(actor=alice, document=second)
    first.refresh_from_db()
    assert first.status == Document.Status.SUPERSEDED and first.docx_blob.digest == first_hash
    assert services.read_blob(first.docx_blob)  # still downloadable
    assert second.version == 2 and second.previous == first and second.reason == "当事人名称笔误，予以更正"
    assert second.number == first.number and DocumentNumber.objects.count() == 1
    assert second.docx_blob.digest != first_hash
    assert document_issued_for(SUBJECT, "penalty_decision") == second
    assert (
        "当事人名称笔误" not in Event.objects.get(action="document.revise").entry
    )  # a commitment, not the text


def test_an_unnumbered_type_issues_without_a_number(seeded, agency, alice):
    issued = services.document_issue(actor=alice, document=_draft(agency, alice, code="inspection_record"))
    assert issued.number is None and DocumentNumber.objects.count() == 0


def test_an_on_the_spot_decision_uses_the_number_printed_on_the_form(seeded, agency, alice):
    form = DocumentType.objects.get(code="on_the_spot_decision")
    numbering.prenumbered_batch_reserve(
        actor=alice, agency=agency, doc_type=form, field="公", year=2026, count=2
    )
    draft = _draft(agency, alice, code="on_the_spot_decision")
    with pytest.raises(InvalidInput, match="预编号"):
        services.document_issue(actor=alice, document=draft)
    issued = services.document_issue(actor=alice, document=draft, prenumber="某卫公当〔2026〕2号")
    assert (
        issued.number.text == "某卫公当〔2026〕2号" and issued.number.status == DocumentNumber.Status.ISSUED
    )
    other = services.document_draft(actor=alice, doc_type=form, agency=agency, subject_type="cases.case", subject_id="902",
                                    context=samples.sample_context("on_the_spot_decision", number=""))  # fmt: skip
    with pytest.raises(Conflict, match="不能再次使用"):
        services.document_issue(actor=alice, document=other, prenumber="某卫公当〔2026〕2号")


def test_the_workflow_learns_which_documents_an_action_needs():
    assert [s.code for s in missing_for_action("serve", frozenset())] == ["penalty_decision"]
    assert missing_for_action("serve", frozenset({"penalty_decision"})) == []
    assert missing_for_action("file", frozenset()) == []
