"""{% article_meta article as meta %}: what search engines and social cards read about an article.

includes/article_meta.html prints it as OpenGraph, Twitter card and JSON-LD.
"""

import json

from django import template
from django.conf import settings
from django.utils.safestring import SafeString

from articles.exports.dates import date_modified
from articles.teaser import teaser_text

register = template.Library()


def json_for_script(data):
    """Return ``data`` as JSON safe to print inside a <script> element."""
    # JSON inside <script> ends at the first "</script>": escape what HTML could read.
    text = json.dumps(data, ensure_ascii=False)
    return SafeString(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))


def og_locale(language):
    """Return the OpenGraph locale of a language tag: "fr" → "fr_FR", "en-GB" → "en_GB"."""
    primary, _, region = (language or "fr").partition("-")
    return f"{primary.lower()}_{(region or primary).upper()}"


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """Return the article's card data and its JSON-LD ``NewsArticle`` (escaped for <script>).

    Reads only what the article page has already fetched (tags prefetched).
    """
    request = context["request"]
    root = request.build_absolute_uri("/")
    url = request.build_absolute_uri(article.get_absolute_url())
    site = settings.NEWSDESK_SITE_NAME
    tags = [tag.name for tag in article.tag_list()]
    description = teaser_text(article)
    modified = date_modified(article)
    publisher = {"@type": "NewsMediaOrganization", "name": site, "url": root}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": description,
        "datePublished": article.published_at.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": article.language,
        "author": author(article, publisher),
        "publisher": publisher,
        "isAccessibleForFree": True,
    }
    if article.dateline:
        data["dateline"] = article.dateline
    if tags:
        data["articleSection"] = tags[0]
        data["keywords"] = tags
    picture = article.described_image.largest if article.described_image else None
    if picture:
        data["image"] = image_object(request, article.image, picture)
    if article.correction:
        data["correction"] = {
            "@type": "CorrectionComment",
            "text": article.correction,
            "datePublished": modified.isoformat(),
        }
    return {
        "url": url,
        "site": site,
        "description": description,
        "published": article.published_at,
        "modified": modified,
        "tags": tags,
        "locale": og_locale(article.language),
        "image": {**data["image"], "alt": article.image.alt_text} if picture else None,
        "jsonld": json_for_script(data),
    }


def image_object(request, image, picture):
    """Return the JSON-LD ``ImageObject`` of an article's photo, at its largest rendition."""
    data = {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(picture.url),
        "width": picture.width,
        "height": picture.height,
    }
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
    return data


def author(article, publisher):
    """Return the JSON-LD author: the journalist who signed, else the agency, else the site."""
    if article.byline:
        return {"@type": "Person", "name": article.byline}
    if article.agency:
        return {"@type": "Organization", "name": article.agency}
    return publisher
