"""Reader pages through a real Varnish: kept under their keys, purged after each change, stale only when allowed."""

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles import publishing
from articles.models import Article
from newsdesk import pagecache
from tests.factories import ArticleFactory, QuoteFactory
from tests.newsdesk.conftest import Varnish
from tests.support import ROOT, free_port, production_env, redis_caches, run_manage, stop, wait_for_http

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def desk():
    """An old story with a tag and a quote, and six newer items (the newest are on every article page)."""
    old = ArticleFactory(
        headline="Inondations dans le Gard",
        standfirst="Les pluies ont cessé.",
        published_at=timezone.now() - timedelta(days=30),
        tags=["Gard"],
    )
    QuoteFactory(article=old, text="Nous restons mobilisés", featured=True)
    newer = [ArticleFactory(published_at=timezone.now() - timedelta(minutes=30 - n)) for n in range(6)]
    return old, newer


def outcomes(varnish, paths, headers=None):
    return [varnish.get(path, headers)[1]["X-Cache"] for path in paths]


def reader_paths(old):
    return [
        "/",
        old.get_absolute_url(),
        "/tag/gard/",
        old.quotes.first().source.get_absolute_url(),
        "/flux/rss/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_every_reader_page_is_kept_at_the_edge_even_for_a_reader_with_a_leftover_session(varnish, desk):
    old, newer = desk
    paths = reader_paths(old)
    assert outcomes(varnish, paths) == ["miss"] * len(paths)
    leftover = {"Cookie": "sessionid=" + "0" * 32 + "; csrftoken=abc"}
    assert outcomes(varnish, paths, leftover) == ["hit"] * len(paths)
    assert outcomes(varnish, ["/?utm_source=lettre", "/tag/gard/?fbclid=x&page=1"]) == ["hit", "miss"]


def test_pages_name_what_they_show_for_every_cdn_and_readers_never_see_the_keys(varnish, live_server, client, desk):
    old, newer = desk
    page = client.get(old.get_absolute_url())
    assert page["xkey"] == page["Surrogate-Key"] == f"article-{old.pk} front"
    assert page["Cache-Tag"] == f"article-{old.pk},front"
    assert "s-maxage=3600" in page["Cache-Control"] and "stale-if-error=86400" in page["Cache-Control"]
    assert client.get("/")["xkey"] == "lists"
    status, headers, text = varnish.get(old.get_absolute_url())
    assert status == 200 and "Inondations dans le Gard" in text
    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(headers)


def test_the_desk_and_previews_are_never_kept(varnish, desk):
    old, newer = desk
    assert outcomes(varnish, ["/admin/login/", "/admin/login/"]) == ["miss", "miss"]
    assert outcomes(varnish, [f"/apercu/article/{old.pk}/"] * 2) == ["miss", "miss"]


def test_an_edit_to_an_old_article_purges_its_pages_only(varnish, desk):
    old, newer = desk
    paths = ["/", "/tag/gard/", newer[0].get_absolute_url(), old.get_absolute_url()]
    outcomes(varnish, paths)
    old = Article.objects.get(pk=old.pk)  # as the admin loads it
    old.body = "<p>Le bilan est revu.</p>"
    old.save()
    assert outcomes(varnish, paths) == ["hit", "hit", "hit", "miss"]
    assert "Le bilan est revu." in varnish.get(old.get_absolute_url())[2]


def test_a_new_headline_on_the_lead_story_reaches_the_other_article_pages_and_the_lists(varnish, desk):
    old, newer = desk
    paths = ["/", old.get_absolute_url()]
    outcomes(varnish, paths)
    lead = Article.objects.get(pk=newer[-1].pk)
    lead.headline = "Crue : le Gardon déborde à Alès"
    lead.save()
    for path in paths:
        assert "le Gardon déborde à Alès" in varnish.get(path)[2], path


def test_a_withdrawal_while_the_edge_is_unreachable_is_delivered_within_seconds_of_its_return(
    varnish, purge_path, worker, desk
):
    old, newer = desk
    paths = ["/", old.get_absolute_url(), "/tag/gard/"]
    outcomes(varnish, paths)
    purge_path.cut()
    publishing.withdraw(Article.objects.filter(pk=old.pk))
    time.sleep(pagecache.FALLBACK_SECONDS)
    worker()  # the worker's first try fails too: the edge does not answer
    assert "Inondations dans le Gard" in varnish.get("/")[2]  # readers still get the edge's copy
    purge_path.start()
    back = time.monotonic()
    while "Inondations dans le Gard" in varnish.get("/")[2] and time.monotonic() - back < 10:
        worker()
        time.sleep(0.2)
    assert time.monotonic() - back < 10
    assert varnish.get(old.get_absolute_url())[0] == 404
    assert "Inondations dans le Gard" not in varnish.get("/tag/gard/")[2]


def test_while_the_app_fails_the_last_copy_is_served(varnish, desk, settings):
    settings.NEWSDESK_EDGE_SECONDS = 1  # fresh for a second, then kept only for failures
    old, newer = desk
    outcomes(varnish, [old.get_absolute_url()])
    varnish.point_at(free_port())  # the app is down: nothing answers there
    time.sleep(2)
    status, headers, text = varnish.get(old.get_absolute_url())
    assert status == 200 and "Inondations dans le Gard" in text  # stale while revalidating; the fetch fails
    time.sleep(10)  # past stale-while-revalidate: stale-if-error
    status, headers, text = varnish.get(old.get_absolute_url())
    assert status == 200 and "Inondations dans le Gard" in text
    status, headers, text = varnish.get("/rectificatifs/")  # never kept: nothing to serve
    assert status == 503 and "Service momentanément indisponible" in text


def test_while_the_app_fails_no_page_purged_since_is_served_stale(varnish, live_server, desk, settings):
    settings.NEWSDESK_EDGE_SECONDS = 1
    old, newer = desk
    withdrawn = newer[-1]
    paths = ["/", "/flux/rss/", "/api/ninjs/", old.get_absolute_url(), withdrawn.get_absolute_url()]
    for path in paths:
        assert withdrawn.headline in varnish.get(path)[2], path
    publishing.withdraw(Article.objects.filter(pk=withdrawn.pk))
    varnish.point_at(free_port())
    for wait in (0, 12):  # stale-while-revalidate, then stale-if-error
        time.sleep(wait)
        for path in paths:
            status, headers, text = varnish.get(path)
            assert status == 503 and withdrawn.headline not in text, path


@pytest.fixture
def private_redis(settings, tmp_path):
    """A Redis of this test's own holding the fragments (and sessions), which the test may freeze."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode:
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
    yield process
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(10)


def test_changes_made_while_redis_is_unreachable_reach_readers_once_it_answers(varnish, private_redis, desk):
    old, newer = desk
    withdrawn = newer[-1]
    assert "Nous restons mobilisés" in varnish.get(old.get_absolute_url())[2]  # its story fragment now in Redis
    private_redis.send_signal(signal.SIGSTOP)  # Redis unreachable: every call times out
    quote = old.quotes.get()
    quote.text = "Nous levons la vigilance"
    quote.save()
    publishing.withdraw(Article.objects.filter(pk=withdrawn.pk))
    assert "Nous levons la vigilance" in varnish.get(old.get_absolute_url())[2]  # rendered without the cache
    private_redis.send_signal(signal.SIGCONT)
    status, headers, text = varnish.get(old.get_absolute_url())
    assert "Nous levons la vigilance" in text and "Nous restons mobilisés" not in text
    assert withdrawn.headline not in varnish.get("/")[2]
    assert varnish.get(withdrawn.get_absolute_url())[0] == 404


class PrivateCluster:
    """A PostgreSQL cluster of this test's own (initdb in a temporary folder, a free port), which it may stop."""

    def __init__(self):
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        # Outside pytest's own folders: as root, PostgreSQL runs as the postgres user, who must reach it.
        self.folder, self.port = Path(tempfile.mkdtemp(prefix="newsdesk-pg-")), free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.folder / "data"), "-U", "postgres", "--auth", "trust")

    def run(self, tool, *args):
        subprocess.run([*self.as_owner, str(self.bin / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "log")  # the server's output: never this process's pipes
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-l", log, "-o", options, "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster():
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL's server binaries are not installed (apt-get install postgresql)")
    private = PrivateCluster()
    private.start()
    yield private
    subprocess.run([*private.as_owner, str(private.bin / "pg_ctl"), "-D", str(private.folder / "data"), "stop"])
    shutil.rmtree(private.folder, ignore_errors=True)


WITHDRAW = """
from articles import publishing
from articles.models import Article
publishing.withdraw(Article.objects.filter(headline="Séisme : les secours dégagent trois survivants"))
"""
DESK = """
from articles.models import Article
for headline in ("Séisme : les secours dégagent trois survivants", "Sécheresse : restrictions d'eau prolongées"):
    Article.objects.create(headline=headline, body="<p>Texte.</p>", status="published")
"""


def test_with_postgresql_stopped_no_list_shows_a_withdrawn_headline(cluster, tmp_path):
    port = free_port()
    edge = Varnish(tmp_path, port)
    env = production_env(
        DATABASE_URL=cluster.url, NEWSDESK_EDGE_PURGE_URLS=edge.url + "/", DJANGO_STATIC_ROOT=tmp_path / "static"
    )
    run_manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    run_manage("migrate", "--no-input", env=env)
    run_manage("shell", "-c", DESK, env=env)
    app = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    edge.start()
    proxy = {"X-Forwarded-Proto": "https"}
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/healthz", headers=proxy, process=app) in (200, 503)
        lists = ["/", "/api/ninjs/", "/flux/rss/"]
        for path in lists:
            assert "trois survivants" in edge.get(path, proxy)[2], path
        run_manage("shell", "-c", WITHDRAW, env=env)  # another process withdraws; its purge goes at its commit
        cluster.stop()
        for path in lists:
            status, headers, text = edge.get(path, proxy)
            assert status == 503 and "trois survivants" not in text, path
        status, headers, text = edge.get("/rectificatifs/", proxy)
        assert status == 503 and "Service momentanément indisponible" in text
    finally:
        edge.stop()
        print(stop(app)[-3000:])
