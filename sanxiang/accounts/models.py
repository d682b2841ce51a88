"""Agencies (执法主体), departments, staff and their roles, enforcement certificates (执法证), training and
legal qualifications (法律职业资格).

Records the law requires to keep (certificates and their status history) are deactivated, never deleted.
Every write goes through ``services.py``.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Agency(models.Model):
    """执法主体: a body with enforcement authority of its own (e.g. 某区卫生健康局)."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        MUNICIPAL = "municipal", "市级"
        COUNTY = "county", "县（区）级"
        TOWNSHIP = "township", "乡镇（街道）级"

    name = models.CharField(
        "名称", max_length=100, unique=True, help_text="执法主体全称，如“某区卫生健康局”。"
    )
    short_name = models.CharField(
        "地区简称",
        max_length=10,
        blank=True,
        help_text="文书编号的地区简称部分，如“X”（X卫医罚〔2026〕12号）。",
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, help_text="18 位，按 GB 32100-2015 校验。"
    )
    division_code = models.CharField(
        "行政区划代码", max_length=6, help_text="6 位数字（GB/T 2260），如 430602。"
    )
    level = models.CharField("层级", max_length=16, choices=Level.choices, default=Level.COUNTY)
    authority_basis = models.TextField("执法依据", help_text="主体资格的法律依据（法律、法规、规章及条款）。")
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A unit of an agency; its kind decides who may do what (法制机构 reviews, 执法机构 handles cases)."""

    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement", "执法机构"
        LEGAL = "legal", "法制机构"
        OFFICE = "office", "办公室"
        LEADERSHIP = "leadership", "领导"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="departments", verbose_name="执法主体"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.name}"


class Role(models.TextChoices):
    """Staff roles (domain.md "People")."""

    OFFICER = "officer", "执法人员"
    UNIT_HEAD = "unit_head", "承办机构负责人"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    LEADER = "leader", "机关负责人"
    PUBLICITY_ADMIN = "publicity_admin", "公示管理员"
    SUPERVISOR = "supervisor", "监督人员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"


class User(AbstractUser):
    """A staff member who logs in. The public never has an account."""

    full_name = models.CharField("姓名", max_length=50, help_text="真实姓名，显示在工作台和执法文书上。")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name="部门"
    )
    title = models.CharField("职务", max_length=50, blank=True, help_text="如“局长”“副局长”“科长”。")

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_codes(self) -> set[str]:
        return {grant.role for grant in self.role_grants.all()}

    def has_role(self, role: str) -> bool:
        return self.role_grants.filter(role=role).exists()


class RoleGrant(models.Model):
    """One role held by one user. A person may hold several (an officer who is also unit head)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name="人员")
    role = models.CharField("角色", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class EnforcementField(models.Model):
    """执法类别 / 执法领域, e.g. 公共场所卫生. Its abbreviation goes into document numbers (X卫**公**罚…)."""

    code = models.CharField(
        "代码", max_length=32, unique=True, help_text="稳定的英文代码，如 public_places。"
    )
    name = models.CharField("名称", max_length=50, unique=True)
    abbreviation = models.CharField("简称", max_length=4, help_text="文号中的执法类别简称，如“公”“医”“水”。")

    class Meta:
        verbose_name = "执法类别"
        verbose_name_plural = "执法类别"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """执法证: the certificate that lets an officer act (持证上岗), in its fields and while it is valid.

    The stored status is what an authority decided (valid, suspended, revoked); "expired" is derived from the
    expiry date at the moment of asking, so no event is needed when a date passes (see ``status_on``).
    """

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        SUSPENDED = "suspended", "暂扣"
        REVOKED = "revoked", "吊销"
        EXPIRED = "expired", "过期"

    officer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="certificates", verbose_name="持证人"
    )
    number = models.CharField("证号", max_length=32, unique=True)
    fields = models.ManyToManyField(EnforcementField, related_name="certificates", verbose_name="执法类别")
    issuing_authority = models.CharField("发证机关", max_length=100, blank=True)
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至", help_text="含当日；通常为发证后 5 年。")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.VALID)
    is_active = models.BooleanField(
        "在用", default=True, help_text="停用而非删除：法律要求保留证件及其状态历史。"
    )
    deactivated_at = models.DateTimeField("停用时间", null=True, blank=True)
    deactivated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="停用操作人"
    )
    deactivation_reason = models.CharField("停用原因", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="certificate_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.officer}）"

    def status_on(self, day: datetime.date) -> str:
        """The status in force on ``day``: a suspension or revocation wins, then the expiry date."""
        if self.status != self.Status.VALID:
            return self.status
        if day > self.expires_on:
            return self.Status.EXPIRED
        return self.Status.VALID


class CertificateStatusChange(models.Model):
    """One change of a certificate's status, who made it and why. Append-only."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="status_changes", verbose_name="执法证"
    )
    old_status = models.CharField("原状态", max_length=16, choices=Certificate.Status.choices, blank=True)
    new_status = models.CharField("新状态", max_length=16, choices=Certificate.Status.choices)
    reason = models.CharField("原因", max_length=200)
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    changed_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法证状态变更"
        verbose_name_plural = "执法证状态变更"
        ordering = ["certificate", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.certificate.number}：{self.old_status or '—'} → {self.new_status}"


class TrainingRecord(models.Model):
    """执法培训: a course an officer took, its hours and the exam result."""

    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="trainings", verbose_name="人员")
    course = models.CharField("课程", max_length=100)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    completed_on = models.DateField("完成日期")
    exam_score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("考试合格", null=True, blank=True, help_text="无考试时留空。")

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["officer", "-completed_on"]

    def __str__(self) -> str:
        return f"{self.officer} {self.course}（{self.hours} 学时）"


class LegalQualification(models.Model):
    """法律职业资格: required of a reviewer reviewing for the first time (行政处罚法 art. 58)."""

    holder = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="legal_qualification", verbose_name="持有人"
    )
    certificate_number = models.CharField("证书编号", max_length=32, unique=True)
    granted_on = models.DateField("取得日期")

    class Meta:
        verbose_name = "法律职业资格"
        verbose_name_plural = "法律职业资格"

    def __str__(self) -> str:
        return f"{self.holder} {self.certificate_number}"


class LoginThrottle(models.Model):
    """Failed logins per username; 5 failures in a row lock the account for 15 minutes (settings).

    Keyed by the username typed, so that an unknown name is throttled the same way as a real one and the
    page never reveals which accounts exist.
    """

    username = models.CharField("用户名", max_length=150, unique=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return self.username
