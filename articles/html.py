"""Article body HTML: what editors may paste, and what readers are served."""

import re

import nh3
from django.utils.html import escape

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


def looks_like_html(text):
    """Return True when ``text`` contains something shaped like a tag."""
    return bool(_TAG_RE.search(text))


def paragraphs_from_text(text):
    """Return HTML paragraphs for plain text: blank lines separate paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [" ".join(block.split("\n")).strip() for block in _BLANK_LINES_RE.split(text)]
    return "".join(f"<p>{escape(block)}</p>" for block in blocks if block)


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
    return cleaned.strip()
