"""Find the quotes and tolls of a dispatch: the rules of extraction.rules, with spaCy's names."""

import html
import re
from dataclasses import dataclass, field

from . import rules


@dataclass
class Found:
    quotes: list = field(default_factory=list)
    tolls: list = field(default_factory=list)


def plain_text(body_html):
    """Return the text of sanitised body HTML, one paragraph a line."""
    text = re.sub(r"(?i)</(?:p|h2|h3|li|blockquote)>|<br\s*/?>", "\n\n", body_html)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def extract(text, *, names=None):
    """Return the Found quotes and tolls of ``text``.

    ``names`` is a function returning, for a list of sentences, spaCy's
    (start, end, label) entities of each (extraction.nlp.people by default);
    ``names=False`` uses the rules alone. It reads only the sentences whose speaker may hold a name, not the
    whole dispatch: most of the copy has no attribution to read.
    """
    if names is None:
        from .nlp import people as names
    parsed = []
    for _offset, sentence in rules.sentences(text):
        hidden, quotations = rules.masked(sentence)
        parsed.append((sentence, hidden, quotations, rules.attribution(hidden)))
    # One batch through the model, for the sentences whose speaker may be a name.
    wanted = list(dict.fromkeys(s for s, _h, _q, who in parsed if names and _may_hold_a_name(who.speaker)))
    entities = dict(zip(wanted, names(wanted), strict=True)) if wanted else {}
    found = Found()
    last_speaker = ""
    for sentence, hidden, quotations, who in parsed:
        speaker = who.speaker
        if sentence in entities:
            speaker = _named(speaker, sentence, entities[sentence])
        elif who.pronoun:
            speaker = last_speaker
        for words in quotations:
            words = words.strip().rstrip(",").strip()
            # A word or two in quotation marks inside a sentence ("a salué « le
            # courage »") is an expression; a short sentence of its own is a quote.
            if len(words.split()) < 2 or (len(words.split()) < 3 and not hidden.startswith(rules.MASK)):
                continue
            found.quotes.append(rules.FoundQuote(text=words, speaker=speaker, sentence=sentence))
        for toll in rules.tolls_in(hidden):
            toll.source = speaker
            found.tolls.append(toll)
        if speaker and not who.pronoun:
            last_speaker = speaker
    return found


# Titles that open a capitalised run without being part of the name.
TITLES = {
    "president", "prime", "minister", "ministre", "premier", "defence", "defense", "interior", "foreign",
    "health", "finance", "dr", "mr", "mrs", "ms", "general", "gen", "chancellor", "secretary", "governor",
    "mayor", "senator", "un", "un's", "king", "queen", "pope", "président", "chancelier", "préfet", "sheikh",
}  # fmt: skip
NAME_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*|al-\w+|el-\w+|de|du|des|von|van|bin|ben|ibn)$")


def _may_hold_a_name(speaker):
    words = (speaker or "").split()
    return len(words) > 1 and any(word[0].isupper() for word in words[1:])


def _named(speaker, sentence, entities):
    """Return the person named in ``speaker`` when spaCy sees one there, else ``speaker``.

    The French model tags English names too, with loose edges ("spokesman
    Ashraf al-Qudra said"): only the capitalised words of the speaker that
    the entity covers are kept.
    """
    where = sentence.find(speaker)
    if where < 0:
        return speaker
    start, end = where, where + len(speaker)
    for s, e, label in entities:
        if label != "PER" or e <= start or s >= end:
            continue
        covered = sentence[max(s, start) : min(e, end)]
        words = covered.split()
        while words and not NAME_WORD.match(words[0]):
            words = words[1:]
        while words and (words[0].lower() in TITLES or words[0].lower().rstrip(".") in TITLES):
            words = words[1:]
        run = []
        for word in words:
            if not NAME_WORD.match(word):
                break
            run.append(word)
        while run and run[-1][0].islower():
            run.pop()
        if run:
            return " ".join(run)
    return _trailing_name(speaker)


def _trailing_name(speaker):
    """Return the name that ends a role ("company spokesman John Miller"), else ``speaker``."""
    words = speaker.split()
    run = []
    for word in reversed(words):
        if not NAME_WORD.match(word) or word.lower() in TITLES:
            break
        run.insert(0, word)
    while run and run[0][0].islower():
        run.pop(0)
    if len(run) >= 2 and len(run) < len(words):
        return " ".join(run)
    return speaker
