"""The toll chart: a small SVG drawn on the server, no JavaScript."""

from dataclasses import dataclass

from . import french

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


def toll_bars(chain):
    """Return the bars of a toll's history, oldest first, scaled to the highest count."""
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
