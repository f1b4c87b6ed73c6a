"""Highlighted text that is safe to print.

The engines mark matched words with two control characters that never
reach a page; this module escapes everything else and turns the marks into
``<mark>`` elements, the only markup a result carries.
"""

import html
import re

from django.utils.safestring import mark_safe

START = "\x02"
STOP = "\x03"
_SPACES_RE = re.compile(r"\s+")


def strip_marks(text):
    """Return ``text`` without the two marker characters, before it is highlighted."""
    return text.replace(START, "").replace(STOP, "")


def to_html(marked, *, unescape=False):
    """Return ``marked`` as safe HTML: escaped text, marked words in ``<mark>``.

    ``unescape`` decodes character references first, for text cut from the
    article body's HTML, so that "&amp;" is shown as "&" (then escaped once).
    """
    # Escaped whole, once: the marks are control characters that neither
    # unescaping (which never yields them) nor escaping touches. html.escape
    # is what Django's escape applies, without its lazy-string wrapper.
    text = html.escape(_SPACES_RE.sub(" ", html.unescape(marked) if unescape else marked))
    out = []
    inside = False
    for index, chunk in enumerate(text.replace(STOP, START).split(START)):
        if index:
            out.append("</mark>" if inside else "<mark>")
            inside = not inside
        out.append(chunk)
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out).replace("<mark></mark>", "").strip())
