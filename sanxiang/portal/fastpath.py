"""A WSGI wrapper that answers a cached decision page before Django's middleware and URL resolver run.

A cached decision page is the same bytes for everyone (no session, no form token, no personal content), so
nothing the middleware stack would do changes it except its headers, which are set here the same way. On a
miss, or for any other path or method, the request goes to Django unchanged; the view then renders and caches
the page (``portal/cache.py``: today's page file, or ``CACHES["portal"]``), so both paths serve the same bytes.
Enabled in ``sanxiang/config/wsgi.py``. The nginx front (``portal/nginx.py``) serves the same page files with the
headers of ``_headers`` (generated from it) before a request reaches gunicorn at all.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import get_language_from_request

from sanxiang.portal import cache

_DECISION = re.compile(r"^/portal/decisions/([0-9]{1,18})/$")


def _headers(content: bytes, language: str) -> list[tuple[str, str]]:
    """The headers of a cached decision page; ``portal/nginx.py`` writes the same ones into its config."""
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(content))),
        ("Cache-Control", "public, max-age=300"),
        ("Vary", "Accept-Language, Cookie"),
        ("Content-Language", language),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin"),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY or "same-origin"),
        ("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY")),
    ]
    return headers


def cached_decision_pages(application):
    """Wrap the Django WSGI ``application``."""
    from django.core.handlers.wsgi import WSGIRequest

    def serve(environ, start_response):
        match = _DECISION.match(environ.get("PATH_INFO", ""))
        if match is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return application(environ, start_response)
        language = get_language_from_request(WSGIRequest(environ))
        content = cache.decision_page_get(int(match.group(1)), language)
        if content is None:
            return application(environ, start_response)
        start_response("200 OK", _headers(content, language))
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [content]

    return serve
