"""The .docx opens in LibreOffice (headless conversion): the PDF/A-2b text holds the party, the 文号, the amounts
in figures and capitals, and the dates. Needs LibreOffice: fails (not skips) under CI / SANXIANG_REQUIRE_LIBREOFFICE."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sanxiang.documents import catalogue, converter, default_templates, rendering, samples, services
from sanxiang.documents.models import DocumentType
from tests.documents.conftest import libreoffice_required


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        if libreoffice_required():
            pytest.fail("pdftotext（poppler-utils）未安装")
        pytest.skip("pdftotext (poppler-utils) missing")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", "", text)  # pdftotext spaces digits apart from CJK: compare without whitespace


def assert_pdfa_2b(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"<pdfaid:part>2</pdfaid:part>", pdf) or b'pdfaid:part="2"' in pdf
    assert re.search(rb"<pdfaid:conformance>B</pdfaid:conformance>", pdf) or b'pdfaid:conformance="B"' in pdf


@pytest.mark.parametrize("spec", catalogue.SPECS, ids=lambda s: s.code)
def test_every_default_template_converts_to_pdfa_with_party_number_amounts_and_dates(
    spec, pdf_converter, tmp_path
):
    context = samples.sample_context(spec.code)
    docx = rendering.render_docx((default_templates.DIRECTORY / f"{spec.code}.docx").read_bytes(), context)
    pdf = converter.to_pdfa(docx, port=pdf_converter)
    assert_pdfa_2b(pdf)
    text = pdf_text(pdf, tmp_path)
    assert spec.name in text and "2026年3月20日" in text  # issued on
    if spec.numbered:
        assert "X卫公罚〔2026〕12号" in text
    if "party" in spec.sections:
        assert "某某美容美发有限公司" in text
    if "penalty" in spec.sections:
        assert "12,345.60" in text and "壹万贰仟叁佰肆拾伍元陆角整" in text
        assert "13,350.60" in text and "壹万叁仟叁佰伍拾元陆角整" in text  # total with 1,005 confiscated
    if "rights" in spec.sections:
        assert "2026年3月10日" in text and "2026年3月12日" in text  # statement and hearing deadlines
    if "remedy" in spec.sections:
        assert "60日内" in text and "6个月内" in text and "2026年5月22日" in text  # 60 days after 3月23日
    if "signatures" in spec.sections:
        assert "当事人拒绝签名" in text


def test_issuing_makes_the_pdfa_copy_once_and_logs_it(seeded, agency, alice, pdf_converter, tmp_path):
    context = samples.sample_context("penalty_decision", number="")
    draft = services.document_draft(actor=alice, doc_type=DocumentType.objects.get(code="penalty_decision"), agency=agency,
                                    subject_type="cases.case", subject_id="77", context=context)  # fmt: skip
    issued = services.document_issue(actor=alice, document=draft, pdf=True)
    assert issued.pdf_blob is not None
    pdf = services.read_blob(issued.pdf_blob)
    assert_pdfa_2b(pdf)
    assert "某卫公罚〔2026〕1号" in pdf_text(pdf, tmp_path)
    again = services.document_archive_pdf(document=issued)
    assert again.pdf_blob_id == issued.pdf_blob_id
