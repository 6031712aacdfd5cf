"""Settings for the NMC Portal, read from environment variables.

Every variable is documented in README.md with its default. Production differs from a
developer's machine only by its environment.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# A deployment that forgot SECRET_KEY must not start: with the well-known development key, survey
# links, unsubscribe links and sessions could be forged. gunicorn and Celery refuse it; developers'
# commands (make run, make test, the test settings, manage.py) say ALLOW_DEVELOPMENT_SECRET_KEY=true,
# and DEBUG=true allows it too.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret-nmc-portal-key"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not (DEBUG or env.bool("ALLOW_DEVELOPMENT_SECRET_KEY", False)):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set the SECRET_KEY environment variable to a long random value "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Behind TLS (production): redirect to HTTPS, secure cookies, HSTS.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "taggit",
    "django_htmx",
    "csp",
    # The portal's apps in the order of their layers (imports go only downward; demo data loads in
    # this order, each app building on the ones before it).
    "nmc_portal",
    "members",
    "communities",
    "events",
    "surveys",
    "learning",
    "search",
]

MIDDLEWARE = [
    "nmc_portal.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.AdminMFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "nmc_portal.urls"
WSGI_APPLICATION = "nmc_portal.wsgi.application"

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
                "nmc_portal.context_processors.language_toggle",
                "nmc_portal.context_processors.main_nav",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: DATABASE_URL, or the embedded PostgreSQL that `make run` / `make test` start.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/nmc")}
# postgres://user@/name?host=/socket/dir names a unix socket (the embedded server's).
if "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# DATABASE_URL may name a pooler instead of PostgreSQL. With PgBouncer in transaction mode
# (DATABASE_POOLER=pgbouncer) each transaction may run on another server connection, so nothing may
# outlive one: no server-side cursors (QuerySet.iterator() reads client-side in chunks instead), and
# Django closes its connection after each request (the pooler keeps the server's open). The portal
# sets no session state of its own (no SET, LISTEN, session advisory locks: locks are row locks held
# by a transaction); the time zone Django may SET is a parameter PgBouncer tracks per client.
DATABASE_POOLERS = ("", "pgbouncer")
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in DATABASE_POOLERS:
    raise ImproperlyConfigured(f"DATABASE_POOLER must be empty or pgbouncer, not {DATABASE_POOLER!r}.")
if DATABASE_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache (and so allauth's rate limits), Celery broker.
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")


def celery_broker_url(redis_url):
    """Celery's Redis transport names a unix socket redis+socket://, not unix://."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CACHES = {
    "default": {
        "BACKEND": "nmc_portal.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="nmc"),
        "TIMEOUT": 300,
    }
}

CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues an email must not hang on an unreachable broker: connect within 2 s, give
# up publishing after two quick retries (the email is recorded; the beat sweep sends it later).
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the portal's JSON lines (nmc_portal.celery)
CELERY_BEAT_SCHEDULE = {
    "scan-unsent-emails": {"task": "nmc_portal.tasks.scan_unsent_emails_task", "schedule": 60.0},
    "send-due-event-emails": {"task": "events.tasks.send_due_event_emails_task", "schedule": 300.0},
    "scan-stalled-messages": {"task": "events.tasks.scan_stalled_messages_task", "schedule": 300.0},
    "run-preference-rounds": {"task": "events.tasks.run_preference_rounds_task", "schedule": 60.0},
    "scan-waitlist-offers": {"task": "events.tasks.scan_waitlist_offers_task", "schedule": 60.0},
    "send-due-survey-emails": {"task": "surveys.tasks.send_due_survey_emails_task", "schedule": 300.0},
    "run-event-followups": {"task": "surveys.tasks.run_followups_task", "schedule": 900.0},
    "scan-weekly-community-digests": {
        "task": "communities.tasks.scan_weekly_digests_task",
        "schedule": crontab(day_of_week="mon", hour=13, minute=0),
    },
    "remove-event-needs": {
        "task": "events.tasks.remove_event_needs_task",
        "schedule": crontab(hour=3, minute=15),
    },
    "retire-inactive-accounts": {
        "task": "members.tasks.retire_inactive_accounts_task",
        "schedule": crontab(hour=3, minute=45),
    },
    "forget-old-form-submissions": {
        "task": "nmc_portal.tasks.forget_old_submissions_task",
        "schedule": crontab(hour=4, minute=30),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"

# django-allauth: sign-in by email, verified before use, for public servants only.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Sign-up and password reset answer the same whether an address is known or not; the owner is told
# by email (an attempt to sign up again, a reset asked for an unknown address).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[NMC] "
# Limits count per account ("key": the email typed) and per client address; an address counts loosely
# (a whole office may sign in through one), so one person's mistakes never lock out a colleague. The
# client's address is the one the trusted proxies saw (TRUSTED_PROXY_COUNT entries of X-Forwarded-For
# from the right), else the connection's. The counters live in the cache, and in each process while
# Redis is down (nmc_portal.cache): an outage never switches them off.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,50/5m/ip",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "NMC Portal"
# Staff must set up two-factor sign-in before using the portal (on unless turned off).
ADMIN_MFA_REQUIRED = env.bool("ADMIN_MFA_REQUIRED", default=True)
# Sign-up is for public servants: these domains and their subdomains.
ALLOWED_EMAIL_DOMAINS = env.list("ALLOWED_EMAIL_DOMAINS", default=["gc.ca", "canada.ca"])

# Communities of practice: reports that hide an item until a moderator decides; edit window.
COMMUNITY_AUTO_HIDE_REPORTS = env.int("COMMUNITY_AUTO_HIDE_REPORTS", default=3)
COMMUNITY_EDIT_WINDOW_MINUTES = env.int("COMMUNITY_EDIT_WINDOW_MINUTES", default=30)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Toronto"
USE_TZ = True
# Django's own date displays (the admin) in Canada.ca style; the portal's pages use nmc_portal.dates.
FORMAT_MODULE_PATH = ["nmc_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads: the local disk by default; object storage in production (MEDIA_STORAGE=s3, with the
# bucket and credentials below, read by django-storages).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
MEDIA_BACKENDS = {
    "local": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",
}
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="ca-central-1")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True  # private files: short-lived signed links
LEARNING_MAX_UPLOAD_BYTES = env.int("LEARNING_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields; files stream to disk past this
STORAGES = {
    "default": {"BACKEND": MEDIA_BACKENDS[MEDIA_STORAGE]},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds an SMTP connection may block (connect, each command): a mail server that stops answering
# fails the batch, whose rows the sweep sends later, instead of holding a Celery worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NMC Portal <no-reply@nmc-rcg.gc.ca>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A strict Content-Security-Policy: no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "nmc_portal.logging.Formatter"}},
    "filters": {"request_id": {"()": "nmc_portal.logging.RequestIdFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# /status (Redis, Celery workers) for monitoring: staff, or this token as "Authorization: Bearer".
STATUS_TOKEN = env.str("STATUS_TOKEN", default="")

# Errors to Sentry when SENTRY_DSN is set, never with personal data (nmc_portal.sentry).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
if SENTRY_DSN:
    from .sentry import init_sentry  # only when used: sentry-sdk stays unloaded otherwise

    init_sentry(SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# Where the contact page sends people: general questions and privacy requests.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="contact@nmc-rcg.gc.ca")
PRIVACY_EMAIL = env.str("PRIVACY_EMAIL", default="privacy-vieprivee@nmc-rcg.gc.ca")

# Retention (Privacy Act: keep personal information only as long as needed).
# Accessibility and dietary needs are removed this many days after an event ends.
NEEDS_RETENTION_DAYS = env.int("NEEDS_RETENTION_DAYS", default=30)
# A member who has not signed in for this many days is warned by email; the account is erased (as a
# deletion does: registrations and posts stay, anonymous) this many days after the warning unless they
# sign in. Staff accounts are never erased automatically.
INACTIVE_ACCOUNT_DAYS = env.int("INACTIVE_ACCOUNT_DAYS", default=3 * 365)
INACTIVE_ACCOUNT_GRACE_DAYS = env.int("INACTIVE_ACCOUNT_GRACE_DAYS", default=30)
