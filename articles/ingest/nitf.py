"""Read standalone NITF documents (News Industry Text Format, 3.x) into wire items."""

from django.utils.translation import gettext as _

from .item import IngestError, WireItem, parse_each, parse_urgency, parse_version, pub_status
from .newsml import XML_LANG, inner_html
from .xmlwire import basic_time, child, descendant, descendants, path, text_of

# NITF's management-status values; "embargoed" is usable once its release time has come.
STATUSES = {"usable": "usable", "embargoed": "usable", "withheld": "withheld", "canceled": "canceled"}


def parse_nitf(root):
    """Return the wire item (or the IngestError refusing it) of a ``<nitf>`` document, in a list."""
    return parse_each([root], nitf_item)


def nitf_item(root):
    head, body = child(root, "head"), child(root, "body")
    docdata = child(head, "docdata")
    doc_id = child(docdata, "doc-id")
    wire_id = (doc_id.get("id-string") or "").strip() if doc_id is not None else ""
    if not wire_id:
        raise IngestError(_("identifiant manquant (« doc-id » de NITF)"))
    source = (doc_id.get("regsrc") or "").strip()
    item = WireItem(wire_id=f"{source}:{wire_id}" if source and ":" not in wire_id else wire_id, format="NITF")
    du_key = child(docdata, "du-key")
    item.version = parse_version(du_key.get("version") if du_key is not None else None)
    item.slugline = (du_key.get("key") or "").strip() if du_key is not None else ""
    status = (docdata.get("management-status") or "usable").strip().lower() if docdata is not None else "usable"
    item.pub_status = pub_status(STATUSES.get(status, status))
    issued = child(docdata, "date.issue")
    item.first_created = basic_time(issued.get("norm") if issued is not None else "", what="date.issue")
    item.version_created = item.first_created
    release = child(docdata, "date.release")
    if release is not None and status == "embargoed":
        item.embargoed = basic_time(release.get("norm"), what="date.release", strict=True)
    urgency = child(docdata, "urgency")
    item.urgency = parse_urgency(urgency.get("ed-urg") if urgency is not None else None)
    copyright_ = child(docdata, "doc.copyright")
    item.agency = ((copyright_.get("holder") if copyright_ is not None else "") or source).strip()
    # NITF names the document's language in baselang ("nb-NO"); xml:lang may say it too.
    languages = (root.get("baselang"), root.get(XML_LANG), body.get(XML_LANG) if body is not None else "")
    item.language = next((value.strip() for value in languages if value and value.strip()), "")

    body_head = child(body, "body.head")
    item.headline = text_of(path(body_head, "hedline", "hl1")) or text_of(child(head, "title"))
    item.byline = ", ".join(filter(None, (text_of(byline) for byline in descendants(body_head, "byline"))))
    dateline = child(body_head, "dateline")
    item.dateline = text_of(descendant(dateline, "city")) or text_of(descendant(dateline, "location"))
    item.dateline = item.dateline or text_of(dateline)
    item.standfirst = text_of(child(body_head, "abstract"))
    subjects = [
        (node.get("tobject.subject.matter") or node.get("tobject.subject.detail") or "").strip()
        for node in descendants(head, "tobject.subject")
    ]
    keywords = [(node.get("key") or "").strip() for node in descendants(docdata, "keyword")]
    item.subjects = [name for name in [*subjects, *keywords] if name]
    content = child(body, "body.content")
    if content is not None:
        item.body, item.body_is_html = inner_html(content), True
    return item
