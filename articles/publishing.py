"""Publishing actions that change articles together, each in one transaction, and the attribution gate."""

import re

import reversion
from django.db import transaction
from django.utils import timezone

from . import french
from .models import Article, CasualtyFigure

# What a headline may call a toll: the number must sit next to one of these.
_TOLL_WORDS = (
    r"morts?|tu[ée]e?s?|bless[ée]e?s?|disparu(?:e|s|es)?|d[ée]plac[ée]e?s?|d[ée]tenu(?:e|s|es)?"
    r"|victimes?|personnes?|civils?|soldats?|militaires?|enfants?|femmes?|hommes?|habitants?|pompiers?|policiers?"
)
_WORD_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "cent": 100,
}  # fmt: skip
_NUMBER = r"\d{1,3}(?:[\s\u00a0\u202f.]\d{3})+|\d+|" + "|".join(_WORD_NUMBERS)
# "29 morts", "au moins 29 soldats turcs tués", "trois pompiers blessés": a
# number followed, within two words, by a toll word.
_HEADLINE_TOLL_RE = re.compile(
    rf"(?<![\w,.])({_NUMBER})(?![\w,])(?:\s+[\w'’-]+){{0,2}}?\s+(?:{_TOLL_WORDS})\b", re.IGNORECASE
)


@transaction.atomic
def publish_now(queryset, *, user=None):
    """Publish the articles of ``queryset``; return those that changed.

    "Now" never breaks an embargo: an article whose time is still to come
    is published for that time (scheduled). To bring it forward, an editor
    changes its time. Every other article is published at this instant.
    """
    now = timezone.now()
    changed = []
    for article in queryset.select_for_update():
        embargoed = article.published_at is not None and article.published_at > now
        if article.status == Article.Status.PUBLISHED:
            continue  # already visible, or already scheduled for its embargo
        article.status = Article.Status.PUBLISHED
        if not embargoed:
            article.published_at = now
        article.updated_by = user
        article.save(update_fields=["status", "published_at", "updated_by", "modified"])
        changed.append(article)
    return changed


@transaction.atomic
def withdraw(queryset, *, user=None):
    """Withdraw the articles of ``queryset`` from readers; return those that changed."""
    changed = []
    for article in queryset.select_for_update().exclude(status=Article.Status.WITHDRAWN):
        article.status = Article.Status.WITHDRAWN
        article.updated_by = user
        article.save(update_fields=["status", "updated_by", "modified"])
        changed.append(article)
    return changed


def mark_updated(article, *, user=None):
    """Record a significant update: readers see "Mis à jour le …" with this time."""
    article.updated_at = timezone.now()
    article.updated_by = user
    article.save(update_fields=["updated_at", "updated_by", "modified"])


def headline_toll_numbers(headline):
    """Return the numbers that ``headline`` gives as a toll ("29 morts" gives 29), in order."""
    numbers = []
    for match in _HEADLINE_TOLL_RE.finditer(headline or ""):
        word = match.group(1).lower()
        numbers.append(_WORD_NUMBERS[word] if word in _WORD_NUMBERS else int(re.sub(r"\D", "", word)))
    return numbers


def headline_toll_mismatch(headline, current_figures):
    """Return the headline's toll numbers that no current figure gives, or [] when they agree.

    A figure gives its count, or either end of its range. A headline with no
    toll in it, or an article with no toll, never disagrees.
    """
    figures = list(current_figures)
    if not figures:
        return []
    given = {n for figure in figures for n in (figure.count, figure.count_max) if n is not None}
    return [n for n in headline_toll_numbers(headline) if n not in given]


def headline_with_toll(headline, old, new):
    """Return ``headline`` with its toll number ``old`` written as ``new`` ("29 morts" → "33 morts").

    Only a number the headline gives as a toll changes, in the headline's own
    form (digits stay digits, a number in words becomes digits).
    """
    pieces, end = [], 0
    for match in _HEADLINE_TOLL_RE.finditer(headline or ""):
        if headline_toll_numbers(match.group(0)) == [old]:
            pieces += [headline[end : match.start(1)], french.format_number(new)]
            end = match.end(1)
    return "".join(pieces) + headline[end:]


def unattributed(queryset):
    """Return the articles of ``queryset`` with a toll that names no source: they may not be published."""
    return queryset.filter(pk__in=CasualtyFigure.objects.filter(source__isnull=True).values("article_id"))


def missing_alt_text(queryset):
    """Return the articles of ``queryset`` whose photo has no alt text: they may not be published."""
    return queryset.filter(image__isnull=False, image__alt_text="")


def withdraw_with_reason(queryset, *, user, reason):
    """Withdraw the articles of ``queryset`` and record ``reason`` as the revision's comment; return those withdrawn."""
    with reversion.create_revision():
        done = withdraw(queryset, user=user)
        for article in done:
            reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(reason)
    return done
