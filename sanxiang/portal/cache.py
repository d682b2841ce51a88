"""The cache of rendered decision pages, shared by every server process (docs/portal.md, "Decision page cache").

A decision page changes only when its decision is withdrawn (or corrected) and when its display period ends, so the
rendered bytes are kept for the day in Asia/Shanghai on which they were rendered (the display period is counted in
days) or until the publisher calls ``decision_changed(pk)``.

Two stores:

- **Page files** (the default, one machine): each page is a plain file
  ``<DATA_DIR>/cache/portal-pages/<day>/<language>/decisions/<pk>.html``, written atomically (a temporary file
  in the same directory, then ``os.replace``). Every gunicorn worker reads the same files, and nginx can serve
  them as they are (``portal/nginx.py``). A file is only ever looked up in the directory of today, so a page
  rendered yesterday is never served today, without any timer; the worker job ``portal.page_days_sweep``
  (``portal/jobs.py``) removes the directories of past days.
- **Django's cache framework**, when a deployment configures ``CACHES["portal"]`` (several machines, e.g.
  Redis): entries expire at the next midnight. The nginx front does not apply then (there are no files).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("sanxiang.portal")

PAGES_DIR = Path("cache") / "portal-pages"  # under settings.DATA_DIR

# The day (and key) of this thread's last miss: a page is stored for the day on which its request started to look
# for it, and not stored when midnight fell in between (it may have been rendered for either day).
_asked = threading.local()


@cache
def page_cache() -> BaseCache | None:
    """The configured ``CACHES["portal"]``, or None when the pages are plain files (the default)."""
    if "portal" in settings.CACHES:
        return caches["portal"]
    return None


def pages_dir() -> Path:
    return settings.DATA_DIR / PAGES_DIR


def page_path(pk: int, language: str, day: dt.date) -> Path | None:
    """Where the page of decision ``pk`` in ``language`` rendered on ``day`` is kept (None: not a language of
    ``settings.LANGUAGES``, so nothing of a request's choosing reaches the path)."""
    if language not in dict(settings.LANGUAGES):
        return None
    return pages_dir() / day.isoformat() / language / "decisions" / f"{int(pk)}.html"


def _key(pk: int, language: str) -> str:
    return f"portal:decision:{pk}:{language}"


def seconds_to_midnight(now: dt.datetime | None = None) -> int:
    now = timezone.localtime(now)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


def decision_page_get(pk: int, language: str) -> bytes | None:
    today = timezone.localdate()
    _asked.last = (pk, language, today)
    store = page_cache()
    if store is not None:
        return store.get(_key(pk, language))
    path = page_path(pk, language, today)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:  # not rendered today (or removed by decision_changed)
        return None


def decision_page_set(pk: int, language: str, content: bytes) -> None:
    now = timezone.localtime()
    last = getattr(_asked, "last", None)
    _asked.last = None
    if last is not None and last[:2] == (pk, language) and last[2] != now.date():
        return  # midnight passed while it was rendered: it may show yesterday's state
    store = page_cache()
    if store is not None:
        store.set(_key(pk, language), content, timeout=seconds_to_midnight(now))
        return
    path = page_path(pk, language, now.date())
    if path is not None:
        _write_atomically(path, content)


def _write_atomically(path: Path, content: bytes) -> None:
    """Readers (other workers, nginx) see the old file, no file or the whole new file, never a part."""
    try:
        _make_dirs(path.parent)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # the page is still answered; only not kept (e.g. a day directory just removed)
        logger.warning("portal page %s not cached: %s", path, exc)
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)  # public bytes; nginx's worker user must be able to read them
        os.replace(temporary, path)
    except OSError as exc:
        logger.warning("portal page %s not cached: %s", path, exc)
        Path(temporary).unlink(missing_ok=True)


def _make_dirs(directory: Path) -> None:
    """Create the page directories readable by nginx's worker user whatever the umask: ``cache`` may only be passed
    through (0711), ``portal-pages`` and below are 0755 (the pages are public)."""
    root = pages_dir()
    below = [root / part for part in reversed(directory.relative_to(root).parents[:-1])]
    chain = [root.parent, root, *below, directory]
    for level in chain:
        if level.is_dir():
            continue
        level.parent.mkdir(parents=True, exist_ok=True)
        try:
            level.mkdir()
        except FileExistsError:
            continue
        os.chmod(level, 0o711 if level == root.parent else 0o755)


def _day_dirs() -> list[tuple[dt.date, Path]]:
    found = []
    try:
        entries = list(os.scandir(pages_dir()))
    except FileNotFoundError:
        return []
    for entry in entries:
        try:
            day = dt.date.fromisoformat(entry.name)
        except ValueError:
            continue
        if entry.is_dir(follow_symlinks=False):
            found.append((day, Path(entry.path)))
    return found


def _forget(pk: int) -> None:
    store = page_cache()
    if store is not None:
        store.delete_many([_key(pk, code) for code, _name in settings.LANGUAGES])
        return
    for day, _directory in _day_dirs():  # today's, and any other still on disk
        for code, _name in settings.LANGUAGES:
            page_path(pk, code, day).unlink(missing_ok=True)


def decision_changed(pk: int) -> None:
    """Forget the rendered page of published decision ``pk`` in every language: the publisher calls this after
    withdrew or corrected the decision, inside its transaction or not. Forgotten now and again when the
    transaction commits, so that a request that re-rendered the old row in between is not kept."""
    _forget(pk)
    transaction.on_commit(lambda: _forget(pk))


def page_days_remove(*, today: dt.date) -> int:
    """Remove the page directories of days before ``today`` (none are ever served again); returns how many."""
    removed = 0
    for day, directory in _day_dirs():
        if day < today:
            shutil.rmtree(directory, ignore_errors=True)  # what a late writer adds goes at the next run
            removed += 1
    return removed
