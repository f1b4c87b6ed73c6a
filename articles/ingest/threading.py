"""Stories thread themselves: a new dispatch joins the story of the one the agency says it follows, else
of one sharing its slugline within 72 hours.

Versions of a dispatch are one article (the importer finds it by wire id);
this is about new dispatches. The story is created the first time two
dispatches meet, named from the slugline, and the desk may rename it.
"""

import re
import unicodedata
from datetime import timedelta

from django.db.models import DateTimeField, F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Story

WINDOW = timedelta(hours=72)
# What ends a slugline without naming another event: AP's ",1st Ld-Writethru", a lead or
# update count, "URGENT"… ("Syrie-Turquie-2" and "SYRIE-TURQUIE" are one story).
_AFTER_COMMA_RE = re.compile(r",.*$")
MARKERS = frozenset("urgent flash lead ld update upd writethru new suite bulletin advisory corr correction".split())


def slugline_key(slugline):
    """Return the slugline as compared between dispatches: lower case, no accents, words joined by "-"."""
    text = unicodedata.normalize("NFKD", _AFTER_COMMA_RE.sub("", slugline or "")).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    while words and (words[-1].isdigit() or words[-1] in MARKERS or re.fullmatch(r"\d+(?:st|nd|rd|th)", words[-1])):
        words.pop()
    return "-".join(words)[:200]


def story_title(slugline):
    """Return a story's title from the slugline as sent: "Syrie-Turquie-soldats" → "Syrie Turquie soldats"."""
    words = [word for word in re.split(r"[-_/\s]+", _AFTER_COMMA_RE.sub("", slugline)) if word]
    return " ".join(words)[:300]


def join_story(article, item):
    """Put ``article`` (just stored from ``item``) into its story; return the story it joined now, else None.

    An article already in a story stays there: the desk may have chosen it.
    """
    if article.story_id:
        return None
    earlier = _linked(article, item) or _same_slugline(article)
    if earlier is None:
        return None
    story = earlier.story
    if story is None:
        story = _new_story(earlier, article)
        earlier.story = story
        earlier.save(update_fields=["story", "modified"])
    article.story = story
    article.save(update_fields=["story", "modified"])
    return story


def _linked(article, item):
    """Return the earlier dispatch the agency links this one to, None when it names none we have."""
    if not item.links:
        return None
    return Article.objects.filter(wire_id__in=item.links).exclude(pk=article.pk).order_by("-pk").first()


def _same_slugline(article):
    """Return the newest other dispatch of the same slugline sent within 72 hours of this one, else None."""
    if not article.wire_slugline_key:
        return None
    sent = Coalesce("wire_version_created", "wire_first_created", "created", output_field=DateTimeField())
    moment = article.agency_time or article.created or timezone.now()
    return (
        Article.objects.filter(wire_slugline_key=article.wire_slugline_key)
        .exclude(pk=article.pk)
        .exclude(status=Article.Status.WITHDRAWN)
        .annotate(sent=sent)
        .filter(sent__gte=moment - WINDOW, sent__lte=moment + WINDOW)
        .order_by(F("story_id").desc(nulls_last=True), "-sent", "-pk")
        .first()
    )


def _new_story(earlier, article):
    """Create the story of two dispatches, named from their slugline (else the earlier one's headline)."""
    title = story_title(earlier.wire_slugline or article.wire_slugline) or earlier.headline[:300]
    base = slugify(title)[:190] or "dossier"
    slug, number = base, 1
    while Story.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Story.objects.create(title=title, slug=slug)
