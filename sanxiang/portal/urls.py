from django.urls import path

from sanxiang.portal import opendata, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions.csv", opendata.decisions_csv, name="decisions_csv"),
    path("decisions.atom", opendata.DecisionFeed(), name="feed"),
    path("withdrawals/", views.withdrawals, name="withdrawals"),
    path("registry/<slug:section>/", views.registry, name="registry"),
    path("registry/<slug:section>/v<int:version>/", views.registry_history, name="registry_history"),
    path("check/<str:token>/", views.certificate, name="certificate"),
    path("checkpoints/", views.checkpoints, name="checkpoints"),
    path("api/decisions", opendata.api_decisions, name="api_decisions"),
]
