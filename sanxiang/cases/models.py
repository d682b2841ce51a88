"""Penalty cases (行政处罚案件): the case, its parties and officers, its history, activities, periods, payments,
deadlines and in-app notifications.

Every write goes through ``services.py`` (and ``activity_services.py``, ``execution_services.py``). Only the
workflow service assigns ``Case.status``. Rows are append-only in spirit: a correction is a new row (a new
transition, a new activity, a new payment), never an edit of history.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from sanxiang.cases.workflow import STATE_LABELS, State
from sanxiang.catalog.penalties import PartyKind, Procedure, ProposedPenalty

USER = settings.AUTH_USER_MODEL
STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
ZERO = Decimal("0")


def _money(label: str, **kw) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kw)


class CaseCounter(models.Model):
    """The last 立案编号 sequence number given per agency and year (locked with SELECT … FOR UPDATE: gap-free)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "立案编号计数"
        verbose_name_plural = "立案编号计数"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="case_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Case(models.Model):
    """行政处罚案件: from 案源登记 to 结案 and 归档."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="cases", verbose_name="执法主体"
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="承办机构",
        help_text="承办案件的执法机构；其负责人为承办机构负责人。",
    )
    number = models.CharField(
        "立案编号", max_length=40, blank=True, help_text="立案时按执法主体、年度连续编号；案源登记时为空。"
    )
    number_year = models.PositiveSmallIntegerField("编号年度", null=True, blank=True)
    number_seq = models.PositiveIntegerField("编号序号", null=True, blank=True)
    procedure = models.CharField(
        "程序", max_length=16, choices=[(p.value, p.label) for p in Procedure], default=Procedure.GENERAL
    )
    item = models.ForeignKey(
        "catalog.EnforcementItem", on_delete=models.PROTECT, related_name="cases", verbose_name="执法事项"
    )
    status = models.CharField(
        "环节", max_length=32, choices=STATE_CHOICES, default=State.REGISTERED, help_text="只由流程服务赋值。"
    )
    suspended_from = models.CharField("中止前环节", max_length=32, choices=STATE_CHOICES, blank=True)
    source = models.CharField(
        "案源", max_length=200, help_text="如“日常监督检查”“投诉举报”“上级交办”“随机抽查”。"
    )
    facts = models.TextField("违法事实", blank=True)
    facts_certain = models.BooleanField(
        "违法事实确凿", default=True, help_text="简易程序的条件之一（第五十一条）。"
    )
    violation_occurred_on = models.DateField("违法行为发生日期", null=True, blank=True)
    violation_ended_on = models.DateField(
        "违法行为终了日期",
        null=True,
        blank=True,
        help_text="连续或者继续状态的违法行为终了之日（时效起算）。",
    )
    discovered_on = models.DateField("发现日期", null=True, blank=True)
    harm_caused = models.BooleanField(
        "有危害后果", default=False, help_text="涉及生命健康安全且有危害后果的，时效五年（第三十六条）。"
    )
    penalty_kinds = models.JSONField("拟处罚种类", default=list, help_text="PenaltyKind 代码列表。")
    fine = _money("罚款金额（元）", default=ZERO)
    confiscation = _money("没收金额（元）", default=ZERO)
    other_serious_penalty = models.BooleanField("其他较重的行政处罚", default=False)
    collective_discussion_required = models.BooleanField(
        "须集体讨论", default=False, help_text="情节复杂或者重大违法行为（第五十七条第二款）。"
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="登记人")
    filed_on = models.DateField("立案日期", null=True, blank=True)
    notice_served_on = models.DateField("事先告知书送达日期", null=True, blank=True)
    statement_waived = models.BooleanField("放弃陈述申辩", default=False)
    hearing_requested_on = models.DateField("听证申请日期", null=True, blank=True)
    hearing_waived = models.BooleanField("放弃听证", default=False)
    hearing_notice_served_on = models.DateField("听证通知书送达日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_host = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="听证主持人"
    )
    hearing_held_on = models.DateField("听证举行日期", null=True, blank=True)
    no_penalty_ground = models.CharField("不予处罚情形", max_length=32, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=16, blank=True)
    electronic_consent = models.BooleanField("电子送达确认书", default=False)
    served_on = models.DateField("送达日期", null=True, blank=True)
    payment_due_on = models.DateField("缴款期限", null=True, blank=True)
    deferral_applied = models.BooleanField("当事人申请暂缓或分期", default=False)
    reminder_served_on = models.DateField("催告书送达日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number_year", "number_seq"],
                condition=models.Q(number_seq__isnull=False),
                name="case_number_unique",
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="case_agency_status")]

    def __str__(self) -> str:
        return self.number or f"案源 {self.pk}"

    @property
    def state(self) -> State:
        return State(self.status)

    @property
    def proposed_penalty(self) -> ProposedPenalty:
        return ProposedPenalty.of(*self.penalty_kinds, fine=self.fine, confiscation=self.confiscation)


class Party(models.Model):
    """当事人: a natural person (公民) or an organisation (法人或者其他组织)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties", verbose_name="案件")
    kind = models.CharField("类别", max_length=16, choices=[(k.value, k.label) for k in PartyKind])
    name = models.CharField("名称或姓名", max_length=200)
    id_number = models.CharField(
        "公民身份号码", max_length=18, blank=True, help_text="GB 11643 校验；个人信息，不写入记录日志。"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, help_text="GB 32100 校验。")
    legal_representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    contact = models.CharField("联系电话", max_length=40, blank=True)
    address = models.CharField("住所或经营地址", max_length=300, blank=True)
    is_minor = models.BooleanField("未成年人", default=False, help_text="未成年人的处罚信息一律不公开。")

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.name


class CaseOfficer(models.Model):
    """承办人员: the officers handling the case (主办 / 协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        ASSISTANT = "assistant", "协办"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="officers", verbose_name="案件")
    officer = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="handled_cases", verbose_name="执法人员"
    )
    role = models.CharField("分工", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"
        ordering = ["case", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_officer_unique")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_role_display()} {self.officer_id}"


class CaseTransition(models.Model):
    """One change of a case's state (or a step that keeps it): the history and the audit trail."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions", verbose_name="案件")
    state_from = models.CharField("原环节", max_length=32, choices=STATE_CHOICES)
    action = models.CharField("操作", max_length=40)
    state_to = models.CharField("新环节", max_length=32, choices=STATE_CHOICES)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.TextField("理由", blank=True)
    data = models.JSONField("数据", default=dict, blank=True, help_text="该操作录入的内容（不含个人信息）。")

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.state_from} —{self.action}→ {self.state_to}"


class Recusal(models.Model):
    """回避 (处罚法 art. 43): an officer's own declaration or a party's application, and the head's decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recusals")
    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="执法人员")
    self_declared = models.BooleanField("本人申请回避", default=False)
    reason = models.TextField("理由")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    granted = models.BooleanField("决定回避", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "回避"
        verbose_name_plural = "回避"

    def __str__(self) -> str:
        return f"{self.case_id} 回避 {self.officer_id}"


class Activity(models.Model):
    """An enforcement activity (执法活动) with its text record, participants, signatures and evidence."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", "现场检查"
        INQUIRY = "inquiry", "询问"
        SAMPLING = "sampling", "抽样"
        PRESERVATION = "preservation", "证据先行登记保存"
        SEIZURE = "seizure", "查封扣押"
        CLOSURE = "closure", "查封经营场所"
        DEMOLITION = "demolition", "强制拆除"
        DISPOSAL = "disposal", "罚没财物处置"
        HEARING = "hearing", "听证"
        SERVICE = "service", "送达"
        EDUCATION = "education", "教育"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        COMPLETED = "completed", "已完成"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="activities", verbose_name="案件")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    officers = models.ManyToManyField(USER, related_name="activities", verbose_name="执法人员")
    other_participants = models.TextField("其他参加人", blank=True, help_text="当事人、见证人等，个人信息。")
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=300)
    record = models.TextField("笔录内容", blank=True)
    credentials_shown = models.BooleanField("已出示执法证件", default=False)
    av_recorded = models.BooleanField(
        "进行了音像记录",
        null=True,
        blank=True,
        help_text="按需音像记录的活动（现场检查、询问、抽样、听证、送达）由表单询问；空为未询问。",
    )
    av_note = models.CharField("未进行音像记录的原因", max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "执法活动"
        verbose_name_plural = "执法活动"
        ordering = ["case", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}（{self.get_status_display()}）"


class Signature(models.Model):
    """A signature on an activity's record: drawn (PNG data from a signature pad) or the party's refusal."""

    class Signer(models.TextChoices):
        OFFICER = "officer", "执法人员"
        PARTY = "party", "当事人"
        WITNESS = "witness", "见证人"

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="signatures")
    signer = models.CharField("签名人类别", max_length=16, choices=Signer.choices)
    officer = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signer_name = models.CharField("签名人", max_length=100, blank=True)
    image_png = models.BinaryField("签名图像（PNG）", null=True, blank=True)
    image_sha256 = models.CharField("签名图像哈希", max_length=64, blank=True)
    refused = models.BooleanField("拒绝签名", default=False)
    refusal_witness = models.CharField("拒签见证人", max_length=100, blank=True)
    refusal_recording = models.ForeignKey(
        "records.EvidenceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "签名"
        verbose_name_plural = "签名"

    def __str__(self) -> str:
        return f"{self.activity_id} {self.get_signer_display()}"


class Suspension(models.Model):
    """中止: the period the case was suspended (not counted towards the 90 days)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="suspensions")
    start_on = models.DateField("中止日期")
    end_on = models.DateField("恢复日期", null=True, blank=True)
    reason = models.TextField("中止理由")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    resumed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "中止"
        verbose_name_plural = "中止"
        ordering = ["case", "start_on"]

    def __str__(self) -> str:
        return f"{self.case_id} 中止 {self.start_on}"


class ExcludedPeriod(models.Model):
    """Time not counted: 检测、检验、鉴定、公告、听证 (decision period) or 复议、诉讼 (late fee, art. 73)."""

    class Kind(models.TextChoices):
        EXCLUDED = "excluded", "不计入办案期限"
        REMEDY = "remedy", "复议、诉讼（不计加处罚款）"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="excluded_periods")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EXCLUDED)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    reason = models.TextField("事由")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "不计入期间"
        verbose_name_plural = "不计入期间"
        ordering = ["case", "start_on"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.start_on}"


class Extension(models.Model):
    """延长办案期限: approved and recorded extension of the decision period."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveIntegerField("延长天数")
    approved_on = models.DateField("批准日期")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("理由")

    class Meta:
        verbose_name = "延长办案期限"
        verbose_name_plural = "延长办案期限"

    def __str__(self) -> str:
        return f"{self.case_id} 延长 {self.days} 日"


class Instalment(models.Model):
    """One approved instalment or deferred payment (暂缓、分期缴纳, 处罚法 art. 66)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="instalments")
    due_on = models.DateField("缴纳期限")
    amount = _money("金额（元）")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分期缴纳"
        verbose_name_plural = "分期缴纳"
        ordering = ["case", "due_on"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.due_on} {self.amount}"


class Payment(models.Model):
    """A payment the bank received (the agency records the receipt; it collects no money itself)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    amount = _money("金额（元）")
    paid_on = models.DateField("缴款日期")
    receipt_number = models.CharField("缴款凭证号", max_length=60)
    instalment = models.ForeignKey(
        Instalment, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "缴款记录"
        verbose_name_plural = "缴款记录"
        ordering = ["case", "paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.paid_on} {self.amount}"


class PostDecisionChange(models.Model):
    """变更、撤销、确认违法、确认无效 of a decision, with the deciding body (复议机关、人民法院、本机关) and reason."""

    class Kind(models.TextChoices):
        AMEND = "amend", "变更"
        REVOKE = "revoke", "撤销"
        CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"
        CONFIRM_VOID = "confirm_void", "确认无效"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    deciding_body = models.CharField("作出机关", max_length=100)
    document_number = models.CharField("文书编号", max_length=100, blank=True)
    reason = models.TextField("理由")
    decided_on = models.DateField("作出日期")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "决定变更、撤销、确认"
        verbose_name_plural = "决定变更、撤销、确认"

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}（{self.deciding_body}）"


class CaseDeadline(models.Model):
    """A case's timed step: the core :class:`~sanxiang.core.models.Deadline`, who answers for it and its marks."""

    class Outcome(models.TextChoices):
        OPEN = "open", "进行中"
        MET = "met", "已办结"
        STOPPED = "stopped", "已停止"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    deadline = models.OneToOneField("core.Deadline", on_delete=models.PROTECT, related_name="case_deadline")
    code = models.CharField("期限代码", max_length=40, help_text="workflow.DEADLINES 的代码。")
    responsible = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_deadlines",
        verbose_name="责任人",
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    yellow_at = models.DateTimeField("黄牌时间", null=True, blank=True)
    red_at = models.DateTimeField("红牌时间", null=True, blank=True)

    class Meta:
        verbose_name = "案件期限"
        verbose_name_plural = "案件期限"
        indexes = [models.Index(fields=["outcome", "responsible"], name="case_deadline_open")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.code}"


class Notification(models.Model):
    """An in-app notification (站内提醒)."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("内容", max_length=500)
    link = models.CharField("链接", max_length=200, blank=True)
    key = models.CharField(
        "去重键", max_length=80, blank=True, help_text="同一事由只提醒一次，如“deadline:12:red”。"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内提醒"
        verbose_name_plural = "站内提醒"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.text


from sanxiang.cases.models_items import CaseItem  # noqa: E402, F401  (涉案物品, in their own module)
