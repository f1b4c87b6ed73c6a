"""What readers read is correct: a toll's place once and plainly, its history folded with its times on the chart,
English punctuation on English pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def flood():
    """A flood's toll at a place written with its département, reported twice by the prefecture."""
    prefecture = SourceFactory(name="la préfecture de l'Aude", role="", kind="government", slug="prefecture")
    article = ArticleFactory(headline="Crues dans l'Aude : deux morts", story=Story.objects.create(title="Crues"))
    first = CasualtyFigureFactory(
        article=article,
        count=1,
        qualifier="exact",
        victims="",
        victim_category="unknown",
        location="Saint-Aurèle-sur-Orbieu (Aude)",
        source=prefecture,
        reported_at=timezone.now() - timedelta(hours=3),
    )
    CasualtyFigureFactory(
        article=article,
        count=2,
        qualifier="exact",
        victims="",
        victim_category="unknown",
        location="Saint-Aurèle-sur-Orbieu (Aude)",
        source=prefecture,
        supersedes=first,
        reported_at=timezone.now() - timedelta(hours=1),
    )
    return article


def test_a_tolls_place_is_printed_once_and_plainly(client, flood):
    for url in (flood.get_absolute_url(), "/source/prefecture/", flood.story.get_absolute_url()):
        page = html(client.get(url))
        assert "Lieu : Saint-Aurèle-sur-Orbieu (Aude)." in page, url
        assert "(Saint-Aurèle" not in page and "))" not in page, url


def test_the_toll_history_folds_under_its_current_figure(client, flood):
    page = html(client.get(flood.get_absolute_url()))
    box = page.split('<section class="toll"', 1)[1].split("</section>", 1)[0]
    assert box.index("2 personnes tuées") < box.index("<details") < box.index('<ol class="toll-history"')
    assert box.index('<ol class="toll-history"') < box.index("</details>")
    assert "<details open" not in box


def test_the_toll_chart_labels_each_bar_with_the_time_it_was_reported(client, flood):
    page = html(client.get(flood.get_absolute_url()))
    chart = page[page.index("<svg") : page.index("</svg>")]
    moments = [timezone.localtime(f.reported_at) for f in flood.casualty_figures.order_by("reported_at")]
    # The time alone when both fall on one day, else the day and month before it.
    one_day = moments[0].date() == moments[1].date()
    expected = [f"{m:%H:%M}" if one_day else f"{m.day}/{m.month} {m:%H:%M}" for m in moments]
    assert re.findall(r'font-size="11" fill="#4a4f55">([^<]+)</text>', chart) == expected
    # The story's chart too, one time per moment a toll was reported.
    story = html(client.get(flood.story.get_absolute_url()))
    chart = story[story.index("<svg xmlns") : story.index("</svg>", story.index("<svg xmlns"))]
    assert re.findall(r'font-size="11" fill="#4a4f55">([^<]+)</text>', chart) == expected


def test_english_pages_use_english_punctuation(client, flood, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(headline="Frappes aériennes sur Idleb", tags=["Idleb"])
    article = html(client.get(flood.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "How the toll changed: 1, 2</title>" in article and "Place: Saint-Aurèle-sur-Orbieu (Aude)." in article
    assert "First toll:" in article and "changed :" not in article and "Place :" not in article
    story = html(client.get(flood.story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "How the toll changed: selon la préfecture de l&#x27;Aude: 1, 2</title>" in story
    search = html(client.get("/recherche/?q=Idlbe", HTTP_ACCEPT_LANGUAGE="en"))
    assert re.search(r"Did you mean <a [^>]*>“idleb”</a>\?", search, re.IGNORECASE), search[-3000:]
    french = html(client.get("/recherche/?q=Idlbe"))
    assert re.search(r"Vouliez-vous dire <a [^>]*>« idleb »</a> \?", french, re.IGNORECASE)
