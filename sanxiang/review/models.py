"""Legal review (法制审核) of a case: submissions and their rounds, opinions on the ten checklist items,
coordination between handlers and reviewers, and collective discussion (集体讨论) by the agency's leaders.

Every write goes through ``services.py``; rows are never changed: a new round is a new submission.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.review.checklist import Conclusion

USER = settings.AUTH_USER_MODEL


class ReviewSubmission(models.Model):
    """One submission for review (送审) by the handling unit; ``round`` counts from 1."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="review_submissions")
    round = models.PositiveSmallIntegerField("轮次")
    after_hearing = models.BooleanField("听证后审核", default=False)
    report = models.TextField("调查终结报告")
    proposed_decision = models.TextField("拟作出的处理决定")
    reasons = models.TextField("理由和依据")
    evidence_list = models.TextField("证据清单")
    hearing_record = models.TextField("听证笔录", blank=True, help_text="经过听证的案件必须提交。")
    completeness = models.JSONField("完整性检查", default=dict, help_text="提交时各项材料的检查结果。")
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="送审人")
    submitted_at = models.DateTimeField("送审时间", auto_now_add=True)

    class Meta:
        verbose_name = "法制审核送审"
        verbose_name_plural = "法制审核送审"
        ordering = ["case", "round"]
        constraints = [models.UniqueConstraint(fields=["case", "round"], name="review_submission_round")]

    def __str__(self) -> str:
        return f"{self.case_id} 第 {self.round} 轮"


class ReviewOpinion(models.Model):
    """法制审核意见书: one finding per checklist item and the conclusion (同意 / 存在问题 / 建议移送)."""

    submission = models.OneToOneField(ReviewSubmission, on_delete=models.PROTECT, related_name="opinion")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="审核人")
    findings = models.JSONField(
        "审核内容", help_text='每项 {"ok": true/false, "note": "…"}，键为 checklist.ITEMS 的代码。'
    )
    conclusion = models.CharField("审核结论", max_length=16, choices=[(c.value, c.label) for c in Conclusion])
    problems = models.TextField("存在的问题", blank=True)
    signed_at = models.DateTimeField("签署时间", auto_now_add=True)

    class Meta:
        verbose_name = "法制审核意见"
        verbose_name_plural = "法制审核意见"

    def __str__(self) -> str:
        return f"{self.submission_id} {self.get_conclusion_display()}"


class Coordination(models.Model):
    """协调: handlers and reviewers disagree; what each said and how it was resolved."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="coordinations")
    handler_view = models.TextField("承办机构意见")
    reviewer_view = models.TextField("法制机构意见")
    outcome = models.TextField("协调结果")
    escalated = models.BooleanField("提请集体讨论", default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "协调记录"
        verbose_name_plural = "协调记录"

    def __str__(self) -> str:
        return f"{self.case_id} 协调"


class CollectiveDiscussion(models.Model):
    """集体讨论记录 (处罚法 art. 57 para 2): attendees, quorum, each person's view, the decision, the minutes."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="collective_discussions")
    held_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=200)
    chaired_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="主持人")
    attendees = models.ManyToManyField(USER, related_name="+", verbose_name="出席人员")
    leaders_total = models.PositiveSmallIntegerField("机关负责人总数")
    quorum_met = models.BooleanField("达到法定人数")
    views = models.JSONField("各人意见", help_text='[{"user_id": 1, "view": "…"}]')
    decision = models.TextField("讨论决定")
    minutes = models.TextField("会议纪要")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"

    def __str__(self) -> str:
        return f"{self.case_id} 集体讨论"
