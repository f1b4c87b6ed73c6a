"""Search fixtures: articles saved as an editor would, index updated on commit."""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Return a context manager that runs, at its end, what a real commit would run (indexing)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(committed):
    """Return a function creating a published article, indexed as after a real commit."""
    from tests.factories import ArticleFactory

    def make(**fields):
        with committed():
            return ArticleFactory(**fields)

    return make


@pytest.fixture
def on_postgres(db):
    from django.db import connection

    return connection.vendor == "postgresql"
