"""The nginx front of the portal: a config that serves decision pages from the page files (``portal/cache.py``)
and proxies everything else to gunicorn (``sanxiang portal nginx-config``; docs/portal.md, "nginx front").

nginx serves ``/portal/decisions/<pk>/`` (GET/HEAD) from ``<pages>/<today>/<language>/decisions/<pk>.html`` only
when it can be sure of both parts of the path; in every other case Django answers (and writes the file):

- **today**: the date part of ``$time_iso8601`` (nginx's local time), used only when its UTC offset is the one
  of ``settings.TIME_ZONE`` (+08:00 for Asia/Shanghai), i.e. when nginx runs with ``TZ=Asia/Shanghai``.
  Otherwise every decision page is proxied: a wrong TZ costs speed, never a page of another day.
- **the language**: only ``LANGUAGE_CODE`` (zh-hans), for requests where Django (``get_language_from_request``:
  the ``django_language`` cookie, then Accept-Language, then ``LANGUAGE_CODE``) certainly chooses it: no
  language cookie, and an Accept-Language that is empty or whose first entry has no q value (nothing ranks above
  it) and is ``zh`` or ``zh-…`` (``zh-CN``, ``zh-Hant-TW``: zh-hans is the only Chinese of ``LANGUAGES``; a
  header Django cannot parse also gives ``LANGUAGE_CODE``). English pages and everything else come from
  Django (tests/portal/test_nginx.py compares the choice with Django's).

The response headers are the fast path's (``fastpath._headers``), generated from it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from sanxiang.portal import cache, fastpath

DECISION_LOCATION = r"^/portal/decisions/(?<sanxiang_pk>[1-9][0-9]{0,17})/$"


def utc_offsets(zone_name: str) -> list[str]:
    """The UTC offsets of ``zone_name`` in this year's winter and summer, as nginx prints them (``+08:00``)."""
    zone = ZoneInfo(zone_name)
    year = dt.date.today().year
    found = []
    for month in (1, 7):
        offset = dt.datetime(year, month, 1, 12, tzinfo=zone).strftime("%z")
        text = f"{offset[:3]}:{offset[3:]}"
        if text not in found:
            found.append(text)
    return found


def accept_language_pattern() -> str | None:
    """A regex (for nginx) of the Accept-Language values for which Django certainly chooses ``LANGUAGE_CODE``;
    None when there is no such certainty beyond the empty header (another language of ``settings.LANGUAGES``
    shares its primary subtag, as zh-hant would)."""
    primary = settings.LANGUAGE_CODE.split("-")[0]
    same = [code for code, _name in settings.LANGUAGES if code.split("-")[0] == primary]
    if same != [settings.LANGUAGE_CODE] or not re.fullmatch(r"[a-z]{1,8}", primary):
        return None
    return rf"~*^{primary}(-[a-z0-9]{{1,8}}){{0,4}}[ \t]*(,|$)"


def page_headers() -> list[tuple[str, str]]:
    """The headers nginx adds to a page file: the fast path's, less the ones nginx makes itself."""
    return [
        (name, value)
        for name, value in fastpath._headers(b"", settings.LANGUAGE_CODE)
        if name not in ("Content-Type", "Content-Length")
    ]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def server_config(*, listen: str, upstream: str, pages: Path | None = None, keepalive: int = 16) -> str:
    """The ``map``s, ``upstream`` and ``server`` blocks (for nginx's ``http`` context); ``keepalive``: idle
    connections to gunicorn kept open per nginx worker (0: a connection per request)."""
    pages = pages or cache.pages_dir()
    pool = f"\n    keepalive {keepalive};" if keepalive else ""
    reuse = '\n    proxy_set_header Connection "";' if keepalive else ""
    offsets = "|".join(re.escape(o) for o in utc_offsets(settings.TIME_ZONE))
    language = settings.LANGUAGE_CODE
    languages = f'    "" {language};'
    if (pattern := accept_language_pattern()) is not None:
        languages += f"\n    {_quote(pattern)} {language};"
    headers = "\n".join(f"        add_header {name} {_quote(value)};" for name, value in page_headers())
    return f"""# Sanxiang portal: decision pages from the page files, everything else from gunicorn (docs/portal.md).
# nginx must run with TZ={settings.TIME_ZONE} (else it proxies every decision page) and may read {pages}.

# Today in {settings.TIME_ZONE}, only when nginx's local time is that zone's.
map $time_iso8601 $sanxiang_day {{
    default "";
    "~^(?<d>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})T[0-9:]{{8}}({offsets})$" $d;
}}

# The language Django would choose, when it is certain from Accept-Language alone (no q value on the first entry).
map $http_accept_language $sanxiang_accept_language {{
    default "";
{languages}
}}

# A page file may answer: GET or HEAD, no language cookie, known language, known day.
map "$request_method:$cookie_{settings.LANGUAGE_COOKIE_NAME}:$sanxiang_accept_language:$sanxiang_day" $sanxiang_page {{
    default "";
    "~^(GET|HEAD)::(?<l>[a-z-]+):(?<d>[0-9-]+)$" "/$d/$l";
}}

upstream sanxiang_django {{
    server {upstream};{pool}
}}

server {{
    listen {listen};

    client_max_body_size 0;  # evidence uploads stream to Django, which enforces its own limits
    proxy_request_buffering off;
    proxy_http_version 1.1;
    proxy_read_timeout 120s;{reuse}
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;

    location ~ "{DECISION_LOCATION}" {{
        error_page 418 = @django;
        if ($sanxiang_page = "") {{
            return 418;
        }}
        root {_quote(str(pages))};
        try_files $sanxiang_page/decisions/$sanxiang_pk.html @django;
        types {{ }}
        default_type "text/html; charset=utf-8";
        etag off;
        max_ranges 0;
        add_header Last-Modified "";
{headers}
    }}

    location @django {{
        proxy_pass http://sanxiang_django;
    }}

    location / {{
        proxy_pass http://sanxiang_django;
    }}
}}
"""


def full_config(
    *,
    listen: str,
    upstream: str,
    pages: Path | None = None,
    workers: str = "auto",
    user: str | None = None,
    runtime_dir: Path | None = None,
    access_log: str | None = None,
    keepalive: int = 16,
) -> str:
    """A complete ``nginx.conf``: ``runtime_dir`` holds the pid file, the error log and the temporary files
    (default: nginx's own paths); ``access_log`` a path or ``off`` (default: nginx's)."""
    lines = [f"worker_processes {workers};"]
    if user:
        lines.append(f"user {user};")
    http = ["    server_tokens off;"]
    if runtime_dir is not None:
        lines += [f"pid {runtime_dir}/nginx.pid;", f"error_log {runtime_dir}/error.log;"]
        http += [
            f"    {kind}_temp_path {runtime_dir}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ]
    if access_log:
        http.append(f"    access_log {access_log};")
    server = server_config(listen=listen, upstream=upstream, pages=pages, keepalive=keepalive)
    body = "\n".join(http) + "\n\n" + "\n".join("    " + line if line else "" for line in server.splitlines())
    return "\n".join(lines) + f"\nevents {{ worker_connections 1024; }}\n\nhttp {{\n{body}\n}}\n"
