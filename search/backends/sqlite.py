"""The SQLite engine: FTS5, accent-blind, with a light French stemming.

FTS5's ``unicode61`` tokenizer folds case and accents, so "defense" and
"défense" are one word. FTS5 has no French stemmer, so the reader's words
are stemmed here (Snowball) and searched as prefixes: "soldats" becomes
``soldat*`` and finds "soldat" and "soldats"; "tués" becomes ``tue*``.
"""

import difflib
from functools import lru_cache

import snowballstemmer
from django.db import connections, transaction
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Quote
from articles.teaser import html_to_text, teaser

from .. import query as reader_query
from ..excerpts import START, STOP, strip_marks, to_html
from . import newest_first

TABLE = "search_fts"
VOCABULARY = "search_fts_vocab"
# bm25 weights of the columns: headline, extra (standfirst, tags, quotes and
# their sources), body.
WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 30
# Page cache for a rebuild, in KiB (negative: SQLite's unit for sizes in KiB).
REBUILD_CACHE_KIB = -262144
# Candidates are first sought among this many times as many newest matches.
WINDOW_FACTOR = 4
# Below this length a stem is too vague as a prefix ("tu" for "tués").
MIN_PREFIX = 4

_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=4096)
def match_form(word):
    """Return the FTS5 form of one folded word: a quoted prefix of its stem, or the word itself."""
    if len(word) < 3 or not word.isalpha():
        return f'"{word}"'
    stem = reader_query.fold(_stemmer.stemWord(word))
    prefix = ""
    for a, b in zip(word, stem, strict=False):
        if a != b:
            break
        prefix += a
    if len(prefix) < MIN_PREFIX:
        prefix = word[:-1] if word[-1] in "sx" else word
        prefix = prefix[:-1] if prefix.endswith("e") and len(prefix) > 3 else prefix
    return f'"{prefix}"*'


def fts_expression(text):
    """Return the FTS5 MATCH expression for the reader's text, or None if it asks for nothing.

    Every word is a quoted string, so no input can be an FTS5 syntax error.
    """
    parsed = reader_query.parse(text)
    if not parsed.groups:
        return None

    def term(t):
        return '"' + " ".join(t.words) + '"' if t.phrase else match_form(t.words[0])

    expression = " AND ".join("(" + " OR ".join(term(t) for t in group) + ")" for group in parsed.groups)
    if parsed.excluded:
        expression = f"({expression}) NOT ({' OR '.join(term(t) for t in parsed.excluded)})"
    return expression


def matching(queryset, text):
    """Return ``queryset`` narrowed to the articles matching ``text``, or None if it asks for nothing."""
    expression = fts_expression(text)
    if expression is None:
        return None
    return queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))


def recent_ids(queryset, matches, text, limit):
    """Return the ids of the ``limit`` newest matching articles.

    FTS5 reads its matches fastest newest id first and can stop early, so
    the candidates are first looked for among the newest ``WINDOW_FACTOR *
    limit`` matches by id (ids follow publication closely on a wire desk);
    only when the reader's filters leave too few of them is every match read.
    """
    window = limit * WINDOW_FACTOR
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s",
            [fts_expression(text), window],
        )
        newest = [row[0] for row in cursor.fetchall()]
    ids = newest_first(queryset.filter(pk__in=newest), limit)
    if len(newest) < window or len(ids) == limit:
        return ids
    return newest_first(matches, limit)


def ranked_ids(queryset, candidates, text, offset, limit):
    """Return the ids of one page of ``candidates`` (ids already filtered), best bm25 first."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    with connections[queryset.db].cursor() as cursor:
        # "rowid >=" lets FTS5 skip the older matches; "+rowid IN" keeps
        # SQLite from re-running the MATCH once per candidate.
        cursor.execute(
            f"""
            SELECT rowid FROM {TABLE}
            WHERE {TABLE} MATCH %s AND rowid >= %s AND +rowid IN ({", ".join(["%s"] * len(candidates))})
            ORDER BY bm25({TABLE}, {weights}), rowid DESC
            LIMIT %s OFFSET %s
            """,
            [fts_expression(text), min(candidates), *candidates, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def highlighted(queryset, text):
    """Return the articles of ``queryset`` with ``search_headline`` and ``search_excerpt`` set."""
    articles = list(queryset)
    marks = {}
    if articles:
        placeholders = ", ".join(["%s"] * len(articles))
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                f"""
                SELECT rowid, highlight({TABLE}, 0, %s, %s), snippet({TABLE}, 2, %s, %s, '…', {SNIPPET_TOKENS})
                FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({placeholders})
                """,
                [START, STOP, START, STOP, fts_expression(text), *(a.pk for a in articles)],
            )
            marks = {rowid: (headline, excerpt) for rowid, headline, excerpt in cursor.fetchall()}
    for article in articles:
        headline, excerpt = marks.get(article.pk, (None, None))
        article.search_headline = to_html(headline) if headline else mark_safe(escape(article.headline))
        article.search_excerpt = to_html(excerpt) if excerpt else teaser(article)
    return articles


def close_words(words, *, using):
    """Return {word: closest indexed word} for the ``words`` that match no article."""
    found = {}
    with connections[using].cursor() as cursor:
        for word in words:
            prefix = match_form(word).strip('"*')
            cursor.execute(
                f"SELECT 1 FROM {VOCABULARY} WHERE term >= %s AND term < %s LIMIT 1", [prefix, prefix + "\uffff"]
            )
            if cursor.fetchone():
                continue
            # Spelling slips rarely touch the first letter: compare with the
            # words that share it and are about as long.
            cursor.execute(
                f"SELECT term FROM {VOCABULARY} WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2],
            )
            close = difflib.get_close_matches(word, [row[0] for row in cursor.fetchall()], n=1, cutoff=0.7)
            if close and close[0] != word:
                found[word] = close[0]
    return found


def documents(article_ids, using):
    """Yield (id, headline, extra, body) as plain text for the FTS5 table."""
    articles = (
        Article.objects.using(using)
        .filter(pk__in=article_ids)
        .only("pk", "headline", "standfirst", "body")
        .prefetch_related("tags", Prefetch("quotes", queryset=Quote.objects.select_related("source")))
    )
    for article in articles:
        extra = [html_to_text(article.standfirst), *(tag.name for tag in article.tags.all())]
        for quote in article.quotes.all():
            extra += [quote.source.name, quote.source.role, quote.source.organisation, quote.text]
        yield (
            article.pk,
            strip_marks(article.headline),
            strip_marks(" ".join(part for part in extra if part)),
            strip_marks(html_to_text(article.body)),
        )


def index(article_ids, *, using):
    rows = list(documents(article_ids, using))
    # One transaction: FTS5 writes a new segment at every commit.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        unindex(article_ids, using=using)
        cursor.executemany(f"INSERT INTO {TABLE} (rowid, headline, extra, body) VALUES (%s, %s, %s, %s)", rows)


def unindex(article_ids, *, using):
    with connections[using].cursor() as cursor:
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)


def rebuild(*, using, batch_size, progress=None, start=None, stop=None):
    articles = Article.objects.using(using).filter(pk__gte=start or 0)
    articles = articles.filter(pk__lt=stop) if stop else articles
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    with connections[using].cursor() as cursor:
        if start is None and stop is None:
            cursor.execute(f"DELETE FROM {TABLE}")
        # FTS5 merges its segments through the page cache: with SQLite's
        # default 2 MB, a large rebuild spends its time re-reading pages.
        cursor.execute("PRAGMA cache_size")
        previous_cache = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {REBUILD_CACHE_KIB}")
    try:
        for begin in range(0, len(ids), batch_size):
            index(ids[begin : begin + batch_size], using=using)
            if progress:
                progress(min(begin + batch_size, len(ids)))
        with connections[using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")
    finally:
        with connections[using].cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous_cache)}")
    return len(ids)
