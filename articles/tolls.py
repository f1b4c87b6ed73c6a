"""Casualty tolls: their French wording, their revision chains and their charts.

Everything here reads figures as plain objects (a ``CasualtyFigure`` or
anything with its fields), so that the model, the templates and the exports
share one wording and one notion of "current toll".
"""

import re
import unicodedata
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


def victims_key(victims):
    """Return the victims as compared between two figures: "Soldats  turcs" and "soldats turcs" are the same.

    Case, accents, spacing and the plural's final "s" do not make other victims.
    """
    text = unicodedata.normalize("NFKD", victims or "").encode("ascii", "ignore").decode().lower()
    return " ".join(word.rstrip("sx") for word in re.findall(r"[a-z0-9]+", text))


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


def _value(figure):
    """The height a figure is drawn at: the top of its range."""
    return figure.count_max or figure.count


def _label(figure):
    label = french.format_number(figure.count)
    if figure.count_max and figure.count_max != figure.count:
        label += "–" + french.format_number(figure.count_max)
    return label


def _bar(figure, x, width, highest):
    usable = HEIGHT - TOP - BOTTOM
    height = max(2, round(usable * _value(figure) / (highest or 1)))
    y = HEIGHT - BOTTOM - height
    return Bar(x, y, width, height, _label(figure), x + width // 2, y - 4)


def chart_bars(chain):
    """Return the SVG bars of a toll's history, oldest first, scaled to the highest count (none for one figure)."""
    if len(chain) < 2:
        return []
    highest = max(_value(figure) for figure in chain)
    width = (WIDTH - BAR_GAP * (len(chain) - 1)) // len(chain)
    return [_bar(figure, index * (width + BAR_GAP), width, highest) for index, figure in enumerate(chain)]


# Stories: tolls across dispatches -------------------------------------------

# One colour per source's series, told apart on white (at least 3:1).
SERIES_COLOURS = ("#b00020", "#1f5fa8", "#2e7d32", "#6a3d9a", "#8a5a00", "#4a4f55")
SERIES_GAP = 2


@dataclass(frozen=True)
class SeriesBar(Bar):
    series: int
    colour: str


@dataclass(frozen=True)
class Series:
    """One chain of a story's toll: the figures that revise one another, oldest first."""

    index: int
    chain: list
    colour: str

    @property
    def current(self):
        return self.chain[-1]

    @property
    def labels(self):
        """The counts the series went through, as the chart writes them ("9", "22", "29–35")."""
        return [_label(figure) for figure in self.chain]


@dataclass(frozen=True)
class TimelineEntry:
    figure: object
    series: Series
    superseded: bool


@dataclass(frozen=True)
class StoryToll:
    """A story's toll for one outcome: its series (one per chain), its timeline and its chart."""

    outcome: str
    series: list
    timeline: list
    bars: list
    # The chart's size, for its viewBox (class attributes, not fields).
    width = WIDTH
    height = HEIGHT

    @property
    def current(self):
        """The figure each series stands at now: several when sources disagree, shown side by side."""
        return [series.current for series in self.series]

    @property
    def disputed(self):
        """True when the current figures of two series differ (never added up: each is one source's count)."""
        return len({(figure.count, figure.count_max) for figure in self.current}) > 1


def story_tolls(figures):
    """Return a ``StoryToll`` per outcome, in the order outcomes were first reported.

    Figures that do not revise one another are separate series: two sources
    counting at the same time stand side by side, never summed.
    """
    by_outcome = {}
    for chain in sorted(chains(figures), key=lambda chain: (chain[0].reported_at, chain[0].pk)):
        by_outcome.setdefault(chain[0].outcome, []).append(chain)
    result = []
    for outcome, outcome_chains in by_outcome.items():
        series = [
            Series(index, chain, SERIES_COLOURS[index % len(SERIES_COLOURS)])
            for index, chain in enumerate(outcome_chains)
        ]
        timeline = sorted(
            (
                TimelineEntry(figure, one, superseded=figure is not one.current)
                for one in series
                for figure in one.chain
            ),
            key=lambda entry: (entry.figure.reported_at, entry.figure.pk),
        )
        result.append(StoryToll(outcome, series, timeline, story_chart_bars(series)))
    return result


def standing_at(chain, moment):
    """Return the chain's figure that stood at ``moment`` (the last one reported by then), or None."""
    standing = None
    for figure in chain:
        if figure.reported_at <= moment:
            standing = figure
    return standing


def story_chart_bars(series):
    """Return the bars of a story's toll: a group per moment a figure was reported, a bar per series standing then.

    Bars of one group stand side by side at one scale (never stacked), each
    series in its own slot and colour; nothing for a single figure.
    """
    moments = sorted({figure.reported_at for one in series for figure in one.chain})
    if sum(len(one.chain) for one in series) < 2:
        return []
    highest = max(_value(figure) for one in series for figure in one.chain)
    group = (WIDTH - BAR_GAP * (len(moments) - 1)) // len(moments)
    width = max(1, (group - SERIES_GAP * (len(series) - 1)) // len(series))
    bars = []
    for position, moment in enumerate(moments):
        for one in series:
            figure = standing_at(one.chain, moment)
            if figure is None:
                continue
            x = position * (group + BAR_GAP) + one.index * (width + SERIES_GAP)
            bar = _bar(figure, x, width, highest)
            bars.append(SeriesBar(**vars(bar), series=one.index, colour=one.colour))
    return bars
