"""Disclosure records (公示记录): one per issued enforcement decision, from issue to publication (or the ground
on which it is not published), withdrawal and the end of its display period.

The served text (the issued .docx as text) and the masks over it stay here, with staff only; the portal gets
the confirmed redacted text through ``sanxiang/portal/publish.py``. Rows are never deleted: a removed mask keeps
its row with who removed it and why; a withdrawn or ended disclosure keeps its history.
Every write goes through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.portal.models import PublishedDecision
from sanxiang.publicity.rules import GROUND_LABELS

USER = settings.AUTH_USER_MODEL
GROUND_CHOICES = [(g.value, label) for g, label in GROUND_LABELS.items()]


class Disclosure(models.Model):
    """公示记录: the summary and redacted text of one decision, its due date and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核公开"
        PUBLISHED = "published", "已公开"
        NOT_PUBLISHED = "not_published", "不予公开"
        CANCELLED = "cancelled", "公开前已变更（不再公开）"
        WITHDRAWN = "withdrawn", "已撤回"
        ENDED = "ended", "公示期满"

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法机关"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures",
        verbose_name="案件",
    )  # fmt: skip
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="disclosure", verbose_name="决定文书",
        help_text="签发的决定书（送达的版本）。",
    )  # fmt: skip
    category = models.CharField("执法类别", max_length=16, choices=PublishedDecision.Category.choices)
    number = models.CharField("文号", max_length=100)
    party_name = models.CharField("当事人", max_length=200)
    party_code = models.CharField("当事人统一社会信用代码", max_length=18, blank=True)
    party_is_person = models.BooleanField("当事人为自然人", default=False)
    violation_type = models.CharField("违法行为类型", max_length=200)
    penalty_content = models.TextField("处罚内容", blank=True)
    decided_on = models.DateField("决定日期")
    served_text = models.TextField("送达文本", help_text="签发 .docx 的文字；含个人信息，仅工作人员可见。")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    ground = models.CharField("不予公开理由", max_length=16, choices=GROUND_CHOICES, blank=True)
    due_on = models.DateField("公开期限", help_text="决定后 7 个（其他决定 20 个）工作日。")
    due_provisional = models.BooleanField("期限暂定", default=False, help_text="所需年度的节假日安排未载入。")
    due_deadline = models.ForeignKey(
        "core.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="确认人"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_text = models.TextField(
        "确认的公开文本", blank=True, help_text="确认时的遮盖后文本，公开件只由此生成。"
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    display_until = models.DateField("公示期至", null=True, blank=True)
    display_ended_at = models.DateTimeField("公示期满时间", null=True, blank=True)
    withdrawal_due_on = models.DateField(
        "撤回期限", null=True, blank=True, help_text="变更等之日起 3 个工作日。"
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    public_reason = models.TextField(
        "公开说明", blank=True, help_text="撤回或不再公开的理由（不含个人信息）。"
    )
    yellow_at = models.DateTimeField("黄牌时间", null=True, blank=True)
    red_at = models.DateTimeField("红牌时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示记录"
        verbose_name_plural = "公示记录"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="disclosure_queue")]

    def __str__(self) -> str:
        return self.number or f"公示记录 {self.pk}"


class Mask(models.Model):
    """One masked span of the served text (character offsets, end exclusive): proposed by the redaction engine
    or added by the publicity admin; a removed one keeps its row with the reason."""

    class Origin(models.TextChoices):
        PROPOSED = "proposed", "系统建议"
        ADDED = "added", "人工添加"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="masks")
    start = models.PositiveIntegerField("起")
    end = models.PositiveIntegerField("止")
    kind = models.CharField("类别", max_length=32)
    origin = models.CharField("来源", max_length=16, choices=Origin.choices, default=Origin.PROPOSED)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField("撤销时间", null=True, blank=True)
    removed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    removal_reason = models.CharField("撤销理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "遮盖"
        verbose_name_plural = "遮盖"
        ordering = ["disclosure", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="mask_span_order")
        ]

    def __str__(self) -> str:
        return f"{self.disclosure_id} [{self.start}, {self.end}) {self.kind}"
