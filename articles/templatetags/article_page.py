"""{% story article %} and {% related_items related %}: the article page's story and "Dernières Infos", built in Python.

Every reader with a session gets the article page rendered for them, and
Django's template engine spent most of that render walking some hundred
nodes (each ``{% if %}``, ``{% translate %}`` and ``{{ value }}`` resolving
its variables, localising and escaping them) to print a dozen fields. Here
each part of the story is a function printing exactly what the template
printed, in the page's order: the header, the toll with its history, the
body, the pull quotes, the correction, the sources and the tags.

What the template did, these functions do: every value is escaped as
autoescaping escaped it (``escape``), ``{% translate %}`` is ``escape(gettext(…))``
and ``{% blocktranslate %}`` is ``gettext(…) % {…escaped values}`` (the same
messages, found here by ``makemessages``), and dates are the ``date``
filter's formats. ``gettext()`` is never called inside an f-string's braces:
xgettext reads an f-string as one literal and would not see the message.
The whitespace is the template's too: the HTML a reader gets did not change
by a byte.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from articles.i18n import date_text, gettext
from articles.links import article_url, source_url
from articles.templatetags.article_meta import article_head
from articles.templatetags.site_chrome import document
from articles.templatetags.teasers import escape, isotime, list_datetime, tag_links, teaser_card
from articles.templatetags.tolls import toll_chart

register = template.Library()


def article_document(request, article, related, *, preview=False):
    """Return the whole article page: the site's chrome around the story and "Dernières Infos".

    A staff preview says so in a banner (with the status, and the time a
    scheduled article goes out) and asks search engines not to index it, in
    place of the tags that describe a published article to them.
    """
    context = {"request": request, "site_name": settings.NEWSDESK_SITE_NAME}
    canonical = f'<link rel="canonical" href="{escape(article_url(article))}">\n'
    if preview:
        head = canonical + '<meta name="robots" content="noindex">'
        banner = _preview_banner(article)
    else:
        head = canonical + article_head(context, article)
        banner = ""
    return document(
        context,
        title=escape(article.headline),
        description=escape(article.teaser()),
        head=head,
        content=f"\n{banner}\n{story(article)}\n\n{related_items(related)}\n",
    )


def _preview_banner(article):
    status = gettext("Aperçu réservé à la rédaction — statut : %(status)s.") % {
        "status": escape(article.get_status_display())
    }
    scheduled = ""
    if article.is_scheduled():
        when = {"when": escape(list_datetime(article.published_at))}
        scheduled = " " + gettext("Publication programmée le %(when)s.") % when
    return f'<p class="preview-banner" role="status">{status}{scheduled}</p>'


@register.simple_tag
def story(article):
    """Return the article as a reader reads it: ``<article class="story">`` and everything in it."""
    return SafeString(
        '<article class="story">\n'
        "  <header>\n"
        f"    {_urgent(article)}\n"
        f"    <h1>{escape(article.headline)}</h1>\n"
        '    <p class="meta">\n'
        f"{_meta(article)}"
        "    </p>\n"
        f"    {_standfirst(article)}\n"
        "  </header>\n"
        "\n"
        f"  {_toll_section(article)}\n"
        "\n"
        f'  <div class="body">{article.body}</div>\n'
        "\n"
        f"  {_pull_quotes(article)}\n"
        "\n"
        f"  {_correction(article)}\n"
        "\n"
        '  <footer class="story-footer">\n'
        f"    {_sources(article)}\n"
        f"    {tag_links(article.tag_list())}\n"
        "\n"
        "  </footer>\n"
        "</article>"
    )


@register.simple_tag
def related_items(related):
    """Return the "Dernières Infos" section of the article page: a card per related article."""
    if not related:
        return ""
    cards = "".join(_card(article) for article in related)
    title = gettext("Dernières Infos")
    return SafeString(
        "\n"
        '<section class="related" aria-labelledby="related-title">\n'
        f'  <h2 id="related-title">{escape(title)}</h2>\n'
        f"  {cards}\n"
        "</section>\n"
    )


def _card(article):
    """Return the article's teaser card, kept on the article for the language and script prefix it was printed for.

    The latest items are shared by the process's pages for a page-cache
    generation (``articles.page.shared_latest_items``): their cards are
    printed once per generation and language, not on every page. An article
    loaded for one page only keeps its card for that page.
    """
    key = (get_language(), get_script_prefix())
    cards = article.__dict__.setdefault("_cards", {})
    card = cards.get(key)
    if card is None:
        card = cards[key] = teaser_card(article)
    return card


def _urgent(article):
    if not article.is_urgent:
        return ""
    urgent = gettext("URGENT")
    return f'<p class="urgent">{escape(urgent)}</p>'


def _meta(article):
    """Return the lines of the byline, dateline, publication and update times."""
    byline = ""
    if article.byline:
        signed = gettext("Par %(name)s") % {"name": escape(article.byline)}
        byline = f'<span class="byline">{signed}</span> · '
    dateline = ""
    if article.dateline:
        agency = f" ({escape(article.agency)})" if article.agency else ""
        dateline = f'<span class="dateline">{escape(article.dateline)}</span>{agency} · '
    published = ""
    if article.published_at:
        label = gettext("Publié le")
        published = f"{escape(label)} {_time(article.published_at)}"
    updated = ""
    if article.updated_at:
        label = gettext("Mis à jour le")
        updated = f" · {escape(label)} {_time(article.updated_at)}"
    return f"      {byline}\n      {dateline}\n      {published}\n      {updated}\n"


def _time(value):
    """Return ``<time>`` for the story's times, as ``{{ value|date:_("j F Y à H:i") }}`` prints them."""
    local = template_localtime(value)
    shown = date_text(local, gettext("j F Y à H:i"))
    return f'<time datetime="{escape(isotime(local))}">{escape(shown)}</time>'


def _standfirst(article):
    return f'<p class="standfirst">{escape(article.standfirst)}</p>' if article.standfirst else ""


def _toll_section(article):
    """Return the "Bilan" section: each current toll, and its history when it was revised."""
    histories = article.toll_histories()
    if not histories:
        return ""
    chains = "".join(_toll(chain) for chain in histories)
    title = gettext("Bilan")
    return (
        "\n"
        '  <section class="toll" aria-labelledby="toll-title">\n'
        f'    <h2 id="toll-title">{escape(title)}</h2>\n'
        f"    {chains}\n"
        "  </section>\n"
        "  "
    )


def _toll(chain):
    current = chain[-1]
    phrase = current.phrase()
    attribution = f", {escape(current.attribution())}" if current.source else ""
    location = f" ({escape(current.location)})" if current.location else ""
    history = ""
    if len(chain) > 1:
        items = "".join(_toll_item(figure, position, len(chain)) for position, figure in enumerate(chain))
        chart = get_template("includes/toll_chart.html").render(toll_chart(chain))
        label = gettext("Évolution du bilan")
        history = (
            f'\n    <ol class="toll-history" aria-label="{escape(label)}">\n      {items}\n    </ol>\n    {chart}\n    '
        )
    return (
        "\n"
        f'    <p class="toll-current"><strong>{escape(phrase[:1].upper() + phrase[1:])}</strong>'
        f"{attribution}{location}.</p>\n"
        f"    {history}\n"
        "    "
    )


def _toll_item(figure, position, length):
    if position == 0:
        label = gettext("Premier bilan :")
    elif position == length - 1:
        label = gettext("Nouveau bilan :")
    else:
        label = gettext("Bilan révisé :")
    local = template_localtime(figure.reported_at)
    return (
        f"<li>{escape(label)} {escape(figure.sentence())} — "
        f'<time datetime="{escape(isotime(local))}">{escape(date_text(local, "j F, H:i"))}</time></li>'
    )


def _pull_quotes(article):
    """Return the featured quotes, each with its source's link."""
    return "".join(
        "\n"
        '  <figure class="pull-quote">\n'
        f"    <blockquote><p>« {escape(quote.text)} »</p></blockquote>\n"
        f'    <figcaption>— <a href="{escape(source_url(quote.source))}">{escape(quote.source.attribution())}</a>'
        f"{f', {escape(quote.context)}' if quote.context else ''}</figcaption>\n"
        "  </figure>\n"
        "  "
        for quote in article.quote_list()
        if quote.featured
    )


def _correction(article):
    if not article.correction:
        return ""
    title = gettext("Rectificatif")
    return (
        "\n"
        '  <aside class="correction" aria-labelledby="correction-title">\n'
        f'    <h2 id="correction-title">{escape(title)}</h2>\n'
        f"    <p>{linebreaksbr(article.correction, autoescape=True)}</p>\n"
        "  </aside>\n"
        "  "
    )


def _sources(article):
    """Return the "Sources citées" section: each source of a quote or a toll, linked to its page."""
    sources = article.sources_cited()
    if not sources:
        return ""
    items = "".join(
        f'<li><a href="{escape(source_url(source))}">{escape(source.attribution())}</a></li>' for source in sources
    )
    title = gettext("Sources citées")
    return (
        "\n"
        '    <section aria-labelledby="sources-title">\n'
        f'      <h2 id="sources-title">{escape(title)}</h2>\n'
        f'      <ul class="sources">{items}</ul>\n'
        "    </section>\n"
        "    "
    )
