"""Staff web pages of the evidence store: upload form, one item's page (hash and chain of custody), download.

The upload view swaps in ``EvidenceUploadHandler`` before the body is read, so the CSRF check must run after
that swap: the outer view is ``csrf_exempt`` and the inner one ``csrf_protect`` (Django's documented pattern).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.accounts.models import User
from sanxiang.core.errors import DomainError, InvalidInput
from sanxiang.records import evidence as services
from sanxiang.records import evidence_access as access
from sanxiang.records.evidence_api import download_response
from sanxiang.records.models_evidence import EvidenceKind, EvidenceLink
from sanxiang.records.selectors import events_for
from sanxiang.records.upload_handlers import discard_unused, install

FIELDS = ("kind", "captured_at", "device", "place", "officer", "subject_type", "subject_id", "declared_hash")


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        install(request)
    try:
        return _upload(request)
    finally:
        discard_unused(request)


@csrf_protect
def _upload(request):
    form = {name: request.POST.get(name, "") for name in FIELDS} if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            item = _store(request, form)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("证据已保存，哈希 %(algo)s:%(hash)s。") % {
                "algo": item.blob.algorithm, "hash": item.blob.digest})  # fmt: skip
            return redirect("evidence:item", item_id=item.pk)
    context = {"form": form, "error": error, "kinds": EvidenceKind.choices,
               "officers": User.objects.filter(is_active=True).order_by("username")}  # fmt: skip
    return render(request, "records/evidence_upload.html", context, status=400 if error else 200)


def _store(request, form):
    access.check_upload(request.user)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        raise getattr(request, "evidence_upload_error", None) or InvalidInput(_("请选择要上传的文件。"))
    officer = request.user
    if form["officer"]:
        officer = (
            User.objects.filter(is_active=True, pk=form["officer"]).first()
            if form["officer"].isdigit()
            else None
        )
        if officer is None:
            raise InvalidInput(_("采集人员不存在或已停用。"))
    belongs_to = (
        (form["subject_type"], form["subject_id"]) if form["subject_type"] or form["subject_id"] else None
    )
    return services.evidence_add(
        actor=request.user,
        source=upload_file.pending,
        kind=form["kind"] or None,
        filename=upload_file.name,
        content_type=upload_file.content_type or "",
        captured_at=services.parse_time(form["captured_at"]),
        device=form["device"],
        place=form["place"],
        officer=officer,
        declared_hash=form["declared_hash"] or None,
        belongs_to=belongs_to,
    )


@login_required
@require_GET
def item(request, item_id: int):
    evidence = access.access_evidence_item(request.user, item_id)
    context = {
        "item": evidence,
        "links": evidence.links.select_related("linked_by", "unlinked_by").order_by("linked_at", "pk"),
        "events": events_for(services.SUBJECT_TYPE, evidence.pk),
    }
    return render(request, "records/evidence_item.html", context)


@login_required
@require_GET
def download(request, item_id: int):
    evidence = access.access_evidence_item(request.user, item_id)
    stream = services.evidence_open_for_download(actor=request.user, item=evidence)
    return download_response(evidence, stream)


@login_required
@require_POST
def link(request, item_id: int):
    evidence = access.access_evidence_item(request.user, item_id)
    try:
        services.evidence_link(actor=request.user, item=evidence, subject_type=request.POST.get("subject_type", ""),
                               subject_id=request.POST.get("subject_id", ""))  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("evidence:item", item_id=evidence.pk)


@login_required
@require_POST
def unlink(request, item_id: int, link_id: int):
    evidence = access.access_evidence_item(request.user, item_id)
    current = EvidenceLink.objects.filter(item=evidence, pk=link_id).first()
    if current is None:
        raise Http404(_("关联不存在。"))
    try:
        services.evidence_unlink(actor=request.user, link=current)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("evidence:item", item_id=evidence.pk)
