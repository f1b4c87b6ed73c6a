"""Read NewsML 1.2 documents (as AFP still delivers them) into wire items.

A NewsML 1 item is named by its NewsIdentifier: the provider, the date and
the item id make the wire id (``urn:newsml:afp.com:20261204:TX-PAR-SYR01``),
the RevisionId is the version. Its story is the first text ContentItem of
its NewsComponents. A component with a Photo role (or holding only
photos) is a picture: the story's, or the item itself when it has no text
outside its pictures' captions; a tree holding only sounds or videos is no
article.
"""

from django.utils.translation import gettext as _

from .item import (
    ALT_TEXT_ROLES,
    PICTURE,
    IngestError,
    NotAnArticle,
    WireItem,
    WirePicture,
    best_first,
    first_text,
    parse_each,
    parse_urgency,
    parse_version,
    pixels,
    pub_status,
    refuse_if_not_text,
)
from .newsml import XML_LANG, inner_html, local_name
from .xmlwire import basic_time, child, children, descendant, descendants, path, text_of

# NewsML 1 MediaType names, as the item types of the other formats.
MEDIA_TYPES = {"text": "text", "photo": "picture", "graphic": "graphic", "audio": "audio", "video": "video"}
# NewsItemType names of a story or a picture; the others (a package…) are none.
NEWS_KINDS = {"alert", "news", "exclusive", "photo", "picture"}
# Roles of a NewsComponent that is a picture, and of the parts of one.
PICTURE_ROLES = {"photo", "picture", "image"}
CAPTION_ROLES = ("caption", "legend")


def parse_newsml1(root):
    """Return the wire items (or IngestError for bad ones) of a ``<NewsML>`` document."""
    items = [element for element in root.iter() if local_name(element.tag) == "NewsItem"]
    if not items:
        raise IngestError(_("NewsML 1 sans dépêche (aucun « NewsItem »)"))
    return parse_each(items, newsml1_item)


def _formal(element):
    return (element.get("FormalName") or "").strip() if element is not None else ""


def newsml1_item(element):
    identifier = path(element, "Identification", "NewsIdentifier")
    provider, date, item_id = (text_of(child(identifier, name)) for name in ("ProviderId", "DateId", "NewsItemId"))
    if provider and date and item_id:
        wire_id = f"urn:newsml:{provider}:{date}:{item_id}"
    else:
        public = text_of(child(identifier, "PublicIdentifier"))
        if not public:
            raise IngestError(_("identifiant manquant (« NewsIdentifier » de NewsML 1)"))
        # A public identifier ends with the revision: the same item keeps one id across revisions.
        wire_id = public.rsplit(":", 1)[0] if public.count(":") > 4 else public
    management = child(element, "NewsManagement")
    kind = _formal(child(management, "NewsItemType")).lower()
    if kind and kind not in NEWS_KINDS:
        raise NotAnArticle(_("élément NewsML de type « %(kind)s » : pas un article, non importé") % {"kind": kind[:30]})

    item = WireItem(wire_id=wire_id, format="NewsML 1.2")
    item.version = parse_version(text_of(child(identifier, "RevisionId")))
    status = _formal(child(management, "Status")).lower()
    if status == "embargoed":
        when = path(management, "StatusWillChange", "DateAndTime")
        item.embargoed = basic_time(text_of(when), what="StatusWillChange", strict=True)
        status = "usable"
    item.pub_status = pub_status(status or "usable")
    item.first_created = basic_time(text_of(child(management, "FirstCreated")), what="FirstCreated")
    item.version_created = basic_time(text_of(child(management, "ThisRevisionCreated")), what="ThisRevisionCreated")
    item.urgency = parse_urgency(_formal(child(management, "Urgency")) or None)

    root = child(element, "NewsComponent")
    photos = _picture_components(root)
    component = _text_component(root, photos)
    if component is None:
        item.kind = PICTURE
        item.pictures = [_picture(photos[0], wire_id)]
        return item
    item.pictures = [_picture(photo, f"{wire_id}#{photo.get('Duid')}" if photo.get("Duid") else "") for photo in photos]
    lines = descendant(component, "NewsLines")
    item.headline = text_of(child(lines, "HeadLine")) or text_of(child(lines, "SlugLine"))
    item.slugline = text_of(child(lines, "SlugLine"))
    item.byline = text_of(child(lines, "ByLine"))
    item.dateline = _city(component) or text_of(child(lines, "DateLine"))
    item.standfirst = text_of(child(lines, "SubHeadLine"))
    descriptive = descendant(component, "DescriptiveMetadata")
    language = descendant(descriptive, "Language")
    item.language = _formal(language) or (element.get(XML_LANG) or "").strip()
    keywords = [text_of(line) for line in children(lines, "KeywordLine")]
    subjects = [node.get("Value") or "" for node in descendants(descriptive, "Property") if _formal(node) == "Keyword"]
    item.subjects = [name.strip() for name in [*keywords, *subjects] if name.strip()]
    party = path(descendant(component, "AdministrativeMetadata"), "Provider", "Party")
    item.agency = _formal(party) or text_of(child(lines, "CreditLine")) or provider.split(".", 1)[0].upper()
    _read_content(component, item)
    return item


def _media(content_item):
    return MEDIA_TYPES.get(_formal(child(content_item, "MediaType")).lower(), "text")


def _text_component(component, photos):
    """Return the NewsComponent whose ContentItem is text, outside ``photos`` (and their captions).

    Return None when the item is only a picture; raise NotAnArticle when it
    holds only other media (sound, video…).
    """
    if component is None:
        raise IngestError(_("NewsML 1 sans contenu (aucun « NewsComponent »)"))
    inside = {id(node) for photo in photos for node in photo.iter()}
    kinds = [
        _media(node) for node in component.iter() if local_name(node.tag) == "ContentItem" and id(node) not in inside
    ]
    if photos and "text" not in kinds:
        return None
    if kinds and "text" not in kinds:
        refuse_if_not_text(kinds[0])
    for node in component.iter():
        if (
            local_name(node.tag) == "NewsComponent"
            and id(node) not in inside
            and any(_media(content) == "text" for content in children(node, "ContentItem"))
        ):
            return node
    return component


def _is_picture(component):
    role = _formal(child(component, "Role")).lower()
    if role in PICTURE_ROLES:
        return True
    media = {_media(content) for content in children(component, "ContentItem")}
    return "picture" in media and "text" not in media


def _picture_components(component):
    """Return the outermost NewsComponents below ``component`` (itself included) that are pictures."""
    found, inside = [], set()
    for node in component.iter() if component is not None else ():
        if local_name(node.tag) == "NewsComponent" and id(node) not in inside and _is_picture(node):
            found.append(node)
            inside.update(id(part) for part in node.iter())
    return found


def _picture(component, wire_id):
    """Return the WirePicture of a Photo NewsComponent: its files (largest first), caption, credit, alt text."""
    files = []
    for part in [component, *descendants(component, "NewsComponent")]:
        role = _formal(child(part, "Role")).lower()
        for content in children(part, "ContentItem"):
            if _media(content) == "picture" and (content.get("Href") or "").strip():
                files.append((role, _pixels(content), content.get("Href").strip()))
    texts = {}
    for part in descendants(component, "NewsComponent"):
        role = _formal(child(part, "Role")).lower()
        content = next((c for c in children(part, "ContentItem") if _media(c) == "text"), None)
        if content is not None:
            texts.setdefault(role, text_of(child(content, "DataContent")))
    lines = (
        descendant(component, "NewsLines") if child(component, "NewsLines") is None else child(component, "NewsLines")
    )
    creator = path(descendant(component, "AdministrativeMetadata"), "Creator", "Party")
    credit = text_of(child(lines, "CreditLine")) or text_of(child(lines, "ByLine")) or _formal(creator)
    return WirePicture(
        wire_id=wire_id,
        caption=first_text(texts, CAPTION_ROLES),
        credit=credit,
        alt_text=first_text(texts, ALT_TEXT_ROLES),
        hrefs=best_first(files),
    )


def _pixels(content):
    sizes = {_formal(prop).lower(): prop.get("Value") for prop in descendants(content, "Property")}
    return pixels(sizes.get("width"), sizes.get("height"))


def _city(component):
    location = descendant(descendant(component, "DescriptiveMetadata"), "Location")
    for prop in descendants(location, "Property"):
        if _formal(prop) in ("City", "Town"):
            return (prop.get("Value") or "").strip()
    return ""


def _read_content(component, item):
    for content in children(component, "ContentItem"):
        if _media(content) != "text":
            continue
        data = child(content, "DataContent")
        if data is None:
            continue
        body = descendant(data, "body.content")
        if body is None:
            body = descendant(data, "body")
        if body is None:
            body = data
        if len(body):
            item.body, item.body_is_html = inner_html(body), True
        else:
            # Plain text keeps its line breaks: blank lines separate its paragraphs.
            item.body, item.body_is_html = "".join(body.itertext()), False
        if item.body.strip():
            return
