"""ingest --watch: a drop folder imported on a schedule, files sorted into done/ and failed/, SIGTERM honoured."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.ingest.importer import IngestOptions, wire_user
from articles.ingest.watch import DropFolder
from articles.models import Article
from tests.articles.ingest.items import ninjs
from tests.support import ROOT


@pytest.mark.django_db
def test_a_file_is_imported_once_it_has_settled_then_filed_in_done(tmp_path):
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user()))
    (tmp_path / "a.json").write_bytes(ninjs("urn:watch:a"))
    (tmp_path / ".en-cours.json").write_bytes(ninjs("urn:watch:hidden"))

    assert drop.scan() == {}  # first look: it may still be being written
    assert not Article.objects.exists()
    reports = drop.scan()

    assert list(reports) == ["a.json"] and reports["a.json"].counts["created"] == 1
    assert Article.objects.get().wire_id == "urn:watch:a"
    assert sorted(path.name for path in (tmp_path / "done").iterdir()) == ["a.json"]
    assert not (tmp_path / "a.json").exists() and (tmp_path / ".en-cours.json").exists()


@pytest.mark.django_db
def test_a_file_still_growing_waits_for_the_next_look(tmp_path):
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user()))
    growing = tmp_path / "long.json"
    growing.write_bytes(ninjs("urn:watch:long")[:20])
    drop.scan()
    growing.write_bytes(ninjs("urn:watch:long"))

    assert drop.scan() == {}
    assert list(drop.scan()) == ["long.json"]
    assert Article.objects.filter(wire_id="urn:watch:long").exists()


@pytest.mark.django_db
def test_a_file_with_a_failed_item_goes_to_failed_with_its_reasons_and_names_never_collide(tmp_path):
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user()))
    for _round in range(2):
        (tmp_path / "mauvais.xml").write_bytes(b"<newsItem><oops></newsItem>")
        drop.scan()
        drop.scan()

    failed = sorted(path.name for path in (tmp_path / "failed").iterdir())
    assert len(failed) == 4 and "mauvais.xml" in failed and "mauvais.xml.erreurs.txt" in failed
    assert (tmp_path / "failed" / "mauvais.xml.erreurs.txt").read_text().startswith("mauvais.xml : XML invalide")


def test_watch_refuses_a_missing_folder_and_a_bad_interval(tmp_path, db):
    with pytest.raises(CommandError, match="Dossier de dépôt introuvable"):
        call_command("ingest", "--watch", str(tmp_path / "absent"))
    with pytest.raises(CommandError, match="Intervalle invalide"):
        call_command("ingest", "--watch", str(tmp_path), "--interval", "0")
    with pytest.raises(CommandError, match="Indiquez au moins un fichier"):
        call_command("ingest")


class Terminal:
    """A stderr that says it is a terminal, keeping what is written to it."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def isatty(self):
        return True


@pytest.mark.django_db
def test_the_progress_bar_shows_the_total_and_what_is_left(tmp_path, monkeypatch):
    for n in range(3):
        (tmp_path / f"{n}.json").write_bytes(ninjs(f"urn:bar:{n}"))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    call_command("ingest", str(tmp_path))

    shown = "".join(terminal.parts)
    assert "3/3 fichiers" in shown
    assert "reste 00:00" in shown
    assert "3 dépêches" in shown
    assert "0/3 fichiers" in shown  # the total is known from the start


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_watch_process_imports_what_arrives_and_stops_cleanly_on_sigterm(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the watching process must see the test database")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    (tmp_path / "1.json").write_bytes(ninjs("urn:watch:1"))
    (tmp_path / "casse.xml").write_bytes(b"<newsItem><oops></newsItem>")
    command = [sys.executable, "manage.py", "ingest", "--watch", str(tmp_path), "--interval", "0.2"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: (tmp_path / "done" / "1.json").exists() and (tmp_path / "failed" / "casse.xml").exists())
        (tmp_path / "2.json").write_bytes(ninjs("urn:watch:2"))
        wait_for(lambda: (tmp_path / "done" / "2.json").exists())
        assert process.poll() is None, "the watch ended by itself"

        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 0, err
    assert out.strip().endswith("Surveillance arrêtée.")
    assert "1.json : 1 créée" in out and "casse.xml : 0 créées" in out
    assert sorted(Article.objects.values_list("wire_id", flat=True)) == ["urn:watch:1", "urn:watch:2"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [".ingest-heartbeat", "done", "failed"]
    health = [sys.executable, "deploy/heartbeat_healthcheck.py", str(tmp_path / ".ingest-heartbeat")]
    assert subprocess.run([*health, "120"], cwd=ROOT).returncode == 0
    os.utime(tmp_path / ".ingest-heartbeat", (time.time() - 600, time.time() - 600))
    assert subprocess.run([*health, "120"], cwd=ROOT, capture_output=True).returncode == 1


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the drop folder was not processed in time"
        time.sleep(0.05)


@pytest.mark.django_db
def test_a_file_that_cannot_be_filed_stays_and_the_loop_goes_on(tmp_path):
    lines = []
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user()), log=lines.append)
    (tmp_path / "done").rmdir()
    (tmp_path / "done").write_text("a file where the folder should be")
    (tmp_path / "a.json").write_bytes(ninjs("urn:watch:stuck"))
    drop.scan()

    assert drop.scan() == {}
    assert (tmp_path / "a.json").exists()
    assert lines[-1].startswith("a.json : reporté — ")
    # Once the folder is back, the next passes file it; the item was stored once.
    (tmp_path / "done").unlink()
    (tmp_path / "done").mkdir()
    drop.scan()
    assert list(drop.scan()) == ["a.json"]
    assert (tmp_path / "done" / "a.json").exists()
    assert Article.objects.filter(wire_id="urn:watch:stuck").count() == 1


@pytest.mark.django_db
def test_links_leading_out_of_the_drop_folder_are_refused_and_the_rest_imported(tmp_path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "interne.json").write_bytes(ninjs("urn:watch:outside"))
    folder = tmp_path / "depot"
    folder.mkdir()
    (folder / "lien.json").symlink_to(elsewhere / "interne.json")
    (folder / "sous-dossier").symlink_to(elsewhere, target_is_directory=True)
    (folder / "par-le-sous-dossier.json").symlink_to(folder / "sous-dossier" / "interne.json")
    (folder / "casse.json").symlink_to(tmp_path / "absent.json")
    (elsewhere / "cle.jpg").write_bytes(b"\xff\xd8\xff\xe0 une photo d'ailleurs")
    (folder / "photo.jpg").symlink_to(elsewhere / "cle.jpg")
    (folder / "a.json").write_bytes(ninjs("urn:watch:a"))
    drop = DropFolder(folder, IngestOptions(user=wire_user()))

    drop.scan()
    drop.scan()

    assert list(Article.objects.values_list("wire_id", flat=True)) == ["urn:watch:a"]
    failed = folder / "failed"
    for name in ("lien.json", "sous-dossier", "par-le-sous-dossier.json", "casse.json", "photo.jpg"):
        assert (failed / name).is_symlink(), name  # the link is filed, never its target
        assert not (folder / name).exists() and not (folder / name).is_symlink()
    assert "hors du dossier de dépôt" in (failed / "lien.json.erreurs.txt").read_text()
    assert "hors du dossier de dépôt" in (failed / "sous-dossier.erreurs.txt").read_text()
    assert "absent" in (failed / "casse.json.erreurs.txt").read_text()
    assert (elsewhere / "interne.json").read_bytes() == ninjs("urn:watch:outside")
    assert (folder / "done" / "a.json").exists()


@pytest.mark.django_db
def test_a_link_to_a_file_inside_the_drop_folder_is_read(tmp_path):
    (tmp_path / "archives").mkdir()
    (tmp_path / "archives" / "b.json").write_bytes(ninjs("urn:watch:b"))
    (tmp_path / "b.json").symlink_to(tmp_path / "archives" / "b.json")
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user()))
    drop.scan()
    drop.scan()
    assert Article.objects.get().wire_id == "urn:watch:b"
