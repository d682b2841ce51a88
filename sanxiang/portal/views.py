"""The public portal's pages (no login). Thin adapters: parse, read through ``selectors``, render."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from sanxiang.portal import cache, credentials, selectors
from sanxiang.portal.forms import DecisionSearchForm
from sanxiang.portal.models import RegistryVersion

SECTIONS = dict(RegistryVersion.Section.choices)
MAX_ID = 2**63 - 1  # a longer number in the address is no row (and no database error)


def not_found(request, message: str) -> HttpResponse:
    return render(request, "portal/not_found.html", {"message": message}, status=404)


@require_safe
@cache_control(public=True, max_age=60)
def home(request):
    today = timezone.localdate()
    context = {
        "latest": selectors.page_of(selectors.decisions_listed(today=today), 1, size=10).rows,
        "sections": selectors.registry_sections(),
        "form": DecisionSearchForm(),
    }
    return render(request, "portal/home.html", context)


@require_safe
@cache_control(public=True, max_age=60)
def decisions(request):
    form = DecisionSearchForm(request.GET)
    today = timezone.localdate()
    if not form.is_valid():
        return render(request, "portal/decisions.html", {"form": form, "page": None}, status=400)
    qs = selectors.decisions_filtered(selectors.decisions_listed(today=today), form.filters())
    page = selectors.page_of(qs, form.page_number())
    query = request.GET.copy()
    query.pop("page", None)
    searched = form.filters() != selectors.DecisionFilters()
    context = {"form": form, "page": page, "query": query.urlencode(), "searched": searched}
    return render(request, "portal/decisions.html", context)


@require_safe
@cache_control(public=True, max_age=300)
def decision(request, pk: int):
    """One decision, from the page cache when it is there (portal/cache.py)."""
    if pk > MAX_ID:
        return not_found(request, _("没有这份公开的执法决定，可能是地址有误。"))
    language = get_language()
    cached = cache.decision_page_get(pk, language)
    if cached is not None:
        return HttpResponse(cached, content_type="text/html; charset=utf-8")
    row = selectors.decision_get(pk)
    if row is None:
        return not_found(request, _("没有这份公开的执法决定，可能是地址有误。"))
    today = timezone.localdate()
    context = {
        "d": row,
        "ended": row.display_until is not None and row.display_until < today,
    }
    response = render(request, "portal/decision.html", context)
    cache.decision_page_set(pk, language, response.content)
    return response


@require_safe
@cache_control(public=True, max_age=60)
def withdrawals(request):
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return render(
        request, "portal/withdrawals.html", {"page": selectors.page_of(selectors.withdrawals(), number)}
    )


@require_safe
@cache_control(public=True, max_age=300)
def registry(request, section: str):
    return _registry_page(request, section, None)


@require_safe
@cache_control(public=True, max_age=300)
def registry_history(request, section: str, version: int):
    return _registry_page(request, section, version)


def _registry_page(request, section: str, version: int | None) -> HttpResponse:
    if section not in SECTIONS:
        return not_found(request, _("没有这个公开栏目，请从首页的栏目列表进入。"))
    shown = selectors.registry_version(section, version)
    if shown is None and version is not None:
        return not_found(request, _("这个栏目没有第 %(version)s 版。") % {"version": version})
    versions = selectors.registry_versions(section)
    context = {
        "section": section,
        "label": SECTIONS[section],
        "view_sections": RegistryVersion.Section.choices,
        "shown": shown,
        "is_current": bool(versions) and shown is not None and shown.version == versions[0].version,
        "versions": versions,
        "certificates": _certificates_now() if section == RegistryVersion.Section.OFFICERS else None,
    }
    return render(request, "portal/registry.html", context)


def _certificates_now() -> list[dict]:
    today = timezone.localdate()
    return [_certificate_facts(c, today) for c in selectors.certificates_listed()]


def _certificate_facts(certificate, today) -> dict:
    status = credentials.certificate_status(
        status=certificate.status, expires_on=certificate.expires_on, today=today
    )
    return {"c": certificate, "status": status, "status_label": credentials.LABELS[status]}


@require_safe
@cache_control(no_store=True)
def certificate(request, token: str):
    """亮证核验: the status at the moment of the request, never cached."""
    row = selectors.certificate_by_token(token)
    if row is None:
        return not_found(
            request, _("查无此执法证。请核对二维码是否完整；如对执法人员身份有疑问，请拨打执法机关电话核实。")
        )
    today = timezone.localdate()
    context = {**_certificate_facts(row, today), "today": today, "now": timezone.localtime()}
    return render(request, "portal/certificate.html", context)


@require_safe
@cache_control(public=True, max_age=60)
def checkpoints(request):
    from sanxiang.records.checkpoints import verifier_key

    context = {"checkpoints": selectors.checkpoints_newest(), "verifier_key": str(verifier_key())}
    return render(request, "portal/checkpoints.html", context)
