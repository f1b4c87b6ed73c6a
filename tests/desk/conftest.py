"""The desk tests' fixtures: a developing story told by the Turkish authorities, and its suggestions."""

from datetime import UTC, datetime

import pytest

from articles.models import Article, Story
from extraction.models import Suggestion
from tests.articles.ingest.items import ingest, wire_account  # noqa: F401
from tests.browser.conftest import browser  # noqa: F401
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

# The agency's times of the dispatch's versions: 9, then 22, then 29 dead.
FIRST = datetime(2026, 12, 7, 21, 40, tzinfo=UTC)
SECOND = datetime(2026, 12, 7, 22, 55, tzinfo=UTC)
THIRD = datetime(2026, 12, 8, 0, 5, tzinfo=UTC)


@pytest.fixture
def authorities(db):
    return SourceFactory(name="les autorités turques", role="", organisation="", kind="government", slug="autorites")


@pytest.fixture
def story(db):
    return Story.objects.create(title="Frappes contre l'armée turque en Syrie")


def dispatch(story, headline, *, sent, status=Article.Status.PUBLISHED, **fields):
    """Return a published dispatch of ``story`` sent by the agency at ``sent``."""
    return ArticleFactory(
        story=story, headline=headline, status=status, wire_version_created=sent,
        published_at=sent if status == Article.Status.PUBLISHED else None, **fields,
    )  # fmt: skip


def figure(article, count, *, source, reported_at, **fields):
    return CasualtyFigureFactory(article=article, count=count, source=source, reported_at=reported_at, **fields)


def toll_suggestion(article, count, *, source, qualifier="at_least", victims="soldats turcs", outcome="killed"):
    """Return the assistant's pending toll for ``article``, as the sentence of its copy gave it."""
    return Suggestion.objects.create(
        article=article, kind=Suggestion.Kind.TOLL, key=f"toll:{outcome}:{count}:{victims}",
        sentence=f"Au moins {count} {victims} ont été tués, selon un nouveau bilan des autorités turques.",
        speaker="les autorités turques", source=source, outcome=outcome, count=count, qualifier=qualifier,
        victims=victims,
    )  # fmt: skip


def quote_suggestion(article, text, *, source=None, speaker="le ministre turc de la Défense"):
    return Suggestion.objects.create(
        article=article, kind=Suggestion.Kind.QUOTE, key=f"quote:{text}", sentence=f"« {text} », a déclaré {speaker}.",
        speaker=speaker, source=source, text=text,
    )  # fmt: skip
