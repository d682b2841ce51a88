"""URLs of the case and review API, under ``api/`` (included at the site root), and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sanxiang.cases import api, item_api
from sanxiang.documents import api as documents_api
from sanxiang.review import api as review_api

app_name = "cases_api"

C = "api/cases/<int:case_id>/"
urlpatterns = [
    path("api/cases/", api.CaseCollection.as_view(), name="cases"),
    path(C, api.CaseDetail.as_view(), name="case"),
    path(C + "actions/<str:action>/", api.CaseAction.as_view(), name="action"),
    path(C + "timeline/", api.CaseTimeline.as_view(), name="timeline"),
    path(C + "evidence/", api.CaseEvidence.as_view(), name="evidence"),
    path(C + "activities/", api.ActivityCollection.as_view(), name="activities"),
    path(C + "activities/<int:activity_id>/signatures/", api.ActivitySign.as_view(), name="activity-sign"),
    path(
        C + "activities/<int:activity_id>/evidence/", api.ActivityEvidence.as_view(), name="activity-evidence"
    ),
    path(
        C + "activities/<int:activity_id>/complete/", api.ActivityComplete.as_view(), name="activity-complete"
    ),
    path(C + "payments/", api.CasePayments.as_view(), name="payments"),
    path(C + "recusals/", api.CaseRecusals.as_view(), name="recusals"),
    path(C + "recusals/<int:recusal_id>/decide/", api.RecusalDecide.as_view(), name="recusal-decide"),
    path(C + "items/", item_api.CaseItems.as_view(), name="items"),
    path(C + "items/<int:item_id>/withdraw/", item_api.CaseItemWithdraw.as_view(), name="item-withdraw"),
    path(C + "documents/", documents_api.CaseDocuments.as_view(), name="documents"),
    path(C + "documents/<int:document_id>/", documents_api.CaseDocument.as_view(), name="document"),
    path(
        C + "documents/<int:document_id>/issue/",
        documents_api.CaseDocumentIssue.as_view(),
        name="document-issue",
    ),
    path(
        C + "documents/<int:document_id>/revise/",
        documents_api.CaseDocumentRevise.as_view(),
        name="document-revise",
    ),
    path(
        C + "documents/<int:document_id>/download.<str:fmt>",
        documents_api.CaseDocumentDownload.as_view(),
        name="document-download",
    ),
    path(C + "review/submissions/", review_api.Submissions.as_view(), name="review-submissions"),
    path(C + "review/opinions/", review_api.Opinions.as_view(), name="review-opinions"),
    path(C + "review/coordination/", review_api.Coordinations.as_view(), name="review-coordination"),
    path(C + "collective/", review_api.Collective.as_view(), name="collective"),
    path("api/deadlines/", api.Deadlines.as_view(), name="deadlines"),
    path("api/notifications/", api.Notifications.as_view(), name="notifications"),
    path(
        "api/notifications/<int:notification_id>/read/",
        api.NotificationRead.as_view(),
        name="notification-read",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="cases_api:schema"), name="docs"),
]
