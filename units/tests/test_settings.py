"""Settings: the embedded default, production parts from the environment, check --deploy clean."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

from conftest import IN_CI
from units.tests.support import manage_py

PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://chithi:secret@127.0.0.1:5432/chithi",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://chithi:secret@mail.example.org:587/?tls=True",
    "SECRET_KEY": "x7#kq!b2@lq9z$w1v0r8m^n5c4p3o6i-u_y+t=s&e*a(d)f%g~h`j<k>l",
    "ALLOWED_HOSTS": "chithi.sonduong.example",
    "DEBUG": "false",
}


def test_check_deploy_is_clean_with_production_variables():
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr


def test_check_deploy_warns_when_debug_is_forced_on():
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_embedded_default_uses_local_time_and_vietnamese():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "vi"
    assert "en" in dict(settings.LANGUAGES)


def test_ci_runs_on_postgresql_and_redis(db):
    """In CI the suite must really run on the production parts, not fall back to the embedded ones."""
    if not IN_CI:
        pytest.skip("only meaningful in CI")
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert os.environ.get("DATABASE_URL")
