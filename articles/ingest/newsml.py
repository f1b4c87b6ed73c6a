"""Read IPTC NewsML-G2 news items (inline NITF or XHTML bodies) into wire items."""

import copy
import re
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from .item import (
    ALT_TEXT_ROLES,
    CAPTION_ROLES,
    CREDIT_ROLES,
    PICTURE,
    IngestError,
    WireItem,
    WirePicture,
    best_first,
    first_text,
    follows,
    item_kind,
    link_pictures,
    parse_each,
    parse_urgency,
    parse_version,
    parse_wire_datetime,
    pixels,
    pub_status,
    refuse_if_not_text,
)

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# NITF elements that have an HTML twin; the rest is left to the sanitiser,
# which keeps the text of elements it does not allow.
_SPACES_RE = re.compile(r"\s+")
# Description roles that are a summary of the story (no role: the whole item's description).
SUMMARY_ROLES = ("", "summary", "abstract", "description")
# The items a NewsML-G2 document may carry, by what they are.
ITEM_TAGS = {
    f"{NAR}newsItem": "news",
    f"{NAR}packageItem": "package",
    f"{NAR}planningItem": "planning",
    f"{NAR}conceptItem": "concept",
    f"{NAR}knowledgeItem": "concept",
}
NITF_TO_HTML = {"hl1": "h2", "hl2": "h2", "bq": "blockquote", "block": "div"}
# A NITF media element is a picture, its caption and its credit: never story text (the picture comes as its own item).
NITF_MEDIA = ("media",)


def local_name(tag):
    """Return ``tag`` without its namespace: ``{ns}newsItem`` → ``newsItem``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_newsml(root):
    """Return the wire items (or IngestError for bad ones) of a NewsML-G2 document.

    The root is one ``newsItem`` or a ``newsMessage`` carrying several.
    """
    name = local_name(root.tag)
    if root.tag in ITEM_TAGS:
        elements = [root]
    elif root.tag == f"{NAR}newsMessage":
        elements = [element for element in root.iter() if element.tag in ITEM_TAGS]
    else:
        raise IngestError(_("format inconnu : XML dont l'élément racine est « %(root)s »") % {"root": name[:40]})
    # A package ties a story to its pictures; without one, a message's single story has the pictures beside it.
    groups = [
        {(ref.get("residref") or "").strip() for ref in package.iter(f"{NAR}itemRef")}
        for package in elements
        if package.tag == f"{NAR}packageItem"
    ]
    return link_pictures(parse_each(elements, newsml_item), [group for group in groups if group])


def _text(element):
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _find(parent, path):
    return parent.find(path.replace("nar:", NAR)) if parent is not None else None


def _findall(parent, path):
    return parent.findall(path.replace("nar:", NAR)) if parent is not None else []


def _code(qcode):
    """Return the code of a QCode: ``nprov:REUTERS`` → ``REUTERS``."""
    return (qcode or "").rsplit(":", 1)[-1].strip()


def _name(element, language):
    """Return the element's ``name`` in ``language`` when there is one, else its first name."""
    names = _findall(element, "nar:name")
    for name in names:
        if (name.get(XML_LANG) or "").lower() == language.lower():
            return _text(name)
    return _text(names[0]) if names else ""


def newsml_item(element):
    """Return the WireItem of one ``newsItem`` element; raise IngestError when it has no guid.

    Raise NotAnArticle for the other items (packages, planning, concepts)
    and for a news item whose class is not text (a picture, a video…).
    """
    kind = ITEM_TAGS[element.tag]
    if kind != "news":
        refuse_if_not_text(kind)
    wire_id = (element.get("guid") or "").strip()
    if not wire_id:
        raise IngestError(_("identifiant manquant (attribut « guid »)"))
    item_class = _find(_find(element, "nar:itemMeta"), "nar:itemClass")
    kind = item_kind(_code(item_class.get("qcode")) if item_class is not None else "")
    item = WireItem(wire_id=wire_id, format="NewsML-G2", kind=kind)
    item.version = parse_version(element.get("version"))
    meta = _find(element, "nar:itemMeta")
    content = _find(element, "nar:contentMeta")

    item.version_created = parse_wire_datetime(
        _text(_find(meta, "nar:versionCreated")), what="versionCreated", strict=False
    )
    item.first_created = parse_wire_datetime(_text(_find(meta, "nar:firstCreated")), what="firstCreated", strict=False)
    item.embargoed = parse_wire_datetime(_text(_find(meta, "nar:embargoed")), what="embargoed")
    status = _find(meta, "nar:pubStatus")
    item.pub_status = pub_status(status.get("qcode") if status is not None else None)
    if kind == PICTURE:
        item.pictures = [_picture(element, wire_id, content)]
        return item

    language = _find(content, "nar:language")
    item.language = (language.get("tag") if language is not None else "") or element.get(XML_LANG) or ""
    item.urgency = parse_urgency(_text(_find(content, "nar:urgency")) or None)
    item.headline = _text(_find(content, "nar:headline")) or _text(_find(content, "nar:slugline"))
    item.slugline = _text(_find(content, "nar:slugline"))
    # The agency's word that this item follows an earlier one: itemMeta/link@rel="irel:evolvedFrom"…
    item.links = [
        (link.get("residref") or link.get("href") or "").strip()
        for link in _findall(meta, "nar:link")
        if follows(link.get("rel"))
    ]
    # A summary, never a caption or a credit line, is the standfirst.
    summaries = [d for d in _findall(content, "nar:description") if _code(d.get("role")) in SUMMARY_ROLES]
    item.standfirst = _text(summaries[0]) if summaries else ""
    located = _find(content, "nar:located")
    item.dateline = _text(_find(content, "nar:dateline")) or (
        _name(located, item.language) if located is not None else ""
    )
    item.byline = _text(_find(content, "nar:by")) or ", ".join(
        filter(None, (_name(creator, item.language) for creator in _findall(content, "nar:creator")))
    )
    subjects = [_name(subject, item.language) for subject in _findall(content, "nar:subject")]
    keywords = [_text(keyword) for keyword in _findall(content, "nar:keyword")]
    item.subjects = [name for name in [*subjects, *keywords] if name]
    item.agency = _agency(content, meta)
    _read_body(_find(element, "nar:contentSet"), item)
    return item


def _picture(element, wire_id, content):
    """Return the WirePicture of a picture newsItem: its caption, credit, alt text and remote files."""
    descriptions = {}
    for description in _findall(content, "nar:description"):
        descriptions.setdefault(_code(description.get("role")).lower(), _text(description))
    caption = first_text(descriptions, CAPTION_ROLES)
    alt_text = first_text(descriptions, ALT_TEXT_ROLES)
    holder = _find(_find(element, "nar:rightsInfo"), "nar:copyrightHolder")
    creators = [_name(creator, "") for creator in _findall(content, "nar:creator")]
    credit = next(
        (
            text
            for text in (
                _text(_find(content, "nar:creditline")),
                first_text(descriptions, CREDIT_ROLES),
                _name(holder, "") if holder is not None else "",
                _text(_find(content, "nar:by")),
                ", ".join(filter(None, creators)),
            )
            if text
        ),
        "",
    )
    hrefs = best_first(
        (_code(node.get("rendition")), pixels(node.get("width"), node.get("height")), node.get("href"))
        for node in _findall(_find(element, "nar:contentSet"), "nar:remoteContent")
        if node.get("href")
    )
    return WirePicture(wire_id=wire_id, caption=caption, credit=credit, alt_text=alt_text, hrefs=hrefs)


def _agency(content, meta):
    """Return the agency credit: the info source's name, else the provider's name or code."""
    sources = _findall(content, "nar:infoSource")
    provider = _find(meta, "nar:provider")
    candidates = [_name(source, "") for source in sources]
    if provider is not None:
        candidates += [_name(provider, ""), _code(provider.get("qcode"))]
    candidates += [_code(source.get("qcode")) for source in sources]
    return next((name for name in candidates if name), "")


def _read_body(content_set, item):
    """Fill the item's body (and byline, when NITF has one) from the first usable content."""
    for inline in _findall(content_set, "nar:inlineXML"):
        document = next((child for child in inline if isinstance(child.tag, str)), None)
        if document is None:
            continue
        kind = local_name(document.tag)
        if kind == "nitf":
            body = _descendant(document, "body.content")
            byline = _descendant(document, "byline")
            if byline is not None and not item.byline:
                item.byline = _text(byline)
        else:
            body = _descendant(document, "body") if kind == "html" else document
        if body is not None:
            item.body, item.body_is_html = inner_html(body), True
            return
    for inline in _findall(content_set, "nar:inlineData"):
        if (inline.text or "").strip():
            item.body, item.body_is_html = inline.text, "html" in (inline.get("contenttype") or "")
            return


def _descendant(element, name):
    return next((child for child in element.iter() if local_name(child.tag) == name), None)


def inner_html(element):
    """Return the markup inside ``element`` as HTML, namespaces dropped and NITF tags renamed."""
    element = copy.deepcopy(element)
    for parent in list(element.iter()):
        for index, node in reversed(list(enumerate(parent))):
            if local_name(node.tag) in NITF_MEDIA:
                parent.remove(node)
                if node.tail and node.tail.strip():
                    # The text after the picture stays, a paragraph of its own.
                    after = ElementTree.Element("p")
                    after.text = node.tail
                    parent.insert(index, after)
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue  # a comment or processing instruction
        tag = local_name(node.tag)
        node.tag = NITF_TO_HTML.get(tag, tag)
        node.attrib = {local_name(key): value for key, value in node.attrib.items()}
        # XML bodies are indented like code; a reader's HTML needs single spaces.
        node.text = _SPACES_RE.sub(" ", node.text) if node.text else node.text
        node.tail = _SPACES_RE.sub(" ", node.tail) if node.tail else node.tail
    parts = [element.text or ""]
    parts += [ElementTree.tostring(child, encoding="unicode", method="html") for child in element]
    return "".join(parts).strip()
