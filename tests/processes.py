"""Separate processes on the test database, for tests of what several workers do at once.

They are *spawned*, not forked: a fork would copy this process's other threads' state (the live server's
database connection, Playwright's event loop) into the child, and that made such tests fail now and then.
A spawned child starts a fresh interpreter, sets Django up and points its connection at the test database.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os

from django.db import connection

CONTEXT = multiprocessing.get_context("spawn")


def _bootstrap(target: str, database_name: str, sequencer: str, args: tuple) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database_name
    from django.conf import settings

    settings.LOG_SEQUENCER = sequencer  # the parent test's choice (tests/conftest.py)
    module_name, function_name = target.split(":")
    try:
        getattr(importlib.import_module(module_name), function_name)(*args)
    finally:
        connections.close_all()


def start(target: str, *args) -> multiprocessing.Process:
    """Start ``module:function(*args)`` in a new process on the current test database."""
    from django.conf import settings

    process = CONTEXT.Process(
        target=_bootstrap, args=(target, connection.settings_dict["NAME"], settings.LOG_SEQUENCER, args)
    )
    process.start()
    return process
