from __future__ import annotations

from django.db import models


class PeriodicJobRun(models.Model):
    """One run of a periodic job for one time slot.

    The unique (job, slot) pair is the claim: every worker that finds a job due tries to insert this row, and
    only the one whose insert succeeds runs the job, so several workers on one database never run the same
    slot twice (healthchecks' compare-and-set, done with a unique constraint).
    """

    class Outcome(models.TextChoices):
        RUNNING = "running", "运行中"
        SUCCEEDED = "succeeded", "成功"
        FAILED = "failed", "失败"

    job = models.CharField("任务", max_length=100)
    slot = models.DateTimeField("时段", help_text="该次运行所属的计划时刻（按周期取整）。")
    worker = models.CharField("执行者", max_length=100)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.RUNNING)
    detail = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "定时任务运行"
        verbose_name_plural = "定时任务运行"
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="periodic_job_run_once")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
