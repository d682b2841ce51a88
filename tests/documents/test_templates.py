"""Templates: every default renders; a bad upload is refused naming the placeholder and the old one keeps working."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx

from sanxiang.documents import catalogue, default_templates, rendering, samples, services
from sanxiang.documents.models import DocumentTemplate, DocumentType


def _text_of(docx: bytes) -> str:
    document = Docx(io.BytesIO(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("spec", catalogue.SPECS, ids=lambda s: s.code)
def test_every_default_template_renders_the_sample_without_placeholders_left(spec):
    template = (default_templates.DIRECTORY / f"{spec.code}.docx").read_bytes()
    context = samples.sample_context(spec.code)
    text = _text_of(rendering.render_docx(template, context))
    assert "{{" not in text and "{%" not in text
    assert spec.name in text and "某区卫生健康局" in text
    if spec.numbered:
        assert "X卫公罚〔2026〕12号" in text
    if "party" in spec.sections:
        assert "某某美容美发有限公司" in text
    if "penalty" in spec.sections:
        assert "12,345.60" in text and "壹万贰仟叁佰肆拾伍元陆角整" in text
    assert rendering.check_template(template, context) == []


def test_default_templates_set_the_east_asian_font_and_a4_margins():
    document = Docx(str(default_templates.DIRECTORY / "penalty_decision.docx"))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [
        round(x.mm)
        for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 35, 28, 26]


def test_the_deployment_font_goes_into_built_templates(settings, tmp_path):
    built = default_templates.build(catalogue.BY_CODE["penalty_notice"], body_font="楷体", title_font="黑体")
    xml = Docx(io.BytesIO(built)).styles["Normal"].element.xml
    assert 'w:eastAsia="楷体"' in xml


def _template_with(text: str) -> bytes:
    document = Docx()
    document.add_paragraph("{{ agency_name }} {{ title }}")
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("当事人：{{ party_nmae }}", "未知占位符：party_nmae"),
        ("当事人：{{ party.nmae }}", "未知占位符属性：nmae"),
        ("{% for e in evidence %}{{ e }}", "模板语法错误"),
        ("{{ fine }", "模板语法错误"),
    ],
)
def test_a_bad_upload_is_refused_naming_the_problem_and_the_old_template_stays(seeded, alice, line, named):
    doc_type = DocumentType.objects.get(code="penalty_decision")
    before = services.active_template(doc_type)
    with pytest.raises(services.TemplateRefused) as refused:
        services.template_upload(
            actor=alice, doc_type=doc_type, data=_template_with(line), filename="我的模板.docx"
        )
    assert any(named in problem for problem in refused.value.problems), refused.value.problems
    assert services.active_template(doc_type) == before
    # the old one still renders
    rendering.render_docx(services.read_blob(before.blob), samples.sample_context("penalty_decision"))


def test_a_good_upload_becomes_the_active_version_and_older_versions_are_kept(seeded, alice):
    doc_type = DocumentType.objects.get(code="penalty_decision")
    new = services.template_upload(actor=alice, doc_type=doc_type, data=_template_with("{{ party.name }} {{ number }}"),
                                   filename="本局格式.docx", note="本局格式")  # fmt: skip
    assert new.version == 2 and new.active
    assert DocumentTemplate.objects.filter(type=doc_type).count() == 2
    old = DocumentTemplate.objects.get(type=doc_type, version=1)
    services.template_activate(actor=alice, template=old)
    assert services.active_template(doc_type).version == 1


def test_a_file_that_is_not_docx_is_refused(seeded, alice):
    doc_type = DocumentType.objects.get(code="penalty_decision")
    with pytest.raises(services.TemplateRefused, match="不是有效的 .docx"):
        services.template_upload(actor=alice, doc_type=doc_type, data=b"not a zip", filename="x.docx")
