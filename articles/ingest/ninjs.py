"""Read IPTC ninjs (1.x, 2.x lowercase keys, 3.x camelCase keys) and Newsdesk's own export into wire items."""

from django.utils.translation import gettext as _

from articles.teaser import html_to_text

from .item import (
    ALT_TEXT_ROLES,
    CAPTION_ROLES,
    CREDIT_ROLES,
    PICTURE,
    TEXT,
    IngestError,
    WireItem,
    WirePicture,
    best_first,
    follows,
    item_kind,
    link_pictures,
    parse_each,
    parse_urgency,
    parse_version,
    parse_wire_datetime,
    pixels,
    pub_status,
)
from .pictures import own_picture_digest

HTML_HINTS = ("html", "xhtml")
PREFERRED_ROLES = ("main", "richtext", "text", "xhtml", "")
SUMMARY_ROLES = ("summary", "abstract", "description", "main", "")
# Description roles that carry the story's text itself, read as its body when it has no other.
TEXT_DESCRIPTION_ROLES = ("text", "body", "fulltext", "bodytext")
# ninjs types of a package: a story sent with its pictures, read as the story when it carries text.
COMPOSITES = ("composite", "package")
NEWSDESK = "newsdesk:"
# Keys only ninjs 1.x writes.
NINJS_1_KEYS = ("headline", "body_xhtml", "body_html", "body_text", "byline", "subject", "description_text")
# The altIds of a toll association, without their "newsdesk:" prefix.
TOLL_IDS = (
    "outcome",
    "count",
    "qualifier",
    "count-max",
    "victim-category",
    "supersedes",
    "victims",
    "victims-singular",
    "victims-feminine",
    "country",
    "occurred-on",
)


def parse_ninjs(document):
    """Return the wire items (or IngestError for bad ones) of a decoded ninjs document.

    A document is one item, a list of items, or an object with an ``items``
    list (the shape of Newsdesk's own /api/ninjs/).
    """
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        documents = document["items"]
    elif isinstance(document, list):
        documents = document
    elif isinstance(document, dict):
        documents = [document]
    else:
        raise IngestError(_("JSON inattendu : ni une dépêche ninjs ni une liste de dépêches"))
    items = parse_each(documents, ninjs_item)
    # A ninjs 3 package (``items``) sends a story's pictures beside it.
    return link_pictures(items) if isinstance(document, dict) else items


def _lower_keys(value):
    return {str(key).lower(): item for key, item in value.items()} if isinstance(value, dict) else {}


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _objects(value):
    """Return the dicts of a ninjs array, keys lowercased; anything else is ignored."""
    return [_lower_keys(entry) for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _by_role(entries, roles):
    """Return the entry whose role comes first in ``roles``, else the first entry, else None."""
    for role in roles:
        for entry in entries:
            if _role(entry) == role and _text(entry.get("value")):
                return entry
    return next((entry for entry in entries if _text(entry.get("value"))), None)


def _role(entry):
    """Return the entry's role without its scheme: ``drol:summary`` → ``summary``."""
    return _text(entry.get("role")).lower().rsplit(":", 1)[-1]


def _is_html(entry):
    content_type = _text(entry.get("contenttype")).lower()
    return any(hint in content_type for hint in HTML_HINTS) if content_type else None


def _format_label(raw):
    standard = _lower_keys(raw.get("standard"))
    if _text(standard.get("version")):
        return f"ninjs {_text(standard['version'])}"
    if any(key != key.lower() for key in raw):
        return "ninjs 3"
    if any(key in raw for key in NINJS_1_KEYS) and not ("headlines" in raw or "bodies" in raw):
        return "ninjs 1"
    return "ninjs 2" if "headlines" in raw or "bodies" in raw else "ninjs"


def ninjs_item(raw):
    """Return the WireItem of one ninjs object; raise IngestError when it has no ``uri``."""
    if not isinstance(raw, dict):
        raise IngestError(_("élément qui n'est pas un objet JSON"))
    doc = _lower_keys(raw)
    wire_id = _text(doc.get("uri")) or _text(doc.get("guid"))
    if not wire_id:
        raise IngestError(_("identifiant manquant (« uri »)"))

    kind = _kind(doc)
    item = WireItem(wire_id=wire_id, format=_format_label(raw), kind=kind)
    item.version = parse_version(doc.get("version"))
    item.version_created = parse_wire_datetime(doc.get("versioncreated"), what="versionCreated", strict=False)
    item.first_created = parse_wire_datetime(doc.get("firstcreated"), what="firstCreated", strict=False)
    if "embargoeduntil" in doc:
        item.embargoed = parse_wire_datetime(doc["embargoeduntil"], what="embargoedUntil")
    else:
        item.embargoed = parse_wire_datetime(doc.get("embargoed"), what="embargoed")
    item.pub_status = pub_status(doc.get("pubstatus"))
    if kind == PICTURE:
        item.pictures = [ninjs_picture(doc)]
        return item

    text = _text_source(doc)
    item.headline = _headline(text)
    _read_body(text, item)
    item.standfirst = _standfirst(text, item)
    item.slugline = _text(doc.get("slugline"))
    item.links = _links(doc)

    # ninjs 1.x names the byline "byline"; 2.x and 3.x "by".
    item.byline = _text(doc.get("by")) or _text(doc.get("byline"))
    places = [_text(place.get("name")) for place in _objects(doc.get("place")) + _objects(doc.get("places"))]
    item.dateline = _text(doc.get("located")) or next((name for name in places if name), "")
    item.language = _text(doc.get("language"))
    item.urgency = parse_urgency(doc.get("urgency"))
    # ninjs 1.x: "subject", each with a name (its code alone is no keyword).
    subjects = _objects(doc.get("subjects")) + _objects(doc.get("subject"))
    names = [_text(s.get("name")) or _text(s.get("literal")) for s in subjects]
    keywords = doc.get("keywords") if isinstance(doc.get("keywords"), list) else []
    item.subjects = [name for name in [*names, *map(_text, keywords)] if name]
    sources = [_text(s.get("name")) or _text(s.get("literal")) for s in _objects(doc.get("infosources"))]
    item.agency = next((name for name in sources if name), "") or _text(doc.get("copyrightholder"))
    _read_newsdesk(doc, item)
    item.pictures = [ninjs_picture(entry) for entry in _associations(doc) if _is_picture(entry)]
    return item


def _kind(doc):
    """Return TEXT or PICTURE; a composite (a text sent with its pictures) that carries text is a story."""
    kind = _text(doc.get("type")).lower()
    if kind in COMPOSITES and _text_source(doc) is not None:
        return TEXT
    return item_kind(kind)


def _has_text(doc):
    return bool(_headline(doc) and (_objects(doc.get("bodies")) or _pattern_values(doc, "body_")))


def _text_source(doc):
    """Return the object holding a story's text: the item itself, else (a composite) its first text association."""
    if _text(doc.get("type")).lower() not in COMPOSITES or _has_text(doc):
        return doc
    texts = [entry for entry in _associations(doc) if _text(entry.get("type")).lower() in ("", "text")]
    return next((entry for entry in texts if _has_text(entry)), None)


def _pattern_values(doc, prefix):
    """Return {role: text} of ninjs 1.x pattern keys (``headline_main``, ``body_main``), in the document's order."""
    return {key[len(prefix) :]: _text(value) for key, value in doc.items() if key.startswith(prefix) and _text(value)}


def _headline(doc):
    """Return the headline: ``headlines`` (role main first), else ``headline``, ``headline_*``, title, slugline."""
    headline = _by_role(_objects(doc.get("headlines")), ("main", ""))
    if headline:
        return _text(headline["value"])
    patterned = _pattern_values(doc, "headline_")
    return (
        _text(doc.get("headline"))
        or patterned.get("main")
        or next(iter(patterned.values()), "")
        or _text(doc.get("title"))
        or _text(doc.get("slugline"))
    )


def _read_body(doc, item):
    """Fill the item's body: ``bodies`` (HTML first), else ninjs 1.x ``body_*``, else a description of the text."""
    bodies = _objects(doc.get("bodies"))
    html_bodies = [entry for entry in bodies if _is_html(entry)]
    body = _by_role(html_bodies, PREFERRED_ROLES) or _by_role(bodies, PREFERRED_ROLES)
    patterned = _pattern_values(doc, "body_")
    texts = [entry for entry in _objects(doc.get("descriptions")) if _role(entry) in TEXT_DESCRIPTION_ROLES]
    if body:
        item.body, item.body_is_html = body["value"], _is_html(body)
    elif patterned.get("html") or patterned.get("xhtml"):
        # ninjs 1.x: the XHTML body and the HTML one say the same; either will do.
        item.body, item.body_is_html = patterned.get("html") or patterned["xhtml"], True
    elif patterned:
        # body_text is plain; another role (body_main, body_nitf…) is told by its content.
        role = "text" if "text" in patterned else next(iter(patterned))
        item.body, item.body_is_html = patterned[role], False if role == "text" else None
    elif texts:
        # NTB and others send the text as a description whose role is "text".
        entry = _by_role(texts, TEXT_DESCRIPTION_ROLES)
        item.body, item.body_is_html = entry["value"], _is_html(entry)


def _standfirst(doc, item):
    """Return the standfirst: a summary description, never a caption, a credit, nor the body's own opening.

    A summary that the body begins with (an agency's first sentence, or the
    teaser of our own export ingested again) would show the opening twice.
    """
    descriptions = [entry for entry in _objects(doc.get("descriptions")) if _role(entry) in SUMMARY_ROLES]
    summary = _by_role(descriptions, SUMMARY_ROLES)
    patterned = _pattern_values(doc, "description_")
    if summary:
        text = html_to_text(summary["value"]) if _is_html(summary) else _text(summary["value"])
    elif patterned.get("text"):
        text = patterned["text"]
    else:
        text = html_to_text(patterned.get("html", ""))
    body = html_to_text(item.body) if item.body_is_html is not False else item.body
    opening = text.rstrip("…").rstrip(".").strip()
    if opening and " ".join(body.split()).startswith(" ".join(opening.split())):
        return ""
    return text


def _links(doc):
    """Return the wire ids of the earlier items the agency says this one follows (links, associations, evolvedfrom)."""
    linked = [_text(doc.get("evolvedfrom"))]
    for entry in _objects(doc.get("links")) + _associations(doc):
        if follows(entry.get("rel")):
            linked.append(_text(entry.get("uri")) or _text(entry.get("href")) or _text(entry.get("residref")))
    return [uri for uri in linked if uri]


def _associations(doc):
    """Return the associations of a ninjs object, keys lowercased: a list, or (ninjs 1.x) an object by name."""
    value = doc.get("associations")
    if isinstance(value, dict):
        return [{"name": str(name), **_lower_keys(entry)} for name, entry in value.items() if isinstance(entry, dict)]
    return _objects(value)


def _renditions(entry):
    """Return the renditions of a ninjs object: a list, or (ninjs 1.x) an object by name."""
    value = entry.get("renditions")
    if isinstance(value, dict):
        return [{"name": str(name), **_lower_keys(item)} for name, item in value.items() if isinstance(item, dict)]
    return _objects(value)


def _content_type(rendition):
    # contentType in 3.x, contenttype in 2.x, mimetype in 1.x.
    return (_text(rendition.get("contenttype")) or _text(rendition.get("mimetype"))).lower()


def _is_picture(entry):
    kind = _text(entry.get("type")).lower()
    if kind:
        return kind == PICTURE
    return any(_content_type(rendition).startswith("image/") for rendition in _renditions(entry))


def _hrefs(entry):
    """Return the addresses of a picture's image renditions: the original first, then the largest."""
    return best_first(
        (
            _text(rendition.get("name")),
            pixels(rendition.get("width"), rendition.get("height")),
            _text(rendition["href"]),
        )
        for rendition in _renditions(entry)
        if _text(rendition.get("href")) and _content_type(rendition)[:6] in ("", "image/")
    )


def _description(entry, roles):
    """Return the text of the first description whose role is one of ``roles``, "" when none is."""
    for role in roles:
        for description in _objects(entry.get("descriptions")):
            if _role(description) == role.lower() and _text(description.get("value")):
                value = description["value"]
                return html_to_text(value) if _is_html(description) else _text(value)
    return ""


def ninjs_picture(entry):
    """Return the WirePicture of a ninjs picture: an item of its own or a story's association."""
    uri = _text(entry.get("uri")) or _text(entry.get("guid"))
    digest = own_picture_digest(uri)
    caption = (
        _description(entry, CAPTION_ROLES)
        or _text(entry.get("description_text"))
        or html_to_text(_text(entry.get("description_html")))
    )
    credit = (
        _description(entry, CREDIT_ROLES)
        or _text(entry.get("creditline"))
        or _text(entry.get("copyrightholder"))
        or _text(entry.get("by"))
        or _text(entry.get("byline"))
    )
    return WirePicture(
        wire_id="" if digest else uri,
        caption=caption,
        credit=credit,
        alt_text=_description(entry, ALT_TEXT_ROLES),
        hrefs=_hrefs(entry),
        digest=digest,
    )


def _alt_ids(entry):
    """Return the ``altIds`` of a ninjs object as {role: value}, roles as written (``newsdesk:count``)."""
    return {_text(alt.get("role")): _text(alt.get("value")) for alt in _objects(entry.get("altids"))}


def _read_newsdesk(doc, item):
    """Read what Newsdesk's own export adds, so that ingesting it gives back the same article.

    Its ``uri`` is our page; the agency's id, version and times travel in
    ``altIds`` and ``contentCreated`` (firstCreated and versionCreated date
    our object); quotes and tolls are associations (README, "Extension Newsdesk").
    """
    ids = _alt_ids(doc)
    if ids.get(f"{NEWSDESK}wire-id"):
        item.own_uri, item.wire_id = item.wire_id, ids[f"{NEWSDESK}wire-id"]
        item.first_created = parse_wire_datetime(doc.get("contentcreated"), what="contentCreated", strict=False)
        item.version_created = parse_wire_datetime(
            ids.get(f"{NEWSDESK}wire-version-created"), what="newsdesk:wire-version-created", strict=False
        )
        if item.version is None:
            item.version = parse_version(ids.get(f"{NEWSDESK}wire-version"))
    for position, association in enumerate(_associations(doc), start=1):
        rel = _text(association.get("rel"))
        if rel in (f"{NEWSDESK}quote", f"{NEWSDESK}pullquote"):
            item.quotes.append(_quote(association, position, featured=rel == f"{NEWSDESK}pullquote"))
        elif rel in (f"{NEWSDESK}toll", f"{NEWSDESK}toll-superseded"):
            item.tolls.append(_toll(association))


def _first_value(entries):
    entry = next((entry for entry in _objects(entries) if _text(entry.get("value"))), None)
    return _text(entry.get("value")) if entry else ""


def _source_of(association):
    """Return the {name, slug} of an association's source; the slug from its page's address."""
    source = next(iter(_objects(association.get("infosources"))), {})
    path = _text(source.get("uri")).rstrip("/")
    slug = path.rsplit("/source/", 1)[-1] if "/source/" in path else ""
    return {"name": _text(source.get("name")), "slug": slug} if source else None


def _quote(association, position, *, featured):
    text = _first_value(association.get("bodies"))
    if not text:
        raise IngestError(_("citation vide dans les associations"))
    return {
        "text": text,
        "context": _first_value(association.get("descriptions")),
        "featured": featured,
        "position": position,
        "source": _source_of(association),
    }


def _toll(association):
    ids = _alt_ids(association)
    value = {key: ids.get(f"{NEWSDESK}{key}", "") for key in TOLL_IDS}
    value |= {
        "uri": _text(association.get("uri")),
        "location": _text(association.get("located")),
        "reported_at": _text(association.get("versioncreated")),
        "source": _source_of(association),
    }
    return value
