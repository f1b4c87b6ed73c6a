"""What an uncached reader page costs the app: CPU ms per render and queries per page, beside hello-world.

    .venv/bin/python bench/render.py [--requests 300] [--profile article|latest]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_render .venv/bin/python bench/render.py

In one process, through Django's WSGI handler and the whole middleware stack
(bench/settings.py: production settings plus /bench/hello), with the page cache
and the fragment cache off, so every request renders its page through the
templates and the ORM. The database is DATABASE_URL (default: a SQLite file
bench-render.sqlite3 in the checkout), migrated and filled with the demo desk
plus generated dispatches on the first run.

Prints, for hello-world, the latest page (20 cards) and article pages (rotating
over 50 articles): the process CPU per request (median and p90), its ratio to
hello, the queries per page, and how much of the page is template rendering
alone (the same templates rendered from an already-loaded context): what a
faster template engine could save at most. On PostgreSQL the server's CPU is
not in these figures; on SQLite it is (the engine runs in this process).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench-render.sqlite3'}")
# Production settings: DEBUG off (no query log, no template debug data), static
# files through their manifest, collected once into bench/out/.
os.environ.update(
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY="bench-render-not-secret",
    DJANGO_ALLOWED_HOSTS="newsdesk.bench",
    DJANGO_STATIC_ROOT=str(ROOT / "bench" / "out" / "static"),
)

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

GENERATED = 80
ARTICLES = 50
UNCACHED = {
    "CACHES": {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench-render"},
        "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    },
    "ALLOWED_HOSTS": ["newsdesk.bench"],
    "SECURE_SSL_REDIRECT": False,
}


def fill():
    """Migrate, then load the demo desk and generated dispatches when the database has none."""
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from articles.models import Article

    if Article.objects.published().count() >= ARTICLES:
        return
    from articles import demo
    from bench.load import LOAD_ARTICLES

    with override_settings(DEBUG=True):
        demo.load()
    script = LOAD_ARTICLES.replace("COUNT", str(GENERATED)).replace(
        "Tag.objects.create(name=name, slug=slugify(name))",
        'Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]',
    )
    exec(script, {})  # noqa: S102  (the load benchmark's own generator, on the demo's tags)


class Client:
    """Requests through the WSGI handler, as gunicorn makes them."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.factory = RequestFactory(HTTP_HOST="newsdesk.bench")

    def get(self, path):
        environ = self.factory._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", QUERY_STRING="")
        status = []
        body = b"".join(self.handler(environ, lambda s, h, exc_info=None: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{path} answered {status[0]}")
        return body


def cpu_per_request(client, paths, requests):
    """Return the process CPU ms of each request, cycling over ``paths`` (after one warm-up round)."""
    for path in paths:
        client.get(path)
    times = []
    for i in range(requests):
        path = paths[i % len(paths)]
        start = time.process_time()
        client.get(path)
        times.append((time.process_time() - start) * 1000)
    return times


def queries_per_page(client, paths):
    counts = set()
    for path in paths[:10]:
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        counts.add(len(captured))
    return "–".join(str(n) for n in sorted(counts))


def template_only(requests):
    """Return the CPU ms of rendering each page's templates alone, from a context already loaded."""
    from django.contrib.auth.models import AnonymousUser

    from articles.models import Article
    from articles.views import article_context

    request = RequestFactory(HTTP_HOST="newsdesk.bench").get("/")
    request.user = AnonymousUser()
    cards = list(Article.objects.published().newest_first().for_listing()[:20])
    page = type("Page", (), {"object_list": cards, "has_other_pages": lambda self: False})()
    article = Article.objects.published().newest_first().select_related("story", "image").with_tags().first()
    context = article_context(article)
    list(context["related"])
    article.load_story()
    out = {}
    for name, template, ctx in (
        ("latest", "articles/latest.html", {"page": page}),
        ("article", "articles/article_detail.html", context),
    ):
        render_to_string(template, ctx, request)
        start = time.process_time()
        for _ in range(requests):
            render_to_string(template, ctx, request)
        out[name] = (time.process_time() - start) * 1000 / requests
    return out


def profile(client, paths, requests):
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(requests):
        client.get(paths[i % len(paths)])
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(45)
    print(stream.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page (default 300)")
    parser.add_argument("--profile", choices=["article", "latest"], help="print a cProfile of that page instead")
    options = parser.parse_args()
    fill()
    from articles.models import Article

    articles = [a.get_absolute_url() for a in Article.objects.published().newest_first()[:ARTICLES]]
    pages = {"hello": ["/bench/hello"], "latest (20 cards)": ["/"], f"article ({ARTICLES} pages)": articles}
    with override_settings(**UNCACHED):
        client = Client()
        if options.profile:
            profile(client, articles if options.profile == "article" else ["/"], options.requests)
            return
        results = {name: cpu_per_request(client, paths, options.requests) for name, paths in pages.items()}
        queries = {name: queries_per_page(client, paths) for name, paths in pages.items()}
        templates = template_only(max(options.requests // 3, 20))
    hello = statistics.median(results["hello"])
    print(f"{connection.vendor}, {options.requests} requests a page, load average {os.getloadavg()[0]:.2f}")
    print(f"{'page':<22} {'CPU ms p50':>10} {'p90':>7} {'× hello':>8} {'queries':>8} {'templates alone':>16}")
    for name, times in results.items():
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        alone = templates.get(name.split()[0])
        share = f"{alone:.2f} ms ({alone / median:.0%})" if alone else ""
        print(f"{name:<22} {median:>10.2f} {p90:>7.2f} {hello / median:>8.3f} {queries[name]:>8} {share:>16}")


if __name__ == "__main__":
    main()
