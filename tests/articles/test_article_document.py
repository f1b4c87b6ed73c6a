"""The article page printed in Python is what ``base.html`` with the article's blocks prints, byte for byte.

The reference is the template the page was rendered from before
(``articles/article_detail.html``, kept here): the same blocks in
``base.html``, rendered by Django's engine with the request's context
processors. A change to ``base.html`` that the Python skeleton does not
follow, or the reverse, fails here.
"""

from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from articles.page import load_article_page
from articles.templatetags.article_page import article_document
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

REFERENCE = """{% extends "base.html" %}
{% load article_meta article_page i18n %}
{% block title %}{{ article.headline }}{% endblock %}
{% block description %}{{ article.teaser }}{% endblock %}
{% block extra_head %}<link rel="canonical" href="{{ article.get_absolute_url }}">
{% if preview %}<meta name="robots" content="noindex">{% else %}{% article_head article %}{% endif %}{% endblock %}
{% block content %}
{% if preview %}<p class="preview-banner" role="status">{% blocktranslate with status=article.get_status_display %}\
Aperçu réservé à la rédaction — statut : {{ status }}.{% endblocktranslate %}{% if article.is_scheduled %} \
{% blocktranslate with when=article.published_at|date:"j F Y, H:i" %}Publication programmée le {{ when }}.\
{% endblocktranslate %}{% endif %}</p>{% endif %}
{% story article %}

{% related_items related %}
{% endblock %}
"""


@pytest.fixture
def stories(db):
    """Articles with every part the page can print, and one with almost none."""
    full = ArticleFactory(
        headline="Idleb : <b>le bilan</b> s'alourdit & « s'aggrave »",
        standfirst="Ce qu'il faut retenir de l'attaque.",
        byline="Ayse Kaya",
        urgency=1,
        correction="Une version précédente situait l'attaque à Alep.\nElle a eu lieu à Idleb.",
        updated_at=timezone.now(),
        tags=["Syrie", "Turquie"],
    )
    source = SourceFactory(name="les autorités turques", role="", slug="autorites-turques")
    first = CasualtyFigureFactory(article=full, count=9, source=source, reported_at=timezone.now() - timedelta(hours=5))
    second = CasualtyFigureFactory(
        article=full, count=22, supersedes=first, reported_at=timezone.now() - timedelta(hours=3)
    )
    CasualtyFigureFactory(article=full, count=29, supersedes=second, source=source)
    QuoteFactory(article=full, source=source, featured=True, context="a-t-il déclaré")
    QuoteFactory(article=full, featured=False)
    bare = ArticleFactory(headline="Brève", dateline="", agency="", body="<p>Une ligne.</p>")
    for number in range(6):
        ArticleFactory(headline=f"Autre dépêche {number} <i>en italique</i>", standfirst="Chapeau" * (number % 2))
    draft = ArticleFactory(headline="Brouillon", status=Article.Status.DRAFT)
    scheduled = ArticleFactory(headline="Programmé", published_at=timezone.now() + timedelta(hours=2))
    return {"full": full, "bare": bare, "draft": draft, "scheduled": scheduled}


def reference(request, article, related, preview):
    template = engines["django"].from_string(REFERENCE)
    return template.render({"article": article, "related": related, "preview": preview}, request)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "name, preview",
    [("full", False), ("bare", False), ("full", True), ("draft", True), ("scheduled", True)],
)
def test_the_python_page_is_base_html_with_the_article_blocks(stories, name, preview, language):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    with translation.override(language):
        python_page = article_document(
            request, *load_article_page(stories[name].pk, published_only=not preview), preview=preview
        )
        template_page = reference(
            request, *load_article_page(stories[name].pk, published_only=not preview), preview=preview
        )
    assert python_page == template_page
    assert f'<html lang="{language}">' in python_page


def test_readers_and_staff_get_the_page_from_their_urls(stories, client, editor_client):
    full = stories["full"]
    page = client.get(full.get_absolute_url())
    assert page["Content-Type"] == "text/html; charset=utf-8"
    text = page.content.decode()
    assert text.startswith("<!DOCTYPE html>")
    assert (
        "<title>Idleb : &lt;b&gt;le bilan&lt;/b&gt; s&#x27;alourdit &amp; « s&#x27;aggrave » — Newsdesk</title>" in text
    )
    assert 'property="og:title"' in text and "noindex" not in text

    preview = editor_client.get(reverse("articles:preview", args=[stories["scheduled"].pk])).content.decode()
    assert "Aperçu réservé à la rédaction — statut : publié." in preview
    assert "Publication programmée le " in preview
    assert '<meta name="robots" content="noindex">' in preview
    assert 'property="og:title"' not in preview


def test_the_chrome_follows_the_language_and_the_script_prefix(stories):
    from django.urls import set_script_prefix

    request = RequestFactory().get("/", HTTP_HOST="testserver")
    page = load_article_page(stories["bare"].pk)
    pages = {}
    for language in ("fr", "en"):
        for prefix in ("/", "/site/"):
            set_script_prefix(prefix)
            try:
                with translation.override(language):
                    pages[language, prefix] = article_document(request, *page)
                    assert pages[language, prefix] == reference(request, *page, preview=False)
            finally:
                set_script_prefix("/")
    assert '<a class="brand" href="/site/">' in pages["en", "/site/"]
    assert 'action="/site/recherche/"' in pages["fr", "/site/"]
    assert "Skip to content" in pages["en", "/"] and "Aller au contenu" in pages["fr", "/"]
