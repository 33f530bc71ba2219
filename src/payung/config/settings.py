"""Payung settings: one module, every value from the environment (documented in README.md)."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent.parent  # src/payung
REPO_DIR = SRC_DIR.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("PAYUNG_DEBUG", False)
DATA_DIR = Path(env_str("PAYUNG_DATA_DIR", str(REPO_DIR / "var")))

TESTING = env_bool("PAYUNG_TESTING", False)
HTTPS = env_bool("PAYUNG_HTTPS", False)  # served over HTTPS (behind a proxy): secure cookies, HSTS


def secret_key_from_data_dir(data_dir: Path) -> str:
    """The key kept in the data folder, made at first start: the CLI works without set-up, and
    production is never left with a key that is written in this repository."""
    from django.core.management.utils import get_random_secret_key

    path = data_dir / "secret_key"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting together never overwrite each other's key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if len(key) < 50:
            raise ImproperlyConfigured(
                f"{path} holds no usable secret key: remove it to make a new one"
            ) from None
        return key
    with os.fdopen(descriptor, "w") as file:
        file.write(get_random_secret_key() + "\n")
    return path.read_text().strip()


SECRET_KEY = env_str("PAYUNG_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "payung-development-key-not-for-production"  # noqa: S105
    else:
        SECRET_KEY = secret_key_from_data_dir(DATA_DIR)

ALLOWED_HOSTS = env_list("PAYUNG_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if not DEBUG else ["*"])
CSRF_TRUSTED_ORIGINS = env_list("PAYUNG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular_sidecar",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "payung.core",
    "payung.regions",
    "payung.accounts",
    "payung.registry",
    "payung.audit",
    "payung.api",
    "payung.tariffs",
    "payung.coverage",
    "payung.nationalexport",
    "payung.schemes",
    "payung.claims",
    "payung.schemes.legacy.funding",
    "payung.schemes.legacy.enrolment",
    "payung.schemes.legacy.billing",
    "payung.imports",
    "payung.agents",
    "payung.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "payung.accounts.middleware.IdleSessionMiddleware",
    "payung.accounts.middleware.SecondFactorMiddleware",
    "payung.accounts.middleware.NotVisibleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "payung.config.urls"
WSGI_APPLICATION = "payung.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
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

# SQLite in DATA_DIR unless DATABASE_URL names another database (PostgreSQL in production).
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'payung.sqlite3'}",
        # Kept open a minute: opening one per request cost every page 4-6 ms on PostgreSQL (docs/PERFORMANCE.md,
        # "Serving"); checked before reuse, so a restarted database costs one failed-over request, not errors.
        conn_max_age=env_int("PAYUNG_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
SQLITE_CACHE_KIB = 64 * 1024
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page read while an import writes; a busy timeout instead of "database is locked".
    # A 64 MB page cache (SQLite's default is 2 MB; it is taken only as pages are read): a lifecycle
    # step that moves 10,000 members writes some 1,800 pages, more than the default holds; with it the
    # reactivation measured 2.81-2.83x its floor in three runs, 2.75-3.00x without (docs/PERFORMANCE.md,
    # "Scheme lifecycle").
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{SQLITE_CACHE_KIB};",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out account or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PAYUNG_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins (django-axes): after this many failures in a row an account, and separately an address, is
# locked until the cool-off passes or an admin unlocks it (`payung axes_reset_username NAME`, or the
# "Akun terkunci" page).
AXES_FAILURE_LIMIT = env_int("PAYUNG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("PAYUNG_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "payung.accounts.lockout.client_address"
AXES_VERBOSE = False

# Second factor (django-otp): TOTP apps and one-time recovery codes; required for the roles of
# accounts.roles.ROLES_NEEDING_SECOND_FACTOR, offered to the others.
OTP_TOTP_ISSUER = env_str("PAYUNG_TOTP_ISSUER", "Payung")

# Idle sessions of users who see personal data end after this many minutes without a request.
PAYUNG_IDLE_MINUTES = env_int("PAYUNG_IDLE_MINUTES", 30)

LANGUAGE_CODE = env_str("PAYUNG_LANGUAGE", "id")
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = env_str("PAYUNG_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# WhiteNoise serves straight from src/payung/static: no collectstatic step to forget on an office server.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("PAYUNG_MEDIA_DIR", str(DATA_DIR / "media")))
MEDIA_URL = "media/"

# Headers. Scripts and styles come from files only (no inline code, no style attributes): a script
# injected into a page cannot run. JSON data islands (json_script) are data, not scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS or env_bool("PAYUNG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    # TLS ends at the proxy (docs/deploy.md), which must set X-Forwarded-Proto and overwrite any
    # the client sent.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("PAYUNG_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("PAYUNG_HSTS_PRELOAD", True)

# Uploads: the import limit is checked by the import itself; Django's in-memory threshold stays small.
PAYUNG_MAX_UPLOAD_BYTES = env_int("PAYUNG_MAX_UPLOAD_MB", 100) * 1024 * 1024
# A user told "NIK registered outside your area" this many times within the days below is shown to
# their regency admin as probing (registry.transfers).
PAYUNG_NIK_PROBE_DAYS = env_int("PAYUNG_NIK_PROBE_DAYS", 7)
PAYUNG_NIK_PROBE_THRESHOLD = env_int("PAYUNG_NIK_PROBE_THRESHOLD", 20)
# The national package (docs/national.md): this instance's name in it, and the national key the NIK is
# hashed with (HMAC-SHA256; the same key in every Payung, never stored in the package). No key, no export.
PAYUNG_INSTANCE_NAME = env_str("PAYUNG_INSTANCE_NAME", "")
PAYUNG_NATIONAL_KEY = env_str("PAYUNG_NATIONAL_KEY", "")
# The regions this instance serves, comma-separated codes; empty = the funder regions of its schemes.
PAYUNG_INSTANCE_REGIONS = env_str("PAYUNG_INSTANCE_REGIONS", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads bigger than Django's in-memory threshold are spooled here (not /tmp), so the temporary file a
# killed upload leaves behind is found and removed by `payung purge_uploads` (run by `payung worker`).
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "uploads-tmp")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Original files of imports (and their error reports) hold personal data: deleted this many days after
# the upload by `payung purge_uploads`; a file refused outright is not kept beyond the answer.
PAYUNG_UPLOAD_RETENTION_DAYS = env_int("PAYUNG_UPLOAD_RETENTION_DAYS", 90)
# Kept originals of branch claims reports: deleted this many days after the upload by `payung
# purge_claim_reports` (a budget year of reconciliation: docs/claims.md).
PAYUNG_CLAIM_REPORT_RETENTION_DAYS = env_int("PAYUNG_CLAIM_REPORT_RETENTION_DAYS", 365)
# The highest income per month an import (and any form) takes as typed, in Rupiah: the lists are of
# vulnerable informal workers, whose incomes are a few million Rupiah a month (the highest regency minimum
# wages of 2025 are about Rp5.7 million, Kepgub Jawa Barat 2024); above Rp100 million is a typing error
# (extra zeros, a yearly total), refused row by row. Confidence: a judgement, not a regulation.
PAYUNG_MAX_MONTHLY_INCOME = env_int("PAYUNG_MAX_MONTHLY_INCOME", 100_000_000)

# PP 50/2025 excludes APBN- and APBD-funded participants from its 50 % BPU discount; whether village
# budgets (APBDes) count as excluded is not settled (docs/rules.md), so it is a setting.
PAYUNG_APBDES_EXCLUDED_FROM_DISCOUNT = env_bool("PAYUNG_APBDES_EXCLUDED_FROM_DISCOUNT", False)

# Background jobs: the database backend needs `payung db_worker` (make run starts one);
# "immediate" runs each job inside the request, for tests and tiny installs.
TASKS_BACKEND = env_str("PAYUNG_TASKS_BACKEND", "immediate" if env_bool("PAYUNG_TESTING") else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "payung.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "payung.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["payung.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("PAYUNG_API_RATE", "1200/hour"),
        "token_request": env_str("PAYUNG_API_TOKEN_REQUEST_RATE", "10/minute"),
    },
    # A DRF cursor carries the value it sorts by (a name): lists of people page with api.pagination.
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# How much nicer (lower CPU priority) `payung worker` and its jobs run than the web server (0: the same).
PAYUNG_WORKER_NICE = env_int("PAYUNG_WORKER_NICE", 10)
# A lifecycle step (selection, submission, KPJ answer, bill, arrears check) on a scheme with more members
# than this runs as a background job with its own page; set-based, 5,000 members take about a second.
PAYUNG_LIFECYCLE_INLINE_MEMBERS = env_int("PAYUNG_LIFECYCLE_INLINE_MEMBERS", 5_000)
# API tokens expire after this many days (0: never).
PAYUNG_API_TOKEN_DAYS = env_int("PAYUNG_API_TOKEN_DAYS", 180)
SPECTACULAR_SETTINGS = {
    "TITLE": "Payung API",
    "DESCRIPTION": (
        "Perlindungan jaminan sosial pekerja rentan menuju Universal Coverage Jamsostek: wilayah, pekerja, "
        "impor, skema, kepesertaan, tagihan, cakupan. Token: `Authorization: Token <kunci>`. Galat: "
        '`{"error": {"code", "message", "fields"}}`. / Social-security protection of vulnerable workers '
        "toward Universal Coverage Jamsostek. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    # One name for each choice set that several operations share.
    "ENUM_NAME_OVERRIDES": {
        "AgentStatusEnum": "payung.agents.models.AgentStatus",
        "SchemeStatusEnum": "payung.schemes.models.SchemeStatus",
        "ProgrammeEnum": "payung.schemes.validation.ALL_PROGRAMMES",
    },
    # Swagger UI from the vendored assets (drf-spectacular-sidecar): nothing loads from the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "payung.api.schema.add_error_answers",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PAYUNG_LOG_LEVEL", "INFO")},
}
