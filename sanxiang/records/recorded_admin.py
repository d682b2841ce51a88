"""Admin screens write through the record log too.

Saves that go through a service (e.g. issuing a certificate) are logged by the service. Every other save in
the Django admin — a plain change form, an inline row — appends an ``admin.create`` / ``admin.change`` /
``admin.delete`` event here, in the admin's own transaction. The entry names the fields that changed, not
their values: a value may be personal (a name, a phone), and the log never holds one.
"""

from __future__ import annotations

from sanxiang.records.services import event_append


def record_admin_save(*, request, obj, fields, change: bool, deleted: bool = False) -> None:
    action = "admin.delete" if deleted else "admin.change" if change else "admin.create"
    event_append(
        actor=request.user,
        action=action,
        subject_type=obj._meta.label_lower,
        subject_id=obj.pk,
        payload={"fields": sorted(fields)},
    )


class RecordedAdminMixin:
    """ModelAdmin mixin: log each save of the object and of its inline rows."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_admin_save(request=request, obj=obj, fields=form.changed_data, change=change)

    def save_formset(self, request, form, formset, change):
        # Deleted rows must be logged before they are gone (their pk is lost after delete()).
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk is not None:
                record_admin_save(
                    request=request, obj=deleted_form.instance, fields=[], change=True, deleted=True
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_admin_save(request=request, obj=obj, fields=[], change=False)
        for obj, fields in formset.changed_objects:
            record_admin_save(request=request, obj=obj, fields=fields, change=True)
