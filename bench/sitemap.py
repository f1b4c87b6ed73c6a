"""Sitemap benchmark: /sitemap.xml rendered uncached over N published articles.

Run on PostgreSQL (the figure the issue asks for):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_sitemap .venv/bin/python bench/sitemap.py

It creates the database when missing, migrates it, fills it to N published
articles (kept between runs; bulk_create, no search indexing), then calls the
views the URLconf serves for the sitemap index, the first and last pages of
articles and the tag pages, without the reader-page cache in front, a few
times each, and prints the median and the slowest time with the size.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

THEMES = ["Syrie", "Turquie", "Otan", "Diplomatie", "Défense", "Économie", "Santé", "Climat", "Élections", "Sport"]


def fill(count):
    """Make the database hold ``count`` published articles, some corrected or updated, two tags each."""
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article
    from bench.ingest import without_model_signals

    have = Article.objects.count()
    if have == count:
        return
    Article.objects.all().delete()
    now = timezone.now()
    tags = [Tag.objects.get_or_create(name=name)[0] for name in THEMES]
    with without_model_signals():
        articles = Article.objects.bulk_create(
            (
                Article(
                    headline=f"Dépêche {n} : la situation au lendemain du sommet",
                    slug=f"depeche-{n}-la-situation-au-lendemain-du-sommet",
                    body="<p>Texte.</p>",
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=n),
                    updated_at=now - timedelta(minutes=n // 2) if n % 7 == 0 else None,
                    correction="Rectificatif." if n % 50 == 0 else "",
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
                for shift in (0, 3)
            ),
            batch_size=5000,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after such a load: the planner needs the row counts


def timed(url, runs):
    """Return the times of ``runs`` renders of ``url`` by its view under the page cache, and the size."""
    from django.test import RequestFactory
    from django.urls import resolve

    path, _, query = url.partition("?")
    match = resolve(path)
    view = match.func
    while hasattr(view, "__wrapped__"):  # past require_safe and the reader-page cache: what a miss costs
        view = view.__wrapped__
    request = RequestFactory().get(path, dict([query.split("=")]) if query else {})
    timings, size = [], 0
    for _run in range(runs):
        started = time.perf_counter()
        response = view(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        size = len(response.content)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return timings, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=50_000)
    parser.add_argument("-r", "--runs", type=int, default=7)
    options = parser.parse_args()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from bench.ingest import ensure_database

        ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from articles.exports.sitemaps import ARTICLES_PER_PAGE
    from articles.models import Article

    call_command("migrate", verbosity=0)
    fill(options.articles)

    pages = -(-Article.objects.published().count() // ARTICLES_PER_PAGE)  # rounded up
    index = reverse("articles:sitemap")
    articles = reverse("articles:sitemap_section", args=["articles"])
    urls = [index, f"{articles}?p=1", f"{articles}?p={pages}", reverse("articles:sitemap_section", args=["tags"])]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), {options.articles} published articles")
    for url in urls:
        timings, size = timed(url, options.runs)
        print(
            f"{url:<32} uncached: median {statistics.median(timings) * 1000:5.0f} ms, "
            f"slowest {max(timings) * 1000:5.0f} ms over {options.runs} runs, {size / 1000:.0f} kB"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
