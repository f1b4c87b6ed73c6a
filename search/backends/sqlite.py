"""The SQLite engine: FTS5, accent-blind, with French stemming.

FTS5 has no French stemmer, so the text is stemmed here (Snowball) before
FTS5 indexes it: "Les soldats turcs" is indexed as "le soldat turc", and the
reader's "soldat" or "soldats" both look for the term ``soldat``. Every
query is made of exact terms, which FTS5 reads lazily, newest first, and can
stop early; prefix queries (``soldat*``) merged the whole lists of every
word sharing the prefix, at each query and for each row highlighted.

The original text is kept in an ordinary table (``search_text``) that the
FTS5 table uses as its external content, so ``highlight`` and ``snippet``
show the article's own words. This works because the stemmed text has
exactly the same tokens, in the same places, as the original: only runs of
Latin letters and digits are replaced, each by one non-empty run of letters
and digits (its stem), and everything else is kept as it is, so FTS5's
tokenizer cuts both texts at the same places and the positions it stores
for the stems point at the original words.
"""

import difflib
import re
from functools import lru_cache

import snowballstemmer
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import query as reader_query
from ..excerpts import START, STOP, to_html
from . import date_field, entries, newest_first, searchable

TABLE = "search_fts"
# The original text of each article's three columns, which FTS5 reads for
# highlights and snippets (the FTS5 table's external content).
TEXT = "search_text"
VOCABULARY = "search_fts_vocab"
# The folded words of the archive, for spelling suggestions (FTS5's own
# vocabulary holds stems, which are not words to offer a reader).
WORDS = "search_word"
# The columns of the model's weighted text (see search.backends.entries):
# headline (A, highlighted), extra (B), body (C and D, the excerpt's source).
COLUMNS = ("headline", "extra", "body")
# bm25 weights of the columns, as PostgreSQL ranks A, B and C.
WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 30
# Page cache for a rebuild, in KiB (negative: SQLite's unit for sizes in KiB).
REBUILD_CACHE_KIB = -262144
# Candidates are first sought among this many times as many newest matches.
WINDOW_FACTOR = 4
# When filters leave too few of the newest matches, up to this many
# filtered articles are listed and checked against FTS5, rather than
# reading every match (see recent_ids).
FILTERED_ARTICLES = 20_000

# The runs of text that are stemmed: Latin letters (with their accents) and
# digits. Both FTS5's unicode61 tokenizer and this module count them as
# parts of a word; any other character is left untouched.
_RUN_RE = re.compile(r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=1 << 17)
def stem(run):
    """Return the indexed form of one run of letters and digits: folded, then stemmed.

    Folding first, as PostgreSQL's ``french_unaccent`` does, makes "défense"
    and "defense" one term whichever the reader types. The result is never
    empty and holds only letters and digits, so it stays one token.
    """
    folded = reader_query.fold(run)
    stemmed = "".join(char for char in _stemmer.stemWord(folded) if char.isalnum())
    return stemmed or run.lower()


def stemmed(text):
    """Return ``text`` with each word replaced by its stem, token for token."""
    return _RUN_RE.sub(lambda match: stem(match[0]), text)


def words_of(text):
    """Return the set of folded words of ``text`` worth suggesting (three letters or more)."""
    return {reader_query.fold(run) for run in _RUN_RE.findall(text) if len(run) >= 3 and not run.isdigit()}


@lru_cache(maxsize=4096)
def word_terms(word):
    """Return the FTS5 terms that stand for the reader's (folded) ``word``.

    Its stem, and the stems of its feminine and plural forms when they
    differ: Snowball stems folded participles apart ("tue" for "tuée",
    "tu" for "tué" and "tués"), and readers type either.
    """
    base = stemmed(word)
    if len(word) < 3 or not word.isalpha():
        return (base,)
    roots = [word]
    for ending in ("s", "e"):  # plural, then feminine
        if roots[-1].endswith(ending) and len(roots[-1]) > 3:
            roots.append(roots[-1][:-1])
    forms = {*roots, *(root + end for root in roots if root.endswith("e") for end in ("e", "s", "es"))}
    terms = {stemmed(form) for form in forms}
    return tuple(sorted(t for t in terms if t.startswith(base) or base.startswith(t)))


def fts_expression(text, *, ranking=False):
    """Return the FTS5 MATCH expression for the reader's text, or None if it asks for nothing.

    Every term is a quoted string of letters and digits, so no input can be
    an FTS5 syntax error. With ``ranking``, the expression only scores rows
    already known to match: a phrase becomes its words and exclusions are
    left out, because bm25 counts the rows holding each phrase of the
    expression in the whole index, which for a phrase means checking the
    positions of its words in every row that has them all, ten times the
    cost of the words alone (bench/README.md, "Search").
    """
    parsed = reader_query.parse(text)
    if not parsed.groups:
        return None

    def term(t):
        if t.phrase:
            stems = [stemmed(word) for word in t.words]
            return " AND ".join(f'"{s}"' for s in stems) if ranking else '"' + " ".join(stems) + '"'
        return " OR ".join(f'"{form}"' for form in word_terms(t.words[0]))

    expression = " AND ".join("(" + " OR ".join(f"({term(t)})" for t in group) + ")" for group in parsed.groups)
    if parsed.excluded and not ranking:
        expression = f"({expression}) NOT ({' OR '.join(term(t) for t in parsed.excluded)})"
    return expression


def matching(queryset, text):
    """Return ``queryset`` narrowed to the articles matching ``text``, or None if it asks for nothing."""
    expression = fts_expression(text)
    if expression is None:
        return None
    return queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))


def newest_matches(queryset, text, limit):
    """Return ``queryset`` narrowed to the ``limit`` most recently created articles matching ``text``, or None."""
    expression = fts_expression(text)
    if expression is None:
        return None
    newest = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"
    return queryset.filter(pk__in=RawSQL(newest, [expression, limit]))


def recent_ids(queryset, matches, text, limit, narrowing=None, *, ranked=False):
    """Return the ids of the ``limit`` newest matching articles.

    FTS5 reads its matches fastest newest id first and can stop early, so
    the candidates are first looked for among the newest matches by id (ids
    follow publication closely on a wire desk): a quarter more than
    ``limit``, which is enough when only drafts and withdrawn articles are
    left out, then ``WINDOW_FACTOR`` times ``limit``. When the reader's
    filters leave too few of those, every match may have to be read; if the
    filtered articles are few (a tag and a date range), their ids are listed
    instead and kept where FTS5 matches. ``narrowing`` (the reader's
    filters, already applied to ``queryset``) is not needed here, and the
    ranks are read with the page (``ranked`` is ignored).
    """
    expression = fts_expression(text)
    with connections[queryset.db].cursor() as cursor:
        for window in (limit + limit // 4, limit * WINDOW_FACTOR):
            ids = newest_of_window(cursor, queryset, expression, window)[:limit]
            if len(ids) == limit:
                return ids
            cursor.execute(f"SELECT count(*) FROM ({WINDOW_SQL})", [expression, window])
            if cursor.fetchone()[0] < window:
                return ids  # the window held every match
            if len(ids) * limit * WINDOW_FACTOR < limit * window:
                break  # at this rate the larger window would not find enough either
        filtered = newest_first(queryset, FILTERED_ARTICLES + 1)
        if len(filtered) > FILTERED_ARTICLES:
            return newest_first(matches, limit)
        if not filtered:
            return []
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
            [expression, min(filtered), max(filtered)],
        )
        matched = {row[0] for row in cursor.fetchall()}
    return [pk for pk in filtered if pk in matched][:limit]


WINDOW_SQL = f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"


def newest_of_window(cursor, queryset, expression, window):
    """Return the ids of the newest ``window`` matches that ``queryset`` keeps, newest first.

    FTS5 drives the query (CROSS JOIN): each match of the window is looked
    up by id. Left to choose, SQLite walks the articles' date index in full
    when it has no statistics for the table (no ANALYZE since the table was
    created or last rebuilt by a migration).
    """
    kept = queryset.order_by().filter(pk=RawSQL("search_window.id", [], output_field=BigIntegerField()))
    try:
        sql, params = kept.values_list("pk", date_field(queryset.model)).query.sql_with_params()
    except EmptyResultSet:  # a filter that keeps nothing (an empty id list)
        return []
    table = connections[queryset.db].ops.quote_name(queryset.model._meta.db_table)
    if f" FROM {table} " not in sql:  # not the plain query expected: let SQLite plan it
        return newest_first(queryset.filter(pk__in=RawSQL(WINDOW_SQL, [expression, window])), window)
    sql = sql.replace(f" FROM {table} ", f" FROM ({WINDOW_SQL}) AS search_window CROSS JOIN {table} ", 1)
    cursor.execute(sql, [expression, window, *params])
    # As newest_first orders them: by time (NULL last), then by id.
    rows = sorted(cursor.fetchall(), key=lambda row: (row[1] is not None, row[1] or "", row[0]), reverse=True)
    return [pk for pk, _ in rows]


def ranked_ids(queryset, candidates, text, offset, limit):
    """Return the ids of one page of ``candidates`` (ids already filtered), best bm25 first."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    with connections[queryset.db].cursor() as cursor:
        # "rowid BETWEEN" lets FTS5 skip the matches outside the candidates'
        # range; "+rowid IN" keeps SQLite from re-running the MATCH once per
        # candidate, which would also make bm25 recount its statistics over
        # the whole index each time (seconds for a common word).
        cursor.execute(
            f"""
            SELECT rowid FROM {TABLE}
            WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s
                AND +rowid IN ({", ".join(["%s"] * len(candidates))})
            ORDER BY bm25({TABLE}, {weights}), rowid DESC
            LIMIT %s OFFSET %s
            """,
            [fts_expression(text, ranking=True), min(candidates), max(candidates), *candidates, limit, offset],
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
        # Not in the index (it was being rebuilt): the row's name, no excerpt.
        article.search_headline = to_html(headline) if headline else mark_safe(escape(str(article)))
        article.search_excerpt = to_html(excerpt) if excerpt else ""
    return articles


def close_words(words, *, using):
    """Return {word: closest indexed word} for the ``words`` that match no article."""
    found = {}
    with connections[using].cursor() as cursor:
        for word in words:
            terms = word_terms(word)
            cursor.execute(
                f"SELECT 1 FROM {VOCABULARY} WHERE term IN ({', '.join(['%s'] * len(terms))}) LIMIT 1", terms
            )
            if cursor.fetchone():
                continue
            # Spelling slips rarely touch the first letter: compare with the
            # words that share it and are about as long.
            cursor.execute(
                f"SELECT word FROM {WORDS} WHERE word >= %s AND word < %s AND length(word) BETWEEN %s AND %s",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2],
            )
            close = difflib.get_close_matches(word, [row[0] for row in cursor.fetchall()], n=1, cutoff=0.7)
            if close and close[0] != word:
                found[word] = close[0]
    return found


def documents(article_ids, using):
    """Yield (id, headline, extra, body) as plain text for the index, from the model's weighted text."""
    for entry in entries(article_ids, using):
        yield entry.pk, entry.title, entry.texts["B"], entry.body


def add_to_index(cursor, rows):
    """Index ``rows`` of (id, headline, extra, body), original text, not yet in the index."""
    columns = ", ".join(COLUMNS)
    cursor.executemany(f"INSERT INTO {TEXT} (id, {columns}) VALUES (%s, %s, %s, %s)", rows)
    cursor.executemany(
        f"INSERT INTO {TABLE} (rowid, {columns}) VALUES (%s, %s, %s, %s)",
        [(pk, *(stemmed(part) for part in parts)) for pk, *parts in rows],
    )
    words = set().union(*(words_of(part) for _, *parts in rows for part in parts))
    cursor.executemany(f"INSERT OR IGNORE INTO {WORDS} (word) VALUES (%s)", [(word,) for word in sorted(words)])


def index(article_ids, *, using):
    rows = list(documents(article_ids, using))
    # One transaction: FTS5 writes a new segment at every commit.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        unindex(article_ids, using=using)
        add_to_index(cursor, rows)


def unindex(article_ids, *, using):
    # An external-content FTS5 table forgets a row only when told the terms
    # it indexed for it: they are stemmed again from the stored text (which
    # is why a change to the stemming needs rebuild_search_index).
    columns = ", ".join(COLUMNS)
    with connections[using].cursor() as cursor:
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id, {columns} FROM {TEXT} WHERE id IN ({placeholders})", chunk)
            indexed = [(pk, *(stemmed(part) for part in parts)) for pk, *parts in cursor.fetchall()]
            cursor.executemany(
                f"INSERT INTO {TABLE} ({TABLE}, rowid, {columns}) VALUES ('delete', %s, %s, %s, %s)", indexed
            )
            cursor.execute(f"DELETE FROM {TEXT} WHERE id IN ({placeholders})", chunk)


def rebuild(*, using, batch_size, progress=None, start=None, stop=None):
    articles = searchable()._default_manager.using(using).filter(pk__gte=start or 0)
    articles = articles.filter(pk__lt=stop) if stop else articles
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    with connections[using].cursor() as cursor:
        if start is None and stop is None:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')")
            cursor.execute(f"DELETE FROM {TEXT}")
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
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
            # A rebuild follows a bulk load: refresh the statistics SQLite
            # plans with (without them, fetching 20 articles by id walks the
            # whole date index).
            cursor.execute("ANALYZE")
    finally:
        with connections[using].cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous_cache)}")
    return len(ids)
