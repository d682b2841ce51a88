from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "三项制度平台 管理"
admin.site.site_title = "三项制度平台"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:workbench", permanent=False)),
    path("", include("sanxiang.accounts.urls")),
    path("", include("sanxiang.records.urls")),
    path("", include("sanxiang.records.evidence_urls")),
    path("", include("sanxiang.cases.api_urls")),
    path("", include("sanxiang.cases.urls")),
    path("", include("sanxiang.documents.urls")),
    path("", include("sanxiang.publicity.urls")),
    path("", include("sanxiang.inspections.urls")),
    path("", include("sanxiang.inspections.import_urls")),
    path("portal/", include("sanxiang.portal.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
