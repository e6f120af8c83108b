"""Settings shared by every environment. Values come from the environment via config.env."""

from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

# The React site that reads this API: used for links in emails and previews, and CORS.
FRONTEND_URL = env("FRONTEND_URL", default="http://localhost:5173").rstrip("/")
FRONTEND_ORIGINS = env.list("FRONTEND_ORIGINS", default=[FRONTEND_URL])
# Absolute base of this backend, for image URLs and links in emails.
BACKEND_URL = env("BACKEND_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "core.apps.PlatformConfig",
    "accounts",
    "cms",
    "bookings",
    "payments",
    "portal",
    "enquiries",
    "legacy",
    "invoicing",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_headless_preview",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "huey.contrib.djhuey",
    "storages",
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    # Django's SecurityMiddleware and XFrameOptionsMiddleware, as one block of headers.
    "core.security.SecurityHeadersMiddleware",
    "core.security.CorsMiddleware",  # django-cors-headers' settings and answers
    "core.middleware.CommonMiddleware",  # Django's, Host validated once per process
    "core.middleware.SiteMiddleware",  # SITE_MIDDLEWARE, here, except for the API
]
# What only the server-rendered site (Wagtail admin, pages, forms, the pay page) needs.
# The API authenticates with JWTs only (REST_FRAMEWORK), so /api/ goes around all of it:
# no static files, session, CSRF check, session user, messages or Wagtail redirects
# (docs/operations.md). CSRF protects what the session authenticates, so it runs exactly
# where sessions do.
SITE_MIDDLEWARE = [
    "whitenoise.middleware.WhiteNoiseMiddleware",  # first: static files skip the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
SITE_MIDDLEWARE_SKIPPED_FOR = ["/api/"]
# The admin's and `check --deploy`'s CSRF checks look in MIDDLEWARE itself; sessions,
# auth, messages and CSRF run from SITE_MIDDLEWARE (core.middleware.SiteMiddleware).
# core.checks replaces security.W003 with one that knows SITE_MIDDLEWARE, and W001/W002
# (Django's SecurityMiddleware / XFrameOptionsMiddleware missing) with checks of the
# settings that core.security.SecurityHeadersMiddleware reads in their place.
SILENCED_SYSTEM_CHECKS = [
    *("admin.E408", "admin.E409", "admin.E410"),
    *("security.W001", "security.W002", "security.W003"),
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: PostgreSQL from DATABASE_URL, else an SQLite file in the project folder.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers take the lock when their transaction begins, so concurrent requests queue
    # for it instead of failing with "database is locked" mid-transaction. WAL: readers
    # never wait for the writer, and a commit appends to the log instead of rewriting
    # pages through a rollback journal (synchronous=NORMAL is crash-safe in WAL mode).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Huey. Without REDIS_URL both live in files next to the database
# (queue: SqliteHuey `<db>.huey.sqlite3`, cache: `<db>.cache/`), so the web server and the
# Huey consumer share them: never a per-process cache, never tasks that silently run inline.
from config.huey import beside_database, huey_settings  # noqa: E402

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="angisoft"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env(
                "CACHE_DIR", default=str(beside_database(DATABASES["default"], BASE_DIR, ".cache"))
            ),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

HUEY = huey_settings(
    redis_url=REDIS_URL,
    # Explicit, never inferred from DEBUG (djhuey's default would follow DEBUG).
    immediate=env.bool("HUEY_IMMEDIATE", default=False),
    name=env("HUEY_NAME", default="angisoft"),
    workers=env.int("HUEY_WORKERS", default=2),
    sqlite_path=env(
        "HUEY_SQLITE_PATH",
        default=str(beside_database(DATABASES["default"], BASE_DIR, ".huey.sqlite3")),
    ),
)

# --- Auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="Africa/Nairobi")
USE_I18N = True
USE_TZ = True

# --- Static and media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Booking files: a separate root that no URL pattern serves.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
PRIVATE_URL_EXPIRY_SECONDS = env.int("PRIVATE_URL_EXPIRY_SECONDS", default=300)

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
from config.storage import storages_setting  # noqa: E402

STORAGES = storages_setting(
    bucket=AWS_STORAGE_BUCKET_NAME,
    endpoint_url=env("AWS_S3_ENDPOINT_URL", default=None),
    region=env("AWS_S3_REGION_NAME", default=None),
    access_key=env("AWS_ACCESS_KEY_ID", default=None),
    secret_key=env("AWS_SECRET_ACCESS_KEY", default=None),
    public_domain=env("AWS_S3_CUSTOM_DOMAIN", default=None),
    media_root=MEDIA_ROOT,
    private_root=PRIVATE_MEDIA_ROOT,
    private_expiry=PRIVATE_URL_EXPIRY_SECONDS,
    static_backend=env(
        "STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage"
    ),
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # bigger uploads stream to temp files
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email: console by default; EMAIL_PROVIDER picks an anymail backend, smtp or file.
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="AngiSoft Technologies <hello@angisoft.co.ke>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
TEAM_NOTIFICATION_EMAIL = env("TEAM_NOTIFICATION_EMAIL", default="team@angisoft.co.ke")
EMAIL_PROVIDER = env("EMAIL_PROVIDER", default="console")
if EMAIL_PROVIDER == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_PROVIDER == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
elif EMAIL_PROVIDER == "smtp":
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {
        f"{EMAIL_PROVIDER.upper()}_API_KEY": env("EMAIL_API_KEY"),
        "WEBHOOK_SECRET": env("EMAIL_WEBHOOK_SECRET", default=None),
    }

# --- Wagtail
WAGTAIL_SITE_NAME = "AngiSoft Technologies"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=BACKEND_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# svg: brand asset drawings (cms.models.assets checks them; Wagtail serves documents as
# attachments, so an SVG document never renders on our origin).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "svg", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAILAPI_BASE_URL = BACKEND_URL
WAGTAILAPI_LIMIT_MAX = 100
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- API: DRF, camelCase at the edges, the OpenAPI schema (settings; the apps add to them).
from config.settings.api import JSON_CAMEL_CASE, REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401

CORS_ALLOWED_ORIGINS = FRONTEND_ORIGINS
CORS_URLS_REGEX = r"^/(api|health)/.*$"
CORS_EXPOSE_HEADERS = ["X-Total-Count", "Link", "X-Request-ID", "ETag", "Retry-After"]

# --- Logging: JSON lines in production, readable lines in development.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# Who writes the one line per request: "app" (core.middleware.RequestLogMiddleware) or
# "server": gunicorn's access log (core.access_log), which config/gunicorn.conf.py selects.
REQUEST_LOG_WRITER = env("REQUEST_LOG_WRITER", default="app")
if REQUEST_LOG_WRITER not in {"app", "server"}:
    raise ImproperlyConfigured(
        f'REQUEST_LOG_WRITER is "app" or "server", not {REQUEST_LOG_WRITER!r}'
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"()": "core.logging.TextFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Configured here, so run_huey does not add a second handler (every line twice).
        "huey": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}

# --- Errors: Sentry only when a DSN is configured.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
    )

# --- Operations (issue 7): alerting, email outbox, metrics, security headers.
ALERT_EMAIL = env.list("ALERT_EMAIL", default=[])
# Occurrences of the same alert key closer together than this are one incident (one email).
ALERT_WINDOW_SECONDS = env.int("ALERT_WINDOW_SECONDS", default=3600)
# Email outbox: retry with exponential backoff (base doubling up to max), then alert.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=3600)
# How long a pending email may wait for its task before the sweep queues it again.
OUTBOX_SWEEP_GRACE_SECONDS = env.int("OUTBOX_SWEEP_GRACE_SECONDS", default=60)
# Prometheus: /metrics answers only with "Authorization: Bearer $METRICS_TOKEN".
METRICS_TOKEN = env("METRICS_TOKEN", default="")
_OUTER_MIDDLEWARE = {
    "core.middleware.RequestLogMiddleware",
    "core.security.SecurityHeadersMiddleware",
}
MIDDLEWARE = [
    "core.metrics.RequestMetricsMiddleware",  # outermost: every request, its whole time
    "core.middleware.RequestLogMiddleware",  # logs the status the client really gets
    "core.security.SecurityHeadersMiddleware",  # HTTPS redirect; headers on every answer
    "core.resilience.DatabaseUnavailableMiddleware",  # DB down: 503 + Retry-After
    "core.security.RejectNulBytesMiddleware",  # 400 instead of a PostgreSQL DataError
    "core.security.RejectUnknownMethodsMiddleware",  # TRACE etc.: 405, not 401
    *[name for name in MIDDLEWARE if name not in _OUTER_MIDDLEWARE],
]
# Redis down at enqueue time: tasks wait in the database instead of failing the request.
if HUEY.get("huey_class") == "huey.RedisHuey":
    HUEY["huey_class"] = "core.queue.ResilientRedisHuey"
# Query timings: core.metrics wraps every connection (angisoft_db_query_seconds).
if REDIS_URL:  # cache timings, and an outage degrades to "no cache" instead of errors
    CACHES["default"]["BACKEND"] = "core.cache.InstrumentedRedisCache"
# No Gravatar: staff email hashes are not sent to a third party (and the CSP stays tight).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin makes no calls to releases.wagtail.org

# --- Bookings (bookings/): upload limits, terms version, tracking links.
BOOKINGS_MAX_FILES = env.int("BOOKINGS_MAX_FILES", default=10)
BOOKINGS_MAX_FILE_SIZE = env.int("BOOKINGS_MAX_FILE_SIZE", default=25 * 1024 * 1024)
BOOKINGS_MAX_TOTAL_SIZE = env.int("BOOKINGS_MAX_TOTAL_SIZE", default=100 * 1024 * 1024)
# Zip uploads (and zip-based office files): refuse bombs before anyone unpacks them.
BOOKINGS_ZIP_MAX_UNCOMPRESSED = env.int("BOOKINGS_ZIP_MAX_UNCOMPRESSED", default=500 * 1024**2)
BOOKINGS_ZIP_MAX_RATIO = env.int("BOOKINGS_ZIP_MAX_RATIO", default=100)
BOOKINGS_ZIP_MAX_ENTRIES = env.int("BOOKINGS_ZIP_MAX_ENTRIES", default=2000)
BOOKINGS_TERMS_VERSION = env("BOOKINGS_TERMS_VERSION", default="2025-01")
# An address that asked for its tracking links is not emailed them again within this time.
BOOKINGS_LINK_EMAIL_COOLDOWN = env.int("BOOKINGS_LINK_EMAIL_COOLDOWN", default=600)  # seconds
# Lifetime of signed download links for booking files (local storage and S3 alike).
BOOKINGS_FILE_URL_EXPIRY_SECONDS = env.int(
    "BOOKINGS_FILE_URL_EXPIRY_SECONDS", default=PRIVATE_URL_EXPIRY_SECONDS
)
# One schema name for the booking status choices (used by several request fields).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["BookingStatusEnum"] = (
    "bookings.models.BookingStatus.choices"
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["TrackingActionEnum"] = "bookings.tracking.ACTION_NAMES"
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["ProductStatusEnum"] = (
    "cms.models.products.PRODUCT_STATUS_CHOICES"
)

# --- Staff accounts (accounts/): invites, API login, two-factor.
from datetime import timedelta  # noqa: E402

INVITE_TTL_DAYS = env.int("INVITE_TTL_DAYS", default=7)
PASSWORD_RESET_TTL_MINUTES = env.int("PASSWORD_RESET_TTL_MINUTES", default=60)
# Staff who may manage staff (accounts.invite_staff) must use an authenticator app.
REQUIRE_ADMIN_2FA = env.bool("REQUIRE_ADMIN_2FA", default=True)
TOTP_ISSUER = env("TOTP_ISSUER", default="AngiSoft")
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=5)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "UPDATE_LAST_LOGIN": False,
    # Tokens carry a digest of the password hash: any password change ends API sessions.
    "CHECK_REVOKE_TOKEN": True,
}
# Same JWTs, plus a check that the token's sign-in session was not revoked.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "accounts.authentication.PublicTolerantJWTAuthentication"
]
# Staff who use (or must use) two-factor verify a code after the Wagtail admin login.
SITE_MIDDLEWARE.insert(
    SITE_MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "accounts.middleware.AdminTwoFactorMiddleware",
)

# --- CMS (cms app): headless preview, API cache, publish webhooks, CDN purge.
CMS_PREVIEW_PATH = env("CMS_PREVIEW_PATH", default="/preview")
CMS_PREVIEW_TOKEN_MAX_AGE = env.int("CMS_PREVIEW_TOKEN_MAX_AGE", default=3600)  # seconds
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": FRONTEND_URL + CMS_PREVIEW_PATH},
    "ENFORCE_TRAILING_SLASH": False,
    "REDIRECT_ON_PREVIEW": False,
}
CMS_API_CACHE_SECONDS = env.int("CMS_API_CACHE_SECONDS", default=3600)  # server-side
CMS_API_MAX_AGE = env.int("CMS_API_MAX_AGE", default=60)  # Cache-Control for browsers/CDN
# How long a worker trusts the content version it last read (other workers see a publish
# within this time; the worker that published sees it at once). 0: read it every request.
CMS_API_VERSION_TTL = env.float("CMS_API_VERSION_TTL", default=1.0)
# Cache-Control max-age of /uploads/public/images/* (editors may replace a file in place).
CMS_ASSET_MAX_AGE = env.int("CMS_ASSET_MAX_AGE", default=3600)
CMS_WEBHOOK_TIMEOUT = env.float("CMS_WEBHOOK_TIMEOUT", default=5.0)
CMS_WEBHOOK_MAX_ATTEMPTS = env.int("CMS_WEBHOOK_MAX_ATTEMPTS", default=6)
CMS_WEBHOOK_RETRY_BASE_SECONDS = env.int("CMS_WEBHOOK_RETRY_BASE_SECONDS", default=30)
WAGTAILAPI_RICH_TEXT_FORMAT = "html"  # Wagtail API v2 returns rich text as final HTML
if env("CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
            "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        }
    }

# --- Payments (payments/): provider keys, base URLs, timeouts and webhook secrets.
from config.settings.payments import *  # noqa: E402, F403

# --- Client portal (portal/): emailed sign-in links and client sessions, rate limits.
PORTAL_LINK_TTL_MINUTES = env.int("PORTAL_LINK_TTL_MINUTES", default=15)
PORTAL_SESSION_TTL_HOURS = env.int("PORTAL_SESSION_TTL_HOURS", default=72)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "portal_link": env("THROTTLE_PORTAL_LINK", default="10/hour"),  # per IP
        "portal_link_email": env("THROTTLE_PORTAL_LINK_EMAIL", default="3/hour"),  # per address
        "portal_session": env("THROTTLE_PORTAL_SESSION", default="20/min"),  # per IP
        "portal": env("THROTTLE_PORTAL", default="120/min"),  # portal reads, per IP
        "portal_comment": env("THROTTLE_PORTAL_COMMENT", default="20/hour"),  # per client
    }
)

# Invoicing: how long an emailed document link works; PDF stream compression.
INVOICING_LINK_EXPIRY_SECONDS = env.int("INVOICING_LINK_EXPIRY_SECONDS", default=72 * 3600)
INVOICING_PDF_COMPRESS = env.bool("INVOICING_PDF_COMPRESS", default=True)
