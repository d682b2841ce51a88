"""Forms of the login page and the second-factor steps.

They only parse input; the decisions (lockout, password check, code check) are in the views and
``lockout.py``. Invalid fields carry ``aria-invalid`` and ``aria-describedby`` pointing at their error, and the
first error gets the focus, so a screen reader announces what went wrong.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

FORM_ERRORS_ID = "form-errors"


class AccessibleForm(forms.Form):
    """Marks invalid fields for assistive technology and puts the focus where the user must act."""

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        self.mark_errors()

    def mark_errors(self) -> None:
        """Recompute the ARIA attributes and the focus from the current errors (views add errors too)."""
        errors = self._errors or {}
        form_errors = bool(errors.get(NON_FIELD_ERRORS))
        invalid = [name for name in self.fields if name in errors]
        for name, field in self.fields.items():
            attrs = field.widget.attrs
            for key in ("aria-describedby", "aria-invalid", "autofocus"):
                attrs.pop(key, None)
            described = [f"{self[name].auto_id}-error"] if name in errors else []
            if field.help_text:
                described.append(f"{self[name].auto_id}_helptext")
            if form_errors:
                described.append(FORM_ERRORS_ID)
            if described:
                attrs["aria-describedby"] = " ".join(described)
            if name in errors:
                attrs["aria-invalid"] = "true"
        # The error summary takes the focus for errors about the whole form, else the first invalid field.
        if invalid and not form_errors:
            self.fields[invalid[0]].widget.attrs["autofocus"] = True


class LoginForm(AccessibleForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
        error_messages={"required": _("请输入用户名。")},
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        # Argon2 is deliberately slow; refuse megabyte "passwords" before hashing them.
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请输入密码。")},
    )


class TokenForm(AccessibleForm):
    """A six-digit code from the authenticator app."""

    token = forms.RegexField(
        label=_("动态验证码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=20,
        help_text=_("打开手机上的身份验证器应用，输入显示的 6 位数字。"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("请输入 6 位动态验证码。"), "invalid": _("动态验证码应为 6 位数字。")},
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()
