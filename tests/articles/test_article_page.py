"""The article page: Django templates a designer can override, loaded by the ORM in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

OVERRIDE_DIR = __import__("pathlib").Path(__file__).parent / "templates_override"

# Every message the article page prints, in French and as English readers get it.
MESSAGES = {
    "Aller au contenu": "Skip to content",
    "Navigation principale": "Main navigation",
    "Publié le": "Published",
    "Mis à jour le": "Updated",
    "Bilan révisé :": "Revised toll:",
    "Évolution du bilan": "How the toll changed",
    "Sources citées": "Sources cited",
    "Rectificatif": "Correction",
    "Mots-clés": "Tags",
    "Par Ayse Kaya": "By Ayse Kaya",
    "Dernières Infos (RSS)": "Latest news (RSS)",
}


@pytest.fixture
def full_story(db):
    article = ArticleFactory(
        headline="Idleb : le bilan s'alourdit",
        byline="Ayse Kaya",
        urgency=1,
        correction="Une version précédente situait l'attaque à Alep.",
        updated_at=timezone.now(),
        tags=["Syrie", "Turquie"],
        published_at=timezone.now() - timedelta(hours=6),
    )
    source = SourceFactory(name="les autorités turques", role="", slug="autorites-turques")
    first = CasualtyFigureFactory(
        article=article, count=9, source=source, reported_at=timezone.now() - timedelta(hours=5)
    )
    second = CasualtyFigureFactory(
        article=article, count=22, supersedes=first, source=source, reported_at=timezone.now() - timedelta(hours=3)
    )
    CasualtyFigureFactory(article=article, count=29, supersedes=second, source=source, victims="soldats turcs")
    QuoteFactory(article=article, source=source, featured=True, text="Nous répondrons")
    QuoteFactory(article=article, source=source, featured=False, text="Une phrase de contexte")
    ArticleFactory(headline="Une autre dépêche")
    return article


def test_the_article_page_prints_its_story_in_french(client, full_story):
    page = client.get(full_story.get_absolute_url()).content.decode()
    assert [french for french in MESSAGES if french not in page] == []
    assert "Au moins 29 soldats turcs tués</strong>, selon les autorités turques" in page
    assert "« Nous répondrons »" in page
    assert "Une phrase de contexte" not in page  # only the featured quote is pulled out
    assert "Une autre dépêche" in page  # Dernières Infos


def test_english_readers_get_every_message_translated(client, full_story):
    page = client.get(full_story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    assert [french for french, english in MESSAGES.items() if english not in page] == []
    assert [french for french in MESSAGES if french in page] == []


def test_a_story_in_another_language_is_marked(client):
    article = ArticleFactory(headline="Ankara vows response", language="en")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<article class="story" lang="en">' in page


def test_a_designer_overrides_the_teaser_card_on_every_page_that_shows_cards(client, settings, full_story):
    # Rendered once with our card: its cached fragments must not outlive the override.
    assert 'class="teaser' in client.get(full_story.get_absolute_url()).content.decode()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [OVERRIDE_DIR, *settings.TEMPLATES[0]["DIRS"]]}]
    other = Article.objects.get(headline="Une autre dépêche")
    for url in ("/", full_story.get_absolute_url(), "/tag/syrie/", "/rectificatifs/"):
        page = client.get(url).content.decode()
        assert 'class="designer-card"' in page, url
        assert 'class="teaser' not in page, url
    card = f'<div class="designer-card" data-id="{other.pk}">UNE AUTRE DÉPÊCHE</div>'
    assert card in client.get("/").content.decode()


def _queries(client, url):
    caches["fragments"].clear()  # every part of the page rendered: the most queries it takes
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(article, n):
    """Give ``article`` n more quotes, tolls and tags, and the site n more articles."""
    source = SourceFactory()
    for i in range(n):
        QuoteFactory(article=article, source=SourceFactory(), featured=True)
        CasualtyFigureFactory(article=article, count=i + 1, source=source)
        article.tags.add(f"mot-{article.pk}-{i}")
        ArticleFactory(tags=[f"thème-{i}"])


@pytest.mark.parametrize("path", ["article", "/", "/tag/syrie/", "source"])
def test_pages_take_the_same_few_queries_however_much_they_show(client, settings, full_story, path):
    source = SourceFactory(slug="cite")
    QuoteFactory(article=full_story, source=source)
    url = {"article": full_story.get_absolute_url(), "source": "/source/cite/"}.get(path, path)
    _queries(client, url)  # once, for what a process reads once (content types)
    before = _queries(client, url)
    _grow(full_story, 6)
    QuoteFactory(article=ArticleFactory(tags=["Syrie"]), source=source)
    after = _queries(client, url)
    assert before == after
    # Each page reads the sections for its menu and, its cache cleared, the breaking alert; the front,
    # its lead stories too; a tag page first asks whether a published article carries the tag (else 404).
    assert after <= {"article": 7, "/": 9, "/tag/syrie/": 7}.get(path, 6)


def test_related_managers_behave_on_a_loaded_article(full_story):
    article = Article.objects.published().with_story().get(pk=full_story.pk)
    assert [q.text for q in article.quotes.filter(featured=True)] == ["Nous répondrons"]
    assert len(article.quotes.all()) == 2
    assert [t.name for t in article.tags.all()] == ["Syrie", "Turquie"]


STATUS_TIMES = [
    (status, hours)
    for status in (Article.Status.DRAFT, Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
    for hours in (-2, 2, None)
    if not (status == Article.Status.PUBLISHED and hours is None)
]


@pytest.mark.parametrize(("status", "hours"), STATUS_TIMES)
def test_readers_see_exactly_what_published_shows(client, editor_client, status, hours):
    when = None if hours is None else timezone.now() + timedelta(hours=hours)
    article = ArticleFactory(status=status, published_at=when)
    visible = Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(f"/article/{article.pk}/{article.slug}/").status_code == (200 if visible else 404)
    latest = client.get("/").content.decode()
    assert (article.headline in latest) == visible
    preview = editor_client.get(f"/apercu/article/{article.pk}/")
    assert preview.status_code == 200
    assert "Aperçu réservé à la rédaction" in preview.content.decode()


@pytest.mark.parametrize("pk", [2**63, 10**23])
def test_an_impossible_id_is_a_404(client, pk):
    assert client.get(f"/article/{pk}/titre/").status_code == 404
    assert client.get(f"/article/{pk}/").status_code == 404


def test_a_stale_slug_redirects_to_the_canonical_url(client, full_story):
    response = client.get(f"/article/{full_story.pk}/ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == full_story.get_absolute_url()


def test_an_edit_shows_at_once_though_the_story_is_a_cached_fragment(client, full_story):
    assert "Idleb : le bilan s'alourdit" in client.get(full_story.get_absolute_url()).content.decode()
    full_story.headline = "Idleb : nouveau bilan"
    full_story.save()
    assert "Idleb : nouveau bilan" in client.get(full_story.get_absolute_url()).content.decode()
    # A change to a quote alone counts as a new version of the story too.
    quote = full_story.quotes.get(featured=True)
    quote.text = "Nous répondrons fermement"
    quote.save()
    assert "« Nous répondrons fermement »" in client.get(full_story.get_absolute_url()).content.decode()


def test_a_save_from_an_instance_loaded_before_a_quote_changed_still_shows(client, full_story):
    stale = Article.objects.get(pk=full_story.pk)
    assert "« Nous répondrons »" in client.get(full_story.get_absolute_url()).content.decode()
    quote = full_story.quotes.get(featured=True)
    quote.text = "Nous répondrons, quoi qu'il en coûte"
    quote.save()
    stale.headline = "Idleb : la riposte promise"
    stale.save()
    page = client.get(full_story.get_absolute_url()).content.decode()
    assert "Idleb : la riposte promise" in page and "quoi qu&#x27;il en coûte" in page
    assert stale.version == Article.objects.get(pk=full_story.pk).version
