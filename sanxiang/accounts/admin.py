"""Admin screens for agencies, departments, staff, certificates, training and legal qualifications.

Records the law requires to keep are never deleted here (no delete button, no bulk delete): certificates
are deactivated (停用) with a reason, agencies and departments are marked inactive. New records and status
changes go through ``services.py``, the same functions the command line uses.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from sanxiang.accounts import officer_import, services
from sanxiang.accounts.forms import (
    AgencyForm,
    CertificateIssueForm,
    CertificateStatusForm,
    DeactivateForm,
    OfficerImportForm,
    TrainingRecordForm,
)
from sanxiang.accounts.models import (
    Agency,
    Certificate,
    CertificateStatusChange,
    Department,
    EnforcementField,
    LegalQualification,
    LoginThrottle,
    RoleGrant,
    TrainingRecord,
    User,
)
from sanxiang.core.errors import DomainError
from sanxiang.records.recorded_admin import RecordedAdminMixin


class KeepRecordsMixin:
    """Records kept by law: no delete permission, no bulk delete action."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


def _adopt(obj, created) -> None:
    """Make the admin's unsaved ``obj`` stand for the row a service created (for logging and redirects)."""
    obj.pk = created.pk
    obj.__dict__.update({k: v for k, v in created.__dict__.items() if not k.startswith("_")})
    obj._state.adding = False


@admin.register(Agency)
class AgencyAdmin(RecordedAdminMixin, KeepRecordsMixin, admin.ModelAdmin):
    form = AgencyForm
    list_display = ["name", "credit_code", "division_code", "level", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "credit_code"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        created = services.agency_create(
            actor=request.user,
            name=data["name"],
            short_name=data["short_name"],
            credit_code=data["credit_code"],
            division_code=data["division_code"],
            level=data["level"],
            authority_basis=data["authority_basis"],
        )
        _adopt(obj, created)


@admin.register(Department)
class DepartmentAdmin(RecordedAdminMixin, KeepRecordsMixin, admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "is_active"]
    list_filter = ["agency", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(EnforcementField)
class EnforcementFieldAdmin(RecordedAdminMixin, KeepRecordsMixin, admin.ModelAdmin):
    list_display = ["code", "name", "abbreviation"]
    search_fields = ["code", "name", "abbreviation"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1
    verbose_name = "角色"
    verbose_name_plural = "角色"


@admin.register(User)
class UserAdmin(RecordedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "department", "title", "is_active", "is_staff"]
    list_filter = ["department", "role_grants__role", "is_active", "is_staff"]
    search_fields = ["username", "full_name"]
    inlines = [RoleGrantInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("人员信息", {"fields": ["full_name", "department", "title", "email"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "department", "title", "password1", "password2"],
            },
        ),
    ]
    change_list_template = "admin/accounts/user/change_list.html"

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="accounts_user_import",
            ),
        ]
        return custom + super().get_urls()

    def import_view(self, request):
        """Import officers from .xlsx: the same service as ``sanxiang officers import``."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        form = OfficerImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = officer_import.import_officers(
                    actor=request.user,
                    source=form.cleaned_data["file"],
                    agency=form.cleaned_data["agency"],
                    valid_only=form.cleaned_data["valid_only"],
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
        context = {
            **self.admin_site.each_context(request),
            "title": "从 .xlsx 导入执法人员",
            "opts": self.model._meta,
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/accounts/user/import_officers.html", context)


class StatusChangeInline(admin.TabularInline):
    """The certificate's status history: read-only, appended by the services."""

    model = CertificateStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "old_status", "new_status", "reason", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(RecordedAdminMixin, KeepRecordsMixin, admin.ModelAdmin):
    list_display = ["number", "officer", "field_list", "issued_on", "expires_on", "status", "is_active"]
    list_filter = ["status", "is_active", "fields"]
    search_fields = ["number", "officer__full_name", "officer__username"]
    inlines = [StatusChangeInline]
    change_form_template = "admin/accounts/certificate/change_form.html"

    @admin.display(description="执法类别")
    def field_list(self, obj) -> str:
        return "、".join(field.name for field in obj.fields.all())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("officer").prefetch_related("fields")

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = CertificateIssueForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["officer", "number", "fields", "issued_on", "expires_on", "issuing_authority"]
        return [
            "officer", "number", "fields", "issued_on", "expires_on", "issuing_authority", "status",
            "is_active", "deactivated_at", "deactivated_by", "deactivation_reason",
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # After issue only the issuing authority's name may be corrected; anything else is a new certificate.
        return [name for name in self.get_fields(request, obj) if name != "issuing_authority"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        created = services.certificate_issue(
            actor=request.user,
            officer=data["officer"],
            number=data["number"],
            field_codes=[field.code for field in data["fields"]],
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
            issuing_authority=data["issuing_authority"],
        )
        _adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
        # On add the service has already set the fields and written the first history row.

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="accounts_certificate_status",
            ),
            path(
                "<int:pk>/deactivate/",
                self.admin_site.admin_view(self.deactivate_view),
                name="accounts_certificate_deactivate",
            ),
        ]
        return custom + super().get_urls()

    def _form_view(self, request, pk, form_class, title, perform):
        certificate = get_object_or_404(Certificate, pk=pk)
        if not self.has_change_permission(request, certificate):
            raise PermissionDenied
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                perform(certificate, form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, f"执法证 {certificate.number}：{title}已完成。", messages.SUCCESS)
                return redirect(reverse("admin:accounts_certificate_change", args=[certificate.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}：执法证 {certificate.number}（{certificate.officer}）",
            "opts": self.model._meta,
            "original": certificate,
            "form": form,
        }
        return TemplateResponse(request, "admin/accounts/certificate/action_form.html", context)

    def status_view(self, request, pk):
        def perform(certificate, data):
            services.certificate_change_status(
                actor=request.user,
                certificate=certificate,
                new_status=data["new_status"],
                reason=data["reason"],
            )

        return self._form_view(request, pk, CertificateStatusForm, "变更状态", perform)

    def deactivate_view(self, request, pk):
        def perform(certificate, data):
            services.certificate_deactivate(
                actor=request.user, certificate=certificate, reason=data["reason"]
            )

        return self._form_view(request, pk, DeactivateForm, "停用", perform)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["status_url"] = reverse("admin:accounts_certificate_status", args=[obj.pk])
            context["deactivate_url"] = reverse("admin:accounts_certificate_deactivate", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(CertificateStatusChange)
class CertificateStatusChangeAdmin(KeepRecordsMixin, admin.ModelAdmin):
    list_display = ["certificate", "old_status", "new_status", "reason", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    search_fields = ["certificate__number", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrainingRecord)
class TrainingRecordAdmin(RecordedAdminMixin, KeepRecordsMixin, admin.ModelAdmin):
    list_display = ["officer", "course", "hours", "completed_on", "exam_score", "passed"]
    list_filter = ["passed"]
    search_fields = ["officer__full_name", "course"]

    form = TrainingRecordForm

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        created = services.training_record_add(
            actor=request.user,
            officer=data["officer"],
            course=data["course"],
            hours=data["hours"],
            completed_on=data["completed_on"],
            exam_score=data["exam_score"],
            passed=data["passed"],
        )
        _adopt(obj, created)


@admin.register(LegalQualification)
class LegalQualificationAdmin(RecordedAdminMixin, KeepRecordsMixin, admin.ModelAdmin):
    list_display = ["holder", "certificate_number", "granted_on"]
    search_fields = ["holder__full_name", "certificate_number"]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Failed-login counters; deleting one unlocks the account."""

    list_display = ["username", "failures", "locked_until", "last_failure_at"]
    search_fields = ["username"]
    readonly_fields = ["username", "failures", "locked_until", "last_failure_at"]

    def has_add_permission(self, request) -> bool:
        return False
