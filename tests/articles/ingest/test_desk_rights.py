"""Only editors change what readers see: a reporter's wire file cannot withdraw, hold back or rewrite
a published article, by the admin upload or by the command."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.ingest.items import import_through_admin, newsml, ninjs

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_ingest")
WIRE_ID = "urn:newsml:afp.com:20261127:1"
NEW_HEADLINE = "Nouveau bilan : au moins 33 soldats turcs tués"


@pytest.fixture
def published(ingest):
    """The article of a wire item, live for ten minutes."""
    ingest(("v1.xml", newsml(WIRE_ID)))
    article = Article.objects.get(wire_id=WIRE_ID)
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=10)
    article.save()
    return article


def upload(client, *files):
    response = import_through_admin(client, [SimpleUploadedFile(name, data) for name, data in files])
    return [str(message) for message in response.context["messages"]]


CHANGES = [
    ("annulation.xml", newsml(WIRE_ID, version=2, status="canceled"), "l'annulation"),
    ("retenue.xml", newsml(WIRE_ID, version=2, status="withheld"), "la retenue"),
    ("v2.xml", newsml(WIRE_ID, version=2, headline=NEW_HEADLINE), "une nouvelle version"),
]


@pytest.mark.parametrize(("name", "data", "what"), CHANGES, ids=[name for name, _d, _w in CHANGES])
def test_reporter_upload_cannot_change_a_published_article_and_the_rest_is_imported(
    reporter_client, published, name, data, what
):
    messages = upload(reporter_client, (name, data), ("autre.json", ninjs("urn:other")))

    assert (
        f"{name} : ignorée — refusée : seul un éditeur peut importer {what} de l'article "
        "« Au moins 29 soldats turcs tués », qui est publié"
    ) in messages
    published.refresh_from_db()
    assert published.is_published()
    assert (published.headline, published.wire_version) == ("Au moins 29 soldats turcs tués", 1)
    assert Article.objects.get(wire_id="urn:other").status == Article.Status.DRAFT
    assert Article.objects.published().get() == published  # readers still see it


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (CHANGES[0][0], CHANGES[0][1], ("withdrawn", "Au moins 29 soldats turcs tués")),
        (CHANGES[1][0], CHANGES[1][1], ("draft", "Au moins 29 soldats turcs tués")),
        (CHANGES[2][0], CHANGES[2][1], ("published", NEW_HEADLINE)),
    ],
    ids=["annulation", "retenue", "v2"],
)
def test_editor_upload_changes_the_published_article(editor_client, published, name, data, expected):
    messages = upload(editor_client, (name, data))

    assert messages == ["Import terminé : 0 créées, 1 mise à jour, 0 inchangées, 0 ignorées, 0 en échec."]
    published.refresh_from_db()
    assert (published.status, published.headline) == expected


def test_reporter_may_still_update_a_draft_from_the_wire(reporter_client, ingest):
    ingest(("v1.xml", newsml(WIRE_ID)))

    upload(reporter_client, ("v2.xml", newsml(WIRE_ID, version=2, headline=NEW_HEADLINE)))

    assert Article.objects.get().headline == NEW_HEADLINE


def test_reporter_cannot_bring_a_withdrawn_article_back_with_a_newer_version(reporter_client, published):
    published.status = Article.Status.WITHDRAWN
    published.save()

    messages = upload(reporter_client, ("v2.xml", newsml(WIRE_ID, version=2, headline=NEW_HEADLINE)))

    assert any("qui est retiré" in message for message in messages), messages
    published.refresh_from_db()
    assert (published.status, published.headline) == (Article.Status.WITHDRAWN, "Au moins 29 soldats turcs tués")


def test_command_run_as_a_reporter_is_refused_the_change_and_cannot_publish(tmp_path, published, reporter):
    (tmp_path / "annulation.xml").write_bytes(CHANGES[0][1])
    (tmp_path / "nouvelle.json").write_bytes(ninjs("urn:other"))
    err = io.StringIO()

    call_command("ingest", str(tmp_path), "--publish", user=reporter.username, stdout=io.StringIO(), stderr=err)

    assert "annulation.xml : ignorée — refusée : seul un éditeur peut importer l'annulation" in err.getvalue()
    published.refresh_from_db()
    assert published.is_published()
    assert Article.objects.get(wire_id="urn:other").status == Article.Status.DRAFT


def test_command_on_the_wire_account_applies_the_agencys_cancellation(tmp_path, published):
    (tmp_path / "annulation.xml").write_bytes(CHANGES[0][1])

    call_command("ingest", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    published.refresh_from_db()
    assert published.status == Article.Status.WITHDRAWN


def test_command_as_an_editor_may_publish(tmp_path, editor):
    (tmp_path / "nouvelle.json").write_bytes(ninjs("urn:other"))

    call_command("ingest", str(tmp_path), "--publish", user=editor.username, stdout=io.StringIO())

    assert Article.objects.published().get().wire_id == "urn:other"


def test_unknown_account_is_still_refused(tmp_path):
    with pytest.raises(CommandError, match="Compte inconnu"):
        call_command("ingest", str(tmp_path), user="personne", stdout=io.StringIO())
