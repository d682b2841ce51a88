"""The content of each pre-disclosure section (事前公开, 国办发〔2018〕118号 二(一); 浙江省综合行政执法条例第三十七条),
built from the catalog, the accounts and the workflow table as plain JSON — only what may be public.

``sections(today)`` returns {section code: (title, content)}; ``services.registry_publish`` writes a new
version of a section only when its content changed. Officers appear with name, certificate number, fields and
validity only (nothing more personal); 裁量基准 must be published (行政处罚法第三十四条).
"""

from __future__ import annotations

import datetime as dt
import json

from sanxiang.portal.models import RegistryVersion

Section = RegistryVersion.Section


def _json(value):
    """Plain JSON (dates and decimals as strings, tuples as lists), so a rebuilt section compares equal."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _agency() -> list[dict]:
    from sanxiang.accounts.models import Agency

    return [
        {"name": a.name, "credit_code": a.credit_code, "level": a.get_level_display(),
         "authority_basis": a.authority_basis,
         "units": [d.name for d in a.departments.filter(is_active=True).order_by("name")]}
        for a in Agency.objects.filter(is_active=True).order_by("name")
    ]  # fmt: skip


def _officers(today: dt.date) -> list[dict]:
    from sanxiang.accounts.models import Certificate

    rows = []
    for c in (
        Certificate.objects.filter(is_active=True)
        .select_related("officer__department__agency")
        .prefetch_related("fields")
        .order_by("number")
    ):
        if c.status_on(today) != Certificate.Status.VALID:
            continue
        department = c.officer.department
        rows.append({
            "name": c.officer.full_name or c.officer.username, "certificate_number": c.number,
            "agency": department.agency.name if department else "", "fields": sorted(f.name for f in c.fields.all()),
            "valid_from": c.issued_on.isoformat(), "valid_until": c.expires_on.isoformat(),
        })  # fmt: skip
    return rows


def _items(today: dt.date):
    from sanxiang.catalog.models import EnforcementItem

    return EnforcementItem.objects.in_force(today).select_related("field").order_by("code")


def _powers(today: dt.date) -> list[dict]:
    return [
        {"code": i.code, "name": i.name, "kind": i.get_kind_display(), "field": i.field.name if i.field_id else "",
         "basis": f"{i.law_name}{i.article}", "penalty_basis": i.penalty_basis, "version": i.version,
         "effective_from": i.effective_from.isoformat()}
        for i in _items(today)
    ]  # fmt: skip


def _legal_basis(today: dt.date) -> list[dict]:
    laws: dict[str, list[str]] = {}
    for item in _items(today):
        articles = laws.setdefault(item.law_name, [])
        if item.article not in articles:
            articles.append(item.article)
    return [{"law": law, "articles": articles} for law, articles in sorted(laws.items())]


def _procedures() -> dict:
    from sanxiang.cases.diagram import mermaid
    from sanxiang.cases.workflow import ACTION_LABELS, DEADLINES, ROLE_LABELS, STATE_LABELS, TRANSITIONS

    steps = []
    for t in TRANSITIONS:
        steps.append({
            "from": STATE_LABELS[t.state_from], "action": ACTION_LABELS.get(t.action, t.action),
            "to": STATE_LABELS[t.state_to] if t.state_to is not None else "（恢复原环节）",
            "by": [ROLE_LABELS.get(r, r) for r in sorted(t.roles)], "description": t.description,
        })  # fmt: skip
    periods = [{"label": d.label, "period": d.period, "basis": d.source} for d in DEADLINES.values()]
    return {"flowchart_mermaid": mermaid(), "steps": steps, "periods": periods}


def _remedies() -> list[dict]:
    from sanxiang.documents import conf as document_conf

    body = document_conf._value("SANXIANG_DOCUMENT_RECONSIDERATION_BODY", "有管辖权的人民政府")
    court = document_conf._value("SANXIANG_DOCUMENT_COURT", "有管辖权的人民法院")
    return [
        {"name": "陈述、申辩", "text": "作出行政处罚决定之前，当事人有权进行陈述和申辩（行政处罚法第七条、第四十五条）。"},
        {"name": "听证", "text": "较大数额罚款、吊销许可证件、责令停产停业等，当事人有权在告知后五个工作日内要求听证（行政处罚法第六十三条、第六十四条）。"},
        {"name": "行政复议", "text": f"自知道或者应当知道行政行为之日起六十日内向{body}申请行政复议（行政复议法）。"},
        {"name": "行政诉讼", "text": f"自知道或者应当知道作出行政行为之日起六个月内向{court}提起行政诉讼（行政诉讼法第四十六条）。"},
        {"name": "投诉举报", "text": "对执法人员的违法行为可向本机关或者监督机关投诉、举报（行政处罚法第七十五条）。"},
    ]  # fmt: skip


def _random_items(today: dt.date) -> list[dict]:
    from sanxiang.catalog.models import InspectionItem

    return [
        {"matter": i.matter, "sub_item": i.sub_item, "basis": i.basis, "subject": i.subject, "target": i.target,
         "ratio": i.ratio, "frequency": i.frequency, "method": i.method,
         "inspector_requirements": i.inspector_requirements}
        for i in InspectionItem.objects.in_force(today).order_by("code")
    ]  # fmt: skip


def _benchmarks(today: dt.date) -> list[dict]:
    from sanxiang.catalog.models import DiscretionBenchmark

    rows = []
    for b in DiscretionBenchmark.objects.in_force(today).select_related("item").order_by("code"):
        levels = [
            {"level": lv.get_level_display(), "circumstances": lv.circumstances, "penalty_kinds": lv.penalty_kinds,
             "fine_min": lv.fine_min, "fine_max": lv.fine_max, "other_measures": lv.other_measures}
            for lv in b.levels.order_by("order", "id")
        ]  # fmt: skip
        rows.append({"item": b.item.name, "violation": b.violation, "source": b.source, "levels": levels})
    return rows


def _review_items(today: dt.date) -> list[dict]:
    from sanxiang.catalog.models import ReviewRule

    return [
        {"kind": r.get_kind_display(), "text": r.text}
        for r in ReviewRule.objects.in_force(today).order_by("code")
    ]


def _service_guides() -> list[dict]:
    return [
        {"name": "执法人员身份核验", "text": "扫描执法证上的二维码，或在本网站“执法人员”栏目按证号查询，即可核验执法证是否有效。"},
        {"name": "行政执法决定查询", "text": "在本网站“执法决定公示”栏目按当事人名称、文号或日期查询已公开的行政执法决定。"},
        {"name": "政府信息公开申请", "text": "可依照《中华人民共和国政府信息公开条例》第二十七条向本机关申请获取政府信息。"},
    ]  # fmt: skip


def sections(today: dt.date) -> dict[str, tuple[str, object]]:
    built = {
        Section.AGENCY: _agency(),
        Section.OFFICERS: _officers(today),
        Section.POWERS: _powers(today),
        Section.PROCEDURES: _procedures(),
        Section.LEGAL_BASIS: _legal_basis(today),
        Section.REMEDIES: _remedies(),
        Section.RANDOM_ITEMS: _random_items(today),
        Section.BENCHMARKS: _benchmarks(today),
        Section.REVIEW_ITEMS: _review_items(today),
        Section.SERVICE_GUIDES: _service_guides(),
    }
    return {str(code): (str(Section(code).label), _json(content)) for code, content in built.items()}
