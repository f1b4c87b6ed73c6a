"""The reader's text: cleaned, bounded, and read as web-search syntax.

PostgreSQL reads the syntax itself (``websearch_to_tsquery``); this module
reads it the same way for SQLite FTS5 and for the spelling suggestion, so
both engines understand ``"phrase exacte"``, ``-mot`` and ``OR``.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Longer queries are cut: no reader types more, and it bounds the work of
# parsing, matching and highlighting. The search box has the same maxlength.
MAX_QUERY_LENGTH = 200

# Words PostgreSQL's French configuration ignores; SQLite drops them too so
# that "la défense" does not require "la" to be indexed next to "défense".
FRENCH_STOP_WORDS = frozenset(
    """
    a ai aie au aux avec c ce ces cet cette d dans de des du elle en et eux il ils j je l la le les leur lui
    m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta
    te tes toi ton tu un une vos votre vous y est sont ete etait etaient
    """.split()
)

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD_RE = re.compile(r"\w+")


def clean(text):
    """Return ``text`` as one line of printable characters, cut to the documented limit."""
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(word):
    """Return ``word`` lowercased and without accents ("Défense" -> "defense")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """Return the words of ``text`` (letters and digits), in order."""
    return _WORD_RE.findall(text)


@dataclass
class Term:
    """One thing to find: a word, or the words of a phrase in order."""

    words: list
    phrase: bool = False

    @property
    def ordered(self):
        """True when the words must follow each other: a quoted phrase of two words or more."""
        return self.phrase and len(self.words) > 1


@dataclass
class ParsedQuery:
    """The query as groups of alternatives (ANDed together) and excluded terms."""

    groups: list = field(default_factory=list)  # list[list[Term]]: OR inside, AND between
    excluded: list = field(default_factory=list)  # list[Term]

    def positive_words(self):
        return [word for group in self.groups for term in group for word in term.words]


def parse(text):
    """Return the :class:`ParsedQuery` of the reader's (cleaned) ``text``.

    Like PostgreSQL's websearch syntax: words are all required, ``"…"`` is a
    phrase, ``-`` excludes, ``or`` between two terms makes either do. French
    stop words outside phrases are dropped. Nothing in ``text`` is an error.
    """
    parsed = ParsedQuery()
    pending_or = False
    for match in _TOKEN_RE.finditer(text):
        negated_phrase, phrase, bare = match.groups()
        if phrase is not None:
            negated, term = bool(negated_phrase), Term([fold(w) for w in words(phrase)], phrase=True)
            terms = [term] if term.words else []
        else:
            if bare.lower() == "or":
                pending_or = bool(parsed.groups)
                continue
            negated = bare.startswith("-")
            kept = [fold(w) for w in words(bare)]
            terms = [Term([w]) for w in kept if len(w) > 1 and w not in FRENCH_STOP_WORDS]
        if not terms:
            continue
        if negated:
            parsed.excluded.extend(terms)
        elif pending_or:
            parsed.groups[-1].append(terms[0])
            parsed.groups.extend([t] for t in terms[1:])
        else:
            parsed.groups.extend([t] for t in terms)
        pending_or = False
    return parsed
