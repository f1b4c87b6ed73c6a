"""Find the quotes and tolls of a dispatch: the rules of extraction.rules, with spaCy's names."""

import html
import re
from dataclasses import dataclass, field

from . import rules


@dataclass
class Found:
    quotes: list = field(default_factory=list)
    tolls: list = field(default_factory=list)
    # The figures the copy gives as earlier ones ("un précédent bilan faisait état de…"): never suggested.
    earlier: list = field(default_factory=list)


def plain_text(body_html):
    """Return the text of sanitised body HTML, one paragraph a line."""
    text = re.sub(r"(?i)</(?:p|h2|h3|li|blockquote)>|<br\s*/?>", "\n\n", body_html)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass
class _Sentence:
    text: str
    hidden: str  # quotations masked
    quotations: list
    who: rules.Attribution
    speaker: str = ""


# Where a sentence holds a second party's figure: "…, selon les autorités, tandis que l'opposition avance …".
CLAUSE = re.compile(
    r"(?i),\s+(?:tandis\s+qu(?:e\b|['’])|alors\s+qu(?:e\b|['’])|mais\b|while\b|whereas\b|but\b|and\b|et\b)|;\s+"
)
# Where a sentence's subject stands, for the sentence before a pronoun.
OPENING = 120
# "La ministre de la Transition écologique a présenté …": a role as the subject, when no name is given.
ROLE = (
    r"ministre|président|présidente|porte-parole|maire|chef|gouverneur|directeur|directrice|secrétaire|procureur|"
    r"préfet|préfète|minister|president|spokesman|spokeswoman|spokesperson|mayor|chief|governor|director|"
    r"secretary|prosecutor"
)
ROLE_SUBJECT = re.compile(
    rf"(?i)^(?P<who>(?:le|la|l['’]|the)\s+(?:{ROLE})\b[^,;«»“”\"]{{0,60}}?)\s+(?:a|ont|has|have|had|est|was)\s+\w+"
)


def extract(text, *, names=None):
    """Return the Found quotes and tolls of ``text``.

    ``names`` is a function returning, for a list of short texts, spaCy's
    (start, end, label) entities of each (extraction.nlp.people by default);
    ``names=False`` uses the rules alone. It reads only the speaker phrases whose name the rules cannot
    bound, and the opening of a sentence before a pronoun ("a-t-il dit"), not the whole dispatch.
    """
    if names is None:
        from .nlp import people as names
    parsed = []
    for _offset, sentence in rules.sentences(text):
        hidden, quotations = rules.masked(sentence)
        parsed.append(_Sentence(sentence, hidden, quotations, rules.attribution(hidden)))
    entities = _entities(parsed, names) if names else {}
    found = Found()
    last_speaker = ""
    for index, sentence in enumerate(parsed):
        speaker = sentence.who.speaker
        if speaker in entities:
            speaker = _trailing_name(_named(speaker, speaker, entities[speaker]))
        elif speaker:
            speaker = _plain_name(speaker)
        elif sentence.who.pronoun:
            speaker = _antecedent(parsed[index - 1] if index else None, entities) or last_speaker
        sentence.speaker = speaker
        found.quotes += _quotes(sentence)
        for toll in rules.tolls_in(sentence.hidden, earlier=True):
            toll.source = _clause_source(sentence, toll.position) or rules.arrester(sentence.hidden, toll)
            (found.earlier if toll.earlier else found.tolls).append(toll)
        # A figure said inside the quotation marks is the speaker's.
        for words in sentence.quotations:
            for toll in rules.tolls_in(words, earlier=True):
                toll.source, toll.sentence = speaker, sentence.text
                (found.earlier if toll.earlier else found.tolls).append(toll)
        last_speaker = speaker or last_speaker
    found.tolls = _merged(found.tolls)
    return found


def _entities(parsed, names):
    """Return spaCy's entities of the phrases that need them, read in one batch.

    The model reads a speaker's phrase, not its whole sentence, and the opening of the sentence before a
    pronoun: a few words each, so a 400-word dispatch costs a few milliseconds.
    """
    wanted = []
    for index, sentence in enumerate(parsed):
        speaker = sentence.who.speaker
        # A name alone ("Ursula von der Leyen") or one the rules see needs no model.
        if _may_hold_a_name(speaker) and _plain_name(speaker) == speaker and not re.fullmatch(rules.NAME_RUN, speaker):
            wanted.append(speaker)
        elif sentence.who.pronoun and index and not parsed[index - 1].who.speaker:
            wanted.append(_opening(parsed[index - 1]))
    wanted = list(dict.fromkeys(wanted))
    return dict(zip(wanted, names(wanted), strict=True)) if wanted else {}


def _antecedent(previous, entities):
    """Return who a pronoun stands for: the previous sentence's speaker, else the first person it names."""
    if previous is None:
        return ""
    if previous.speaker:
        return previous.speaker
    opening = _opening(previous)
    for start, end, label in entities.get(opening, []):
        if label == "PER":
            return _trailing_name(_named(opening[start:end], opening, entities[opening]))
    # The French model misses many English names: the first run of capitalised words, titles aside (from
    # the second letter on: the first word is capitalised for its place, as "Le" in "Le Premier ministre").
    if match := re.search(rules.NAME_RUN, previous.hidden[1:]):
        return _trailing_name(match.group())
    # "La ministre de la Transition écologique a présenté un plan. « … », a-t-elle assuré."
    if match := ROLE_SUBJECT.match(previous.hidden):
        return match.group("who")
    return ""


def _opening(sentence):
    """Return the first words of a sentence, where its subject stands."""
    return sentence.text[:OPENING]


def _quotes(sentence):
    """Return the FoundQuotes of a sentence; a word or a short phrase in quotation marks is an expression."""
    quotes = []
    for words in sentence.quotations:
        words = words.strip().rstrip(",").strip()
        length = len(words.split())
        opens = sentence.hidden.startswith(rules.MASK)
        # A word or two in quotation marks inside a sentence ("a salué « le courage »") is an expression.
        if length < 2 or (not opens and length < 3):
            continue
        quotes.append(rules.FoundQuote(text=words, speaker=sentence.speaker, sentence=sentence.text))
    return quotes


def _clause_source(sentence, position):
    """Return the source of the figure at ``position``: its clause's own party, else the sentence's speaker."""
    bounds = [0, *(match.end() for match in CLAUSE.finditer(sentence.hidden)), len(sentence.hidden)]
    if len(bounds) == 2:
        return sentence.speaker
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start <= position < end:
            who = rules.attribution(sentence.hidden[start:end])
            if who.speaker and rules.fold(who.speaker) not in rules.fold(sentence.who.speaker or "-"):
                return _trailing_name(who.speaker)
    return sentence.speaker


def _merged(tolls):
    """Return ``tolls`` with each figure once: a headline's or standfirst's repeat of the body's is one toll."""
    kept = []
    for toll in tolls:
        twin = next(
            (k for k in kept if (k.outcome, k.count, k.count_max) == (toll.outcome, toll.count, toll.count_max)), None
        )
        if twin is None:
            kept.append(toll)
            continue
        if twin.qualifier == "exact":
            twin.qualifier = toll.qualifier
        twin.source = twin.source or toll.source
        twin.victims = toll.victims or twin.victims
        if len(toll.sentence) > len(twin.sentence):
            twin.sentence = toll.sentence
    return kept


# Titles that open a capitalised run without being part of the name.
TITLES = {
    "president", "prime", "minister", "ministre", "premier", "defence", "defense", "interior", "foreign",
    "health", "finance", "dr", "mr", "mrs", "ms", "general", "gen", "chancellor", "secretary", "governor",
    "mayor", "senator", "me", "sheriff", "commissioner", "capitaine", "colonel", "captain",
    "un", "un's", "king", "queen", "pope", "président", "chancelier", "préfet", "sheikh",
}  # fmt: skip
NAME_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*|al-\w+|el-\w+|de|du|des|von|van|der|bin|ben|ibn)$")


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
        if sentence[e : e + 2] in ("'s", "’s") or sentence[e - 1] in "'’":
            continue  # "Sri Lanka's disaster centre", "Netanyahu's office": the owner does not speak
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


def _plain_name(speaker):
    """Return the name a speaker's phrase plainly holds, without the model, else the phrase.

    "Ben Jamal, director of the campaign" -> "Ben Jamal"; "le porte-parole de la police, Mohamed Ali" ->
    "Mohamed Ali".
    """
    if match := re.match(rf"({rules.NAME_RUN}),", speaker):
        return _trailing_name(match.group(1)) if match.group(1).split()[0].lower() in TITLES else match.group(1)
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
    # "the Home Ministry" stays whole: an article is no role.
    if len(run) >= 2 and len(words) - len(run) > (words[0].lower() in {"the", "le", "la", "les"}):
        return " ".join(run)
    return speaker
