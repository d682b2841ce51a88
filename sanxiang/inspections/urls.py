"""URLs of 双随机 (included at the site root): staff screens under ``inspections/``, the API under
``api/inspections/`` and the public pages under ``portal/choucha/`` (linked from the portal)."""

from django.urls import path

from sanxiang.inspections import api, views

app_name = "inspections"

P = "inspections/plans/<int:plan_id>/"
A = "api/inspections/"
AP = A + "plans/<int:plan_id>/"
urlpatterns = [
    # staff screens
    path("inspections/", views.plan_list, name="plans"),
    path("inspections/plans/new/", views.plan_new, name="plan_new"),
    path(P, views.plan_page, name="plan"),
    path(P + "commit/", views.plan_commit, name="commit"),
    path(P + "reveal/", views.plan_reveal, name="reveal"),
    path(P + "do/<str:action>/", views.plan_action, name="plan_action"),
    path("inspections/inspectors/", views.inspector_list, name="inspectors"),
    path(
        "inspections/inspectors/register/",
        views.inspector_action,
        {"action": "register"},
        name="inspector_register",
    ),
    path(
        "inspections/inspectors/<int:inspector_id>/<str:action>/",
        views.inspector_action,
        name="inspector_action",
    ),
    path("inspections/tasks/", views.task_list, name="tasks"),
    path("inspections/tasks/<int:task_id>/", views.task_page, name="task"),
    path("inspections/tasks/<int:task_id>/result/", views.task_result, name="task_result"),
    path("inspections/tasks/<int:task_id>/case/", views.task_case, name="task_case"),
    # API
    path(A + "plans/", api.PlanCollection.as_view(), name="api-plans"),
    path(AP, api.PlanDetail.as_view(), name="api-plan"),
    path(AP + "commit/", api.PlanCommit.as_view(), name="api-commit"),
    path(AP + "cancel/", api.PlanCancel.as_view(), name="api-cancel"),
    path(AP + "reveal/", api.PlanReveal.as_view(), name="api-reveal"),
    path(AP + "publish/", api.PlanPublish.as_view(), name="api-publish"),
    path(AP + "results/publish/", api.PlanPublishResults.as_view(), name="api-publish-results"),
    path(A + "tasks/", api.MyTasks.as_view(), name="api-tasks"),
    path(A + "tasks/<int:task_id>/", api.TaskDetail.as_view(), name="api-task"),
    path(A + "tasks/<int:task_id>/result/", api.TaskResult.as_view(), name="api-task-result"),
    path(A + "tasks/<int:task_id>/case/", api.TaskCase.as_view(), name="api-task-case"),
    path(A + "inspectors/", api.InspectorCollection.as_view(), name="api-inspectors"),
    path(
        A + "inspectors/<int:inspector_id>/availability/",
        api.InspectorAvailability.as_view(),
        name="api-inspector-availability",
    ),  # fmt: skip
    path(
        A + "inspectors/<int:inspector_id>/recusals/",
        api.InspectorRecusals.as_view(),
        name="api-inspector-recusals",
    ),
    # public pages (read only the published copies)
    path("portal/choucha/", views.public_plans, name="public_plans"),
    path("portal/choucha/<int:pk>/", views.public_plan, name="public_plan"),
    path("portal/choucha/<int:pk>/draw.json", views.public_draw_json, name="public_draw_json"),
]
