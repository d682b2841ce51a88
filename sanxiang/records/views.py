"""Public checkpoint pages and JSON API (no login), and the staff timeline of an object."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sanxiang.records import checkpoints, entries, selectors, verify
from sanxiang.records.services import head_now


def _checkpoint_json(c) -> dict:
    return {"tree_size": c.tree_size, "root_hash": c.root_hash, "created_at": entries.format_time(c.created_at),
            "note": c.note}  # fmt: skip


def _sm2_key_text() -> str | None:
    """The SM2 verifier key when the deployment adds SM2 lines to its checkpoints, else None."""
    key = checkpoints.sm2_verifier_key()
    return str(key) if key is not None else None


@require_GET
def checkpoint_list(request):
    head = head_now()
    context = {
        "checkpoints": selectors.checkpoints_newest_first()[:200],
        "verifier_key": str(checkpoints.verifier_key()),
        "sm2_verifier_key": _sm2_key_text(),
        "hash_name": head.hash_name,
    }
    return render(request, "records/checkpoints.html", context)


@require_GET
def checkpoint_notes(request):
    """Every checkpoint as concatenated signed notes: the file ``sanxiang log verify --against`` reads."""
    return HttpResponse(checkpoints.published_text(), content_type="text/plain; charset=utf-8")


@require_GET
def api_checkpoints(request):
    head = head_now()
    rows = selectors.checkpoints_newest_first()
    return JsonResponse(
        {
            "origin": checkpoints.verifier_key().name,
            "verifier_key": str(checkpoints.verifier_key()),
            "sm2_verifier_key": _sm2_key_text(),
            "hash": head.hash_name,
            "checkpoints": [_checkpoint_json(c) for c in rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _int_param(request, name: str, default=None) -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ValueError(f"{name} 应为非负整数")
    return int(raw)


@require_GET
def api_inclusion_proof(request):
    try:
        seq = _int_param(request, "seq")
        if seq is None:
            raise ValueError("缺少参数 seq")
        return JsonResponse(verify.inclusion_proof_for(seq, _int_param(request, "size")))
    except (ValueError, verify.ProofRequestError) as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_consistency_proof(request):
    try:
        first, second = _int_param(request, "first"), _int_param(request, "second")
        if first is None or second is None:
            raise ValueError("需要参数 first 与 second")
        return JsonResponse(verify.consistency_proof_for(first, second))
    except (ValueError, verify.ProofRequestError) as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def timeline(request, subject_type: str, subject_id: str):
    events = list(selectors.events_for(subject_type, subject_id))
    context = {"subject_type": subject_type, "subject_id": subject_id, "events": events}
    return render(request, "records/timeline.html", context)
