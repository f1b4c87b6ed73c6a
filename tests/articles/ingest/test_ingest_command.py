"""manage.py ingest: files, folders and stdin; quiet when piped; the exit status tells failures."""

import io
import sys

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command

from articles.ingest.importer import WIRE_USERNAME
from articles.models import Article
from tests.articles.ingest.items import newsml, ninjs

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_folder_is_imported_recursively_and_quietly_when_not_a_terminal(tmp_path, capsys):
    (tmp_path / "afp").mkdir()
    (tmp_path / "afp" / "one.json").write_bytes(ninjs("urn:1"))
    (tmp_path / "two.xml").write_bytes(newsml("urn:2"))
    (tmp_path / ".hidden.json").write_bytes(ninjs("urn:hidden"))

    out, err = run(str(tmp_path))

    assert sorted(Article.objects.values_list("wire_id", flat=True)) == ["urn:1", "urn:2"]
    assert out == "" and err == "" and capsys.readouterr().err == ""
    assert set(LogEntry.objects.values_list("user__username", flat=True)) == {WIRE_USERNAME}


def test_verbose_run_prints_the_french_summary(tmp_path):
    path = tmp_path / "one.json"
    path.write_bytes(ninjs())
    run(str(path))

    out, _ = run(str(path), verbosity=2)

    assert out.strip() == "Dépêches : 0 créées, 0 mises à jour, 1 inchangée, 0 ignorées, 0 en échec."


def test_a_bad_file_is_named_on_stderr_the_rest_imported_and_the_exit_status_is_one(tmp_path):
    (tmp_path / "a-bad.json").write_bytes(b"{not json")
    (tmp_path / "b-good.json").write_bytes(ninjs())
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("ingest", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert failure.value.returncode == 1
    assert str(failure.value) == "1 dépêche(s) en échec."
    assert err.getvalue() == f"{tmp_path / 'a-bad.json'} : échec — JSON invalide, ligne 1 colonne 2\n"
    assert Article.objects.get().wire_id == "urn:newsdesk:test:1"


def test_missing_path_fails_with_its_reason(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "absent.json"), stderr=err)

    assert "absent.json : échec — fichier illisible" in err.getvalue()


def test_stdin_is_read_with_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(newsml())))

    run("-", "--publish")

    assert Article.objects.published().get().headline == "Au moins 29 soldats turcs tués"


def test_unknown_user_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Compte inconnu : personne"):
        run(str(tmp_path), user="personne")
