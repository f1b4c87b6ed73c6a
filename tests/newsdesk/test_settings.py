"""Settings read from the environment, and the two commands' Python check."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(code, *, setup=True, **env):
    """Run ``code`` after django.setup() (unless not ``setup``) in a fresh interpreter with only ``env`` set."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}" if setup else code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_variable_at_all_runs_the_embedded_default():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "'django.contrib.postgres' in s.INSTALLED_APPS, s.LANGUAGE_CODE, s.TIME_ZONE, bool(s.SECRET_KEY))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "False",
        "fr",
        "Europe/Paris",
        "True",
    ]


def test_dev_secret_is_generated_once_and_kept():
    first = run_django("from django.conf import settings; print(settings.SECRET_KEY)").stdout
    second = run_django("from django.conf import settings; print(settings.SECRET_KEY)").stdout
    assert first == second and len(first.strip()) >= 50
    assert "/.secret_key" in (ROOT / ".gitignore").read_text()


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_ALLOWED_HOSTS": "news.example"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_debug_off_without_secret_or_hosts_stops_with_a_clear_message(env, missing):
    result = run_django("pass", DJANGO_DEBUG="false", **env)
    assert result.returncode != 0
    assert f"these variables must be set: {missing}" in result.stderr


def test_only_true_turns_debug_on():
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_DEBUG="yes",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="a.example",
    )
    assert result.stdout.strip() == "False"


def test_database_and_cache_urls_switch_to_postgres_and_redis():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "'django.contrib.postgres' in s.INSTALLED_APPS, s.CACHES['default']['BACKEND'], s.ALLOWED_HOSTS)",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsdesk_x",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DJANGO_ALLOWED_HOSTS="a.example, b.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == [
        "django.db.backends.postgresql",
        "newsdesk_x",
        "True",
        "django.core.cache.backends.redis.RedisCache",
    ]
    assert "['a.example', 'b.example']" in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_says_in_one_line_when_python_is_too_old(tmp_path):
    # Every candidate interpreter on this PATH is too old.
    for name in ["python3.14", "python3.13", "python3.12", "python3", "python"]:
        fake = tmp_path / name
        fake.write_text("#!/bin/sh\nexit 1\n")
        fake.chmod(0o755)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "make").symlink_to(shutil.which("make"))
    env = {"PATH": f"{tmp_path}:{tools}", "HOME": str(tmp_path)}
    for target in ["run", "test"]:
        result = subprocess.run(
            [str(tools / "make"), "--no-print-directory", "-C", str(ROOT), "VENV=" + str(tmp_path / "venv"), target],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode != 0
        lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("make")]
        assert lines == ["Newsdesk needs Python 3.12 or newer (3.13 recommended); none was found on PATH."]


def test_photos_stay_on_local_disk_with_no_variable_and_go_to_two_s3_buckets_when_named():
    # The settings module alone: django.setup() would import django-storages, which the image adds only for S3.
    code = (
        "import json, newsdesk.settings as s; "
        "print(json.dumps({'storages': s.STORAGES, 'img': s.SECURE_CSP['img-src'], 'serve': s.NEWSDESK_SERVE_MEDIA}, "
        "default=str))"
    )
    local = run_django(code, setup=False)
    assert local.returncode == 0, local.stderr
    local = json.loads(local.stdout)
    assert local["storages"]["default"]["BACKEND"] == local["storages"]["originals"]["BACKEND"]
    assert local["storages"]["originals"]["OPTIONS"]["location"].endswith("originals")
    assert local["img"] == ["'self'", "data:"] and local["serve"] is True

    s3 = run_django(
        code,
        setup=False,
        NEWSDESK_MEDIA_S3_BUCKET="newsdesk-photos",
        NEWSDESK_ORIGINALS_S3_BUCKET="newsdesk-originaux",
        NEWSDESK_S3_ENDPOINT_URL="https://s3.fr-par.example.net",
        NEWSDESK_MEDIA_DOMAIN="photos.example.net",
    )
    assert s3.returncode == 0, s3.stderr
    s3 = json.loads(s3.stdout)
    public, private = s3["storages"]["default"], s3["storages"]["originals"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (public["OPTIONS"]["bucket_name"], private["OPTIONS"]["bucket_name"]) == (
        "newsdesk-photos",
        "newsdesk-originaux",
    )
    # Renditions: unsigned, cached a year, from the CDN's domain; originals: signed and private.
    assert (
        public["OPTIONS"]["querystring_auth"] is False
        and "immutable" in public["OPTIONS"]["object_parameters"]["CacheControl"]
    )
    assert public["OPTIONS"]["custom_domain"] == "photos.example.net"
    assert private["OPTIONS"]["querystring_auth"] is True and private["OPTIONS"]["default_acl"] == "private"
    assert public["OPTIONS"]["endpoint_url"] == "https://s3.fr-par.example.net"
    assert "https://photos.example.net" in s3["img"]


def test_production_does_not_serve_photos_through_django_unless_asked():
    env = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}
    code = (
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/images/ab/x-640.jpg'); print('served')\n"
        "except Resolver404:\n    print('not served')"
    )
    code = "exec(" + repr(code) + ")"
    assert run_django(code, **env).stdout.strip() == "not served"
    assert run_django(code, **env, NEWSDESK_SERVE_MEDIA="true").stdout.strip() == "served"
