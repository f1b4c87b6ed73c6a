"""Live coverage fixtures: a story with a published toll, and a coverage of it."""

import pytest


@pytest.fixture
def story(db):
    from articles.models import Story

    return Story.objects.create(title="Offensive dans la région d'Idleb", slug="idleb-offensive")


@pytest.fixture
def dispatch(story):
    from tests.factories import ArticleFactory

    return ArticleFactory(headline="Idleb : au moins 29 soldats turcs tués", story=story)


@pytest.fixture
def toll(dispatch):
    from tests.factories import CasualtyFigureFactory, SourceFactory

    source = SourceFactory(name="", organisation="autorités turques", kind="organisation", slug="autorites-turques")
    return CasualtyFigureFactory(article=dispatch, source=source)


@pytest.fixture
def coverage(story):
    from live.models import LiveCoverage

    return LiveCoverage.objects.create(
        title="Idleb : la situation en direct",
        slug="idleb-direct",
        story=story,
        status=LiveCoverage.Status.LIVE,
        summary="L'armée turque a riposté dans la nuit après la mort de ses soldats.",
    )


@pytest.fixture
def entry(coverage, editor):
    from live.models import LiveEntry

    return LiveEntry.objects.create(
        coverage=coverage, author=editor, text="Les frappes ont repris à l'aube sur Saraqeb."
    )
