"""{% teaser_card article %}, {% tag_links tags %} and |isotime: list and search-result items, built in Python.

Every article page prints five teaser cards, and the lists print twenty: as
included templates each card was some twenty template nodes (a fifth of an
uncached article page's rendering). Here each is one call that prints the same
HTML, each value escaped as the template autoescaped it, and the dates as the
``date`` filter prints them, without its format parsing.
"""

import html

from django import template
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from articles.i18n import date_text, gettext
from articles.links import article_url, tag_url

register = template.Library()


def escape(value):
    """Return ``value`` for HTML as the template's autoescaping prints it (``conditional_escape``).

    Safe HTML (``__html__``) is kept as it is, anything else is escaped with
    ``html.escape``, as ``django.utils.html.escape`` does, without its wrapper
    for lazy strings (a lazy string is made a ``str`` first here too): a page
    escapes a hundred values, and the wrapper cost more than the escaping.
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.filter(expects_localtime=True)
def isotime(value):
    """Return what ``{{ value|date:"c" }}`` prints: ISO 8601, in the current time zone.

    The date filter's "c" is ``isoformat()`` too; called directly it skips the
    filter's format lookups, which cost more than the formatting (an article
    page prints a dozen of these ``<time datetime>`` values).
    """
    return "" if value is None else value.isoformat()


def list_datetime(value):
    """Return what ``{{ value|date:"j F Y, H:i" }}`` prints: "27 novembre 2026, 09:05".

    Through ``articles.i18n.date_text``, which parses the format once per
    process (the filter parsed it on every call: a third of a card's cost).
    """
    return _list_datetime(template_localtime(value))


def _list_datetime(local):
    return date_text(local, LIST_DATETIME)


LIST_DATETIME = "j F Y, H:i"


def iso_datetime(value):
    """Return ``value`` as ``{{ value|isotime }}`` prints it."""
    return isotime(template_localtime(value))


@register.simple_tag
def tag_links(tags):
    """Return the list of tag links ("Mots-clés"), or an empty string when there are no tags."""
    if not tags:
        return ""
    items = "".join(f'<li><a href="{escape(tag_url(tag))}">{escape(tag.name)}</a></li>' for tag in tags)
    # Translated outside the f-string: xgettext reads an f-string as one literal.
    label = gettext("Mots-clés")
    return SafeString(f'<ul class="tags" aria-label="{escape(label)}">{items}</ul>')


@register.simple_tag
def teaser_card(article, show_tags=False, hit=False):
    """Return an article's card in a list: headline, dateline, time, agency, teaser, and its tags if asked.

    A search hit (``hit``) shows the highlighted headline and excerpt the
    search engine set on the article (safe HTML), when it set them.
    """
    # Each value is escaped where it is inserted, as the template autoescaped
    # it; one f-string rather than nested format_html() calls, which cost more
    # than the rest of the card.
    urgent = gettext("URGENT") if article.is_urgent else ""
    urgent = f'<span class="urgent">{escape(urgent)}</span> ' if urgent else ""
    dateline = f'<span class="dateline">{escape(article.dateline)}</span> · ' if article.dateline else ""
    agency = f" · {escape(article.agency)}" if article.agency else ""
    tags = f"{tag_links(article.tag_list())}\n" if show_tags else ""
    # The engine's highlights are safe HTML, which escape() leaves as they are.
    headline = getattr(article, "search_headline", None) or article.headline
    text = getattr(article, "search_excerpt", None) or article.teaser()
    local = template_localtime(article.published_at)
    return SafeString(
        f'<article class="teaser{" search-hit" if hit else ""}">\n'
        f'  <h2 class="teaser-headline">{urgent}<a href="{escape(article_url(article))}">'
        f"{escape(headline)}</a></h2>\n"
        f'  <p class="meta">{dateline}<time datetime="{escape(isotime(local))}">'
        f"{escape(_list_datetime(local))}</time>{agency}</p>\n"
        f'  <p class="teaser-text">{escape(text)}</p>\n'
        f"  {tags}\n"
        "</article>\n"
    )
