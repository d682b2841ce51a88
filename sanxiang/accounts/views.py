"""Login, the second factor, logout and the workbench (工作台).

Login order: lockout first (a locked name is refused even with the right password), then the password, then
the second factor when the user has a device or ``REQUIRE_OTP`` is on. Wrong passwords and wrong codes count
against the same lockout row (``lockout.py``).
"""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sanxiang.accounts import lockout, otp
from sanxiang.accounts import workbench as workbench_data
from sanxiang.accounts.auth_forms import LoginForm, TokenForm
from sanxiang.cases.views import workbench_todo
from sanxiang.publicity import selectors as publicity_selectors

NEXT_SESSION_KEY = "sanxiang_next"


def lock_message(locked_until, now) -> str:
    return _("账号已锁定，请于 %(time)s 后重试（约 %(minutes)d 分钟）。") % {
        "time": timezone.localtime(locked_until).strftime("%H:%M"),
        "minutes": lockout.minutes_left(locked_until, now),
    }


def failure_message(failure: lockout.Failure, now, wrong: str) -> str:
    if failure.locked_until:
        return lock_message(failure.locked_until, now)
    return _("%(wrong)s，还可尝试 %(n)d 次。") % {"wrong": wrong, "n": failure.remaining}


def next_page(request) -> str:
    target = request.session.pop(NEXT_SESSION_KEY, "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    if request.user.is_authenticated and (request.user.is_verified() or not otp.otp_needed(request.user)):
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username, now = form.cleaned_data["username"], timezone.now()
        locked_until = lockout.check_locked(username, now)
        if locked_until:
            form.add_error(None, lock_message(locked_until, now))
        elif (
            user := auth.authenticate(request, username=username, password=form.cleaned_data["password"])
        ) is None:
            failure = lockout.record_failure(username, now)
            form.add_error(None, failure_message(failure, now, _("用户名或密码错误")))
        else:
            lockout.record_success(username)
            auth.login(request, user)
            request.session[NEXT_SESSION_KEY] = request.GET.get("next", "")
            step = otp.second_factor_step(user)
            return redirect(step) if step else redirect(next_page(request))
    context = {"form": form, "limit": settings.LOGIN_FAILURE_LIMIT, "minutes": settings.LOGIN_LOCKOUT_MINUTES}
    return render(request, "accounts/login.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def otp_verify(request):
    """Second step of login: a code from the enrolled device."""
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:otp_enrol")
    if request.user.is_verified():
        return redirect(next_page(request))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username, now = request.user.get_username(), timezone.now()
        locked_until = lockout.check_locked(username, now)
        if locked_until is None and django_otp.verify_token(
            request.user, device.persistent_id, form.cleaned_data["token"]
        ):
            lockout.record_success(username)
            django_otp.login(request, device)
            return redirect(next_page(request))
        failure = lockout.Failure(0, locked_until) if locked_until else lockout.record_failure(username, now)
        if failure.locked_until:
            # Locked out half-way through: start again from the password once the lock ends.
            auth.logout(request)
            messages.error(request, lock_message(failure.locked_until, now))
            return redirect("accounts:login")
        form.add_error(None, failure_message(failure, now, _("动态验证码错误")))
    return render(request, "accounts/otp_verify.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def otp_enrol(request):
    """双因素认证: set up an authenticator app. Required after the password when REQUIRE_OTP is on and the user
    has no device yet; otherwise offered on the workbench."""
    existing = otp.confirmed_device(request.user)
    if existing is not None and not request.user.is_verified():
        # Adding a device must not become a way around the one already enrolled.
        return redirect("accounts:otp_verify")
    if existing is not None:
        return render(request, "accounts/otp_enrol.html", {"enrolled": True})
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp.confirm_enrolment(device)
            django_otp.login(request, device)
            messages.success(request, _("双因素认证已启用，今后登录需输入动态验证码。"))
            return redirect(next_page(request))
        form.add_error("token", _("动态验证码不正确，请核对手机时间后重新输入。"))
    context = {
        "form": form,
        "enrolled": False,
        "qr_svg": otp.qr_svg(otp.provisioning_uri(device)),
        "secret": otp.secret_text(device),
    }
    return render(request, "accounts/otp_enrol.html", context)


@require_POST
def logout_view(request):
    auth.logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_safe
@otp.staff_page
def workbench(request):
    user = request.user
    department = user.department
    context = {
        "roles": workbench_data.role_labels(user),
        "department": department,
        "agency": department.agency if department else None,
        "certificates": workbench_data.certificate_lines(officer=user, today=timezone.localdate()),
        "otp_enrolled": otp.confirmed_device(user) is not None,
        "todo": workbench_todo(user),
        "publicity": publicity_selectors.workbench_counts(user, timezone.localdate()),
    }
    return render(request, "accounts/workbench.html", context)
