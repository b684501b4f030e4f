"""Settings come from the environment; production refuses to start with the development key."""

import os
import subprocess
import sys

from django.conf import settings


def _settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess({"DEBUG": "false"}, "s.SECRET_KEY")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_development_has_a_default_key_and_an_sqlite_file_under_var():
    result = _settings_in_subprocess({"DEBUG": "true"}, "s.DATABASES['default']['NAME'], s.ALLOWED_HOSTS")

    assert result.returncode == 0, result.stderr
    assert "var/rungs.sqlite3" in result.stdout
    assert "'127.0.0.1'" in result.stdout


def test_database_url_and_hosts_come_from_the_environment():
    result = _settings_in_subprocess(
        {
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://u:p@db.internal:5432/rungs",
            "ALLOWED_HOSTS": "rungs.example.com, www.rungs.example.com",
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], s.ALLOWED_HOSTS, s.DEBUG",
    )

    assert result.stdout.strip() == (
        "django.db.backends.postgresql db.internal ['rungs.example.com', 'www.rungs.example.com'] False"
    )


def test_a_misspelt_boolean_is_an_error_not_a_guess():
    result = _settings_in_subprocess({"DEBUG": "ture"}, "s.DEBUG")

    assert "DEBUG must be one of" in result.stderr


def _manage_py(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_unconfigured_manage_py_runs_with_development_settings_and_says_so():
    result = _manage_py({}, "makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert "development settings (DEBUG=true)" in result.stderr


def test_a_configured_manage_py_still_needs_a_secret_key():
    result = _manage_py({"DATABASE_URL": "postgres://u:p@db.internal:5432/rungs"}, "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
