"""Input serializers of the inspection API: the form of the input only; the services check every rule."""

from __future__ import annotations

from rest_framework import serializers

from sanxiang.inspections.models import InspectorRecusal, Result, Target


class PlanItemIn(serializers.Serializer):
    item = serializers.CharField(help_text="随机抽查事项代码（现行版本），如 insp.public_places.lodging")
    department = serializers.IntegerField(required=False, help_text="实施部门编号；缺省为本人所在部门")


class PlanIn(serializers.Serializer):
    """制定抽查计划."""

    title = serializers.CharField(max_length=200)
    items = PlanItemIn(many=True)
    ratios = serializers.DictField(child=serializers.CharField(), help_text='如 {"A": "0.05", "D": "1"}')
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    frequency = serializers.CharField(max_length=100)
    team_size = serializers.IntegerField(required=False, default=2)
    industries = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    regions = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(Target.Kind.values), required=False, default=list
    )
    same_region = serializers.BooleanField(required=False, default=False)
    max_tasks_per_inspector = serializers.IntegerField(required=False, allow_null=True, default=None)


class CommitIn(serializers.Serializer):
    source_name = serializers.CharField(max_length=200, help_text="随机源名称，如某期彩票开奖号码")
    source_after = serializers.DateTimeField(help_text="取值时间（ISO 8601，须含时区，且晚于现在）")
    source_description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RevealIn(serializers.Serializer):
    value = serializers.CharField(max_length=500, help_text="随机源公布的数值，按承诺写明的方法录入")


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ResultIn(serializers.Serializer):
    outcome = serializers.ChoiceField(Result.Outcome.values)
    inspected_on = serializers.DateField()
    site_record = serializers.CharField(help_text="现场笔录内容")
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="公开的检查情况摘要"
    )
    site_record_item = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                help_text="现场笔录扫描件的证据编号")  # fmt: skip
    evidence = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class OpenCaseIn(serializers.Serializer):
    item = serializers.CharField(help_text="执法事项代码，如 public_places.unlicensed")
    facts = serializers.CharField(required=False, allow_blank=True, default="")


class InspectorIn(serializers.Serializer):
    user = serializers.IntegerField()
    regions = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class AvailabilityIn(serializers.Serializer):
    available = serializers.BooleanField()
    unavailable_from = serializers.DateField(required=False, allow_null=True, default=None)
    unavailable_to = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RecusalIn(serializers.Serializer):
    target = serializers.CharField(help_text="检查对象的统一社会信用代码")
    kind = serializers.ChoiceField(InspectorRecusal.Kind.values)
    reason = serializers.CharField(max_length=300)
