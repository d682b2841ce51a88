"""Fast password hashing for these tests: hashing strength is not what they check (Argon2 costs ~0.4 s)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
