"""The teaser: the few words that stand for an article wherever it is listed.

One function serves the latest list, tag and source pages, search results,
feeds, the meta description and OpenGraph. The editor's standfirst wins;
otherwise the body is cut on a word boundary, paragraph-aware, so that the
end of one paragraph is never glued to the start of the next.
"""

import html
import re
from html.parser import HTMLParser

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from .html import BLOCK_TAGS

MAX_WORDS = 60
MAX_CHARS = 400
ELLIPSIS = "…"

# Only ASCII whitespace separates words: no-break spaces (U+00A0, U+202F)
# bind "29 soldats" and "« Nous" and are kept as they are.
_ASCII_SPACE_RE = re.compile(r"[ \t\n\r\f\v]+")
# What must not hang before the ellipsis: separators, openers, dashes.
_DANGLING = " ,;:.-–—(«\"'“‘\u00a0\u202f"


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment, a space at every block boundary."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """Return the plain text of ``html``: entities decoded, blocks separated by a space."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return _ASCII_SPACE_RE.sub(" ", "".join(parser.parts)).strip()


# How much HTML the teaser reads at a time.
_CHUNK_CHARS = 1024


def leading_text(html, *, words):
    """Return the plain text of ``html``, or a start of it holding at least ``words`` whole words.

    A teaser needs only the first few dozen words of a body that may run to
    many kilobytes: the HTML is parsed a piece at a time, and parsing stops
    once the text holds ``words`` words followed by more text. Those words are
    then exactly the first words of ``html_to_text(html)``.
    """
    html = html or ""
    if len(html) <= _CHUNK_CHARS:
        return html_to_text(html)
    parser = _TextExtractor()
    for start in range(0, len(html), _CHUNK_CHARS):
        parser.feed(html[start : start + _CHUNK_CHARS])
        text = _ASCII_SPACE_RE.sub(" ", "".join(parser.parts)).strip()
        # One token more than needed: the last one may be a word cut in two.
        if text.count(" ") >= words + 1:
            return text
    parser.close()
    return _ASCII_SPACE_RE.sub(" ", "".join(parser.parts)).strip()


def cut(text, *, max_words=MAX_WORDS, max_chars=MAX_CHARS):
    """Return plain ``text`` cut on a word boundary, with "…" only if something was cut."""
    text = _ASCII_SPACE_RE.sub(" ", text).strip()
    words = text.split(" ")
    if len(words) <= max_words and len(text) <= max_chars:
        return text
    kept = " ".join(words[:max_words])
    if len(kept) > max_chars:
        # Truncator counts characters as a reader sees them (NFC); then step
        # back to the last whole word.
        chopped = Truncator(kept).chars(max_chars, truncate="")
        whole_word = len(kept) == len(chopped) or kept[len(chopped)] == " "
        if not whole_word and " " in chopped:
            chopped = chopped.rsplit(" ", 1)[0]
        kept = chopped
    kept = kept.rstrip(_DANGLING)
    return kept + ELLIPSIS


def teaser_text(article, **limits):
    """Return the article's teaser as plain text (for feeds, JSON and meta tags).

    With the default limits this is the teaser stored when the article was
    saved, when there is one and it was loaded; otherwise it is computed.
    """
    if not limits:
        # A deferred field is absent from the instance's __dict__: reading it
        # would cost a query, computing costs less.
        stored = article.__dict__.get("teaser_plain")
        if stored:
            return stored
    return computed_teaser_text(article, **limits)


def computed_teaser_text(article, **limits):
    """Return the article's teaser as plain text, computed from its standfirst or body."""
    standfirst = html_to_text(article.standfirst)
    if standfirst:
        return cut(standfirst, **limits)
    # More than max_words words: the cut is the same as on the whole text.
    return cut(leading_text(article.body, words=limits.get("max_words", MAX_WORDS) + 1), **limits)


def teaser(article, **limits):
    """Return the article's teaser as escaped text, safe to print in HTML."""
    # What django.utils.html.escape() returns, without its wrapper for lazy
    # strings (a teaser is a str): six teasers an article page.
    return SafeString(html.escape(teaser_text(article, **limits)))
