from django.urls import path

from sanxiang.records import views

app_name = "records"

urlpatterns = [
    path("log/checkpoints/", views.checkpoint_list, name="checkpoints"),
    path("log/checkpoints.txt", views.checkpoint_notes, name="checkpoint-notes"),
    path("api/log/checkpoints", views.api_checkpoints, name="api-checkpoints"),
    path("api/log/proof/inclusion", views.api_inclusion_proof, name="api-inclusion-proof"),
    path("api/log/proof/consistency", views.api_consistency_proof, name="api-consistency-proof"),
    path("records/timeline/<str:subject_type>/<str:subject_id>/", views.timeline, name="timeline"),
]
