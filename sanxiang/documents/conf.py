"""Deployment settings of the documents app, read from Django settings or, when absent there, the environment.

- ``SANXIANG_DOCUMENT_FONT_BODY`` (default 仿宋) and ``SANXIANG_DOCUMENT_FONT_TITLE`` (default 宋体): font names
  written into the default templates (East Asian attribute ``w:eastAsia`` included). LibreOffice substitutes an
  installed CJK font (e.g. Noto Serif/Sans CJK via fontconfig) when the named one is missing.
- ``SANXIANG_DOCUMENT_NUMBER_PATTERN``: the default 文号 pattern (number_pattern.py), overridable per agency.
- ``SANXIANG_DOCUMENT_CONVERTER_PORT`` (2003) / ``SANXIANG_DOCUMENT_UNO_PORT`` (2002): loopback ports of the
  PDF converter (unoserver's XML-RPC server and LibreOffice's UNO socket).
- ``SANXIANG_DOCUMENT_UNO_PYTHON`` (/usr/bin/python3): the Python that has LibreOffice's ``uno`` module
  (Debian's python3-uno) and runs the converter server.
- ``SANXIANG_DOCUMENT_SOFFICE`` (soffice on PATH): the LibreOffice executable.
- ``SANXIANG_DOCUMENT_PDF`` (1): make the PDF/A copy when a document is issued (0: leave it to the worker job).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings

from sanxiang.documents.number_pattern import DEFAULT_PATTERN


def _value(name: str, default: str) -> str:
    setting = getattr(settings, name.removeprefix("SANXIANG_"), None)
    if setting not in (None, ""):
        return str(setting)
    return (os.environ.get(name) or default).strip()


def font_body() -> str:
    return _value("SANXIANG_DOCUMENT_FONT_BODY", "仿宋")


def font_title() -> str:
    return _value("SANXIANG_DOCUMENT_FONT_TITLE", "宋体")


def number_pattern() -> str:
    return _value("SANXIANG_DOCUMENT_NUMBER_PATTERN", DEFAULT_PATTERN)


def converter_port() -> int:
    return int(_value("SANXIANG_DOCUMENT_CONVERTER_PORT", "2003"))


def uno_port() -> int:
    return int(_value("SANXIANG_DOCUMENT_UNO_PORT", "2002"))


def uno_python() -> str:
    return _value("SANXIANG_DOCUMENT_UNO_PYTHON", "/usr/bin/python3")


def soffice() -> str | None:
    configured = _value("SANXIANG_DOCUMENT_SOFFICE", "")
    return configured or shutil.which("soffice") or shutil.which("libreoffice")


def pdf_on_issue() -> bool:
    return _value("SANXIANG_DOCUMENT_PDF", "1").lower() not in {"0", "false", "no", "off"}


def work_dir() -> Path:
    """Where the converter keeps its LibreOffice profile, lock and log (under the data dir)."""
    path = Path(settings.DATA_DIR) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path
