"""Two editors posting "Nouveau bilan" on the same toll: one new toll is stored, the other editor gets the form back.

The second one's form names the newer toll, in French; never a 500, never two
tolls claiming to revise the same one.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from articles.models import CasualtyFigure
from tests.factories import CasualtyFigureFactory, SourceFactory, UserFactory

ADD_URL = "/admin/articles/casualtyfigure/add/"


def new_toll(first, count):
    """Return the "Nouveau bilan" form of ``first`` as an editor posts it, with a new ``count``."""
    now = timezone.localtime()
    return {
        "article": str(first.article_id),
        "supersedes": str(first.pk),
        "outcome": "killed",
        "count": str(count),
        "qualifier": "at_least",
        "victims": "soldats turcs",
        "victim_category": "military",
        "source": str(first.source_id),
        "reported_at_0": now.strftime("%d/%m/%Y"),
        "reported_at_1": now.strftime("%H:%M:%S"),
    }


def desk_client(username):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username=username, group="Éditeurs"))
    return client


@pytest.fixture
def first_toll(db):
    authorities = SourceFactory(name="", role="autorités turques", kind="government")
    return CasualtyFigureFactory(count=22, source=authorities)


def assert_refused_naming(response, newer):
    assert response.status_code == 200
    page = response.content.decode()
    assert "déjà été remplacé" in page
    assert newer.sentence() in page


@pytest.mark.django_db
def test_a_new_toll_on_a_toll_revised_meanwhile_gets_the_form_back_naming_the_newer_one(first_toll):
    mine, theirs = desk_client("editrice"), desk_client("editeur2")
    assert mine.get(ADD_URL + f"?supersedes={first_toll.pk}").status_code == 200  # editrice opens the form
    assert theirs.post(ADD_URL, new_toll(first_toll, 29)).status_code == 302

    response = mine.post(ADD_URL, new_toll(first_toll, 31))

    newer = CasualtyFigure.objects.get(supersedes=first_toll)
    assert newer.count == 29
    assert_refused_naming(response, newer)
    assert CasualtyFigure.objects.count() == 2


@pytest.mark.django_db
def test_editing_the_newer_toll_itself_is_not_refused(first_toll):
    editor = desk_client("editrice")
    assert editor.post(ADD_URL, new_toll(first_toll, 29)).status_code == 302
    newer = CasualtyFigure.objects.get(supersedes=first_toll)
    response = editor.post(f"/admin/articles/casualtyfigure/{newer.pk}/change/", new_toll(first_toll, 30))
    assert response.status_code == 302
    assert CasualtyFigure.objects.get(pk=newer.pk).count == 30


def waiting_backends():
    """Return how many other PostgreSQL sessions wait for a lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_posting_a_new_toll_at_once_store_one_and_the_other_gets_the_form_back(first_toll):
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once: PostgreSQL (SQLite takes one writer at a time)")
    clients = [desk_client("editrice"), desk_client("editeur2")]
    responses = {}

    def post(index):
        try:
            responses[index] = clients[index].post(ADD_URL, new_toll(first_toll, 29 + index))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(2)]
    # Hold the toll so that both posts reach the database before either commits.
    with transaction.atomic():
        CasualtyFigure.objects.select_for_update().get(pk=first_toll.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while waiting_backends() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_backends() >= 2, "both posts should be waiting on the toll"
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(response.status_code for response in responses.values())
    assert statuses == [200, 302], statuses
    newer = CasualtyFigure.objects.get(supersedes=first_toll)
    refused = next(response for response in responses.values() if response.status_code == 200)
    assert_refused_naming(refused, newer)
    assert CasualtyFigure.objects.count() == 2
