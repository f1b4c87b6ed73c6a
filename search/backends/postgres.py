"""The PostgreSQL engine: a weighted tsvector per article, French and accent-blind.

The ``french_unaccent`` configuration (unaccent, then the French Snowball
stemmer and stop words) reads both the articles and the reader's query, so
"defense antiaerienne" finds "défense antiaérienne" and "soldat" finds
"soldats". The query is read with ``websearch_to_tsquery``, which accepts
any text without error.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, Func, Max, Min, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from taggit.models import Tag, TaggedItem

from articles.models import Article, Quote, Source

from .. import query as reader_query
from ..excerpts import START, STOP, to_html
from ..models import Document
from . import CANDIDATES, newest_first

CONFIG = "french_unaccent"
# ts_rank weights for D, C, B, A: body (C), then standfirst, tags and quotes
# with their sources (B), then the headline (A).
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# ts_headline reads at most this much of the body: the excerpt's cost is
# bounded whatever the length of the article.
EXCERPT_SOURCE_CHARS = 4000
HEADLINE_OPTIONS = {"start_sel": START, "stop_sel": STOP, "config": CONFIG}


def ts_query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def matching(queryset, text):
    """Return ``queryset`` narrowed to the articles matching ``text``, or None if it asks for nothing."""
    if not reader_query.parse(text).groups:
        return None
    return queryset.filter(search_document__document__matches=ts_query(text))


# How rare the phrase is among the articles holding all its words, as a
# guess: the statistics know the words, not their order.
PHRASE_SHARE = 0.1


def word_shares(words, *, using):
    """Return (documents, {word: share of documents holding it}) from the planner's statistics.

    The statistics keep the share of the ~1,000 most common lexemes; a word
    outside them is in fewer documents than the least common of those, and
    is given half that share. A word with no lexeme (a stop word) counts as
    found nowhere. Returns (0, {}) when the table has no statistics yet.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"""
            WITH s AS (
                SELECT most_common_elems::text::text[] AS e, most_common_elem_freqs AS f
                FROM pg_stats
                WHERE schemaname = current_schema() AND tablename = %s AND attname = 'document'
            )
            SELECT w, (
                SELECT coalesce(min(coalesce(s.f[array_position(s.e, l)], s.f[cardinality(s.e) + 1] / 2)), 0)
                FROM unnest(tsvector_to_array(to_tsvector('{CONFIG}', w))) AS l
            ), (SELECT reltuples FROM pg_class WHERE oid = %s::regclass)
            FROM unnest(%s::text[]) AS w, s
            """,
            [Document._meta.db_table, Document._meta.db_table, list(words)],
        )
        rows = cursor.fetchall()
    if not rows:
        return 0, {}
    return max(rows[0][2] or 0, 0), {word: share for word, share, _ in rows}


def index_first(text, *, using):
    """Tell whether the GIN index should find the matches before they are ordered by date.

    Two ways to the newest matches: read every match from the index (its
    cost grows with how many documents match the positive words), or walk
    the articles newest first and test each document until enough match
    (its cost grows with how rare a match is). The statistics give both
    estimates; the cheaper wins.
    """
    parsed = reader_query.parse(text)
    words = {w for group in parsed.groups for term in group for w in term.words}
    words |= {w for term in parsed.excluded for w in term.words}
    documents, shares = word_shares(sorted(words), using=using)
    if not documents:
        return True  # no statistics (a small or fresh table): the index is exact and cheap

    def term_share(term):
        return min(shares.get(w, 0) for w in term.words)

    positive = 1.0
    for group in parsed.groups:
        positive *= min(1.0, sum(term_share(term) for term in group))
    wanted = positive
    if any(term.phrase and len(term.words) > 1 for group in parsed.groups for term in group):
        wanted *= PHRASE_SHARE
    for term in parsed.excluded:
        wanted *= 1 - term_share(term) * (PHRASE_SHARE if term.phrase and len(term.words) > 1 else 1)
    from_index = documents * positive
    walked = documents if wanted <= 0 else min(documents, (CANDIDATES + 1) / wanted)
    return from_index <= walked


def recent_ids(queryset, matches, text, limit):
    """Return the ids of the ``limit`` newest matching articles.

    For a selective query the matching ids come first from the GIN index,
    in a materialized CTE, and only those articles are read and ordered by
    date (the planner would otherwise walk the date index and test every
    document). For a common one, the newest articles are walked.
    """
    using = queryset.db
    if not index_first(text, using=using):
        return newest_first(matches, limit)
    hits = "search_hits"
    ordered = (
        queryset.filter(pk__in=RawSQL(f"SELECT article_id FROM {hits}", []))
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    sql, params = ordered.query.sql_with_params()
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"WITH {hits} AS MATERIALIZED ("
            f"SELECT article_id FROM {Document._meta.db_table} "
            f"WHERE document @@ websearch_to_tsquery('{CONFIG}', %s)) {sql}",
            [text, *params],
        )
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(queryset, candidates, text, offset, limit):
    """Return the ids of one page of ``candidates`` (ids already filtered), best ranked first."""
    rank = SearchRank(F("search_document__document"), ts_query(text), weights=WEIGHTS)
    ranked = (
        queryset.model.objects.filter(pk__in=candidates)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    return list(ranked[offset : offset + limit])


def body_text():
    """Return the start of the body as text: tags (even one cut in half) become spaces."""
    start = Left(F("body"), EXCERPT_SOURCE_CHARS)
    text = Func(start, Value("<[^>]*(>|$)"), Value(" "), Value("g"), function="regexp_replace")
    return Func(text, Value(START + STOP), Value(""), function="translate")


def highlighted(queryset, text):
    """Return the articles of ``queryset`` with ``search_headline`` and ``search_excerpt`` set."""
    query = ts_query(text)
    rows = queryset.annotate(
        marked_headline=SearchHeadline(
            Func(F("headline"), Value(START + STOP), Value(""), function="translate"),
            query,
            highlight_all=True,
            **HEADLINE_OPTIONS,
        ),
        marked_excerpt=SearchHeadline(
            body_text(),
            query,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter='" … "',
            **HEADLINE_OPTIONS,
        ),
    )
    articles = list(rows)
    for article in articles:
        article.search_headline = to_html(article.marked_headline)
        article.search_excerpt = to_html(article.marked_excerpt, unescape=True)
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
                SELECT 1 FROM {Document._meta.db_table} d WHERE d.document @@ plainto_tsquery('{CONFIG}', w)
            )
            """,
            [list(words)],
        )
        return {word: close for word, close in cursor.fetchall() if close and reader_query.fold(close) != word}


def index_sql(condition):
    """Return the statement that (re)indexes the articles selected by ``condition``.

    One statement builds each article's weighted document and adds its
    words to the vocabulary: headline (A); standfirst, tags, and the quotes
    with their sources' names, roles and organisations (B); body (C).
    HTML tags in the body are skipped by the text search parser.
    """
    article, quote, source = Article._meta.db_table, Quote._meta.db_table, Source._meta.db_table
    tag, tagged = Tag._meta.db_table, TaggedItem._meta.db_table
    return f"""
        WITH src AS (
            SELECT a.id, a.headline, concat_ws(' ', a.standfirst, t.names, q.words) AS extra, a.body
            FROM {article} a
            LEFT JOIN LATERAL (
                SELECT string_agg(tg.name, ' ') AS names
                FROM {tagged} ti JOIN {tag} tg ON tg.id = ti.tag_id
                WHERE ti.object_id = a.id AND ti.content_type_id = %(content_type)s
            ) t ON true
            LEFT JOIN LATERAL (
                SELECT string_agg(concat_ws(' ', s.name, s.role, s.organisation, qu.text), ' ') AS words
                FROM {quote} qu JOIN {source} s ON s.id = qu.source_id
                WHERE qu.article_id = a.id
            ) q ON true
            WHERE {condition}
        ), documents AS (
            INSERT INTO {Document._meta.db_table} (article_id, document)
            SELECT id,
                setweight(to_tsvector('{CONFIG}', headline), 'A')
                || setweight(to_tsvector('{CONFIG}', extra), 'B')
                || setweight(to_tsvector('{CONFIG}', body), 'C')
            FROM src
            ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document
        )
        INSERT INTO search_word (word)
        SELECT DISTINCT word
        FROM src, unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', headline, extra, body)))) AS word
        WHERE word ~ '^[[:alpha:]]{{3,40}}$'
        ON CONFLICT DO NOTHING
    """


def index(article_ids, *, using):
    content_type = ContentType.objects.db_manager(using).get_for_model(Article).pk
    with connections[using].cursor() as cursor:
        cursor.execute(index_sql("a.id = ANY(%(ids)s)"), {"ids": list(article_ids), "content_type": content_type})


def unindex(article_ids, *, using):
    # The database already deleted the documents with their articles.
    Document.objects.using(using).filter(article_id__in=article_ids).delete()


def rebuild(*, using, batch_size, progress=None, start=None, stop=None):
    content_type = ContentType.objects.db_manager(using).get_for_model(Article).pk
    articles = Article.objects.using(using).filter(pk__gte=start or 0)
    bounds = (articles.filter(pk__lt=stop) if stop else articles).aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    with connections[using].cursor() as cursor:
        for low in range(bounds["low"], bounds["high"] + 1, batch_size):
            cursor.execute(
                index_sql("a.id >= %(low)s AND a.id < %(high)s"),
                {"low": low, "high": low + batch_size, "content_type": content_type},
            )
            if progress:
                progress(min(low + batch_size, bounds["high"] + 1) - bounds["low"])
        # Fresh statistics let the planner choose between the GIN index (rare
        # words) and walking the newest articles (common words).
        cursor.execute(f"ANALYZE {Document._meta.db_table}")
        cursor.execute("ANALYZE search_word")
    return Article.objects.using(using).count()
