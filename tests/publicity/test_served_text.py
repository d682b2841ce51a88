"""The served text is read from the issued .docx in body order: paragraphs, then table rows (cells by tabs)."""

from __future__ import annotations

import io

from docx import Document

from sanxiang.publicity.served_text import docx_text


def test_paragraphs_and_table_rows_in_body_order():
    document = Document()
    document.add_paragraph("行政处罚决定书")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "当事人"
    table.cell(0, 1).text = "张三丰"
    paragraph = document.add_paragraph("公民身份号码：")
    paragraph.add_run("11010519491231002X")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()) == "行政处罚决定书\n当事人\t张三丰\n公民身份号码：11010519491231002X"
