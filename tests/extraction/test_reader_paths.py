"""No request pays for the model: serving reader pages and an editor's save never imports spaCy; the worker does."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
import newsdesk.urls  # every view module the URLconf loads
from articles.models import Article
from tests.articles.admin_forms import add_article
article = Article.objects.create(headline="Au moins 29 soldats turcs tués", slug="bilan", status="published",
    published_at=timezone.now(), body="<p>« Nous répondrons », a déclaré le porte-parole.</p>")
client = Client()
for url in ["/", article.get_absolute_url(), "/recherche/?q=soldats", "/rectificatifs/"]:
    assert client.get(url).status_code == 200, url
readers = "spacy" in sys.modules, "extraction.nlp" in sys.modules
editor = get_user_model().objects.create_superuser("editrice", "editrice@example.org", "x")
client.force_login(editor)
add_article(client, headline="Attaque contre un poste frontalier", slug="poste",
    body="<p>« Nos héros ne seront pas oubliés », a déclaré le président Recep Tayyip Erdogan à Ankara.</p>")
assert client.get(f"/admin/articles/article/{Article.objects.get(slug='poste').pk}/change/").status_code == 200
print(*readers, "spacy" in sys.modules)
"""


def test_reader_pages_and_an_admin_save_never_import_spacy_and_the_worker_makes_the_suggestions(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == ["False", "False", "False"]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM extraction_suggestion").fetchone() == (0,)
    # A real worker process, started as compose starts it, takes the queued suggestions.
    worker = subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch", "--heartbeat", str(tmp_path / "beat")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert "warmed up extraction" in worker.stdout + worker.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM extraction_suggestion WHERE kind = 'quote'").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM extraction_preparation").fetchone() == (0,)
    assert (tmp_path / "beat").exists()
