"""The index follows the searchable rows after each commit, whichever way they change."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Article
from search.backends import search
from tests.factories import ArticleFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def found(text):
    return [article.headline for article in search(Article.objects.published(), text)[0:20]]


def index_writes(queries):
    """Return the statements that wrote search documents (PostgreSQL) or the stored text of FTS5 rows (SQLite)."""
    written = "INSERT INTO search_document" if connection.vendor == "postgresql" else "INSERT INTO search_text"
    return [q["sql"] for q in queries if written in q["sql"]]


def test_one_transaction_touching_an_article_many_ways_indexes_it_once(django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                article = ArticleFactory(headline="Sommet à Vilnius", tags=["Otan"])
                QuoteFactory(article=article, source=SourceFactory(name="Jens Stoltenberg"), text="Une réponse unie")
                article.standfirst = "<p>Les alliés réunis.</p>"
                article.save()
    assert len(index_writes(queries.captured_queries)) == 1
    assert found("Stoltenberg otan unie alliés") == ["Sommet à Vilnius"]


def test_a_rolled_back_edit_is_never_found_and_the_next_commit_still_indexes(publish, committed):
    article = publish(headline="Premier bilan à Alep")
    with committed():
        try:
            with transaction.atomic():
                article.headline = "Bilan démenti à Homs"
                article.save()
                raise RuntimeError("the editor's save failed")
        except RuntimeError:
            pass
    assert found("Homs") == [] and found("Alep") == ["Premier bilan à Alep"]
    with committed():
        ArticleFactory(headline="Autre dépêche de Deraa")
    assert found("Homs") == [] and found("Alep") == ["Premier bilan à Alep"]
    assert found("Deraa") == ["Autre dépêche de Deraa"]


def test_renaming_a_tag_is_found_at_once(publish, committed):
    publish(headline="Réunion à Genève", tags=["Diplomatie"])
    with committed():
        tag = Tag.objects.get(name="Diplomatie")
        tag.name = "Négociations"
        tag.save()
    assert found("negociations") == ["Réunion à Genève"]
    assert found("diplomatie") == []


def test_a_deleted_quote_leaves_the_index(publish, committed):
    article = publish(headline="Déclaration à Ankara")
    with committed():
        quote = QuoteFactory(article=article, source=SourceFactory(name="Ibrahim Kalin"), text="Nous riposterons")
    assert found("riposterons") == ["Déclaration à Ankara"]
    with committed():
        quote.delete()
    assert found("riposterons") == [] and found("Kalin") == []


def test_a_large_change_is_indexed_by_the_worker_not_on_commit(publish, committed):
    from search.signals import LARGE
    from tests.support import queued_tasks, run_queued_tasks

    with committed(), transaction.atomic():
        for number in range(LARGE):
            ArticleFactory(headline=f"Dépêche {number} sur le corridor de Lattaquié")
    # Queued with the change; the commit itself indexed nothing.
    assert len(queued_tasks("search.tasks.index_rows")) == 1
    assert found("Lattaquié") == []
    run_queued_tasks()
    assert len(search(Article.objects.published(), "Lattaquié")) == LARGE
    # A small edit is still found the moment it is committed.
    publish(headline="Cessez-le-feu à Lattaquié")
    assert found("Cessez-le-feu") == ["Cessez-le-feu à Lattaquié"]
