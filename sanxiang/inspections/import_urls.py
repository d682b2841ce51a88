"""Pages and API of the target directory and its import (import_views.py, import_api.py); included from
config/urls.py."""

from django.urls import path

from sanxiang.inspections import import_api, import_views

app_name = "targets"

RUN = "inspections/targets/import/<int:run_id>/"
urlpatterns = [
    path("inspections/targets/", import_views.target_list, name="list"),
    path("inspections/targets/import/", import_views.import_form, name="import"),
    path(RUN, import_views.import_run, name="import_run"),
    path(RUN + "status.json", import_views.import_run_status, name="import_status"),
    path("api/inspections/targets/import/", import_api.ImportCollection.as_view(), name="api-imports"),
    path("api/" + RUN, import_api.ImportDetail.as_view(), name="api-import"),
]
