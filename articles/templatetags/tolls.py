from django import template

from articles.charts import HEIGHT, WIDTH, toll_bars

register = template.Library()


@register.inclusion_tag("includes/toll_chart.html")
def toll_chart(chain):
    """Render the SVG chart of a toll's history (nothing for a single figure)."""
    return {"bars": toll_bars(chain), "width": WIDTH, "height": HEIGHT, "chain": chain}
