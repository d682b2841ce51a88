from django.urls import path

from sanxiang.documents import views

app_name = "documents"

urlpatterns = [
    path("documents/<int:document_id>/preview/", views.preview, name="preview"),
    path("documents/<int:document_id>/download.<str:fmt>", views.download, name="download"),
]
