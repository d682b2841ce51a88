"""WSGI entry point used by ``sanxiang serve`` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
application = get_wsgi_application()
