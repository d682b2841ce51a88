"""Every write of the documents app (numbers: ``numbering.py``): seeding types and default templates, template
uploads, drafts, issuing, new versions, the PDF/A archive copy and logged downloads.

Issuing freezes a document: its .docx is stored in the evidence store under its hash (SM3 by default) and the
hash is logged (``document.issue``) in the same transaction as the number it uses. A later change is a new
version with a reason (``document_revise``); the old version is marked superseded and stays downloadable.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.documents import catalogue, conf, converter, default_templates, numbering, rendering, samples
from sanxiang.documents.models import Document, DocumentTemplate, DocumentType
from sanxiang.publicity import hooks as publicity_hooks
from sanxiang.records.evidence_store import EvidenceStore
from sanxiang.records.models_evidence import EvidenceBlob
from sanxiang.records.services import event_append

logger = logging.getLogger(__name__)
SUBJECT_TYPE = "documents.document"
TEMPLATE_SUBJECT = "documents.documenttemplate"
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


class TemplateRefused(InvalidInput):
    """An uploaded template was refused; ``problems`` name each placeholder or tag at fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(_("模板未采用，原模板继续使用。问题：") + "；".join(problems))


def store_bytes(data: bytes) -> EvidenceBlob:
    """Store ``data`` in the evidence store (content-addressed) and return its blob row."""
    stored = EvidenceStore.current().ingest(io.BytesIO(data))
    try:
        with transaction.atomic():
            blob, _created = EvidenceBlob.objects.get_or_create(
                algorithm=stored.algorithm, digest=stored.digest,
                defaults={"size": stored.size, "storage_key": stored.key},
            )  # fmt: skip
    except IntegrityError:  # the same bytes committed concurrently
        blob = EvidenceBlob.objects.get(algorithm=stored.algorithm, digest=stored.digest)
    return blob


def read_blob(blob: EvidenceBlob) -> bytes:
    with EvidenceStore.current().open(blob.storage_key) as handle:
        return handle.read()


# --- types and templates ---------------------------------------------------------------------------------------


def document_types_seed(*, actor=None) -> int:
    """Create the missing standard types (catalogue.SPECS) and give each type without a template its default
    one (active version 1). Idempotent; returns how many types were created."""
    created = 0
    for order, spec in enumerate(catalogue.SPECS):
        with transaction.atomic():
            doc_type, made = DocumentType.objects.get_or_create(
                code=spec.code,
                defaults={"name": spec.name, "action": spec.action, "numbered": spec.numbered,
                          "nature": spec.nature, "prenumbered": spec.prenumbered,
                          "required_for": list(spec.required_for), "order": order},
            )  # fmt: skip
            created += made
            if not made and doc_type.required_for != list(spec.required_for):
                doc_type.required_for = list(
                    spec.required_for
                )  # informational: the guards read the catalogue
                doc_type.save(update_fields=["required_for"])
                event_append(
                    actor=actor, action="document_type.sync", subject_type="documents.documenttype",
                    subject_id=doc_type.pk, payload={"code": spec.code, "required_for": list(spec.required_for)},
                )  # fmt: skip
            if not doc_type.templates.exists():
                data = default_templates.default_template(
                    spec, body_font=conf.font_body(), title_font=conf.font_title()
                )
                _template_save(actor=actor, doc_type=doc_type, data=data, filename=f"{spec.code}.docx",
                               is_default=True, note="系统默认模板")  # fmt: skip
    return created


def _template_save(
    *, actor, doc_type, data: bytes, filename: str, is_default: bool, note: str
) -> DocumentTemplate:
    blob = store_bytes(data)
    DocumentType.objects.select_for_update().get(pk=doc_type.pk)  # one template change per type at a time
    current = DocumentTemplate.objects.filter(type=doc_type)
    version = (current.aggregate(m=Max("version"))["m"] or 0) + 1
    previous = current.filter(active=True).first()
    if previous is not None:
        previous.active = False
        previous.save(update_fields=["active"])
    template = DocumentTemplate.objects.create(
        type=doc_type, version=version, blob=blob, filename=filename[:200], is_default=is_default, active=True,
        uploaded_by=actor, note=note[:300],
    )  # fmt: skip
    event_append(
        actor=actor, action="document_template.activate", subject_type=TEMPLATE_SUBJECT, subject_id=template.pk,
        payload={"type": doc_type.code, "version": version, "algorithm": blob.algorithm, "hash": blob.digest,
                 "previous": previous.pk if previous else None},
    )  # fmt: skip
    return template


def template_upload(
    *, actor, doc_type: DocumentType, data: bytes, filename: str, note: str = ""
) -> DocumentTemplate:
    """Check an agency's own template and, when it is fine, make it the active version.

    The check renders it against a complete sample context with Jinja2 in strict mode: an unknown placeholder
    or broken syntax refuses the upload (:class:`TemplateRefused`, naming them) and the active version stays."""
    if not filename.lower().endswith(".docx"):
        raise InvalidInput(_("模板须为 .docx 文件（Word 或 WPS 另存为 .docx）。"))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InvalidInput(_("模板文件过大（上限 20 MB）。"))
    problems = rendering.check_template(data, samples.sample_context(doc_type.code))
    if problems:
        raise TemplateRefused(problems)
    with transaction.atomic():
        return _template_save(actor=actor, doc_type=doc_type, data=data, filename=filename, is_default=False,
                              note=note)  # fmt: skip


def template_activate(*, actor, template: DocumentTemplate) -> DocumentTemplate:
    """Make an earlier version active again (versions are kept, never deleted)."""
    with transaction.atomic():
        DocumentTemplate.objects.select_for_update().filter(type=template.type, active=True).update(
            active=False
        )
        DocumentTemplate.objects.filter(pk=template.pk).update(active=True)
        event_append(
            actor=actor, action="document_template.activate", subject_type=TEMPLATE_SUBJECT,
            subject_id=template.pk, payload={"type": template.type.code, "version": template.version},
        )  # fmt: skip
    template.refresh_from_db()
    return template


def active_template(doc_type: DocumentType) -> DocumentTemplate:
    template = DocumentTemplate.objects.select_related("blob").filter(type=doc_type, active=True).first()
    if template is None:
        raise Conflict(
            _("“%(type)s”没有在用的模板：请运行 sanxiang documents seed。") % {"type": doc_type.name}
        )
    return template


# --- drafts, issuing, versions ---------------------------------------------------------------------------------


def frozen_refusal(document: Document) -> Conflict:
    return Conflict(
        _("“%(doc)s”已签发，不能修改；如需更正，请生成新版本并写明理由。") % {"doc": document.type.name}
    )


def document_draft(
    *,
    actor,
    doc_type: DocumentType,
    agency,
    subject_type: str,
    subject_id,
    context: rendering.DocumentContext,
) -> Document:
    """A draft of this type for the subject. A repeatable type (``catalogue.is_repeatable``: 现场笔录,
    询问笔录 …) the subject already holds gets the next 份 (series); another type gets its one draft, created
    or refreshed with ``context`` — once issued, a correction goes through :func:`document_revise`."""
    subject_id = str(subject_id)
    with transaction.atomic():
        # Lock the type row: two concurrent drafts of a repeatable type must not pick the same series.
        DocumentType.objects.select_for_update().get(pk=doc_type.pk)
        existing = (
            Document.objects.select_for_update()
            .filter(subject_type=subject_type, subject_id=subject_id, type=doc_type)
            .order_by("-series", "-version")
            .first()
        )
        series = 1
        if existing is not None and catalogue.is_repeatable(doc_type.code):
            series = existing.series + 1
        elif existing is not None and existing.status != Document.Status.DRAFT:
            raise frozen_refusal(existing)
        elif existing is not None:
            return document_update_draft(actor=actor, document=existing, context=context)
        document = Document.objects.create(
            type=doc_type, agency=agency, subject_type=subject_type, subject_id=subject_id, series=series,
            context=rendering.context_to_json(context), created_by=actor,
        )  # fmt: skip
        event_append(
            actor=actor, action="document.draft", subject_type=SUBJECT_TYPE, subject_id=document.pk,
            payload={"type": doc_type.code, "subject": f"{subject_type}:{subject_id}", "series": series,
                     "version": 1},
        )  # fmt: skip
    return document


def document_update_draft(*, actor, document: Document, context: rendering.DocumentContext) -> Document:
    """Replace a draft's content. An issued (or superseded) document is never changed in place."""
    with transaction.atomic():
        locked = Document.objects.select_for_update().select_related("type").get(pk=document.pk)
        if locked.is_frozen:
            raise frozen_refusal(locked)
        new_context = rendering.context_to_json(context)
        changed = sorted(k for k in new_context if new_context[k] != locked.context.get(k))
        locked.context = new_context
        locked.save(update_fields=["context"])
        event_append(
            actor=actor, action="document.update_draft", subject_type=SUBJECT_TYPE, subject_id=locked.pk,
            payload={"type": locked.type.code, "version": locked.version, "changed": changed},
        )  # fmt: skip
    return locked


def document_revise(
    *, actor, document: Document, reason: str, context: rendering.DocumentContext | None = None
) -> Document:
    """Start a new version of an issued document, with the reason for the change. The issued version stays as
    it is until the new one is issued, then it is superseded (and stays downloadable)."""
    if not reason.strip():
        raise InvalidInput(_("生成新版本须写明修改理由。"))
    with transaction.atomic():
        locked = Document.objects.select_for_update().select_related("type").get(pk=document.pk)
        if locked.status != Document.Status.ISSUED:
            raise Conflict(_("只有已签发的现行版本可以生成新版本。"))
        if Document.objects.filter(previous=locked).exists():
            raise Conflict(_("该文书已有待签发的新版本。"))
        new_context = context or rendering.context_from_json(locked.context)
        new = Document.objects.create(
            type=locked.type, agency_id=locked.agency_id, subject_type=locked.subject_type,
            subject_id=locked.subject_id, series=locked.series, version=locked.version + 1, previous=locked,
            reason=reason.strip(),
            context=rendering.context_to_json(new_context), created_by=actor,
        )  # fmt: skip
        event_append(
            actor=actor, action="document.revise", subject_type=SUBJECT_TYPE, subject_id=new.pk,
            payload={"type": locked.type.code, "previous": locked.pk, "series": new.series,
                     "version": new.version},
            personal={"reason": reason.strip()},
        )  # fmt: skip
    return new


def document_issue(
    *, actor, document: Document, prenumber: str | None = None, pdf: bool | None = None
) -> Document:
    """签发: give the draft its number, render, store and hash the .docx, log it; the row is frozen from now on.

    A numbered type draws the next number of its series; a pre-numbered type (当场行政处罚决定书) uses the
    reserved number printed on the form (``prenumber``); a new version keeps the number of the version it
    corrects. Then (after commit) the PDF/A copy is made unless ``pdf`` is False; when the converter is not
    available the worker job ``documents.archive_pdf`` makes it later."""
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update(of=("self",))
            .select_related("type", "agency", "previous")
            .get(pk=document.pk)
        )
        if locked.is_frozen:
            raise frozen_refusal(locked)
        doc_type = locked.type
        context = rendering.context_from_json(locked.context)
        today = timezone.localdate()
        context.issued_on = context.issued_on or today
        number = _number_for(
            actor=actor, document=locked, context=context, prenumber=prenumber, year=today.year
        )
        if number is not None:
            context.number = number.text
        template = active_template(doc_type)
        try:
            docx = rendering.render_docx(read_blob(template.blob), context)
        except rendering.TemplateProblem as exc:
            raise InvalidInput(_("文书无法按在用模板生成：") + "；".join(exc.problems)) from None
        blob = store_bytes(docx)
        now = timezone.now()
        locked.context = rendering.context_to_json(context)
        locked.template, locked.number, locked.docx_blob = template, number, blob
        locked.status, locked.issued_by, locked.issued_at = Document.Status.ISSUED, actor, now
        locked.save(
            update_fields=["context", "template", "number", "docx_blob", "status", "issued_by", "issued_at"]
        )
        if locked.previous is not None:
            Document.objects.filter(pk=locked.previous_id).update(status=Document.Status.SUPERSEDED)
        event_append(
            actor=actor, action="document.issue", subject_type=SUBJECT_TYPE, subject_id=locked.pk,
            payload={"type": doc_type.code, "subject": f"{locked.subject_type}:{locked.subject_id}",
                     "series": locked.series, "version": locked.version,
                     "number": number.text if number else None,
                     "template_version": template.version, "algorithm": blob.algorithm, "hash": blob.digest,
                     "previous": locked.previous_id},
        )  # fmt: skip
        publicity_hooks.document_issued(actor=actor, document=locked)
    if pdf if pdf is not None else conf.pdf_on_issue():
        try:
            document_archive_pdf(document=locked)
        except converter.ConverterUnavailable as exc:
            logger.warning("document %s issued without its PDF/A copy yet: %s", locked.pk, exc)
    return locked


def _number_for(*, actor, document: Document, context, prenumber: str | None, year: int):
    doc_type = document.type
    if not doc_type.numbered:
        return None
    if document.previous is not None and document.previous.number_id:
        return document.previous.number
    if doc_type.prenumbered:
        if not prenumber:
            raise InvalidInput(_("“%(type)s”须填写所用预编号文书上印制的文号。") % {"type": doc_type.name})
        number = numbering.prenumber_take(agency=document.agency, doc_type=doc_type, text=prenumber)
        number.status = number.Status.ISSUED
        number.save(update_fields=["status"])
        return number
    return numbering.number_draw(
        actor=actor, agency=document.agency, doc_type=doc_type, field=context.field_abbreviation, year=year
    )


def document_archive_pdf(*, document: Document) -> Document:
    """Make and store the PDF/A-2b copy of an issued document (once; a second call changes nothing)."""
    if document.docx_blob_id is None or document.pdf_blob_id is not None:
        return document
    pdf = converter.to_pdfa(read_blob(document.docx_blob))
    blob = store_bytes(pdf)
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, pdf_blob__isnull=True).update(pdf_blob=blob)
        if updated:
            event_append(
                actor=None, action="document.archive_pdf", subject_type=SUBJECT_TYPE, subject_id=document.pk,
                payload={"format": "PDF/A-2b", "algorithm": blob.algorithm, "hash": blob.digest},
            )  # fmt: skip
    document.refresh_from_db()
    return document


def document_open_for_download(*, actor, document: Document, fmt: str) -> tuple[BinaryIO, str, str]:
    """Log the download (``document.download``) and return (reader, filename, content type)."""
    blob = {"docx": document.docx_blob, "pdf": document.pdf_blob}.get(fmt)
    if blob is None:
        raise InvalidInput(
            _("该文书还没有 %(fmt)s 文件（草稿无文件；PDF 在签发后生成）。") % {"fmt": fmt.upper()}
        )
    with transaction.atomic():
        event_append(
            actor=actor, action="document.download", subject_type=SUBJECT_TYPE, subject_id=document.pk,
            payload={"format": fmt, "algorithm": blob.algorithm, "hash": blob.digest},
        )  # fmt: skip
    part = f"-第{document.series}份" if document.series > 1 else ""
    name = f"{document.type.name}{part}-{document.number.text if document.number_id else document.pk}-v{document.version}"
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return EvidenceStore.current().open(blob.storage_key), f"{name}.{fmt}", content_type


def context_replace(context: rendering.DocumentContext, **changes) -> rendering.DocumentContext:
    return dataclasses.replace(context, **changes)
