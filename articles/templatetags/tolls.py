from django import template
from django.utils.translation import gettext as _

from articles import tolls

register = template.Library()


@register.inclusion_tag("includes/toll_chart.html")
def toll_chart(chain):
    """Render the SVG chart of a toll's history (nothing for a single figure)."""
    bars = tolls.chart_bars(chain)
    return {
        "bars": bars,
        "times": tolls.chart_times(chain),
        "title": chart_title([bar.label for bar in bars]),
        "width": tolls.WIDTH,
        "height": tolls.HEIGHT,
        "chain": chain,
    }


@register.filter
def change_note(chain):
    """Return what the last revision of a toll's chain changed ("bilan relevé de 22 à 29 …")."""
    return tolls.change_note(chain)


def chart_title(counts):
    """Return a chart's accessible title: "Évolution du bilan : 9, 22, 29", in the reader's language."""
    return _("Évolution du bilan : %(values)s") % {"values": ", ".join(counts)}


@register.simple_tag
def story_chart_title(toll):
    """Return a story chart's title: each source's counts in turn ("selon … : 9, 22 ; selon … : 41")."""
    parts = []
    for series in toll.series:
        counts = ", ".join(series.labels)
        said = series.current.attribution()
        parts.append(_("%(source)s : %(counts)s") % {"source": said, "counts": counts} if said else counts)
    return _("Évolution du bilan : %(values)s") % {"values": _(" ; ").join(parts)}
