"""Recognise a wire file by its content and read it into wire items."""

import json
import re
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml import ElementTree as SafeElementTree
from django.utils.translation import gettext as _

from .item import IngestError
from .newsml import ITEM_TAGS, NAR, local_name, parse_newsml
from .newsml1 import parse_newsml1
from .ninjs import parse_ninjs
from .nitf import parse_nitf

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Deeper than this, a document is not a dispatch: real items nest a dozen levels.
MAX_XML_DEPTH = 200
# Integers longer than this stay text: Python refuses to convert one of over
# 4,300 digits, and no wire number (version, urgency) needs more than a few.
MAX_INT_DIGITS = 30
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']{0,40})["']""")


def detect_format(data):
    """Return "json" or "xml" from the first meaningful byte of ``data``; raise IngestError otherwise."""
    head = data[:64]
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].replace(b"\x00", b"")
            break
    head = head.lstrip()
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "xml"
    if not head:
        raise IngestError(_("fichier vide"))
    raise IngestError(_("format inconnu : ni du JSON (ninjs) ni du XML (NewsML-G2, NewsML 1.2, NITF)"))


def parse(data):
    """Return the wire items of one file's bytes, an IngestError in place of each bad item.

    Raise IngestError when the whole file is unreadable.
    """
    if detect_format(data) == "json":
        return parse_ninjs(_load_json(data))
    root = _load_xml(data)
    if _too_deep(root):
        raise IngestError(_("XML refusé : plus de %(depth)d niveaux d'imbrication") % {"depth": MAX_XML_DEPTH})
    name = local_name(root.tag)
    if name == "nitf":
        return parse_nitf(root)
    if name == "NewsML":
        return parse_newsml1(root)
    if not root.tag.startswith("{") and f"{NAR}{name}" in (*ITEM_TAGS, f"{NAR}newsMessage"):
        # NewsML-G2 written without its namespace (as TT sends it) reads as with it.
        _qualify(root)
    return parse_newsml(root)


def _qualify(root):
    """Put every element without a namespace into NewsML-G2's (walked without recursion)."""
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = NAR + element.tag


def _json_int(text):
    return int(text) if len(text) <= MAX_INT_DIGITS else text


def _too_deep(root):
    """Return True when an element of the tree lies deeper than MAX_XML_DEPTH (walked without recursion)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def _load_json(data):
    try:
        # json.loads finds UTF-8 (with or without BOM), UTF-16 or UTF-32 by itself.
        # Infinity, NaN and 1e400 stay the words they are, for the field that reads them to refuse.
        return json.loads(data, parse_int=_json_int, parse_float=str, parse_constant=str)
    except UnicodeDecodeError as error:
        raise IngestError(
            _("encodage invalide : le fichier n'est pas en UTF-8 (octet 0x%(byte)02x à la position %(position)d)")
            % {"byte": data[error.start], "position": error.start}
        ) from error
    except json.JSONDecodeError as error:
        raise IngestError(
            _("JSON invalide, ligne %(line)d colonne %(column)d") % {"line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise IngestError(_("JSON invalide : imbrication trop profonde")) from error


def _load_xml(data):
    # defusedxml refuses entity declarations and external references:
    # no billion laughs, no reading of local files through XXE.
    try:
        return SafeElementTree.fromstring(data)
    except ParseError as error:
        line, column = error.position
        if "token" in str(error):
            reason = _("XML invalide (encodage ou caractère interdit), ligne %(line)d colonne %(column)d")
        else:
            reason = _("XML invalide, ligne %(line)d colonne %(column)d")
        raise IngestError(reason % {"line": line, "column": column}) from error
    except defusedxml.DefusedXmlException as error:
        raise IngestError(_("XML refusé : entités ou références externes interdites")) from error
    except (LookupError, ValueError) as error:
        # expat knows only a few single-byte encodings and UTF-8/16; UTF-7 or
        # an unknown name stops it before the first element.
        declared = _XML_ENCODING_RE.match(data)
        name = declared.group(1).decode("ascii", "replace") if declared else "?"
        raise IngestError(
            _("encodage « %(encoding)s » non pris en charge : UTF-8, UTF-16 ou ISO-8859-1 attendu") % {"encoding": name}
        ) from error
    except RecursionError as error:
        raise IngestError(
            _("XML refusé : plus de %(depth)d niveaux d'imbrication") % {"depth": MAX_XML_DEPTH}
        ) from error
