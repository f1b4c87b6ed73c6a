"""The wire item: what every supported format is read into before import."""

import math
import re
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, time

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class IngestError(Exception):
    """An item or a file that cannot be imported; the message is for editors (French)."""


class NotAnArticle(IngestError):
    """An item the agency sent that is no text story (a picture, a video, an event…): skipped, not failed."""


# What each ninjs type or NewsML-G2 item class is, when it is neither a story
# nor a picture: skipped, never published as an empty article. (Pictures go to
# the picture library, see WireItem.kind.)
NOT_ARTICLES = {
    "graphic": gettext_lazy("infographie : pas un article, non importée"),
    "audio": gettext_lazy("son : pas un article, non importé"),
    "video": gettext_lazy("vidéo : pas un article, non importée"),
    "composite": gettext_lazy("paquet de contenus : pas un article, non importé"),
    "package": gettext_lazy("paquet de contenus : pas un article, non importé"),
    "event": gettext_lazy("événement de l'agenda : pas un article, non importé"),
    "planning": gettext_lazy("prévision de l'agenda : pas un article, non importée"),
    "concept": gettext_lazy("fiche de vocabulaire : pas un article, non importée"),
}
TEXT_KINDS = {"", "text"}
TEXT, PICTURE = "text", "picture"


def item_kind(kind):
    """Return TEXT or PICTURE for ``kind`` (ninjs type, item class code); raise NotAnArticle for anything else."""
    kind = (kind or "").strip().lower()
    if kind == PICTURE:
        return PICTURE
    refuse_if_not_text(kind)
    return TEXT


def refuse_if_not_text(kind):
    """Raise NotAnArticle when ``kind`` (ninjs type, item class code) names something other than a story."""
    kind = (kind or "").strip().lower()
    if kind in TEXT_KINDS:
        return
    reason = NOT_ARTICLES.get(kind)
    raise NotAnArticle(
        str(reason) if reason else _("contenu de type « %(kind)s » : pas un article, non importé") % {"kind": kind[:30]}
    )


@dataclass
class WirePicture:
    """A picture the agency sent: as an item of its own, or with the text it belongs to.

    ``hrefs`` are where its bytes may be read, best rendition first: a path
    beside the item's file or an address on an agency's host. ``digest`` is
    known only for a picture of ours (our own export's uri).
    """

    wire_id: str = ""
    caption: str = ""
    credit: str = ""
    alt_text: str = ""
    hrefs: list[str] = field(default_factory=list)
    digest: str = ""


@dataclass
class WireItem:
    """One agency dispatch, format-neutral. Text fields are as received (not yet sanitised)."""

    wire_id: str
    format: str = ""
    version: int | None = None
    version_created: datetime | None = None
    first_created: datetime | None = None
    embargoed: datetime | None = None
    pub_status: str = "usable"
    headline: str = ""
    standfirst: str = ""
    body: str = ""
    body_is_html: bool | None = None
    byline: str = ""
    dateline: str = ""
    language: str = ""
    urgency: int | None = None
    subjects: list[str] = field(default_factory=list)
    agency: str = ""
    # The agency's slugline as sent ("Syrie-Turquie-soldats"), and the wire ids of
    # earlier items it says this one follows: what threads dispatches into a story.
    slugline: str = ""
    links: list[str] = field(default_factory=list)
    # Newsdesk's own ninjs: the quotes and tolls of its associations (dicts of
    # text, read by the importer), and the document's uri when the wire id
    # came from its altIds.
    quotes: list[dict] = field(default_factory=list)
    tolls: list[dict] = field(default_factory=list)
    own_uri: str = ""
    # TEXT: a story, its pictures (the first is its main one) in ``pictures``.
    # PICTURE: an item that is one picture, pictures[0], for the library.
    kind: str = TEXT
    pictures: list[WirePicture] = field(default_factory=list)
    # What the reader of the format noticed and an editor should know (French).
    notes: list[str] = field(default_factory=list)


PUB_STATUSES = {"usable", "withheld", "canceled"}

# The longest value each text field may hold, in characters. An item over a
# limit is refused rather than cut: a cut wire id would merge two stories,
# a cut standfirst would silently change what the agency wrote.
TEXT_LIMITS = {
    "wire_id": 255,
    "headline": 300,
    "standfirst": 3000,
    "byline": 200,
    "dateline": 100,
    "agency": 50,
    "language": 10,
}
MAX_SUBJECTS = 200
MAX_SLUGLINE_CHARS = 200
MAX_LINKS = 20
# The relations (without their scheme) by which an agency says an item follows an earlier one: NewsML-G2
# itemMeta/link@rel, ninjs links and associations' rel, Superdesk's evolvedfrom.
FOLLOW_RELATIONS = {"evolvedfrom", "previous", "previousitem", "follows", "followup", "follow-up", "update", "updates"}
MAX_SUBJECT_CHARS = 100
FIELD_LABELS = {
    "wire_id": gettext_lazy("identifiant"),
    "headline": gettext_lazy("titre"),
    "standfirst": gettext_lazy("chapô"),
    "body": gettext_lazy("texte"),
    "byline": gettext_lazy("signature"),
    "dateline": gettext_lazy("lieu"),
    "agency": gettext_lazy("agence"),
    "language": gettext_lazy("langue"),
    "subjects": gettext_lazy("mots-clés"),
    "format": gettext_lazy("format"),
    "pub_status": gettext_lazy("statut"),
    "quotes": gettext_lazy("citations"),
    "slugline": gettext_lazy("slugline"),
    "links": gettext_lazy("liens"),
    "tolls": gettext_lazy("bilans"),
}
# The longest value each field of a picture may hold (the library's columns).
PICTURE_LIMITS = {"wire_id": 255, "caption": 2000, "credit": 200, "alt_text": 300}
PICTURE_LABELS = {
    "wire_id": gettext_lazy("identifiant de la photo"),
    "caption": gettext_lazy("légende"),
    "credit": gettext_lazy("crédit"),
    "alt_text": gettext_lazy("texte alternatif"),
}
MAX_PICTURES = 50
MAX_HREF_CHARS = 2000
# Description roles of a picture, lowercased, without their scheme (drol:caption → caption).
CAPTION_ROLES = ("caption", "description", "summary", "")
CREDIT_ROLES = ("creditline", "credit")
# Only an agency's explicit alternative text is one: a caption says what the
# picture is news for, not what a reader who cannot see it would see.
ALT_TEXT_ROLES = ("alternativetext", "alttext", "alt-text", "alt", "alternative-text", "accessibility")
# Rendition names of the full-size file, tried before the others.
ORIGINAL_NAMES = ("original", "baseimage", "highres", "hires", "master", "full", "highdef")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls but tab, line feed and carriage return: XML 1.0 cannot
# carry them, so one in a headline would break every feed that lists it.
_CONTROL_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_wire_datetime(value, *, what, strict=True):
    """Return the aware UTC datetime written in ``value`` (ISO 8601), None when blank.

    A date without a time is midnight UTC; a time without an offset is UTC,
    as the wire standards say. Anything unreadable raises IngestError when
    ``strict``: an embargo that cannot be read must never turn into "publish
    now". Otherwise (an agency time, shown but not acted on) it is None.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = parse_datetime(text)
        if parsed is None:
            day = parse_date(text)
            parsed = datetime.combine(day, time.min) if day else None
    except ValueError:
        parsed = None
    try:
        # Year 9999 at -14:00 is already year 10000 in UTC, past what Python holds.
        parsed = parsed and (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        if strict:
            raise IngestError(
                _("date hors limites dans « %(field)s » : %(value)s") % {"field": what, "value": text[:40]}
            ) from None
        parsed = None
    if parsed is None and strict:
        raise IngestError(_("date illisible dans « %(field)s » : %(value)s") % {"field": what, "value": text[:40]})
    return parsed


def parse_version(value):
    """Return the item version as an integer, None when absent; raise IngestError when unreadable."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    # isdigit() alone takes "²" and other digits int() refuses.
    if not (text.isascii() and text.isdigit()):
        raise IngestError(_("version illisible : « %(value)s »") % {"value": text[:20]})
    if len(text) > 9:
        raise IngestError(_("version hors limites : %(size)d chiffres") % {"size": len(text)})
    return int(text)


def parse_urgency(value):
    """Return the urgency clamped to 1–9, None when absent; raise IngestError when not a finite number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value)[:30]) if not isinstance(value, bool) else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or len(str(value)) > 30:
        raise IngestError(_("urgence illisible : « %(value)s »") % {"value": str(value)[:20]})
    return min(max(int(number), 1), 9)


def pub_status(value):
    """Return usable, withheld or canceled from a ninjs value or a NewsML qcode (stat:canceled)."""
    code = str(value or "usable").rsplit(":", 1)[-1].strip().lower()
    if code == "cancelled":
        code = "canceled"
    if code not in PUB_STATUSES:
        raise IngestError(_("statut de publication inconnu : %(code)s") % {"code": code[:30]})
    return code


def parse_each(documents, parse):
    """Return ``parse(document)`` for each document, or the IngestError that refused it.

    One bad item in a file is reported alone; its neighbours are still read.
    """
    items = []
    for document in documents:
        try:
            items.append(checked(parse(document)))
        except IngestError as error:
            items.append(error)
        except RecursionError:
            items.append(IngestError(_("dépêche trop imbriquée pour être lue")))
    return items


def checked(item):
    """Return ``item`` with control characters removed and one-line fields on one line.

    Raise IngestError when a field is unusable. Whatever the format, this is
    where a value that the database, the feeds or a reader's browser cannot
    hold is refused, with the field named.
    """
    for spec in fields(item):
        value = getattr(item, spec.name)
        if spec.name in ("quotes", "tolls"):
            value = [text for part in value for text in _texts(part)]
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                _refuse_unstorable(text, FIELD_LABELS.get(spec.name, spec.name))
    if _CONTROL_RE.search(item.wire_id):
        raise IngestError(_("caractère de contrôle interdit dans « %(field)s »") % {"field": FIELD_LABELS["wire_id"]})
    for name in ("headline", "standfirst", "body", "byline", "dateline", "agency", "language"):
        setattr(item, name, _CONTROL_RE.sub(" ", getattr(item, name)))
    for name in ("headline", "byline", "dateline", "agency", "language"):
        setattr(item, name, " ".join(getattr(item, name).split()))
    item.standfirst = item.standfirst.strip()
    # Threading data, never shown as such: a long one is cut, not the item refused.
    item.slugline = " ".join(_CONTROL_RE.sub(" ", item.slugline).split())[:MAX_SLUGLINE_CHARS]
    item.links = [link.strip() for link in item.links if link.strip() and len(link.strip()) <= 255][:MAX_LINKS]
    for name, limit in TEXT_LIMITS.items():
        _refuse_too_long(getattr(item, name), FIELD_LABELS[name], limit)
    if len(item.subjects) > MAX_SUBJECTS:
        raise IngestError(
            _("trop de mots-clés : %(count)d (maximum %(maximum)d)")
            % {"count": len(item.subjects), "maximum": MAX_SUBJECTS}
        )
    # A keyword is a tag name, which holds 100 characters: a longer one is cut, not the item refused.
    item.subjects = [" ".join(_CONTROL_RE.sub(" ", name).split())[:MAX_SUBJECT_CHARS] for name in item.subjects]
    if item.kind == PICTURE:
        # The item is the picture: what is wrong with it is wrong with the item.
        item.pictures = [checked_picture(item.pictures[0])]
        return item
    # A story's picture that cannot be stored is left out, said in a note: the text still comes in.
    pictures = []
    for picture in item.pictures[:MAX_PICTURES]:
        try:
            pictures.append(checked_picture(picture))
        except IngestError as error:
            item.notes.append(_("photo écartée : %(reason)s") % {"reason": error})
    if len(item.pictures) > MAX_PICTURES:
        item.notes.append(
            _("%(count)d photos au-delà des %(maximum)d premières écartées")
            % {"count": len(item.pictures) - MAX_PICTURES, "maximum": MAX_PICTURES}
        )
    item.pictures = pictures
    return item


def checked_picture(picture):
    """Return ``picture`` with its text fields cleaned; raise IngestError when one cannot be stored."""
    for name, limit in PICTURE_LIMITS.items():
        value = getattr(picture, name)
        _refuse_unstorable(value, PICTURE_LABELS[name])
        value = _CONTROL_RE.sub(" ", value)
        # A caption keeps its lines; the other fields are one line.
        value = value.strip() if name == "caption" else " ".join(value.split())
        _refuse_too_long(value, PICTURE_LABELS[name], limit)
        setattr(picture, name, value)
    hrefs = []
    for href in picture.hrefs:
        if "\x00" in href or _SURROGATE_RE.search(href) or _CONTROL_RE.search(href) or len(href) > MAX_HREF_CHARS:
            continue  # an address no one can fetch: the next rendition may do
        if href.strip() and href.strip() not in hrefs:
            hrefs.append(href.strip())
    picture.hrefs = hrefs
    return picture


def _texts(value):
    """Yield the strings inside a quote's or toll's dict, however nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)


def _refuse_unstorable(text, label):
    """Raise IngestError when ``text`` holds what PostgreSQL cannot store: NUL, or half a UTF-16 pair."""
    if "\x00" in text:
        raise IngestError(_("caractère nul interdit dans « %(field)s »") % {"field": label})
    if _SURROGATE_RE.search(text):
        raise IngestError(_("caractère invalide dans « %(field)s » (moitié de paire UTF-16 isolée)") % {"field": label})


def _refuse_too_long(text, label, limit):
    if len(text) > limit:
        raise IngestError(
            _("« %(field)s » trop long : %(size)d caractères (maximum %(maximum)d)")
            % {"field": label, "size": len(text), "maximum": limit}
        )


def first_text(texts, roles):
    """Return the first non-empty ``texts[role]`` for ``roles`` in order, "" when none is."""
    return next((texts[role] for role in roles if texts.get(role)), "")


def pixels(width, height):
    """Return a rendition's pixel count from the agency's width and height, 0 when either is missing or odd."""
    sizes = [str(value or "").strip() for value in (width, height)]
    if not all(size.isascii() and size.isdigit() and len(size) <= 6 for size in sizes):
        return 0
    return int(sizes[0]) * int(sizes[1])


def best_first(renditions):
    """Return the hrefs of (name, pixels, href) renditions: the full-size file first, then the largest."""
    ordered = sorted(renditions, key=lambda rendition: (rendition[0].lower() not in ORIGINAL_NAMES, -rendition[1]))
    return [href for _name, _pixels, href in ordered]


def link_pictures(items, groups=None):
    """Give the stories of one document the pictures sent beside them as items; return ``items``.

    ``groups`` are the sets of wire ids a package ties together (NewsML-G2's
    groups): each story gets the pictures of its groups. Without a package,
    the pictures of a document holding a single story are that story's; with
    several stories and no package, no picture is guessed to be anyone's.
    """
    parsed = [item for item in items if isinstance(item, WireItem)]
    pictures = {item.wire_id: item.pictures[0] for item in parsed if item.kind == PICTURE and item.pictures}
    texts = [item for item in parsed if item.kind == TEXT]
    if not pictures or not texts:
        return items
    if groups:
        for text in texts:
            for group in groups:
                if text.wire_id in group:
                    for wire_id in group:
                        if wire_id in pictures:
                            _add_picture(text, pictures[wire_id])
    elif len(texts) == 1:
        for picture in pictures.values():
            _add_picture(texts[0], picture)
    return items


def _add_picture(text, picture):
    """Add ``picture`` to the story's, or complete the one of the same id it names without its file."""
    for known in text.pictures:
        if known.wire_id and known.wire_id == picture.wire_id:
            known.hrefs = known.hrefs or list(picture.hrefs)
            for name in ("caption", "credit", "alt_text"):
                setattr(known, name, getattr(known, name) or getattr(picture, name))
            return
    if len(text.pictures) < MAX_PICTURES:
        text.pictures.append(replace(picture, hrefs=list(picture.hrefs)))


def follows(rel):
    """Return True when a link's ``rel`` (``irel:evolvedFrom``, ``previous``…) says the item follows the one linked."""
    return str(rel or "").rsplit(":", 1)[-1].strip().lower() in FOLLOW_RELATIONS
