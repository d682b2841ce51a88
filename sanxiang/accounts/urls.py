from django.urls import path

from sanxiang.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.otp_verify, name="otp_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("workbench/", views.workbench, name="workbench"),
    path("account/two-factor/", views.otp_enrol, name="otp_enrol"),
]
