"""The article page's one-query loader reads what the ORM reads, and shows what published() shows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.page import RELATED_FIELDS, load_article_page
from articles.views import article_queryset
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def field_values(instance, names=None):
    names = names or [field.attname for field in instance._meta.concrete_fields]
    return {name: getattr(instance, name) for name in names}


@pytest.mark.parametrize("shared", [True, False], ids=["latest-items-shared", "latest-items-in-the-statement"])
def test_the_loader_reads_the_same_rows_and_values_as_the_orm(settings, shared):
    # With the page cache on, the latest items come from the list shared
    # under its generation; off, from the page's own statement.
    settings.NEWSDESK_PAGE_CACHE_ENABLED = shared
    story = ArticleFactory(
        standfirst="Le chapeau.", correction="Rectifié.", updated_at=timezone.now(), tags=["Syrie", "otan"]
    )
    first = CasualtyFigureFactory(article=story, count=9, reported_at=timezone.now() - timedelta(hours=2))
    CasualtyFigureFactory(article=story, count=29, count_max=35, supersedes=first, source=SourceFactory())
    CasualtyFigureFactory(article=story, outcome="injured", count=1, source=None, occurred_on=timezone.now().date())
    QuoteFactory(article=story, position=2, featured=True)
    QuoteFactory(article=story, position=1, source=SourceFactory(name="", role="porte-parole", gender="f"))
    for minutes in range(7):
        ArticleFactory(published_at=timezone.now() - timedelta(minutes=minutes + 10))

    article, related = load_article_page(story.pk)
    expected = article_queryset().get(pk=story.pk)
    # Read before the comparisons below read the bodies.
    deferred = [item.get_deferred_fields() for item in related]

    assert field_values(article) == field_values(expected)
    assert [field_values(tag) for tag in article.tag_list()] == [field_values(tag) for tag in expected.tag_list()]
    for loaded, read in [
        (article.quotes.all(), expected.quotes.all()),
        (article.casualty_figures.all(), expected.casualty_figures.all()),
        (article.quote_list(), expected.quote_list()),
        (article.figure_list(), expected.figure_list()),
    ]:
        assert [field_values(item) for item in loaded] == [field_values(item) for item in read]
        assert [item.source and field_values(item.source) for item in loaded] == [
            item.source and field_values(item.source) for item in read
        ]
    assert [chain[-1].sentence() for chain in article.toll_histories()] == [
        chain[-1].sentence() for chain in expected.toll_histories()
    ]
    newest = Article.objects.published().newest_first().exclude(pk=story.pk)[:5]
    assert [field_values(item, RELATED_FIELDS) for item in related] == [
        field_values(item, RELATED_FIELDS) for item in newest
    ]
    # Loaded, not new; from this database; the related items' other fields
    # deferred, and their bodies too when their teasers were stored, as
    # only() would defer them (the bodies were read above, when asked for).
    loaded = [article, *article.tag_list(), *article.quotes.all(), *article.casualty_figures.all(), *related]
    loaded += [item.source for item in article.quotes.all()]
    assert {(item._state.adding, item._state.db) for item in loaded} == {(False, "default")}
    assert article.get_deferred_fields() == set() == expected.get_deferred_fields()
    if shared:
        assert deferred == [item.get_deferred_fields() for item in newest.only(*RELATED_FIELDS)]
    else:
        without_body = newest.only(*[name for name in RELATED_FIELDS if name != "body"])
        assert deferred == [item.get_deferred_fields() for item in without_body]
        assert "body" in deferred[0]
    assert related[0] == newest[0] and article == expected


# Every status with a past, a future and no time, except published with no
# time, which the database refuses.
STATUS_TIMES = [
    (status, hours)
    for status in (Article.Status.DRAFT, Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
    for hours in (-2, 2, None)
    if not (status == Article.Status.PUBLISHED and hours is None)
]


@pytest.mark.parametrize(("status", "hours"), STATUS_TIMES)
def test_the_loader_shows_exactly_what_published_shows(status, hours):
    when = None if hours is None else timezone.now() + timedelta(hours=hours)
    article = ArticleFactory(status=status, published_at=when)
    visible = Article.objects.published().filter(pk=article.pk).exists()
    assert (load_article_page(article.pk) is not None) == visible
    assert load_article_page(article.pk, published_only=False)[0].pk == article.pk
    assert article.pk not in [item.pk for item in load_article_page(ArticleFactory().pk)[1]] or visible


@pytest.mark.parametrize("pk", [0, -1, 2**63, 10**23])
def test_an_impossible_id_finds_nothing(pk):
    assert load_article_page(pk) is None
