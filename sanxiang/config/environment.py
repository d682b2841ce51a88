"""Reading settings from the environment.

Every bad value stops start-up with :class:`SettingError`, whose message names the setting and says how to fix
it. The CLI turns it into exit code 2 (docs/cli.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class SettingError(ImproperlyConfigured):
    """A setting from the environment is malformed."""

    def __init__(self, name: str, problem: str):
        self.name = name
        super().__init__(f"配置项 {name} 有误：{problem}")


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingError(name, f"“{raw}” 不是布尔值，请用 1/0、true/false、yes/no 或 on/off。")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(name, f"“{raw}” 不是整数。") from None
    if value < minimum:
        raise SettingError(name, f"{value} 小于允许的最小值 {minimum}。")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise SettingError(name, "不能为空，请用逗号分隔多个主机名，例如 example.gov.cn,127.0.0.1。")
    return items


def data_dir() -> Path:
    """SANXIANG_DATA_DIR, default ``~/.local/share/sanxiang`` (created when missing)."""
    raw = os.environ.get("SANXIANG_DATA_DIR")
    path = Path(raw).expanduser() if raw else Path.home() / ".local" / "share" / "sanxiang"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingError("SANXIANG_DATA_DIR", f"无法创建目录 {path}：{exc.strerror}。") from None
    if not os.access(path, os.W_OK):
        raise SettingError("SANXIANG_DATA_DIR", f"目录 {path} 不可写。")
    return path.resolve()


def secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else from ``<data dir>/secret_key``, generated on first run."""
    raw = os.environ.get("SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise SettingError(
                "SECRET_KEY", "长度不足 32 个字符；请删除该变量以自动生成，或设置更长的随机值。"
            )
        return raw
    key_file = directory / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(50)
    # Create with mode 0600 so that other users on the server cannot read it.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def database(directory: Path) -> dict:
    """DATABASE_URL (PostgreSQL) or, when absent, SQLite in WAL mode under the data dir."""
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        return sqlite_database(directory / "sanxiang.sqlite3")
    parts = urlsplit(raw)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        import dj_database_url

        if not parts.path.strip("/"):
            raise SettingError(
                "DATABASE_URL", "缺少数据库名，例如 postgresql://user@127.0.0.1:5432/sanxiang。"
            )
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
        config.setdefault("TEST", {})
        return config
    if parts.scheme == "sqlite":
        path = raw.removeprefix("sqlite:///") if raw.startswith("sqlite:///") else ""
        if not path:
            raise SettingError("DATABASE_URL", "SQLite 地址应形如 sqlite:////绝对路径/sanxiang.sqlite3。")
        return sqlite_database(Path(path))
    raise SettingError(
        "DATABASE_URL",
        f"不支持的数据库类型“{parts.scheme or raw}”；请用 postgresql://用户@主机:端口/库名，或删除该变量以使用 SQLite。",
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN so
            # that two writers queue instead of failing half-way with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": os.environ.get("SANXIANG_TEST_SQLITE") or None},
    }
