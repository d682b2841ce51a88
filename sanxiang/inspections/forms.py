"""Forms of the inspection screens. They check the form of the input; the services check the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from sanxiang.accounts.models import Department
from sanxiang.catalog.models import InspectionItem
from sanxiang.inspections.models import InspectorRecusal, Result, Target

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _split(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("，", ",").replace("、", ",").split(",") if p.strip()]


JOINT_ROWS = 3  # rows of "another department + its item" on the plan form (more through the API)


class PlanForm(forms.Form):
    """制定抽查计划. ``items`` are inspected by the planner's department; up to ``JOINT_ROWS`` rows of another
    department and an item it inspects make a joint plan (联合抽查; more rows through the API)."""

    title = forms.CharField(label="计划名称", max_length=200)
    items = forms.ModelMultipleChoiceField(
        label="随机抽查事项",
        queryset=InspectionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="现行版本的随机抽查事项；每项的执法类别即检查人员须持证的类别。",
    )
    ratio_a = forms.DecimalField(label="A 级抽查比例（%）", min_value=0, max_value=100, required=False)
    ratio_b = forms.DecimalField(label="B 级抽查比例（%）", min_value=0, max_value=100, required=False)
    ratio_c = forms.DecimalField(label="C 级抽查比例（%）", min_value=0, max_value=100, required=False)
    ratio_d = forms.DecimalField(label="D 级抽查比例（%）", min_value=0, max_value=100, required=False)
    industries = forms.CharField(label="行业类别", required=False, help_text="多个用逗号分隔；留空表示不限。")
    regions = forms.CharField(label="所属区域", required=False, help_text="多个用逗号分隔；留空表示不限。")
    kinds = forms.MultipleChoiceField(
        label="对象类型", choices=Target.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="不选表示不限。",
    )  # fmt: skip
    period_start = forms.DateField(label="检查开始日期", widget=DATE)
    period_end = forms.DateField(label="检查结束日期", widget=DATE)
    frequency = forms.CharField(label="抽查频次", max_length=100, initial="每年 1 次")
    team_size = forms.IntegerField(label="每组人数", min_value=2, initial=2, help_text="不少于 2 人。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = InspectionItem.objects.current().select_related("field").order_by("code")
        self.fields["items"].queryset = current
        departments = Department.objects.filter(
            is_active=True, kind=Department.Kind.ENFORCEMENT
        ).select_related("agency")
        for n in range(1, JOINT_ROWS + 1):
            self.fields[f"joint_department_{n}"] = forms.ModelChoiceField(
                label=f"联合部门 {n}", queryset=departments, required=False, empty_label="（不选）"
            )
            self.fields[f"joint_item_{n}"] = forms.ModelChoiceField(
                label=f"联合部门 {n} 实施的事项", queryset=current, required=False, empty_label="（不选）"
            )

    def joint_rows(self):
        """The bound fields of each joint row, for the template: ``[(department, item), ...]``."""
        return [(self[f"joint_department_{n}"], self[f"joint_item_{n}"]) for n in range(1, JOINT_ROWS + 1)]

    def clean(self):
        data = super().clean()
        for n in range(1, JOINT_ROWS + 1):
            department, item = data.get(f"joint_department_{n}"), data.get(f"joint_item_{n}")
            if department and not item:
                self.add_error(f"joint_item_{n}", "请选择该联合部门实施的随机抽查事项，或不选联合部门。")
            if item and not department:
                self.add_error(f"joint_department_{n}", "请选择实施该事项的联合部门，或不选该事项。")
        return data

    def item_pairs(self, department: Department) -> list[tuple[InspectionItem, Department]]:
        """(item, department) of the plan: the ticked items by ``department``, then each complete joint row."""
        d = self.cleaned_data
        pairs = [(item, department) for item in d["items"]]
        for n in range(1, JOINT_ROWS + 1):
            if d.get(f"joint_department_{n}") and d.get(f"joint_item_{n}"):
                pairs.append((d[f"joint_item_{n}"], d[f"joint_department_{n}"]))
        return pairs

    def service_input(self) -> dict:
        d = self.cleaned_data
        ratios = {
            risk: format((d[f"ratio_{risk.lower()}"] / Decimal(100)).normalize(), "f")
            for risk in "ABCD"
            if d.get(f"ratio_{risk.lower()}") is not None
        }
        return {
            "title": d["title"],
            "ratios": ratios,
            "industries": _split(d["industries"]),
            "regions": _split(d["regions"]),
            "kinds": d["kinds"],
            "period_start": d["period_start"],
            "period_end": d["period_end"],
            "frequency": d["frequency"],
            "team_size": d["team_size"],
        }


class CommitForm(forms.Form):
    source_name = forms.CharField(
        label="随机源",
        max_length=200,
        help_text="公开、事先无法预知的数值来源，如“中国福利彩票双色球第 2026137 期开奖号码”。",
    )
    source_after = forms.DateTimeField(
        label="取值时间（北京时间）",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text="只采用在此时间之后公布的数值；必须晚于现在。",
    )
    source_description = forms.CharField(
        label="取值方法",
        max_length=300,
        required=False,
        help_text="如“红球按开奖顺序，蓝球在后，以空格分隔”。",
    )

    def service_input(self) -> dict:
        d = dict(self.cleaned_data)
        after = d["source_after"]
        if timezone.is_naive(after):
            after = timezone.make_aware(after)
        d["source_after"] = after
        return d


class RevealForm(forms.Form):
    value = forms.CharField(
        label="随机源公布的数值", max_length=500, help_text="按承诺写明的取值方法原样录入。"
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=300, help_text="已承诺的计划，原因将公开。")


class ResultForm(forms.Form):
    outcome = forms.ChoiceField(label="检查结论", choices=Result.Outcome.choices)
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    site_record = forms.CharField(
        label="现场笔录", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="检查时间、地点、检查人员、检查情况和被检查单位意见。",
    )  # fmt: skip
    notes = forms.CharField(
        label="公开的检查情况", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将随结果公示，不写个人信息。",
    )  # fmt: skip
    site_record_file = forms.FileField(
        label="现场笔录扫描件或照片", required=False, help_text="签字后的现场笔录，作为证据保存。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_on"].initial = timezone.localdate()


class OpenCaseForm(forms.Form):
    item = forms.ChoiceField(label="执法事项（违法行为）")
    facts = forms.CharField(label="案情摘要", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, i.name) for i in items]


class InspectorForm(forms.Form):
    user = forms.ChoiceField(label="执法人员")
    regions = forms.CharField(label="负责区域", required=False, help_text="多个用逗号分隔；留空表示全辖区。")

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, str(u)) for u in officers]


class AvailabilityForm(forms.Form):
    available = forms.TypedChoiceField(
        label="可否参加抽取", choices=[("1", "可参加"), ("0", "不可参加")], coerce=lambda v: v == "1"
    )
    unavailable_from = forms.DateField(label="不可参加起", required=False, widget=DATE)
    unavailable_to = forms.DateField(label="不可参加止", required=False, widget=DATE)
    reason = forms.CharField(label="原因（不公开）", max_length=200, required=False)


class RecusalForm(forms.Form):
    target = forms.CharField(label="检查对象统一社会信用代码", max_length=18)
    kind = forms.ChoiceField(label="回避事由", choices=InspectorRecusal.Kind.choices)
    reason = forms.CharField(label="具体情况（不公开）", max_length=300)
