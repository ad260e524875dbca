"""Configuration: production refuses weak secrets and the debugger."""
from __future__ import annotations

import pytest

from app import create_app
from app.config import check_production_config


@pytest.mark.parametrize("key", ["", "dev", "change-me", "short-key-123"])
def test_production_refuses_a_weak_secret_key(key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        check_production_config({"SECRET_KEY": key, "DEBUG": False})


def test_production_refuses_debug():
    with pytest.raises(RuntimeError, match="DEBUG"):
        check_production_config({"SECRET_KEY": "x" * 64, "DEBUG": True})


def test_production_app_does_not_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_production_app_starts_with_a_strong_key(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("PUBLIC_URL", "https://eplateforme.example.be")
    app = create_app()
    assert app.config["APP_ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_settings_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("PLATFORM_NAME", "e-plateforme de test")
    monkeypatch.setenv("PROVINCE_NAME", "Province de Namur")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    app = create_app()
    assert app.config["PLATFORM_NAME"] == "e-plateforme de test"
    assert app.config["PROVINCE_NAME"] == "Province de Namur"
    assert app.config["PLATFORM_MANAGER_EMAIL"] == "eplateforme@province.luxembourg.be"
    assert app.config["UPLOAD_FOLDER"].endswith("uploads")


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(RuntimeError, match="APP_ENV"):
        create_app()


def test_production_refuses_rate_limits_off():
    with pytest.raises(RuntimeError, match="RATELIMIT_ENABLED"):
        check_production_config({"SECRET_KEY": "x" * 64, "DEBUG": False,
                                 "RATELIMIT_ENABLED": False})


def test_rate_limits_can_be_turned_off_for_a_scan(monkeypatch, tmp_path):
    """`make security` serves a throwaway database with RATELIMIT_ENABLED=false
    so that sqlmap can send thousands of login attempts."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'scan.sqlite3'}")
    assert create_app().config["RATELIMIT_ENABLED"] is True
    monkeypatch.setenv("RATELIMIT_ENABLED", "false")
    assert create_app().config["RATELIMIT_ENABLED"] is False
