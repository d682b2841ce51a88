"""Settings come from the environment; a bad one stops start-up with a message naming it (exit code 2)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from sanxiang.config import environment


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-m", "sanxiang", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/sanxiang"),
        ("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432"),
        ("SECRET_KEY", "short"),
        ("ALLOWED_HOSTS", " , "),
        ("SANXIANG_LOGIN_FAILURE_LIMIT", "five"),
        ("SANXIANG_SESSION_IDLE_MINUTES", "0"),
        ("SANXIANG_LOG_SEQUENCER", "fast"),
        ("SANXIANG_LOG_SEQUENCER", "batch"),  # batch is PostgreSQL's; this runs on SQLite
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_setting(tmp_path, name, value):
    result = run_cli("check", env={"SANXIANG_DATA_DIR": str(tmp_path), name: value})
    assert result.returncode == 2
    assert f"配置项 {name} 有误" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unwritable_data_dir_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run_cli("check", env={"SANXIANG_DATA_DIR": str(blocker / "data")})
    assert result.returncode == 2
    assert "SANXIANG_DATA_DIR" in result.stderr


def test_secret_key_is_generated_once_into_the_data_dir_readable_by_the_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = environment.secret_key(tmp_path)
    second = environment.secret_key(tmp_path)
    assert first == second and len(first) >= 50
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_sqlite_is_the_default_in_wal_mode_under_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = environment.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "sanxiang.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_the_sqlite_file_really_is_in_wal_mode(tmp_path):
    result = run_cli(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0])",
        env={"SANXIANG_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def test_postgresql_url_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://sx@db.internal:5433/sanxiang")
    config = environment.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.internal",
        5433,
        "sanxiang",
        "sx",
    )


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("on", True), ("No", False), ("", False)])
def test_debug_words(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert environment.env_bool("DEBUG", False) is expected


def test_debug_is_off_by_default(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert environment.env_bool("DEBUG", False) is False
