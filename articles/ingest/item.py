"""The wire item: what every supported format is read into before import."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _


class IngestError(Exception):
    """An item or a file that cannot be imported; the message is for editors (French)."""


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


PUB_STATUSES = {"usable", "withheld", "canceled"}


def parse_wire_datetime(value, *, what):
    """Return the aware datetime written in ``value`` (ISO 8601), None when blank.

    A date without a time is midnight UTC; a time without an offset is UTC,
    as the wire standards say. Anything unreadable raises IngestError: an
    embargo that cannot be read must never turn into "publish now".
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
    if parsed is None:
        raise IngestError(_("date illisible dans « %(field)s » : %(value)s") % {"field": what, "value": text[:40]})
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_version(value):
    """Return the item version as an integer, or None when absent or not a whole number."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() and len(text) < 10 else None


def parse_urgency(value):
    """Return the urgency clamped to 1–9, or None when absent or unreadable."""
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return min(max(number, 1), 9)


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
            items.append(parse(document))
        except IngestError as error:
            items.append(error)
    return items
