"""The public copy: what the portal shows, kept apart from the case tables.

The portal reads only these tables (``sanxiang/portal``'s selectors); the publicity pipeline
(``sanxiang/publicity``) is the only writer, through ``sanxiang/portal/publish.py``, after an admin confirmed the
redaction. Nothing here holds a value that was not meant for the public: texts are the confirmed redacted texts,
officers appear with name, certificate number, fields and validity only (the agency's plan, 二(一)1).
Rows are never deleted: a withdrawn decision keeps its row with the withdrawal reason, and a decision whose
display period ended leaves the listing but stays reachable in the history.
"""

from __future__ import annotations

import secrets

from django.db import models


class PublishedDecision(models.Model):
    """事后公开: one published enforcement decision (summary and redacted full text)."""

    class Category(models.TextChoices):
        PENALTY = "penalty", "行政处罚"
        COERCION = "coercion", "行政强制"
        LICENCE = "licence", "行政许可"
        INSPECTION = "inspection", "行政检查"
        OTHER = "other", "其他"

    disclosure_id = models.PositiveBigIntegerField(
        "公示记录", unique=True, help_text="publicity 的公示记录编号。"
    )
    category = models.CharField("执法类别", max_length=16, choices=Category.choices, default=Category.PENALTY)
    agency_name = models.CharField("执法机关", max_length=200)
    agency_code = models.CharField("机关统一社会信用代码", max_length=18, blank=True)
    number = models.CharField("文号", max_length=64, db_index=True)
    party_name = models.CharField("当事人", max_length=200, help_text="按公示政策显示（自然人可能已遮盖）。")
    party_code = models.CharField(
        "当事人统一社会信用代码", max_length=18, blank=True, help_text="自然人为空。"
    )
    violation_type = models.CharField("违法行为类型", max_length=200)
    penalty_content = models.TextField("处罚内容")
    decided_on = models.DateField("决定日期")
    published_at = models.DateTimeField("公开时间")
    display_until = models.DateField(
        "公示期至", null=True, blank=True, help_text="期满后不在列表显示，仍可查询历史。"
    )
    text = models.TextField("决定书全文（已遮盖）")
    search_text = models.TextField(
        "检索文本", blank=True, help_text="由 portal/search.py 的 search_text_for 生成，发布时写入。"
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        verbose_name = "已公开的执法决定"
        verbose_name_plural = "已公开的执法决定"
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="portal_decision_recent"),
            models.Index(fields=["-published_at", "-id"], name="portal_decision_published"),
            models.Index(
                fields=["-withdrawn_at", "-id"],
                name="portal_decision_withdrawn",
                condition=models.Q(withdrawn_at__isnull=False),
            ),
        ]
        # PostgreSQL only: a generated column ``search_vector`` (the tokens of ``search_text``) with a GIN index,
        # added by migration 0002 outside the model (search.py, docs/portal.md).

    def __str__(self) -> str:
        return self.number


class RegistryVersion(models.Model):
    """事前公开: one version of one section of the pre-disclosure registry; the newest is current."""

    class Section(models.TextChoices):
        AGENCY = "agency", "执法主体"
        OFFICERS = "officers", "执法人员"
        POWERS = "powers", "权责清单"
        PROCEDURES = "procedures", "执法程序"
        LEGAL_BASIS = "legal_basis", "执法依据"
        REMEDIES = "remedies", "救济途径"
        RANDOM_ITEMS = "random_items", "随机抽查事项清单"
        BENCHMARKS = "benchmarks", "裁量基准"
        REVIEW_ITEMS = "review_items", "重大执法决定法制审核目录"
        SERVICE_GUIDES = "service_guides", "服务指南"

    section = models.CharField("栏目", max_length=32, choices=Section.choices)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    content = models.JSONField("内容", help_text="结构化内容（列表或字典），只含可公开的信息。")
    published_at = models.DateTimeField("公开时间")
    change_note = models.CharField("变更说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "事前公开栏目版本"
        verbose_name_plural = "事前公开栏目版本"
        ordering = ["section", "-version"]
        constraints = [models.UniqueConstraint(fields=["section", "version"], name="portal_registry_version")]

    def __str__(self) -> str:
        return f"{self.get_section_display()} 第{self.version}版"


def _token() -> str:
    return secrets.token_urlsafe(16)


class PublicCertificate(models.Model):
    """亮证: what the portal may say of one enforcement certificate. The status shown is computed at the moment
    of the request from ``status`` and ``expires_on`` (an expiry passing needs no event)."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        SUSPENDED = "suspended", "暂扣"
        REVOKED = "revoked", "吊销"

    token = models.CharField(
        "核验码", max_length=32, unique=True, default=_token, help_text="二维码中的地址参数。"
    )
    number = models.CharField("证号", max_length=32, unique=True)
    officer_name = models.CharField("姓名", max_length=50)
    agency_name = models.CharField("执法机关", max_length=200)
    fields = models.JSONField("执法类别", default=list)
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.VALID)
    listed = models.BooleanField("在执法人员名单中显示", default=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "公开的执法证信息"
        verbose_name_plural = "公开的执法证信息"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number
