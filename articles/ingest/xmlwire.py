"""What the older XML wire formats share: basic ISO 8601 times and element look-ups by local name."""

import re

from .item import parse_wire_datetime
from .newsml import local_name

# "20261204T080500Z", "20261204T0805+0100", "20261204": ISO 8601 basic format,
# which NewsML 1 and NITF write and parse_datetime does not read.
_BASIC_TIME_RE = re.compile(
    r"(?P<date>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):?(?P<minute>\d{2})(?::?(?P<second>\d{2}))?(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)


def basic_time(value, *, what, strict=False):
    """Return the aware UTC datetime of an ISO 8601 time, basic or extended format; None when blank."""
    text = (value or "").strip()
    match = _BASIC_TIME_RE.match(text)
    if match:
        parts = match.groupdict()
        text = f"{parts['date']}-{parts['month']}-{parts['day']}"
        if parts["hour"]:
            text += f"T{parts['hour']}:{parts['minute']}:{parts['second'] or '00'}"
            zone = parts["zone"] or ""
            text += zone if zone in ("", "Z") else f"{zone[:3]}:{zone[-2:]}"
    return parse_wire_datetime(text, what=what, strict=strict)


def child(element, name):
    """Return the first child of ``element`` named ``name`` (any namespace), None when there is none."""
    if element is None:
        return None
    return next((node for node in element if local_name(node.tag) == name), None)


def children(element, name):
    return [node for node in element if local_name(node.tag) == name] if element is not None else []


def descendant(element, name):
    """Return the first element below ``element`` named ``name`` (any namespace), None when there is none."""
    if element is None:
        return None
    return next((node for node in element.iter() if local_name(node.tag) == name and node is not element), None)


def descendants(element, name):
    return [node for node in element.iter() if local_name(node.tag) == name] if element is not None else []


def path(element, *names):
    for name in names:
        element = child(element, name)
    return element


def text_of(element):
    """Return the element's text with its runs of whitespace as single spaces, "" for None."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
