"""The documents of a case: draft one from the case, edit a draft's text, issue it, start a new version.

Who may do what follows the workflow's transition table (``cases.workflow``): in a given state the case page
offers the documents of the steps that can be taken now (``catalogue.types_for_action``). A document may be
drafted by whoever may take that step and by the case's handlers (执法人员、承办机构负责人), and issued (签发)
only by whoever may take the step — e.g. the 行政处罚决定书 is drafted by the officers and issued by the
机关负责人 who decides. A correction (new version) of an issued document may be started and issued by whoever
may take its step in any state. The rest (numbering, rendering, freezing, logging) is ``services.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanxiang.cases import workflow
from sanxiang.core.errors import InvalidInput, NotAllowed
from sanxiang.documents import catalogue, rendering, services
from sanxiang.documents.context import context_for_case
from sanxiang.documents.models import Document, DocumentType
from sanxiang.documents.selectors import documents_of

SUBJECT = "cases.case"


def access_case_document(user, case, document_id) -> Document:
    """Document ``document_id`` of ``case`` for ``user`` (page and API alike): one the user may not see and one
    of another case both answer "does not exist" (404)."""
    from sanxiang.cases.access import CaseNotFound
    from sanxiang.documents.access import access_document

    document = access_document(user, document_id)
    if document.subject_type != SUBJECT or document.subject_id != str(case.pk):
        raise CaseNotFound("文书不存在。")
    return document


DRAFTERS = frozenset({workflow.OFFICER, workflow.UNIT_HEAD})

# The text a user may change in a draft (the rest comes from the case record and is changed there).
EDITABLE_FIELDS: dict[str, str] = {
    "facts": "违法事实",
    "violated_provision": "违反的规定",
    "penalty_basis": "处罚依据",
    "discretion": "裁量基准适用",
    "penalty_kinds": "处罚种类",
    "hearing_place": "听证地点",
    "opinion": "意见",
    "approval": "审批意见",
    "execution": "执行情况",
}
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Offer:
    """A document type the case's current step produces or needs, and whether the user may draft / issue it."""

    spec: catalogue.DocumentTypeSpec
    action: str
    may_draft: bool
    may_issue: bool


def offers(state: str, roles, procedure: str = "general") -> list[Offer]:
    """The document types of the steps that can be taken in ``state`` under ``procedure`` (general or
    simplified: the 当场行政处罚决定书 only for the simplified procedure, 立案 documents only for the general one),
    with what ``roles`` may do (pure)."""
    roles = set(roles)
    found: dict[str, Offer] = {}
    for t in workflow.TRANSITIONS:
        if t.state_from.value != state or not _fits_procedure(t, procedure):
            continue
        for spec in catalogue.types_for_action(t.action):
            may_issue = bool(roles & t.roles)
            may_draft = may_issue or bool(roles & DRAFTERS)
            old = found.get(spec.code)
            if old is None or (may_draft, may_issue) > (old.may_draft, old.may_issue):
                found[spec.code] = Offer(spec, t.action, may_draft, may_issue)
    return sorted(found.values(), key=lambda o: catalogue.SPECS.index(o.spec))


def _fits_procedure(t: workflow.Transition, procedure: str) -> bool:
    if t.action == "decide_on_the_spot":
        return procedure == "simplified"
    return "general_procedure" not in t.guards or procedure == "general"


def issuer_roles(type_code: str) -> frozenset[str]:
    """Roles that may take the step producing the type in some state (for corrections, any time)."""
    action = catalogue.BY_CODE[type_code].action
    return frozenset().union(*(t.roles for t in workflow.TRANSITIONS if t.action == action))


def _offer(case, user, type_code: str) -> Offer | None:
    return next(
        (o for o in offers(case.status, user.role_codes, case.procedure) if o.spec.code == type_code), None
    )


def may_issue(user, case, document: Document) -> bool:
    if document.is_frozen or read_only(user):
        return False
    if document.previous_id is not None:
        return bool(set(user.role_codes) & issuer_roles(document.type.code))
    offer = _offer(case, user, document.type.code)
    return offer is not None and offer.may_issue


def may_edit(user, case, document: Document) -> bool:
    if document.is_frozen or read_only(user):
        return False
    if document.previous_id is not None:
        return bool(set(user.role_codes) & (issuer_roles(document.type.code) | DRAFTERS))
    offer = _offer(case, user, document.type.code)
    return offer is not None and offer.may_draft


def may_revise(user, document: Document) -> bool:
    return (
        document.status == Document.Status.ISSUED
        and not read_only(user)
        and bool(set(user.role_codes) & issuer_roles(document.type.code))
        and not Document.objects.filter(previous=document).exists()
    )


def read_only(user) -> bool:
    from sanxiang.cases import access

    return access.read_only(user)


def _state_label(case) -> str:
    return workflow.State(case.status).label


def _apply_text(context: rendering.DocumentContext, changes: dict | None) -> rendering.DocumentContext:
    if not changes:
        return context
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput(
            _("不能修改的内容：%(names)s。可修改：%(allowed)s。")
            % {"names": "、".join(unknown), "allowed": "、".join(EDITABLE_FIELDS)}
        )
    clean = {}
    for name, value in changes.items():
        if not isinstance(value, str):
            raise InvalidInput(_("“%(label)s”应为文字。") % {"label": EDITABLE_FIELDS[name]})
        if len(value) > MAX_TEXT:
            raise InvalidInput(_("“%(label)s”过长（上限 20000 字）。") % {"label": EDITABLE_FIELDS[name]})
        clean[name] = value.replace("\r\n", "\n")
    return services.context_replace(context, **clean)


def case_document_draft(*, actor, case, type_code: str, changes: dict | None = None) -> Document:
    """Draft (or refresh the draft of) a document of ``type_code`` for ``case``, filled in from the case and
    then with the user's ``changes`` to its text; of a repeatable type the case holds already, the next 份.
    Only a type of a step that can be taken now."""
    spec = catalogue.BY_CODE.get(type_code)
    if spec is None:
        raise InvalidInput(_("没有这种文书：%(code)s。") % {"code": type_code})
    offer = _offer(case, actor, type_code)
    if offer is None:
        names = "、".join(o.spec.name for o in offers(case.status, actor.role_codes, case.procedure)) or "无"
        raise NotAllowed(
            _("案件当前处于“%(state)s”环节，不需要《%(name)s》。此环节可起草：%(names)s。")
            % {"state": _state_label(case), "name": spec.name, "names": names}
        )
    if not offer.may_draft or read_only(actor):
        raise NotAllowed(_("您不能起草本案的《%(name)s》。") % {"name": spec.name})
    doc_type = DocumentType.objects.filter(code=type_code).first()
    if doc_type is None:
        raise InvalidInput(_("文书种类尚未初始化：请运行 sanxiang documents seed。"))
    context = _apply_text(context_for_case(case, type_code), changes)
    return services.document_draft(
        actor=actor, doc_type=doc_type, agency=case.agency, subject_type=SUBJECT, subject_id=case.pk,
        context=context,
    )  # fmt: skip


def case_document_update(*, actor, case, document: Document, changes: dict) -> Document:
    """Change the text of a draft (only the :data:`EDITABLE_FIELDS`)."""
    _belongs(case, document)
    if document.is_frozen:
        raise services.frozen_refusal(document)
    if not may_edit(actor, case, document):
        raise NotAllowed(_("您不能修改本案的《%(name)s》。") % {"name": document.type.name})
    context = _apply_text(rendering.context_from_json(document.context), changes)
    return services.document_update_draft(actor=actor, document=document, context=context)


def case_document_issue(
    *, actor, case, document: Document, prenumber: str | None = None, pdf: bool | None = None
) -> Document:
    """签发 a draft of the case (number, .docx, hash, log; the PDF/A copy afterwards unless ``pdf`` is False)."""
    _belongs(case, document)
    if document.is_frozen:
        raise services.frozen_refusal(document)
    if not may_issue(actor, case, document):
        raise NotAllowed(
            _("《%(name)s》须由有权办理“%(step)s”的人员签发。")
            % {"name": document.type.name, "step": workflow.ACTION_LABELS[document.type.action]}
        )
    return services.document_issue(
        actor=actor, document=document, prenumber=(prenumber or "").strip() or None, pdf=pdf
    )


def case_document_revise(*, actor, case, document: Document, reason: str) -> Document:
    """Start a new version of an issued document of the case, with the reason."""
    _belongs(case, document)
    if document.status == Document.Status.ISSUED and not may_revise(actor, document):
        if Document.objects.filter(previous=document).exists():
            return services.document_revise(actor=actor, document=document, reason=reason)  # raises 409
        raise NotAllowed(_("您不能更正本案的《%(name)s》。") % {"name": document.type.name})
    return services.document_revise(actor=actor, document=document, reason=reason)


def _belongs(case, document: Document) -> None:
    if document.subject_type != SUBJECT or document.subject_id != str(case.pk):
        raise InvalidInput(_("该文书不属于本案。"))


def case_documents(case) -> list[Document]:
    """Every version of every document of the case (type order, then version)."""
    return list(documents_of(case))
