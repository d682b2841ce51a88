"""The catalogue's "needed before" reaches existing types on seed; templates are compiled once per source."""

from __future__ import annotations

import jinja2
import pytest

from sanxiang.documents import catalogue, default_templates, rendering, samples


def test_seed_brings_an_older_types_required_for_up_to_date(seeded):
    from sanxiang.documents.models import DocumentType
    from sanxiang.documents.services import document_types_seed
    from sanxiang.records.models import Event

    DocumentType.objects.filter(code="penalty_decision").update(required_for=["serve"])
    assert document_types_seed() == 0
    assert DocumentType.objects.get(code="penalty_decision").required_for == ["decide", "serve"]
    assert Event.objects.filter(action="document_type.sync").count() == 1
    assert document_types_seed() == 0 and Event.objects.filter(action="document_type.sync").count() == 1


def test_every_required_document_names_an_action_of_the_workflow():
    from sanxiang.cases.workflow import ACTION_LABELS

    assert set(catalogue.REQUIRED_FOR_ACTION) <= set(ACTION_LABELS)
    assert catalogue.missing_for_action("notify", frozenset({"penalty_notice"})) == []
    names = [s.code for s in catalogue.missing_for_action("notify", frozenset(), {"hearing_right"})]
    assert names == ["penalty_notice", "hearing_notice"]
    assert [s.code for s in catalogue.types_for_action("seize")] == ["seizure_decision", "item_list"]


def test_a_template_source_is_compiled_once_and_a_broken_one_never_cached():
    env = rendering.jinja_env()
    source = "{{ party.name }} 于 {{ issued_on }}"
    assert env.from_string(source) is env.from_string(source)
    broken = "{% if party.name %}未闭合"
    for _ in range(2):
        with pytest.raises(jinja2.TemplateSyntaxError):
            env.from_string(broken)
    assert broken not in env._compiled


def test_the_cached_render_is_the_same_document():
    template = (default_templates.DIRECTORY / "penalty_decision.docx").read_bytes()
    context = samples.sample_context("penalty_decision")
    first, second = rendering.render_docx(template, context), rendering.render_docx(template, context)
    import io

    from docx import Document as Docx

    def text(data: bytes) -> str:
        return "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)

    assert text(first) == text(second) and context.party.name in text(second)
