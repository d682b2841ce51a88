"""Builds the default .docx templates with python-docx (run ``sanxiang documents templates build``).

The built files are committed under ``templates_docx/<code>.docx`` so that an agency can open them in Word or
WPS and make its own; this module stays so they can be rebuilt. Layout after 党政机关公文格式 (GB/T 9704-2012),
roughly: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in the title font (方正小标宋 in
the standard; 宋体 by default), body in 仿宋, with the East Asian font attribute (``w:eastAsia``) set so that
Word, WPS and LibreOffice pick the Chinese font. Placeholders are docxtpl/Jinja2 (rendering.template_values).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sanxiang.documents.catalogue import SPECS, DocumentTypeSpec

DIRECTORY = Path(__file__).resolve().parent / "templates_docx"
DEFAULT_BODY_FONT, DEFAULT_TITLE_FONT = "仿宋", "宋体"
BODY_SIZE, TITLE_SIZE = Pt(14), Pt(22)  # 四号 body (forms), 二号 title


def set_font(target, name: str) -> None:
    """Set the Latin and East Asian font of a run or style (python-docx sets only the Latin one)."""
    target.font.name = name
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


class Builder:
    def __init__(self, body_font: str, title_font: str):
        self.body_font, self.title_font = body_font, title_font
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        set_font(normal, body_font)
        normal.font.size = BODY_SIZE
        lang = normal.element.get_or_add_rPr().makeelement(
            qn("w:lang"), {qn("w:val"): "zh-CN", qn("w:eastAsia"): "zh-CN"}
        )
        normal.element.get_or_add_rPr().append(lang)  # Chinese glyph forms, not the Japanese ones
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = Pt(26)

    def title(self, text: str, size=TITLE_SIZE) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        set_font(run, self.title_font)
        run.font.size = size
        run.bold = True

    def line(self, text: str, *, label: str = "", align=None, indent: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(28)
        if label:
            run = paragraph.add_run(label)
            run.bold = True
        paragraph.add_run(text)

    def tag(self, text: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag ({%p … %}), removed when rendered."""
        self.doc.add_paragraph(text)

    def items_table(self) -> None:
        table = self.doc.add_table(rows=4, cols=5)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, ("序号", "物品名称", "规格", "数量", "备注"), strict=True):
            cell.text = text
        table.rows[1].cells[0].text = "{%tr for i in items %}"
        row = (
            "{{ loop.index }}",
            "{{ i.name }}",
            "{{ i.specification }}",
            "{{ i.quantity }}",
            "{{ i.note }}",
        )
        for cell, text in zip(table.rows[2].cells, row, strict=True):
            cell.text = text
        table.rows[3].cells[0].text = "{%tr endfor %}"

    def build(self, spec: DocumentTypeSpec) -> bytes:
        self.title("{{ agency_name }}")
        self.title(spec.name)
        if spec.numbered:
            self.line("{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        for section in spec.sections:
            getattr(self, f"section_{section}")(spec)
        self.line("{{ agency_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.line("{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    # --- sections (catalogue.DocumentTypeSpec.sections) ------------------------------------------------------

    def section_case(self, spec):
        self.line("{{ cause }}", label="案由：")
        self.line("{{ case_number }}", label="立案编号：")
        self.line("{{ procedure }}", label="程序：")

    def section_party(self, spec):
        self.line("{{ party.name }}", label="当事人：")
        self.line("{{ party.identity_label }}：{{ party.identity }}")
        self.line("{{ party.legal_representative }}", label="法定代表人（负责人）：")
        self.line("{{ party.address }}", label="地址：")
        self.line("{{ party.contact }}", label="联系电话：")

    def section_activity(self, spec):
        self.line("{{ activity.started_at }}至{{ activity.ended_at }}", label="时间：")
        self.line("{{ activity.place }}", label="地点：")
        self.line("{{ officer_names }}", label="执法人员：")
        self.line("{{ activity.participants }}", label="其他参加人：")

    def section_record(self, spec):
        self.line("{{ activity.record }}", label="记录：")

    def section_facts(self, spec):
        self.line("经查，{{ facts }}", indent=True)

    def section_evidence(self, spec):
        self.line("", label="以上事实有下列证据为证：")
        self.tag("{%p for e in evidence %}")
        self.line("{{ loop.index }}. {{ e }}", indent=True)
        self.tag("{%p endfor %}")

    def section_basis(self, spec):
        self.line(
            "你（单位）的上述行为违反了{{ violated_provision }}的规定。依据{{ penalty_basis }}的规定，",
            indent=True,
        )

    def section_discretion(self, spec):
        self.line("{{ discretion }}", label="裁量基准适用：")

    def section_penalty(self, spec):
        self.line("{{ penalty_kinds }}", label="处罚种类：")
        self.tag("{%p if has_fine %}")
        self.line("罚款人民币{{ fine }}元（大写：{{ fine_capital }}）。", indent=True)
        self.tag("{%p endif %}")
        self.tag("{%p if has_confiscation %}")
        self.line("没收违法所得人民币{{ confiscation }}元（大写：{{ confiscation_capital }}）。", indent=True)
        self.tag("{%p endif %}")
        self.line("合计人民币{{ total }}元（大写：{{ total_capital }}）。", indent=True)

    def section_rights(self, spec):
        self.line("{{ statement_text }}", indent=True)
        self.line("{{ hearing_text }}", indent=True)

    def section_hearing(self, spec):
        self.line("{{ hearing_text }}", indent=True)
        self.line("{{ hearing_on }}", label="听证日期：")
        self.line("{{ hearing_place }}", label="听证地点：")

    def section_payment(self, spec):
        self.line("{{ payment_text }}", indent=True)

    def section_remedy(self, spec):
        self.line("{{ remedy_text }}", indent=True)

    def section_items(self, spec):
        self.line("", label="物品清单：")
        self.items_table()

    def section_opinion(self, spec):
        self.line("{{ opinion }}", label="意见：")

    def section_approval(self, spec):
        self.line("{{ approval }}", label="审批意见：")

    def section_service(self, spec):
        self.line("{{ case_number }}", label="送达文书所属案件：")
        self.line("{{ service_method }}", label="送达方式：")
        self.line("{{ served_on }}", label="送达日期：")

    def section_reminder(self, spec):
        self.line(
            "本机关于{{ decided_on }}对你（单位）作出行政处罚决定，罚款人民币{{ fine }}元（大写：{{ fine_capital }}），"
            "你（单位）于{{ served_on }}收到行政处罚决定书，至今未履行。根据《中华人民共和国行政强制法》第三十五条、"
            "第五十四条的规定，请于收到本催告书之日起十日内履行；有权进行陈述和申辩。",
            indent=True,
        )

    def section_execution(self, spec):
        self.line("{{ execution }}", label="执行情况：")

    def section_signatures(self, spec):
        self.tag("{%p for s in signatures %}")
        self.line(
            "{{ s.role }}：{% if s.image %}{{ s.image }}{% else %}{{ s.text }}{% endif %}　{{ s.signed_on }}"
        )
        self.tag("{%p endfor %}")


def build(
    spec: DocumentTypeSpec, *, body_font: str = DEFAULT_BODY_FONT, title_font: str = DEFAULT_TITLE_FONT
) -> bytes:
    return Builder(body_font, title_font).build(spec)


def build_all(
    directory: Path = DIRECTORY, *, body_font: str = DEFAULT_BODY_FONT, title_font: str = DEFAULT_TITLE_FONT
) -> list[Path]:
    """Write ``<code>.docx`` for every type into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        path = directory / f"{spec.code}.docx"
        path.write_bytes(build(spec, body_font=body_font, title_font=title_font))
        written.append(path)
    return written


def default_template(spec: DocumentTypeSpec, *, body_font: str, title_font: str) -> bytes:
    """The committed file when the fonts are the defaults, else one built with the deployment's fonts."""
    path = DIRECTORY / f"{spec.code}.docx"
    if (body_font, title_font) == (DEFAULT_BODY_FONT, DEFAULT_TITLE_FONT) and path.is_file():
        return path.read_bytes()
    return build(spec, body_font=body_font, title_font=title_font)
