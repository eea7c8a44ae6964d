"""The one settings module of Tadamun.

Everything that differs between the laptop demo, CI and a production server is read from
the environment (see `env.py`); nothing exists only in production. The defaults are those of
a single small server: SQLite under `var/`, static files served by the application itself.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tadamun.config.env import env_bool, env_int, env_list, env_str, secret_key_from

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TADAMUN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key_from("SECRET_KEY", VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "tadamun.accounts.admin_config.TadamunAdminConfig",  # Django's admin, behind our login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "js_lib_leaflet",  # Leaflet, the map library, from PyPI (served as static files)
    "tadamun.core",
    "tadamun.places",
    "tadamun.directory",
    "tadamun.search",
    "tadamun.atlas",
    "tadamun.imports",
    "tadamun.duplicates",
    "tadamun.mechanisms",
    "tadamun.accounts",
    "tadamun.audit",
    "tadamun.people",
    "tadamun.documents",
    "tadamun.desk",
    "tadamun.catalogue",
    "tadamun.privacy",
    "tadamun.diagnostics",
    "tadamun.accompaniment",
    "tadamun.observatory",
    "tadamun.api",
    "tadamun.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a nonce per response (core/security.py).
    "tadamun.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and exports are compressed (with Django's BREACH mitigation); static files
    # are served pre-compressed by WhiteNoise above.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every page needs a login except those accounts/access.py lists;
    # then the session's timeouts and the second factor (accounts/middleware.py).
    "tadamun.accounts.middleware.LoginRequiredMiddleware",
    "tadamun.accounts.middleware.SessionSafetyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tadamun.config.urls"
WSGI_APPLICATION = "tadamun.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tadamun.core.security.csp_nonce",
                "tadamun.accounts.context_processors.staff_menu",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL says otherwise (postgres://… in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tadamun.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server's readers work while an import writes; IMMEDIATE transactions avoid
    # "database is locked" upgrades when two workers write at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=2147418112;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tadamun",
    }
}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }

# Accounts: Argon2id first (older hashes are upgraded on the next login), 12 characters
# at least, logins through accounts:login with a second factor (accounts/).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Arabic (right-to-left), French and English, everywhere.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "fr")
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "tadamun" / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Africa/Casablanca")
USE_TZ = True

# Static files are served by the application (WhiteNoise), compressed and fingerprinted.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Only the fingerprinted copies are kept and compressed (half the work of collectstatic);
# source maps are served as they are.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "woff",
    "woff2",
    "map",
)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Security headers; HTTPS-only settings follow SECURE (on behind TLS in production).
SECURE = env_bool("SECURE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-session" if SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE else "csrftoken"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
# The preload flag only allows submitting the domain to browsers' list; it submits nothing.
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None

# No personal data in the logs: e-mail addresses and phone numbers are masked in every
# record (core/logging.py), whatever wrote it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "tadamun.core.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Tadamun's own settings.
TADAMUN_DIRECTORY_PAGE_SIZE = env_int("TADAMUN_DIRECTORY_PAGE_SIZE", 20)
TADAMUN_API_MAX_LIMIT = env_int("TADAMUN_API_MAX_LIMIT", 200)
# Imports from the staff pages: the largest file taken, and whether jobs run in the request
# that starts them (tests, debugging) rather than in a background thread.
TADAMUN_IMPORT_MAX_MB = env_int("TADAMUN_IMPORT_MAX_MB", 50)
TADAMUN_IMPORT_JOBS_INLINE = env_bool("TADAMUN_IMPORT_JOBS_INLINE", False)
# The Atlas's base map: an XYZ tile server ({z}/{x}/{y}); empty for none. The map works
# without it, on a plain background.
TADAMUN_TILE_URL = env_str("TADAMUN_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TADAMUN_TILE_ATTRIBUTION = env_str(
    "TADAMUN_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

NINJA_PAGINATION_MAX_LIMIT = TADAMUN_API_MAX_LIMIT

# Logins: where they happen, how many failures lock an account or an address out (for how
# long), and how long a session lives idle and at most.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"
TADAMUN_LOGIN_FAILURES = env_int("TADAMUN_LOGIN_FAILURES", 5)
TADAMUN_LOCKOUT_MINUTES = env_int("TADAMUN_LOCKOUT_MINUTES", 15)
TADAMUN_SESSION_IDLE_MINUTES = env_int("TADAMUN_SESSION_IDLE_MINUTES", 30)
TADAMUN_SESSION_MAX_HOURS = env_int("TADAMUN_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = TADAMUN_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
TADAMUN_INVITATION_DAYS = env_int("TADAMUN_INVITATION_DAYS", 7)
# Uploaded documents: the largest file taken, and where they are kept (never served as
# static or media files: only through documents:download).
TADAMUN_UPLOAD_MAX_MB = env_int("TADAMUN_UPLOAD_MAX_MB", 10)
# The observatory's breakdowns by gender, age band or territory hide counts from 1 to this
# less one from who cannot see the people counted (docs/observatory.md).
TADAMUN_SMALLEST_SHOWN = env_int("TADAMUN_SMALLEST_SHOWN", 5)
# Who reports the targets to IATI (docs/observatory.md): its organisation identifier (as
# registered with IATI, e.g. MA-ICE-…), name and type (IATI OrganisationType: 22 national
# NGO, 10 government, 21 international NGO…).
TADAMUN_IATI_ORG_REF = env_str("TADAMUN_IATI_ORG_REF", "XX-TADAMUN")
TADAMUN_IATI_ORG_NAME = env_str("TADAMUN_IATI_ORG_NAME", "Tadamun")
TADAMUN_IATI_ORG_TYPE = env_str("TADAMUN_IATI_ORG_TYPE", "22")
TADAMUN_PRIVATE_FILES = Path(env_str("TADAMUN_PRIVATE_FILES", str(VAR_DIR / "private")))

# E-mail (invitations, retention notices): an SMTP server, or the console when none is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tadamun <no-reply@localhost>")
