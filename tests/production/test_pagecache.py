"""The reader-page cache: what readers get, what editors see change, what is never cached.

Runs on real Redis when REDIS_URL_FOR_TESTS is set (CI), else on the memory cache.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from articles import publishing
from articles.models import Article
from newsdesk import pagecache
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory

from .admin_forms import add_toll, run_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """Return a reader's browser: no session, unlike the editor's."""
    return Client()


@pytest.fixture
def story():
    article = ArticleFactory(headline="Séisme au large de la Crète", tags=["Syrie"])
    QuoteFactory(article=article, text="Les secours sont sur place", featured=True)
    return article


def reader_pages(article):
    quote = article.quotes.first()
    return {
        "latest": ("/", 30),
        "article": (article.get_absolute_url(), 120),
        "tag": ("/tag/syrie/", 60),
        "source": (quote.source.get_absolute_url(), 60),
    }


def test_each_reader_page_is_rendered_once_then_served_from_cache_with_its_own_max_age(client, story):
    for name, (url, max_age) in reader_pages(story).items():
        first = client.get(url)
        second = client.get(url)
        assert first.status_code == second.status_code == 200, name
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), name
        assert second.content == first.content
        cache_control = second["Cache-Control"]
        assert "public" in cache_control and f"max-age={max_age}" in cache_control, (name, cache_control)
        assert f"stale-while-revalidate={max_age}" in cache_control
        assert "stale-if-error=86400" in cache_control
        assert second["ETag"] and second["Last-Modified"]
        assert "Accept-Language" in second["Vary"]


def test_a_reader_revalidating_with_etag_or_date_gets_304_without_the_page(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert "max-age=120" in by_etag["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_changed_page_gets_a_new_etag_so_an_old_copy_is_not_revalidated(client, story):
    url = story.get_absolute_url()
    old_etag = client.get(url)["ETag"]
    story.headline = "Séisme au large de la Crète : nouveau bilan"
    story.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert "nouveau bilan" in response.content.decode()


def test_french_and_english_readers_each_get_their_own_copy(client, story):
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss", "the French copy must not be served to an English reader"
    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["X-Page-Cache"] == "hit"
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_logged_in_editor_is_never_served_nor_stores_a_cached_page(editor_client, story):
    editor_view = editor_client.get("/")
    assert editor_view.status_code == 200
    assert "X-Page-Cache" not in editor_view
    assert "public" not in editor_view.get("Cache-Control", "")
    # The editor's visit stored nothing: the first anonymous reader renders it.
    assert Client().get("/")["X-Page-Cache"] == "miss"


def test_previews_and_the_admin_are_never_cached(editor_client, story):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    preview = editor_client.get(f"/apercu/article/{draft.pk}/")
    assert preview.status_code == 200
    for response in (preview, editor_client.get("/admin/"), editor_client.get("/admin/articles/article/")):
        assert "X-Page-Cache" not in response
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_publishing_through_the_admin_shows_on_the_next_request(reader, editor_client, story):
    draft = ArticleFactory(headline="Dépêche encore en brouillon", status=Article.Status.DRAFT, published_at=None)
    assert "Dépêche encore en brouillon" not in reader.get("/").content.decode()
    assert reader.get("/")["X-Page-Cache"] == "hit"

    run_action(editor_client, "article", "publish_now", draft)

    after = reader.get("/")
    assert after["X-Page-Cache"] == "miss"
    assert "Dépêche encore en brouillon" in after.content.decode()
    assert reader.get(draft.get_absolute_url()).status_code == 200


def test_an_edit_shows_on_the_article_page_the_list_and_the_tag_page(client, story):
    urls = ["/", story.get_absolute_url(), "/tag/syrie/"]
    for url in urls:
        client.get(url)
    story.headline = "Séisme en Crète : la côte évacuée"
    story.save()
    for url in urls:
        assert "la côte évacuée" in client.get(url).content.decode(), url


def test_withdrawing_through_the_admin_removes_the_article_at_once(reader, editor_client, story):
    url = story.get_absolute_url()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    assert reader.get(url)["X-Page-Cache"] == "hit"

    run_action(editor_client, "article", "withdraw", story)

    assert reader.get(url).status_code == 404
    assert "Séisme au large de la Crète" not in reader.get("/").content.decode()
    assert "Séisme au large de la Crète" not in reader.get("/tag/syrie/").content.decode()


def test_a_new_toll_recorded_in_the_admin_is_on_the_article_page_next_request(reader, editor_client, story):
    first = CasualtyFigureFactory(article=story, count=12, victims="habitants")
    url = story.get_absolute_url()
    assert "au moins 12 habitants tués" in reader.get(url).content.decode().lower()
    assert reader.get(url)["X-Page-Cache"] == "hit"

    add_toll(editor_client, story, count=40, victims="habitants", supersedes=first)

    page = reader.get(url).content.decode()
    assert "Au moins 40 habitants tués" in page
    assert "Mis à jour le" in page


def test_a_changed_quote_shows_on_the_source_page(client, story):
    quote = story.quotes.first()
    url = quote.source.get_absolute_url()
    client.get(url)
    quote.text = "Les recherches continuent toute la nuit"
    quote.save()
    assert "Les recherches continuent toute la nuit" in client.get(url).content.decode()


def test_a_draft_or_withdrawn_article_is_never_served_from_cache(client, story):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    for _ in range(2):
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 404
        assert "X-Page-Cache" not in response

    url = story.get_absolute_url()
    client.get(url)
    publishing.withdraw(Article.objects.filter(pk=story.pk))
    for _ in range(2):
        assert client.get(url).status_code == 404
    # Nothing of it is kept, not even as a fallback for a database outage.
    from django.test import RequestFactory as Factory

    request = Factory().get(url)
    request.LANGUAGE_CODE = "fr"
    from django.core.cache import cache

    assert cache.get(pagecache.page_key(request)) is None


def test_a_scheduled_article_appears_on_its_own_when_its_time_comes(client, story):
    embargoed = ArticleFactory(headline="Annonce sous embargo", published_at=timezone.now() + timedelta(seconds=2))
    before = client.get("/")
    assert "Annonce sous embargo" not in before.content.decode()
    # Browsers and CDNs are not told to keep the page past the embargo.
    max_age = int(before["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 2
    assert client.get("/")["X-Page-Cache"] == "hit"

    time.sleep(max(0.0, (embargoed.published_at - timezone.now()).total_seconds()) + 0.3)

    after = client.get("/")
    assert "Annonce sous embargo" in after.content.decode()
    assert client.get(embargoed.get_absolute_url()).status_code == 200


def test_a_stampede_on_a_missing_page_renders_it_once(client, story):
    client.get("/")  # the cache's state exists, as on a running site
    renders = []

    @pagecache.cached_reader_page(max_age=30)
    def slow_page(request):
        renders.append(1)
        time.sleep(0.5)
        return HttpResponse("<p>Dernières Infos</p>")

    responses = []

    def read():
        request = RequestFactory().get("/page-lente/")
        request.LANGUAGE_CODE = "fr"
        responses.append(slow_page(request))

    readers = [threading.Thread(target=read) for _ in range(30)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()

    assert len(renders) == 1
    assert [r.status_code for r in responses] == [200] * 30
    assert {r.content for r in responses} == {"<p>Dernières Infos</p>".encode()}
    assert sorted(r["X-Page-Cache"] for r in responses).count("miss") == 1


def test_a_stampede_on_quick_pages_renders_each_once(client, story):
    # A quick render stores its page and releases its lock while other
    # requests are between their look-up (a miss) and their turn at the lock:
    # they must serve the stored page, not render it again.
    client.get("/")
    renders = {}

    @pagecache.cached_reader_page(max_age=30)
    def quick_page(request):
        renders[request.path] = renders.get(request.path, 0) + 1
        time.sleep(0.002)
        return HttpResponse(f"<p>{request.path}</p>")

    statuses = []

    def read(path, barrier):
        request = RequestFactory().get(path)
        request.LANGUAGE_CODE = "fr"
        barrier.wait()
        statuses.append(quick_page(request).status_code)

    for round_number in range(8):
        paths = [f"/page-rapide/{round_number}/{n}/" for n in range(4)]
        barrier = threading.Barrier(32)
        readers = [threading.Thread(target=read, args=(paths[n % 4], barrier)) for n in range(32)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
    assert statuses == [200] * 256
    assert len(renders) == 32 and set(renders.values()) == {1}, renders


def test_an_expired_page_is_refreshed_once_while_the_others_get_the_previous_copy(settings, story):
    settings.NEWSDESK_PAGE_CACHE_SECONDS = 0.3
    versions = iter(range(1, 100))
    renders = []

    @pagecache.cached_reader_page(max_age=30)
    def page(request):
        renders.append(1)
        time.sleep(0.3)
        return HttpResponse(f"version {next(versions)}")

    def request():
        r = RequestFactory().get("/page/")
        r.LANGUAGE_CODE = "fr"
        return r

    assert page(request()).content == b"version 1"
    time.sleep(0.4)
    responses = []
    readers = [threading.Thread(target=lambda: responses.append(page(request()))) for _ in range(20)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(renders) == 2
    outcomes = sorted(r["X-Page-Cache"] for r in responses)
    assert outcomes.count("miss") == 1 and outcomes.count("stale") >= 15, outcomes


def test_pages_render_uncached_when_the_cache_server_is_down(client, settings, story):
    from .conftest import unreachable_redis_caches

    settings.CACHES = unreachable_redis_caches()
    for url in ("/", story.get_absolute_url(), "/tag/syrie/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Séisme au large de la Crète" in response.content.decode()
        assert response["X-Page-Cache"] == "off"
    # An editor's save still works, and the reader sees it.
    story.headline = "Séisme : pas de victime signalée"
    story.save()
    assert "pas de victime signalée" in client.get(story.get_absolute_url()).content.decode()


def test_with_local_copies_a_change_made_by_another_web_process_shows_within_the_delay(settings, reader, story):
    settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS = 0.5
    url = story.get_absolute_url()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    assert reader.get(url)["X-Page-Cache"] == "hit"
    # Another process publishes a change: it renders its own copy and starts a new
    # generation in the shared cache, which this process has not read yet.
    Article.objects.filter(pk=story.pk).update(headline="Séisme en Crète : alerte levée")
    from django.core.cache import cache

    cache.set(pagecache.STATE_KEY, {"gen": "generation-of-another-process", "next": None}, timeout=None)
    assert "alerte levée" not in reader.get(url).content.decode()

    time.sleep(0.6)

    assert "alerte levée" in reader.get(url).content.decode()


def test_with_local_copies_a_change_made_in_this_process_shows_at_once(settings, reader, story):
    settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS = 30
    url = story.get_absolute_url()
    reader.get(url)
    story.headline = "Séisme en Crète : les écoles fermées"
    story.save()
    assert "les écoles fermées" in reader.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_rendered_while_an_edit_is_being_saved_is_not_kept_after_the_commit():
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs a second connection reading while the first writes: PostgreSQL")
    story = ArticleFactory(headline="Séisme au large de la Crète")
    url = story.get_absolute_url()
    Client().get(url)
    with transaction.atomic():
        story.headline = "Séisme en Crète : un mort"
        story.save()
        # Another reader, on another connection, renders the page meanwhile:
        # it sees the rows as they were and stores that page.
        during = []

        def read_meanwhile():
            from django.db import connections

            during.append(Client().get(url).content.decode())
            connections.close_all()

        reader = threading.Thread(target=read_meanwhile)
        reader.start()
        reader.join()
        assert "un mort" not in during[0]
    assert "un mort" in Client().get(url).content.decode()


def test_an_edit_saved_while_the_cache_was_down_is_shown_once_it_is_back(settings, reader, story):
    from .conftest import unreachable_redis_caches

    url = story.get_absolute_url()
    reader.get(url)  # cached before the outage
    working = settings.CACHES
    settings.CACHES = unreachable_redis_caches()
    story.headline = "Séisme en Crète : la route côtière rouverte"
    story.save()
    assert "route côtière rouverte" in reader.get(url).content.decode()
    settings.CACHES = working
    pagecache._backoff["until"] = 0.0  # the cache answers again

    assert "route côtière rouverte" in reader.get(url).content.decode()


def test_saves_inside_a_transaction_leave_the_cache_alone_until_this_thread_renders(client, story):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = story.get_absolute_url()
    client.get(url)
    generation = cache.get(pagecache.STATE_KEY)["gen"]
    # The test runs inside a transaction, as an ingest chunk does: each save
    # costs no schedule query and no cache write.
    with CaptureQueriesContext(connection) as queries:
        for n in range(3):
            story.headline = f"Séisme en Crète : bilan numéro {n}"
            story.save()
    assert not [query for query in queries if "MIN(" in query["sql"].upper()]
    assert cache.get(pagecache.STATE_KEY)["gen"] == generation

    # This thread sees its own uncommitted rows, so its next page is a new render.
    assert "bilan numéro 2" in client.get(url).content.decode()
