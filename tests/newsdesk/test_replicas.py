"""Read replicas against a real streaming replica: readers read from it, writers and lagging data from the primary.

A primary and its hot standby are made for this module (tests/pgcluster.py),
the app is migrated on the primary with the replica named, then served with
production settings. To show which server answered, the standby's replay is
paused: what the primary holds since is invisible on the replica.
"""

import http.client
import os
import re
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest

from tests.pgcluster import DEBIAN_PACKAGE, PG_BIN, StreamingPair, missing_binaries
from tests.support import ROOT, free_port, production_env, run_manage, stop, wait_for_http

HOST = "newsdesk.test"
VIA_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https"}
PASSWORD = "une-phrase-de-passe-solide-2026"
STICKY_SECONDS = 3
PUBLISHED = "Au moins 29 soldats turcs tués dans la province d'Idleb"
DRAFT = "Séisme en Anatolie : un nouveau bilan fait état de 41 morts"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        bool(missing_binaries()) and os.environ.get("CI") != "true",
        reason=f"the replica tests start their own PostgreSQL pair with {PG_BIN}/ "
        f"(missing: {', '.join(missing_binaries())}; Debian package {DEBIAN_PACKAGE})",
    ),
]

SETUP = f"""
from django.contrib.auth.models import Group, User
from articles.models import Article
editor = User.objects.create_user("editrice", password={PASSWORD!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="Éditeurs"))
Article.objects.create(headline={PUBLISHED!r}, body="<p>Selon les autorités turques.</p>", status="published")
draft = Article.objects.create(headline={DRAFT!r}, body="<p>Les secours fouillent les décombres.</p>")
print(draft.pk)
"""


@pytest.fixture(scope="module")
def pair():
    cluster = StreamingPair().start()
    try:
        cluster.query("primary", "CREATE DATABASE newsdesk")
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def site(pair, tmp_path_factory):
    """The app on the pair: migrated and filled through the primary, served with the standby as its replica."""
    static_root = tmp_path_factory.mktemp("static")
    env = production_env(
        DATABASE_URL=pair.url("primary", "newsdesk"),
        DATABASE_REPLICA_URLS=pair.url("standby", "newsdesk"),
        NEWSDESK_REPLICA_STICKY_SECONDS=STICKY_SECONDS,
        DJANGO_STATIC_ROOT=static_root,
    )
    # With the replica named: a migration sent to it would fail (it is read-only).
    run_manage("migrate", "--no-input", "--verbosity", "0", env=env)
    run_manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    draft_pk = int(run_manage("shell", "-c", SETUP, env=env).stdout.split()[-1])
    pair.wait_replayed()
    server = serve(env)
    try:
        yield {"server": server, "env": env, "draft_pk": draft_pk}
    finally:
        stop(server["process"])


def serve(env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_for_http(f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST}, process=process)
    return {"port": port, "process": process}


class Browser:
    """One client of the site: it keeps its cookies, as a browser does."""

    def __init__(self, server):
        self.port = server["port"]
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {**VIA_PROXY, "Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.partition(";")[0]
        return response.status, text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        status, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": token})

    def log_in(self):
        status, _ = self.post("/admin/login/?next=/admin/", {"username": "editrice", "password": PASSWORD})
        assert status == 302


def article_path(pair, pk):
    """Return the canonical address of the article ``pk``, read from the primary."""
    (slug,) = pair.query("primary", "SELECT slug FROM articles_article WHERE id = %s", [pk], "newsdesk")[0]
    return f"/article/{pk}/{slug}/"


def published_pk(pair):
    return pair.query("primary", "SELECT id FROM articles_article WHERE headline = %s", [PUBLISHED], "newsdesk")[0][0]


def replica_clients(pair):
    """Return how many connections the app holds on the standby's newsdesk database."""
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = 'newsdesk' AND pid <> pg_backend_pid()"
    return pair.query("standby", sql)[0][0]


def test_reader_pages_and_searches_are_read_from_the_replica(pair, site):
    reader = Browser(site["server"])
    status, page = reader.get("/")
    assert status == 200 and "soldats turcs" in page
    assert replica_clients(pair) >= 1
    status, results = reader.get("/recherche/?q=soldats")
    assert status == 200 and "province d&#x27;Idleb" in results

    def rename(new, old):
        pair.query("primary", "UPDATE articles_article SET headline = %s WHERE headline = %s", [new, old], "newsdesk")

    # What the primary holds while the replica does not replay is not on the readers' pages.
    pair.pause_replay()
    try:
        rename("Titre corrigé", PUBLISHED)
        status, page = reader.get("/")
        assert status == 200 and "soldats turcs" in page and "Titre corrigé" not in page
    finally:
        rename(PUBLISHED, "Titre corrigé")
        pair.resume_replay()


def test_an_editor_who_publishes_reads_it_from_the_primary_while_the_replica_lags(pair, site):
    editor, reader = Browser(site["server"]), Browser(site["server"])
    editor.log_in()
    draft = site["draft_pk"]
    pair.pause_replay()
    try:
        status, _ = editor.post(
            "/admin/articles/article/",
            {"action": "publish_now", "_selected_action": [draft], "index": 0, "select_across": 0},
        )
        assert status == 302
        # The write went to the primary (the standby refuses writes, and it is not replaying).
        status_sql = "SELECT status FROM articles_article WHERE id = %s"
        assert pair.query("primary", status_sql, [draft], "newsdesk") == [("published",)]
        assert "newsdesk_primary" in editor.cookies

        # The editor, who just wrote, reads from the primary: the article is there.
        status, page = editor.get(article_path(pair, draft))
        assert status == 200 and "un nouveau bilan fait état de 41 morts" in page
        # A reader reads the lagging replica: not published there yet.
        assert reader.get(article_path(pair, draft))[0] == 404
        assert "41 morts" not in reader.get("/")[1]

        # The editor's stay on the primary is short: then they read the replica like everyone.
        time.sleep(STICKY_SECONDS + 0.5)
        assert editor.get(article_path(pair, draft))[0] == 404
    finally:
        pair.resume_replay()
    assert reader.get(article_path(pair, draft))[0] == 200
    assert "41 morts" in reader.get("/")[1]


def test_a_replica_refusing_connections_leaves_readers_on_the_primary(pair, site):
    env = {**site["env"], "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{free_port()}/newsdesk"}
    server = serve(env)
    try:
        reader = Browser(server)
        for path in ("/", article_path(pair, published_pk(pair)), "/recherche/?q=soldats"):
            status, page = reader.get(path)
            assert status == 200 and "province d&#x27;Idleb" in page, path
    finally:
        log = stop(server["process"])
    assert "replica replica1 unavailable" in log


def test_readers_go_on_when_the_replica_they_read_from_stops(pair, site):
    reader = Browser(site["server"])
    assert reader.get("/")[0] == 200
    pair.pg_ctl(pair.standby_dir, pair.standby_port, "stop")
    for path in ("/", article_path(pair, published_pk(pair)), "/recherche/?q=soldats"):
        status, page = reader.get(path)
        assert status == 200 and "province d&#x27;Idleb" in page, path
