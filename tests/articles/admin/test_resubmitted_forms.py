"""A resubmitted add form (same one-time token) never creates a second article, quote or toll.

An editor whose save was answered as failed (a database stopping, a lost
connection) posts the form again; if the first post had in fact committed,
the second one leads to what it created, with a message, instead of a copy.
"""

import re
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from articles.models import Article, CasualtyFigure, FormSubmission, Quote
from tests.articles.test_admin import ADD_URL, article_form, with_quote_and_toll
from tests.factories import ArticleFactory, SourceFactory, UserFactory


def token_of(page):
    """Return the one-time token of the add form in ``page``."""
    found = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
    assert found, "the add form carries a one-time token"
    return found[1]


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


@pytest.fixture
def source(db):
    return SourceFactory(name="", role="gouverneur de la province", kind="government")


@pytest.mark.django_db
def test_an_article_form_posted_twice_creates_one_article_and_leads_to_it(editor_client, source):
    data = with_quote_and_toll(article_form(headline="Séisme dans l'est du pays"), source)
    data["form_token"] = token_of(editor_client.get(ADD_URL))

    first = editor_client.post(ADD_URL, data)
    again = editor_client.post(ADD_URL, data, follow=True)

    article = Article.objects.get()
    assert first.status_code == 302
    assert again.redirect_chain[-1][0] == f"/admin/articles/article/{article.pk}/change/"
    assert any("rien n'a été créé une seconde fois" in message for message in messages_of(again))
    assert (Article.objects.count(), Quote.objects.count(), CasualtyFigure.objects.count()) == (1, 1, 1)


@pytest.mark.django_db
def test_a_form_with_errors_keeps_its_token_for_the_corrected_post(editor_client, source):
    data = article_form(headline="Séisme dans l'est du pays")
    data["form_token"] = token_of(editor_client.get(ADD_URL))
    invalid = editor_client.post(ADD_URL, {**data, "headline": ""})
    assert invalid.status_code == 200 and token_of(invalid) == data["form_token"]
    assert not FormSubmission.objects.exists()

    assert editor_client.post(ADD_URL, data).status_code == 302
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_each_form_shown_has_its_own_token(editor_client):
    assert token_of(editor_client.get(ADD_URL)) != token_of(editor_client.get(ADD_URL))


@pytest.mark.django_db
def test_a_quote_form_posted_twice_creates_one_quote(reporter_client, source):
    draft = ArticleFactory(status="draft", published_at=None)
    url = "/admin/articles/quote/add/"
    data = {"article": draft.pk, "source": source.pk, "text": "Les secours travaillent sans relâche",
            "context": "", "position": "0", "form_token": token_of(reporter_client.get(url))}  # fmt: skip
    assert reporter_client.post(url, data).status_code == 302
    again = reporter_client.post(url, data)
    quote = Quote.objects.get()
    assert again.status_code == 302 and again["Location"] == f"/admin/articles/quote/{quote.pk}/change/"


@pytest.mark.django_db
def test_a_toll_form_posted_twice_creates_one_toll(editor_client, source):
    article = ArticleFactory()
    url = "/admin/articles/casualtyfigure/add/"
    now = timezone.localtime()
    data = {"article": article.pk, "outcome": "killed", "count": "12", "qualifier": "at_least",
            "victims": "personnes", "victim_category": "civilians", "source": source.pk,
            "reported_at_0": now.strftime("%d/%m/%Y"), "reported_at_1": now.strftime("%H:%M:%S"),
            "form_token": token_of(editor_client.get(url))}  # fmt: skip
    assert editor_client.post(url, data).status_code == 302
    again = editor_client.post(url, data)
    figure = CasualtyFigure.objects.get()
    assert again.status_code == 302 and again["Location"] == f"/admin/articles/casualtyfigure/{figure.pk}/change/"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_posted_twice_at_once_creates_one_article(source):
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once: PostgreSQL (SQLite takes one writer at a time)")
    editor = UserFactory(username="editrice", group="Éditeurs")
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        clients.append(client)
    data = article_form(headline="Séisme dans l'est du pays", form_token="jeton-unique-du-formulaire")
    responses = []

    def post(client):
        try:
            responses.append(client.post(ADD_URL, data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    # Claim the token first, so that both posts wait for it; then let go.
    with transaction.atomic():
        FormSubmission.objects.create(token="jeton-unique-du-formulaire")
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0] >= 2:
                    break
            time.sleep(0.05)
        transaction.set_rollback(True)
    for thread in threads:
        thread.join(timeout=30)

    assert [response.status_code for response in responses] == [302, 302]
    article = Article.objects.get()
    # The first to commit goes to the list, as any save does; the other to the article it created.
    assert sorted(response["Location"] for response in responses) == [
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
    ]
