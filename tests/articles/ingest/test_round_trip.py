"""Our own ninjs export ingested again: the same article, with its version, agency times, quotes and tolls."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article, CasualtyFigure, Quote, Source
from tests.articles.ingest.items import ninjs
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db
URI = "urn:newsml:afp.com:20261204:ronde"


@pytest.fixture
def dispatch(ingest):
    """A published AFP dispatch, version 4, with a featured quote and a toll that revises another."""
    item = ninjs(
        URI,
        version="4",
        firstCreated="2026-12-04T08:05:00Z",
        versionCreated="2026-12-04T10:30:00Z",
        infoSources=[{"name": "AFP", "role": "originator"}],
        located="Ankara",
        by="Ayse Kaya",
    )
    ingest(("afp.json", item), publish=True)
    article = Article.objects.get(wire_id=URI)
    governor = SourceFactory(name="le gouverneur d'Idleb", role="", slug="gouverneur-idleb")
    QuoteFactory(article=article, source=governor, text="Les secours sont débordés", context="a dit", featured=True)
    first = CasualtyFigureFactory(
        article=article, count=22, qualifier="at_least", victims="soldats turcs", source=governor, country="Syrie"
    )
    CasualtyFigureFactory(
        article=article,
        count=29,
        count_max=33,
        qualifier="exact",
        victims="soldats turcs",
        victim_category="military",
        source=governor,
        supersedes=first,
        location="Idleb",
    )
    return Article.objects.get(pk=article.pk)


def export(client, article):
    return client.get(reverse("articles:ninjs", args=[article.pk, article.slug])).content


def snapshot(article):
    """What a reader and an editor see of the article, its quotes and tolls, without database ids."""
    quotes = [(q.text, q.context, q.featured, q.source.slug) for q in article.quotes.order_by("position")]
    tolls = [
        (
            f.sentence(),
            f.count,
            f.count_max,
            f.qualifier,
            f.victim_category,
            f.country,
            f.location,
            f.source.slug,
            f.supersedes.count if f.supersedes else None,
        )
        for f in article.casualty_figures.order_by("count")
    ]
    fields = ("headline", "body", "byline", "dateline", "agency", "language", "urgency", "wire_id", "wire_version")
    return {
        "fields": {name: getattr(article, name) for name in fields},
        "times": (article.wire_first_created, article.wire_version_created),
        "quotes": quotes,
        "tolls": tolls,
    }


def test_the_export_ingested_again_in_the_same_desk_changes_nothing(client, dispatch, ingest):
    report = ingest(("export.json", export(client, dispatch)))

    assert [(result.outcome, result.article_id) for result in report.results] == [("unchanged", dispatch.pk)]
    assert Article.objects.count() == 1
    assert Quote.objects.count() == 1 and CasualtyFigure.objects.count() == 2


def test_a_story_written_here_ingested_again_is_no_new_draft(client, ingest):
    ours = ArticleFactory(headline="Reportage de la rédaction", wire_id="")
    report = ingest(("export.json", export(client, ours)))

    assert [(result.outcome, result.article_id) for result in report.results] == [("unchanged", ours.pk)]
    assert Article.objects.count() == 1


def test_a_page_address_of_another_site_is_a_new_article(ingest):
    ours = ArticleFactory(headline="Reportage de la rédaction", wire_id="")
    foreign = f"https://www.example.org/article/{ours.pk}/reportage/"
    report = ingest(("autre.json", ninjs(foreign)))

    assert report.counts["created"] == 1
    assert Article.objects.filter(wire_id=foreign).exists()


def test_the_export_recreates_the_same_article_in_a_desk_that_lacks_it(client, dispatch, ingest):
    before = snapshot(dispatch)
    data = export(client, dispatch)
    # Another desk, or a restore: the article is gone, its sources are still known.
    for figure in dispatch.casualty_figures.order_by("-pk"):
        figure.delete()
    dispatch.delete()

    report = ingest(("export.json", data))

    assert report.counts["created"] == 1, report.results
    copy = Article.objects.get(wire_id=URI)
    assert snapshot(copy) == before
    assert before["times"] == (datetime(2026, 12, 4, 8, 5, tzinfo=UTC), datetime(2026, 12, 4, 10, 30, tzinfo=UTC))
    assert before["fields"]["wire_version"] == 4
    assert Source.objects.filter(slug="gouverneur-idleb").count() == 1
    # And again: the same article, no duplicate.
    assert ingest(("export.json", data)).results[0].outcome == "unchanged"
    assert Article.objects.count() == 1


def test_an_unknown_source_is_created_with_the_name_the_export_gives(client, dispatch, ingest):
    data = (
        export(client, dispatch)
        .replace(b"gouverneur-idleb", b"prefet-alep")
        .replace(b"le gouverneur d'Idleb", "le préfet d'Alep".encode())
    )
    for figure in dispatch.casualty_figures.order_by("-pk"):
        figure.delete()
    dispatch.delete()

    ingest(("export.json", data))

    source = Source.objects.get(slug="prefet-alep")
    assert source.name == "le préfet d'Alep"
    assert Quote.objects.get().source == source


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            b'"value": "killed"',
            b'"value": "vaporised"',
            "bilan illisible dans les associations : outcome « vaporised »",
        ),
        (b'"value": "29"', b'"value": "1e9"', "bilan illisible dans les associations : nombre « 1e9 »"),
    ],
)
def test_a_broken_toll_refuses_the_item_and_keeps_nothing_of_it(client, dispatch, ingest, old, new, reason):
    data = export(client, dispatch).replace(old, new, 1)
    for figure in dispatch.casualty_figures.order_by("-pk"):
        figure.delete()
    dispatch.delete()

    report = ingest(("export.json", data))

    assert [(result.outcome, result.reason) for result in report.results] == [("failed", reason)]
    assert not Article.objects.exists() and not Quote.objects.exists() and not CasualtyFigure.objects.exists()
