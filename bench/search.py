"""Search benchmark: a synthetic French archive, the query classes, and icontains beside them.

    DATABASE_URL=postgres://…/newsdesk_bench python bench/search.py --articles 1000000
    python bench/search.py --articles 100000 --sqlite bench-search.sqlite3

Loads the archive once (COPY on PostgreSQL, executemany on SQLite) into the
database named by the settings, builds the search index, then times what a
results page does (count, then one ranked page of 20 with highlights) for
each query class, next to a naive ``icontains`` search on the same data.
Not a test: run it by hand on a quiet machine and read the figures.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

# News vocabulary for the most frequent content words; a generated long tail follows.
COMMON = """
gouvernement ministre armée soldats président attaque frontière accord sécurité conflit forces réfugiés
élections sanctions négociations militaires civils autorités régime opposition manifestation police
économie crise ville région pays guerre paix aide humanitaire otan russie turquie syrie europe états-unis
déclaration communiqué porte-parole bilan victimes blessés tués morts explosion frappe aérienne
défense antiaérienne offensive rebelles troupes cessez-le-feu diplomatie ambassadeur conseil sommet
parlement loi réforme budget croissance inflation chômage grève syndicats justice tribunal procès enquête
juge prison corruption scandale démission élu candidat vote scrutin campagne sondage majorité coalition
""".split()
STOP = "le la les de des du un une et à au aux en dans pour par sur que qui ne pas il elle ils a été est".split()
SYLLABLES = (
    "ba be bi bo bu ca ce ci co da de di do fa fe fi fo ga gi la le li lo lu ma me mi mo mu na ne ni no nu "
    "pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo tra tre pro pre cha che chi "
    "on an en in ou ai eau"
).split()
PLACES = ["Paris", "Ankara", "Damas", "Bruxelles", "Washington", "Moscou", "Idleb", "Beyrouth", "Kiev", "Genève"]
TAGS = [f"{word.capitalize()}" for word in COMMON[:60]]
PHRASE = "défense antiaérienne"
# The archive and the query classes draw their words from the same vocabulary.
VOCABULARY_SEED = 42


def vocabulary(rng, size=40_000):
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen and len(word) > 3:
            seen.add(word)
            words.append(word)
    # Zipf-like weights: the n-th word is used about 1/n as often as the first.
    weights = [1 / (rank + 1) for rank in range(len(words))]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return words, cumulative


def sentence(rng, words, cumulative, count):
    content = rng.choices(words, cum_weights=cumulative, k=count)
    out = []
    for word in content:
        if rng.random() < 0.45:
            out.append(rng.choice(STOP))
        out.append(word)
    return " ".join(out)


def generate(n, rng):
    """Yield one synthetic article row per id: ~10-word headline, ~400-word body in paragraphs."""
    words, cumulative = vocabulary(random.Random(VOCABULARY_SEED))
    start = datetime(2016, 1, 1, tzinfo=UTC)
    step = timedelta(days=3650) / max(n, 1)
    for i in range(n):
        headline = sentence(rng, words, cumulative, 7).capitalize()
        paragraphs = [sentence(rng, words, cumulative, rng.randint(40, 70)) for _ in range(5)]
        if i % 50 == 0:
            paragraphs[1] += f" {PHRASE}"
        body = "".join(f"<p>{p.capitalize()}.</p>" for p in paragraphs)
        roll = rng.random()
        status = "draft" if roll < 0.03 else "withdrawn" if roll < 0.05 else "published"
        yield {
            "headline": headline[:300],
            "slug": f"depeche-{i}",
            "body": body,
            "dateline": rng.choice(PLACES),
            "published_at": start + step * i,
            "status": status,
            "tags": rng.sample(range(len(TAGS)), 2),
            "quote": sentence(rng, words, cumulative, 12) if i % 4 == 0 else None,
        }


ARTICLE_COLUMNS = (
    "headline slug standfirst body dateline agency language status published_at urgency correction wire_id "
    "created modified byline teaser_plain version"
).split()


def article_values(row, now):
    return (
        row["headline"], row["slug"], "", row["body"], row["dateline"], "AFP", "fr", row["status"],
        row["published_at"], 5, "", "", now, now, "", "", 1,
    )  # fmt: skip


def load(n, rng, connection):
    """Insert ``n`` articles with tags, sources and quotes; return seconds spent."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from taggit.models import Tag

    from articles.models import Article, Source

    began = time.perf_counter()
    now = datetime.now(UTC)
    tag_ids = [Tag.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0].pk for name in TAGS]
    sources = [
        Source.objects.get_or_create(
            slug=f"bench-source-{k}", defaults={"name": f"Porte-parole {k}", "role": "porte-parole du ministère"}
        )[0].pk
        for k in range(200)
    ]
    sources[0] = Source.objects.get_or_create(
        slug="kay-bailey-hutchison",
        defaults={"name": "Kay Bailey Hutchison", "role": "ambassadrice des Etats-Unis auprès de l'Otan"},
    )[0].pk
    content_type = ContentType.objects.get_for_model(Article).pk
    first_id = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rows = generate(n, rng)
    columns = ", ".join(ARTICLE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.connection.cursor()
            batch = []
            for offset, row in enumerate(rows):
                batch.append((first_id + offset, row))
                if len(batch) == 50_000:
                    copy_batch(raw, batch, columns, now, tag_ids, sources, content_type)
                    batch = []
                    print(f"  loaded {offset + 1} articles", file=sys.stderr)
            copy_batch(raw, batch, columns, now, tag_ids, sources, content_type)
            raw.execute(
                "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), max(id)) FROM articles_article"
            )
            raw.execute("ANALYZE")
        else:
            batch = []
            for offset, row in enumerate(rows):
                batch.append((first_id + offset, row))
                if len(batch) == 20_000:
                    with transaction.atomic():
                        insert_batch(cursor, batch, columns, now, tag_ids, sources, content_type)
                    batch = []
            with transaction.atomic():
                insert_batch(cursor, batch, columns, now, tag_ids, sources, content_type)
            cursor.execute("ANALYZE")
    return time.perf_counter() - began


def related_rows(batch, tag_ids, sources, content_type):
    tagged = [(tag_ids[t], pk, content_type) for pk, row in batch for t in row["tags"]]
    quotes = [(pk, sources[pk % len(sources)], row["quote"]) for pk, row in batch if row["quote"]]
    return tagged, quotes


def copy_batch(raw, batch, columns, now, tag_ids, sources, content_type):
    if not batch:
        return
    with raw.copy(f"COPY articles_article (id, {columns}) FROM STDIN") as copy:
        for pk, row in batch:
            copy.write_row((pk, *article_values(row, now)))
    tagged, quotes = related_rows(batch, tag_ids, sources, content_type)
    with raw.copy("COPY taggit_taggeditem (tag_id, object_id, content_type_id) FROM STDIN") as copy:
        for values in tagged:
            copy.write_row(values)
    with raw.copy("COPY articles_quote (article_id, source_id, text, context, position, featured) FROM STDIN") as copy:
        for article_id, source_id, text in quotes:
            copy.write_row((article_id, source_id, text, "a-t-il déclaré", 0, False))


def insert_batch(cursor, batch, columns, now, tag_ids, sources, content_type):
    if not batch:
        return
    marks = ", ".join(["%s"] * (len(ARTICLE_COLUMNS) + 1))
    cursor.executemany(
        f"INSERT INTO articles_article (id, {columns}) VALUES ({marks})",
        [(pk, *article_values(row, now)) for pk, row in batch],
    )
    tagged, quotes = related_rows(batch, tag_ids, sources, content_type)
    cursor.executemany("INSERT INTO taggit_taggeditem (tag_id, object_id, content_type_id) VALUES (%s, %s, %s)", tagged)
    cursor.executemany(
        "INSERT INTO articles_quote (article_id, source_id, text, context, position, featured) "
        "VALUES (%s, %s, %s, 'a-t-il déclaré', 0, 0)",
        quotes,
    )


def query_classes(rng):
    """Return {class: [reader texts]} chosen from the synthetic vocabulary by frequency."""
    words, _ = vocabulary(random.Random(VOCABULARY_SEED))
    tail = words[len(COMMON) :]
    common = words[: len(words) - len(tail)]
    # With 240 content words an article and Zipf weights, the first common
    # words are in nearly every article, those ranked 40-80 in 25-40 %,
    # the tail words ranked ~500 in ~3 %, those ranked ~30,000 in ~0.07 %.
    return {
        "rare word": [tail[k] for k in (30_000, 32_000, 34_000, 36_000, 38_000)],
        "mid-frequency": [tail[k] for k in (300, 400, 500, 600, 700)],
        "two common words": [f"{common[k]} {common[k + 10]}" for k in (40, 45, 50, 55, 60)],
        "near-universal": common[:5],
        "phrase": [f'"{PHRASE}"', '"defense antiaerienne"', f'"{common[0]} {common[1]}"', f'"{common[2]} {common[3]}"',
                   f'"{tail[300]} {common[0]}"'],
        "exclusion": [f"{tail[400]} -{common[2]}", f"{tail[500]} -{common[3]}", f"{common[0]} -{common[1]}",
                      f"{tail[600]} -{common[50]}", f"{tail[700]} -{common[60]}"],
        "no hit": ["zzyzxq", "xylophonique", "qwertz", "Idlib", "kzvrt"],
        "filtered": [common[0], f"{common[40]} {common[50]}", tail[500], common[1], tail[30_000]],
    }  # fmt: skip


def percentiles(samples):
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return at(50), at(95), at(99)


def run(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q

    from articles.models import Article
    from search.forms import SearchForm

    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    existing = Article.objects.count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {existing} articles before")
    if existing < args.articles:
        seconds = load(args.articles - existing, rng, connection)
        print(f"loaded {args.articles - existing} articles in {seconds:.0f} s")
        began = time.perf_counter()
        from search.backends import rebuild

        rebuild(batch_size=args.batch, progress=lambda done: print(f"  indexed {done}", file=sys.stderr))
        print(f"indexed in {time.perf_counter() - began:.0f} s")
    if args.candidates:
        import search.backends

        search.backends.CANDIDATES = args.candidates
        print(f"ranking the {args.candidates} most recent matches (CANDIDATES)")
    published = Article.objects.published()
    # Every class goes through the reader's form; the filtered one as /recherche/?tag=armée&du=2024-01-01.
    filters = {"tag": "armée", "du": "2024-01-01"}
    filtered = SearchForm(filters).filter(published)

    def engine(text, queryset):
        # As /recherche/ does: the reader's form, its filters, the engine.
        results = SearchForm({"q": text, **(filters if queryset is filtered else {})}).results(published)
        results.count()
        return results[0:20]

    def baseline(text, queryset):
        words = text.replace('"', "").replace("-", "").split()
        condition = Q()
        for word in words:
            condition &= Q(headline__icontains=word) | Q(body__icontains=word)
        matches = queryset.filter(condition)
        matches.count()
        return list(matches.order_by("-published_at")[:20])

    def timed(function, text, queryset, repeat):
        samples = []
        for _ in range(repeat):
            began = time.perf_counter()
            function(text, queryset)
            samples.append((time.perf_counter() - began) * 1000)
        return samples

    print(f"\n{'class':18} {'engine p50':>10} {'p95':>8} {'p99':>8} | {'icontains p50':>13} {'p95':>8} | ratio p95")
    for name, texts in query_classes(rng).items():
        queryset = filtered if name == "filtered" else published
        for text in texts:  # warm the caches once
            engine(text, queryset)
        ours = [s for text in texts for s in timed(engine, text, queryset, args.repeat)]
        naive = [
            s for text in texts[: args.baseline_queries] for s in timed(baseline, text, queryset, args.baseline_repeat)
        ]
        p50, p95, p99 = percentiles(ours)
        if not naive:  # --baseline-queries 0: the engine alone
            print(f"{name:18} {p50:10.1f} {p95:8.1f} {p99:8.1f} |")
            continue
        b50, b95, _ = percentiles(naive)
        print(f"{name:18} {p50:10.1f} {p95:8.1f} {p99:8.1f} | {b50:13.1f} {b95:8.1f} | {b95 / p95:8.0f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="archive size to reach (default 100000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per engine query (default 20)")
    parser.add_argument(
        "--baseline-queries", type=int, default=2, help="queries per class for icontains (default 2; 0 skips it)"
    )
    parser.add_argument("--baseline-repeat", type=int, default=1, help="timed runs per icontains query (default 1)")
    parser.add_argument("--batch", type=int, default=10_000, help="articles per indexing statement")
    parser.add_argument("--sqlite", help="SQLite file to use instead of DATABASE_URL")
    parser.add_argument(
        "--candidates", type=int, help="matches ranked per search (search.backends.CANDIDATES, default 1000)"
    )
    args = parser.parse_args()
    if args.sqlite:
        os.environ.pop("DATABASE_URL", None)
        os.environ["NEWSDESK_BENCH_SQLITE"] = args.sqlite
        import django.conf

        django.conf.settings  # noqa: B018 - settings are read below, before setup
        from django.conf import settings

        settings.DATABASES  # noqa: B018
        settings.DATABASES["default"]["NAME"] = Path(args.sqlite).resolve()
    run(args)


if __name__ == "__main__":
    main()
