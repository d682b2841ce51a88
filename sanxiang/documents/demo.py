"""Demo documents: the standard types with their default templates, the decision of the demo case that was
decided and served, its notice, and a batch of pre-numbered 当场处罚决定书 forms (one of them spoiled).

Needs the accounts, catalog and cases demos first. Idempotent. No PDF is made here (the worker job makes it
when LibreOffice is installed), so that the demo does not need LibreOffice.
"""

from __future__ import annotations

from django.db import transaction

from sanxiang.documents import numbering, services
from sanxiang.documents.context import context_for_case
from sanxiang.documents.models import DocumentNumber, DocumentType, PrenumberedBatch
from sanxiang.documents.selectors import document_issued_for

DECIDED_CASE = "演示：已决定、送达并缴款"


def load_demo(stdout) -> int:
    """Seed types and templates, issue the demo documents that are missing; returns how many were issued."""
    created_types = services.document_types_seed()
    issued = 0
    from sanxiang.accounts.models import User
    from sanxiang.cases.models import Case

    case = Case.objects.filter(source=DECIDED_CASE).select_related("agency", "item__field").first()
    officer = User.objects.filter(username="zhangwei").first()
    if case is None or officer is None:
        stdout.write(f"执法文书：新增文书种类 {created_types} 种；缺少演示案件，跳过演示文书。")
        return 0
    for code in ("penalty_notice", "penalty_decision"):
        if document_issued_for(case, code) is not None:
            continue
        doc_type = DocumentType.objects.get(code=code)
        draft = services.document_draft(
            actor=officer, doc_type=doc_type, agency=case.agency, subject_type="cases.case", subject_id=case.pk,
            context=context_for_case(case, code),
        )  # fmt: skip
        services.document_issue(actor=officer, document=draft, pdf=False)
        issued += 1
    on_the_spot = DocumentType.objects.get(code="on_the_spot_decision")
    if not PrenumberedBatch.objects.filter(agency=case.agency, type=on_the_spot).exists():
        with transaction.atomic():
            batch = numbering.prenumbered_batch_reserve(
                actor=officer, agency=case.agency, doc_type=on_the_spot, field=case.item.field.abbreviation,
                year=case.registered_at.year, count=20, note="演示：第一批预先印制的当场处罚决定书",
            )  # fmt: skip
            spoiled = DocumentNumber.objects.get(batch=batch, seq=batch.first)
            numbering.number_void(actor=officer, number=spoiled, reason="演示：填写错误，整页作废")
    stdout.write(f"执法文书：新增文书种类 {created_types} 种，签发演示文书 {issued} 份。")
    return issued
