"""The text of a served decision, read from its issued .docx (the file the party received).

The disclosure's redaction works on this text, so that the public copy is the served decision except for the
masked spans (市场监督管理行政处罚信息公示规定第七条). Paragraphs and table rows become lines, in body order;
cells of a row are separated by a tab. Images (signatures, seals) carry no text and are left out.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn


def _paragraph_text(element) -> str:
    return "".join(
        (node.text or "") if node.tag == qn("w:t") else ("\t" if node.tag == qn("w:tab") else "\n")
        for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"))
    )


def _lines(body) -> list[str]:
    lines: list[str] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells = []
                for cell in row.iterchildren(qn("w:tc")):
                    cells.append(" ".join(_lines(cell)))
                lines.append("\t".join(cells))
    return lines


def docx_text(data: bytes) -> str:
    """The text of a .docx, one line per paragraph or table row; blank lines at the ends removed."""
    document = Document(io.BytesIO(data))
    return "\n".join(_lines(document.element.body)).strip("\n")
