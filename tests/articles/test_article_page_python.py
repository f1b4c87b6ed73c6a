"""The article page's parts built in Python: URLs equal to reverse(), every printed message translated."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone

from articles import links
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

SLUGS = [
    "soldats-turcs",
    "v2.0_Bilan-AFP",
    "météo",
    "r&d-<test>",
    "100%-sûr",
    "l'été: 2026~@!$",
    "espace insécable\u00a0et espace",
    "点",
    "?#[]",
]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("pk", [1, 42, 2**63 - 1])
def test_prefixed_urls_are_what_reverse_returns(slug, pk):
    assert links.slug_url("article", slug, pk) == reverse("articles:detail", kwargs={"pk": pk, "slug": slug})
    assert links.slug_url("ninjs", slug, pk) == reverse("articles:ninjs", kwargs={"pk": pk, "slug": slug})
    for name in ("tag", "source", "tag_feed_rss", "tag_feed_atom", "source_feed_rss", "source_feed_atom"):
        assert links.slug_url(name, slug) == reverse(f"articles:{name}", kwargs={"slug": slug})


def test_fixed_urls_are_what_reverse_and_static_return():
    from django.templatetags.static import static

    assert links.fixed_url("latest") == reverse("articles:latest")
    assert links.fixed_url("search") == reverse("search:results")
    assert links.fixed_url("feed_rss") == reverse("articles:feed_rss")
    assert links.fixed_url("feed_atom") == reverse("articles:feed_atom")
    assert links.fixed_url("stylesheet") == static("css/site.css")


@pytest.mark.parametrize("slug", ["a/b", "nul\x00", "tab\there", ""])
def test_a_slug_the_route_refuses_fails_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        links.slug_url("tag", slug)


def test_urls_follow_the_script_prefix():
    set_script_prefix("/site/")
    try:
        assert links.slug_url("article", "météo", 7) == reverse("articles:detail", kwargs={"pk": 7, "slug": "météo"})
        assert links.slug_url("article", "météo", 7).startswith("/site/article/7/")
        assert links.fixed_url("latest") == "/site/"
    finally:
        set_script_prefix("/")
    assert links.fixed_url("latest") == "/"


# What readers read ------------------------------------------------------------

# Every message the article page prints from Python, in French and as English readers get it.
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
    "URGENT": "URGENT",
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
        tags=["Syrie"],
    )
    source = SourceFactory(name="les autorités turques", role="", slug="autorites-turques")
    first = CasualtyFigureFactory(
        article=article, count=9, source=source, reported_at=timezone.now() - timedelta(hours=5)
    )
    second = CasualtyFigureFactory(
        article=article, count=22, supersedes=first, reported_at=timezone.now() - timedelta(hours=3)
    )
    CasualtyFigureFactory(article=article, count=29, supersedes=second, source=source)
    QuoteFactory(article=article, source=source, featured=True)
    ArticleFactory(headline="Une autre dépêche")
    return article


def test_the_article_page_prints_its_french_messages(client, full_story):
    page = client.get(full_story.get_absolute_url()).content.decode()
    missing = [french for french in MESSAGES if french not in page]
    assert missing == []


def test_english_readers_get_every_message_of_the_article_page_translated(client, full_story):
    # The catalogue is made by `make messages` from the templates and from the
    # Python that prints the page: a message xgettext cannot see (inside an
    # f-string's braces) is dropped from it, and English readers get French.
    page = client.get(full_story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    untranslated = [french for french, english in MESSAGES.items() if english not in page]
    assert untranslated == []
    assert [french for french in MESSAGES if french != "URGENT" and french in page] == []


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("script_prefix", ["/", "/site/"])
def test_the_absolute_urls_of_the_cards_are_what_build_absolute_uri_returns(slug, script_prefix):
    from django.test import RequestFactory

    from articles.models import Article
    from articles.templatetags.article_meta import article_meta

    article = Article(pk=7, slug=slug, headline="Titre", body="<p>Texte.</p>", published_at=timezone.now())
    article.attached_tags = []
    request = RequestFactory().get("/", HTTP_HOST="testserver", secure=True)
    set_script_prefix(script_prefix)
    try:
        meta = article_meta(request, article)
        assert meta["url"] == request.build_absolute_uri(article.get_absolute_url())
        assert meta["url"].startswith(f"https://testserver{script_prefix}article/7/")
    finally:
        set_script_prefix("/")
