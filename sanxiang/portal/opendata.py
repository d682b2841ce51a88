"""Open data (no login): the decision list as paged JSON, as a CSV file Excel opens, and as an Atom feed."""

from __future__ import annotations

import csv

from django.contrib.syndication.views import Feed
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from sanxiang.portal import selectors
from sanxiang.portal.forms import DecisionSearchForm
from sanxiang.portal.models import PublishedDecision

CSV_COLUMNS = [
    ("number", "文号"),
    ("party_name", "当事人"),
    ("party_code", "当事人统一社会信用代码"),
    ("violation_type", "违法行为类型"),
    ("penalty_content", "处罚内容"),
    ("agency_name", "执法机关"),
    ("agency_code", "机关统一社会信用代码"),
    ("category", "类别"),
    ("decided_on", "决定日期"),
    ("published_at", "公开时间"),
    ("display_until", "公示期至"),
    ("url", "网址"),
]


def decision_json(request, d: PublishedDecision) -> dict:
    return {
        "id": d.pk,
        "number": d.number,
        "party_name": d.party_name,
        "party_code": d.party_code,
        "violation_type": d.violation_type,
        "penalty_content": d.penalty_content,
        "agency_name": d.agency_name,
        "agency_code": d.agency_code,
        "category": d.category,
        "category_label": d.get_category_display(),
        "decided_on": d.decided_on.isoformat(),
        "published_at": timezone.localtime(d.published_at).isoformat(),
        "display_until": d.display_until.isoformat() if d.display_until else None,
        "url": request.build_absolute_uri(reverse("portal:decision", kwargs={"pk": d.pk})),
    }


def _form_error(form) -> JsonResponse:
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    first = next(iter(errors.values()))[0]
    return JsonResponse({"detail": first, "code": "invalid", "errors": errors}, status=400)


@require_safe
@cache_control(public=True, max_age=60)
def api_decisions(request):
    """``GET /portal/api/decisions?q=&party=&number=&date_from=&date_to=&category=&page=``: 20 a page,
    ``next`` is the URL of the following page or null (docs/portal.md)."""
    form = DecisionSearchForm(request.GET)
    if not form.is_valid():
        return _form_error(form)
    qs = selectors.decisions_filtered(selectors.decisions_listed(today=timezone.localdate()), form.filters())
    page = selectors.page_of(qs, form.page_number())
    next_url = None
    if page.has_next:
        query = request.GET.copy()
        query["page"] = str(page.number + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return JsonResponse(
        {"page": page.number, "next": next_url, "results": [decision_json(request, d) for d in page.rows]},
        json_dumps_params={"ensure_ascii": False},
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
def decisions_csv(request):
    """Every listed decision matching the filters, as UTF-8 CSV with a byte-order mark so that Excel and WPS
    read the Chinese correctly; streamed, so a large export does not sit in memory."""
    form = DecisionSearchForm(request.GET)
    if not form.is_valid():
        return _form_error(form)
    qs = selectors.decisions_filtered(selectors.decisions_listed(today=timezone.localdate()), form.filters())
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow([title for _field, title in CSV_COLUMNS])
        for d in qs.iterator(chunk_size=2000):
            data = decision_json(request, d)
            data["published_at"] = timezone.localtime(d.published_at).strftime("%Y-%m-%d %H:%M")
            data["category"] = data["category_label"]
            yield writer.writerow(
                ["" if data[field] is None else data[field] for field, _title in CSV_COLUMNS]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


class DecisionFeed(Feed):
    """Atom feed of publications (最新公开的执法决定), newest first."""

    feed_type = Atom1Feed
    title = "执法决定公开"
    subtitle = "最新公开的行政执法决定（已按规定遮盖个人信息）。"

    def link(self):
        return reverse("portal:decisions")

    def items(self):
        return selectors.feed_entries(today=timezone.localdate())

    def item_title(self, item):
        return f"{item.number} {item.party_name}"

    def item_description(self, item):
        return (
            f"{item.violation_type}；{item.penalty_content}（{item.agency_name}，{item.decided_on:%Y-%m-%d}）"
        )

    def item_link(self, item):
        return reverse("portal:decision", kwargs={"pk": item.pk})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
