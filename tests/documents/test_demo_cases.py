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
    from sanxiang.documents import demo as documents_demo

    out = io.StringIO()
    accounts_demo.load_demo(out)
    catalog_demo.load_demo(out)
    documents_demo.load_demo(out)
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


def test_demo_cases_issue_their_documents_at_their_steps_and_loading_again_adds_nothing(demo):
    from sanxiang.cases.models import Case
    from sanxiang.documents.demo import load_demo
    from sanxiang.documents.models import Document, DocumentNumber, NumberVoid
    from sanxiang.documents.selectors import issued_type_codes

    assert load_demo(io.StringIO()) == 0
    decided = Case.objects.get(source="演示：已决定、送达并缴款")
    assert issued_type_codes(decided) == {"penalty_notice", "penalty_decision"}
    decision = Document.objects.get(type__code="penalty_decision")
    assert decision.number.text.endswith(f"〔{decision.number.year}〕1号")
    assert decided.decision_number == decision.number.text  # 作出决定 took the issued decision's 文号
    on_the_spot = Case.objects.get(source="演示：简易程序当场处罚")
    form = Document.objects.get(type__code="on_the_spot_decision")
    assert on_the_spot.decision_number == form.number.text and form.number.batch_id is not None
    assert form.number.seq == form.number.batch.first + 1  # the first form of the print run was spoiled
    assert NumberVoid.objects.count() == 1
    assert DocumentNumber.objects.filter(status="reserved").count() == 18
    assert Document.objects.count() == 3
