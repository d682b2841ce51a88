"""Worker job: make the PDF/A copy of issued documents that have none yet (the converter was down at issue)."""

from __future__ import annotations

import datetime as dt
import logging

from sanxiang.core.periodic import periodic
from sanxiang.documents import converter, services
from sanxiang.documents.models import Document

logger = logging.getLogger(__name__)
BATCH = 50


def pdf_backfill(*, limit: int = BATCH) -> int:
    """Archive up to ``limit`` issued documents without a PDF; returns how many were made."""
    made = 0
    pending = Document.objects.exclude(status=Document.Status.DRAFT).filter(pdf_blob__isnull=True)
    for document in pending.select_related("docx_blob").order_by("issued_at", "pk")[:limit]:
        try:
            services.document_archive_pdf(document=document)
        except converter.ConverterUnavailable as exc:
            logger.warning("PDF/A backfill stopped: %s", exc)
            break
        made += 1
    return made


@periodic(
    name="documents.archive_pdf",
    every=dt.timedelta(minutes=5),
    description="为已签发但尚无 PDF/A 的文书生成存档 PDF",
)
def archive_pdf_job(slot: dt.datetime):
    return pdf_backfill()
