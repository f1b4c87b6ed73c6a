"""Migrations that fill the search index of an archive already there.

An upgrade must leave every existing article findable with its filters, not
only those saved after it: migration 0005 gives the documents already
indexed their facets from their articles, 0006 their date whatever their
status and the text a hit shows.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("migrations 0005 and 0006 (facets and text of the search documents) act only on PostgreSQL")


def facets(article):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT dated, day, tags, sources, cardinality(pairs) > 0 FROM search_document WHERE article_id = %s",
            [article.pk],
        )
        return cursor.fetchone()


def test_upgrade_gives_existing_documents_their_facets(postgres_only, committed):
    quoted, counted = SourceFactory(name="Ministère turc de la Défense"), SourceFactory(name="OSDH")
    with committed():
        published = ArticleFactory(headline="Frappe près d'Idleb", tags=["Syrie", "Turquie"])
        QuoteFactory(article=published, source=quoted, text="Nous riposterons.")
        CasualtyFigureFactory(article=published, source=counted)
        draft = ArticleFactory(headline="Brouillon sur Idleb", status="draft", tags=["Syrie"])
    published.refresh_from_db()
    before = {article.pk: facets(article) for article in (published, draft)}

    # Back to the index as it was (words only), then the upgrade.
    call_command("migrate", "search", "0004", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document")
        assert cursor.fetchone()[0] == 2, "going back keeps the documents"
    call_command("migrate", "search", verbosity=0)

    dated, day, tags, sources, has_pairs = facets(published)
    assert dated == published.published_at
    assert day == int(published.published_at.timestamp() // 86400)
    assert sorted(tags) == sorted(tag.pk for tag in published.tags.all())
    assert sorted(sources) == sorted([quoted.pk, counted.pk])
    assert has_pairs
    draft.refresh_from_db()
    assert facets(draft)[0] == draft.published_at, "a draft's document is dated too: readers' queryset hides it"
    assert {article.pk: facets(article) for article in (published, draft)} == before, (
        "the upgrade gives what indexing a saved article gives"
    )


def test_documents_upgraded_from_0005_show_highlights_and_hide_drafts(postgres_only, committed):
    from articles.models import Article
    from search.backends import search

    with committed():
        ArticleFactory(headline="Frappe près d'Idleb", body="<p>Une frappe &amp; des tirs.</p>")
        ArticleFactory(headline="Frappe en brouillon", status="draft")
    call_command("migrate", "search", "0005", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    (hit,) = search(Article.objects.published(), "frappe")[0:20]
    assert hit.search_headline == "<mark>Frappe</mark> près d&#x27;Idleb"
    assert "<mark>frappe</mark> &amp; des tirs" in hit.search_excerpt
