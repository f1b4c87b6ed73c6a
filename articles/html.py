"""Article body HTML: what editors may paste, and what readers are served."""

import re

import nh3

from .french import NBSP

# The short allow-list of the body: paragraphs, links, emphasis, quotes,
# lists and two heading levels. Everything else is removed, contents kept.
ALLOWED_TAGS = {"p", "a", "em", "strong", "blockquote", "ul", "ol", "li", "h2", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Elements whose whole content is dropped, not only the tag.
CLEAN_CONTENT_TAGS = {"script", "style", "template", "svg", "math", "iframe", "object", "noscript"}

# Block elements: where one ends and another starts, text must not be glued.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)

_TAG_RE = re.compile(r"<(?:/?[a-zA-Z]|!--)")
_BLANK_LINES_RE = re.compile(r"\n[ \t\r\f\v]*\n")
# A tag as the sanitiser writes it: attribute values always in double quotes,
# a double quote inside them escaped, so a ">" can only end the tag outside them.
_SERIALISED_TAG_RE = re.compile(r'<(?:[^>"]|"[^"]*")*>')
# Between two blocks, whitespace is layout: the stored body has none, and the
# form shows each block on its own line.
_BETWEEN_BLOCKS_RE = re.compile(r"(</(?:p|blockquote|ul|ol|li|h2|h3)>|<(?:ul|ol|blockquote)>)\s+(?=<)")
_BLOCK_END_RE = re.compile(r"(</(?:p|blockquote|ul|ol|li|h2|h3)>|<(?:ul|ol|blockquote)>)(?=<)")


def looks_like_html(text):
    """Return True when ``text`` contains something shaped like a tag."""
    return bool(_TAG_RE.search(text))


def _escape_text(text):
    # Only what HTML text requires: quotes and apostrophes stay as typed, so
    # the body box shows "l'armée", not "l&#x27;armée".
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs_from_text(text):
    """Return HTML paragraphs for plain text: blank lines separate paragraphs.

    A single line break is a wrapped line (agency copy is often wrapped at
    some 70 characters) and becomes a space.
    """
    blocks = [" ".join(block.split("\n")).strip() for block in _BLANK_LINES_RE.split(_normalise_newlines(text))]
    return "".join(f"<p>{_escape_text(block)}</p>" for block in blocks if block)


def paragraphs_from_lines(text):
    """Return HTML paragraphs for plain text pasted by an editor: every non-blank line is a paragraph."""
    lines = (line.strip() for line in _normalise_newlines(text).split("\n"))
    return "".join(f"<p>{_escape_text(line)}</p>" for line in lines if line)


def has_single_line_breaks(text):
    """Return True when plain ``text`` has a line break that is not part of a blank line."""
    return "\n" in _BLANK_LINES_RE.sub("", _normalise_newlines(text).strip())


def map_text(html, function):
    """Return sanitised ``html`` with ``function`` applied to each run of text between tags.

    The text is passed unescaped and escaped again, so ``function`` sees what a
    reader reads ("&amp;" as "&"). Tags and their attributes (link targets) are
    left untouched.
    """
    from html import unescape

    out = []
    position = 0
    for tag in _SERIALISED_TAG_RE.finditer(html):
        out.append(_escape_text(function(unescape(html[position : tag.start()]))))
        out.append(tag.group())
        position = tag.end()
    out.append(_escape_text(function(unescape(html[position:]))))
    return "".join(out)


def compact_blocks(html):
    """Return ``html`` without the layout whitespace between blocks (the stored form)."""
    return _BETWEEN_BLOCKS_RE.sub(r"\1", html)


def block_per_line(html):
    """Return ``html`` with each block on its own line, for editing in a plain text box."""
    return _BLOCK_END_RE.sub("\\1\n", compact_blocks(html))


def clean_body(value):
    """Return ``value`` as safe body HTML.

    Plain text (no tag in it) becomes paragraphs; HTML is reduced to the
    allow-list. Text that sits directly in the body, outside any block, is
    kept: nh3 leaves it where it stands.
    """
    value = (value or "").strip()
    if not value:
        return ""
    if not looks_like_html(value):
        return paragraphs_from_text(value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # The serialiser writes U+00A0 as "&nbsp;"; the character itself keeps the
    # body box readable (French typography puts one before every colon).
    return cleaned.replace("&nbsp;", NBSP).strip()
