"""The TOTP second factor (django-otp) and the guard that staff pages sit behind.

A staff page needs a logged-in user and, when ``settings.REQUIRE_OTP`` is on or the user has enrolled a device
of their own accord, a session verified with a code (``request.user.is_verified()``, set by
``django_otp.login``). The QR code for enrolment is drawn here as inline SVG: the intranet has no internet,
so nothing may be fetched from elsewhere.
"""

from __future__ import annotations

import base64
import functools
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.records.services import event_append

ISSUER = "三项制度平台"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def otp_needed(user) -> bool:
    """A code is needed when the setting requires it or the user has set up a device."""
    return settings.REQUIRE_OTP or confirmed_device(user) is not None


def second_factor_step(user) -> str | None:
    """The URL name of the step a user who has just given the right password goes to next, if any."""
    if confirmed_device(user) is not None:
        return "accounts:otp_verify"
    if settings.REQUIRE_OTP:
        return "accounts:otp_enrol"
    return None


def staff_page(view):
    """Login (and the second factor, when needed) before a staff page; an idle session says it timed out.

    A session cookie that no longer matches a session means the session expired on the server
    (SESSION_COOKIE_AGE after the last request); logging out deletes the cookie instead.
    """

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
                messages.warning(request, _("登录已超时，请重新登录。"))
            return redirect_to_login(request.get_full_path())
        if not request.user.is_verified() and otp_needed(request.user):
            step = second_factor_step(request.user)
            return redirect(step)
        return view(request, *args, **kwargs)

    return guarded


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one across page reloads, so the QR code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("手机身份验证器"), confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI (Key Uri Format) with our issuer, so the app lists the account as 三项制度平台."""
    label = quote(f"{ISSUER}:{device.user.get_username()}")
    params = urlencode(
        {
            "secret": base64.b32encode(device.bin_key).decode("ascii").rstrip("="),
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{label}?{params}&issuer={quote(ISSUER)}"


def qr_svg(data: str) -> str:
    """An inline ``<svg>`` element (no XML declaration) showing ``data`` as a QR code."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


@transaction.atomic
def confirm_enrolment(device: TOTPDevice) -> None:
    """The code matched: the device becomes the user's second factor and other half-enrolled ones go
    (unconfirmed devices are scratch state, never a record). The enrolment itself is logged."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    event_append(
        actor=device.user,
        action="staff.otp_enrol",
        subject_type="accounts.user",
        subject_id=device.user_id,
        payload={"device": device.pk},
    )
