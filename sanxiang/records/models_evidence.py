"""The evidence store (证据存储): stored files, the evidence items that describe them, their links to what they
belong to, and resumable uploads in progress.

A file is stored once under its hash (``EvidenceBlob``); every upload of it is an ``EvidenceItem`` with its own
metadata. Items and links are never deleted: unlinking sets ``unlinked_at`` and appends an event. Upload
sessions are working state, not records: an abandoned one is deleted with its pieces by the worker
(``evidence_jobs.py``). Every write goes through ``evidence.py`` (docs/evidence.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["EvidenceBlob", "EvidenceItem", "EvidenceKind", "EvidenceLink", "UploadPiece", "UploadSession"]


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "视频"
    DOCUMENT = "document", "书证/文档"


class EvidenceBlob(models.Model):
    """One stored file, content-addressed: its storage key is derived from its hash, so it is stored once."""

    algorithm = models.CharField(
        "哈希算法", max_length=16, help_text="sm3（默认）或 sha256，与记录日志相同。"
    )
    digest = models.CharField("哈希值", max_length=64, help_text="文件内容的哈希，小写十六进制。")
    size = models.BigIntegerField("字节数")
    storage_key = models.CharField(
        "存储键", max_length=200, help_text="在证据存储中的位置：<算法>/<前2位>/<第3-4位>/<哈希值>。"
    )
    stored_at = models.DateTimeField("首次存储时间", auto_now_add=True)

    class Meta:
        verbose_name = "证据文件"
        verbose_name_plural = "证据文件"
        constraints = [
            models.UniqueConstraint(fields=["algorithm", "digest"], name="evidence_blob_unique_hash")
        ]

    def __str__(self) -> str:
        return f"{self.algorithm}:{self.digest}"


class EvidenceItem(models.Model):
    """证据: one uploaded photo, recording, video or document with what is known about how it was taken."""

    blob = models.ForeignKey(
        EvidenceBlob, on_delete=models.PROTECT, related_name="items", verbose_name="文件"
    )
    kind = models.CharField("类别", max_length=16, choices=EvidenceKind.choices)
    original_filename = models.CharField(
        "原文件名", max_length=255, help_text="上传时的文件名（可能含个人信息）。"
    )
    content_type = models.CharField(
        "文件类型", max_length=100, blank=True, help_text="MIME 类型，如 video/mp4。"
    )
    captured_at = models.DateTimeField(
        "采集时间", null=True, blank=True, help_text="拍摄、录制或取得的时间。"
    )
    device = models.CharField("采集设备", max_length=100, blank=True, help_text="如执法记录仪编号。")
    place = models.CharField("采集地点", max_length=200, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="采集人员",
        help_text="拍摄或取得证据的执法人员。",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"证据 #{self.pk} {self.original_filename}"


class EvidenceLink(models.Model):
    """What an evidence item belongs to (a case, an activity, an inspection). Unlinking is a new state."""

    item = models.ForeignKey(
        EvidenceItem, on_delete=models.PROTECT, related_name="links", verbose_name="证据"
    )
    subject_type = models.CharField("对象类型", max_length=64, help_text="如 cases.case、cases.activity。")
    subject_id = models.CharField("对象标识", max_length=64)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="关联人"
    )
    linked_at = models.DateTimeField("关联时间", auto_now_add=True)
    unlinked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="解除人",
    )
    unlinked_at = models.DateTimeField("解除时间", null=True, blank=True)

    class Meta:
        verbose_name = "证据关联"
        verbose_name_plural = "证据关联"
        ordering = ["linked_at", "id"]
        constraints = [
            # One current link per (item, subject); earlier, unlinked ones stay as history.
            models.UniqueConstraint(
                fields=["item", "subject_type", "subject_id"],
                condition=Q(unlinked_at__isnull=True),
                name="evidence_link_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.subject_type}:{self.subject_id}"


class UploadSession(models.Model):
    """A resumable upload (断点续传) in progress: pieces arrive in order; ``complete`` stores the evidence."""

    class Status(models.TextChoices):
        OPEN = "open", "接收中"
        COMPLETING = "completing", "合并中"
        COMPLETED = "completed", "已完成"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    declared_size = models.BigIntegerField("声明大小", help_text="文件的总字节数。")
    declared_hash = models.CharField("声明哈希", max_length=64, blank=True, help_text="可选；不符时拒收。")
    received_bytes = models.BigIntegerField("已接收字节数", default=0, help_text="下一片应从此偏移开始。")
    kind = models.CharField("类别", max_length=16, choices=EvidenceKind.choices)
    original_filename = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    captured_at = models.DateTimeField("采集时间", null=True, blank=True)
    device = models.CharField("采集设备", max_length=100, blank=True)
    place = models.CharField("采集地点", max_length=200, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_type = models.CharField("关联对象类型", max_length=64, blank=True)
    subject_id = models.CharField("关联对象标识", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间", help_text="每收到一片顺延；过期未完成的由后台任务清除。")
    item = models.ForeignKey(
        EvidenceItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="证据"
    )

    class Meta:
        verbose_name = "续传上传"
        verbose_name_plural = "续传上传"
        indexes = [models.Index(fields=["status", "expires_at"], name="upload_session_expiry_idx")]

    def __str__(self) -> str:
        return f"上传 {self.pk} {self.received_bytes}/{self.declared_size}"


class UploadPiece(models.Model):
    """One accepted piece of a resumable upload, stored as its own object until the upload completes."""

    session = models.ForeignKey(UploadSession, on_delete=models.CASCADE, related_name="pieces")
    offset = models.BigIntegerField("偏移")
    size = models.BigIntegerField("字节数")
    storage_key = models.CharField("存储键", max_length=200)

    class Meta:
        verbose_name = "上传分片"
        verbose_name_plural = "上传分片"
        ordering = ["session", "offset"]
        constraints = [
            models.UniqueConstraint(fields=["session", "offset"], name="upload_piece_unique_offset")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}@{self.offset}+{self.size}"
