"""{{ tag|tag_url }}: a tag page's link, without a ``reverse()`` per tag (a list of 20 cards shows 40)."""

from django import template

from articles.models import reader_path

register = template.Library()


@register.filter
def tag_url(tag):
    """Return the path of ``tag``'s page: what ``{% url 'articles:tag' tag.slug %}`` returns."""
    return reader_path("tag", tag.slug)
