"""The image's start-up path on this machine: entrypoint, production settings, gunicorn, real HTTP.

No Docker engine runs here, so this runs what the container runs
(deploy/entrypoint.sh: wait for the database, migrate, gunicorn with
deploy/gunicorn.conf.py) against the local PostgreSQL and Redis.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import uuid
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.support import REDIS_URL_FOR_TESTS, ROOT, free_port, production_env, run_manage, stop, wait_for_http

HOST = "newsdesk.test"
# What the TLS-terminating proxy adds to every request it forwards.
VIA_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https"}
EDITOR_PASSWORD = "une-phrase-de-passe-solide-2026"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Collect static files as the image build does; return the directory."""
    root = tmp_path_factory.mktemp("staticfiles")
    run_manage("collectstatic", "--no-input", "--verbosity", "0", env=production_env(DJANGO_STATIC_ROOT=root))
    return root


def fetch(port, method, path, headers=None, body=None):
    """Return (status, headers, text) of one HTTP request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def cookies_from(headers):
    """Return {name: (value, attributes)} for the Set-Cookie headers."""
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        value, _, attributes = rest.partition(";")
        found[name.strip()] = (value, attributes.lower())
    return found


def start_gunicorn(env, *, entrypoint):
    command = (
        ["sh", "deploy/entrypoint.sh"]
        if entrypoint
        else [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "newsdesk.wsgi:application"]
    )
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_reader_page_is_a_french_503_and_healthz_names_the_database_when_it_is_unreachable(static_root):
    port = free_port()
    env = production_env(
        DATABASE_URL=f"postgres://newsdesk@127.0.0.1:{free_port()}/newsdesk",
        NEWSDESK_DB_POOL_TIMEOUT=1,
        DJANGO_STATIC_ROOT=static_root,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=1,
    )
    server = start_gunicorn(env, entrypoint=False)
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST}, process=server) == 503
        status, _, body = fetch(port, "GET", "/healthz", {"Host": HOST})
        health = json.loads(body)
        assert status == 503
        assert health["status"] == "error" and health["database"].startswith("error") and health["cache"] == "ok"

        status, headers, page = fetch(port, "GET", "/", VIA_PROXY)
        assert status == 503
        assert headers["Retry-After"] == "5"
        assert "Service momentanément indisponible" in page
        # Even this page carries the production headers.
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Cache-Control"] == "no-store"
    finally:
        stop(server)


@pytest.fixture
def boot_database():
    """Create an empty PostgreSQL database for the start-up test; return its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the start-up test needs PostgreSQL: run with DATABASE_URL=postgres://…")
    import psycopg

    name = f"newsdesk_prod_boot_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_container_start_up_path_serves_readers_static_files_and_editors(boot_database, static_root):
    port = free_port()
    env = production_env(
        DATABASE_URL=boot_database,
        REDIS_URL=REDIS_URL_FOR_TESTS,
        DJANGO_STATIC_ROOT=static_root,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=2,
        NEWSDESK_EDITOR_PASSWORD=EDITOR_PASSWORD,
    )
    server = start_gunicorn(env, entrypoint=True)
    log = ""
    try:
        # The entrypoint migrated the empty database before gunicorn answered.
        assert (
            wait_for_http(f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST}, timeout=120, process=server)
            == 200
        )
        status, _, body = fetch(port, "GET", "/healthz", {"Host": HOST})
        assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}

        # The README's first steps: an editor account, then a dispatch.
        run_manage("create_editor", "premiere-editrice", env=env)
        run_manage(
            "shell",
            "-c",
            "from articles.models import Article; "
            "Article.objects.create(headline='Crue de la Seine : Paris en alerte', slug='crue-seine',"
            " body='La Seine monte.', status='published')",
            env=env,
        )

        # Plain HTTP is sent to HTTPS; through the proxy, pages come with the hardened headers.
        status, headers, _ = fetch(port, "GET", "/", {"Host": HOST})
        assert status == 301 and headers["Location"] == f"https://{HOST}/"

        status, headers, latest = fetch(port, "GET", "/", VIA_PROXY)
        assert status == 200
        assert "Crue de la Seine : Paris en alerte" in latest
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Cache-Control"].startswith("public, max-age=30")

        link = re.search(r'href="(/article/\d+/crue-seine/)"', latest).group(1)
        status, headers, article = fetch(port, "GET", link, VIA_PROXY)
        assert status == 200 and "<h1>Crue de la Seine : Paris en alerte</h1>" in article
        # What the page shows, named for the edge (Varnish drops these before readers).
        assert re.fullmatch(r"article-\d+ front", headers["xkey"])

        # Static files: hashed names from the build, cached for years, compressed.
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', latest).group(1)
        status, headers, css = fetch(port, "GET", stylesheet, {**VIA_PROXY, "Accept-Encoding": "gzip"})
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
        assert headers["Content-Encoding"] == "gzip"
        status, headers, _ = fetch(port, "GET", "/static/admin/css/base.css", VIA_PROXY)
        assert status == 200

        # The new editor logs into the admin over HTTP, as behind the proxy.
        status, headers, form = fetch(port, "GET", "/admin/login/", VIA_PROXY)
        csrf_cookie, attributes = cookies_from(headers)["csrftoken"]
        assert "secure" in attributes and "httponly" in attributes
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        status, headers, _ = fetch(
            port,
            "POST",
            "/admin/login/?next=/admin/",
            {
                **VIA_PROXY,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}/admin/login/",
            },
            urlencode({"csrfmiddlewaretoken": token, "username": "premiere-editrice", "password": EDITOR_PASSWORD}),
        )
        assert status == 302 and headers["Location"] == "/admin/"
        session, attributes = cookies_from(headers)["sessionid"]
        assert "secure" in attributes and "httponly" in attributes
        status, headers, dashboard = fetch(port, "GET", "/admin/", {**VIA_PROXY, "Cookie": f"sessionid={session}"})
        assert status == 200 and "Tableau de bord de la rédaction" in dashboard
        assert "private" in headers["Cache-Control"] and "xkey" not in headers
    finally:
        log = stop(server)
    # gunicorn's access log went to stdout, one line per request.
    assert re.search(r'"GET /healthz HTTP/1\.1" 200 .* "', log), log[-3000:]
    assert re.search(r'"POST /admin/login/\?next=/admin/ HTTP/1\.1" 302', log)
