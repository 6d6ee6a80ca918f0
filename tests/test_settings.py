"""Settings come from the environment; bad values stop the program with one clear line."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def sangkien(args, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "SANGKIEN_MODE"}}
    environment.update(SANGKIEN_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "sangkien", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def production_env(tmp_path):
    return {"SANGKIEN_MODE": "production", "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "sangkien.example.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = sangkien(["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                      **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_development_settings_would_fail_the_deployment_check(tmp_path):
    result = sangkien(["check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG is on


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_URL": "postgres//no-scheme"}, "DATABASE_URL is malformed"),
    ({"DATABASE_URL": "postgres://u:p@host:notaport/db"}, "DATABASE_URL is malformed"),
    ({"DATABASE_URL": "mysql://u@host/db"}, "DATABASE_URL: unsupported database"),
    ({"SANGKIEN_MODE": "production", "SECRET_KEY": ""}, "SECRET_KEY is not set"),
    ({"SANGKIEN_MODE": "production", "SECRET_KEY": "x" * 60, "DEBUG": "true"},
     "DEBUG=true is refused in production mode"),
    ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
    ({"SANGKIEN_MODE": "staging"}, "SANGKIEN_MODE='staging' is not one of"),
    ({"SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE: cannot read"),
])
def test_bad_configuration_gives_one_line_naming_the_problem(tmp_path, env, message):
    result = sangkien(["check"], tmp_path, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sangkien: configuration error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = sangkien(["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                      SECRET_KEY_FILE=str(key_file), **env)
    assert result.returncode == 0, result.stderr


def test_default_database_is_sqlite_in_the_data_folder(tmp_path):
    result = sangkien(["diffsettings", "--all"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"'NAME': '{tmp_path / 'sangkien.sqlite3'}'" in result.stdout


def test_unreachable_database_gives_one_line(tmp_path):
    result = sangkien(["migrate"], tmp_path,
                      DATABASE_URL="postgres://postgres@127.0.0.1:1/sangkien")
    assert result.returncode == 3
    assert result.stderr.startswith("sangkien: database unavailable: connection failed")
    assert len(result.stderr.strip().splitlines()) == 1


def test_vietnamese_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
