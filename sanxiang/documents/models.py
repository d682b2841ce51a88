"""Enforcement documents (执法文书): types, templates, numbers and the documents themselves.

A document is a draft until issued. Issuing (``services.document_issue``) gives it its 文号, renders and stores
the .docx in the evidence store under its hash (SM3 by default), and logs the event; from then on the row is
frozen. A correction is a new version (``document_revise``) with a reason; the old version becomes superseded
and stays downloadable. Numbers (``DocumentNumber``) are drawn from a gap-free sequence per agency, year and
series (number_pattern.py) and each one ends issued or voided with a reason (``NumberVoid``); numbers printed
in advance on 当场处罚决定书 forms are reserved in a batch and later used or voided — never reused.
Every write goes through ``services.py`` and ``numbering.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class DocumentType(models.Model):
    """文书种类, e.g. 行政处罚决定书. Seeded from ``catalogue.SPECS``."""

    code = models.CharField("代码", max_length=40, unique=True, help_text="稳定标识，如 penalty_decision。")
    name = models.CharField("名称", max_length=60, help_text="文书标题，如“行政处罚决定书”。")
    action = models.CharField(
        "所属流程操作", max_length=40, help_text="产生本文书的案件流程操作（cases.workflow），如 decide。"
    )
    numbered = models.BooleanField("编文号", default=False, help_text="签发时按文号格式编号。")
    nature = models.CharField(
        "执法性质简称", max_length=4, blank=True, help_text="文号中的执法性质，如“罚”“告”“立”。"
    )
    prenumbered = models.BooleanField(
        "预编号", default=False, help_text="使用预先印制、编有号码的文书（当场行政处罚决定书）。"
    )
    required_for = models.JSONField(
        "须先签发的操作", default=list, blank=True, help_text="办理这些流程操作前必须已签发本文书，如 serve。"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "文书种类"
        verbose_name_plural = "文书种类"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class DocumentTemplate(models.Model):
    """One version of a type's .docx template (docxtpl/Jinja2 placeholders). One version per type is active."""

    type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="templates", verbose_name="文书种类"
    )
    version = models.PositiveIntegerField("版本")
    blob = models.ForeignKey(
        "records.EvidenceBlob", on_delete=models.PROTECT, related_name="+", verbose_name="模板文件",
        help_text="模板 .docx 存于证据存储，以哈希定位。",
    )  # fmt: skip
    filename = models.CharField("文件名", max_length=200)
    is_default = models.BooleanField("系统默认模板", default=False)
    active = models.BooleanField("在用", default=False)
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["type", "version"], name="document_template_unique_version"),
            models.UniqueConstraint(
                fields=["type"], condition=models.Q(active=True), name="document_template_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type.name} 模板 v{self.version}"


class NumberingPattern(models.Model):
    """An agency's own 文号 pattern (default: ``SANXIANG_DOCUMENT_NUMBER_PATTERN``)."""

    agency = models.OneToOneField(
        "accounts.Agency", on_delete=models.PROTECT, related_name="numbering_pattern", verbose_name="执法主体"
    )
    pattern = models.CharField(
        "文号格式",
        max_length=100,
        help_text="如 {region}卫{field}{nature}〔{year}〕{seq}号；须含 {year} 和 {seq}。",
    )

    class Meta:
        verbose_name = "文号格式"
        verbose_name_plural = "文号格式"

    def __str__(self) -> str:
        return self.pattern


class NumberSequence(models.Model):
    """The last sequence number given in one series (locked with SELECT … FOR UPDATE: gap-free)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    series = models.CharField("文号系列", max_length=100, help_text="如 X卫医罚〔2026〕{seq}号。")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "series"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series} 至 {self.last}"


class PrenumberedBatch(models.Model):
    """A run of numbers reserved for forms printed in advance (预先印制、编有号码的当场处罚决定书)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    series = models.CharField("文号系列", max_length=100)
    first = models.PositiveIntegerField("起始序号")
    last = models.PositiveIntegerField("终止序号")
    note = models.CharField("说明", max_length=300, blank=True, help_text="如印制批次、领用人。")
    reserved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reserved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预编号批次"
        verbose_name_plural = "预编号批次"

    def __str__(self) -> str:
        return f"{self.series} 第 {self.first}–{self.last} 号"


class DocumentNumber(models.Model):
    """One 文号 drawn from a sequence: reserved (pre-printed form), issued, or voided with a reason."""

    class Status(models.TextChoices):
        RESERVED = "reserved", "预留（已印制未使用）"
        ISSUED = "issued", "已使用"
        VOIDED = "voided", "已作废"

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    series = models.CharField("文号系列", max_length=100)
    seq = models.PositiveIntegerField("序号")
    text = models.CharField("文号", max_length=100)
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    batch = models.ForeignKey(
        PrenumberedBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="numbers"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "文号"
        verbose_name_plural = "文号"
        ordering = ["agency", "year", "series", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "series", "seq"], name="document_number_unique")
        ]

    def __str__(self) -> str:
        return self.text


class NumberVoid(models.Model):
    """作废: why a number will never be used (a spoiled pre-printed form, a number drawn in error)."""

    number = models.OneToOneField(DocumentNumber, on_delete=models.PROTECT, related_name="void")
    reason = models.TextField("作废理由")
    voided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文号作废"
        verbose_name_plural = "文号作废"

    def __str__(self) -> str:
        return f"{self.number.text} 作废"


class Document(models.Model):
    """One version of one document of a subject (usually ``cases.case``).

    A subject holds one series of each type, or several (``series`` 1, 2, …) of a repeatable type
    (``catalogue.is_repeatable``: a second 现场笔录); versions chain within a series through ``previous``."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已签发"
        SUPERSEDED = "superseded", "已被新版本取代"

    type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name="文书种类"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体"
    )
    subject_type = models.CharField("对象类型", max_length=64, help_text="如 cases.case。")
    subject_id = models.CharField("对象标识", max_length=64)
    series = models.PositiveIntegerField(
        "份次", default=1, help_text="同一种文书的第几份（现场笔录、询问笔录等可有多份）；新版本沿用原份次。"
    )
    version = models.PositiveIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version",
        verbose_name="上一版本",
    )  # fmt: skip
    reason = models.TextField("修改理由", blank=True, help_text="新版本必填：为何更正。")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    context = models.JSONField(
        "文书内容", default=dict, help_text="渲染所用的内容（含个人信息，不写入记录日志）；签发后冻结。"
    )
    template = models.ForeignKey(
        DocumentTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="模板",
    )
    number = models.ForeignKey(
        DocumentNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="文号",
    )
    docx_blob = models.ForeignKey(
        "records.EvidenceBlob", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=".docx 文件",
    )  # fmt: skip
    pdf_blob = models.ForeignKey(
        "records.EvidenceBlob", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="PDF/A 文件", help_text="签发后生成，只写一次。",
    )  # fmt: skip
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="起草人")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="签发人"
    )
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["subject_type", "subject_id", "type", "series", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "type", "series", "version"],
                name="document_unique_series_version",
            ),
            models.CheckConstraint(condition=models.Q(series__gte=1), name="document_series_positive"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id", "status"], name="document_subject")]

    def __str__(self) -> str:
        label = self.number.text if self.number_id else self.get_status_display()
        part = f"（第{self.series}份）" if self.series > 1 else ""
        return f"{self.type.name}{part} {label} v{self.version}"

    @property
    def series_label(self) -> str:
        """“（第2份）” for a repeatable type (catalogue.is_repeatable), empty for a type held once."""
        from sanxiang.documents.catalogue import is_repeatable

        return f"（第{self.series}份）" if is_repeatable(self.type.code) else ""

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT
