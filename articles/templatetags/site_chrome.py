"""{% head_links %}, {% site_header %}, {% site_footer %}: what every reader page around its content shows.

``base.html`` printed these with a dozen ``{% translate %}`` and ``{% url %}``
nodes and an included template of feed links: about a fifth of an uncached
article page's rendering, for HTML that changes only with the language, the
search box's text and the tag or source a page is about. Each is printed
here in one piece, the same HTML: translations escaped as ``{% translate %}``
escapes them, ``{% blocktranslate %}`` values escaped and the message not, as
Django does, and URLs from ``articles.links`` (what ``{% url %}`` and
``{% static %}`` return).
"""

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from articles.i18n import gettext
from articles.links import fixed_url, slug_url
from articles.templatetags.teasers import escape

register = template.Library()


def feed_links(rss_title, atom_title, rss_url, atom_url):
    """Return the RSS and Atom ``<link>`` pair of one feed; the titles come escaped as the page needs them."""
    return (
        '<link rel="alternate" type="application/rss+xml" '
        f'title="{rss_title}" href="{escape(rss_url)}">\n'
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{atom_title}" href="{escape(atom_url)}">\n'
    )


@register.simple_tag(takes_context=True)
def head_links(context):
    """Return the stylesheet and the feeds' links: the site's, and the page's tag or source feeds if it has one."""
    links = f'<link rel="stylesheet" href="{escape(fixed_url("stylesheet"))}">\n' + feed_links(
        escape(gettext("Dernières Infos (RSS)")),
        escape(gettext("Dernières Infos (Atom)")),
        fixed_url("feed_rss"),
        fixed_url("feed_atom"),
    )
    # As {% blocktranslate %}: the name is escaped, the message is not.
    tag = context.get("tag")
    tag_slug = getattr(tag, "slug", None)
    if tag_slug:
        name = {"name": escape(tag.name)}
        links += feed_links(
            gettext("Thème : %(name)s (RSS)") % name,
            gettext("Thème : %(name)s (Atom)") % name,
            slug_url("tag_feed_rss", tag_slug),
            slug_url("tag_feed_atom", tag_slug),
        )
    source = context.get("source")
    source_slug = getattr(source, "slug", None)
    attribution = getattr(source, "attribution", None) if source_slug else None
    attribution = attribution() if callable(attribution) else attribution
    if source_slug and attribution:
        name = {"name": escape(attribution)}
        links += feed_links(
            gettext("%(name)s (RSS)") % name,
            gettext("%(name)s (Atom)") % name,
            slug_url("source_feed_rss", source_slug),
            slug_url("source_feed_atom", source_slug),
        )
    # The included template these replace ended with an empty line.
    return SafeString(links + "\n")


@register.simple_tag(takes_context=True)
def site_header(context):
    """Return the skip link and the site's header: the name, the navigation and the search box (with the query)."""
    latest = escape(fixed_url("latest"))
    search = escape(gettext("Rechercher"))
    query = escape(context.get("query") or "")
    skip, navigation, latest_title = (
        gettext("Aller au contenu"),
        gettext("Navigation principale"),
        gettext("Dernières Infos"),
    )
    return SafeString(
        f'<a class="skip-link" href="#contenu">{escape(skip)}</a>\n'
        '<header class="site-header">\n'
        '  <div class="wrap">\n'
        f'    <a class="brand" href="{latest}">{escape(context.get("site_name", ""))}</a>\n'
        f'    <nav aria-label="{escape(navigation)}">\n'
        "      <ul>\n"
        f'        <li><a href="{latest}">{escape(latest_title)}</a></li>\n'
        "      </ul>\n"
        "    </nav>\n"
        f'    <form class="search-box" role="search" action="{escape(fixed_url("search"))}" method="get">\n'
        f'      <label for="q-site">{search}</label>\n'
        f'      <input type="search" id="q-site" name="q" value="{query}" maxlength="200">\n'
        f'      <button type="submit">{search}</button>\n'
        "    </form>\n"
        "  </div>\n"
        "</header>"
    )


@register.simple_tag
def site_footer():
    """Return the site's footer."""
    motto = gettext("Newsdesk — informations en continu. Chaque citation et chaque bilan sont attribués à leur source.")
    return SafeString(
        f'<footer class="site-footer">\n  <div class="wrap">\n    <p>{escape(motto)}</p>\n  </div>\n</footer>'
    )


def document(context, *, title, description, head, content):
    """Return a whole reader page as ``base.html`` prints it, its blocks given as HTML.

    The article page is printed here rather than by extending ``base.html``:
    Django's block machinery, context processors and variable nodes were an
    eighth of an uncached article page's cost, to place four pieces of HTML.
    ``title``, ``description``, ``head`` and ``content`` are what the blocks
    ``title``, ``description``, ``extra_head`` and ``content`` would print
    (already escaped); ``context`` holds ``site_name`` and what the chrome
    reads (``request``, ``query``, ``tag``, ``source``). A test holds this to
    ``base.html`` byte for byte: a change to one must be made to the other.
    """
    links, header, footer = _chrome(context)
    return (
        "<!DOCTYPE html>\n"
        "\n"
        f'<html lang="{escape(get_language())}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} — {escape(context.get('site_name', ''))}</title>\n"
        f'<meta name="description" content="{description}">\n'
        f"{links}\n"
        f"{head}\n"
        "</head>\n"
        "<body>\n"
        f"{header}\n"
        '<main id="contenu" class="wrap">\n'
        f"{content}\n"
        "</main>\n"
        f"{footer}\n"
        "</body>\n"
        "</html>\n"
    )


# The chrome of a page with no search query, tag or source (an article page)
# depends only on the language, the script prefix and the site's name: it is
# printed once per process for each.
_plain_chrome = {}


def _chrome(context):
    """Return the page's head links, header and footer."""
    if context.get("query") or context.get("tag") or context.get("source"):
        return head_links(context), site_header(context), site_footer()
    key = (get_language(), get_script_prefix(), context.get("site_name", ""))
    chrome = _plain_chrome.get(key)
    if chrome is None:
        chrome = _plain_chrome[key] = (head_links(context), site_header(context), site_footer())
    return chrome


def forget(**kwargs):
    """Drop the printed chrome when a setting changes (tests: static files, URLs, translations)."""
    _plain_chrome.clear()


setting_changed.connect(forget, dispatch_uid="site-chrome-forget")
