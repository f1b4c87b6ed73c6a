"""Agency tolls recorded as the copy is published (``ingest --record-tolls``).

For copy the desk has not edited, each toll read in it that names a source
becomes a CasualtyFigure at once, marked as read from the agency's copy and
awaiting an editor's review (readers see it meanwhile). It revises the
current figure of the same outcome and victims in the article or its story,
and is dated by the agency's time of the version that carried it
(versionCreated, else firstCreated), never by the import's. Never recorded:

- a figure older than the one it would revise (a late dispatch, sent before);
- the same figure again (the next version repeats the toll);
- an earlier figure quoted as such ("un précédent bilan faisait état de 22
  morts") as a new current one: it only starts the chain when nothing came before.

The tolls are read by the extraction assistant, named by the
NEWSDESK_TOLL_READER setting (articles does not import the app that reads it);
``read_tolls`` is the one call to it.
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.text import slugify

from articles.models import Article, CasualtyFigure, Source
from articles.teaser import html_to_text
from articles.tolls import victims_key

from . import versions

logger = logging.getLogger(__name__)

# "un nouveau bilan des …", "le dernier bilan officiel du …": the toll, then who gave it.
ANNOUNCEMENT_RE = re.compile(
    r"(?i)(?:un|le|ce|leur)\s+(?:(?:nouveau|dernier|premier|précédent)\s+)?bilan\s+"
    r"(?:(?:officiel|provisoire|actualisé)\s+)?(?:(?:publié|communiqué|fourni|donné)\s+(?:par\s+)?)?"
    r"(?P<of>des\s+|du\s+|de\s+la\s+|de\s+l'|d'|les\s+|le\s+|la\s+|l')"
)
BARE_ANNOUNCEMENT_RE = re.compile(r"(?i)(?:un|le|ce|leur)\s+(?:\w+\s+){0,2}bilan\b")
CONTRACTIONS = {"des ": "les ", "du ": "le ", "de la ": "la ", "de l'": "l'", "d'": "", "les ": "les ", "le ": "le "}
CONTRACTIONS |= {"la ": "la ", "l'": "l'"}
VICTIMS = CasualtyFigure._meta.get_field("victims").max_length
SOURCE_NAME = Source._meta.get_field("name").max_length
# How a new source's kind is guessed from its words; a person otherwise.
SOURCE_KINDS = (
    (re.compile(r"(?i)\b(?:autorit|gouvernement|minist|préfecture|government|authorit|ministry)"), "government"),
    (re.compile(r"(?i)\b(?:arm[ée]e|militaire|army|military|forces)\b"), "military"),
    (
        re.compile(r"(?i)^(?:les?|la|l'|the)\s|\b(?:ONG|ONU|UN|OMS|WHO|Croix-Rouge|Red Cross|Observatoire)\b"),
        "organisation",
    ),
)


@dataclass(frozen=True)
class TollReading:
    """The copy of one stored version, kept to read its tolls once its chunk is committed."""

    article_id: int
    text: str
    # The agency's time of the version (versionCreated, else firstCreated).
    reported_at: datetime


def reading_of(article, item):
    """Return the TollReading of the version of ``item`` just stored in ``article``, None without an agency time."""
    reported_at = item.version_created or item.first_created or article.agency_time
    if reported_at is None:
        return None  # dated by the import's clock it would be wrong: the assistant suggests instead
    parts = [article.standfirst, html_to_text(article.body)] if article.body else [article.headline]
    return TollReading(article.pk, "\n\n".join(part for part in parts if part), reported_at)


@cache
def _reader():
    return import_string(settings.NEWSDESK_TOLL_READER)


def read_tolls(text):
    """Return the tolls the extraction assistant reads in ``text``: objects with outcome, count, count_max,
    qualifier, victims, source (the words naming it) and sentence. The one call to the assistant."""
    return _reader()(text)


def record(readings):
    """Record the sourced tolls of each reading, in order; return {article id: figures recorded}.

    The copy is read first, then every figure is written in one transaction
    (what other apps do on commit, search indexing and page-cache purges,
    then happens once), each reading in a savepoint of its own: a failure is
    logged and costs that reading only, and the dispatch stays imported.
    """
    recorded = Counter()
    read = []
    for reading in filter(None, readings):
        try:
            read.append((reading, read_tolls(reading.text)))
        except Exception:
            logger.exception("tolls of article %s not read", reading.article_id)
    if not any(tolls for _reading, tolls in read):
        return recorded
    with transaction.atomic():
        for reading, tolls in read:
            try:
                with transaction.atomic():
                    recorded[reading.article_id] += _record_reading(reading, tolls)
            except Exception:
                logger.exception("tolls of article %s not recorded", reading.article_id)
    return recorded


def _record_reading(reading, tolls):
    """Record the reading's tolls in its article; return how many figures were created."""
    article = Article.objects.select_for_update(no_key=True).filter(pk=reading.article_id).first()
    if article is None or article.status == Article.Status.WITHDRAWN or versions.desk_edited(article):
        return 0
    current, earlier = _by_chain(tolls)
    created = 0
    for key, toll in current.items():
        if source_words(toll.source):
            created += _record_chain(article, toll, earlier.get(key, []), reading.reported_at)
    # An earlier figure with no current one beside it: the story's history, if it lacks it.
    for key in earlier.keys() - current.keys():
        sourced = [toll for toll in earlier[key] if source_words(toll.source)]
        if sourced:
            created += _record_chain(article, None, sourced, reading.reported_at)
    return created


def _by_chain(tolls):
    """Return ({chain: current toll}, {chain: [earlier tolls]}) of one copy, a chain being (outcome, victims).

    A toll the copy repeats (headline, standfirst, body) counts once: its
    first mention. An earlier figure ("un précédent bilan faisait état de 9
    morts") belongs to the current toll of its outcome whose victims it
    names in fewer words ("morts", "soldats" for "soldats turcs").
    """
    current, earlier = {}, {}
    for toll in tolls:
        if not is_earlier(toll):
            current.setdefault((toll.outcome, victims_key(toll.victims)), toll)
    for toll in tolls:
        if is_earlier(toll):
            earlier.setdefault(_chain_of(toll, current), []).append(toll)
    return current, earlier


def is_earlier(toll):
    """Return True when the copy gives ``toll`` as an earlier figure: "un précédent bilan faisait état de 22 morts".

    The assistant reads it so (extraction's ``Toll.earlier``): one rule for what it suggests and what is recorded.
    """
    return toll.earlier


def _chain_of(toll, current):
    """Return the key of the current chain an earlier ``toll`` belongs to, else its own."""
    key = (toll.outcome, victims_key(toll.victims))
    if key in current:
        return key
    words = set(key[1].split())
    for outcome, victims in current:
        if outcome == toll.outcome and words <= set(victims.split()):
            return outcome, victims
    return key


def _record_chain(article, toll, earlier, reported_at):
    """Record ``toll`` (None: none) after the copy's ``earlier`` figures, each revising the chain's current one.

    An earlier figure goes into the history only when the history lacks it
    (the version that carried it was never received), and never after a newer one.
    """
    created = 0
    first = toll or earlier[0]
    revised = article.figure_to_revise(first.outcome, first.victims)
    if revised is not None and revised.reported_at > reported_at:
        return 0  # the story already holds a newer figure: an older one never revises it
    known = _counts(revised)
    for old in earlier:
        if old.count not in known and (toll is None or old.count != toll.count):
            revised = _create(article, old, revised, reported_at, attributed=toll or old)
            known.add(old.count)
            created += 1
    if toll is None or revised is not None and _same(revised, toll):
        return created
    _create(article, toll, revised, reported_at)
    return created + 1


def _counts(figure):
    """Return the counts of the chain ending with ``figure`` (none for None)."""
    counts = set()
    while figure is not None:
        counts.add(figure.count)
        figure = figure.supersedes
    return counts


def _same(figure, toll):
    return (figure.count, figure.count_max, figure.qualifier) == (toll.count, toll.count_max, toll.qualifier)


def _create(article, toll, revised, reported_at, *, attributed=None):
    """Create the figure of ``toll`` in ``article``, revising ``revised``; return it.

    Its source is ``attributed``'s (by default its own): an earlier figure the copy quotes takes the current one's.
    """
    attributed = attributed or toll
    return CasualtyFigure.objects.create(
        article=article,
        outcome=toll.outcome,
        count=toll.count,
        count_max=toll.count_max if toll.count_max and toll.count_max > toll.count else None,
        qualifier=toll.qualifier,
        # An earlier figure the copy quotes shortly ("9 morts") is of the same victims as the current one.
        victims=(attributed.victims if attributed is not toll else toll.victims)[:VICTIMS],
        source=getattr(attributed, "matched", None) or source_named(attributed.source),
        reported_at=reported_at,
        supersedes=revised,
        from_wire=True,
        awaiting_review=True,
    )


def source_words(words):
    """Return who the words name, without the toll they announce: "un nouveau bilan des autorités turques" →
    "les autorités turques"."""
    words = " ".join(words.split())
    match = ANNOUNCEMENT_RE.match(words)
    if not match:
        # "un bilan officiel publié" names the toll, not who gave it: no source.
        return "" if BARE_ANNOUNCEMENT_RE.match(words) else words
    rest = words[match.end() :]
    return f"{CONTRACTIONS[match.group('of').lower()]}{rest}" if rest else words


def source_named(words):
    """Return the Source ``words`` name ("les autorités turques"): the one of that name, else a new one."""
    name = source_words(words)[:SOURCE_NAME]
    found = Source.objects.filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return found
    kind = next((kind for pattern, kind in SOURCE_KINDS if pattern.search(name)), Source.Kind.PERSON)
    slug = base = slugify(name)[:190] or "source"
    number = 1
    while Source.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Source.objects.create(name=name, kind=kind, slug=slug)
