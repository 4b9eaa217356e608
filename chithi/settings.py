"""Settings for Chỉ thị, all read from the environment (see .env.example).

With no variables set, the app runs on the embedded default: SQLite, Celery on the
filesystem broker under var/, console email, DEBUG on. Setting DATABASE_URL,
CELERY_BROKER_URL, EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS switches to production parts.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; real deployments set the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("CHITHI_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The embedded default is "no DATABASE_URL": only then do we turn DEBUG on by default,
# so a production deployment can never end up in DEBUG by forgetting a variable.
EMBEDDED = "DATABASE_URL" not in env
DEBUG = env.bool("DEBUG", default=EMBEDDED)

SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-embedded-default-only-never-use-in-production" if EMBEDDED else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if EMBEDDED else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "units.admin_site.ChithiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "simple_history",
    "django_filters",
    "library",
    "units",
    "registers",
    "submissions",
    "tasks",
    "meetings",
    "inspections",
    "ratings",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before anything below (no CSP, no Cache-Control change).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Drops control characters (NUL…) from the query string before any view or filter reads it.
    "units.middleware.CleanQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "units.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The authority this request acts in (units.acting; docs/architecture.md §17).
    "units.acting.ActingAuthorityMiddleware",
    # Signed-in pages and downloads: Cache-Control: no-store.
    "units.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chithi.urls"
WSGI_APPLICATION = "chithi.wsgi.application"

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
                "units.context_processors.navigation",
                "reports.context_processors.decision_queue",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'chithi.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets a long read (an export) run beside writers; IMMEDIATE takes the write lock up front
    # so two writers queue instead of failing midway.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user/address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTH_USER_MODEL = "units.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a (user name, address) pair after AXES_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "units.auth.lockout"
AXES_CLIENT_IP_CALLABLE = "units.auth.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# locale/en: the English catalogue; locale/vi: better Vietnamese for some of Django's own messages
# (LOCALE_PATHS win over Django's catalogues).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["chithi.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploaded attachments live outside the web root and are served only through views.
PRIVATE_STORAGE_ROOT = Path(env.str("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private")))
# Attachments are readable by the app's user and group only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT)},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Email: console in the embedded default, anything django-environ understands otherwise
# (smtp://user:pass@host:587?tls=True, filemail:///var/mail/chithi, ...).
# (Lower case: not a setting, so the URL and its password never show on a debug page.)
_email_url = env.str("EMAIL_URL", default="consolemail://")
EMAIL_CONFIG = env.email_url_config(_email_url)
if EMAIL_CONFIG["EMAIL_BACKEND"].endswith(".filebased.EmailBackend"):
    # django-environ drops the leading "/" (filemail:///tmp/x -> "tmp/x"): take the path as written,
    # absolute after "filemail:///", else relative to the project folder.
    _mail_url = urlparse(_email_url)
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = str(BASE_DIR / unquote(_mail_url.netloc + _mail_url.path))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chỉ thị <chithi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind a reverse proxy that terminates TLS (see README, "Production").
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# The header alone enrols nobody: a domain joins browsers' preload lists only when submitted.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# Content-Security-Policy (django-csp): everything from this site, nothing inline — scripts and styles
# live in static/ (templates carry no style=, on…= or inline <script>; a test keeps it so).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Celery. Work items are "jobs" (in <app>/jobs.py); "task" means nhiệm vụ.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
    # The filesystem transport expects its folders to exist.
    for _folder in ("queue", "control", "results"):
        (CELERY_BROKER_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
    _default_results = f"file://{CELERY_BROKER_FOLDER / 'results'}"
else:
    # Longer than any job's hard time limit, so a slow job is never delivered twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
    _default_results = CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_default_results)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 50 * 60
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The schedule is code, in local time (docs/architecture.md §5); jobs are added as the issues land.
CELERY_BEAT_SCHEDULE = {
    # Hourly in office hours: the job is rerun-safe, so a run missed while the worker was down is
    # caught up by the next one (docs/architecture.md §5).
    "task-reminders": {"task": "tasks.send_task_reminders_job", "schedule": crontab(minute=5, hour="7-17")},
    # Hourly: each recurring task's next period once the current one's deadline has passed
    # (tasks.services.recurring); the first run after midnight does the day's work, the others catch up.
    "recurring-periods": {"task": "tasks.recurring_periods_job", "schedule": crontab(minute=2)},
    # Every quarter hour: produces each week's Monday summary from 07:30 of its delivery day, and
    # any week missed while the worker was down.
    "weekly-summaries": {"task": "tasks.reconcile_weekly_summaries_job", "schedule": crontab(minute="*/15")},
    # Hourly: the day-20 record once the unit deadline has passed, the day-25 draft from 07:00.
    "quarter-rollups": {"task": "reports.reconcile_quarter_rollups_job", "schedule": crontab(minute=10)},
    "quarterly-reminders": {
        "task": "reports.send_quarterly_reminders_job",
        "schedule": crontab(minute=20, hour="7-17"),
    },
    # Hourly: exported files past their keeping time are deleted (units.exports).
    "purge-exports": {"task": "units.purge_exports_job", "schedule": crontab(minute=40)},
}
# Exports of more rows than this are written by a background job (units.exports); kept this long.
CHITHI_EXPORT_THRESHOLD = env.int("CHITHI_EXPORT_THRESHOLD", default=2000)

# The REST API (api app, docs/architecture.md §16): per-user tokens (or the browser's session, for
# the Swagger page), scoped as the person is; cursor pages; throttled per token.
CHITHI_API_RATE = env.str("CHITHI_API_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chỉ thị API",
    "DESCRIPTION": (
        "Văn bản chỉ đạo, nhiệm vụ, báo cáo của một UBND; mỗi khóa API thấy đúng những gì người được cấp khóa thấy."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AssignmentStatusEnum": "tasks.models.Status",
        "SubmissionStatusEnum": "submissions.models.SubmissionStatus",
        "UnitKindEnum": "units.models.UnitKind",
        "DirectiveKindEnum": "tasks.models.DirectiveKind",
        "RollupStatusEnum": "reports.models.RollupStatus",
    },
}
CHITHI_EXPORT_KEEP_HOURS = env.int("CHITHI_EXPORT_KEEP_HOURS", default=24)
# How far back the reconciler looks for a missed Monday summary (never before the first one made).
WEEKLY_SUMMARY_LOOKBACK_WEEKS = env.int("WEEKLY_SUMMARY_LOOKBACK_WEEKS", default=8)
# Up to this many overdue unit rows the Monday summary's Word file names every unit under its task;
# past it, one line per task and the per-unit table, the full list in Excel (docs/architecture.md §5).
CHITHI_WORD_DETAIL_ROWS = env.int("CHITHI_WORD_DETAIL_ROWS", default=2000)

# Attachments (task and quarterly reports).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Reminders before a task's effective deadline, in working days.
TASK_REMINDER_DAYS = env.list("TASK_REMINDER_DAYS", cast=int, default=[3, 1])
# A hand reminder to a unit (task progress page) is refused again for the same assignment within
# this many working days of the last one.
TASK_REMIND_INTERVAL_WORKING_DAYS = env.int("TASK_REMIND_INTERVAL_WORKING_DAYS", default=1)
# Assignments due within this many working days and not reported: the dashboard's early warning.
EARLY_WARNING_WORKING_DAYS = env.int("EARLY_WARNING_WORKING_DAYS", default=3)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
