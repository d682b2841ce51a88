"""双随机、一公开: the directories the draws are made from (the agency's plan, 二(一)2; domain.md).

The target directory (检查对象名录库) is filled by import (``inspections/imports.py``) and by hand; plans, draws,
tasks and results live beside it. Rows are never deleted: a target that closed is marked inactive.
"""

from __future__ import annotations

from django.db import models


class Target(models.Model):
    """检查对象: one regulated entity. A 个体工商户 is listed by its business name (字号), never by the owner's
    personal name, so that a published draw names no natural person."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
        PUBLIC_INSTITUTION = "public_institution", "事业单位"
        SOCIAL_ORGANISATION = "social_organisation", "社会组织"
        OTHER = "other", "其他"

    class Risk(models.TextChoices):
        A = "A", "A 级（低风险）"
        B = "B", "B 级"
        C = "C", "C 级"
        D = "D", "D 级（高风险）"

    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, help_text="按 GB 32100 校验。"
    )
    name = models.CharField("名称", max_length=200, help_text="个体工商户填字号。")
    kind = models.CharField("类型", max_length=32, choices=Kind.choices, default=Kind.ENTERPRISE)
    address = models.CharField("经营地址", max_length=300, blank=True)
    region = models.CharField("所属区域", max_length=100, help_text="街道或片区，抽取与分组按此。")
    industry = models.CharField("行业类别", max_length=100, help_text="如 公共场所-游泳场所、医疗机构-诊所。")
    risk_class = models.CharField("风险等级", max_length=1, choices=Risk.choices, default=Risk.B)
    licences = models.JSONField("许可证", default=list, blank=True, help_text="许可证名称与编号的列表。")
    last_inspected_on = models.DateField("上次检查日期", null=True, blank=True)
    last_result = models.CharField("上次检查结果", max_length=200, blank=True)
    is_active = models.BooleanField("在营", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录库"
        ordering = ["credit_code"]
        indexes = [models.Index(fields=["risk_class", "region"], name="inspections_target_filter")]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"
