"""A dossier names each source once: one source's counts never read as "plusieurs sources"."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return Story.objects.create(title="Frappes contre l'armée turque")


def toll(story, count, *, source, hours_ago, victims="soldats turcs"):
    when = timezone.now() - timedelta(hours=hours_ago)
    article = ArticleFactory(story=story, headline=f"Syrie : {count} {victims} tués", published_at=when)
    return CasualtyFigureFactory(article=article, count=count, source=source, reported_at=when, victims=victims)


def test_one_sources_unlinked_counts_are_one_source_the_newest_shown(client, story):
    authorities = SourceFactory(name="les autorités turques", role="", slug="autorites")
    toll(story, 9, source=authorities, hours_ago=3)
    toll(story, 22, source=authorities, hours_ago=1)

    page = html.unescape(client.get(story.get_absolute_url()).content.decode())
    box = page[page.index('class="toll story-tolls"') : page.index("Les dépêches du dossier")]

    assert "plusieurs sources" not in box and "ne donnent pas le même bilan" not in box
    assert "Au moins 22 soldats turcs tués</strong>, selon les autorités turques." in box
    assert box.count("(remplacé par un bilan plus récent)") == 1  # the 9, in the timeline


def test_two_sources_are_still_given_side_by_side(client, story):
    toll(story, 22, source=SourceFactory(name="les autorités turques", role="", slug="autorites"), hours_ago=2)
    toll(story, 33, source=SourceFactory(name="l'OSDH", role="", slug="osdh"), hours_ago=1)

    page = html.unescape(client.get(story.get_absolute_url()).content.decode())

    listing = page[page.index('class="toll-sources"') :].split("</ul>")[0]

    assert "Les sources ne donnent pas le même bilan" in page
    assert listing.count("selon les autorités turques") == 1 and listing.count("selon l'OSDH") == 1
