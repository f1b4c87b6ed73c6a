"""Front and section pages: CPU per request, uncached and cached, beside hello-world, in one process.

    .venv/bin/python bench/front.py                       # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_front .venv/bin/python bench/front.py

It fills the database to N published articles (bulk_create, kept between runs), spread over the
sections, one in seven updated since, three chosen "À la une"; then requests each page through
the whole middleware stack with Django's test client (no network, no server: what is measured
is the application's own Python), with production settings (DEBUG off). "Uncached" turns the
reader-page cache off, so every request queries and renders; "cached" is a hit in the page
cache (the process's memory, or Redis when REDIS_URL is set). It prints, per page, the CPU
milliseconds per request and its ratio to hello-world's (the page's requests per second as a
fraction of hello-world's, CPU-bound).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-front-only-never-deployed-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'newsdesk-bench-front.sqlite3'}")
# The static files' manifest, as production builds it.
os.environ.setdefault("DJANGO_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "newsdesk-bench-front-static"))

WORDS = (
    "le gouvernement a annoncé mardi de nouvelles mesures après les affrontements qui ont fait "
    "plusieurs victimes selon un bilan provisoire des autorités locales citées par l'agence"
).split()


def fill(count):
    """Make the database hold ``count`` published articles over the sections, with tags, three on the front."""
    from django.core.management import call_command
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, FrontSlot, Section
    from bench.ingest import without_model_signals

    if Article.objects.published().count() == count:
        return
    Article.objects.all().delete()
    now = timezone.now()
    sections = list(Section.objects.all())
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ("Syrie", "Otan", "Liban", "Économie", "Sport")]
    with without_model_signals():
        articles = Article.objects.bulk_create(
            (
                Article(
                    headline=f"Dépêche {n} : " + " ".join(WORDS[(n + k) % len(WORDS)] for k in range(9)),
                    slug=f"depeche-{n}",
                    body="".join(f"<p>{' '.join(WORDS[k:] + WORDS[:k])}.</p>" for k in range(5)),
                    dateline="Beyrouth",
                    agency="AFP",
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=7 * n),
                    updated_at=now - timedelta(minutes=n) if n % 7 == 0 else None,
                    urgency=2 if n % 11 == 0 else 5,
                    section=sections[n % len(sections)],
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        through = Article.tags.through
        content_type = through.content_type.field.related_model.objects.get_for_model(Article)
        through.objects.bulk_create(
            (
                through(tag=tags[(n + shift) % len(tags)], content_type=content_type, object_id=article.pk)
                for n, article in enumerate(articles)
                for shift in (0, 2)
            ),
            batch_size=5000,
        )
        FrontSlot.objects.bulk_create(FrontSlot(article=article, position=n) for n, article in enumerate(articles[5:8]))
    call_command("fill_teasers", verbosity=0)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url, requests):
    """Return (CPU ms per request, wall ms per request) over ``requests`` GETs of ``url``, after a warm-up."""
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    cpu, wall = [], []
    for _ in range(requests):
        started_cpu, started = time.process_time(), time.perf_counter()
        client.get(url)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return statistics.mean(cpu) * 1000, statistics.median(wall) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=3000)
    parser.add_argument("-r", "--requests", type=int, default=200)
    options = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        from bench.ingest import ensure_database

        ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    fill(options.articles)

    client = Client()
    hello_cpu, hello_wall = measure(client, "/bench/hello", options.requests)
    print(f"database: {connection.vendor}, {options.articles} published articles, {options.requests} requests a line")
    print(f"{'page':<36}{'CPU ms/req':>12}{'× hello':>10}{'wall ms (median)':>20}")
    print(f"{'hello-world':<36}{hello_cpu:>12.2f}{1:>10.3f}{hello_wall:>20.2f}")
    # The app keeps no page: every request renders. Cached pages are Varnish's (bench/load.py).
    for label, url in (("front /", "/"), ("section /rubrique/monde/", "/rubrique/monde/")):
        cpu, wall = measure(client, url, options.requests)
        print(f"{label + ' uncached':<36}{cpu:>12.2f}{hello_cpu / cpu:>10.3f}{wall:>20.2f}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
