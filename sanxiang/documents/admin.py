"""Admin: document types, template versions (upload a replacement, checked before use), numbers, documents.

Documents and numbers are read-only here: they change only through the services (issue, new version, void).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from sanxiang.core.errors import DomainError
from sanxiang.documents import services
from sanxiang.documents.models import (
    Document,
    DocumentNumber,
    DocumentTemplate,
    DocumentType,
    NumberingPattern,
    NumberVoid,
    PrenumberedBatch,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "action", "numbered", "nature", "prenumbered")
    # What the workflow requires is the law's (catalogue.REQUIRED_FOR_ACTION, checked by the case guards), not a
    # setting: shown, not edited.
    readonly_fields = ("code", "required_for")

    def has_delete_permission(self, request, obj=None):
        return False


class TemplateUploadForm(forms.ModelForm):
    file = forms.FileField(
        label="模板文件（.docx）", help_text="上传后先检查占位符与语法；有问题时不采用，原模板继续使用。"
    )

    class Meta:
        model = DocumentTemplate
        fields = ("type", "note")

    def clean(self):
        cleaned = super().clean()
        upload, doc_type = cleaned.get("file"), cleaned.get("type")
        if upload is None or doc_type is None:
            return cleaned
        try:
            self.instance_saved = services.template_upload(
                actor=self.request_user, doc_type=doc_type, data=upload.read(), filename=upload.name,
                note=cleaned.get("note") or "",
            )  # fmt: skip
        except DomainError as exc:
            problems = getattr(exc, "problems", None) or [exc.message]
            raise forms.ValidationError(["模板未采用，原模板继续使用。", *problems]) from None
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("type", "version", "active", "is_default", "filename", "uploaded_by", "uploaded_at")
    list_filter = ("type", "active")
    actions = ["make_active"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        form = TemplateUploadForm
        form.request_user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "type",
            "version",
            "blob",
            "filename",
            "is_default",
            "active",
            "uploaded_by",
            "uploaded_at",
            "note",
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        form.instance = form.instance_saved  # the service has saved it already

    def save_related(self, request, form, formsets, change):
        pass

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="设为在用版本")
    def make_active(self, request, queryset):
        for template in queryset[:1]:
            services.template_activate(actor=request.user, template=template)
            messages.success(request, f"{template} 已设为在用。")


@admin.register(NumberingPattern)
class NumberingPatternAdmin(admin.ModelAdmin):
    list_display = ("agency", "pattern")

    def save_model(self, request, obj, form, change):
        from sanxiang.documents.number_pattern import PatternError, check_pattern

        try:
            check_pattern(obj.pattern)
        except PatternError as exc:
            messages.error(request, str(exc))
            return
        super().save_model(request, obj, form, change)


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ReadOnlyAdmin):
    list_display = ("text", "status", "type", "agency", "year", "seq", "batch")
    list_filter = ("status", "type", "year")
    search_fields = ("text",)


@admin.register(NumberVoid)
class NumberVoidAdmin(ReadOnlyAdmin):
    list_display = ("number", "reason", "voided_by", "voided_at")


@admin.register(PrenumberedBatch)
class PrenumberedBatchAdmin(ReadOnlyAdmin):
    list_display = ("series", "first", "last", "agency", "type", "reserved_by", "reserved_at")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("type", "number", "version", "status", "subject_type", "subject_id", "issued_at")
    list_filter = ("status", "type")
    exclude = ("context",)  # personal data: shown in the preview, to those who may see the case
