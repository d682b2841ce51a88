"""Placeholder views; the login page and workbench are built in accounts/views.py (issue 2, part 5)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

login_view = auth_views.LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


@login_required
def workbench(request):
    return HttpResponse("工作台")
