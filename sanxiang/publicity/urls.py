from django.urls import path

from sanxiang.publicity import views

app_name = "publicity"

urlpatterns = [
    path("publicity/", views.queue, name="queue"),
    path("publicity/disclosures/<int:disclosure_id>/", views.disclosure, name="disclosure"),
    path("publicity/disclosures/<int:disclosure_id>/masks/", views.mask_add, name="mask_add"),
    path(
        "publicity/disclosures/<int:disclosure_id>/masks/<int:mask_id>/remove/",
        views.mask_remove,
        name="mask_remove",
    ),  # fmt: skip
    path("publicity/disclosures/<int:disclosure_id>/confirm/", views.confirm, name="confirm"),
    path("publicity/disclosures/<int:disclosure_id>/withhold/", views.withhold, name="withhold"),
    path("publicity/registry/", views.registry, name="registry"),
    path("publicity/registry/publish/", views.registry_publish, name="registry_publish"),
    path("publicity/certificates/", views.certificates, name="certificates"),
]
