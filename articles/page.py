"""The article page's data in one query: the article, its tags, quotes, tolls, and the latest items.

Every article page a reader with a session opens is rendered, so its reads
are the site's hottest path. Through the ORM they were five queries (the
article, three prefetches, the related list), each costing more Python to
build and read than PostgreSQL spends answering it. Here one statement,
written once per process from the models' metadata, returns the article row
and the rest as JSON arrays built by the database (PostgreSQL's ``json_agg``,
SQLite's ``json_group_array``), and plain model instances are made from them
with the prefetch caches filled, so that ``article.quotes.all()``,
``toll_histories()``, ``sources_cited()`` and ``tag_list()`` read them as they
read a ``prefetch_related``.

Visibility is not written by hand: the statement embeds the SQL that
``Article.objects.published()`` compiles to, for the article (unless a staff
preview asks for any status) and for the related list.
"""

import functools
import json
from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.base import ModelState
from django.db.models.query import QuerySet
from django.db.models.signals import post_init, pre_init
from taggit.models import Tag, TaggedItem

from newsdesk.pagecache import CacheUnavailable, current_generation

from .models import Article, CasualtyFigure, Quote, Source

RELATED_COUNT = 5
# Largest value a bigint primary key holds: a larger id in the URL finds nothing.
MAX_PK = 2**63 - 1

# Columns of the related items: what a teaser item shows, nothing else; the
# body only when the teaser was not stored (see Article.teaser_plain). In the
# model's order, as Model.from_db() expects them.
_TEASER_FIELDS = {
    "id",
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "agency",
    "urgency",
    "published_at",
    "teaser_plain",
}
RELATED_FIELDS = [field.attname for field in Article._meta.concrete_fields if field.attname in _TEASER_FIELDS]
_RELATED_BODY = RELATED_FIELDS.index("body")
_RELATED_TEASER = RELATED_FIELDS.index("teaser_plain")
_RELATED_WITHOUT_BODY = [name for name in RELATED_FIELDS if name != "body"]


def load_article_page(pk, *, published_only=True):
    """Return ``(article, related)``, or None when no such article (published, unless ``published_only`` is False).

    ``article`` has its tags, quotes (with their sources) and casualty figures
    (with theirs) loaded; ``related`` is the list of the RELATED_COUNT newest
    other published articles, with the fields of RELATED_FIELDS only.
    """
    if not 0 < pk <= MAX_PK:
        return None
    latest = shared_latest_items()
    sql, params = _page_sql(connection.vendor, published_only, with_related=latest is None)
    values = {_PK: pk, _CONTENT_TYPE: ContentType.objects.get_for_model(Article).pk}
    with _statement_cursor() as cursor:
        cursor.execute(sql, [values.get(param, param) for param in params])
        row = cursor.fetchone()
    if row is None:
        return None
    article_row, tag_rows, quote_rows, figure_rows, related_rows = (_json(value) for value in row)
    article = _instance(Article, _ARTICLE_FIELDS, article_row)
    tags = [_instance(Tag, _TAG_FIELDS, values) for values in tag_rows]
    quotes = []
    for values in sorted(quote_rows, key=lambda values: (values[_QUOTE_POSITION], values[0])):
        quote = _instance(Quote, _QUOTE_FIELDS, values[: len(_QUOTE_FIELDS)])
        _related_object(quote, "source", _instance(Source, _SOURCE_FIELDS, values[len(_QUOTE_FIELDS) :]))
        _related_object(quote, "article", article)
        quotes.append(quote)
    figures = []
    for values in figure_rows:
        figure = _instance(CasualtyFigure, _FIGURE_FIELDS, values[: len(_FIGURE_FIELDS)])
        source_values = values[len(_FIGURE_FIELDS) :]
        source = _instance(Source, _SOURCE_FIELDS, source_values) if source_values[0] is not None else None
        _related_object(figure, "source", source)
        _related_object(figure, "article", article)
        figures.append(figure)
    figures.sort(key=lambda figure: (figure.reported_at, figure.pk))
    _prefetched(article, "tags", Tag, tags)
    # For tag_list(), quote_list() and figure_list(), without building a
    # related manager and a queryset each time the page reads them.
    article.attached_tags = tags
    article.attached_quotes = quotes
    article.attached_figures = figures
    _prefetched(article, "quotes", Quote, quotes)
    _prefetched(article, "casualty_figures", CasualtyFigure, figures)
    if latest is None:
        related = [_related_item(values) for values in related_rows]
        related.sort(key=lambda item: (item.published_at, item.pk), reverse=True)
    else:
        related = [item for item in latest if item.pk != article.pk][:RELATED_COUNT]
    return article, related


# The latest items, shared ----------------------------------------------------

# (generation, items): this process's newest published articles, as of the
# page cache's generation they were read under.
_latest = (None, [])


def shared_latest_items():
    """Return the RELATED_COUNT + 1 newest published articles, read once per page-cache generation; or None.

    "Dernières Infos" is the same list on every article page (less the page's
    own article): reading it and building its items was a sixth of an
    uncached page. It is read again whenever the page cache's generation
    changes, which any change to an article, its tags, quotes or tolls, and a
    scheduled article's time, do: a reader sees a new article in the list as
    soon as in a cached page. Without a page cache (off, or Redis down) there
    is no generation to trust and each page reads its own list (None).

    The items are shared by the process's threads, read only: teaser fields
    (see RELATED_FIELDS), the body too, for a teaser that was not stored.
    """
    global _latest
    try:
        generation = current_generation()
    except CacheUnavailable:
        return None
    read_under, items = _latest
    if read_under != generation:
        newest = Article.objects.published().newest_first().only(*RELATED_FIELDS)
        items = list(newest[: RELATED_COUNT + 1])
        _latest = (generation, items)
    return items


# Building the statement ----------------------------------------------------


def _attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


_ARTICLE_FIELDS = _attnames(Article)
_TAG_FIELDS = _attnames(Tag)
_QUOTE_FIELDS = _attnames(Quote)
_QUOTE_POSITION = _QUOTE_FIELDS.index("position")
_FIGURE_FIELDS = _attnames(CasualtyFigure)
_SOURCE_FIELDS = _attnames(Source)

# The JSON functions of each database: an array of values, an aggregate of arrays.
_JSON_FUNCTIONS = {
    "postgresql": ("json_build_array", "json_agg", "'[]'::json"),
    "sqlite": ("json_array", "json_group_array", "json_array()"),
}


# Stand for the article's id and its content type among a statement's parameters.
_PK = object()
_CONTENT_TYPE = object()


@functools.cache
def _page_sql(vendor, published_only, with_related=True):
    """Return the page's statement for ``vendor`` and its parameters, ``_PK`` standing for the article's id.

    Without ``with_related`` the latest items' column is an empty array: the
    page takes them from ``shared_latest_items()``.
    """
    array, aggregate, empty = _JSON_FUNCTIONS[vendor]
    qn = connection.ops.quote_name
    article_table = qn(Article._meta.db_table)
    source_table = qn(Source._meta.db_table)
    published, published_params = _published_sql()

    def columns(model, alias, names):
        return ", ".join(f"{alias}.{qn(model._meta.get_field(name).column)}" for name in names)

    def aggregated(select, source):
        return f"(SELECT COALESCE({aggregate}({array}({select})), {empty}) FROM {source})"

    # Each subquery reads the outer article's id. The tags' content type is a
    # parameter, from the content types' own per-process table as taggit reads it.
    tags = aggregated(
        columns(Tag, "t", _TAG_FIELDS),
        f"{qn(TaggedItem._meta.db_table)} i JOIN {qn(Tag._meta.db_table)} t ON t.id = i.tag_id "
        f"WHERE i.content_type_id = %s AND i.object_id = {article_table}.id",
    )
    quotes = aggregated(
        f"{columns(Quote, 'q', _QUOTE_FIELDS)}, {columns(Source, 's', _SOURCE_FIELDS)}",
        f"{qn(Quote._meta.db_table)} q JOIN {source_table} s ON s.id = q.source_id "
        f"WHERE q.article_id = {article_table}.id",
    )
    figures = aggregated(
        f"{columns(CasualtyFigure, 'f', _FIGURE_FIELDS)}, {columns(Source, 's', _SOURCE_FIELDS)}",
        f"{qn(CasualtyFigure._meta.db_table)} f LEFT JOIN {source_table} s ON s.id = f.source_id "
        f"WHERE f.article_id = {article_table}.id",
    )
    # In its own scope the related list's table is the unaliased one, so the
    # published() condition applies to it; the page's article is excluded by id.
    newest = ", ".join(
        f"{article_table}.{qn(Article._meta.get_field(name).column)} DESC" for name in ("published_at", "id")
    )
    # The body only when the teaser must be computed from it.
    related_columns = columns(Article, "r", RELATED_FIELDS).replace(
        f"r.{qn('body')}", f"CASE WHEN r.{qn('teaser_plain')} = '' THEN r.{qn('body')} END"
    )
    related = aggregated(
        related_columns,
        f"(SELECT * FROM {article_table} WHERE {published} AND {article_table}.id <> %s "
        f"ORDER BY {newest} LIMIT {RELATED_COUNT}) r",
    )
    related_params = [*published_params, _PK]
    if not with_related:
        related, related_params = empty, []
    sql = (
        f"SELECT {array}({columns(Article, article_table, _ARTICLE_FIELDS)}), {tags}, {quotes}, {figures}, {related} "
        f"FROM {article_table} WHERE {article_table}.id = %s"
    )
    params = [_CONTENT_TYPE, *related_params, _PK]
    if published_only:
        sql += f" AND {published}"
        params += published_params
    return sql, params


def _published_sql():
    """Return the WHERE condition ``Article.objects.published()`` compiles to, and its parameters."""
    query = Article.objects.published().query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    # A choice (Article.Status.PUBLISHED) is a str subclass: passed as its
    # plain value, psycopg adapts it without searching its adapters for the
    # enum's class on every page (13 µs a page).
    return sql, [str(param) if isinstance(param, str) else param for param in params]


def _statement_cursor():
    """Return a cursor that lets PostgreSQL keep the page's statement prepared.

    The ORM's cursors bind parameters on the client, so PostgreSQL parses and
    plans every statement anew: for this one, with its five subqueries, that
    was most of its cost (0.7 ms of PostgreSQL CPU a page, 0.16 ms prepared).
    A server-binding cursor lets psycopg prepare it once per pooled connection
    (after ``prepare_threshold`` runs, see settings). It is wrapped like any
    Django cursor: errors, query logging and counting are the same.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


# Reading it back -----------------------------------------------------------


def _json(value):
    # psycopg decodes json columns itself; SQLite returns their text.
    return json.loads(value) if isinstance(value, str) else value


def _to_datetime(value):
    # PostgreSQL writes "2026-11-27T21:41:13.78042+00:00"; SQLite keeps UTC without an offset.
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _to_date(value):
    return None if value is None else date.fromisoformat(value)


def _to_bool(value):
    return None if value is None else bool(value)


@functools.cache
def _converters(model, names):
    """Return, per field name, the function turning its JSON value into the field's Python value."""
    converters = []
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateTimeField):
            converters.append(_to_datetime)
        elif isinstance(field, models.DateField):
            converters.append(_to_date)
        elif isinstance(field, models.BooleanField):
            converters.append(_to_bool)
        else:
            converters.append(None)
    return tuple(converters)


def _instance(model, names, values):
    """Return a ``model`` instance from the JSON ``values`` of the fields ``names``, as the ORM would load it.

    ``Model.from_db()`` goes through ``Model.__init__``: a pass over every
    field with its descriptor and two signals, a tenth of an uncached article
    page for its ten instances. Here the instance gets what ``from_db`` leaves
    on it: its values in ``__dict__`` (a field not given is deferred, as the
    ORM defers it, by being absent) and its state, loaded from this database.
    A model with ``pre_init`` or ``post_init`` receivers goes through
    ``from_db``, so that they run.
    """
    converters = _converters(model, tuple(names))
    values = [convert(value) if convert else value for convert, value in zip(converters, values, strict=True)]
    if _has_init_receivers(model):
        return model.from_db(connection.alias, names, values)
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    state = instance._state = ModelState()
    state.adding = False
    state.db = connection.alias
    return instance


def _has_init_receivers(model):
    return pre_init.has_listeners(model) or post_init.has_listeners(model)


def _related_item(values):
    """Return a related article; its body is left deferred when its teaser was stored."""
    if values[_RELATED_TEASER]:
        return _instance(Article, _RELATED_WITHOUT_BODY, values[:_RELATED_BODY] + values[_RELATED_BODY + 1 :])
    return _instance(Article, RELATED_FIELDS, values)


def _related_object(instance, name, value):
    """Attach the object a foreign key points to, as ``select_related`` does."""
    instance._meta.get_field(name).set_cached_value(instance, value)


def _prefetched(instance, name, model, objects):
    """Fill ``instance``'s prefetch cache for the relation ``name`` with ``objects``, as ``prefetch_related`` does.

    Iterating, counting or indexing the relation reads ``objects``. The page
    does nothing else with it; a further filter would find nothing rather than
    rows of other articles, since the relation's own filter is not built here
    (it costs more than the rest of the loading).
    """
    queryset = QuerySet(model=model)
    queryset.query.set_empty()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
