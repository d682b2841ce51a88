"""Admin for the catalog. Nothing is deleted and nothing in force is edited in place:

- "add" creates version 1 through the ``*_create`` service;
- "change" is the *new version* flow: the form shows the current version; saving it publishes the next version
  (``services.version_publish``) from the date given in “新版本生效日期”, and the old version is closed.
- A closed version is read-only history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from sanxiang.catalog import services
from sanxiang.catalog.models import (
    DiscretionBenchmark,
    DiscretionLevel,
    EnforcementItem,
    InspectionItem,
    ReviewRule,
)

MACHINERY = ["version", "effective_to", "supersedes", "created_at", "created_by"]


class NewVersionForm(forms.ModelForm):
    new_version_from = forms.DateField(
        label="新版本生效日期",
        required=False,
        help_text="修改现行版本时必填：保存即发布新版本，现行版本自该日前一日起失效。",
    )

    def clean(self):
        cleaned = super().clean()
        current = self.instance
        if not current.pk:
            return cleaned
        start = cleaned.get("new_version_from")
        if not start:
            raise ValidationError("修改将发布新版本，请填写新版本生效日期。")
        if start <= current.effective_from:
            raise ValidationError(
                f"新版本的生效日期须晚于现行版本的生效日期 {current.effective_from.isoformat()}。"
            )
        if not (cleaned.get("change_note") or "").strip():
            raise ValidationError("请填写修订说明。")
        return cleaned


class VersionedAdmin(admin.ModelAdmin):
    form = NewVersionForm
    create_service = staticmethod(services.item_create)
    list_filter = ["effective_to"]
    search_fields = ["code"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return MACHINERY
        if obj.effective_to is not None:  # history: everything read-only
            return [f.name for f in obj._meta.concrete_fields]
        return ["code", "effective_from", *MACHINERY]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or obj.effective_to is not None:
            return [f for f in fields if f != "new_version_from"]
        return fields

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.changed_data if f not in {"new_version_from"}}
        if not change:
            fields = {
                f: form.cleaned_data[f]
                for f in form.cleaned_data
                if f not in {"code", "effective_from", "new_version_from", *MACHINERY}
            }
            row = self.create_service(
                actor=request.user, code=obj.code, effective_from=obj.effective_from, **fields
            )
        else:
            note = data.pop("change_note", form.cleaned_data.get("change_note", ""))
            row = services.version_publish(
                actor=request.user,
                current=type(obj).objects.get(pk=obj.pk),
                effective_from=form.cleaned_data["new_version_from"],
                change_note=note,
                changes=data,
            )
            messages.info(request, f"已发布第 {row.version} 版，自 {row.effective_from} 起施行。")
        obj.__dict__.update({k: v for k, v in row.__dict__.items() if not k.startswith("_")})


@admin.register(EnforcementItem)
class EnforcementItemAdmin(VersionedAdmin):
    create_service = staticmethod(services.item_create)
    list_display = [
        "code",
        "name",
        "kind",
        "field",
        "law_name",
        "article",
        "version",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["kind", "field", "life_health", "effective_to"]
    search_fields = ["code", "name", "law_name"]


@admin.register(ReviewRule)
class ReviewRuleAdmin(VersionedAdmin):
    create_service = staticmethod(services.review_rule_create)
    list_display = ["code", "text", "kind", "amount", "version", "effective_from", "effective_to"]


@admin.register(InspectionItem)
class InspectionItemAdmin(VersionedAdmin):
    create_service = staticmethod(services.inspection_item_create)
    list_display = [
        "code",
        "matter",
        "sub_item",
        "ratio",
        "frequency",
        "version",
        "effective_from",
        "effective_to",
    ]


class DiscretionLevelInline(admin.TabularInline):
    model = DiscretionLevel
    extra = 0
    can_delete = False
    readonly_fields = [
        "level",
        "circumstances",
        "penalty_kinds",
        "fine_min",
        "fine_max",
        "other_measures",
        "order",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DiscretionBenchmark)
class DiscretionBenchmarkAdmin(VersionedAdmin):
    """Benchmarks are created with their levels by the service (seed, import); here a new version copies the
    levels of the current one."""

    list_display = ["code", "violation", "item", "version", "effective_from", "effective_to"]
    inlines = [DiscretionLevelInline]

    def has_add_permission(self, request):
        return False
