"""Casualty tolls: their French wording, their revision chains and their chart.

Everything here reads figures as plain objects (a ``CasualtyFigure`` or
anything with its fields), so that the model, the templates and the exports
share one wording and one notion of "current toll".
"""

from dataclasses import dataclass

from . import french

# The French words each outcome, qualifier and category is written with.
PARTICIPLES = {
    "killed": "tué",
    "injured": "blessé",
    "missing": "disparu",
    "displaced": "déplacé",
    "detained": "détenu",
}
QUALIFIER_WORDS = {
    "at_least": "au moins",
    "more_than": "plus de",
    "about": "environ",
    "at_most": "au plus",
    "fewer_than": "moins de",
}
# Default victims by category: (plural, singular, feminine).
DEFAULT_VICTIMS = {
    "civilians": ("civils", "civil", False),
    "military": ("militaires", "militaire", False),
    "combatants": ("combattants", "combattant", False),
    "unknown": ("personnes", "personne", True),
}


def victim_words(figure):
    """Return (plural, singular, feminine) for the figure's victims."""
    if figure.victims.strip():
        plural = figure.victims.strip()
        return plural, figure.victims_singular.strip() or french.singular(plural), figure.victims_feminine
    return DEFAULT_VICTIMS[figure.victim_category]


def _number(n, feminine):
    if n == 1:
        return "une" if feminine else "un"
    return french.format_number(n)


def phrase(figure, *, qualified=True):
    """Return the toll as French words: "au moins 29 soldats turcs tués" (without "au moins" if not ``qualified``)."""
    plural_noun, singular_noun, feminine = victim_words(figure)
    participle = PARTICIPLES[figure.outcome]
    if figure.count_max is not None and figure.count_max != figure.count:
        quantity = f"entre {_number(figure.count, feminine)} et {_number(figure.count_max, feminine)}"
        is_plural = True
    else:
        is_plural = figure.count >= 2
        number = _number(figure.count, feminine)
        if figure.count == 0:
            number = "aucune" if feminine else "aucun"
        qualifier = QUALIFIER_WORDS.get(figure.qualifier) if qualified else None
        quantity = f"{french.elide(qualifier, number)}{number}" if qualifier else number
    noun = plural_noun if is_plural else singular_noun
    return f"{quantity} {noun} {french.agree(participle, feminine=feminine, plural=is_plural)}"


def attribution(figure):
    """Return "selon …" for the figure's source, or an empty string."""
    return f"selon {figure.source.attribution()}" if figure.source_id else ""


def sentence(figure):
    """Return the phrase followed by its attribution."""
    said = attribution(figure)
    return f"{phrase(figure)}, {said}" if said else phrase(figure)


def change_note(chain):
    """Return what the last revision of ``chain`` changed, for readers; empty for a single figure.

    "bilan relevé de 22 à 29 soldats turcs tués, selon les autorités turques".
    """
    if len(chain) < 2:
        return ""
    before, now = chain[-2], chain[-1]
    old, new = before.count_max or before.count, now.count_max or now.count
    said = attribution(now)
    if old == new and before.outcome == now.outcome:
        note = f"bilan confirmé : {phrase(now)}"
    else:
        verb = "relevé" if new > old else "revu à la baisse"
        note = f"bilan {verb} de {french.format_number(before.count)} à {phrase(now, qualified=False)}"
    return f"{note}, {said}" if said else note


# Chains ---------------------------------------------------------------------


def current(figures):
    """Return the figures no other one revises, one per chain, newest first."""
    figures = list(figures)
    superseded = {f.supersedes_id for f in figures if f.supersedes_id}
    latest = [f for f in figures if f.pk not in superseded]
    return sorted(latest, key=lambda f: (f.reported_at, f.pk), reverse=True)


def chains(figures):
    """Return, for each current figure, its chain oldest first (first toll → new toll)."""
    figures = list(figures)
    by_id = {f.pk: f for f in figures}
    histories = []
    for figure in current(figures):
        chain = [figure]
        while chain[-1].supersedes_id in by_id:
            chain.append(by_id[chain[-1].supersedes_id])
        histories.append(list(reversed(chain)))
    return histories


# Chart ----------------------------------------------------------------------

WIDTH = 320
HEIGHT = 96
BAR_GAP = 8
TOP = 18  # room for the labels above the bars
BOTTOM = 4


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    label_x: int
    label_y: int


def chart_bars(chain):
    """Return the SVG bars of a toll's history, oldest first, scaled to the highest count (none for one figure)."""
    if len(chain) < 2:
        return []
    highest = max(figure.count_max or figure.count for figure in chain) or 1
    width = (WIDTH - BAR_GAP * (len(chain) - 1)) // len(chain)
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for index, figure in enumerate(chain):
        value = figure.count_max or figure.count
        height = max(2, round(usable * value / highest))
        x = index * (width + BAR_GAP)
        y = HEIGHT - BOTTOM - height
        label = french.format_number(figure.count)
        if figure.count_max and figure.count_max != figure.count:
            label += "–" + french.format_number(figure.count_max)
        bars.append(Bar(x, y, width, height, label, x + width // 2, y - 4))
    return bars
