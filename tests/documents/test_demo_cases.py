"""Every default template renders for every demo case (context_for_case), and the documents demo is idempotent."""

from __future__ import annotations

import io

import pytest

from sanxiang.documents import catalogue, default_templates, rendering
from sanxiang.documents.context import context_for_case


@pytest.fixture
def demo(db, local_storage):
    from sanxiang.accounts import demo as accounts_demo
    from sanxiang.cases import demo as cases_demo
    from sanxiang.catalog import demo as catalog_demo

    out = io.StringIO()
    accounts_demo.load_demo(out)
    catalog_demo.load_demo(out)
    cases_demo.load_demo(out)


def test_every_default_template_renders_for_every_demo_case(demo):
    from sanxiang.cases.models import Case

    cases = list(Case.objects.all())
    assert cases
    for case in cases:
        for spec in catalogue.SPECS:
            context = context_for_case(case, spec.code)
            docx = rendering.render_docx(
                (default_templates.DIRECTORY / f"{spec.code}.docx").read_bytes(), context
            )
            assert docx[:2] == b"PK"
            assert context.party.name and context.agency_name


def test_documents_demo_issues_the_decision_once(demo):
    from sanxiang.documents.demo import load_demo
    from sanxiang.documents.models import Document, NumberVoid

    assert load_demo(io.StringIO()) == 2
    assert load_demo(io.StringIO()) == 0
    decision = Document.objects.get(type__code="penalty_decision")
    assert decision.number.text.endswith(f"〔{decision.number.year}〕1号")
    assert NumberVoid.objects.count() == 1
