"""The PostgreSQL engine: a weighted tsvector per article, French and accent-blind.

The ``french_unaccent`` configuration (unaccent, then the French Snowball
stemmer and stop words) reads both the articles and the reader's query, so
"defense antiaerienne" finds "défense antiaérienne" and "soldat" finds
"soldats". The query is read with ``websearch_to_tsquery``, which accepts
any text without error.

Each document also carries its facets (the article's date and day, tag and
source ids, word pairs; see migrations 0005 and 0006), all in one GIN index:
a search asks it for the matches of the most recent days first
(:func:`day_keys`), so a common word costs what a rare one does. Which
articles readers may see is not in the documents: every match is checked
against the queryset searched (``Article.objects.published()``).
"""

import bisect
import html
import json
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Max, Min, TextField
from django.db.models.expressions import RawSQL

from .. import query as reader_query
from ..excerpts import START, STOP, to_html
from ..models import Document
from . import Candidates, Narrowing, date_field, entries, newest_first, searchable

CONFIG = "french_unaccent"
# ts_rank weights for D, C, B, A (the model's weighted text, see
# search.backends.entries; for articles: body C, standfirst, tags and
# quotes with their sources B, headline A).
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
DOCUMENTS = Document._meta.db_table
# The title and body each document was built from, which hits are
# highlighted from (see migration 0006).
TEXTS = "search_text"
# ts_headline reads at most this much of the body, from just before the first
# match: the excerpt's cost is bounded whatever the length of the article.
# It parses and stems every word it reads, so its cost follows this length
# (bench/README.md, "Search"): 600 characters still hold the two fragments
# of 15-35 words an excerpt shows.
EXCERPT_SOURCE_CHARS = 600


def ts_query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def matching(queryset, text):
    """Return ``queryset`` narrowed to the articles matching ``text``, or None if it asks for nothing."""
    if not reader_query.parse(text).groups:
        return None
    return queryset.filter(search_document__document__matches=ts_query(text))


def newest_matches(queryset, text, limit):
    """Return ``queryset`` narrowed to the ``limit`` most recently created articles matching ``text``, or None.

    One query: the GIN index gives the matches, the newest ids are kept, the
    queryset applies its own filters to them. Drafts are matched too.
    """
    if not reader_query.parse(text).groups:
        return None
    documents = Document.objects.using(queryset.db).filter(document__matches=ts_query(text))
    return queryset.filter(pk__in=documents.order_by("-article_id").values("article_id")[:limit])


def required_phrases(parsed):
    """Return the phrases every match must hold: those that are the only term of their group."""
    return [" ".join(group[0].words) for group in parsed.groups if len(group) == 1 and group[0].phrase]


# How rare a phrase is among the articles holding all its words, as a guess
# when the statistics do not know its word pairs either.
PHRASE_SHARE = 0.1
# A window of recent days is read when it is this many times smaller than
# the rows the words alone would give: a day's index entries are cheaper to
# read than the rows behind a match (which must be visited to sort by date).
WINDOW_GAIN = 4
# A row found for a phrase costs this many times more: its document is read
# and the positions of the words checked.
PHRASE_RECHECK_COST = 25
# Each retry widens the window this many times, at most this many windows
# before all days are read: a results page costs a bounded number of queries.
WINDOW_GROWTH = 8
MAX_WINDOWS = 3
# Windows aim at this many times the matches the page needs.
WINDOW_MARGIN = 2
# Documents read beyond those needed, for those the queryset refuses: the
# documents hold drafts, scheduled and withdrawn articles too (an eighth of
# those needed, and this many more).
FETCH_MARGIN = 64


@dataclass
class Statistics:
    """What the planner's statistics say about one reader's text."""

    tsquery: str = ""
    documents: float = 0  # dated documents
    days: list = field(default_factory=list)  # histogram bounds of their days
    shares: dict = field(default_factory=dict)  # {word: share of documents holding it}
    pairs: list = field(default_factory=list)  # word pairs every match holds
    pair_share: float = 1.0  # share of documents holding all the pairs (estimate)
    facet_share: float = 1.0  # share of documents carrying the reader's tags and sources (estimate)

    def newer_share(self, day):
        """Return the share of dated documents from ``day`` on."""
        if not self.days:
            return 1.0
        if day <= self.days[0]:
            return 1.0
        if day > self.days[-1]:
            return 0.0
        high = bisect.bisect_left(self.days, day)
        low = high - 1
        span = self.days[high] - self.days[low]
        position = low + ((day - self.days[low]) / span if span else 0)
        return 1 - position / (len(self.days) - 1)

    def newest_days(self, count):
        """Return the first day of the ``count`` newest dated documents, or None for all of them."""
        if not self.days or count >= self.documents:
            return None
        position = (1 - count / self.documents) * (len(self.days) - 1)
        low = int(position)
        high = min(low + 1, len(self.days) - 1)
        return int(self.days[low] + (self.days[high] - self.days[low]) * (position - low))


# The planner's statistics of the documents change only when PostgreSQL
# analyses the table; each process reads them at most this often.
TABLE_STATISTICS_SECONDS = 60

TABLE_STATISTICS_SQL = """
    SELECT attname, most_common_elems::text::text[], most_common_elem_freqs, histogram_bounds::text::text[], null_frac,
        (SELECT reltuples FROM pg_class WHERE oid = 'search_document'::regclass)
    FROM pg_stats
    WHERE schemaname = current_schema() AND tablename = 'search_document'
        AND attname IN ('document', 'pairs', 'tags', 'sources', 'day')
"""


class Frequencies:
    """The most common elements of an array or tsvector column, and the share of rows holding each."""

    def __init__(self, elements=(), freqs=None):
        self.share = dict(zip(elements, freqs or (), strict=False))
        # Past the elements come the smallest and largest shares: an element
        # outside the list is in fewer rows than the least common one.
        self.unlisted = freqs[len(elements)] / 2 if freqs and len(freqs) > len(elements) else 0.0

    def __call__(self, element):
        return self.share.get(element, self.unlisted)


@dataclass
class TableStatistics:
    documents: float = 0  # dated documents
    days: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # {column: Frequencies}


_table_statistics = {}


def forget_statistics():
    """Make the next search read the table's statistics again (after an ANALYZE)."""
    _table_statistics.clear()


def table_statistics(using):
    """Return the :class:`TableStatistics` of the documents, read at most once a minute per process."""
    now = time.monotonic()
    cached = _table_statistics.get(using)
    if cached and cached[0] > now:
        return cached[1]
    stats = TableStatistics()
    with connections[using].cursor() as cursor:
        cursor.execute(TABLE_STATISTICS_SQL)
        rows = cursor.fetchall()
    for column, elements, freqs, bounds, null_frac, reltuples in rows:
        if column == "day":
            stats.documents = max(reltuples or 0, 0) * (1 - (null_frac or 0))
            stats.days = [int(day) for day in bounds or ()]
        elif elements:
            # Pairs, tags and sources are integers; the document's elements are lexemes.
            values = elements if column == "document" else [int(value) for value in elements]
            stats.columns[column] = Frequencies(values, freqs)
    _table_statistics[using] = (now + TABLE_STATISTICS_SECONDS, stats)
    return stats


QUERY_SQL = f"""
    SELECT
        websearch_to_tsquery('{CONFIG}', %(text)s)::text,
        (
            SELECT json_object_agg(w, tsvector_to_array(to_tsvector('{CONFIG}', w)))
            FROM unnest(%(words)s::text[]) AS w
        ),
        (
            SELECT coalesce(array_agg(DISTINCT pair), '{{}}')
            FROM unnest(%(phrases)s::text[]) AS phrase, unnest(search_pairs(to_tsvector('{CONFIG}', phrase))) AS pair
        )
"""


def statistics(parsed, text, narrowing, *, using):
    """Return the :class:`Statistics` of the reader's ``text`` (parsed) and filters.

    One small query reads the text as PostgreSQL does (its tsquery, each
    word's lexemes, the pairs of its required phrases); the shares come
    from the table's statistics.
    """
    words = sorted({*parsed.positive_words(), *(w for term in parsed.excluded for w in term.words)})
    phrases = required_phrases(parsed)
    with connections[using].cursor() as cursor:
        cursor.execute(QUERY_SQL, {"text": text, "words": words, "phrases": phrases})
        tsquery, lexemes, pairs = cursor.fetchone()
    table = table_statistics(using)
    none = Frequencies()
    document = table.columns.get("document", none)
    pair_share = table.columns.get("pairs", none)

    def facet(column, ids):
        if ids is None:
            return 1.0
        return min(1.0, sum(table.columns.get(column, none)(pk) for pk in ids))

    return Statistics(
        tsquery=tsquery,
        documents=table.documents,
        days=table.days,
        # A word with no lexeme (a stop word) is found nowhere.
        shares={w: min((document(lexeme) for lexeme in found), default=0) for w, found in (lexemes or {}).items()},
        pairs=pairs or [],
        pair_share=min((pair_share(pair) for pair in pairs or ()), default=1.0),
        facet_share=facet("tags", narrowing.tag_ids) * facet("sources", narrowing.source_ids),
    )


def expected_share(parsed, stats):
    """Return (share of documents the index gives for the positive terms, share that fully matches)."""

    def term_share(term, required=False):
        share = min((stats.shares.get(w, 0) for w in term.words), default=0)
        if term.ordered:
            # A required phrase's word pairs are in the index, with statistics.
            share = min(share, stats.pair_share) if required and stats.pairs else share * PHRASE_SHARE
        return share

    positive = 1.0
    for group in parsed.groups:
        positive *= min(1.0, sum(term_share(term, required=len(group) == 1) for term in group))
    wanted = positive * stats.facet_share
    for term in parsed.excluded:
        wanted *= 1 - term_share(term)
    return positive, wanted


def day_keys(parsed, stats, limit, narrowing):
    """Return the conditions on the day to try in turn, as (sql, day); (None, None) reads every day.

    Reading the matches of the most recent days only, as many days as
    should hold ``limit`` matches, is cheaper than reading all the matches
    of a common query; the window widens when it held too few (a filter or
    a guess made them fewer). A rare query reads its matches whole at once.
    The reader's date range bounds the days too, by whichever end cuts more
    (the other end is checked on the rows found).
    """
    since = day_of(narrowing.since) if narrowing.since else None
    until = day_of(narrowing.until - timedelta(microseconds=1)) if narrowing.until else None
    keys = []
    positive, wanted = expected_share(parsed, stats)
    from_index = stats.documents * positive
    if any(term.ordered for group in parsed.groups for term in group):
        # Every row the index gives a phrase is re-read to check the words' order.
        from_index *= PHRASE_RECHECK_COST
    if stats.days and stats.documents and until is None:
        count = limit * WINDOW_MARGIN / max(wanted, 1e-9)
        while count < from_index * WINDOW_GAIN and len(keys) < MAX_WINDOWS:
            day = stats.newest_days(count)
            if day is None or (since is not None and day <= since):
                break
            keys.append(("d.day >= %(day)s", day))
            count *= WINDOW_GROWTH
    after = stats.newer_share(since) if since is not None else 1.0
    before = 1 - stats.newer_share(until + 1) if until is not None else 1.0
    if (since is not None or until is not None) and min(after, before) * stats.documents < from_index * WINDOW_GAIN:
        keys.append(("d.day >= %(day)s", since) if after <= before else ("d.day <= %(day)s", until))
    else:
        keys.append((None, None))
    return keys


def day_of(moment):
    """Return the day number (days since 1970, UTC) of ``moment``, as the documents store it."""
    return int(moment.timestamp() // 86400)


def recent_ids(queryset, matches, text, limit, narrowing, *, ranked=False):
    """Return the ids of the ``limit`` newest matching articles.

    The search documents are read through their one GIN index, which holds
    the words, the day, the tags, the sources and the word pairs: the
    newest days first (see :func:`day_keys`), ordered by date among the
    documents only. The ids found are then checked against a queryset in
    the same statement, which decides what readers may see: ``queryset``,
    or with a :class:`~search.backends.Narrowing` (the reader's form) its
    ``visible`` queryset only, the documents having applied its filters.

    With ``ranked`` and a narrowing, each document's relevance is read in the
    same statement, from the document already at hand: the ids come back as
    :class:`~search.backends.Candidates` with their ``ranks``, and the page
    is ranked without reading the documents again.
    """
    trusted = narrowing is not None
    checked = narrowing.visible_of(queryset) if trusted else queryset
    narrowing = narrowing or Narrowing()
    using = queryset.db
    parsed = reader_query.parse(text)
    stats = statistics(parsed, text, narrowing, using=using)
    conditions = ["d.document @@ %(tsquery)s::tsquery"]
    params = {"tsquery": stats.tsquery}
    if stats.pairs:
        conditions.append("d.pairs @> %(pairs)s::integer[]")
        params["pairs"] = stats.pairs
    if narrowing.tag_ids is not None:
        conditions.append("d.tags && %(tags)s::integer[]")
        params["tags"] = list(narrowing.tag_ids)
    if narrowing.source_ids is not None:
        conditions.append("d.sources && %(sources)s::bigint[]")
        params["sources"] = list(narrowing.source_ids)
    if narrowing.since:
        conditions.append("d.dated >= %(since)s")
        params["since"] = narrowing.since
    if narrowing.until:
        conditions.append("d.dated < %(until)s")
        params["until"] = narrowing.until
    fetch = limit + limit // 8 + FETCH_MARGIN
    ranked = ranked and trusted
    for key, day in day_keys(parsed, stats, limit, narrowing):
        window = [*conditions, key] if key else conditions
        ids, read = checked_ids(checked, window, {**params, "day": day}, limit, fetch, ranked=ranked)
        if len(ids) >= limit:
            return ids
        if read >= fetch:
            # The queryset refused more documents than the margin (a filter
            # the documents do not carry, many drafts among the newest):
            # read every match the exact way.
            return newest_first(matches, limit)
    return ids


def checked_ids(queryset, conditions, params, limit, fetch, *, ranked=False):
    """Return (ids, read): the newest ``limit`` of the newest ``fetch`` documents under ``conditions`` that
    ``queryset`` accepts, as :class:`~search.backends.Candidates` (with their ranks if ``ranked``).

    ``read`` is how many documents were read before the check: when it is
    ``fetch``, older documents were left unread.
    """
    hits = "search_hits"
    model = queryset.model
    date = date_field(model)
    ordered = (
        queryset.filter(pk__in=RawSQL(f"SELECT article_id FROM {hits}", []))
        .order_by(f"-{date}", "-pk")
        .values_list("pk", date)[:limit]
    )
    try:
        sql, query_params = ordered.query.sql_with_params()
    except EmptyResultSet:  # the queryset can hold nothing (e.g. a filter by no tag)
        return Candidates(), 0
    named = {f"p{k}": value for k, value in enumerate(query_params)}
    sql = sql % tuple(f"%({name})s" for name in named)
    # The rank is computed on the rows kept only: the materialised hits carry
    # each document as a pointer, read once, for those rows.
    rank = ", ts_rank(%(weights)s::float4[], h.document, %(tsquery)s::tsquery)" if ranked else ""
    ranked_join = f"LEFT JOIN {hits} h ON h.article_id = ordered.pk" if ranked else ""
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"""
            WITH {hits} AS MATERIALIZED (
                SELECT d.article_id{", d.document" if ranked else ""} FROM {DOCUMENTS} d
                WHERE {" AND ".join(conditions)}
                ORDER BY d.dated DESC NULLS LAST, d.article_id DESC
                LIMIT %(fetch)s
            ), counted AS (SELECT count(*) AS n FROM {hits})
            SELECT counted.n, ordered.pk{rank}
            FROM counted LEFT JOIN ({sql}) AS ordered (pk, dated) ON true {ranked_join}
            ORDER BY ordered.dated DESC, ordered.pk DESC
            """,
            {**params, **named, "fetch": fetch, "weights": WEIGHTS},
        )
        rows = cursor.fetchall()
    kept = [row for row in rows if row[1] is not None]
    ids = Candidates(row[1] for row in kept)
    if ranked:
        ids.ranks = {row[1]: row[2] for row in kept}
    return ids, rows[0][0] if rows else 0


def ranked_ids(queryset, candidates, text, offset, limit):
    """Return the ids of one page of ``candidates`` (ids already filtered), best ranked first."""
    if ranks := getattr(candidates, "ranks", None):
        # Read with the candidates (see recent_ids); ties go to the newest,
        # the candidates' own order.
        return sorted(list(candidates), key=lambda pk: -ranks[pk])[offset : offset + limit]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT d.article_id
            FROM {DOCUMENTS} d, websearch_to_tsquery('{CONFIG}', %s) AS q
            WHERE d.article_id = ANY(%s)
            ORDER BY ts_rank(%s::float4[], d.document, q) DESC, d.dated DESC NULLS LAST, d.article_id DESC
            LIMIT %s OFFSET %s
            """,
            [text, list(candidates), WEIGHTS, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


# The excerpt's source starts this many characters before the first match.
EXCERPT_LEAD_CHARS = 150


def body_text(words):
    """Return SQL for the part of a body (``d.body``, kept beside its document) around its first match of ``words``.

    The first place where one of the reader's stems appears (accents and
    case aside) is found by a plain string search, and ts_headline then
    reads ``EXCERPT_SOURCE_CHARS`` from a little before it: a match deep in
    a long body still shows, at the cost of reading 600 characters, not the
    whole body, with the dictionaries. A word cut at the start of that
    slice is dropped.
    """
    return RawSQL(
        rf"""
        (SELECT translate(CASE WHEN p.start > 1 THEN regexp_replace(x, '^\S*\s+', '') ELSE x END, %s, '')
         FROM lower(unaccent(d.body)) AS folded,
            LATERAL (SELECT greatest(1, coalesce((
                SELECT min(nullif(strpos(folded, l), 0))
                FROM unnest((SELECT tsvector_to_array(to_tsvector('{CONFIG}', %s)))) AS l
            ), 1) - %s) AS start) AS p,
            substr(d.body, p.start, %s) AS x)
        """,
        [START + STOP, words, EXCERPT_LEAD_CHARS, EXCERPT_SOURCE_CHARS],
        output_field=TextField(),
    )


def any_word_query(words):
    """Return SQL for a tsquery matching any one of ``words`` (their lexemes, OR-ed), and its params.

    An excerpt marks each of the reader's words it holds: with the reader's
    own query (words AND-ed), ts_headline marks nothing in a body holding
    only some of them (the others being in the headline, say).
    """
    return (
        f"""coalesce((SELECT string_agg(quote_literal(l), ' | ')::tsquery
            FROM unnest(tsvector_to_array(to_tsvector('{CONFIG}', %s))) AS l), ''::tsquery)""",
        [words],
    )


def headline_options(**options):
    """Return ts_headline's options as its one text argument: ``Name='value', …``."""

    def literal(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return "'" + value.replace("'", "''") + "'"

    return ", ".join(f"{name}={literal(value)}" for name, value in options.items())


# The marks are control characters no article holds (see search.excerpts);
# a headline is highlighted whole, a body gives two fragments from its excerpt.
MARKS = {"StartSel": START, "StopSel": STOP}
HEADLINE_MARKED = headline_options(**MARKS, HighlightAll=True)
EXCERPT_MARKED = headline_options(**MARKS, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter='" … "')


def highlighted(queryset, text):
    """Return the articles of ``queryset`` with ``search_headline`` and ``search_excerpt`` set.

    Both are cut from the text the document was built from (its title and
    body, kept beside it, see :func:`index`), read by the row's id in the
    statement that loads the rows. Plain SQL rather than ``SearchHeadline`` expressions:
    the same ``ts_headline`` calls, without building and copying expression
    trees for every results page.
    """
    model = queryset.model
    quote = connections[queryset.db].ops.quote_name
    row_id = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    words = " ".join(reader_query.parse(text).positive_words())
    source = body_text(words)
    excerpt_query, excerpt_params = any_word_query(words)
    rows = queryset.annotate(
        marked_headline=RawSQL(
            f"""(SELECT ts_headline('{CONFIG}', translate(d.headline, %s, ''), websearch_to_tsquery('{CONFIG}', %s), %s)
                FROM {TEXTS} d WHERE d.article_id = {row_id})""",
            [START + STOP, text, HEADLINE_MARKED],
            output_field=TextField(),
        ),
        marked_excerpt=RawSQL(
            f"""(SELECT ts_headline('{CONFIG}', {source.sql}, {excerpt_query}, %s)
                FROM {TEXTS} d WHERE d.article_id = {row_id})""",
            [*source.params, *excerpt_params, EXCERPT_MARKED],
            output_field=TextField(),
        ),
    )
    articles = list(rows)
    for article in articles:
        # Not in the index (it is being rebuilt): the row's name, no excerpt.
        article.search_headline = to_html(article.marked_headline or str(article))
        article.search_excerpt = to_html(article.marked_excerpt or "", unescape=True)
    return articles


def close_words(words, *, using):
    """Return {word: closest indexed word} for the ``words`` that match no article."""
    if not words:
        return {}
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w, (
                SELECT v.word FROM search_word v WHERE v.word %% w
                ORDER BY similarity(v.word, w) DESC, v.word LIMIT 1
            )
            FROM unnest(%s::text[]) AS w
            WHERE NOT EXISTS (
                SELECT 1 FROM {DOCUMENTS} d WHERE d.document @@ plainto_tsquery('{CONFIG}', w)
            )
            """,
            [list(words)],
        )
        return {word: close for word, close in cursor.fetchall() if close and reader_query.fold(close) != word}


# The rows of one batch arrive as one JSON array: a statement whatever the
# batch's size, each document built, stored and added to the vocabulary there.
INDEX_SQL = f"""
    WITH src AS (
        SELECT r.* FROM jsonb_to_recordset(%(rows)s::jsonb) AS r(
            id bigint, a text, b text, c text, d text, body text, dated timestamptz, tags integer[], sources bigint[]
        )
        -- An article deleted since it was read has no document to get.
        WHERE EXISTS (SELECT 1 FROM {{table}} t WHERE t.{{pk}} = r.id)
    ), built AS (
        SELECT src.*,
            setweight(to_tsvector('{CONFIG}', a), 'A') || setweight(to_tsvector('{CONFIG}', b), 'B')
            || setweight(to_tsvector('{CONFIG}', c), 'C') || setweight(to_tsvector('{CONFIG}', d), 'D') AS document
        FROM src
    ), documents AS (
        INSERT INTO {DOCUMENTS} AS d (article_id, document, dated, day, tags, sources, pairs)
        SELECT id, document, dated, search_day(dated), tags, sources, search_pairs(document)
        FROM built
        ON CONFLICT (article_id) DO UPDATE SET
            document = EXCLUDED.document, dated = EXCLUDED.dated, day = EXCLUDED.day, tags = EXCLUDED.tags,
            sources = EXCLUDED.sources, pairs = EXCLUDED.pairs
    ), texts AS (
        INSERT INTO {TEXTS} (article_id, headline, body)
        SELECT id, a, body FROM src
        ON CONFLICT (article_id) DO UPDATE SET headline = EXCLUDED.headline, body = EXCLUDED.body
    )
    INSERT INTO search_word (word)
    SELECT DISTINCT word
    FROM src, unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', a, b, c, d)))) AS word
    WHERE word ~ '^[[:alpha:]]{{{{3,40}}}}$'
    ON CONFLICT DO NOTHING
"""


INDEX_CHUNK = 1000


def index(article_ids, *, using):
    """(Re)index these articles from their weighted text (see search.backends.entries), in one statement.

    The title and the body it was built from are kept beside the document,
    for the highlights: the body HTML-escaped, as the excerpt is unescaped
    once shown.
    """
    rows = [
        {
            "id": entry.pk,
            **{weight.lower(): text for weight, text in entry.texts.items()},
            "body": html.escape(entry.body, quote=False),
            "dated": entry.date.isoformat() if entry.date else None,
            "tags": entry.tags,
            "sources": entry.sources,
        }
        for entry in entries(article_ids, using)
    ]
    if not rows:
        return
    model = searchable()
    quote = connections[using].ops.quote_name
    sql = INDEX_SQL.format(table=quote(model._meta.db_table), pk=quote(model._meta.pk.column))
    with connections[using].cursor() as cursor:
        # A rebuild's batch is sent in chunks: the server holds a chunk's
        # JSON and documents in memory at once.
        for start in range(0, len(rows), INDEX_CHUNK):
            cursor.execute(sql, {"rows": json.dumps(rows[start : start + INDEX_CHUNK])})


def unindex(article_ids, *, using):
    # The database already deleted the documents with their articles.
    Document.objects.using(using).filter(article_id__in=article_ids).delete()
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TEXTS} WHERE article_id = ANY(%s)", [list(article_ids)])


def rebuild(*, using, batch_size, progress=None, start=None, stop=None):
    rows = searchable()._default_manager.using(using).filter(pk__gte=start or 0)
    rows = rows.filter(pk__lt=stop) if stop else rows
    bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    for low in range(bounds["low"], bounds["high"] + 1, batch_size):
        index(list(rows.filter(pk__gte=low, pk__lt=low + batch_size).values_list("pk", flat=True)), using=using)
        if progress:
            progress(min(low + batch_size, bounds["high"] + 1) - bounds["low"])
    with connections[using].cursor() as cursor:
        # Fresh statistics let the planner choose between the GIN index (rare
        # words) and walking the newest articles (common words).
        cursor.execute(f"ANALYZE {DOCUMENTS}")
        cursor.execute("ANALYZE search_word")
    forget_statistics()
    return rows.count()
