"""The PostgreSQL engine's plan: windows of recent days, facets and word pairs in the index.

Whatever plan the statistics choose, a reader must get exactly what reading
every match would give: the newest matches, visible ones only, filtered.
"""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from search import backends
from search.forms import SearchForm
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory
from tests.support import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("search documents with facets, windows and word pairs exist only on PostgreSQL")


def analyze():
    from search.backends.postgres import forget_statistics

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")
    forget_statistics()


def every_match(text, queryset=None):
    """Return the ids a search must give: all matches read, newest first (no plan)."""
    queryset = queryset if queryset is not None else Article.objects.published()
    matches = backends.filter_matches(queryset, text)
    return list(matches.order_by("-published_at", "-pk").values_list("pk", flat=True))


@pytest.fixture
def archive(committed):
    """A year of dispatches, one a day: 'frappe' every day, 'treve' one day in ten, a few rare words."""
    rng = random.Random(7)
    now = timezone.now()
    syrie = []
    with committed():
        for day in range(365):
            words = ["Frappe aérienne"]
            if day % 10 == 0:
                words.append("trêve annoncée")
            if day % 97 == 0:
                words.append("Kandahar")
            tags = ["Syrie"] if rng.random() < 0.2 else ["Monde"]
            article = ArticleFactory(
                headline=" ".join(words) + f" jour {day}",
                body=f"<p>{' '.join(words)} et défense antiaérienne {rng.choice(['active', 'muette'])}.</p>",
                published_at=now - timedelta(days=day, minutes=5),
                tags=tags,
            )
            if "Syrie" in tags:
                syrie.append(article.pk)
        # Not visible: a draft, a withdrawn and a scheduled article, all matching.
        ArticleFactory(headline="Frappe brouillon", status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(headline="Frappe retirée", status=Article.Status.WITHDRAWN)
        ArticleFactory(headline="Frappe programmée", published_at=now + timedelta(hours=2))
    run_queued_tasks()  # a year of dispatches in one transaction: the worker indexes them
    analyze()
    return syrie


@pytest.mark.parametrize(
    "text",
    ["frappe", "frappe aerienne", "treve", "kandahar", '"défense antiaérienne"', "frappe -treve", "treve OR kandahar"],
)
def test_windows_give_exactly_the_newest_matches(archive, monkeypatch, text):
    monkeypatch.setattr("search.backends.CANDIDATES", 10)
    results = backends.search(Article.objects.published(), text)
    assert results.recent_ids() == every_match(text)[:11]


def test_a_common_word_is_read_in_a_window_of_recent_days(archive):
    from search.backends import Narrowing, postgres
    from search.query import parse

    stats = postgres.statistics(parse("frappe"), "frappe", Narrowing(), using="default")
    plan = postgres.day_keys(parse("frappe"), stats, 11, Narrowing())
    assert len(plan) > 1 and plan[-1] == (None, None), plan
    assert plan[0] == ("d.day >= %(day)s", plan[0][1])
    assert plan[0][1] >= (timezone.now() - timedelta(days=60)).timestamp() // 86400


def test_a_filter_by_tag_widens_the_window_until_enough_are_found(archive, monkeypatch):
    monkeypatch.setattr("search.backends.CANDIDATES", 10)
    form = SearchForm({"q": "frappe", "tag": "syrie"})
    results = form.results(Article.objects.published())
    expected = every_match("frappe", Article.objects.published().filter(pk__in=archive))
    assert results.recent_ids() == expected[:11]
    assert {tag.slug for article in results[0:10] for tag in article.tags.all()} == {"syrie"}


def test_a_date_range_is_honoured_on_every_plan(archive):
    now = timezone.now()
    form = SearchForm(
        {"q": "frappe", "du": (now - timedelta(days=200)).date(), "au": (now - timedelta(days=100)).date()}
    )
    results = form.results(Article.objects.published())
    days = [(now - article.published_at).days for article in results[0:20]]
    assert days and all(99 <= day <= 200 for day in days), days


def test_status_changed_without_signals_is_seen_at_once(publish):
    article = publish(headline="Cessez-le-feu à Gaza")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    # Checked against the queryset, or against its visible queryset (the reader's form).
    for narrowing in (None, backends.Narrowing()):
        assert backends.search(Article.objects.published(), "gaza", narrowing=narrowing).recent_ids() == []
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    for narrowing in (None, backends.Narrowing()):
        found = backends.search(Article.objects.published(), "gaza", narrowing=narrowing).recent_ids()
        assert found == [article.pk]
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(hours=1))
    assert backends.search(Article.objects.published(), "gaza", narrowing=backends.Narrowing()).recent_ids() == []


def test_a_toll_source_filters_search_results(publish, committed):
    article = publish(headline="Bilan des frappes à Idleb")
    publish(headline="Autres frappes à Idleb")
    source = SourceFactory(name="Observatoire syrien des droits de l'homme", slug="osdh")
    with committed():
        CasualtyFigureFactory(article=article, source=source)
    form = SearchForm({"q": "frappes", "source": "osdh"})
    assert [a.headline for a in form.results(Article.objects.published())[0:20]] == ["Bilan des frappes à Idleb"]


def test_a_quoted_source_filters_search_results(publish, committed):
    article = publish(headline="Réunion de l'Otan à Bruxelles")
    publish(headline="Autre réunion à Bruxelles")
    with committed():
        QuoteFactory(article=article, source=SourceFactory(name="Kay Bailey Hutchison", slug="kbh"))
    form = SearchForm({"q": "réunion", "source": "Kay Bailey Hutchison"})
    assert [a.headline for a in form.results(Article.objects.published())[0:20]] == ["Réunion de l'Otan à Bruxelles"]


def test_a_phrase_is_found_by_its_word_pairs_in_order_only(publish):
    publish(headline="Défense antiaérienne activée", body="<p>Les batteries ont tiré.</p>")
    publish(headline="Antiaérienne, la défense ?", body="<p>Rien à signaler.</p>")
    publish(headline="Le ministre de la Défense parle", body="<p>Conférence de presse.</p>")
    with connection.cursor() as cursor:
        pairs = "search_pairs(to_tsvector('french_unaccent', %s))"
        cursor.execute(
            f"SELECT cardinality({pairs}), {pairs} @> {pairs}, {pairs} @> {pairs}",
            ["Défense antiaérienne activée", "Défense antiaérienne activée", "defense antiaerienne",
             "Défense antiaérienne activée", "antiaérienne défense"],
        )  # fmt: skip
        assert cursor.fetchone() == (2, True, False)
    found = backends.search(Article.objects.published(), '"defense antiaerienne"')
    assert [a.headline for a in found[0:20]] == ["Défense antiaérienne activée"]
    # Stop words inside a phrase keep their places: no pair, the words and their distance decide.
    found = backends.search(Article.objects.published(), '"ministre de la défense"')
    assert [a.headline for a in found[0:20]] == ["Le ministre de la Défense parle"]


@pytest.mark.parametrize("bounds", [{"du": 30}, {"au": 300}, {"du": 200, "au": 190}])
def test_date_bounds_give_exactly_the_newest_matches_in_range(archive, monkeypatch, bounds):
    monkeypatch.setattr("search.backends.CANDIDATES", 10)
    now = timezone.now()
    data = {"q": "frappe"} | {name: (now - timedelta(days=days)).date() for name, days in bounds.items()}
    form = SearchForm(data)
    expected = every_match("frappe", form.filter(Article.objects.published()))
    assert expected
    assert form.results(Article.objects.published()).recent_ids() == expected[:11]


@pytest.mark.parametrize("text", ["frappe", "trêve", "frappe OR kandahar", "frappe -trêve", '"frappe aérienne"'])
def test_ranks_read_with_the_window_order_a_page_as_the_ranking_statement_does(archive, publish, text):
    # Headline hits outrank body hits; equal ranks (one a day) go newest first.
    now = timezone.now()
    for day in (3, 40, 120):
        publish(headline="Sans rapport", body=f"<p>Une frappe et une trêve, jour {day}.</p>",
                published_at=now - timedelta(days=day, hours=1))  # fmt: skip
    analyze()
    from search.backends import Narrowing

    for start, stop in ((0, 20), (20, 40), (5, 13)):
        read_with_window = backends.search(Article.objects.published(), text, narrowing=Narrowing())
        statement = backends.search(Article.objects.published(), text)  # no narrowing: ranked by a statement
        assert read_with_window.recent_ids().ranks is not None, "the ranks came with the window"
        assert getattr(statement.recent_ids(), "ranks", None) is None
        assert [a.pk for a in read_with_window[start:stop]] == [a.pk for a in statement[start:stop]]
