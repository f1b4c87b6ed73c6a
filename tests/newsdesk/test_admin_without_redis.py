"""With Redis down the desk still works: sign in, lists, forms, and an editor's withdrawal.

Readers are served without the cache already; the admin must not need it
either (sessions and the login lockout live in PostgreSQL).
"""

import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.test import Client

from articles.models import Article
from tests.factories import ArticleFactory
from tests.support import free_port, redis_caches, unreachable_redis_caches

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"


class PrivateRedis:
    """A redis-server of this test's own, on a free port, that the test stops and starts at will."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


def sign_in(client):
    response = client.post("/admin/login/?next=/admin/", {"username": "editrice", "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == "/admin/"


def withdraw(client, article):
    data = {"action": "withdraw", "_selected_action": [article.pk], "confirm": "yes", "reason": "Bilan non confirmé."}
    response = client.post("/admin/articles/article/", data)
    assert response.status_code == 302


def browse_and_withdraw(client, article):
    assert client.get("/admin/").status_code == 200
    changelist = client.get("/admin/articles/article/")
    assert changelist.status_code == 200 and article.headline in changelist.content.decode()
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    withdraw(client, article)
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_with_redis_unreachable_an_editor_signs_in_and_withdraws(settings, editor):
    settings.CACHES = unreachable_redis_caches()
    article = ArticleFactory(headline="Au moins 29 soldats tués, selon un premier bilan")
    desk = Client()
    sign_in(desk)
    browse_and_withdraw(desk, article)
    # And signs out.
    assert desk.post("/admin/logout/").status_code in (200, 302)
    assert desk.get("/admin/").status_code == 302


def test_with_redis_unreachable_the_login_lockout_still_holds(settings, editor):
    settings.CACHES = unreachable_redis_caches()
    for attempt in range(5):
        Client().post("/admin/login/", {"username": "editrice", "password": f"mauvais-{attempt}"})
    locked = Client().post("/admin/login/", {"username": "editrice", "password": PASSWORD})
    assert locked.status_code == 429


def test_an_editor_signed_in_before_redis_stops_goes_on_working(settings, editor, private_redis):
    settings.CACHES = redis_caches(private_redis.url)
    article = ArticleFactory(headline="Au moins 12 morts dans un séisme en Anatolie")
    desk = Client()
    sign_in(desk)
    assert Client().get(article.get_absolute_url()).status_code == 200  # cached for readers

    private_redis.stop()

    browse_and_withdraw(desk, article)
    # A colleague signs in during the outage too.
    colleague = Client()
    sign_in(colleague)
    assert colleague.get("/admin/articles/article/").status_code == 200
