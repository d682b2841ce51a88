"""From a case to what its documents say: :func:`context_for_case` is the one place that knows the case models.

Everything else in this app works on :class:`~sanxiang.documents.rendering.DocumentContext`, so a change in the
case models touches only this module. Texts that the case does not hold yet (the reconsideration body, the
court, the bank) come from ``SANXIANG_DOCUMENT_RECONSIDERATION_BODY``, ``_COURT`` and ``_BANK``.
"""

from __future__ import annotations

from django.utils import timezone

from sanxiang.documents import conf
from sanxiang.documents.catalogue import BY_CODE
from sanxiang.documents.rendering import Activity, DocumentContext, Item, Officer, Party, SignatureEntry

# document type -> the activity kind (cases.models.Activity.Kind) whose record it prints
ACTIVITY_OF_TYPE = {
    "inspection_record": "inspection",
    "inquiry_record": "inquiry",
    "supervision_opinion": "inspection",
    "evidence_preservation": "preservation",
    "seizure_decision": "seizure",
    "item_list": "seizure",
    "hearing_record": "hearing",
    "service_receipt": "service",
    "on_the_spot_decision": "inspection",
}
# document type -> the measure (cases.models_items.CaseItem.Kind) whose 涉案物品 it lists
ITEMS_OF_TYPE = {
    "seizure_decision": "seizure",
    "item_list": "seizure",
    "evidence_preservation": "preservation",
}
SIGNER_LABELS = {"officer": "执法人员", "party": "当事人", "witness": "见证人"}


def _label(enum_class, value: str) -> str:
    try:
        return enum_class(value).label
    except (ValueError, AttributeError):
        return value


def _party(case) -> Party:
    from sanxiang.catalog.penalties import PartyKind

    party = case.parties.order_by("id").first()
    if party is None:
        return Party()
    if party.credit_code:
        identity_label, identity = "统一社会信用代码", party.credit_code
    else:
        identity_label, identity = "公民身份号码", party.id_number
    return Party(
        name=party.name, kind_label=_label(PartyKind, party.kind), identity_label=identity_label,
        identity=identity, legal_representative=party.legal_representative, address=party.address,
        contact=party.contact,
    )  # fmt: skip


def _officers(case) -> list[Officer]:
    from sanxiang.accounts.models import Certificate

    result = []
    for row in case.officers.select_related("officer").order_by("role", "id"):
        certificate = (
            Certificate.objects.filter(officer=row.officer, status=Certificate.Status.VALID)
            .order_by("-expires_on")
            .values_list("number", flat=True)
            .first()
        )
        result.append(
            Officer(name=row.officer.full_name or row.officer.username, certificate_number=certificate or "")
        )
    return result


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


def _activity(case, type_code: str):
    kind = ACTIVITY_OF_TYPE.get(type_code)
    if kind is None:
        return None
    return case.activities.filter(kind=kind).order_by("-started_at", "-id").first()


def _signatures(activity) -> list[SignatureEntry]:
    if activity is None:
        return []
    entries = []
    for signature in activity.signatures.select_related("officer").order_by("id"):
        name = signature.signer_name or (signature.officer.full_name if signature.officer else "")
        png = bytes(signature.image_png) if signature.image_png else None
        entries.append(
            SignatureEntry(
                role=SIGNER_LABELS.get(signature.signer, signature.signer), name=name, png=png,
                refused=signature.refused, refusal_witness=signature.refusal_witness,
                signed_on=timezone.localdate(signature.signed_at) if signature.signed_at else None,
            )
        )  # fmt: skip
    return entries


def _evidence(case) -> list[str]:
    from sanxiang.records.models_evidence import EvidenceLink

    lines = [
        f"{activity.get_kind_display()}笔录（{timezone.localdate(activity.started_at):%Y-%m-%d}）"
        for activity in case.activities.filter(status="completed").order_by("started_at", "id")
    ]
    links = EvidenceLink.objects.filter(
        subject_type="cases.case", subject_id=str(case.pk), unlinked_at__isnull=True
    )
    lines += [
        f"{link.item.get_kind_display()}：{link.item.original_filename}"
        for link in links.select_related("item").order_by("linked_at", "pk")
    ]
    return lines


def _items(case, type_code: str) -> list[Item]:
    """The lines of the 物品清单: the items of the type's measure (the 物品清单 lists the preserved items when
    the case seized nothing)."""
    kind = ITEMS_OF_TYPE.get(type_code)
    if kind is None:
        return []
    rows = case.items.filter(withdrawn_at__isnull=True).order_by("id")
    chosen = list(rows.filter(kind=kind))
    if not chosen and type_code == "item_list":
        chosen = list(rows)
    return [
        Item(name=i.name, specification=i.specification, quantity=i.quantity_text, note=i.note)
        for i in chosen
    ]


def _deadline(case, code: str):
    row = case.deadlines.filter(code=code).select_related("deadline").order_by("-id").first()
    return row.deadline.due_on if row is not None else None


def _review(case) -> tuple[str, str]:
    """(opinion text, discretion/reasons) from the latest legal-review submission and opinion, if any."""
    submission = (
        case.review_submissions.order_by("-id").first() if hasattr(case, "review_submissions") else None
    )
    if submission is None:
        return "", ""
    opinion = submission.opinions.order_by("-id").first() if hasattr(submission, "opinions") else None
    text = ""
    if opinion is not None:
        text = opinion.get_conclusion_display() + (f"：{opinion.problems}" if opinion.problems else "。")
    return text, submission.reasons


def _citation(item) -> str:
    law = item.law_name if item.law_name.startswith("《") else f"《{item.law_name}》"
    return f"{law}{item.article}"


def context_for_case(case, kind: str) -> DocumentContext:
    """What the document of type ``kind`` (a code of catalogue.SPECS) says about ``case`` now."""
    from sanxiang.catalog.penalties import PenaltyKind, Procedure

    spec = BY_CODE[kind]
    item = case.item
    activity = _activity(case, kind)
    opinion, reasons = _review(case)
    kinds = "，".join(_label(PenaltyKind, code) for code in (case.penalty_kinds or []))
    return DocumentContext(
        type_code=kind,
        title=spec.name,
        agency_name=case.agency.name,
        agency_short_name=case.agency.short_name,
        field_abbreviation=item.field.abbreviation if item.field_id else "",
        number=case.decision_number if kind in ("penalty_decision", "on_the_spot_decision") else "",
        case_number=case.number,
        cause=item.name,
        procedure_label=_label(Procedure, case.procedure),
        party=_party(case),
        facts=case.facts,
        evidence=_evidence(case),
        violated_provision=_citation(item),
        penalty_basis=item.penalty_basis if item.penalty_basis.startswith("《") else _citation(item),
        discretion=reasons,
        penalty_kinds=kinds,
        fine=case.fine,
        confiscation=case.confiscation,
        notice_served_on=case.notice_served_on,
        statement_deadline=_deadline(case, "statement"),
        hearing_deadline=_deadline(case, "hearing_request"),
        hearing_on=case.hearing_on,
        decided_on=case.decided_on,
        served_on=case.served_on,
        service_method=case.service_method,
        reconsideration_body=conf._value("SANXIANG_DOCUMENT_RECONSIDERATION_BODY", "有管辖权的人民政府"),
        court=conf._value("SANXIANG_DOCUMENT_COURT", "有管辖权的人民法院"),
        bank=conf._value("SANXIANG_DOCUMENT_BANK", "指定的银行"),
        activity=Activity(
            place=activity.place, started_at=_local(activity.started_at), ended_at=_local(activity.ended_at),
            record=activity.record, participants=activity.other_participants,
        ) if activity is not None else Activity(),
        officers=_officers(case),
        signatures=_signatures(activity),
        items=_items(case, kind),
        opinion=opinion,
    )  # fmt: skip
