"""`make backup` and `make restore`: an article lost after a backup comes back."""

import os
import subprocess

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory
from tests.support import ROOT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://…",
    ),
    # Restored like the browser tests' data: the groups and content types survive for the next tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def database_url():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://…")
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def make(target, database_url, **variables):
    return subprocess.run(
        ["make", "--no-print-directory", target, *[f"{k}={v}" for k, v in variables.items()]],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_article_deleted_after_a_backup_is_back_after_restore(database_url, tmp_path):
    article = ArticleFactory(headline="Tempête sur la Bretagne", tags=["Météo"])
    QuoteFactory(article=article, text="Les vents ont atteint 150 km/h")
    dump = tmp_path / "newsdesk.dump"

    backup = make("backup", database_url, FILE=dump)
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0

    Article.objects.filter(pk=article.pk).delete()  # the accident
    connection.close()

    restore = make("restore", database_url, FILE=dump)
    assert restore.returncode == 0, restore.stderr

    restored = Article.objects.get(pk=article.pk)
    assert restored.headline == "Tempête sur la Bretagne"
    assert restored.quotes.get().text == "Les vents ont atteint 150 km/h"
    assert [tag.name for tag in restored.tags.all()] == ["Météo"]


def test_restoring_something_that_is_not_a_backup_changes_nothing(database_url, tmp_path):
    ArticleFactory(headline="Dépêche à garder")
    junk = tmp_path / "notes.dump"
    junk.write_text("ceci n'est pas une sauvegarde")

    restore = make("restore", database_url, FILE=junk)

    assert restore.returncode != 0
    assert Article.objects.filter(headline="Dépêche à garder").exists()


def test_restore_without_a_file_says_how_to_use_it(database_url):
    restore = make("restore", database_url)
    assert restore.returncode != 0
    assert "usage: make restore FILE=" in restore.stderr
