from django import template

from articles import tolls

register = template.Library()


@register.inclusion_tag("includes/toll_chart.html")
def toll_chart(chain):
    """Render the SVG chart of a toll's history (nothing for a single figure)."""
    return {"bars": tolls.chart_bars(chain), "width": tolls.WIDTH, "height": tolls.HEIGHT, "chain": chain}
