"""Newsdesk settings, read from the environment.

With no variable at all Newsdesk runs the embedded default: SQLite in the
checkout, DEBUG on and a development secret generated once into an ignored
file. Production sets ``DJANGO_DEBUG=false`` and must then provide a secret
and allowed hosts, or start-up stops with a message saying which one.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = os.environ


def env_bool(name, default):
    """Return the boolean in ``name``: only ``true`` (any case) is true."""
    value = env.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() == "true"


def env_list(name):
    """Return the comma-separated ``name`` as a list without empty items."""
    return [item.strip() for item in env.get(name, "").split(",") if item.strip()]


def dev_secret_key():
    """Return the development secret, generating it once into ``.secret_key``."""
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key + "\n")
        path.chmod(0o600)
        return key


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not DEBUG:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is false, so these variables must be set: " + ", ".join(missing) + ". See .env.example."
        )
else:
    SECRET_KEY = SECRET_KEY or dev_secret_key()
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

# Database: PostgreSQL from DATABASE_URL, else SQLite in the checkout.
DATABASE_URL = env.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        from newsdesk.dbpool import check_connection

        # psycopg's pool, checked on checkout: after a PostgreSQL restart a dead
        # connection is replaced instead of failing one reader's request (the
        # check asks the server only when the socket shows it said something).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {
                "connect_timeout": 3,
                # Statements run through a server-binding cursor (the article
                # page's, articles/page.py) are prepared on each connection
                # after this many runs. The ORM binds on the client and is
                # never prepared, whatever this says.
                "prepare_threshold": 5,
                "pool": {
                    "min_size": int(env.get("NEWSDESK_DB_POOL_MIN", "1")),
                    "max_size": int(env.get("NEWSDESK_DB_POOL_MAX", "8")),
                    "timeout": float(env.get("NEWSDESK_DB_POOL_TIMEOUT", "5")),
                    "check": check_connection,
                },
            }
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while an editor saves.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
USES_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")


def replica_databases(urls, primary):
    """Return the DATABASES entries of the read replicas at ``urls``: the primary's settings, another server.

    Named replica1, replica2… (newsdesk.replicas). Tests see each replica as
    the primary (TEST MIRROR), so they run unchanged with replicas named.
    """
    databases = {}
    for number, url in enumerate(urls, start=1):
        replica = dj_database_url.parse(url, conn_max_age=primary.get("CONN_MAX_AGE", 0))
        options = {**primary.get("OPTIONS", {})}
        if "pool" in options:
            # A replica that does not answer holds one reader this long, then
            # is left alone for NEWSDESK_REPLICA_RETRY_SECONDS.
            options["pool"] = {**options["pool"], "timeout": 1.0}
        replica["OPTIONS"] = options
        replica["TEST"] = {"MIRROR": "default"}
        databases[f"replica{number}"] = replica
    return databases


# Read replicas (README, "Production"): readers' pages and searches read from
# them; writes, the admin and a client that wrote in the last
# NEWSDESK_REPLICA_STICKY_SECONDS read from the primary, and so do readers
# while no replica answers (one that refused is tried again after
# NEWSDESK_REPLICA_RETRY_SECONDS). Migrations run on the primary only.
DATABASES |= replica_databases(env_list("DATABASE_REPLICA_URLS"), DATABASES["default"])
DATABASE_ROUTERS = ["newsdesk.replicas.ReplicaRouter"]
NEWSDESK_REPLICA_STICKY_SECONDS = int(env.get("NEWSDESK_REPLICA_STICKY_SECONDS", "10"))
NEWSDESK_REPLICA_RETRY_SECONDS = float(env.get("NEWSDESK_REPLICA_RETRY_SECONDS", "10"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "reversion",
    "django_prose_editor",
    "django_tasks_db",
    "newsdesk.apps.NewsdeskConfig",
    "images",
    "articles",
    "live",
    "search",
    "extraction",
    "desk",
]
if USES_POSTGRES:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("taggit"), "django.contrib.postgres")

MIDDLEWARE = [
    # First: what follows (HTTPS redirect, login lockout) reads the forwarded headers.
    "newsdesk.security.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: it chooses where the request reads.
    "newsdesk.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # With DEBUG on, a reader's 404 is still the site's French page.
    "newsdesk.errors.ReaderNotFoundMiddleware",
    "newsdesk.health.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.context_processors.site",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Caches: Redis when REDIS_URL is set, else this process's memory. "default"
# holds the admin's odds and ends; "fragments"
# the template fragments ({% cache … using="fragments" %}), in the same Redis
# under their own prefix, through a backend that never fails a page.
REDIS_URL = env.get("REDIS_URL", "").strip()
if REDIS_URL:
    # Short socket timeouts: with Redis down, pages render uncached at once
    # instead of waiting on a dead socket.
    REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "health_check_interval": 30}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsdesk",
            "OPTIONS": REDIS_OPTIONS,
        },
        "fragments": {
            "BACKEND": "newsdesk.cache.FragmentCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsdesk-fragments",
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
    }
# Sessions live in the database only, never in Redis: the desk must sign in,
# edit and withdraw while the cache is down. (Django's cached_db sessions fail
# every request when the cache does not answer, and a logout made during an
# outage would leave the session alive in the cache once it is back.)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (extraction, renditions, purges, imports) goes through
# django.tasks. The queue lives in the database, so a task enqueued inside an
# edit's transaction is committed with the edit or not at all: a crash never
# loses it. `manage.py db_worker` runs it (the `worker` service in compose;
# `make run` starts one beside the development server).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Pictures (images app). "default" holds the public renditions, served at
# MEDIA_URL (by Caddy in compose, by Django itself when NEWSDESK_SERVE_MEDIA is
# true); "originals" the uploaded files, never served: they keep the camera's
# EXIF. Both on local disk unless S3 buckets are named (README, "Photos").
MEDIA_ROOT = Path(env.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = env.get("DJANGO_MEDIA_URL", "/media/")
NEWSDESK_ORIGINALS_ROOT = Path(env.get("NEWSDESK_ORIGINALS_ROOT") or BASE_DIR / "originals")
NEWSDESK_SERVE_MEDIA = env_bool("NEWSDESK_SERVE_MEDIA", DEBUG)
# Uploads above this are spooled to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def s3_storage(bucket, *, public):
    """Return a django-storages S3 backend for ``bucket`` (any S3-compatible service)."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.get("NEWSDESK_S3_ENDPOINT_URL") or None,
        "region_name": env.get("NEWSDESK_S3_REGION") or None,
        "file_overwrite": False,
    }
    if public:
        # Rendition names change with their content: cached for a year.
        options |= {
            "querystring_auth": False,
            "custom_domain": env.get("NEWSDESK_MEDIA_DOMAIN") or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        }
    else:
        options |= {"querystring_auth": True, "default_acl": "private"}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


MEDIA_BUCKET = env.get("NEWSDESK_MEDIA_S3_BUCKET", "").strip()
ORIGINALS_BUCKET = env.get("NEWSDESK_ORIGINALS_S3_BUCKET", "").strip()
STORAGES = {
    "default": (
        s3_storage(MEDIA_BUCKET, public=True)
        if MEDIA_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "originals": (
        s3_storage(ORIGINALS_BUCKET, public=False)
        if ORIGINALS_BUCKET
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": NEWSDESK_ORIGINALS_ROOT, "base_url": None},
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

# Taggit: tag lookups ignore case, so "Syrie" and "syrie" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# Newsdesk's own knobs.
NEWSDESK_SITE_NAME = env.get("NEWSDESK_SITE_NAME", "Newsdesk")
NEWSDESK_PAGE_SIZE = 20
# How often a live coverage's page asks for new entries, in seconds; the
# server says it in every poll's answer, so raising it slows every open page
# at its next poll. 0 is the kill switch: pages stop polling.
NEWSDESK_LIVE_POLL_SECONDS = int(env.get("NEWSDESK_LIVE_POLL_SECONDS", "15"))
# Agency hosts whose http(s) picture addresses the wire ingest may fetch
# (comma-separated host names); none by default: pictures then come only as
# files beside their items in a drop folder.
NEWSDESK_WIRE_PICTURE_HOSTS = env_list("NEWSDESK_WIRE_PICTURE_HOSTS")
# The model the search app indexes ("app_label.Model"); it supplies its own
# weighted text, facets and dependents (see search.backends).
NEWSDESK_SEARCH_MODEL = "articles.Article"
# What reads the tolls of agency copy for `ingest --record-tolls` (a function of the text; articles
# does not import the app it lives in). The drop folder records them when NEWSDESK_INGEST_RECORD_TOLLS=true.
NEWSDESK_TOLL_READER = "extraction.agency.agency_tolls"
NEWSDESK_INGEST_RECORD_TOLLS = env_bool("NEWSDESK_INGEST_RECORD_TOLLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event on stderr: the container's log, read with `docker compose logs`.
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# Security. DEBUG off means production behind a TLS-terminating proxy, which
# must set X-Forwarded-Proto (and X-Forwarded-For, see NEWSDESK_PROXY_COUNT),
# and be listed in NEWSDESK_TRUSTED_PROXIES.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The container's own health check talks plain HTTP to gunicorn.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


def media_origin(media_url, domain):
    """Return the origins pictures come from besides our own: MEDIA_URL's, or the S3 custom domain's."""
    from urllib.parse import urlsplit

    origins = []
    for url in (media_url, f"https://{domain.strip()}" if domain.strip() else ""):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


# Content-Security-Policy, enforced in development too so that a page that
# needs an inline script or style fails where its author sees it. Nothing
# inline anywhere: no nonce, so a page is the same for every reader and cacheable.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Renditions on another origin (an S3 bucket or its CDN) are pictures of ours too.
    "img-src": ["'self'", "data:", *media_origin(MEDIA_URL, env.get("NEWSDESK_MEDIA_DOMAIN", ""))],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Admin login brute-force protection (django-axes): five failures for one
# username from one address lock that pair, and ten for one username from
# any addresses lock the account, for AXES_COOLOFF_TIME hours.
# Unlock early with `python manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "newsdesk.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
NEWSDESK_ACCOUNT_FAILURE_LIMIT = 10
AXES_HANDLER = "newsdesk.security.LoginLockoutHandler"
AXES_COOLOFF_TIME = float(env.get("NEWSDESK_LOCKOUT_HOURS", "1"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsdesk.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsdesk.security.client_ip"
# How many proxies in front of gunicorn append to X-Forwarded-For (0: none,
# REMOTE_ADDR is the reader). Compose's Caddy is one.
NEWSDESK_PROXY_COUNT = int(env.get("NEWSDESK_PROXY_COUNT", "0"))
# The addresses or networks (CIDR) of those proxies: only requests from them
# keep their X-Forwarded-For and X-Forwarded-Proto (newsdesk.security).
# None by default: every forwarded header is ignored.
NEWSDESK_TRUSTED_PROXIES = env_list("NEWSDESK_TRUSTED_PROXIES")

# The edge (newsdesk.pagecache): the Varnish purge addresses, comma-separated
# (compose: http://varnish/), and how long a shared cache keeps a reader page
# that purges keep fresh. Without purge addresses, shared caches keep a page
# only as long as browsers (each view's max-age).
NEWSDESK_EDGE_PURGE_URLS = [url.strip() for url in env.get("NEWSDESK_EDGE_PURGE_URLS", "").split(",") if url.strip()]
NEWSDESK_EDGE_SECONDS = int(env.get("NEWSDESK_EDGE_SECONDS", "3600"))
