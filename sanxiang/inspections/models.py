"""双随机、一公开: the directories the draws are made from (the agency's plan, 二(一)2; domain.md).

The target directory (检查对象名录库) is filled by import (``inspections/imports.py``) and by hand; plans, draws,
tasks and results live beside it. Rows are never deleted: a target that closed is marked inactive.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


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


USER = settings.AUTH_USER_MODEL


class Inspector(models.Model):
    """执法检查人员名录库: one officer who may be drawn. The officer's fields come from their certificates
    (执法证, ``accounts.rules.may_act``) at commit time; here are the regions and availability.

    ``public_id`` is the only name a draw record uses: random, opaque, never derived from the person."""

    user = models.OneToOneField(
        USER, on_delete=models.PROTECT, related_name="inspector", verbose_name="执法人员"
    )
    public_id = models.CharField(
        "公开编号",
        max_length=16,
        unique=True,
        help_text="抽取记录中代表该人员的随机编号，不含姓名等个人信息。",
    )
    regions = models.JSONField(
        "负责区域", default=list, blank=True, help_text="街道或片区名称列表；空表示全辖区。"
    )
    is_available = models.BooleanField(
        "可参加抽取", default=True, help_text="不可参加时填写起止日期和原因（如病假、借调、培训）。"
    )
    unavailable_from = models.DateField("不可参加起", null=True, blank=True)
    unavailable_to = models.DateField("不可参加止", null=True, blank=True, help_text="空表示至另行通知。")
    unavailable_reason = models.CharField("不可参加原因", max_length=200, blank=True, help_text="不公开。")
    is_active = models.BooleanField("在册", default=True, help_text="调离时停用而非删除。")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法检查人员"
        verbose_name_plural = "执法检查人员名录库"
        ordering = ["public_id"]

    def __str__(self) -> str:
        return f"{self.public_id}（{self.user}）"


class InspectorRecusal(models.Model):
    """回避: an inspector who must not inspect a target (近亲属、曾任职等). The reason is private: the draw
    record publishes only the pair of opaque ids. "Inspected the same target recently" is not stored here: it
    is computed from the task history at commit (``selectors.recent_inspection_pairs``)."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", "近亲属关系"
        FORMER_EMPLOYMENT = "former_employment", "曾在该单位任职"
        INTEREST = "interest", "其他利害关系"

    inspector = models.ForeignKey(
        Inspector, on_delete=models.PROTECT, related_name="recusals", verbose_name="检查人员"
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="recusals", verbose_name="检查对象"
    )
    kind = models.CharField("回避事由类别", max_length=32, choices=Kind.choices)
    reason = models.CharField("具体情况", max_length=300, help_text="不公开，只在本机关内部可见。")
    declared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="登记人")
    declared_at = models.DateTimeField("登记时间", auto_now_add=True)
    ended_at = models.DateTimeField("解除时间", null=True, blank=True, help_text="空表示仍须回避。")

    class Meta:
        verbose_name = "检查回避"
        verbose_name_plural = "检查回避"
        ordering = ["inspector", "target", "id"]

    def __str__(self) -> str:
        return f"{self.inspector.public_id} × {self.target.credit_code}"


class Plan(models.Model):
    """抽查计划: what is inspected (items of the 随机抽查事项清单), which targets (the filter), how many (ratio per
    risk class), when (period, frequency) and by whom (team size, fields). Several departments' items in one
    plan make a joint plan (联合抽查, "进一次门、查多项事")."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        COMMITTED = "committed", "已承诺（待抽取）"
        DRAWN = "drawn", "已抽取"
        PUBLISHED = "published", "已公示任务"
        RESULTS_PUBLISHED = "results_published", "已公示结果"
        CANCELLED = "cancelled", "已取消"

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="inspection_plans", verbose_name="执法主体"
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        verbose_name="牵头部门",
    )
    title = models.CharField("计划名称", max_length=200, help_text="如“2026 年公共场所卫生双随机抽查”。")
    status = models.CharField("状态", max_length=32, choices=Status.choices, default=Status.DRAFT)
    period_start = models.DateField("检查开始日期")
    period_end = models.DateField("检查结束日期")
    frequency = models.CharField("抽查频次", max_length=100, help_text="如“每年 1 次”。")
    ratios = models.JSONField(
        "各风险等级抽查比例",
        default=dict,
        help_text='风险等级到比例（0–1 的小数字符串），如 {"A": "0.05", "D": "1"}；未列出的等级不抽。',
    )
    team_size = models.PositiveSmallIntegerField("每组人数", default=2, help_text="不少于 2 人。")
    same_region = models.BooleanField(
        "按区域组队", default=False, help_text="检查人员须负责检查对象所在区域。"
    )
    max_tasks_per_inspector = models.PositiveIntegerField("每人任务上限", null=True, blank=True)
    industries = models.JSONField("行业类别", default=list, blank=True, help_text="空表示不限。")
    regions = models.JSONField("所属区域", default=list, blank=True, help_text="空表示不限。")
    kinds = models.JSONField("对象类型", default=list, blank=True, help_text="空表示不限。")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="制定人")
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(team_size__gte=2), name="inspection_plan_team_of_two"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="inspection_plan_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One item of the random-inspection list in a plan, and the department that inspects it. A joint plan
    has items of several departments; each item's field must be covered by every team."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="items", verbose_name="抽查计划")
    item = models.ForeignKey(
        "catalog.InspectionItem", on_delete=models.PROTECT, related_name="+", verbose_name="随机抽查事项"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", verbose_name="实施部门"
    )

    class Meta:
        verbose_name = "计划抽查事项"
        verbose_name_plural = "计划抽查事项"
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "item"], name="inspection_plan_item_unique")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.item}"


class Commitment(models.Model):
    """承诺: the frozen inputs of a plan's draw and their hashes, published before any randomness exists.
    One per plan (the unique plan): a draw can be neither repeated nor abandoned quietly."""

    plan = models.OneToOneField(
        Plan, on_delete=models.PROTECT, related_name="commitment", verbose_name="抽查计划"
    )
    inputs = models.JSONField(
        "冻结的抽取输入", help_text="承诺时的检查对象、检查人员、回避对、约束条件（公开编号）。"
    )
    body = models.JSONField("承诺内容", help_text="draw.commitment 的输出：各输入的哈希、代码版本、随机源。")
    source_name = models.CharField(
        "随机源", max_length=200, help_text="如“中国福利彩票双色球第 2026137 期开奖号码”。"
    )
    source_after = models.DateTimeField("取值时间", help_text="在此时间之后产生的随机源数值才可用于抽取。")
    source_description = models.CharField("取值方法", max_length=300, blank=True)
    committed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="承诺人")
    committed_at = models.DateTimeField("承诺时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽取承诺"
        verbose_name_plural = "抽取承诺"

    def __str__(self) -> str:
        return f"{self.plan} 的承诺"


class Draw(models.Model):
    """The draw, locked once made: the public value entered and the record (``draw.record``). Never re-drawn."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="draw", verbose_name="抽查计划")
    value = models.CharField("随机源数值", max_length=500)
    record = models.JSONField("抽取记录", help_text="可重新运行验证的完整记录，见 docs/draw.md。")
    revealed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="录入人")
    revealed_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽取结果"
        verbose_name_plural = "抽取结果"

    def __str__(self) -> str:
        return f"{self.plan} 的抽取"


class Task(models.Model):
    """检查任务: one drawn target and its team."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks", verbose_name="抽查计划")
    number = models.PositiveIntegerField("任务序号", help_text="抽取记录中的顺序，从 1 起。")
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="tasks", verbose_name="检查对象"
    )
    assigned_on = models.DateField("下达日期")

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="inspection_task_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number} {self.target.name}"


class TaskMember(models.Model):
    """One inspector of a task's team; the first drawn is the lead (组长)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="members", verbose_name="检查任务")
    inspector = models.ForeignKey(
        Inspector, on_delete=models.PROTECT, related_name="+", verbose_name="检查人员"
    )
    is_lead = models.BooleanField("组长", default=False)

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        ordering = ["task", "-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "inspector"], name="inspection_member_unique")]

    def __str__(self) -> str:
        return f"{self.task} · {self.inspector.public_id}"


class Result(models.Model):
    """检查结果 of one task, with its 现场笔录, evidence (links ``inspections.task``), the case a finding opened,
    and the 20-working-day publication deadline (domain.md deadlines table: 118号; 信息公开条例 art. 26)."""

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", "未发现问题"
        RECTIFY = "rectify", "责令整改"
        VIOLATION = "violation", "发现违法行为"
        NOT_FOUND = "not_found", "查无下落（未找到检查对象）"
        CLOSED = "closed", "已停业、关闭"

    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="result", verbose_name="检查任务"
    )
    outcome = models.CharField("检查结论", max_length=32, choices=Outcome.choices)
    inspected_on = models.DateField("检查日期")
    notes = models.TextField("检查情况", blank=True, help_text="公开的结果摘要，不写个人信息。")
    site_record = models.TextField("现场笔录", help_text="现场检查笔录的内容；签字的扫描件作为证据上传。")
    site_record_item = models.ForeignKey(
        "records.EvidenceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="现场笔录扫描件",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="录入人")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    deadline = models.ForeignKey(
        "core.Deadline", on_delete=models.PROTECT, related_name="+", verbose_name="公示期限"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="立案线索",
    )
    published_at = models.DateTimeField("公示时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["task"]

    def __str__(self) -> str:
        return f"{self.task}：{self.get_outcome_display()}"

    @property
    def found_problem(self) -> bool:
        return self.outcome in (self.Outcome.RECTIFY, self.Outcome.VIOLATION)


# -- published copies: what the portal reads, never the working tables above --------------------------------


class PublishedPlan(models.Model):
    """The public copy of a plan: its commitment, then its draw record, task list, cancellation and results,
    each as published (JSON with organisations by name and credit code, inspectors by public id only)."""

    plan_id = models.PositiveBigIntegerField("计划编号", unique=True)
    agency_name = models.CharField("执法主体", max_length=100)
    title = models.CharField("计划名称", max_length=200)
    status = models.CharField("公开状态", max_length=32, choices=Plan.Status.choices)
    plan = models.JSONField("计划", help_text="事项、范围、比例、期间、频次、每组人数。")
    commitment = models.JSONField("承诺")
    record = models.JSONField("抽取记录", null=True, blank=True)
    tasks = models.JSONField("检查任务", null=True, blank=True)
    cancellation = models.JSONField("取消说明", null=True, blank=True)
    committed_at = models.DateTimeField("承诺公开时间")
    drawn_at = models.DateTimeField("抽取公开时间", null=True, blank=True)
    tasks_published_at = models.DateTimeField("任务公示时间", null=True, blank=True)

    class Meta:
        verbose_name = "公开的抽查计划"
        verbose_name_plural = "公开的抽查计划"
        ordering = ["-committed_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PublishedResult(models.Model):
    """One published inspection result (抽查结果公示)."""

    published_plan = models.ForeignKey(
        PublishedPlan, on_delete=models.PROTECT, related_name="results", verbose_name="公开的抽查计划"
    )
    task_number = models.PositiveIntegerField("任务序号")
    target_name = models.CharField("检查对象", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    outcome = models.CharField("检查结论", max_length=32, choices=Result.Outcome.choices)
    notes = models.TextField("检查情况", blank=True)
    inspected_on = models.DateField("检查日期")
    published_at = models.DateTimeField("公示时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示的检查结果"
        verbose_name_plural = "公示的检查结果"
        ordering = ["published_plan", "task_number"]
        constraints = [
            models.UniqueConstraint(fields=["published_plan", "task_number"], name="published_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target_name}：{self.get_outcome_display()}"


class ImportRun(models.Model):
    """One import of the target directory from a file (docs/targets-import.md): its progress, the counts and the
    per-row report. Web uploads run in the worker; the CLI records its runs here too. The uploaded file itself
    is kept in the evidence store (``file_blob``), never in this table."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "正在导入"
        IMPORTED = "imported", "已导入"
        REJECTED = "rejected", "未导入（有错误行）"
        FAILED = "failed", "失败（未导入）"

    class Source(models.TextChoices):
        WEB = "web", "网页上传"
        CLI = "cli", "命令行"

    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.WEB)
    file_name = models.CharField("文件名", max_length=255, help_text="上传时的文件名，仅供识别。")
    file_format = models.CharField("文件格式", max_length=8, blank=True, help_text="xlsx 或 csv。")
    encoding = models.CharField(
        "编码", max_length=32, blank=True, help_text="CSV 的文字编码：指定的或自动识别的（utf-8、gb18030…）。"
    )
    file_hash = models.CharField("文件哈希（SM3）", max_length=64, blank=True, help_text="小写十六进制。")
    file_blob = models.ForeignKey(
        "records.EvidenceBlob", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="上传的文件", help_text="保存在证据存储中；命令行导入不保存文件。",
    )  # fmt: skip
    valid_only = models.BooleanField("只导入有效行", default=False)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    progress_done = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("无变化", default=0)
    rejected_count = models.PositiveIntegerField("错误行", default=0)
    errors = models.JSONField(
        "错误行报告", default=list, blank=True,
        help_text="[{row, problems: [{column, problem, fix}]}]，最多保存前若干行（见 rejected_count）。",
    )  # fmt: skip
    message = models.TextField("结果说明", blank=True)
    started_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="导入人",
        help_text="命令行导入为空（系统）。",
    )  # fmt: skip
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "名录导入"
        verbose_name_plural = "名录导入"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.IMPORTED, self.Status.REJECTED, self.Status.FAILED}
