"""文号: gap-free per series and year, pre-numbered forms used or voided (never reused), parallel processes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.documents import numbering
from sanxiang.documents.models import (
    DocumentNumber,
    DocumentType,
    NumberingPattern,
    NumberSequence,
    NumberVoid,
)
from tests import processes


def _draw(actor, agency, code="penalty_decision", field="公", year=2026):
    with transaction.atomic():
        return numbering.number_draw(
            actor=actor, agency=agency, doc_type=DocumentType.objects.get(code=code), field=field, year=year
        )


def test_numbers_follow_the_agency_pattern_and_count_from_one(seeded, agency, alice):
    assert [_draw(alice, agency).text for _ in range(3)] == [
        "某卫公罚〔2026〕1号",
        "某卫公罚〔2026〕2号",
        "某卫公罚〔2026〕3号",
    ]


def test_each_kind_and_field_has_its_own_sequence_and_a_new_year_starts_at_one(seeded, agency, alice):
    _draw(alice, agency)
    _draw(alice, agency)
    assert _draw(alice, agency, code="penalty_notice").text == "某卫公告〔2026〕1号"
    assert _draw(alice, agency, field="医").text == "某卫医罚〔2026〕1号"
    assert _draw(alice, agency, year=2027).text == "某卫公罚〔2027〕1号"


def test_an_agency_pattern_overrides_the_default(seeded, agency, alice):
    NumberingPattern.objects.create(agency=agency, pattern="{region}卫{nature}字〔{year}〕第{seq:03d}号")
    assert _draw(alice, agency).text == "某卫罚字〔2026〕第001号"


def test_a_rolled_back_issue_gives_its_number_back(seeded, agency, alice):
    _draw(alice, agency)
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.number_draw(actor=alice, agency=agency, doc_type=DocumentType.objects.get(code="penalty_decision"),
                              field="公", year=2026)  # fmt: skip
        raise RuntimeError("rendering failed")
    assert _draw(alice, agency).seq == 2


def test_prenumbered_forms_are_used_or_voided_never_reused(seeded, agency, alice):
    form = DocumentType.objects.get(code="on_the_spot_decision")
    batch = numbering.prenumbered_batch_reserve(
        actor=alice, agency=agency, doc_type=form, field="公", year=2026, count=3
    )
    numbers = list(DocumentNumber.objects.filter(batch=batch).order_by("seq"))
    assert [n.text for n in numbers] == ["某卫公当〔2026〕1号", "某卫公当〔2026〕2号", "某卫公当〔2026〕3号"]
    assert {n.status for n in numbers} == {DocumentNumber.Status.RESERVED}

    numbering.number_void(actor=alice, number=numbers[0], reason="填写错误，作废")
    assert NumberVoid.objects.get(number=numbers[0]).reason == "填写错误，作废"
    with pytest.raises(Conflict, match="已作废"), transaction.atomic():
        numbering.prenumber_take(agency=agency, doc_type=form, text="某卫公当〔2026〕1号")
    with pytest.raises(Conflict):
        numbering.number_void(actor=alice, number=numbers[0], reason="再次作废")
    with pytest.raises(InvalidInput, match="理由"):
        numbering.number_void(actor=alice, number=numbers[1], reason=" ")
    # a second batch continues the sequence
    second = numbering.prenumbered_batch_reserve(
        actor=alice, agency=agency, doc_type=form, field="公", year=2026, count=2
    )
    assert (second.first, second.last) == (4, 5)


def test_only_a_prenumbered_type_reserves_batches(seeded, agency, alice):
    with pytest.raises(InvalidInput, match="不使用预编号"):
        numbering.prenumbered_batch_reserve(actor=alice, agency=agency, doc_type=DocumentType.objects.get(code="penalty_decision"),
                                            field="公", year=2026, count=3)  # fmt: skip


# --- several processes at once --------------------------------------------------------------------------------

WORKERS, EACH = 4, 25


def worker(number: int, agency_id: int, actor_id: int, barrier, failures) -> None:
    from sanxiang.accounts.models import Agency, User

    try:
        agency, actor = Agency.objects.get(pk=agency_id), User.objects.get(pk=actor_id)
        decision = DocumentType.objects.get(code="penalty_decision")
        form = DocumentType.objects.get(code="on_the_spot_decision")
        barrier.wait(timeout=60)
        for i in range(EACH):
            try:
                with transaction.atomic():
                    numbering.number_draw(
                        actor=actor, agency=agency, doc_type=decision, field="公", year=2026
                    )
                    if i % 5 == 4:
                        raise RuntimeError("abandoned issue")  # its number must come back
            except RuntimeError:
                pass
            if i % 10 == 0:
                batch = numbering.prenumbered_batch_reserve(actor=actor, agency=agency, doc_type=form, field="公",
                                                            year=2026, count=3)  # fmt: skip
                spoiled = DocumentNumber.objects.get(batch=batch, seq=batch.first)
                numbering.number_void(actor=actor, number=spoiled, reason=f"进程{number}作废")
    except Exception as exc:  # reported to the parent, which fails the test
        failures.put(f"worker {number}: {exc!r}")


def test_parallel_processes_draw_no_duplicate_and_leave_every_number_accounted_for(
    transactional_db, settings, tmp_path, agency, alice
):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that separate processes share (PostgreSQL, or SQLite in a file)")
    settings.STORAGES = {**settings.STORAGES, "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "evidence"}}}  # fmt: skip
    from sanxiang.documents.services import document_types_seed

    document_types_seed()
    barrier, failures = processes.CONTEXT.Barrier(WORKERS), processes.CONTEXT.Queue()
    workers = [
        processes.start(f"{__name__}:worker", n, agency.pk, alice.pk, barrier, failures)
        for n in range(WORKERS)
    ]
    for process in workers:
        process.join(timeout=600)
        assert process.exitcode == 0
    assert failures.empty(), failures.get()

    for sequence in NumberSequence.objects.filter(agency=agency):
        rows = DocumentNumber.objects.filter(agency=agency, year=2026, series=sequence.series)
        seqs = sorted(rows.values_list("seq", flat=True))
        assert seqs == list(range(1, sequence.last + 1)), sequence.series  # no gap, no duplicate
        assert numbering.numbers_unaccounted(agency=agency, year=2026, series=sequence.series) == []
    decisions = DocumentNumber.objects.filter(type__code="penalty_decision")
    assert decisions.count() == WORKERS * (EACH - EACH // 5)
    assert set(decisions.values_list("status", flat=True)) == {DocumentNumber.Status.ISSUED}
    forms = DocumentNumber.objects.filter(type__code="on_the_spot_decision")
    assert forms.count() == WORKERS * 3 * 3
    voided = forms.filter(status=DocumentNumber.Status.VOIDED)
    assert voided.count() == NumberVoid.objects.count() == WORKERS * 3
    assert (
        forms.exclude(status__in=[DocumentNumber.Status.VOIDED, DocumentNumber.Status.RESERVED]).count() == 0
    )
    assert len(set(DocumentNumber.objects.values_list("text", flat=True))) == DocumentNumber.objects.count()
