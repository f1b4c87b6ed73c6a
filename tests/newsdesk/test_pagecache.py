"""The reader-page cache, through small views of the tests' own: who is served, what is rendered again, faults.

Runs on real Redis when REDIS_URL_FOR_TESTS is set, else on the memory cache;
time moves by the fake clock (``clock`` fixture), never by sleeping.
"""

import ast
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.utils import timezone

from articles import publishing
from articles.models import Article
from newsdesk import pagecache
from tests.factories import ArticleFactory, QuoteFactory, UserFactory
from tests.support import unreachable_redis_caches

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.newsdesk.urls")]


@pytest.fixture
def old_story():
    return ArticleFactory(
        headline="Inondations dans le Gard",
        standfirst="Les pluies ont cessé.",
        published_at=timezone.now() - timedelta(days=30),
    )


@pytest.fixture
def newest():
    """Seven articles, newest last: the last six are the "front"."""
    return [ArticleFactory(published_at=timezone.now() - timedelta(minutes=60 - n)) for n in range(7)]


def outcome(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response["X-Page-Cache"]


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: the database is down")


# Who is served from the cache ---------------------------------------------------------


def test_readers_are_served_from_the_cache_whatever_cookies_they_send(renders, old_story):
    url = f"/essai/article/{old_story.pk}/"
    assert outcome(Client(), url) == "miss"
    junk = Client()
    junk.cookies["sessionid"] = "x" * 32
    junk.cookies["csrftoken"] = "y" * 32
    junk.cookies["_ga"] = "GA1.2.3"
    assert outcome(junk, url) == "hit"
    assert renders[url] == 1


def test_a_logged_in_reader_who_is_not_staff_is_served_from_the_cache(client, renders, old_story):
    url = f"/essai/article/{old_story.pk}/"
    Client().get(url)
    client.force_login(UserFactory(is_staff=False))
    assert outcome(client, url) == "hit"
    assert renders[url] == 1


def test_staff_bypass_the_cache_and_store_nothing(client, renders, old_story):
    url = f"/essai/article/{old_story.pk}/"
    client.force_login(UserFactory(is_staff=True))
    for _ in range(2):
        response = client.get(url)
        assert response["X-Page-Cache"] == "bypass"
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert renders[url] == 2
    assert outcome(Client(), url) == "miss", "a staff render must not be stored for readers"


def test_unknown_query_parameters_hit_the_same_entry(client, renders):
    assert outcome(client, "/essai/") == "miss"
    assert outcome(client, "/essai/?utm_source=lettre&fbclid=abc") == "hit"
    assert outcome(client, "/essai/?page=2") == "miss"
    assert outcome(client, "/essai/?page=2&junk=1") == "hit"
    assert client.get("/essai/?page=2").content.decode().startswith("page 2")
    assert renders["/essai/"] == 2


def test_a_view_declaring_no_query_ignores_every_parameter(client, renders):
    client.get("/essai/robots.txt")
    assert outcome(client, "/essai/robots.txt?page=7") == "hit"
    assert renders["/essai/robots.txt"] == 1


def test_each_language_has_its_own_copy(client, renders):
    assert outcome(client, "/essai/", HTTP_ACCEPT_LANGUAGE="fr") == "miss"
    assert outcome(client, "/essai/", HTTP_ACCEPT_LANGUAGE="en") == "miss"
    assert outcome(client, "/essai/", HTTP_ACCEPT_LANGUAGE="en") == "hit"


def test_a_response_that_sets_a_cookie_is_never_stored(client, renders):
    for _ in range(2):
        response = client.get("/essai/cookie/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert renders["/essai/cookie/"] == 2


def test_a_post_is_never_answered_from_the_cache(client, renders):
    client.get("/essai/robots.txt")
    response = client.post("/essai/robots.txt")
    assert response["X-Page-Cache"] == "bypass"
    assert renders["/essai/robots.txt"] == 2


# Headers --------------------------------------------------------------------------------


def test_a_cached_page_carries_its_max_age_and_validators_and_revalidates_with_304(client, old_story):
    url = f"/essai/article/{old_story.pk}/"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=120, stale-while-revalidate=120, stale-if-error=86400"
    assert "Accept-Language" in first["Vary"]
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b"" and by_etag["X-Page-Cache"] == "hit"
    assert client.get(url, HTTP_IF_NONE_MATCH='"une-autre-copie"').status_code == 200


def test_a_changed_page_gets_a_new_etag(client, old_story):
    url = f"/essai/article/{old_story.pk}/"
    old_etag = client.get(url)["ETag"]
    old_story.body = "<p>Les eaux baissent.</p>"
    old_story.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200 and "Les eaux baissent." in response.content.decode()


# What is rendered again -------------------------------------------------------------------


def test_an_edit_to_an_old_article_renders_only_its_own_page_again(client, renders, old_story, newest):
    other = newest[0]
    pages = ["/essai/", f"/essai/article/{old_story.pk}/", f"/essai/article/{other.pk}/"]
    for url in pages:
        client.get(url)
    old_story.body = "<p>Le bilan est revu à la baisse.</p>"
    old_story.save()
    assert outcome(client, pages[1]) == "miss"
    assert "Le bilan est revu à la baisse." in client.get(pages[1]).content.decode()
    assert [outcome(client, url) for url in (pages[0], pages[2])] == ["hit", "hit"]
    assert renders == {"/essai/": 1, pages[1]: 2, pages[2]: 1}


def test_a_new_headline_among_the_newest_items_renders_article_pages_and_lists_again(client, old_story, newest):
    pages = ["/essai/", f"/essai/article/{old_story.pk}/", f"/essai/article/{newest[0].pk}/"]
    for url in pages:
        client.get(url)
    lead = newest[-1]
    lead.headline = "Crue : le Gardon déborde à Alès"
    lead.save()
    for url in pages:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "le Gardon déborde" in response.content.decode(), url


def test_a_new_article_appears_in_lists_and_in_every_article_page(client, old_story, newest):
    pages = ["/essai/", f"/essai/article/{old_story.pk}/"]
    for url in pages:
        client.get(url)
    ArticleFactory(headline="Séisme ressenti à Nice")
    for url in pages:
        assert "Séisme ressenti à Nice" in client.get(url).content.decode(), url


def test_a_quote_renders_its_article_and_its_source_again_but_not_other_articles(client, renders, old_story, newest):
    quote = QuoteFactory(article=old_story, text="Nous restons mobilisés")
    pages = [
        f"/essai/source/{quote.source.slug}/",
        f"/essai/article/{old_story.pk}/",
        f"/essai/article/{newest[0].pk}/",
    ]
    for url in pages:
        client.get(url)
    quote.text = "Nous restons mobilisés toute la nuit"
    quote.save()
    assert "toute la nuit" in client.get(pages[0]).content.decode()
    assert [outcome(client, url) for url in pages] == ["hit", "miss", "hit"]


def test_a_page_expired_by_age_is_refreshed(client, clock, renders):
    client.get("/essai/robots.txt")
    clock.advance(django_settings.NEWSDESK_PAGE_CACHE_SECONDS + 1)
    assert outcome(client, "/essai/robots.txt") == "miss"
    assert outcome(client, "/essai/robots.txt") == "hit"


# Withdrawn, scheduled -----------------------------------------------------------------------


def test_a_withdrawn_article_is_gone_at_once_and_from_lists(client, old_story, newest):
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    client.get("/essai/")
    publishing.withdraw(Article.objects.filter(pk=old_story.pk))
    assert client.get(url).status_code == 404
    assert "Inondations dans le Gard" not in client.get("/essai/").content.decode()


def test_a_withdrawn_article_is_not_served_even_while_the_database_is_down(client, old_story):
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    publishing.withdraw(Article.objects.filter(pk=old_story.pk))
    with connection.execute_wrapper(database_down):
        response = client.get(url)
    assert response.status_code == 503
    assert "Inondations dans le Gard" not in response.content.decode()


def test_a_deleted_article_is_not_served_even_while_the_database_is_down(client, old_story):
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    Article.objects.get(pk=old_story.pk).delete()
    with connection.execute_wrapper(database_down):
        assert client.get(url).status_code == 503


def test_the_max_age_stops_before_a_scheduled_article_appears(client, clock):
    ArticleFactory(headline="Sous embargo", published_at=timezone.now() + timedelta(seconds=10))
    cache_control = client.get("/essai/")["Cache-Control"]
    assert "max-age=9," in cache_control or "max-age=10," in cache_control


def test_a_scheduled_article_appears_when_its_time_comes(client, clock, renders, newest):
    # The database keeps its own time: the test cannot move it, so it starts
    # the page cache's clock a minute early, and when the fake clock reaches
    # the embargo it moves the article's time into the past minute, where the
    # database also sees it published.
    clock.advance(-60)
    embargoed = ArticleFactory(headline="Annonce sous embargo", published_at=timezone.now() + timedelta(hours=1))
    url = f"/essai/article/{embargoed.pk}/"
    assert "Annonce sous embargo" not in client.get("/essai/").content.decode()
    assert client.get(url).status_code == 404
    assert outcome(client, "/essai/") == "hit"

    Article.objects.filter(pk=embargoed.pk).update(published_at=timezone.now() - timedelta(seconds=10))
    clock.advance(60 + 3600 + 1)

    assert "Annonce sous embargo" in client.get("/essai/").content.decode()
    assert outcome(client, url) == "miss"
    assert outcome(client, url) == "hit"


# Transactions ---------------------------------------------------------------------------------


def test_inside_a_transaction_the_tokens_change_at_the_commit_and_this_thread_sees_its_changes_before(
    client, old_story, django_capture_on_commit_callbacks
):
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    name = f"article:{old_story.pk}"
    before = pagecache.token(name)

    def seen_by_another_thread():
        values = []
        reader = threading.Thread(target=lambda: values.append(pagecache.token(name)))
        reader.start()
        reader.join()
        return values[0]

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for n in range(3):
                old_story.body = f"<p>Mise à jour numéro {n}.</p>"
                old_story.save()
            assert seen_by_another_thread() == before, "nothing is written before the commit"
            assert "Mise à jour numéro 2." in client.get(url).content.decode()
    after = seen_by_another_thread()
    assert after != before
    assert "Mise à jour numéro 2." in client.get(url).content.decode()


# Stampedes ---------------------------------------------------------------------------------------


def run_readers(count, target):
    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_a_stampede_on_a_missing_page_renders_it_once(renders):
    responses = []
    run_readers(16, lambda: responses.append(Client().get("/essai/lent/")))
    assert renders["/essai/lent/"] == 1
    assert [r.status_code for r in responses] == [200] * 16
    assert {r.content for r in responses} == {"Dernières Infos".encode()}
    outcomes = sorted(r["X-Page-Cache"] for r in responses)
    assert outcomes.count("miss") == 1 and outcomes.count("hit-after-wait") + outcomes.count("hit") == 15


def test_an_expired_page_is_refreshed_once_while_the_others_get_the_previous_copy(clock, renders):
    Client().get("/essai/lent/")
    clock.advance(django_settings.NEWSDESK_PAGE_CACHE_SECONDS + 1)
    responses = []
    run_readers(12, lambda: responses.append(Client().get("/essai/lent/")))
    assert renders["/essai/lent/"] == 2
    outcomes = sorted(r["X-Page-Cache"] for r in responses)
    assert outcomes.count("miss") == 1 and outcomes.count("stale") + outcomes.count("hit-after-wait") == 11


# Faults ----------------------------------------------------------------------------------------------


def test_the_last_copy_is_served_while_the_database_is_down(client, clock, old_story):
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    clock.advance(django_settings.NEWSDESK_PAGE_CACHE_SECONDS + 1)
    with connection.execute_wrapper(database_down):
        response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "stale-if-error"
    assert "Inondations dans le Gard" in response.content.decode()


def test_a_page_never_cached_answers_503_while_the_database_is_down(client, old_story):
    with connection.execute_wrapper(database_down):
        assert client.get(f"/essai/article/{old_story.pk}/").status_code == 503


def test_pages_are_rendered_when_redis_is_down(client, settings, renders, old_story):
    settings.CACHES = unreachable_redis_caches()
    url = f"/essai/article/{old_story.pk}/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "off"
        assert "Inondations dans le Gard" in response.content.decode()
    assert renders[url] == 2
    old_story.body = "<p>Décrue amorcée.</p>"
    old_story.save()
    assert "Décrue amorcée." in client.get(url).content.decode()
    assert pagecache.token("front") != pagecache.token("front"), "with the cache down a fragment never hits"


def test_an_edit_saved_while_redis_was_down_is_shown_once_it_is_back(client, settings, clock, old_story):
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    working = settings.CACHES
    settings.CACHES = unreachable_redis_caches()
    old_story.body = "<p>La route est rouverte.</p>"
    old_story.save()
    assert client.get(url)["X-Page-Cache"] == "off"
    settings.CACHES = working
    clock.advance(pagecache.BACKOFF_SECONDS + 1)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "La route est rouverte." in response.content.decode()


# This process's copies ----------------------------------------------------------------------------------


def test_with_local_copies_a_hit_needs_no_redis_until_the_delay_is_over(client, settings, clock, renders):
    settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS = 1
    client.get("/essai/robots.txt")
    settings.CACHES = unreachable_redis_caches()
    assert outcome(client, "/essai/robots.txt") == "hit"
    clock.advance(1.5)
    assert outcome(client, "/essai/robots.txt") == "off"


def test_with_local_copies_a_change_made_in_this_process_shows_at_once(client, settings, clock, old_story):
    settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS = 30
    url = f"/essai/article/{old_story.pk}/"
    client.get(url)
    assert outcome(client, url) == "hit"
    old_story.body = "<p>Les écoles rouvrent lundi.</p>"
    old_story.save()
    assert "Les écoles rouvrent lundi." in client.get(url).content.decode()


# Layering --------------------------------------------------------------------------------------------------


def test_the_page_cache_imports_no_app_of_the_project():
    source = Path(pagecache.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    apps = {name.split(".")[0] for name in django_settings.INSTALLED_APPS} - {"django"}
    assert not imported & apps, imported & apps
    assert "run_on_commit" not in source


def test_these_tests_reach_into_no_private_name_of_the_page_cache():
    for path in Path(__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        private = [
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "pagecache"
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ]
        assert not private, (path.name, private)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_rendered_on_another_connection_during_an_edit_is_not_kept_after_the_commit(client):
    if connection.vendor != "postgresql":
        pytest.skip("needs a second connection reading while the first writes: PostgreSQL")
    story = ArticleFactory(headline="Séisme au large de la Crète", standfirst="Chapeau.")
    url = f"/essai/article/{story.pk}/"
    client.get(url)
    during = []

    def read_meanwhile():
        from django.db import connections

        during.append(Client().get(url).content.decode())
        connections.close_all()

    with transaction.atomic():
        story.body = "<p>Un mort.</p>"
        story.save()
        # Another reader, on another connection, sees the rows as they were
        # and stores that page.
        reader = threading.Thread(target=read_meanwhile)
        reader.start()
        reader.join()
        assert "Un mort." not in during[0]
    assert "Un mort." in client.get(url).content.decode()
