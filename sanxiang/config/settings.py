"""Django settings, read from the environment (README "配置 / Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

from sanxiang.config import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.data_dir()

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.env_bool("DEBUG", False)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.env_list(
    "CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sanxiang.core",
    "sanxiang.accounts",
    "sanxiang.records",
    "sanxiang.catalog",
    "sanxiang.cases",
    "sanxiang.review",
    "sanxiang.documents",
    "sanxiang.publicity",
    "sanxiang.portal",
    "sanxiang.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sanxiang.config.urls"
WSGI_APPLICATION = "sanxiang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2 first: new and re-hashed passwords use it; the others only read hashes made elsewhere.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "sanxiang.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

# Login protection (accounts/lockout.py): 5 failures lock the account for 15 minutes.
LOGIN_FAILURE_LIMIT = env.env_int("SANXIANG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env.env_int("SANXIANG_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# TOTP second factor for staff (django-otp); when on, every staff login needs a code.
REQUIRE_OTP = env.env_bool("SANXIANG_REQUIRE_OTP", False)

# Idle sessions end after 30 minutes: the expiry moves forward with every request.
SESSION_COOKIE_AGE = env.env_int("SANXIANG_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.env_bool("SANXIANG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise looks here at start-up, before the first collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Evidence files (records/evidence_store.py, docs/evidence.md): stored under their hash, on local disk under the
# data dir by default, or in S3-compatible object storage (django-storages) with SANXIANG_EVIDENCE_STORAGE=s3.
EVIDENCE_STORAGE = (os.environ.get("SANXIANG_EVIDENCE_STORAGE") or "local").strip().lower()
if EVIDENCE_STORAGE == "local":
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "evidence", "directory_permissions_mode": 0o750},
    }
elif EVIDENCE_STORAGE == "s3":
    for _name in (
        "SANXIANG_S3_ENDPOINT_URL",
        "SANXIANG_S3_BUCKET",
        "SANXIANG_S3_ACCESS_KEY",
        "SANXIANG_S3_SECRET_KEY",
    ):
        if not os.environ.get(_name, "").strip():
            raise env.SettingError(_name, "SANXIANG_EVIDENCE_STORAGE=s3 时必须设置。")
    if not os.environ["SANXIANG_S3_ENDPOINT_URL"].strip().startswith(("http://", "https://")):
        raise env.SettingError(
            "SANXIANG_S3_ENDPOINT_URL", "应形如 https://s3.example.gov.cn 或 http://127.0.0.1:8333。"
        )
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": os.environ["SANXIANG_S3_ENDPOINT_URL"].strip(),
            "bucket_name": os.environ["SANXIANG_S3_BUCKET"].strip(),
            "access_key": os.environ["SANXIANG_S3_ACCESS_KEY"].strip(),
            "secret_key": os.environ["SANXIANG_S3_SECRET_KEY"].strip(),
            "region_name": (os.environ.get("SANXIANG_S3_REGION") or "us-east-1").strip(),
            "location": "evidence",
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    raise env.SettingError(
        "SANXIANG_EVIDENCE_STORAGE", f"“{EVIDENCE_STORAGE}” 不受支持，请用 local（默认）或 s3。"
    )
EVIDENCE_MAX_BYTES = env.env_int("SANXIANG_EVIDENCE_MAX_MIB", 65536, minimum=1) * 1024 * 1024
EVIDENCE_PIECE_MAX_BYTES = env.env_int("SANXIANG_EVIDENCE_PIECE_MAX_MIB", 64, minimum=1) * 1024 * 1024
EVIDENCE_UPLOAD_HOURS = env.env_int("SANXIANG_EVIDENCE_UPLOAD_HOURS", 24, minimum=1)

# REST API (docs/api.md): session authentication with DRF's CSRF check; domain errors as {"detail", "code"}.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sanxiang.core.api.api_exception_handler",
}
# OpenAPI 3 (drf-spectacular); Swagger UI served from vendored files (drf-spectacular-sidecar), no CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "三项制度平台 API",
    "DESCRIPTION": "行政处罚案件、执法活动、法制审核、期限与提醒。错误格式见 docs/api.md。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Background work: Django's Tasks API (django-tasks backport) on the database (docs/decisions/0002-worker.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The record log (records/, docs/record-log.md). The hash is fixed when the log is created; the signing key
# lives in a file outside the database (move a copy off this machine).
LOG_HASH = (os.environ.get("SANXIANG_LOG_HASH") or "sm3").strip().lower()
if LOG_HASH not in {"sm3", "sha256"}:
    raise env.SettingError("SANXIANG_LOG_HASH", f"“{LOG_HASH}” 不受支持，请用 sm3（默认）或 sha256。")
LOG_ORIGIN = (os.environ.get("SANXIANG_LOG_ORIGIN") or "sanxiang.local/log").strip()
if any(ch.isspace() for ch in LOG_ORIGIN) or "+" in LOG_ORIGIN:
    raise env.SettingError("SANXIANG_LOG_ORIGIN", "不能含空白或“+”，例如 log.wjw.example.gov.cn/sanxiang。")
LOG_KEY_FILE = Path(
    os.environ.get("SANXIANG_LOG_KEY_FILE") or DATA_DIR / "keys" / "log-ed25519.key"
).expanduser()
# Optional SM2 second signature line on checkpoints (docs/record-log.md): a key file path turns it on.
_log_sm2_key = os.environ.get("SANXIANG_LOG_SM2_KEY_FILE", "").strip()
LOG_SM2_KEY_FILE = Path(_log_sm2_key).expanduser() if _log_sm2_key else None
LOG_CHECKPOINT_MINUTES = env.env_int("SANXIANG_LOG_CHECKPOINT_MINUTES", 10, minimum=1)
# How events get their sequence numbers (docs/record-log.md, "Sequencer"): "inline" numbers each event in the
# writer's own transaction under the head lock (SQLite always; the number is known at once); "batch" (the default
# on PostgreSQL) lets writers commit events unnumbered into a pending table, so the commits of several writers
# group, and numbers them in batches right after each commit (decision 0003).
_engine = DATABASES["default"]["ENGINE"]
LOG_SEQUENCER = (os.environ.get("SANXIANG_LOG_SEQUENCER") or "").strip().lower() or (
    "batch" if "postgresql" in _engine else "inline"
)
if LOG_SEQUENCER not in {"inline", "batch"}:
    raise env.SettingError("SANXIANG_LOG_SEQUENCER", f"“{LOG_SEQUENCER}” 不受支持，请用 inline 或 batch。")
if LOG_SEQUENCER == "batch" and "postgresql" not in _engine:
    raise env.SettingError(
        "SANXIANG_LOG_SEQUENCER", "batch 只用于 PostgreSQL；SQLite 只有一个写入者，请用 inline。"
    )

# 双随机 (inspections/, docs/inspections.md): an inspector who inspected a target within this many months is
# recused from it in the next draw (default 12).
INSPECTION_RECUSAL_MONTHS = env.env_int("SANXIANG_INSPECTION_RECUSAL_MONTHS", 12, minimum=0)

# The public portal's address (https://zhifa.example.gov.cn), used in the QR codes printed on enforcement
# certificates (亮证, docs/publicity.md). Empty: the codes hold only the path, and the print page says so.
PUBLIC_URL = (os.environ.get("SANXIANG_PUBLIC_URL") or "").strip().rstrip("/")
if PUBLIC_URL and not PUBLIC_URL.startswith(("https://", "http://")):
    raise env.SettingError(
        "SANXIANG_PUBLIC_URL", "应形如 https://zhifa.example.gov.cn（门户网站的访问地址）。"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"sanxiang": {"level": "INFO"}, "django_tasks_db": {"level": "WARNING"}},
}
