"""Demo content of the catalog: the seed (sanxiang.catalog.seed). Idempotent: a code that exists is left alone.

To be called from ``sanxiang.core.demo.load`` after the accounts demo (which creates the enforcement fields;
missing ones are created here too).
"""

from __future__ import annotations

from django.db import transaction

from sanxiang.accounts.models import EnforcementField
from sanxiang.catalog import seed, services
from sanxiang.catalog.models import DiscretionBenchmark, EnforcementItem, InspectionItem, ReviewRule


def _fields() -> dict[str, EnforcementField]:
    from sanxiang.accounts.demo import ensure_fields

    return {field.code: field for field in ensure_fields()}


@transaction.atomic
def load_demo(stdout) -> dict[str, int]:
    """Create every seed row whose code does not exist yet; return how many of each were created."""
    fields = _fields()
    created = {"items": 0, "benchmarks": 0, "review_rules": 0, "inspection_items": 0}
    for raw in seed.ITEMS:
        if EnforcementItem.objects.filter(code=raw["code"]).exists():
            continue
        data = {k: v for k, v in raw.items() if k not in {"code", "field"}}
        services.item_create(
            actor=None,
            code=raw["code"],
            effective_from=seed.SEED_FROM,
            field=fields[raw["field"]],
            article_text_is_summary=True,
            change_note="初始目录（种子数据，条文为摘要，须核对）",
            **data,
        )
        created["items"] += 1
    for raw in seed.BENCHMARKS:
        if DiscretionBenchmark.objects.filter(code=raw["code"]).exists():
            continue
        item = EnforcementItem.objects.current().get(code=raw["item"])
        services.benchmark_create(
            actor=None,
            code=raw["code"],
            effective_from=seed.SEED_FROM,
            item=item,
            violation=raw["violation"],
            source=raw["source"],
            levels=seed.benchmark_levels(raw["levels"]),
        )
        created["benchmarks"] += 1
    for raw in seed.REVIEW_RULES:
        if ReviewRule.objects.filter(code=raw["code"]).exists():
            continue
        services.review_rule_create(
            actor=None,
            code=raw["code"],
            effective_from=seed.SEED_FROM,
            kind=raw["kind"],
            amount=raw["amount"],
            text=raw["text"],
        )
        created["review_rules"] += 1
    for raw in seed.INSPECTION_ITEMS:
        if InspectionItem.objects.filter(code=raw["code"]).exists():
            continue
        data = {k: v for k, v in raw.items() if k not in {"code", "field"}}
        services.inspection_item_create(
            actor=None, code=raw["code"], effective_from=seed.SEED_FROM, field=fields[raw["field"]], **data
        )
        created["inspection_items"] += 1
    stdout.write(
        f"执法事项目录：新增执法事项 {created['items']} 项、裁量基准 {created['benchmarks']} 项、"
        f"法制审核事项 {created['review_rules']} 项、随机抽查事项 {created['inspection_items']} 项。"
    )
    return created
