"""Agency HTML bodies rewritten into the body's few blocks before they are sanitised.

The sanitiser keeps only paragraphs, lists, quotes and two heading levels
and drops every other tag with its boundary: ``<div>2023</div><div>Försvar</div>``
would become "2023Försvar", a ``<br>`` or a table cell would glue two words,
and a whole HTML page would open the story with its ``<title>`` and a copy
of the headline. This pass reads the agency's markup as a browser lays it
out and writes each block it sees as one of ours, so that what the
sanitiser then removes is never a boundary between two texts.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser

# The blocks of ours that agency markup maps onto.
KEPT_BLOCKS = {"p": "p", "blockquote": "blockquote", "ul": "ul", "ol": "ol", "li": "li", "h2": "h2", "h3": "h3"}
KEPT_BLOCKS |= {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3", "dir": "ul", "menu": "ul"}
# Blocks that hold text directly: a boundary inside one of them ends it.
LEAVES = {"p", "li", "h2", "h3"}
INLINE = {"a": "a", "em": "em", "i": "em", "strong": "strong", "b": "strong"}
# Elements whose end or start separates two paragraphs, though we keep no tag for them.
BREAKS = frozenset(
    "address article aside br caption dd details div dl dt figcaption figure footer header hgroup hr "
    "main nav pre section summary table tbody tfoot thead tr".split()
)
# Neighbouring cells of a table row are words of one line, not glued.
SPACERS = frozenset({"td", "th"})
# Their text is no part of the story: the page's title, its scripts and styles.
HIDDEN = frozenset("head title script style template noscript svg math iframe object".split())
# Elements opened deeper than this are not written: the body is refused for its
# depth anyway (the importer allows 50 levels), and every step here looks
# down the open elements, which must stay few.
MAX_DEPTH = 100
# Page furniture set in the text by some agencies (TT's "Försvar" vignette beside the "TT" credit, a
# photo's caption and credit): no part of the story, and glued to its first words once tags are gone.
FURNITURE_TAGS = frozenset({"figcaption"})
FURNITURE_CLASSES = frozenset(
    "vignette kicker credit credits byline photo-credit photocredit image-credit caption photo-caption "
    "image-caption media-caption bildtext fotograf".split()
)
HEAD_CONTENT = frozenset("base link meta noscript script style template title".split())
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")


def normalise(text):
    """Return ``text`` with its runs of whitespace as single spaces."""
    return " ".join(text.split())


def wire_html(html, *, headline=""):
    """Return ``html`` as blocks the body sanitiser keeps, with no boundary lost.

    A heading that repeats ``headline`` is dropped, as are the page's head,
    title, scripts and styles. Text outside any block becomes paragraphs;
    there, and inside ``<pre>``, a blank line separates paragraphs and a
    single line break is a wrapped line.
    """
    parser = _WireBody(normalise(headline).casefold())
    parser.feed(html)
    parser.close()
    return parser.result()


class _WireBody(HTMLParser):
    def __init__(self, headline):
        super().__init__(convert_charrefs=True)
        self.headline = headline
        self.out = []
        # What is open in ``out``: (our tag, where its start tag was written).
        self.stack = []
        self.hidden = []
        self.pre = 0
        self.space = False
        self.has_text = False
        # Where the start tags of headings were written, to drop one that repeats the headline.
        self.headings = set()
        # The furniture element being skipped (tag), and how many of that tag are open inside it.
        self.furniture = None
        self.furniture_depth = 0

    # Where we are.

    def leaf(self):
        """Return the index in the stack of the innermost open leaf block, None outside any."""
        for index in range(len(self.stack) - 1, -1, -1):
            tag = self.stack[index][0]
            if tag in LEAVES:
                return index
            if tag not in INLINE.values():
                return None
        return None

    def open(self, tag, attributes=""):
        if len(self.stack) >= MAX_DEPTH:
            return
        if tag in INLINE.values() and self.space and self.leaf_has_text():
            # The space before an emphasis goes before its tag.
            self.out.append(" ")
            self.space = False
        self.stack.append((tag, len(self.out)))
        self.out.append(f"<{tag}{attributes}>")
        if tag not in INLINE.values():
            self.space = False
            self.has_text = False

    def close_to(self, index):
        """Close the elements of the stack from the top down to ``index`` included."""
        while len(self.stack) > index:
            tag, start = self.stack.pop()
            if tag in LEAVES and len(self.out) == start + 1:
                del self.out[start:]  # a paragraph left empty (its furniture skipped) is none
            else:
                self.out.append(f"</{tag}>")
        self.space = False
        # Text after a nested block (a paragraph in a list item) is words apart from what came before.
        self.has_text = self.leaf() is not None

    def ensure_leaf(self):
        """Open a paragraph for text that stands outside one (in the body, a quote or a list)."""
        if self.leaf() is not None:
            return
        inline_from = len(self.stack)
        while inline_from and self.stack[inline_from - 1][0] in INLINE.values():
            inline_from -= 1
        reopened = [tag for tag, _start in self.stack[inline_from:]]
        # An emphasis opened outside any block is closed and reopened inside the new paragraph.
        self.close_to(inline_from)
        self.open("p")
        for tag in reopened:
            self.open(tag)

    def boundary(self):
        """End the current paragraph: the text after this point starts a new one."""
        index = self.leaf()
        if index is None:
            return
        if self.stack[index][0] == "p":
            self.close_to(index)
        else:
            # A list item or a heading is one line: its parts are words apart.
            self.space = True

    # What the parser reads.

    def skipping(self, tag, *, start):
        """Return True while inside page furniture (see FURNITURE_CLASSES), counting its nested tags of its kind."""
        if self.furniture is None:
            return False
        if tag == self.furniture:
            self.furniture_depth += 1 if start else -1
            if self.furniture_depth == 0:
                self.furniture = None
                # What follows the furniture is a paragraph of its own.
                self.boundary()
        return True

    def handle_starttag(self, tag, attrs):
        if self.skipping(tag, start=True):
            return
        if not self.hidden and _is_furniture(tag, attrs):
            self.furniture, self.furniture_depth = tag, 1
            self.boundary()
            return
        if tag == "body" or (self.hidden == ["head"] and tag not in HEAD_CONTENT):
            # A head left open ends where the page's content starts, as browsers read it.
            self.hidden.clear()
        if tag in HIDDEN:
            self.hidden.append(tag)
            return
        if self.hidden:
            return
        if tag == "pre":
            self.pre += 1
        if tag in INLINE:
            self.ensure_leaf()
            href = dict(attrs).get("href") if tag == "a" else None
            self.open(INLINE[tag], f' href="{escape(href)}"' if href else "")
        elif tag in KEPT_BLOCKS:
            self.start_block(KEPT_BLOCKS[tag], heading=tag[0] == "h")
        elif tag in BREAKS:
            self.boundary()
        elif tag in SPACERS:
            self.space = True

    def start_block(self, tag, *, heading):
        if tag == "li":
            # A list item ends the previous one of its list.
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index][0] in ("ul", "ol"):
                    break
                if self.stack[index][0] == "li":
                    self.close_to(index)
                    break
        leaf = self.leaf()
        if leaf is not None and self.stack[leaf][0] != "li":
            # A block inside a paragraph or a heading ends it, as in HTML.
            self.close_to(leaf)
        if tag == "li" and not any(open_tag in ("ul", "ol") for open_tag, _start in self.stack):
            tag = "p"
        if heading:
            self.headings.add(len(self.out))
        self.open(tag)

    def handle_startendtag(self, tag, attrs):
        if self.furniture is not None or _is_furniture(tag, attrs):
            return  # an empty element: nothing to skip
        self.handle_starttag(tag, attrs)
        if tag not in INLINE and tag not in KEPT_BLOCKS:
            return
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skipping(tag, start=False):
            return
        if tag in HIDDEN:
            if tag in self.hidden:
                del self.hidden[self.hidden.index(tag) :]
            return
        if self.hidden:
            return
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)
        ours = INLINE.get(tag) or KEPT_BLOCKS.get(tag)
        if ours:
            self.end_element(ours, block=tag in KEPT_BLOCKS)
        elif tag in BREAKS:
            self.boundary()
        elif tag in SPACERS:
            self.space = True

    def end_element(self, tag, *, block):
        for index in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[index]
            if entry[0] == tag:
                break
            if not block and entry[0] not in INLINE.values():
                return  # an emphasis never closes across a block
        else:
            return
        start = entry[1]
        self.close_to(index)
        if start in self.headings and self.headline and normalise(_text(self.out[start:])).casefold() == self.headline:
            del self.out[start:]

    def handle_data(self, data):
        if self.hidden or self.furniture is not None:
            return
        if self.pre or self.leaf() is None:
            # Plain text: a blank line is a paragraph break, a single line break a wrap.
            pieces = _BLANK_LINE_RE.split(data.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            pieces = [data]
        for number, piece in enumerate(pieces):
            if number:
                self.boundary()
            self.write(piece)

    def write(self, text):
        words = normalise(text)
        if not words:
            self.space = self.space or bool(text)
            return
        self.ensure_leaf()
        if (self.space or text[:1].isspace()) and self.leaf_has_text():
            words = " " + words
        self.out.append(escape(words, quote=False))
        self.has_text = True
        self.space = text[-1:].isspace()

    def leaf_has_text(self):
        return self.has_text and self.leaf() is not None

    def result(self):
        self.close_to(0)
        return "".join(self.out)


def _is_furniture(tag, attrs):
    """Return True for an element that is page furniture, not story text: a caption, a credit, a vignette."""
    if tag in FURNITURE_TAGS:
        return True
    classes = " ".join(value or "" for name, value in attrs if name == "class").lower().split()
    return any(name in FURNITURE_CLASSES for name in classes)


def _text(parts):
    """Return the text written in ``parts`` (escaped text never starts with "<")."""
    return unescape("".join(part for part in parts if not part.startswith("<")))
