"""Readers never pay for the model: serving reader pages never imports spaCy."""

import os
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
from django.test import Client
from django.utils import timezone
import newsdesk.urls  # every view module the URLconf loads
from articles.models import Article
article = Article.objects.create(headline="Au moins 29 soldats turcs tués", slug="bilan", status="published",
    published_at=timezone.now(), body="<p>« Nous répondrons », a déclaré le porte-parole.</p>")
client = Client()
for url in ["/", article.get_absolute_url(), "/recherche/?q=soldats", "/rectificatifs/"]:
    assert client.get(url).status_code == 200, url
print("spacy" in sys.modules, "extraction.nlp" in sys.modules)
"""


def test_reader_pages_never_import_spacy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["False", "False"]
