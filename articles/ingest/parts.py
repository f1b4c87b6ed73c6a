"""Newsdesk's own ninjs ingested again: the same article, with its quotes and tolls.

An export of a story written here has our page as its ``uri`` and no wire id:
it is recognised by that address (on one of our hosts) and never becomes a
second article. An export of a dispatch carries the agency's id in its
``altIds``, so it meets the same article by wire id; in a database that lacks
the article (another instance, a restore), the quotes and tolls of its
associations are created with it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from articles.models import Article, CasualtyFigure, Quote, Source

from .item import IngestError, parse_wire_datetime

ARTICLE_ROUTES = {"articles:detail", "articles:detail_short"}
MAX_COUNT = 10_000_000


def own_article(item):
    """Return the article of ours whose page ``item`` came from, None when it is no page of ours."""
    address = urlsplit(item.own_uri or item.wire_id)
    if address.scheme not in ("http", "https") or not validate_host(address.hostname or "", settings.ALLOWED_HOSTS):
        return None
    try:
        match = resolve(address.path)
    except Resolver404:
        return None
    if match.view_name not in ARTICLE_ROUTES:
        return None
    return Article.objects.filter(pk=match.kwargs["pk"]).first()


def add_parts(article, item):
    """Create the item's quotes and tolls on the new ``article``; raise IngestError on one that is unusable."""
    for quote in item.quotes:
        Quote.objects.create(
            article=article,
            source=_source(quote["source"]) or _refuse(_("citation sans source dans les associations")),
            text=_limited(quote["text"], 5000, _("citation")),
            context=_limited(quote["context"], 300, _("contexte de citation")),
            position=min(quote["position"], 32767),
            featured=quote["featured"],
        )
    created = {}
    for toll in item.tolls:
        created[toll["uri"]] = (_toll(article, toll), toll["supersedes"])
    # Links last: a toll may revise one listed after it.
    for figure, supersedes in created.values():
        if supersedes:
            older = created.get(supersedes)
            if older is None:
                raise IngestError(
                    _("bilan remplacé introuvable dans les associations : %(uri)s") % {"uri": supersedes[:80]}
                )
            figure.supersedes = older[0]
            figure.save(update_fields=["supersedes"])


def _toll(article, toll):
    choices = {
        "outcome": CasualtyFigure.Outcome.values,
        "qualifier": CasualtyFigure.Qualifier.values,
        "victim-category": CasualtyFigure.VictimCategory.values,
    }
    for key, allowed in choices.items():
        if toll[key] not in allowed:
            raise IngestError(
                _("bilan illisible dans les associations : %(key)s « %(value)s »")
                % {"key": key, "value": toll[key][:30]}
            )
    count, count_max = _count(toll["count"]), _count(toll["count-max"]) if toll["count-max"] else None
    if count is None or (toll["count-max"] and count_max is None):
        raise IngestError(
            _("bilan illisible dans les associations : nombre « %(value)s »") % {"value": toll["count"][:20]}
        )
    occurred = parse_date(toll["occurred-on"]) if toll["occurred-on"] else None
    reported = parse_wire_datetime(toll["reported_at"], what="versionCreated", strict=False)
    figure = CasualtyFigure(
        article=article,
        outcome=toll["outcome"],
        count=count,
        qualifier=toll["qualifier"],
        count_max=count_max,
        victims=_limited(toll["victims"], 200, _("victimes")),
        victims_singular=_limited(toll["victims-singular"], 200, _("victimes")),
        victims_feminine=toll["victims-feminine"] == "true",
        victim_category=toll["victim-category"],
        country=_limited(toll["country"], 100, _("pays")),
        location=_limited(toll["location"], 200, _("lieu")),
        occurred_on=occurred,
        source=_source(toll["source"]),
    )
    if reported:
        figure.reported_at = reported
    figure.save()
    return figure


def _count(text):
    if not (text.isascii() and text.isdigit()) or len(text) > 8:
        return None
    number = int(text)
    return number if number <= MAX_COUNT else None


def _source(source):
    """Return our source of that page (by slug), or one created with the name the document gives."""
    if not source or not (source["slug"] or source["name"]):
        return None
    if source["slug"]:
        found = Source.objects.filter(slug=source["slug"][:200]).first()
        if found is not None:
            return found
    name = _limited(source["name"] or source["slug"], 200, _("source"))
    return Source.objects.filter(name=name, role="").first() or Source.objects.create(
        name=name, slug=source["slug"][:200]
    )


def _limited(text, limit, label):
    if len(text) > limit:
        raise IngestError(
            _("« %(field)s » trop long dans les associations : %(size)d caractères (maximum %(maximum)d)")
            % {"field": label, "size": len(text), "maximum": limit}
        )
    return text


def _refuse(message):
    raise IngestError(message)
