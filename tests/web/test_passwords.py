"""Password rules: at least 8 characters and 3 of 4 character classes, plus Django's common-password and
similarity checks (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sanxiang.accounts.models import User
from sanxiang.accounts.passwords import CharacterClassValidator


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("abcdefgh", False),  # lower only
        ("abcdEFGH", False),  # two classes
        ("abcd1234", False),
        ("abcdEF12", True),
        ("abcd12#$", True),
        ("ABCD12#$", True),
        ("执法检查abc1", False),  # Chinese characters are letters without case: not a class of their own
    ],
)
def test_character_class_validator_needs_three_classes(password, accepted):
    validator = CharacterClassValidator(min_classes=3)
    if accepted:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError, match="至少 3 类"):
            validator.validate(password)


@pytest.mark.parametrize(
    "password",
    [
        "Ab1#",  # too short
        "password",  # common, one class
        "Password1",  # common
        "abcdefgh",  # one class
    ],
)
def test_configured_validators_reject_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.django_db
def test_password_like_the_username_is_rejected():
    user = User(username="zhangwei2026", full_name="张伟")
    with pytest.raises(ValidationError):
        validate_password("Zhangwei2026", user=user)


def test_a_strong_password_passes():
    validate_password("Jiancha#2026")
