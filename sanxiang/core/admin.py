"""Admin for working-day schedules: view the loaded years, load a new one from a JSON file (docs/calendar.md).

Rows are history (a reload supersedes, never edits or deletes), so change and delete are off; "add" is the
upload form, which goes through the same service as ``sanxiang calendar load``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from sanxiang.core.calendar import calendar_load
from sanxiang.core.models import CalendarYear, Deadline
from sanxiang.core.workdays import ScheduleFileError, parse_schedule_document

MAX_UPLOAD_BYTES = 256 * 1024


class CalendarUploadForm(forms.ModelForm):
    file = forms.FileField(label="放假安排文件（JSON）", help_text="格式见 docs/calendar.md。")

    class Meta:
        model = CalendarYear
        fields: list[str] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("文件过大（超过 256 KB），放假安排文件通常只有几 KB。")
        try:
            self.document = parse_schedule_document(upload.read())
        except ScheduleFileError as exc:
            raise ValidationError(exc.problems) from None
        return upload


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "version", "source", "loaded_at", "loaded_by", "superseded_at"]
    list_filter = ["year"]
    readonly_fields = [
        "year",
        "version",
        "source",
        "holidays",
        "makeup_workdays",
        "note",
        "loaded_at",
        "loaded_by",
        "superseded_at",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CalendarUploadForm
            kwargs["fields"] = ["file"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["file"]})]
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        outcome = calendar_load(document=form.document, actor=request.user)
        # The admin goes on with ``obj`` (log entry, redirect): make it the row the service stored.
        obj.__dict__.update(outcome.calendar_year.__dict__)
        obj._state = outcome.calendar_year._state
        self.message_user(request, f"已重算期限 {len(outcome.revisions)} 个。", messages.INFO)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = [
        "subject_type",
        "subject_id",
        "kind",
        "start_on",
        "period_days",
        "period_kind",
        "due_on",
        "provisional",
    ]
    list_filter = ["provisional", "period_kind", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
