"""The tamper-evident record log (全过程记录日志): events, the log head, salts of personal commitments, checkpoints.

``Event``, ``PersonalCommitmentSalt`` and ``Checkpoint`` are append-only: database triggers refuse UPDATE,
DELETE and TRUNCATE on them (migration 0002). ``LogHead`` is the one row that stays updatable: it is the lock
that keeps sequence numbers gap-free and holds the running Merkle frontier. Every write goes through
``services.py`` (docs/record-log.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LogHead(models.Model):
    """The single row (id 1) every append locks: next sequence number, tree size, frontier, hash algorithm."""

    SINGLETON_ID = 1

    hash_name = models.CharField(
        "哈希算法", max_length=16, help_text="建立日志时选定（sm3 或 sha256），此后不可更改。"
    )
    size = models.BigIntegerField("记录条数", default=0, help_text="树的大小，也是下一条记录的序号。")
    frontier = models.TextField(
        "前沿",
        blank=True,
        default="",
        help_text="组成当前树的各完全子树的根（十六进制，空格分隔，大的在前）。",
    )
    root_hash = models.CharField("当前根哈希", max_length=64, help_text="十六进制。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日志头"
        verbose_name_plural = "日志头"

    def __str__(self) -> str:
        return f"{self.hash_name} size={self.size}"

    @property
    def frontier_hashes(self) -> list[bytes]:
        return [bytes.fromhex(part) for part in self.frontier.split()]


class Event(models.Model):
    """One log entry: who did what to which object, when. ``entry`` is the exact canonical JSON that is hashed.

    The other columns repeat fields of ``entry`` so that the timeline can query them; verification checks that
    they agree with ``entry``.
    """

    seq = models.BigIntegerField(
        "序号", primary_key=True, help_text="从 0 起连续无间断，即 Merkle 树的叶子下标。"
    )
    created_at = models.DateTimeField("时间", help_text="写入时间（UTC 记入条目）。")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="为空表示系统操作。",
    )
    action = models.CharField("动作", max_length=64, help_text="如 certificate.issue。")
    subject_type = models.CharField("对象类型", max_length=64, help_text="如 accounts.certificate。")
    subject_id = models.CharField("对象标识", max_length=64)
    entry = models.TextField("条目", help_text="规范 JSON（UTF-8），即叶子数据。")
    leaf_hash = models.CharField("叶子哈希", max_length=64, help_text="H(0x00 || 条目)，十六进制。")

    class Meta:
        verbose_name = "记录"
        verbose_name_plural = "记录"
        ordering = ["seq"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "seq"], name="event_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_type}:{self.subject_id}"


class PendingEvent(models.Model):
    """An event committed by its writer but not yet numbered (``LOG_SEQUENCER = "batch"``, PostgreSQL).

    The sequencer (``services.integrate_pending``) takes committed rows in ``id`` order, gives them the next
    sequence numbers, writes them into ``Event`` and deletes them, all in one transaction. Not part of the log
    until then: not exported, not in the tree. Triggers refuse UPDATE, TRUNCATE of rows, and DELETE outside the
    sequencer's transaction (``protection.py``).
    """

    created_at = models.DateTimeField("时间", help_text="写入时间，即条目中的时间。")
    # A plain id, no foreign key and no index: the Event row written at numbering checks the user, and an
    # index here would only cost every append.
    actor_id = models.BigIntegerField("操作人", null=True, blank=True)
    action = models.CharField("动作", max_length=64)
    subject_type = models.CharField("对象类型", max_length=64)
    subject_id = models.CharField("对象标识", max_length=64)
    payload = models.TextField("内容", help_text="规范 JSON。")
    commitments = models.TextField("个人信息承诺", help_text="规范 JSON：字段 -> 承诺（十六进制）。")
    salts = models.TextField(
        "盐值", help_text="JSON：字段 -> 盐（十六进制）；编号时移入 PersonalCommitmentSalt。"
    )
    hash_name = models.CharField("承诺所用哈希", max_length=16)

    class Meta:
        verbose_name = "待编号记录"
        verbose_name_plural = "待编号记录"

    def __str__(self) -> str:
        return f"pending {self.pk} {self.action} {self.subject_type}:{self.subject_id}"


class PersonalCommitmentSalt(models.Model):
    """The salt of one personal commitment in an entry. Not part of the tree and not exported by default:
    revealing (salt, value) proves the value; the log alone reveals nothing about it."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="salts", verbose_name="记录")
    field = models.CharField("字段", max_length=64, help_text="条目 commitments 中的键，如 id_number。")
    salt = models.CharField("盐", max_length=64, help_text="32 字节随机数，十六进制。")

    class Meta:
        verbose_name = "个人信息承诺盐值"
        verbose_name_plural = "个人信息承诺盐值"
        constraints = [models.UniqueConstraint(fields=["event", "field"], name="commitment_salt_unique")]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.field}"


class Checkpoint(models.Model):
    """A signed statement of (origin, tree size, root hash) in the C2SP signed-note format (检查点)."""

    tree_size = models.BigIntegerField("树大小", unique=True)
    root_hash = models.CharField("根哈希", max_length=64, help_text="十六进制。")
    note = models.TextField("签名文本", help_text="C2SP tlog-checkpoint 签名文本，原样公布。")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查点"
        verbose_name_plural = "检查点"
        ordering = ["tree_size"]

    def __str__(self) -> str:
        return f"checkpoint size={self.tree_size}"


from sanxiang.records.models_evidence import *  # noqa: E402,F401,F403  (evidence models live beside the log)
