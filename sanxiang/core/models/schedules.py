"""Working-day schedules loaded by an administrator, and stored deadlines computed from them.

Both are written only by ``sanxiang/core/calendar.py`` (``calendar_load``, ``deadline_create``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class CalendarYear(models.Model):
    """One load of a year's holiday notice (国务院办公厅关于某年部分节假日安排的通知).

    Rows are never deleted or changed: a later load of the same year adds a row with the next ``version`` and
    marks the previous one superseded. The row with ``superseded_at`` empty is the one in force.
    """

    year = models.PositiveSmallIntegerField("年份", help_text="该通知安排的公历年份。")
    version = models.PositiveSmallIntegerField("版本", default=1, help_text="同一年份第几次载入，从 1 起。")
    holidays = models.JSONField(
        "放假安排",
        help_text='按节日列出的放假日期：[{"name": "春节", "dates": ["2027-02-05", ...]}, ...]（ISO 日期）。',
    )
    makeup_workdays = models.JSONField("调休上班日", help_text="周末调为上班的日期列表（ISO 日期）。")
    source = models.TextField("依据", help_text="通知标题和文号，如“国办发明电〔2026〕N号”。")
    note = models.TextField("说明", blank=True, help_text="载入时记录的情况，如覆盖了内置安排或旧版本。")
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="载入人",
        help_text="通过管理后台载入时的用户；空表示由命令行 `sanxiang calendar load` 载入。",
    )
    superseded_at = models.DateTimeField(
        "被取代时间", null=True, blank=True, help_text="同一年份再次载入的时间。"
    )

    class Meta:
        verbose_name = "年度放假安排"
        verbose_name_plural = "年度放假安排"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="calendar_year_version_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(superseded_at__isnull=True), name="calendar_year_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} 年放假安排（第 {self.version} 版）"


class Deadline(models.Model):
    """A stored deadline (期限) of some object, e.g. the 7 working days to publish a penalty decision.

    ``provisional`` deadlines were computed for a year whose notice was not yet loaded (暂定); loading that
    year's notice recomputes them (``calendar_load``), writing a :class:`DeadlineRevision` for each change.
    """

    class PeriodKind(models.TextChoices):
        WORKING = "working", "工作日"
        CALENDAR = "calendar", "自然日"

    subject_type = models.CharField("对象类型", max_length=50, help_text="期限所属对象的种类，如“case”。")
    subject_id = models.PositiveBigIntegerField("对象编号", help_text="期限所属对象的主键。")
    kind = models.CharField("期限种类", max_length=50, help_text="如“publish_decision”（公示处罚决定）。")
    start_on = models.DateField("起算日期", help_text="期间从其次日起算的日期。")
    period_kind = models.CharField("计算方式", max_length=10, choices=PeriodKind.choices)
    period_days = models.PositiveIntegerField("天数")
    due_on = models.DateField("届满日期")
    provisional = models.BooleanField(
        "暂定", default=False, help_text="计算用到了尚未载入放假安排的年份（按法定节假日暂定），载入后重算。"
    )
    legal_basis = models.TextField("法律依据", help_text="如“行政处罚法第八十五条”。")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
        help_text="空表示由系统创建。",
    )

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
            models.Index(fields=["due_on"], name="deadline_due_on"),
        ]

    def __str__(self) -> str:
        mark = "（暂定）" if self.provisional else ""
        return f"{self.subject_type}#{self.subject_id} {self.kind} {self.due_on:%Y-%m-%d}{mark}"


class DeadlineRevision(models.Model):
    """A recomputation of a :class:`Deadline` after a schedule load: old and new answer, and why."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="revisions", verbose_name="期限"
    )
    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.PROTECT, related_name="+", verbose_name="触发的放假安排"
    )
    old_due_on = models.DateField("原届满日期")
    new_due_on = models.DateField("新届满日期")
    old_provisional = models.BooleanField("原为暂定")
    new_provisional = models.BooleanField("现为暂定")
    created_at = models.DateTimeField("重算时间", auto_now_add=True)

    class Meta:
        verbose_name = "期限重算记录"
        verbose_name_plural = "期限重算记录"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.deadline_id}: {self.old_due_on} → {self.new_due_on}"
