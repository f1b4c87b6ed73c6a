"""Load the demo desk: sources, dispatches in their sections and stories, quotes, tolls, the front's lead
stories and two demo accounts.

For development and demonstrations only: the accounts have a public
password. Loading twice updates the demo in place and never duplicates it;
quotes and figures an editor has added to a demo article are left alone.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from images.models import Image

from . import demo_pictures
from .demo_content import ARTICLES, FRONT, SOURCES, STORIES
from .models import Article, CasualtyFigure, FrontSlot, Quote, Section, Source, Story

# Every demo dispatch's wire id starts with this: it is how a second load,
# and ``load_demo --once``, recognise the demo.
WIRE_PREFIX = "newsdesk-demo:"
PASSWORD = "newsdesk-demo"
# Sent at the end of ``load(now=…)``: apps above this one add their demo (live coverage) to the desk.
loaded = Signal()
# (username, group, first name, last name)
ACCOUNTS = [
    ("editrice", "Éditeurs", "Élise", "Marchal"),
    ("redacteur", "Rédacteurs", "Romain", "Dufresne"),
]

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_BEFORE_HIGH_PUNCTUATION = re.compile(r" ([:%»])")
_BEFORE_LOW_PUNCTUATION = re.compile(r" ([;!?])")


@dataclass
class LoadResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    new_accounts: list = field(default_factory=list)


def is_loaded():
    """Return True when the demo dispatches are in the database."""
    return Article.objects.filter(wire_id__startswith=WIRE_PREFIX).exists()


def typeset(text):
    """Return ``text`` with French no-break spaces inside « » and before : ; ! ? %."""
    text = text.replace("« ", "«" + NBSP)
    text = _BEFORE_HIGH_PUNCTUATION.sub(NBSP + r"\1", text)
    return _BEFORE_LOW_PUNCTUATION.sub(NARROW_NBSP + r"\1", text)


@transaction.atomic
def load(*, now=None):
    """Create or refresh the demo desk; return what was created and updated.

    Publication times are set relative to ``now`` (default: this instant),
    so a fresh load always has a scheduled item still in the future.
    """
    now = now or timezone.now()
    result = LoadResult()
    accounts = _accounts(result)
    sources = {slug: _source(slug, data) for slug, data in SOURCES.items()}
    stories = {
        slug: Story.objects.get_or_create(slug=slug, defaults={"title": title})[0] for slug, title in STORIES.items()
    }
    for data in ARTICLES:
        article, created = _article(data, now=now, accounts=accounts, stories=stories)
        (result.created if created else result.updated).append(article)
        _quotes(article, data.get("quotes", []), sources)
        _figures(article, data, sources, now=now)
        _picture(article)
    _front()
    loaded.send(sender=load, now=now)
    return result


def _section(slug):
    """Return the section of that slug: migration 0012 seeds them; an editor may have removed one since."""
    if slug is None:
        return None
    return Section.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})[0]


def _front():
    """Put the demo's lead stories "À la une" when the front has none: an editor's choice is left alone."""
    if FrontSlot.objects.exists():
        return
    for position, key in enumerate(FRONT, start=1):
        FrontSlot.objects.create(article=Article.objects.get(wire_id=WIRE_PREFIX + key), position=position)


def _picture(article):
    """Give a demo article its drawn photo, once: a photo an editor has chosen instead is left alone."""
    key = article.wire_id.removeprefix(WIRE_PREFIX)
    if key not in demo_pictures.PICTURES or article.image_id:
        return
    draw, alt_text, caption = demo_pictures.PICTURES[key]
    wire_id = f"{WIRE_PREFIX}photo:{key}"
    image = Image.objects.filter(wire_id=wire_id).first()
    if image is None:
        image = Image(wire_id=wire_id, alt_text=alt_text, caption=caption, credit=demo_pictures.CREDIT)
        image.set_original(demo_pictures.jpeg(draw()), f"{key}.jpg")
        image.save()
        # A command, not a request: the demo's photos show at once, without waiting for the worker.
        image.make_renditions()
    article.image = image
    article.save(update_fields=["image", "modified"])


def _hours_before(now, hours):
    return now - timedelta(hours=hours)


def _accounts(result):
    """Return the demo accounts by username, creating the missing ones."""
    User = get_user_model()
    accounts = {}
    for username, group_name, first_name, last_name in ACCOUNTS:
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist as exc:
            raise ImproperlyConfigured(
                f"Le groupe « {group_name} » est absent : lancez d'abord « manage.py migrate »."
            ) from exc
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_staff": True},
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            result.new_accounts.append(user)
        user.groups.add(group)
        accounts[username] = user
    return accounts


def _source(slug, data):
    defaults = {"name": "", "role": "", "organisation": "", "gender": "m", "country": "", **data}
    source, _ = Source.objects.update_or_create(slug=slug, defaults=defaults)
    return source


def _article(data, *, now, accounts, stories):
    status = data.get("status", Article.Status.PUBLISHED)
    published = data.get("published")
    updated = data.get("updated")
    author = accounts[data.get("author", "editrice")]
    fields = {
        "headline": typeset(data["headline"]),
        "slug": data["key"],
        "standfirst": typeset(data.get("standfirst", "")),
        "body": "\n\n".join(typeset(paragraph) for paragraph in data["body"]),
        "dateline": data["dateline"],
        "agency": data["agency"],
        "language": "fr",
        "status": status,
        "published_at": None if published is None else _hours_before(now, published),
        "updated_at": None if updated is None else _hours_before(now, updated),
        "urgency": data["urgency"],
        "correction": typeset(data.get("correction", "")),
        "wire_version": 1,
        "updated_by": author,
        "section": _section(data.get("section")),
    }
    if data.get("story"):
        # A dispatch the demo leaves out of a story keeps the one given since (the live coverage's).
        fields["story"] = stories[data["story"]]
    article, created = Article.objects.update_or_create(
        wire_id=WIRE_PREFIX + data["key"], defaults=fields, create_defaults={**fields, "created_by": author}
    )
    article.tags.set(data["tags"])
    return article, created


def _refresh_or_skip(existing, wanted, make):
    """Create the rows the first time, update them in place on a new load.

    When their number no longer matches the demo's, someone has worked on
    the article: its rows are left as they are.
    """
    if not existing:
        return [make(None, values) for values in wanted]
    if len(existing) == len(wanted):
        return [make(row, values) for row, values in zip(existing, wanted, strict=True)]
    return existing


def _save(model, row, values):
    row = row or model()
    for name, value in values.items():
        setattr(row, name, value)
    # The database constraints check every value; no full_clean() needed.
    row.save()
    return row


def _quotes(article, quotes, sources):
    wanted = [
        {
            "article": article,
            "source": sources[source],
            "text": typeset(text),
            "context": context,
            "position": position,
            "featured": featured,
        }
        for position, (source, text, context, featured) in enumerate(quotes, start=1)
    ]
    existing = list(article.quotes.order_by("position", "id"))
    _refresh_or_skip(existing, wanted, lambda row, values: _save(Quote, row, values))


def _figures(article, data, sources, *, now):
    """Create or refresh the article's tolls, each figure revising the one before it."""
    defaults = data.get("figure_defaults", {})
    wanted = []
    for chain in data.get("figures", []):
        for position, figure in enumerate(chain):
            values = {**defaults, **figure}
            wanted.append(
                {
                    "article": article,
                    "outcome": values["outcome"],
                    "count": values["count"],
                    "qualifier": values.get("qualifier", CasualtyFigure.Qualifier.EXACT),
                    "count_max": values.get("count_max"),
                    "victims": values.get("victims", ""),
                    "victims_feminine": values.get("victims_feminine", False),
                    "victim_category": values["victim_category"],
                    "country": values.get("country", ""),
                    "location": values.get("location", ""),
                    "occurred_on": timezone.localdate(_hours_before(now, values["occurred"])),
                    "source": sources[values["source"]],
                    "reported_at": _hours_before(now, values["reported"]),
                    # Filled in as the chain is saved: the figure just before.
                    "revises_previous": position > 0,
                }
            )
    existing = list(article.casualty_figures.order_by("id"))
    previous = None

    def save(row, values):
        nonlocal previous
        values = dict(values)
        values["supersedes"] = previous if values.pop("revises_previous") else None
        previous = _save(CasualtyFigure, row, values)
        return previous

    _refresh_or_skip(existing, wanted, save)
