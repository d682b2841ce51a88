"""The 文书 and 涉案物品 sections of the case page: draft a document the current step needs, edit a draft's
text, issue it, start a new version; record the items a 物品清单 lists. Thin adapters over ``documents.case_services`` (one service per action); a refusal comes
back on the case page as a Chinese message with its status. Preview and downloads are the documents app's views
(``/documents/<id>/preview/``, ``/documents/<id>/download.docx|pdf``), which check access and log downloads.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.accounts.otp import staff_page
from sanxiang.cases import item_services
from sanxiang.cases import selectors as case_selectors
from sanxiang.cases.access import access_case, read_only
from sanxiang.cases.models_items import CaseItem
from sanxiang.core.errors import DomainError
from sanxiang.documents import case_services, catalogue, selectors
from sanxiang.documents.models import Document


def documents_section(case, user) -> dict:
    """What the case page shows under 文书: every version of every 份 with the actions the user may take on
    it, the types of the current step the user may draft (a type with a draft or an issued version is not
    offered again: the draft is edited, the issued one corrected with a new version), and the repeatable types
    the case already holds that the user may draft another 份 of (``again``: a second 现场笔录)."""
    rows, current = [], {}
    for document in case_services.case_documents(case):
        current[document.type.code] = document
        rows.append({
            "document": document,
            "may_edit": case_services.may_edit(user, case, document),
            "may_issue": case_services.may_issue(user, case, document),
            "may_revise": case_services.may_revise(user, document),
            "prenumbers": selectors.reserved_prenumbers(case.agency, document.type.code)
            if document.type.prenumbered and document.status == Document.Status.DRAFT else [],
        })  # fmt: skip
    offers = [] if read_only(user) else case_services.offers(case.status, user.role_codes, case.procedure)
    draftable = [o for o in offers if o.may_draft and o.spec.code not in current]
    again = [o for o in offers if o.may_draft and o.spec.repeatable and o.spec.code in current]
    needed = [spec for o in offers for spec in catalogue.missing_for_action(o.action, frozenset(current))]
    return {"rows": rows, "draftable": draftable, "again": again, "needed": {spec.code for spec in needed},
            "items": list(case_selectors.case_items(case)), "item_kinds": CaseItem.Kind.choices,
            "may_record_items": case.status in item_services.OPEN_STATES and not read_only(user)
            and bool(user.role_codes & {"officer", "unit_head"})}  # fmt: skip


def _refused(request, case_id, exc: DomainError):
    from sanxiang.cases.views import _case_page

    case = access_case(request.user, case_id)
    return _case_page(request, case, error=exc.message, status=exc.http_status)


@require_POST
@staff_page
def document_draft(request, case_id):
    """起草: a draft of the chosen type, pre-filled from the case; then its edit page."""
    try:
        case = access_case(request.user, case_id, for_action="document_draft")
        document = case_services.case_document_draft(
            actor=request.user, case=case, type_code=request.POST.get("type", "")
        )
    except DomainError as exc:
        return _refused(request, case_id, exc)
    messages.success(request, f"已起草《{document.type.name}》{document.series_label}，请核对内容后签发。")
    return redirect("cases:document-edit", case_id=case.pk, document_id=document.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def document_edit(request, case_id, document_id):
    """修改草稿: the text fields of the draft (the rest comes from the case record)."""
    case = access_case(request.user, case_id)
    document = case_services.access_case_document(request.user, case, document_id)
    status, error = 200, ""
    values = {name: document.context.get(name, "") for name in case_services.EDITABLE_FIELDS}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in case_services.EDITABLE_FIELDS}
        try:
            access_case(request.user, case_id, for_action="document_update")
            case_services.case_document_update(
                actor=request.user, case=case, document=document, changes=values
            )
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            messages.success(request, f"《{document.type.name}》草稿已保存。")
            return redirect("cases:case", case_id=case.pk)
    fields = [(name, label, values[name]) for name, label in case_services.EDITABLE_FIELDS.items()]
    page = {"case": case, "document": document, "fields": fields, "error": error,
            "may_edit": case_services.may_edit(request.user, case, document)}  # fmt: skip
    return render(request, "cases/document_edit.html", page, status=status)


@require_POST
@staff_page
def document_issue(request, case_id, document_id):
    """签发 (with the number printed on the form for a pre-numbered type)."""
    try:
        case = access_case(request.user, case_id, for_action="document_issue")
        document = case_services.access_case_document(request.user, case, document_id)
        document = case_services.case_document_issue(
            actor=request.user, case=case, document=document, prenumber=request.POST.get("prenumber", "")
        )
    except DomainError as exc:
        return _refused(request, case_id, exc)
    number = f"，文号 {document.number.text}" if document.number_id else ""
    messages.success(request, f"《{document.type.name}》{document.series_label}已签发{number}。")
    return redirect("cases:case", case_id=case.pk)


@require_POST
@staff_page
def document_revise(request, case_id, document_id):
    """生成新版本 of an issued document, with the reason; then its edit page."""
    try:
        case = access_case(request.user, case_id, for_action="document_revise")
        document = case_services.access_case_document(request.user, case, document_id)
        new = case_services.case_document_revise(
            actor=request.user, case=case, document=document, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        return _refused(request, case_id, exc)
    messages.success(request, f"已生成《{new.type.name}》第 {new.version} 版，请修改后签发。")
    return redirect("cases:document-edit", case_id=case.pk, document_id=new.pk)


@require_POST
@staff_page
def item_record(request, case_id):
    """登记涉案物品: one line of the 物品清单 (printed by the 物品清单 and the 决定书 of the measure)."""
    fields = ("kind", "name", "specification", "quantity", "unit", "note")
    try:
        case = access_case(request.user, case_id, for_action="item_record")
        item = item_services.case_item_record(
            actor=request.user, case=case, **{name: request.POST.get(name, "") for name in fields}
        )
    except DomainError as exc:
        return _refused(request, case_id, exc)
    messages.success(request, f"已登记涉案物品：{item.name} {item.quantity_text}。")
    return redirect(f"/cases/{case.pk}/#items")
