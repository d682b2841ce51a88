"""Admin for 双随机: read-only. Plans, commitments, draws, tasks and results change only through the services
(each writes its record-log event), so the admin shows them and offers no add, change or delete."""

from __future__ import annotations

from django.contrib import admin

from sanxiang.inspections.models import (
    Commitment,
    Draw,
    Inspector,
    InspectorRecusal,
    Plan,
    PublishedPlan,
    Result,
    Task,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "user", "is_available", "is_active"]
    search_fields = ["public_id", "user__full_name"]


@admin.register(InspectorRecusal)
class RecusalAdmin(ReadOnlyAdmin):
    list_display = ["inspector", "target", "kind", "declared_at", "ended_at"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "status", "period_start", "period_end"]
    list_filter = ["status"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "source_name", "source_after", "committed_at"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ["plan", "value", "revealed_at"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "target", "assigned_on"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["task", "outcome", "inspected_on", "published_at", "case"]


@admin.register(PublishedPlan)
class PublishedPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency_name", "status", "committed_at"]
