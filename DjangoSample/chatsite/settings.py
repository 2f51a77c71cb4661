"""Settings for the memory chat sample. Everything configurable comes from the environment.

See README.md for the list of variables and their defaults.
"""
import os
import tempfile
from pathlib import Path

from chatsite import env_config, otel_env_config

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ

# --- Django core -------------------------------------------------------------------------------

# DEV DEFAULT ONLY: this key is public (it is in the repository). Set DJANGO_SECRET_KEY anywhere
# the sample is reachable by someone else; it signs the session and CSRF cookies.
DEV_ONLY_SECRET_KEY = "django-insecure-dev-only-memory-chat-sample-do-not-deploy"
SECRET_KEY = env_config.optional_text(ENV, "DJANGO_SECRET_KEY") or DEV_ONLY_SECRET_KEY

# Off unless asked for: a debug page would print settings and memory text to whoever sees the error.
DEBUG = env_config.flag(ENV, "DJANGO_DEBUG", default=False)

ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"] + env_config.comma_separated(ENV, "DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    # Logins (Django's auth) and the admin, where people and their caregivers are managed.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    # For `manage.py clearsessions`, which removes expired session files (the sessions are files).
    "django.contrib.sessions",
    "chat.apps.ChatConfig",
]

MIDDLEWARE = [
    # First, so the request's span covers every other middleware too (sessions, CSRF, ...).
    "chat.middleware.TraceContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "chatsite.urls"
WSGI_APPLICATION = "chatsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Logins and "which caregiver looks after which person" live in SQLite. `manage.py runserver` applies
# migrations before serving (chat/management/commands/runserver.py), so there is still no separate
# step before it (which is all Aspire runs).
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_config.optional_text(ENV, "DJANGO_DB_PATH") or str(BASE_DIR / "db.sqlite3"),
    }
}

# Django's standard checks for passwords set through the admin, createsuperuser and changepassword.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "index"
LOGOUT_REDIRECT_URL = "index"

# Conversations live in file-backed sessions: signed-cookie sessions would hit the browser's
# ~4 KB cookie limit after a few turns and silently lose the conversation.
SESSION_ENGINE = "django.contrib.sessions.backends.file"
SESSION_FILE_PATH = env_config.optional_text(ENV, "DJANGO_SESSION_DIR") or os.path.join(
    tempfile.gettempdir(), "memory-chat-sample-sessions"
)
os.makedirs(SESSION_FILE_PATH, mode=0o700, exist_ok=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
# Times on the caregiver page are shown in this zone (MemoryApi stores UTC).
TIME_ZONE = env_config.time_zone(ENV, "DJANGO_TIME_ZONE")
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- MemoryApi client ---------------------------------------------------------------------------

MEMORY_API_URL = env_config.memory_api_url(ENV)
MEMORY_API_KEY = env_config.optional_text(ENV, "MEMORY_API_KEY")
# Reads sit in front of every chat reply, so they get a short budget.
MEMORY_API_TIMEOUT_SECONDS = env_config.positive_number(ENV, "MEMORY_API_TIMEOUT_SECONDS", 2.0)
# Writes may run fact extraction (possibly an LLM) on the server, so they get longer.
MEMORY_API_WRITE_TIMEOUT_SECONDS = env_config.positive_number(ENV, "MEMORY_API_WRITE_TIMEOUT_SECONDS", 5.0)
MEMORY_BREAKER_FAILURE_THRESHOLD = env_config.positive_integer(ENV, "MEMORY_BREAKER_FAILURE_THRESHOLD", 3)
MEMORY_BREAKER_OPEN_SECONDS = env_config.positive_number(ENV, "MEMORY_BREAKER_OPEN_SECONDS", 30.0)

# --- Optional OpenAI-compatible LLM ------------------------------------------------------------

LLM_BASE_URL = env_config.optional_text(ENV, "LLM_BASE_URL")
LLM_MODEL = env_config.optional_text(ENV, "LLM_MODEL")
LLM_API_KEY = env_config.optional_text(ENV, "LLM_API_KEY")
LLM_TIMEOUT_SECONDS = env_config.positive_number(ENV, "LLM_TIMEOUT_SECONDS", 30.0)

# --- Telemetry (OTLP/HTTP protobuf trace export) ------------------------------------------------

# The standard OTEL_* variables the Aspire AppHost injects; export is off without an endpoint.
OTLP_TRACES = otel_env_config.otlp_traces_config(ENV)

# --- Logging ------------------------------------------------------------------------------------

# One handler on the root logger; app loggers propagate to it (which is also what pytest's caplog
# listens to).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"chat": {"level": env_config.optional_text(ENV, "CHAT_LOG_LEVEL") or "INFO"}},
}
