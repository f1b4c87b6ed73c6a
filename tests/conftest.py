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
def _media_in_tmp(settings, tmp_path):
    """Pictures a test makes go to its own folder, never into the checkout's media/ and originals/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "originals", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash test passwords cheaply: the lockout tests log in dozens of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test starts with empty caches, on the tests' Redis when CI names one (as production has them).

    A fragment cached by one test must not leak into the next.
    """
    from django.core.cache import caches

    from tests.support import REDIS_URL_FOR_TESTS, redis_caches

    if REDIS_URL_FOR_TESTS:
        settings.CACHES = redis_caches(REDIS_URL_FOR_TESTS)
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
