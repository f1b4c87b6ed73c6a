"""Search: one small interface, two engines picked by the database.

    results = search(Article.objects.published(), "défense antiaérienne")
    page = paginate(request, results)      # Paginator-friendly: count() and slices
    for article in page.object_list:
        article.search_headline, article.search_excerpt   # safe HTML, <mark> only

PostgreSQL uses its full-text search (``postgres`` module), SQLite uses FTS5
(``sqlite`` module). Each module is imported only for its own database, so
PostgreSQL-only code never loads on SQLite.

The engines know no model: ``settings.NEWSDESK_SEARCH_MODEL`` names the one
they index, which supplies

- ``search_queryset(using)``: its rows, loaded with what the next two read;
- ``search_components()``: its text as (weight, text) pairs, "A" to "D"
  (A is the title a hit shows highlighted, C and D the text its excerpt is
  cut from);
- ``search_facets()``: ``{"tags": ids, "sources": ids}``, what readers filter by;
- ``search_dependents()``: the other models whose rows it is searched with;

and whose ``Meta.get_latest_by`` is the date results are listed newest by.
Which rows readers may see is never indexed: it is the queryset a search is
given (``Article.objects.published()`` on the reader's page).
"""

import importlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import connections

from .. import query as reader_query
from ..excerpts import strip_marks

# Relevance is ranked among the most recent matches, at most this many: a
# word found in most of a million dispatches is ranked in milliseconds, and
# readers of a news archive want the recent stories first anyway; older ones
# are a date range away (du/au). It also caps the result count (25 pages of
# 20). Each ranked candidate is a document read whole, hence a cap at 500
# rather than 1,000 (measured in bench/README.md, "Search").
CANDIDATES = 500

ENGINES = {"postgresql": "search.backends.postgres", "sqlite": "search.backends.sqlite"}


class Order:
    RELEVANCE = "relevance"
    DATE = "date"


def searchable():
    """Return the model search indexes (``settings.NEWSDESK_SEARCH_MODEL``)."""
    return apps.get_model(settings.NEWSDESK_SEARCH_MODEL)


def date_field(model):
    """Return the name of the field by which ``model``'s rows are newest (its ``Meta.get_latest_by``)."""
    return model._meta.get_latest_by


def newest_first(matches, limit):
    """Return the ids of the ``limit`` newest articles of ``matches``."""
    newest = f"-{date_field(matches.model)}"
    return list(matches.order_by(newest, "-pk").values_list("pk", flat=True)[:limit])


WEIGHTS = ("A", "B", "C", "D")


@dataclass
class Entry:
    """What the engines index of one row: its text by weight, its date and its facets."""

    pk: int
    date: datetime | None
    texts: dict = field(default_factory=dict)  # {weight: text}, every weight present
    tags: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    @property
    def title(self):
        """The text a hit shows highlighted (weight A)."""
        return self.texts["A"]

    @property
    def body(self):
        """The text a hit's excerpt is cut from (weights C and D)."""
        return " ".join(text for text in (self.texts["C"], self.texts["D"]) if text)


def entries(ids, using):
    """Yield the :class:`Entry` of each of the searchable rows ``ids`` that exists, as its model states it.

    The engines' marks are removed from the text (no text may forge a
    highlight) and accents composed (one character per letter, as the
    stemmers expect).
    """
    model = searchable()
    date = date_field(model)
    for row in model.search_queryset(using).filter(pk__in=ids):
        texts = {weight: [] for weight in WEIGHTS}
        for weight, text in row.search_components():
            if weight not in texts:
                raise ValueError(f"{model.__name__}.search_components(): unknown weight {weight!r}, not one of A-D.")
            if text:
                texts[weight].append(unicodedata.normalize("NFC", strip_marks(text)))
        facets = row.search_facets()
        yield Entry(
            pk=row.pk,
            date=getattr(row, date),
            texts={weight: " ".join(parts) for weight, parts in texts.items()},
            tags=list(facets.get("tags", ())),
            sources=list(facets.get("sources", ())),
        )


def engine(using="default"):
    """Return the engine module for the database ``using``."""
    vendor = connections[using].vendor
    try:
        return importlib.import_module(ENGINES[vendor])
    except KeyError:
        raise NotImplementedError(f"Newsdesk search supports PostgreSQL and SQLite, not {vendor}.") from None


class Candidates(list):
    """The ids of the recent matches, newest first; ``ranks`` ({id: relevance}) when the engine read them too."""

    ranks = None

    def __getitem__(self, key):
        if isinstance(key, slice):
            part = Candidates(super().__getitem__(key))
            part.ranks = self.ranks
            return part
        return super().__getitem__(key)


@dataclass(frozen=True)
class Narrowing:
    """The reader's filters on the published articles, told to the engine with the queryset.

    Passing one says that the queryset is ``visible`` narrowed by exactly
    these filters (as the reader's form builds it): an engine that indexes
    these facets may then filter by them in its index and check its matches
    against ``visible`` only, not against the filters again. Without one,
    every match is checked against the queryset. None means "not filtered
    by this"; an empty tuple finds nothing.
    """

    tag_ids: tuple | None = None
    source_ids: tuple | None = None
    since: datetime | None = None
    until: datetime | None = None
    # The queryset these filters narrow (what readers may see): a match the
    # index finds within the filters is checked against it alone. None: the
    # queryset searched.
    visible: object = None

    def visible_of(self, queryset):
        """Return the queryset the filters narrow, ``queryset`` when none was told."""
        return queryset if self.visible is None else self.visible


def search(queryset, text, *, order=Order.RELEVANCE, narrowing=None):
    """Return the :class:`Results` of ``text`` among ``queryset``, best first.

    An empty or unsearchable text (only stop words, only exclusions) finds
    nothing: it never lists the whole archive. ``narrowing`` repeats the
    filters already applied to ``queryset`` (see :class:`Narrowing`). Shown
    rows are read through ``queryset``; with a narrowing, through its
    ``visible`` queryset (their visibility checked again, the narrowing's
    filters already applied to the ids by the engine), because SQLite
    re-applying a tag filter to 20 rows cost more than the rest of the page
    (bench/README.md, "Search").
    """
    return Results(queryset, reader_query.clean(text), order, narrowing)


def filter_matches(queryset, text):
    """Return ``queryset`` narrowed to every article matching ``text``, unranked."""
    matches = engine(queryset.db).matching(queryset, reader_query.clean(text))
    return queryset.none() if matches is None else matches


# The admin lists at most this many matches, the newest: a common word in a
# million articles would otherwise be counted, dated and sorted whole for
# every page of the change list (seconds, measured at a million).
ADMIN_MATCHES = 1000


def admin_matches(queryset, text):
    """Return ``queryset`` narrowed to the newest :data:`ADMIN_MATCHES` articles matching ``text`` (any status)."""
    matches = engine(queryset.db).newest_matches(queryset, reader_query.clean(text), ADMIN_MATCHES)
    return queryset.none() if matches is None else matches


class Results:
    """The ranked matches of one search, read one page at a time.

    ``count()`` reads the ids of the recent matches (on PostgreSQL two
    queries: the reader's words, then the index, once more for each widening
    of the window, at most three; the table's statistics once a minute);
    a page is three more (ranking, the rows with their highlights, their
    tags; four on SQLite, for the highlights), whatever its length. On
    PostgreSQL with a :class:`Narrowing` the ranks come with the ids, and a
    page is two.
    """

    def __init__(self, queryset, text, order, narrowing):
        self.queryset = queryset
        self.text = text
        self.order = order
        self.narrowing = narrowing
        self.engine = engine(queryset.db)
        self.matches = self.engine.matching(queryset, text) if text else None
        self._ids = None

    def recent_ids(self):
        """Return the ids of the most recent matches, newest first, at most :data:`CANDIDATES`.

        Read once per search: the count, the ranking and date-ordered pages
        all start from this list.
        """
        if self._ids is None:
            self._ids = []
            if self.matches is not None:
                # One more than the cap tells "500" from "more than 500".
                self._ids = self.engine.recent_ids(
                    self.queryset,
                    self.matches,
                    self.text,
                    CANDIDATES + 1,
                    self.narrowing,
                    ranked=self.order == Order.RELEVANCE,
                )
        return self._ids

    def count(self):
        """Return how many articles match, up to :data:`CANDIDATES`."""
        return min(len(self.recent_ids()), CANDIDATES)

    def __len__(self):
        return self.count()

    @property
    def capped(self):
        """True when the count stopped at the cap: there may be more, older matches."""
        return len(self.recent_ids()) > CANDIDATES

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("Results are read by slices, one page at a time.")
        candidates = self.recent_ids()[:CANDIDATES]
        start, stop = key.start or 0, min(key.stop if key.stop is not None else len(candidates), len(candidates))
        if start >= stop:
            return []
        if self.order == Order.DATE:
            ids = candidates[start:stop]
        else:
            ids = self.engine.ranked_ids(self.queryset, candidates, self.text, start, stop - start)
        shown = self.queryset
        if self.narrowing is not None:
            shown = self.narrowing.visible_of(self.queryset)
        rows = list(self.engine.highlighted(shown.filter(pk__in=ids).with_tags(), self.text))
        by_id = {article.pk: article for article in rows}
        return [by_id[pk] for pk in ids if pk in by_id]

    def suggestion(self):
        """Return a close spelling of the text that would find something, or None."""
        if not self.text:
            return None
        words = [w for w in dict.fromkeys(reader_query.parse(self.text).positive_words()) if len(w) >= 3]
        replacements = self.engine.close_words(words[:MAX_CORRECTED_WORDS], using=self.queryset.db)
        if not replacements:
            return None
        corrected = WORD_RE.sub(lambda m: same_case(m[0], replacements.get(reader_query.fold(m[0]))), self.text)
        matches = self.engine.matching(self.queryset, corrected)
        if corrected == self.text or matches is None or not matches.exists():
            return None
        return corrected


WORD_RE = re.compile(r"\w+")


def same_case(typed, replacement):
    """Return ``replacement`` (a lower-case indexed word) cased as the reader typed ``typed``: Idlib → Idleb."""
    if replacement is None:
        return typed
    if typed.isupper() and len(typed) > 1:
        return replacement.upper()
    if typed[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# A suggestion looks at no more words than this, so its cost stays bounded.
MAX_CORRECTED_WORDS = 5


def index(article_ids, *, using="default"):
    """Bring the index of these articles up to date with their text, quotes, sources and tags."""
    article_ids = sorted(set(article_ids))
    if article_ids:
        engine(using).index(article_ids, using=using)


def unindex(article_ids, *, using="default"):
    """Remove these articles from the index (they were deleted)."""
    article_ids = sorted(set(article_ids))
    if article_ids:
        engine(using).unindex(article_ids, using=using)


def rebuild(*, using="default", batch_size=5000, progress=None, start=None, stop=None):
    """Rebuild the index from the articles; return how many were indexed.

    ``start`` and ``stop`` (article ids) limit it to a range, to resume an
    interrupted rebuild or to split a large one between workers.
    """
    return engine(using).rebuild(using=using, batch_size=batch_size, progress=progress, start=start, stop=stop)
