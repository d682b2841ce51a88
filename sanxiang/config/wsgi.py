"""WSGI entry point used by ``sanxiang serve`` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
application = get_wsgi_application()

# Cached public decision pages are answered before the middleware stack (docs/portal.md).
from sanxiang.portal.fastpath import cached_decision_pages  # noqa: E402

application = cached_decision_pages(application)
