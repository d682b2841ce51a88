"""Demo documents: the standard types with their default templates and a batch of pre-numbered 当场处罚决定书
forms (one of them spoiled). The demo cases (``cases/demo.py``) then issue their documents at the steps that
need them, through the same services as the case page — so this loader runs before the cases demo.

Needs the accounts and catalog demos first. Idempotent. No PDF is made here (the worker job makes it when
LibreOffice is installed), so that the demo does not need LibreOffice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sanxiang.documents import numbering, services
from sanxiang.documents.models import DocumentNumber, DocumentType, PrenumberedBatch

FORMS_FIELD = "公"  # the 执法类别 of the demo's forms (公共场所卫生, the demo cases' field)


def load_demo(stdout) -> int:
    """Seed types and templates and reserve the demo's pre-numbered forms; returns how many numbers were
    reserved (0 when already done)."""
    from sanxiang.accounts.models import User

    created_types = services.document_types_seed()
    officer = User.objects.filter(username="zhangwei").select_related("department__agency").first()
    if officer is None or officer.department is None:
        stdout.write(f"执法文书：新增文书种类 {created_types} 种；缺少演示人员，跳过预编号文书。")
        return 0
    agency = officer.department.agency
    on_the_spot = DocumentType.objects.get(code="on_the_spot_decision")
    reserved = 0
    if not PrenumberedBatch.objects.filter(agency=agency, type=on_the_spot).exists():
        with transaction.atomic():
            batch = numbering.prenumbered_batch_reserve(
                actor=officer, agency=agency, doc_type=on_the_spot, field=FORMS_FIELD,
                year=timezone.localdate().year, count=20, note="演示：第一批预先印制的当场处罚决定书",
            )  # fmt: skip
            spoiled = DocumentNumber.objects.get(batch=batch, seq=batch.first)
            numbering.number_void(actor=officer, number=spoiled, reason="演示：填写错误，整页作废")
            reserved = batch.last - batch.first + 1
    stdout.write(f"执法文书：新增文书种类 {created_types} 种，预留预编号文书 {reserved} 份。")
    return reserved
