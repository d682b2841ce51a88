"""URLs of the case screens, under ``cases/`` (included at the site root)."""

from django.urls import path

from sanxiang.cases import document_views, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/deadlines/", views.deadline_list, name="deadlines"),
    path("cases/new/", views.case_new, name="new"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("cases/<int:case_id>/do/<str:action>/", views.case_action, name="action"),
    path("cases/<int:case_id>/activities/new/", views.activity_new, name="activity"),
    path("cases/<int:case_id>/review/", views.review, name="review"),
    path("cases/<int:case_id>/collective/", views.collective, name="collective"),
    path("cases/<int:case_id>/items/", document_views.item_record, name="item-record"),
    path("cases/<int:case_id>/documents/", document_views.document_draft, name="document-draft"),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/", document_views.document_edit, name="document-edit"
    ),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/issue/",
        document_views.document_issue,
        name="document-issue",
    ),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/revise/",
        document_views.document_revise,
        name="document-revise",
    ),
]
