"""Configuration classes, read from the environment (and a `.env` file).

`create_app()` picks one by `FLASK_ENV`-like `APP_ENV` (development by
default); tests pass their own mapping instead.
"""
from __future__ import annotations

import os
import secrets
from datetime import time, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = BASE_DIR / "instance"

# Keys that were ever shipped as examples: never accepted in production.
KNOWN_WEAK_KEYS = {"", "dev", "change-me", "changeme", "secret", "development-key"}
MIN_SECRET_KEY_LENGTH = 32


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _run_time(name: str, default: str) -> str:
    """An "HH:MM" time of day, checked at start rather than at the first run."""
    value = os.environ.get(name) or default
    try:
        time.fromisoformat(value)
    except ValueError as error:
        raise RuntimeError(f"{name} must be a time of day as HH:MM, not {value!r}.") from error
    return value


class Config:
    """Settings shared by every environment."""

    def __init__(self) -> None:
        env = os.environ
        self.SECRET_KEY = env.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = env.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'eplateforme.sqlite3'}"
        )
        self.PUBLIC_URL = env.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
        self.PLATFORM_NAME = env.get("PLATFORM_NAME", "e-plateforme supra-communale")
        self.PROVINCE_NAME = env.get("PROVINCE_NAME", "Province de Luxembourg")
        self.PLATFORM_MANAGER_EMAIL = env.get(
            "PLATFORM_MANAGER_EMAIL", "eplateforme@province.luxembourg.be"
        )
        self.PROVINCE_ADDRESS = env.get("PROVINCE_ADDRESS", "place Léopold 1, 6700 Arlon")
        self.DPO_EMAIL = env.get("DPO_EMAIL", self.PLATFORM_MANAGER_EMAIL)
        self.MAIL_SERVER = env.get("MAIL_SERVER") or None
        self.MAIL_PORT = _int("MAIL_PORT", 25)
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _bool("MAIL_USE_SSL")
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = env.get(
            "MAIL_DEFAULT_SENDER", self.PLATFORM_MANAGER_EMAIL
        )
        self.MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 15)
        self.UPLOAD_FOLDER = env.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", "memory://")
        # Off only for a throwaway server under a scanner (`make security`);
        # production refuses to start without rate limits.
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        # Lets several instances (or a test run) share one Redis without mixing counts.
        self.RATELIMIT_KEY_PREFIX = env.get("RATELIMIT_KEY_PREFIX", "")
        self.SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 15_000)
        self.OUTBOX_SENDER_THREAD = _bool("OUTBOX_SENDER_THREAD", True)
        # Daily jobs at 07:00 Europe/Brussels inside the web process; turn off
        # when cron runs `flask --app wsgi jobs run` instead.
        self.JOBS_SCHEDULER = _bool("JOBS_SCHEDULER", True)
        self.JOBS_RUN_AT = _run_time("JOBS_RUN_AT", "07:00")

    DEBUG = False
    TESTING = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    # The outbox decides when to send (nothing without MAIL_SERVER), tests included.
    MAIL_SUPPRESS_SEND = False
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)
    MAX_CONTENT_LENGTH = 21 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "eplateforme_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    # The cookie is sent again when the session changes, which the idle
    # timeout's `last_seen` does after each minute of activity (app/auth/sessions.py):
    # the expiry still follows the user, without signing a cookie per request.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    BABEL_DEFAULT_LOCALE = "fr_BE"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    RATELIMIT_HEADERS_ENABLED = True
    # "5 per minute" means any 60 seconds: a fixed window (the default) lets
    # 10 attempts through around the turn of a minute.
    RATELIMIT_STRATEGY = "moving-window"


class DevelopmentConfig(Config):
    DEBUG = False  # the debugger stays off; `make run` serves like production

    def __init__(self) -> None:
        super().__init__()
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret()


class ProductionConfig(Config):
    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = self.PUBLIC_URL.startswith("https://")
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.SECRET_KEY = secrets.token_hex(32)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "TEST_DATABASE_URL", "sqlite:///:memory:"
        )
        self.MAIL_SERVER = None
        self.OUTBOX_SENDER_THREAD = False
        self.JOBS_SCHEDULER = False
        self.PUBLIC_URL = "http://localhost"


def _instance_secret() -> str:
    """A random key kept in instance/ so development sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def check_production_config(config: dict) -> None:
    """Refuse to start production with a weak secret or the debugger on."""
    key = config.get("SECRET_KEY") or ""
    if key.strip().lower() in KNOWN_WEAK_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "SECRET_KEY is missing or too weak: set a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters (python -c 'import secrets; "
            "print(secrets.token_hex(32))')."
        )
    if config.get("DEBUG"):
        raise RuntimeError("DEBUG must be off in production.")
    if not config.get("RATELIMIT_ENABLED", True):
        raise RuntimeError("RATELIMIT_ENABLED=false is for scanning a throwaway server, "
                           "never for production.")
