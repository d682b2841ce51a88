"""Deployment settings of the publicity pipeline, read from Django settings or, when absent there, the environment
(the same rule as ``documents/conf.py``). docs/publicity.md lists them with the articles they implement.

- ``SANXIANG_PUBLICITY_PENALTY_DAYS`` (7): working days to publish a penalty (or licence) decision (国办发〔2018〕118号).
- ``SANXIANG_PUBLICITY_OTHER_DAYS`` (20): working days for other enforcement decisions (118号; 政府信息公开条例第二十六条).
- ``SANXIANG_PUBLICITY_WITHHOLD`` (``warning_only,simplified``): further grounds on which a decision is not
  published by default; ``state_secret`` and ``minor`` always apply (保守国家秘密法; 未成年人保护法).
- ``SANXIANG_PUBLICITY_DISPLAY_MONTHS`` (36) and ``SANXIANG_PUBLICITY_DISPLAY_MONTHS_MINOR`` (3): display period
  from publication (市场监督管理行政处罚信息公示规定第十三条: 3 years; 3 months for 通报批评 or a low fine).
- ``SANXIANG_PUBLICITY_LOW_FINE`` (0 = none): the fine at or under which a penalty counts as 较低数额罚款
  (set by the province, 第十三条第二款).
- ``SANXIANG_PUBLIC_URL``: the portal's public address, for the QR codes on certificates (Django setting
  ``PUBLIC_URL``).
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation

from django.conf import settings

ALWAYS_WITHHELD = ("state_secret", "minor")


def _value(name: str, default: str) -> str:
    setting = getattr(settings, name.removeprefix("SANXIANG_"), None)
    if setting not in (None, ""):
        return str(setting)
    return (os.environ.get(name) or default).strip()


def _int(name: str, default: int) -> int:
    try:
        return max(int(_value(name, str(default))), 0)
    except ValueError:
        return default


def penalty_days() -> int:
    return _int("SANXIANG_PUBLICITY_PENALTY_DAYS", 7)


def other_days() -> int:
    return _int("SANXIANG_PUBLICITY_OTHER_DAYS", 20)


def withheld_grounds() -> frozenset[str]:
    configured = _value("SANXIANG_PUBLICITY_WITHHOLD", "warning_only,simplified")
    return frozenset(g.strip() for g in configured.split(",") if g.strip()) | frozenset(ALWAYS_WITHHELD)


def display_months() -> int:
    return _int("SANXIANG_PUBLICITY_DISPLAY_MONTHS", 36)


def display_months_minor() -> int:
    return _int("SANXIANG_PUBLICITY_DISPLAY_MONTHS_MINOR", 3)


def low_fine() -> Decimal:
    try:
        return Decimal(_value("SANXIANG_PUBLICITY_LOW_FINE", "0"))
    except InvalidOperation:
        return Decimal("0")


def public_url() -> str:
    """The portal's absolute base address without a trailing slash ('' when not configured)."""
    return _value("SANXIANG_PUBLIC_URL", "").rstrip("/")


def _flag(name: str, default: bool) -> bool:
    return _value(name, "1" if default else "0").lower() not in {"0", "false", "no", "off"}


def mask_party_name() -> bool:
    """``SANXIANG_PUBLICITY_MASK_PARTY_NAME`` (0): mask a natural-person party's own name too."""
    return _flag("SANXIANG_PUBLICITY_MASK_PARTY_NAME", False)


def mask_legal_representative_name() -> bool:
    """``SANXIANG_PUBLICITY_MASK_LEGAL_REPRESENTATIVE`` (0): mask a legal representative's name too."""
    return _flag("SANXIANG_PUBLICITY_MASK_LEGAL_REPRESENTATIVE", False)
