"""The publicity admin's screens (公示管理): the queue, the review page (masks highlighted; add a mask, remove one
with a reason, confirm and publish), the pre-disclosure registry button, and the printable QR codes of the
certificates. Thin adapters: parse, fetch through ``access``, call one service, render. A domain refusal is
shown on the same page with its HTTP status, never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from sanxiang.accounts.otp import qr_svg, staff_page
from sanxiang.core.errors import DomainError
from sanxiang.portal.models import PublicCertificate, RegistryVersion
from sanxiang.publicity import access, conf, masking, rules, selectors, services
from sanxiang.publicity.models import Disclosure, Mask


def _staff(request) -> None:
    if not access.is_publicity_staff(request.user):
        raise PermissionDenied("只有公示管理员、机关负责人和监督人员可以查看公示管理。")


def portal_url(name: str, fallback: str, **kwargs) -> str:
    """A portal page's path (``portal:…``), or the agreed path while the portal's URL is not there yet."""
    try:
        return reverse(f"portal:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return fallback.format(**kwargs)


def certificate_url(token: str) -> str:
    return conf.public_url() + portal_url("certificate", "/portal/officers/{token}/", token=token)


@require_safe
@staff_page
def queue(request):
    _staff(request)
    today = timezone.localdate()
    context = {"queue": selectors.queue(request.user, today), "history": selectors.history(request.user),
               "may_act": access.may_act(request.user)}  # fmt: skip
    return render(request, "publicity/queue.html", context)


def _review_page(request, disclosure: Disclosure, *, error: str = "", status: int = 200):
    spans = services.active_spans(disclosure)
    masks = disclosure.masks.select_related("added_by", "removed_by").order_by("start", "id")
    rows = [
        {"mask": m, "original": disclosure.served_text[m.start : m.end], "label": masking.kind_label(m.kind),
         "masked": masking.mask_of(m.kind, disclosure.served_text[m.start : m.end])}
        for m in masks
    ]  # fmt: skip
    published_link = ""
    if disclosure.status in (
        Disclosure.Status.PUBLISHED,
        Disclosure.Status.WITHDRAWN,
        Disclosure.Status.ENDED,
    ):
        published_link = portal_url("decision", "/portal/decisions/{pk}/", pk=_published_pk(disclosure))
    context = {
        "d": disclosure,
        "segments": [
            {"text": s.text, "kind": s.kind, "label": masking.kind_label(s.kind) if s.kind else ""}
            for s in masking.segments(disclosure.served_text, spans)
        ],
        "rows": rows,
        "kinds": [(k, masking.kind_label(k)) for k in masking.ADDABLE_KINDS],
        "grounds": [(g.value, g.label) for g in rules.Ground],
        "mark": selectors.mark_of(disclosure, timezone.localdate()) if disclosure.status == Disclosure.Status.PENDING else None,
        "may_act": access.may_act(request.user) and disclosure.status == Disclosure.Status.PENDING,
        "published_link": published_link,
        "error": error,
    }  # fmt: skip
    return render(request, "publicity/review.html", context, status=status)


def _published_pk(disclosure: Disclosure):
    from sanxiang.portal.models import PublishedDecision

    return (
        PublishedDecision.objects.filter(disclosure_id=disclosure.pk).values_list("pk", flat=True).first()
        or 0
    )


@require_safe
@staff_page
def disclosure(request, disclosure_id: int):
    return _review_page(request, access.access_disclosure(request.user, disclosure_id))


def _act(request, disclosure_id: int, do, success: str):
    disclosure = access.access_disclosure(request.user, disclosure_id)
    try:
        access.access_disclosure(request.user, disclosure_id, for_action=True)
        do(disclosure)
    except DomainError as exc:
        disclosure.refresh_from_db()
        return _review_page(request, disclosure, error=exc.message, status=exc.http_status)
    messages.success(request, success)
    return redirect("publicity:disclosure", disclosure_id=disclosure.pk)


@require_POST
@staff_page
def mask_add(request, disclosure_id: int):
    text, kind = request.POST.get("text", ""), request.POST.get("kind", "trade_secret")
    return _act(request, disclosure_id,
                lambda d: services.disclosure_mask_add(actor=request.user, disclosure=d, text=text, kind=kind),
                "已添加遮盖。")  # fmt: skip


@require_POST
@staff_page
def mask_remove(request, disclosure_id: int, mask_id: int):
    reason = request.POST.get("reason", "")

    def do(d):
        mask = Mask.objects.filter(pk=mask_id, disclosure=d).first()
        if mask is None:
            from sanxiang.core.errors import Conflict

            raise Conflict("该遮盖不存在，请刷新页面。")
        services.disclosure_mask_remove(actor=request.user, disclosure=d, mask=mask, reason=reason)

    return _act(request, disclosure_id, do, "已取消该遮盖，理由已记录。")


@require_POST
@staff_page
def confirm(request, disclosure_id: int):
    return _act(request, disclosure_id, lambda d: services.disclosure_confirm(actor=request.user, disclosure=d),
                "已确认遮盖并在门户网站公开。")  # fmt: skip


@require_POST
@staff_page
def withhold(request, disclosure_id: int):
    ground = request.POST.get("ground", "")
    return _act(request, disclosure_id,
                lambda d: services.disclosure_withhold(actor=request.user, disclosure=d, ground=ground),
                "已记录为不予公开。")  # fmt: skip


@require_safe
@staff_page
def registry(request):
    _staff(request)
    current = {}
    for row in RegistryVersion.objects.order_by("section", "-version"):
        current.setdefault(row.section, row)
    context = {"sections": [(label, current.get(code)) for code, label in RegistryVersion.Section.choices],
               "may_act": access.may_act(request.user)}  # fmt: skip
    return render(request, "publicity/registry.html", context)


@require_POST
@staff_page
def registry_publish(request):
    if not access.may_act(request.user):
        raise PermissionDenied("只有公示管理员可以发布事前公开内容。")
    services.certificates_public_sync_all(actor=request.user)
    changed = services.registry_publish(actor=request.user)
    labels = [str(RegistryVersion.Section(code).label) for code in changed]
    messages.success(
        request, f"已发布新版本：{'、'.join(labels)}。" if labels else "内容没有变化，未生成新版本。"
    )
    return redirect("publicity:registry")


@require_safe
@staff_page
def certificates(request):
    """亮证: every certificate's QR code, to print and attach (the code opens the portal's check page)."""
    _staff(request)
    department = request.user.department
    rows = PublicCertificate.objects.all()
    if department is not None and "supervisor" not in request.user.role_codes:
        rows = rows.filter(agency_name=department.agency.name)
    today = timezone.localdate()
    cards = [
        {"c": c, "url": certificate_url(c.token), "qr": qr_svg(certificate_url(c.token)),
         "expired": c.status == PublicCertificate.Status.VALID and c.expires_on < today}
        for c in rows.order_by("number")
    ]  # fmt: skip
    return render(request, "publicity/certificates.html", {"cards": cards, "public_url": conf.public_url()})
