"""Shared fixtures: the demo editor and reporter, and where ../shared/ lies."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir():
    """Return ../shared/, or skip: a user's fresh clone does not have it."""
    if not SHARED.is_dir():
        pytest.skip("../shared/ (design seed and wire samples) is absent beside this checkout")
    return SHARED


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(username="editrice", group="Éditeurs")


@pytest.fixture
def reporter(db):
    from tests.factories import UserFactory

    return UserFactory(username="reporter", group="Rédacteurs")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a page cached by one test must not leak into the next."""
    from django.core.cache import caches

    from newsdesk import pagecache

    for alias in caches:
        caches[alias].clear()
    # Nor may a cache outage a test made: the page cache's back-off, copies and owed bumps go too.
    pagecache.reset_process_state()
    yield
