"""Articles as IPTC ninjs 3.1 documents, with Newsdesk's quotes and tolls as associations.

The ninjs 3.1 schema allows no property outside its own list (the root is
``unevaluatedProperties: false``), so Newsdesk's extension lives where the
schema makes room for related content: ``associations``, each a ninjs object
of its own. See the README, "Extension Newsdesk".

A dispatch keeps the agency's times: ``contentCreated`` is its first
version's, and ``altIds`` beside the wire id (``newsdesk:wire-id``) carry its
version (``newsdesk:wire-version``) and that version's time
(``newsdesk:wire-version-created``), so that ingesting the document again
gives back the same article.

- a quote: ``rel`` ``newsdesk:quote`` (``newsdesk:pullquote`` when featured),
  ``bodies`` the exact words, ``by`` and ``infoSources`` its source,
  ``descriptions`` its context ("a déclaré …");
- a toll: ``rel`` ``newsdesk:toll`` (``newsdesk:toll-superseded`` once revised),
  ``headlines`` the French phrase, ``bodies`` the attributed sentence,
  ``versionCreated`` when it was reported, and ``altIds`` with roles
  ``newsdesk:outcome``, ``newsdesk:count``, ``newsdesk:qualifier``,
  ``newsdesk:count-max``, ``newsdesk:victim-category``, ``newsdesk:supersedes``,
  ``newsdesk:victims``, ``newsdesk:victims-singular``, ``newsdesk:victims-feminine``,
  ``newsdesk:country``, ``newsdesk:occurred-on``.

The article's photo is a plain ninjs picture association, first of the
list: ``uri`` the agency's id for it when it came from the wire, else
``urn:newsdesk:image:sha256:`` and the SHA-256 of its original (so that
our ingest knows it again without downloading anything), ``renditions``
its public JPEG copies largest first, ``descriptions`` its caption (role
``caption``) and alt text (role ``alternativeText``), ``copyrightHolder``
its credit line (ninjs 3.1 has no credit property of its own).
"""

import re
from datetime import UTC

from django.urls import reverse

from articles.ingest.pictures import own_picture_uri
from articles.teaser import html_to_text, teaser_text

from .dates import date_modified

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
_BLOCK_END_RE = re.compile(r"</(?:p|li|h2|h3|blockquote)>", re.IGNORECASE)


def timestamp(moment):
    """Return ``moment`` as an RFC 3339 UTC timestamp: 2026-11-27T10:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plain_text(body):
    """Return the body HTML as plain text, one paragraph per blank-line-separated block."""
    blocks = (html_to_text(block) for block in _BLOCK_END_RE.split(body or ""))
    return "\n\n".join(block for block in blocks if block)


def article_ninjs(article, *, absolute):
    """Return the ninjs 3.1 document (a dict) of a published article.

    ``absolute`` turns a path into an absolute URL (``request.build_absolute_uri``).
    The article should come with its tags, quotes and figures prefetched.
    """
    uri = absolute(article.get_absolute_url())
    document = {
        "uri": uri,
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationType": "full",
        "firstCreated": timestamp(article.published_at),
        "versionCreated": timestamp(date_modified(article)),
        "pubStatus": "usable",
        "urgency": article.urgency,
        "language": article.language,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": article.headline}],
        "descriptions": [{"role": "summary", "contentType": "text/plain", "value": teaser_text(article)}],
        "bodies": [
            {"role": "main", "contentType": "text/html", "value": article.body},
            {"role": "main", "contentType": "text/plain", "value": plain_text(article.body)},
        ],
        "subjects": [
            {"name": tag.name, "literal": tag.slug, "uri": absolute(reverse("articles:tag", args=[tag.slug]))}
            for tag in article.tag_list()
        ],
    }
    if article.byline or article.agency:
        document["by"] = article.byline or article.agency
    if article.agency:
        document["infoSources"] = [{"name": article.agency, "role": "originator"}]
    if article.dateline:
        document["located"] = article.dateline
    if article.wire_first_created:
        # firstCreated and versionCreated date the object we publish (as the
        # feeds and the sitemap do); the agency's first version dates its content.
        document["contentCreated"] = timestamp(article.wire_first_created)
    agency_version = article.wire_version_created
    wire_ids = {
        "newsdesk:wire-id": article.wire_id,
        "newsdesk:wire-version": str(article.wire_version) if article.wire_version else "",
        "newsdesk:wire-version-created": timestamp(agency_version) if agency_version else "",
    }
    if article.wire_id:
        document["altIds"] = [{"role": role, "value": value} for role, value in wire_ids.items() if value]
    if article.correction:
        document["edNote"] = article.correction
    associations = [_picture(article.image, absolute)] if article.image_id else []
    associations += [_quote(quote, uri, absolute) for quote in article.quotes.all()]
    figures = article.figures_as_reported()
    superseded = {figure.supersedes_id for figure in figures if figure.supersedes_id}
    associations += [_toll(figure, uri, absolute, superseded=figure.pk in superseded) for figure in figures]
    if associations:
        document["associations"] = associations
    return document


def _picture(image, absolute):
    """Return the picture association of the article's photo."""
    association = {
        "name": "picture",
        "uri": image.wire_id or own_picture_uri(image.digest),
        "rel": "newsdesk:image",
        "type": "picture",
        "renditions": [
            {
                "name": f"w{rendition.width}",
                "href": absolute(rendition.url),
                # The JPEG renditions (images.renditions), whatever the original was: what every client reads.
                "contentType": "image/jpeg",
                "width": rendition.width,
                "height": rendition.height,
                "sizeInBytes": rendition.size,
            }
            for rendition in reversed(image.rendition_list())
        ],
    }
    descriptions = [("caption", image.caption.strip()), ("alternativeText", image.alt_text.strip())]
    if any(value for _role, value in descriptions):
        association["descriptions"] = [
            {"role": role, "contentType": "text/plain", "value": value} for role, value in descriptions if value
        ]
    if image.credit:
        association["copyrightHolder"] = image.credit
    return association


def _source(source, absolute):
    return {"name": source.attribution(), "role": "source", "uri": absolute(source.get_absolute_url())}


def _quote(quote, article_uri, absolute):
    association = {
        "name": f"quote-{quote.pk}",
        "uri": f"{article_uri}#quote-{quote.pk}",
        "rel": "newsdesk:pullquote" if quote.featured else "newsdesk:quote",
        "type": "text",
        "by": quote.source.attribution(),
        "bodies": [{"role": "quote", "contentType": "text/plain", "value": quote.text}],
        "infoSources": [_source(quote.source, absolute)],
    }
    if quote.context:
        association["descriptions"] = [{"role": "newsdesk:context", "value": quote.context}]
    return association


def _toll(figure, article_uri, absolute, *, superseded):
    ids = {
        "newsdesk:outcome": figure.outcome,
        "newsdesk:count": str(figure.count),
        "newsdesk:qualifier": figure.qualifier,
        "newsdesk:count-max": str(figure.count_max) if figure.count_max is not None else "",
        "newsdesk:victim-category": figure.victim_category,
        "newsdesk:supersedes": f"{article_uri}#toll-{figure.supersedes_id}" if figure.supersedes_id else "",
        # What the phrase is built from, so that an ingest of this document rebuilds the same toll.
        "newsdesk:victims": figure.victims,
        "newsdesk:victims-singular": figure.victims_singular,
        "newsdesk:victims-feminine": "true" if figure.victims_feminine else "",
        "newsdesk:country": figure.country,
        "newsdesk:occurred-on": figure.occurred_on.isoformat() if figure.occurred_on else "",
    }
    association = {
        "name": f"toll-{figure.pk}",
        "uri": f"{article_uri}#toll-{figure.pk}",
        "rel": "newsdesk:toll-superseded" if superseded else "newsdesk:toll",
        "type": "text",
        "versionCreated": timestamp(figure.reported_at),
        "headlines": [{"role": "main", "contentType": "text/plain", "value": figure.phrase()}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": figure.sentence()}],
        "altIds": [{"role": role, "value": value} for role, value in ids.items() if value],
    }
    if figure.location:
        association["located"] = figure.location
    if figure.source_id:
        association["infoSources"] = [_source(figure.source, absolute)]
    return association
