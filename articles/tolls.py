"""Casualty tolls: their French wording, their revision chains and their charts.

Everything here reads figures as plain objects (a ``CasualtyFigure`` or
anything with its fields), so that the model, the templates and the exports
share one wording and one notion of "current toll".
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

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


# Revisions: which figure a new count revises --------------------------------

# The victim category a word of the victims gives, when no earlier figure says it.
CATEGORY_WORDS = {
    "military": ("soldat", "militaire", "policier", "gendarme", "officier", "troops", "soldier"),
    "civilians": ("civil", "enfant", "habitant", "femme", "passant", "children"),
    "combatants": ("combattant", "rebelle", "jihadiste", "insurge", "milicien", "fighter", "militant"),
}


def victim_category(victims):
    """Return the category the victims' words give ("soldats turcs": military), else "unknown"."""
    words = french.fold(victims)
    for category, stems in CATEGORY_WORDS.items():
        if any(stem in words for stem in stems):
            return category
    return "unknown"


def figure_to_revise(standing, *, outcome, victims):
    """Return the figure of ``standing`` (current figures) a new count of ``outcome`` and ``victims`` revises.

    The newest current figure of the same outcome and the same victims, or None.
    """
    wanted = victims_key(victims)
    same = [f for f in standing if f.outcome == outcome and victims_key(f.victims) == wanted]
    return max(same, key=lambda f: (f.reported_at, f.pk), default=None)


def revision_problem(revised, *, count, count_max, qualifier, reported_at):
    """Return why a new count may not revise ``revised``: "same" (it says the same), "older", or "".

    A figure is never revised by an older one; nor, at the same time, by a
    lower count: that is the earlier toll the copy recalls ("un précédent
    bilan faisait état de…").
    """
    if (count, count_max, qualifier or "exact") == (revised.count, revised.count_max, revised.qualifier):
        return "same"
    if revised.reported_at > reported_at or (revised.reported_at == reported_at and count < revised.count):
        return "older"
    return ""


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
HEIGHT = 112
BAR_GAP = 8
TOP = 18  # room for the counts above the bars
BOTTOM = 20  # room for the times below them


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    label_x: int
    label_y: int


@dataclass(frozen=True)
class TimeLabel:
    """When a bar's figure (or a group's) was reported, written under it: "14:30", or "7/12 14:30" across days."""

    text: str
    x: int
    y: int = HEIGHT - 5


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


def time_labels(moments, centres):
    """Return a TimeLabel per moment at its x centre: the time alone when all fall on one day, else day/month too."""
    local = [timezone.localtime(moment) for moment in moments]
    one_day = len({moment.date() for moment in local}) == 1
    return [
        TimeLabel(f"{moment:%H:%M}" if one_day else f"{moment.day}/{moment.month} {moment:%H:%M}", x)
        for moment, x in zip(local, centres, strict=True)
    ]


def chart_times(chain):
    """Return the time labels under ``chart_bars(chain)``'s bars (none for one figure)."""
    bars = chart_bars(chain)
    return time_labels([figure.reported_at for figure in chain], [bar.label_x for bar in bars]) if bars else []


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
    # The series a reader is told of: one per source and victims (``one_per_source``).
    listed: list
    times: list
    # The chart's size, for its viewBox (class attributes, not fields).
    width = WIDTH
    height = HEIGHT

    @property
    def current(self):
        """The figure each series stands at now: several when sources disagree, shown side by side."""
        return [series.current for series in self.series]

    @property
    def several_sources(self):
        """True when the listed series come from more than one source."""
        return len({source_key(series) for series in self.listed}) > 1

    @property
    def disputed(self):
        """True when two sources' current figures differ (never added up: each is one source's count)."""
        return self.several_sources and len({(s.current.count, s.current.count_max) for s in self.listed}) > 1


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
        listed = one_per_source(series)
        timeline = sorted(
            (
                TimelineEntry(figure, one, superseded=figure is not one.current or one not in listed)
                for one in series
                for figure in one.chain
            ),
            key=lambda entry: (entry.figure.reported_at, entry.figure.pk),
        )
        bars = story_chart_bars(series)
        times = story_chart_times(series) if bars else []
        result.append(StoryToll(outcome, series, timeline, bars, listed, times))
    return result


def source_key(series):
    """Return what tells the source of ``series`` apart; figures without a source are never the same one."""
    return series.current.source_id or f"unsourced-{series.index}"


def one_per_source(series):
    """Return the series of ``series`` a reader is told of: for each source and victims, the newest.

    One source's counts that were never linked into one chain (a toll
    repeated in each new dispatch) are one source, not "several sources".
    """
    newest = {}
    for one in series:
        figure = one.current
        key = (source_key(one), french.fold(figure.victims))
        if key not in newest or (figure.reported_at, figure.pk) > (
            newest[key].current.reported_at,
            newest[key].current.pk,
        ):
            newest[key] = one
    return sorted(newest.values(), key=lambda one: one.index)


def standing_at(chain, moment):
    """Return the chain's figure that stood at ``moment`` (the last one reported by then), or None."""
    standing = None
    for figure in chain:
        if figure.reported_at <= moment:
            standing = figure
    return standing


def _moments(series):
    return sorted({figure.reported_at for one in series for figure in one.chain})


def _group_width(count):
    return (WIDTH - BAR_GAP * (count - 1)) // count


def story_chart_times(series):
    """Return the time labels under ``story_chart_bars(series)``'s groups, one per moment a figure was reported."""
    moments = _moments(series)
    group = _group_width(len(moments))
    return time_labels(moments, [position * (group + BAR_GAP) + group // 2 for position in range(len(moments))])


def story_chart_bars(series):
    """Return the bars of a story's toll: a group per moment a figure was reported, a bar per series standing then.

    Bars of one group stand side by side at one scale (never stacked), each
    series in its own slot and colour; nothing for a single figure.
    """
    moments = _moments(series)
    if sum(len(one.chain) for one in series) < 2:
        return []
    highest = max(_value(figure) for one in series for figure in one.chain)
    group = _group_width(len(moments))
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
