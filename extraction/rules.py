"""Rules that find quotes and tolls in French and English wire copy.

Pure Python: sentences, numbers and attributions are read with regular
expressions. spaCy (extraction.nlp) only tells which words of an
attribution are a person's name; without it the rules still work, with the
whole attribution as the speaker.
"""

import re
import unicodedata
from dataclasses import dataclass

# Spaces wire copy uses between thousands and around French punctuation.
SPACES = " \u00a0\u202f\u2009"
_SP = f"[{SPACES}]"

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = {"m", "mm", "mme", "mmes", "dr", "mr", "mrs", "ms", "st", "gen", "col", "sen", "rep", "gov", "lt", "no"}

# What stands for a quotation while the attribution is read: a private-use
# character, never a letter of a name.
MASK = "\ue000"

OPENING_QUOTES = {"«": "»", "“": "”", '"': '"'}


# Numbers ------------------------------------------------------------------

UNITS = {
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
# "six" is both languages'; "et" and "and" join compounds ("vingt et un", "one hundred and five").
MULTIPLIERS = {"cent", "cents", "mille", "hundred", "thousand"}
JOINERS = {"et", "and"}
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
NUMBER_WORD = re.compile(rf"(?i)\b(?:{_UNIT})(?:(?:-|{_SP}(?:et|and){_SP}|{_SP})(?:{_UNIT}))*\b")
DIGITS = re.compile(rf"\b\d{{1,3}}(?:(?:{_SP}|[.,])\d{{3}})+(?![.,]?\d)|\b\d+(?![.,]\d)")
# "6 millions de personnes", "deux milliers", "3 million people".
SCALE = re.compile(
    rf"^{_SP}*(?P<word>millions?|milliers?|thousands?|milliards?|billions?)(?:{_SP}+(?:de|d['’]|of))?", re.I
)
# "two dozen tourists": about 24.
DOZEN = re.compile(rf"^{_SP}+(?:dozens?|douzaines?)(?:{_SP}+(?:de|d['’]|of)(?=\W))?", re.I)
SCALES = {
    "million": 1_000_000,
    "millions": 1_000_000,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "millier": 1000,
    "milliers": 1000,
    "thousand": 1000,
    "thousands": 1000,
}


def words_to_number(text):
    """Return the integer "vingt-neuf" or "twenty nine" stands for, None when it is not a number."""
    parts = [part for part in re.split(rf"[-{SPACES}]+", text.lower()) if part]
    if not parts or any(part not in UNITS and part not in JOINERS for part in parts):
        return None
    if parts[0] in JOINERS or parts[-1] in JOINERS:
        return None
    total = current = 0
    for part in parts:
        if part in JOINERS:
            continue
        value = UNITS[part]
        if part in MULTIPLIERS:
            if value == 1000:
                total += (current or 1) * 1000
                current = 0
            else:
                current = (current or 1) * 100
        elif value == 20 and current % 100 == 4:
            current += 76  # quatre-vingts: four twenties; soixante-dix and quatre-vingt-onze add up as they are
        else:
            current += value
    return total + current


def digits_to_number(text):
    """Return the integer written "1 200", "1.200", "1,200" or "1200"."""
    return int(re.sub(rf"[{SPACES}.,]", "", text))


@dataclass
class Number:
    start: int
    end: int
    value: int
    maximum: int | None = None
    words: bool = False
    about: bool = False


# "une trentaine de civils": about thirty.
ROUNDS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "dozen": 12,
}
ROUND = re.compile(rf"(?i)\b(?:une|a){_SP}+(?P<word>{'|'.join(ROUNDS)})(?:{_SP}+(?:de|d['’]|of)(?=\W))?")

RANGE = re.compile(
    rf"(?i)\b(?:entre|between){_SP}+(?P<low>\S+(?:{_SP}\S+)?){_SP}+(?:et|and){_SP}+(?P<high>\S+(?:{_SP}\S+)?)"
)


def numbers(sentence):
    """Return the Numbers of ``sentence``, in order, a range "entre 20 et 30" being one."""
    found = []
    for match in DIGITS.finditer(sentence):
        found.append(Number(match.start(), match.end(), digits_to_number(match.group())))
    for match in NUMBER_WORD.finditer(sentence):
        # The longest run of number words wins: "vingt et un", not "vingt".
        tokens = re.split(rf"({_SP}+|-)", match.group())
        text = match.group()
        while tokens:
            candidate = "".join(tokens).strip(SPACES + "-")
            value = words_to_number(candidate)
            if value is not None:
                start = match.start() + text.index(candidate)
                found.append(Number(start, start + len(candidate), value, words=True))
                break
            tokens = tokens[:-2]
    for match in ROUND.finditer(sentence):
        found.append(Number(match.start(), match.end(), ROUNDS[match.group("word").lower()], about=True))
    found.sort(key=lambda number: (number.start, -number.end))
    merged = []
    for number in found:
        if merged and number.start < merged[-1].end:
            continue
        if number.words and (dozen := DOZEN.match(sentence[number.end :])):
            number.value *= 12
            number.end += dozen.end()
            number.about = True
        elif scale := SCALE.match(sentence[number.end :]):
            number.value *= SCALES[scale.group("word").lower()]
            number.end += scale.end()
        merged.append(number)
    # "entre 20 et 30": one number with its maximum.
    for match in RANGE.finditer(sentence):
        inside = [n for n in merged if match.start() <= n.start and n.end <= match.end() + 12]
        if len(inside) >= 2 and inside[1].value >= inside[0].value:
            inside[0].maximum = inside[1].value
            inside[0].start = match.start()
            inside[0].end = inside[1].end
            merged.remove(inside[1])
    return merged


# Tolls --------------------------------------------------------------------

OUTCOMES = {
    "killed": r"tu[ée]e?s?|morte?s?|d[ée]c[ée]d[ée]e?s?|d[ée]c[èe]s|p[ée]ri|noy[ée]e?s?|corps|killed|dead|died|deaths?|"
    r"drowned|perished|bodies|fatalities",
    "injured": r"bless[ée]e?s?|injured|wounded|hurt|injuries",
    "missing": r"disparue?s?|introuvables?|missing",
    "displaced": r"d[ée]plac[ée]e?s?|r[ée]fugi[ée]e?s?|sans-abris?|évacu[ée]e?s?|fui|fuient|"
    r"displaced|homeless|evacuated|evacuate|fled|fleeing",
    "detained": r"arr[êe]t[ée]e?s?|interpell[ée]e?s?|interpellations|arrestations|d[ée]tenue?s?|incarc[ée]r[ée]e?s?|"
    r"arrested|detained|held|arrests",
}
# One pattern, one group per outcome: each word is matched once.
OUTCOME_WORD = re.compile("(?i)^(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in OUTCOMES.items()) + ")$")
# "a tué 12 personnes", "killed at least 8 people": the outcome comes first.
OUTCOME_VERB_BEFORE = re.compile(
    r"(?i)\b(?:(?P<killed>tu[ée]e?s?|tuant|killing|killed|corps\s+de|bodies\s+of|co[ûu]t[ée]\s+la\s+vie\s+[àa]|"
    r"la\s+mort\s+de)"
    r"|(?P<injured>bless[ée]e?s?|blessant|injuring|injured|wounding|wounded)"
    r"|(?P<detained>arr[êe]t[ée]e?s?|interpell[ée]e?s?|arrested|detained|arresting|detaining|arrestation\s+de|interpellation\s+de|arrest\s+of)"
    r"|(?P<displaced>d[ée]plac[ée]e?s?|displaced|displacing))"
    r"(?:\s+(?:au\s+total|in\s+all|some|quelque))?\s*$"
)

QUALIFIERS = [
    ("at_least", r"au\s+moins|at\s+least|pas\s+moins\s+de|no\s+fewer\s+than|no\s+less\s+than|un\s+minimum\s+de"),
    ("more_than", r"plus\s+de|more\s+than|over|upwards\s+of|au-delà\s+de|davantage\s+de"),
    ("fewer_than", r"moins\s+de|fewer\s+than|less\s+than|under"),
    ("at_most", r"au\s+plus|jusqu'à|jusqu’à|up\s+to|at\s+most|as\s+many\s+as"),
    (
        "about",
        r"environ|près\s+de|pr[eè]s\s+d['’]|quelque|about|around|nearly|almost|some|roughly|approximately|an\s+estimated|plus\s+ou\s+moins",
    ),
]
QUALIFIER_BEFORE = re.compile(
    r"(?i)(?:^|[\s(d'’])(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in QUALIFIERS)
    + r")\s*(?:d['’]|de\s+)?$"
)

# Words between the victims and the outcome: "ont été", "sont portés", "were".
AUXILIARIES = {
    "ont", "sont", "a", "est", "été", "étaient", "avaient", "auraient", "seraient", "se", "sont-ils", "y",
    "portés", "portées", "porté", "portée", "retrouvés", "retrouvées", "déjà", "également", "aussi", "ainsi",
    "have", "has", "had", "been", "were", "was", "are", "is", "being", "reported", "confirmed", "feared",
    "believed", "also", "now", "still", "all", "later", "other", "others", "more", "people",
    "d'entre", "eux", "them", "of", "remain", "remained", "restent", "toujours", "to", "shot",
}  # fmt: skip
# Words that end the victims: a verb, a conjunction, a time or a place.
STOP_VICTIMS = {
    "ont", "sont", "a", "est", "été", "avaient", "étaient", "have", "has", "had", "been", "were", "was", "are", "is",
    "et", "and", "dont", "remain", "remained", "restent", "since", "overnight", "depuis", "in", "dans", "lors",
    "during", "including", "y", "compris", "selon", "according", "to", "believed", "feared", "reported", "confirmed",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
}  # fmt: skip
FILLERS = {"supplémentaires", "de", "d'", "plus", "additional", "more", "new", "nouveaux", "nouvelles", "autres"}
WORD = re.compile(r"(?:[A-Z]\.){2,}|[\w'’-]+|[^\w\s]", re.UNICODE)  # "U.S." is one word
MAX_GAP = 7


@dataclass
class Toll:
    outcome: str
    count: int
    count_max: int | None
    qualifier: str
    victims: str
    source: str = ""
    sentence: str = ""
    position: int = 0  # where the number starts in the sentence read
    # Given by the copy as an earlier figure ("un précédent bilan faisait état de 22 morts"): history, not the toll.
    earlier: bool = False


def _qualifier(before):
    """Return the qualifier just before a number, and the text before the qualifier."""
    tail = len(before) - min(len(before), 40)
    match = QUALIFIER_BEFORE.search(before, tail)
    if not match:
        return "exact", before
    for name, _pattern in QUALIFIERS:
        if match.group(name):
            return name, before[: match.start(name)]
    return "exact", before  # pragma: no cover - one group always matched


# What follows a number that counts no one: "45 ans", "58-year-old", "6,8", "23 h 11", "70 km".
NOT_A_COUNT_AFTER = re.compile(
    r"(?i)\s*(?:%|°|-?\s*ans\b|-?years?\b|-?year-old|heures?\b|hours?\b|km|kilom|h\b|:|[.,]\d|mph\b|a\.m\.|p\.m\.)"
)
YEAR_BEFORE = re.compile(r"(?i)\b(?:magnitude|ann[ée]e|en|in|depuis|since|de\s+l'an)\s*$")
# An earlier figure is no toll: "un précédent bilan faisait état de 29 morts", "up from 225", "contre 850 la veille".
EARLIER_BEFORE = re.compile(
    r"(?i)(?:\b(?:pr[ée]c[ée]dent|previous|earlier|auparavant|initialement|up\s+from|down\s+from|"
    r"par\s+rapport\s+aux?)\b[^.;\d]{0,45}|\bcontre\s+(?:les?\s+|l['’])?)$"
)
EARLIER_AFTER = re.compile(
    r"(?i)^(?:[^.;\d]{0,25}\b(?:pr[ée]c[ée]demment|auparavant|la\s+veille|previously)|\s+pr[ée]c[ée]dent)\b"
)
# Outcomes said in several words after the victims: "ont dû quitter", "were still unaccounted for".
OUTCOME_PHRASE_AFTER = re.compile(
    r"(?i)^\s*(?P<victims>(?:[^\W\d][\w'’-]*\s+){0,3}?)"
    r"(?:(?:ont|a|avaient|sont|were|are|have|has|had|still|remain|remained|été|been)\s+){0,3}"
    r"(?:(?P<displaced>(?:dû|contrainte?s?\s+de|forcée?s?\s+de)\s+(?:quitter|fuir)|in\s+shelters|"
    r"(?:left|made)\s+homeless|(?:ordered|forced|told)\s+to\s+(?:evacuate|flee|leave)|mise?s?\s+à\s+l['’]abri|"
    r"relog[ée]e?s?|(?:from|out\s+of)\s+their\s+homes|(?:being\s+)?housed\s+in|in\s+evacuation\s+cent)|"
    r"(?P<missing>unaccounted\s+for)|(?P<killed>trouvé\s+la\s+mort|perdu\s+la\s+vie|lost\s+their\s+lives)|"
    r"(?P<detained>(?:(?:[\w-]+\s+et\s+)?placée?s?\s+)?en\s+(?:détention|garde\s+à\s+vue)|taken\s+into\s+custody))"
)
# "the death toll rose to 2,012", "put the death toll at 87", "le bilan s'élève à 22".
TOLL_NOUN_BEFORE = re.compile(
    r"(?i)\b(?:(?P<killed>death\s+toll|toll|bilan|number\s+of\s+(?:confirmed\s+)?(?:people\s+)?"
    r"(?:deaths|dead|fatalities|killed)|nombre\s+de\s+(?:morts|victimes|d[ée]c[èe]s|tu[ée]s|personnes\s+tu[ée]es))|"
    r"(?P<injured>number\s+of\s+(?:people\s+)?(?:injured|wounded)|nombre\s+de\s+(?:personnes\s+)?bless[ée]e?s))"
    r"\b[^.;\d]{0,60}?"
    r"(?:\bto|\bat|\breached|\bhit|\bof|\bà|\batteint|\bde|\bà\s+plus\s+de)\s*$"
)
ACTIVE_VERB = {"a", "ont", "avait", "avaient", "has", "have", "had"}
TRANSITIVE = re.compile(r"(?i)tu[ée]|bless|kill|injur|wound|arr[eê]t|interpell|detain")


def _outcome_after(tokens):
    """Return the outcome named in the words after a number (None if none), the victims and the words between."""
    victims, gap = [], []
    for token in tokens[: MAX_GAP + 3]:
        lower = token.lower()
        if match := OUTCOME_WORD.match(lower):
            # "une frappe a tué", "gunmen had killed": the number counts who killed, not the dead.
            if gap and gap[-1] in ACTIVE_VERB and TRANSITIVE.match(lower):
                return "", victims, gap
            return match.lastgroup, victims, gap
        if not re.match(r"[\w'’-]", token) or DIGITS.fullmatch(token) or lower in UNITS:
            break
        if lower in STOP_VICTIMS or gap:
            gap.append(lower)
            if lower not in AUXILIARIES and not lower.endswith(("ly", "ment")):  # "seriously", "grièvement"
                break
        else:
            victims.append(token)
        if len(victims) + len(gap) > MAX_GAP:
            break
    return None, victims, gap


# A part of a figure given before it: "14 of the dead were civilians".
SUBSET_AFTER = re.compile(r"(?i)^\s+(?:of\s+the\s+(?:dead|victims|injured|wounded)|d['’]entre\s+eux)\b")
# "40 civils, dont des femmes et des enfants, ont péri": the aside between the victims and the outcome.
ASIDE = re.compile(r"(?i)^([^,.;]{0,40}),\s+(?:dont|including|among\s+them|parmi\s+eux|y\s+compris)\b[^,.;]{0,60},")


# "une femme de 45 ans a été tuée": the age between the victim and the outcome.
AGE = re.compile(r"(?i)^(\s*[^\W\d][\w'’-]*),?\s+(?:de|âgée?\s+de|aged)\s+\d{1,3}\s+ans\b,?")


def _counts_no_one(number, before, after):
    if NOT_A_COUNT_AFTER.match(after) or SUBSET_AFTER.match(after):
        return True
    if YEAR_BEFORE.search(before[-15:]) and number.value > 1900:
        return True
    return False


def _is_earlier(before, after):
    """Tell whether the copy gives the number as an earlier figure: "un précédent bilan faisait état de 29 morts"."""
    return bool(EARLIER_BEFORE.search(before[-60:]) or EARLIER_AFTER.match(after))


def _read_toll(sentence, number):
    """Return the Toll ``number`` of ``sentence`` counts (``earlier`` when given as such), None for no victim."""
    after = sentence[number.end :]
    before = sentence[: number.start]
    if _counts_no_one(number, before, after):
        return None
    earlier = _is_earlier(before, after)
    qualifier, rest = _qualifier(before)
    if number.about:
        qualifier = "about"
    after = AGE.sub(r"\1", ASIDE.sub(r"\1", after))
    tokens = WORD.findall(after[:160])
    outcome, victims, _gap = _outcome_after(tokens)
    if outcome == "":
        return None
    if outcome is None and (phrase := OUTCOME_PHRASE_AFTER.match(after)):
        outcome, victims = phrase.lastgroup, phrase.group("victims").split()
    if outcome is None:
        verb = OUTCOME_VERB_BEFORE.search(rest[-30:].rstrip()) or TOLL_NOUN_BEFORE.search(rest[-90:].rstrip())
        if not verb:
            return None
        outcome = verb.lastgroup
        victims = _victims_after(tokens)
    victims = [word for word in victims if word.lower() not in FILLERS or victims.index(word) > 0]
    while victims and victims[0].lower() in FILLERS:
        victims = victims[1:]
    if victims and re.search(r"(?i)i[eè]me$|th$", victims[0]):
        return None  # "un cinquième a été blessé" counts no one new
    # "un" and "one" are numbers only before the victims: "un soldat tué".
    if number.words and number.value == 1 and not victims and not _outcome_follows(after):
        return None
    if number.words and number.value == 1 and victims and victims[-1].lower() in ("de", "d'", "of"):
        return None  # "un camp de déplacés" counts no one
    if number.words and number.value == 1 and outcome in ("displaced", "detained"):
        return None  # "un homme de 34 ans a été interpellé" is a story, not a toll
    return Toll(
        outcome=outcome,
        count=number.value,
        count_max=number.maximum,
        qualifier=qualifier,
        victims=" ".join(victims),
        sentence=sentence,
        position=number.start,
        earlier=earlier,
    )


# "La police a arrêté 30 manifestants": who arrests is the source of the figure.
ARRESTER = re.compile(
    r"(?i)^(?P<who>[^,;:«»“”\"\ue000]+?)\s+(?:a|ont|have|has)?\s*(?:arr[êe]t[ée]|interpell[ée]|plac[ée]|arrested|detained)\b"
)


def arrester(sentence, toll):
    """Return who made the arrests a "detained" toll counts, "" when the sentence does not say."""
    if toll.outcome != "detained" or not (match := ARRESTER.match(sentence)):
        return ""
    if re.search(r"(?i)\b(?:were|was|been|being|été|sont|est)$", match.group("who")):
        return ""  # "six suspects were detained" names no one who arrested them
    return clean_speaker(match.group("who"))


def _outcome_follows(after):
    """Tell whether the outcome is the very next word: "fait un mort", "one dead"."""
    word = WORD.match(after.lstrip())
    return bool(word and OUTCOME_WORD.match(word.group().lower()))


def tolls_in(sentence, *, earlier=False):
    """Return the Tolls of one sentence (without their source); with ``earlier``, the earlier figures it gives too."""
    found = (_read_toll(sentence, number) for number in numbers(sentence))
    return [toll for toll in found if toll and (earlier or not toll.earlier)]


# Where the victims named after their outcome end: "arrested 61 people for looting", "killing 64 people across".
VICTIMS_END = {
    "in", "dans", "lors", "during", "après", "after", "à", "at", "on", "en", "par", "by", "for", "pour", "across",
    "toward", "towards", "near", "près", "from", "with", "avec", "au", "soupçonnés", "soupçonnées", "accusés",
}  # fmt: skip


def _victims_after(tokens):
    victims = []
    for token in tokens[:5]:
        if not re.match(r"[\w'’-]", token) or token.lower() in STOP_VICTIMS or DIGITS.fullmatch(token):
            break
        if token.lower() in VICTIMS_END or re.search(r"(?i)\w{3}ing$", token):
            break
        victims.append(token)
    return victims


# Sentences ----------------------------------------------------------------


def sentences(text):
    """Split ``text`` into (start, sentence) pairs; a quotation never ends one."""
    result = []
    start = 0
    closing = None
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if closing:
            if char == closing:
                closing = None
        elif char in OPENING_QUOTES and (char != '"' or index == 0 or not text[index - 1].isalnum()):
            closing = OPENING_QUOTES[char]
        elif char == "\n" and index + 1 < length and text[index + 1] == "\n":
            result.append((start, text[start:index]))
            start = index + 1
        elif char in ".!?" and index + 1 < length and text[index + 1] in " \n" + SPACES:
            word = re.search(r"(\w+)$", text[start:index])
            if word and word.group(1).lower() in ABBREVIATIONS:
                pass
            elif index + 2 < length and (text[index + 2].isupper() or text[index + 2] in '«“"('):
                result.append((start, text[start : index + 1]))
                start = index + 1
        index += 1
    result.append((start, text[start:]))
    return [(offset + len(part) - len(part.lstrip()), part.strip()) for offset, part in result if part.strip()]


# Quotes and attributions ----------------------------------------------------

SPEECH_VERBS_FR = (
    r"déclaré|affirmé|annoncé|indiqué|précisé|souligné|martelé|assuré|ajouté|expliqué|estimé|dénoncé|"
    r"confié|dit|averti|prévenu|insisté|reconnu|jugé|déploré|lancé|rappelé|fait\s+savoir|poursuivi|"
    r"répondu|promis|admis|écrit|tweeté|observé|noté|regretté|réagi|commenté|confirmé|démenti|plaidé|"
    r"avancé|fait\s+valoir|relevé|signalé|raconté|témoigné|lâché|résumé|fustigé|salué|qualifié|"
    r"condamné|exhorté|appelé|conclu|mis\s+en\s+garde|répété|soutenu|rapporté|alerté|fait\s+état|évoqué|"
    r"dénombré|recensé"
)
SPEECH_VERBS_EN = (
    r"said|says|say|told|added|stated|announced|declared|wrote|tweeted|posted|warned|explained|insisted|"
    r"noted|stressed|argued|claimed|confirmed|denied|acknowledged|admitted|urged|replied|asked|"
    r"recalled|continued|concluded|pointed\s+out|reported|cautioned|vowed|pledged|promised|remarked"
)
# ", Agnès Buzyn": a name in apposition after a role.
# ", le capitaine Jérôme Lavergne": a role in lower case may come before it.
APPOSITION = (
    r"(?:,\s+(?:(?:le|la|l['’]|the)\s+)?(?-i:(?:[a-zà-ÿ-]+\s+){0,3}"
    r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:de|du|von|van|al-|el-|Le|La)?\s*[A-ZÀ-Ý][\w'’-]+)+))?"
)
AUX_FR = r"(?:a|ont|avait|avaient|aurait|auraient|va|vont)"
PRONOUNS = re.compile(
    r"(?i)^(?:il|elle|ils|elles|lui|eux|he|she|they|him|her|them|on|celui-ci|celle-ci|ce\s+dernier|cette\s+dernière)$"
)
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]+|(?:al|el)-[A-ZÀ-Ý][\w'’-]+)"
NAME_RUN = rf"(?-i:{_NAME_WORD}(?:\s+(?:(?:de|du|des|von|der|van|bin|ben|ibn|la|le)\s+)*{_NAME_WORD})+)"
# "Le ministre, Najib Mikati, a dénoncé": the name between commas is the subject of the verb after it.
APPOSED_SUBJECT = re.compile(
    rf"(?i),\s+(?P<who>{NAME_RUN}),\s+(?:(?:{AUX_FR}|s['’]est|s['’]sont)\s+(?:\w+ment\s+)?(?:{SPEECH_VERBS_FR}|\w+[ée])|"
    rf"(?:has\s+|had\s+)?(?:{SPEECH_VERBS_EN}|\w+ed))\b"
)
# "« … », s'interroge-t-elle", "estime-t-il".
PRESENT_PRONOUN = re.compile(r"(?i)(?:^|[,»”\"\ue000]\s*)(?:s['’])?\w+-t?-?(?:il|elle|ils|elles)\b")
# "« … », s'est indigné le maire".
REFLEXIVE_FR = re.compile(
    r"(?i)(?:^|[,»”\"\ue000]\s*)s['’](?:est|sont)\s+(?:indign|interrog|inqui[ée]t|f[ée]licit|r[ée]joui|emport|alarm|"
    r"exclam|insurg|[ée]tonn|dit|montr|voulu)\w*\s+(?P<who>[^,;.:«»“”\"]*(?:,\s+[A-ZÀ-Ý][^,;.:«»“”\"]*)?)"
)
# "Pour Amina Diallo, …": the person whose view the sentence gives.
POUR = re.compile(rf"^(?:Pour|For)\s+(?P<who>(?:[a-zà-ÿ'’-]+\s+){{0,4}}?{NAME_RUN})\s*,")
# "Health officials put the death toll at 87".
TOLL_SUBJECT = re.compile(
    r"(?i)(?P<who>[^,;:«»“”\"]+?)\s+(?:put|puts|putting|estimated|estimates|raised|revised)\s+(?:the|its|their)\s+"
    r"(?:death\s+)?toll\b"
)
# "l'opposition avance le chiffre de 45 morts".
SUBJECT_PRESENT_FR = re.compile(
    r"(?i)^(?P<who>[^,;:«»“”\"]+?)\s+(?:avance|avancent|évoque|évoquent|fait\s+état|font\s+état|rapporte|rapportent|"
    r"recense|recensent|dénombre|dénombrent|annonce|annoncent|parle|parlent)\b"
)

# "selon X" / "d'après X" / "according to X": X runs to the end of the clause.
SELON = re.compile(
    r"(?i)(?:\bselon|\bd['’]apr[èe]s|\baccording\s+to|\bcite|\bcité\s+par|\bciting)\s+(?P<who>[^,;.:()«»“”\"]+)"
    rf"(?:,\s+(?P<name>{NAME_RUN})(?=\s*(?:[,.;]|$)))?"
)
# ", a déclaré mardi le ministre X" (inverted) and "a-t-il ajouté".
INVERTED_FR = re.compile(
    rf"(?i)(?:^|[,»”\"\ue000]\s*)(?:{AUX_FR})(?:-t-(?P<pronoun>il|elle|ils|elles)\s+|\s+(?:(?:encore|aussi|également|ensuite|alors|enfin|déjà)\s+)?)"
    rf"(?:{SPEECH_VERBS_FR})\b(?P<who>[^,;.:«»“”\"]*{APPOSITION})"
)
# The present of the storyteller: "« … », raconte un habitant".
PRESENT_FR = re.compile(
    r"(?i)(?:^|[,»”\"\ue000]\s*)(?:raconte|explique|affirme|assure|souligne|dit|confie|témoigne|estime|indique|précise|"
    r"ajoute|rapporte|résume|lance|déplore|poursuit|insiste|note|observe|se\s+souvient|s['’]indigne|s['’]inquiète|"
    rf"se\s+désole|s['’]alarme)\b(?P<who>[^,;.:«»“”\"]*{APPOSITION})"
)
# "X a déclaré", "X ont affirmé".
SUBJECT_FR = re.compile(
    rf"(?i)(?P<who>[^,;:«»“”\"]+?),?\s+(?:{AUX_FR})\s+(?:(?:encore|aussi|également|ensuite|alors|enfin|déjà|\w+ment)\s+)?"
    rf"(?:{SPEECH_VERBS_FR})\b"
)
# English: '"…," said X', '"…," X said', 'X said on Monday'.
INVERTED_EN = re.compile(
    rf"(?i)(?:^|[,”\"\ue000]\s*)(?:{SPEECH_VERBS_EN})\s+(?P<who>(?-i:[A-Za-z][^,;.:“”\"]*){APPOSITION})"
)
SUBJECT_EN = re.compile(
    rf"(?P<who>[^,;:“”\"]+?),?\s+(?:(?:has|have|had|also|later|then|now|previously)\s+)?(?:{SPEECH_VERBS_EN})\b"
)
TIME_WORDS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd'hui|ce\s+matin|ce\s+soir|soir|matin|"
    r"vendredi\s+soir|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"on\s+\w+day|this\s+week|last\s+week"
)
# "a-t-on appris de source policière", "… auprès de la préfecture".
LEARNED_FR = re.compile(
    rf"(?i)-t-on\s+appris\s+(?:(?:{TIME_WORDS})\s+)?(?:de\s+|auprès\s+(?:de\s+|d['’]|du\s+|des\s+))"
    r"(?P<who>[^,;.:«»“”\"]+)"
)
AUDIENCE = (
    r"à\s+l'AFP|à\s+la\s+presse|à\s+des\s+journalistes|aux\s+journalistes|à\s+l['’]agence\s+\w+|"
    r"reporters|the\s+press|journalists|AFP|Reuters|AP"
)
LEADING_NOISE = re.compile(
    rf"(?i)^(?:(?:{TIME_WORDS}|\ue000|que|qu['’]|that|et|and|mais|but|pour|to|in\s+a\s+statement|"
    r"à\s+l['’]AFP|à\s+la\s+presse|à\s+des\s+journalistes|aux\s+journalistes|à\s+l['’]agence\s+\w+|"
    r"au\s+\w+|à\s+la\s+\w+|to\s+reporters|to\s+the\s+press)\s+)+"
)
# Where the speaker's name stops: "lors d'un discours", "devant l'Assemblée", "dans un communiqué".
TRAILING_NOISE = re.compile(
    rf"(?i)\s+(?:(?:lors|devant|dans|depuis|à\s+la\s+sortie|à\s+l['’]issue|sur|au\s+cours|en\s+marge|pendant|après|avant|"
    rf"in\s+a|in\s+an|at\s+a|on\s+\w+day|during|after|before|from|via|qui|who|when|as|while|asking|"
    rf"{TIME_WORDS}|{AUDIENCE}|sous\s+couvert|by\s+phone|par\s+téléphone)\b.*)$"
)
ARTICLES = re.compile(r"(?i)^(?:le|la|les|l['’]|un|une|des|the|a|an)\s*")


# "un nouveau bilan des autorités turques", "un communiqué de l'armée": the source is who wrote it.
DOCUMENT = re.compile(
    r"(?i)^(?:un|une|le|la|l['’]|the|an?)\s*(?:(?:nouveau|nouvel|dernier|précédent|premier|new|latest|official)\s+)?"
    r"(?:bilan|communiqué|décompte|rapport|chiffre|statement|tally|count|report|toll)\b"
    r"(?:\s+(?:officiel|provisoire|publié|établi|diffusé|lu|official|provisional|published|issued|released)\b)*"
    r"(?P<rest>.*)$"
)
DOCUMENT_AUTHOR = re.compile(r"(?i)^\s*(?:\w+\s+)?(?:par|by|from|of|de|d['’]|du|des)\s+(?P<who>.+)$")


def _author(who):
    """Return who issued a document named as a source, "" when none is named ("un bilan officiel publié")."""
    match = DOCUMENT.match(who)
    if not match:
        return who
    author = DOCUMENT_AUTHOR.match(match.group("rest"))
    if not author:
        return ""
    preposition = re.search(r"(?i)(par|by|from|of|de|d['’]|du|des)\s+" + re.escape(author.group("who")) + "$", who)
    article = {"du": "le ", "des": "les "}.get(preposition.group(1).lower(), "") if preposition else ""
    return article + author.group("who")


def clean_speaker(text):
    """Return the speaker phrase without time words, reporters and circumstances."""
    who = text.strip(SPACES + " ,-–—")
    previous = None
    while previous != who:
        previous = who
        who = LEADING_NOISE.sub("", who).strip()
        trimmed = TRAILING_NOISE.sub("", who).strip(SPACES + " ,")
        # "an AP tally of official figures" is no "an" once "AP" is cut.
        who = trimmed if trimmed.lower() not in {"a", "an", "the", "le", "la", "les", "un", "une", ""} else who
    who = re.sub(r"\s*\([^)]*\)?$", "", who).strip()
    who = _author(who)
    if who.lower() in {"it", "this", "that", "cela", "ce", "ça", "on"}:
        return ""
    return who


@dataclass
class FoundQuote:
    text: str
    speaker: str
    sentence: str


@dataclass
class Attribution:
    speaker: str = ""
    pronoun: bool = False


def masked(sentence):
    """Return ``sentence`` with each quotation replaced by MASK, and the quotations found."""
    quotes = []
    pattern = re.compile(r"«\s*(?P<g>[^»]+?)\s*»|“(?P<c>[^”]+)”|(?<![\w])\"(?P<s>[^\"]+)\"")
    out = []
    last = 0
    for match in pattern.finditer(sentence):
        inner = match.group("g") or match.group("c") or match.group("s")
        quotes.append(inner)
        out.append(sentence[last : match.start()])
        out.append(MASK)
        last = match.end()
    out.append(sentence[last:])
    return "".join(out), quotes


def _person(who):
    """Return an Attribution for the phrase ``who`` read as a speaker: a pronoun, a party, or nobody."""
    if PRONOUNS.match(who or "x"):
        return Attribution(pronoun=True)
    return Attribution(who) if who and not who.startswith(MASK) else None


def _inverted(sentence):
    """Return the Attribution of a speech verb put after what was said, None when there is none."""
    if match := LEARNED_FR.search(sentence):
        return _person(clean_speaker(match.group("who")))
    if PRESENT_PRONOUN.search(sentence):
        return Attribution(pronoun=True)
    if match := REFLEXIVE_FR.search(sentence):
        return _person(clean_speaker(match.group("who")))
    if match := APPOSED_SUBJECT.search(sentence):
        return Attribution(match.group("who"))
    for pattern in (INVERTED_FR, PRESENT_FR):
        if match := pattern.search(sentence):
            if match.groupdict().get("pronoun"):
                return Attribution(pronoun=True)
            who = clean_speaker(match.group("who"))
            if who and not PRONOUNS.match(who) and not who.startswith(MASK):
                return Attribution(who)
    return None


def _according_to(sentence):
    """Return the Attribution of "selon X", "according to X", "Pour X,", None when there is none."""
    if match := SELON.search(sentence):
        name = match.group("name") and re.sub(r"(\w{3,})\.$", r"\1", match.group("name"))  # "Ariel Henry."
        found = _person(name or clean_speaker(match.group("who")))
        if found:
            return found
    if match := POUR.search(sentence):
        return Attribution(match.group("who"))
    return None


def _subject(sentence):
    """Return the Attribution of a subject before its speech verb, None when there is none."""
    patterns = [SUBJECT_FR, SUBJECT_PRESENT_FR]
    if re.search(rf"(?i)\b(?:{SPEECH_VERBS_EN})\b", sentence):
        patterns.append(SUBJECT_EN)
    patterns.append(TOLL_SUBJECT)
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            who = match.group("who").split(MASK)[-1]
            # "The number of confirmed deaths", "were reported missing": a participle, not a speech verb.
            if re.search(r"(?i)\b(?:of|the|an?|were|was|been|being|are|is|and)\s*$", who):
                continue
            if found := _person(clean_speaker(who)):
                return found
            break
    return None


def attribution(sentence):
    """Return who speaks in ``sentence`` (quotations already masked), as an Attribution."""
    for reader in (_inverted, _according_to, _subject):
        if found := reader(sentence):
            return found
    if re.search(rf"(?i)\b(?:{SPEECH_VERBS_EN})\b", sentence) and (match := INVERTED_EN.search(sentence)):
        return _person(clean_speaker(match.group("who"))) or Attribution()
    return Attribution()


def fold(text):
    """Return ``text`` lower-cased, without accents or articles, for comparisons."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(
        word for word in text.split() if word not in {"le", "la", "les", "l", "the", "a", "an", "un", "une"}
    )
