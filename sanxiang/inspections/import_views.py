"""Staff pages of the target directory: the list (search and filters), the import form, a run's progress and
report, and the JSON status the progress bar polls (docs/targets-import.md)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from sanxiang.accounts.otp import staff_page
from sanxiang.core.errors import DomainError, InvalidInput, NotAllowed
from sanxiang.inspections import import_runs, imports
from sanxiang.inspections.models import ImportRun, Target

PAGE_SIZE = 50
REPORT_ROWS = 500  # rows of the per-row report shown on the page


@require_safe
@staff_page
def target_list(request):
    """检查对象名录库: every staff member may read it (plans and draws are made from it)."""
    query = request.GET.get("q", "").strip()
    risk = request.GET.get("risk", "")
    region = request.GET.get("region", "")
    targets = Target.objects.order_by("credit_code")
    if query:
        targets = targets.filter(Q(name__icontains=query) | Q(credit_code__startswith=query.upper()))
    if risk in Target.Risk.values:
        targets = targets.filter(risk_class=risk)
    if region:
        targets = targets.filter(region=region)
    page = Paginator(targets, PAGE_SIZE).get_page(request.GET.get("page"))
    regions = Target.objects.order_by("region").values_list("region", flat=True).distinct()
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "page": page,
        "query": query,
        "risk": risk,
        "region": region,
        "risks": Target.Risk.choices,
        "regions": list(regions[:500]),
        "filters": filters.urlencode(),
        "may_import": import_runs.may_import(request.user),
    }
    return render(request, "inspections/import/targets_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def import_form(request):
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            import_runs.check_may_import(request.user)
            if upload is None:
                raise InvalidInput("请选择要导入的 .xlsx 或 .csv 文件。")
            run = import_runs.import_run_start(
                actor=request.user,
                upload=upload,
                file_name=upload.name,
                size=upload.size,
                valid_only=request.POST.get("valid_only") == "on",
                encoding=request.POST.get("encoding", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            return redirect("targets:import_run", run_id=run.pk)
    elif not import_runs.may_import(request.user):
        error = NotAllowed("只有承办机构负责人、机关负责人或系统管理员可以导入检查对象名录。")
    context = {
        "error": error.message if error else None,
        "may_import": import_runs.may_import(request.user),
        "encodings": import_runs.ENCODINGS.items(),
        "columns": imports.COLUMNS,
        "required": imports.REQUIRED_COLUMNS,
        "runs": ImportRun.objects.select_related("started_by")[:20]
        if import_runs.may_import(request.user)
        else [],
    }
    return render(
        request, "inspections/import/targets_form.html", context, status=error.http_status if error else 200
    )


@require_safe
@staff_page
def import_run(request, run_id: int):
    run = import_runs.access_import_run(request.user, run_id)
    status = import_runs.run_status(run)
    context = {
        "run": run,
        "status": status,
        "errors": run.errors[:REPORT_ROWS],
        "more_errors": run.rejected_count - min(len(run.errors), REPORT_ROWS),
    }
    return render(request, "inspections/import/targets_run.html", context)


@require_safe
@staff_page
def import_run_status(request, run_id: int):
    run = import_runs.access_import_run(request.user, run_id)
    return JsonResponse(import_runs.run_status(run), json_dumps_params={"ensure_ascii": False})
