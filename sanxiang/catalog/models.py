"""The catalog (执法事项目录): enforcement items and their legal basis, discretion benchmarks, the legal-review
item list and the random-inspection item list — every row versioned with effective dates.

Versioning (docs/catalog.md): a row is one version of something identified by ``code``. A change never edits a
row in force: ``services`` closes the current row (``effective_to`` = the day before the new version takes
effect) and creates the next version, pointing back through ``supersedes``. Nothing is deleted, so history
stays visible to the public (domain.md: "when a law changes the old version stays visible in history").
Every write goes through ``services.py``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanxiang.catalog.penalties import PENALTY_CHOICES


class VersionedQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        """The versions in force on ``on``: effective_from <= on <= effective_to (open-ended when null)."""
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on)

    def current(self):
        """The latest version of each code (effective_to is null), whether or not it has taken effect yet."""
        return self.filter(effective_to__isnull=True)


class Versioned(models.Model):
    """Fields shared by every versioned catalog row."""

    code = models.CharField(
        "代码", max_length=64, help_text="稳定标识：同一事项的各版本代码相同，如 public_places.unlicensed。"
    )
    version = models.PositiveIntegerField("版本", default=1)
    effective_from = models.DateField("生效日期", help_text="本版本自该日起施行。")
    effective_to = models.DateField(
        "失效日期",
        null=True,
        blank=True,
        help_text="本版本施行的最后一日；空表示现行有效。由新版本自动填写。",
    )
    change_note = models.CharField(
        "修订说明", max_length=300, blank=True, help_text="为何有此版本，如“依据2025年修订的传染病防治法”。"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code", "version"]

    @property
    def is_current(self) -> bool:
        return self.effective_to is None

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _version_constraints(prefix: str) -> list:
    return [
        models.UniqueConstraint(fields=["code", "version"], name=f"{prefix}_unique_version"),
        models.UniqueConstraint(
            fields=["code"], condition=Q(effective_to__isnull=True), name=f"{prefix}_one_current"
        ),
        models.CheckConstraint(
            condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
            name=f"{prefix}_dates_order",
        ),
    ]


class EnforcementItem(Versioned):
    """执法事项: one thing the agency may do (权责清单 entry), with its legal basis and penalty provision."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", "行政处罚"
        COERCION = "coercion", "行政强制"
        INSPECTION = "inspection", "行政检查"
        LICENSING = "licensing", "行政许可"

    name = models.CharField(
        "事项名称", max_length=200, help_text="如“对未依法取得公共场所卫生许可证擅自营业的处罚”。"
    )
    kind = models.CharField("事项类别", max_length=16, choices=Kind.choices)
    field = models.ForeignKey(
        "accounts.EnforcementField", on_delete=models.PROTECT, related_name="items", verbose_name="执法类别"
    )
    law_name = models.CharField(
        "法律依据名称", max_length=200, help_text="如“《公共场所卫生管理条例实施细则》”。"
    )
    article = models.CharField("条款", max_length=100, help_text="如“第三十五条第一款”。")
    article_text = models.TextField(
        "条文", help_text="违法行为所违反的条款原文；不能确认原文时写摘要并勾选“摘要”。"
    )
    article_text_is_summary = models.BooleanField(
        "条文为摘要", default=False, help_text="勾选表示条文是摘要而非原文，使用前须核对法律文本。"
    )
    penalty_basis = models.TextField(
        "处罚依据", blank=True, help_text="处罚条款：法律名称、条款及处罚种类和幅度（原文或摘要）。"
    )
    life_health = models.BooleanField(
        "涉及生命健康安全",
        default=False,
        help_text="行政处罚法第三十六条：涉及公民生命健康安全且有危害后果的，处罚时效为五年。",
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="上一版本",
    )

    class Meta(Versioned.Meta):
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项"
        constraints = _version_constraints("enforcement_item")

    def __str__(self) -> str:
        return f"{self.name}（第 {self.version} 版）"

    @property
    def legal_basis(self) -> str:
        mark = "（摘要）" if self.article_text_is_summary else ""
        return f"{self.law_name}{self.article}{mark}：{self.article_text}"


class DiscretionBenchmark(Versioned):
    """裁量基准 (处罚法 art. 34, published): for one violation of an item, the circumstance levels and their
    penalty ranges (:class:`DiscretionLevel`)."""

    item = models.ForeignKey(
        EnforcementItem, on_delete=models.PROTECT, related_name="benchmarks", verbose_name="执法事项"
    )
    violation = models.CharField("违法行为", max_length=300)
    source = models.CharField(
        "基准来源",
        max_length=300,
        help_text="制定机关和文件名称，如“某省卫生健康委行政处罚裁量基准（2024）”。",
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="上一版本",
    )

    class Meta(Versioned.Meta):
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        constraints = _version_constraints("discretion_benchmark")

    def __str__(self) -> str:
        return f"{self.violation}（第 {self.version} 版）"


class DiscretionLevel(models.Model):
    """One circumstance level of a benchmark: 轻微 / 一般 / 较重 / 严重, the circumstances and the range."""

    class Level(models.TextChoices):
        MINOR = "minor", "轻微"
        GENERAL = "general", "一般"
        SERIOUS = "serious", "较重"
        SEVERE = "severe", "严重"

    benchmark = models.ForeignKey(
        DiscretionBenchmark, on_delete=models.PROTECT, related_name="levels", verbose_name="裁量基准"
    )
    level = models.CharField("情节", max_length=16, choices=Level.choices)
    circumstances = models.TextField("情形", help_text="适用本档的情节描述。")
    penalty_kinds = models.JSONField(
        "处罚种类", default=list, help_text="处罚种类代码列表，见 sanxiang.catalog.penalties.PenaltyKind。"
    )
    fine_min = models.DecimalField("罚款下限（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    other_measures = models.CharField("其他措施", max_length=300, blank=True, help_text="如“责令限期改正”。")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "裁量档次"
        verbose_name_plural = "裁量档次"
        ordering = ["benchmark", "order"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "level"], name="discretion_level_unique"),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_max__gte=models.F("fine_min")),
                name="discretion_level_fine_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benchmark.violation} · {self.get_level_display()}"

    @property
    def penalty_labels(self) -> str:
        labels = dict(PENALTY_CHOICES)
        return "、".join(labels.get(k, k) for k in self.penalty_kinds)


class ReviewRule(Versioned):
    """One entry of the 法制审核事项清单: a kind of decision that needs legal review (处罚法 art. 58)."""

    class Kind(models.TextChoices):
        ALL_GENERAL_PROCEDURE = "all_general_procedure", "适用一般程序的行政处罚"
        FINE_THRESHOLD_PERSON = "fine_threshold_person", "对公民罚款达到数额"
        FINE_THRESHOLD_ORG = "fine_threshold_org", "对法人或其他组织罚款达到数额"
        SUSPENSION_OF_BUSINESS = "suspension_of_business", "责令停产停业、责令关闭"
        LICENCE_REVOCATION = "licence_revocation", "吊销许可证件"
        AFTER_HEARING = "after_hearing", "经过听证程序"
        OUTSIDE_BENCHMARK = "outside_benchmark", "超出裁量基准"
        CUSTOM = "custom", "其他（人工判断）"

    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
    amount = models.DecimalField(
        "数额（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="罚款数额类规则的起点（含）。",
    )
    text = models.CharField("清单表述", max_length=300, help_text="清单中的原文表述。")
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="上一版本",
    )

    class Meta(Versioned.Meta):
        verbose_name = "法制审核事项"
        verbose_name_plural = "法制审核事项清单"
        constraints = [
            *_version_constraints("review_rule"),
            models.CheckConstraint(
                condition=~Q(kind__in=["fine_threshold_person", "fine_threshold_org"])
                | Q(amount__isnull=False),
                name="review_rule_threshold_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class InspectionItem(Versioned):
    """One row of the 随机抽查事项清单 with its published columns (domain.md, 事前公开)."""

    matter = models.CharField("抽查事项", max_length=200)
    sub_item = models.CharField("子项", max_length=200, blank=True)
    basis = models.TextField("依据", help_text="法律、法规、规章名称及条款。")
    subject = models.CharField("抽查主体", max_length=200)
    target = models.CharField("抽查对象", max_length=200)
    ratio = models.CharField("抽查比例", max_length=200, help_text="如“游泳场所 100%，其他 20%”。")
    ratio_percent = models.DecimalField(
        "比例（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="单一比例时填写，供抽取计算。",
    )
    frequency = models.CharField("抽查频次", max_length=100, help_text="如“每年 1 次”。")
    method = models.CharField("抽查方式", max_length=200, help_text="如“现场检查、抽样检测”。")
    inspector_requirements = models.CharField(
        "检查人员要求", max_length=300, help_text="如“两名以上持有效执法证的卫生监督员”。"
    )
    field = models.ForeignKey(
        "accounts.EnforcementField",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_items",
        verbose_name="执法类别",
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="上一版本",
    )

    class Meta(Versioned.Meta):
        verbose_name = "随机抽查事项"
        verbose_name_plural = "随机抽查事项清单"
        constraints = _version_constraints("inspection_item")

    def __str__(self) -> str:
        return f"{self.matter}{' · ' + self.sub_item if self.sub_item else ''}（第 {self.version} 版）"
