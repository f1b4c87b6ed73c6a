"""ninjs 3.1 out: one document per published article and the paginated latest list."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from articles.models import Article
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ninjs_validator(shared_dir):
    schema = json.loads((shared_dir / "wire" / "ninjs" / "ninjs-schema_3.1.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(validator, document):
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []


@pytest.fixture
def story():
    """A published article with everything the extension carries: quotes, a revised toll, a correction."""
    article = ArticleFactory(
        headline="Au moins 33 soldats turcs tués dans une frappe",
        body="<p>Premier paragraphe.</p><p>Second paragraphe &amp; fin.</p>",
        dateline="Ankara",
        agency="AFP",
        urgency=2,
        wire_id="urn:newsml:afp.com:20261127:abc",
        correction="Le bilan initial était de 22 morts, et non 12.",
        tags=["Turquie", "Syrie"],
    )
    authorities = SourceFactory(name="les autorités turques", role="", slug="autorites-turques")
    QuoteFactory(article=article, text="Nous répondrons", context="a déclaré le ministre", featured=True)
    first = CasualtyFigureFactory(article=article, count=22, source=authorities)
    CasualtyFigureFactory(article=article, count=33, source=authorities, supersedes=first)
    return article


def ninjs_url(article):
    return reverse("articles:ninjs", args=[article.pk, article.slug])


def test_article_document_validates_and_carries_the_story(client, story, ninjs_validator):
    response = client.get(ninjs_url(story))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert_valid(ninjs_validator, document)
    assert document["uri"] == f"http://testserver{story.get_absolute_url()}"
    assert document["standard"]["version"] == "3.1"
    assert document["pubStatus"] == "usable" and document["urgency"] == 2 and document["language"] == "fr"
    assert document["headlines"] == [{"role": "main", "contentType": "text/plain", "value": story.headline}]
    html, text = document["bodies"]
    assert html["contentType"] == "text/html" and html["value"] == story.body
    assert text["contentType"] == "text/plain" and text["value"] == "Premier paragraphe.\n\nSecond paragraphe & fin."
    assert document["descriptions"][0]["value"] == "Premier paragraphe. Second paragraphe & fin."
    assert [s["name"] for s in document["subjects"]] == ["Syrie", "Turquie"]
    assert document["by"] == "AFP" and document["infoSources"] == [{"name": "AFP", "role": "originator"}]
    assert document["located"] == "Ankara"
    assert document["altIds"] == [{"role": "newsdesk:wire-id", "value": "urn:newsml:afp.com:20261127:abc"}]
    assert document["edNote"] == story.correction
    # The correction moves versionCreated past the publication time.
    assert document["versionCreated"] >= document["firstCreated"]


def test_quotes_and_tolls_travel_in_the_newsdesk_associations(client, story, ninjs_validator):
    associations = client.get(ninjs_url(story)).json()["associations"]

    quote, first, current = associations
    assert quote["rel"] == "newsdesk:pullquote"
    assert quote["bodies"][0]["value"] == "Nous répondrons"
    assert quote["descriptions"] == [{"role": "newsdesk:context", "value": "a déclaré le ministre"}]
    assert first["rel"] == "newsdesk:toll-superseded" and current["rel"] == "newsdesk:toll"
    assert current["headlines"][0]["value"] == "au moins 33 soldats turcs tués"
    assert current["bodies"][0]["value"] == "au moins 33 soldats turcs tués, selon les autorités turques"
    ids = {alt["role"]: alt["value"] for alt in current["altIds"]}
    assert ids["newsdesk:count"] == "33" and ids["newsdesk:qualifier"] == "at_least"
    assert ids["newsdesk:outcome"] == "killed"
    assert ids["newsdesk:supersedes"] == first["uri"]
    assert current["infoSources"][0]["uri"] == "http://testserver/source/autorites-turques/"


def test_article_page_links_its_ninjs_document(client, story):
    page = client.get(story.get_absolute_url()).text

    assert f'<link rel="alternate" type="application/json" title="ninjs" href="{ninjs_url(story)}">' in page


def test_stale_slug_redirects_to_the_canonical_document(client, story):
    response = client.get(reverse("articles:ninjs", args=[story.pk, "ancien-titre"]))

    assert response.status_code == 301
    assert response["Location"] == ninjs_url(story)


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.WITHDRAWN},
        {"published_at": timezone.now() + timedelta(hours=1)},
    ],
    ids=["draft", "withdrawn", "scheduled"],
)
def test_unpublished_article_has_no_document_and_is_absent_from_the_list(client, state):
    hidden = ArticleFactory(headline="Secret d'embargo", **state)

    assert client.get(ninjs_url(hidden)).status_code == 404
    assert "Secret d'embargo" not in client.get(reverse("articles:ninjs_list")).text


@pytest.mark.parametrize(
    "path", ["/article/999999/nope.json", "/article/1/%C3%A9t%C3%A9.json", "/api/ninjs/?page=abc", "/api/ninjs/?page=9"]
)
def test_bad_urls_are_404_not_500(client, path):
    assert client.get(path, follow=True).status_code == 404


def test_list_is_paginated_newest_first_and_every_item_validates(client, settings, ninjs_validator):
    settings.NEWSDESK_PAGE_SIZE = 2
    now = timezone.now()
    for minutes in (30, 20, 10):
        ArticleFactory(headline=f"Il y a {minutes} minutes", published_at=now - timedelta(minutes=minutes))

    first = client.get(reverse("articles:ninjs_list")).json()
    second = client.get(first["next"]).json()

    assert (first["count"], first["pages"], first["previous"]) == (3, 2, None)
    assert [item["headlines"][0]["value"] for item in first["items"]] == ["Il y a 10 minutes", "Il y a 20 minutes"]
    assert [item["headlines"][0]["value"] for item in second["items"]] == ["Il y a 30 minutes"]
    assert second["next"] is None
    for item in first["items"] + second["items"]:
        assert_valid(ninjs_validator, item)


def test_list_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries, story):
    for _ in range(5):
        QuoteFactory(article=ArticleFactory(tags=["Otan"]))

    with django_assert_max_num_queries(6):
        assert client.get(reverse("articles:ninjs_list")).status_code == 200


def test_our_own_list_ingested_back_is_the_same_articles_not_new_drafts(client, story, ingest):
    in_house = ArticleFactory(headline="Écrit à la rédaction", wire_id="")
    data = client.get(reverse("articles:ninjs_list")).content

    report = ingest(("api.json", data))

    assert report.counts["created"] == 0, report.results
    assert {result.article_id for result in report.results} == {story.pk, in_house.pk}
    assert Article.objects.count() == 2
