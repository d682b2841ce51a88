"""URLs of the evidence store: staff pages under ``evidence/``, the API under ``api/evidence/``.

Included at the site root: ``path("", include("sanxiang.records.evidence_urls"))``.
"""

from django.urls import path

from sanxiang.records import evidence_api as api
from sanxiang.records import evidence_views as views

app_name = "evidence"

urlpatterns = [
    path("evidence/upload/", views.upload, name="upload"),
    path("evidence/<int:item_id>/", views.item, name="item"),
    path("evidence/<int:item_id>/download/", views.download, name="download"),
    path("evidence/<int:item_id>/links/", views.link, name="link"),
    path("evidence/<int:item_id>/links/<int:link_id>/unlink/", views.unlink, name="unlink"),
    path("api/evidence/", api.ItemCollection.as_view(), name="api-items"),
    path("api/evidence/uploads/", api.UploadCollection.as_view(), name="api-uploads"),
    path("api/evidence/uploads/<uuid:session_id>/", api.UploadDetail.as_view(), name="api-upload"),
    path(
        "api/evidence/uploads/<uuid:session_id>/complete/", api.UploadComplete.as_view(), name="api-complete"
    ),
    path("api/evidence/<int:item_id>/", api.ItemDetail.as_view(), name="api-item"),
    path("api/evidence/<int:item_id>/download/", api.ItemDownload.as_view(), name="api-download"),
    path("api/evidence/<int:item_id>/links/", api.ItemLinks.as_view(), name="api-links"),
    path(
        "api/evidence/<int:item_id>/links/<int:link_id>/unlink/", api.ItemUnlink.as_view(), name="api-unlink"
    ),
]
