from django import template

from articles import tolls

register = template.Library()


@register.inclusion_tag("includes/toll_chart.html")
def toll_chart(chain):
    """Render the SVG chart of a toll's history (nothing for a single figure)."""
    return {"bars": tolls.chart_bars(chain), "width": tolls.WIDTH, "height": tolls.HEIGHT, "chain": chain}


@register.filter
def change_note(chain):
    """Return what the last revision of a toll's chain changed ("bilan relevé de 22 à 29 …")."""
    return tolls.change_note(chain)
