"""Filters of the reader pages' times and sections: {% load reader %}."""

from django import template
from django.db import DatabaseError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Section

register = template.Library()


@register.filter
def iso(moment):
    """Return ``moment`` as a valid HTML ``datetime`` in local time, to the second: "2026-12-08T01:10:00+01:00"."""
    if not moment:
        return ""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


@register.filter
def card_time(moment):
    """Return when a card's story happened as briefly as it stays clear: "14:32" today, "7 décembre, 14:32" this
    year, with the year before."""
    local = timezone.localtime(moment)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    if local.year == today.year:
        return date_format(local, _("j F, H:i"))
    return date_format(local, _("j F Y, H:i"))


@register.filter
def day_heading(day):
    """Return a day's header in a time-first list: "Aujourd'hui", "Hier", else "Lundi 7 décembre" (and its year
    when not this one)."""
    today = timezone.localdate()
    if day == today:
        return _("Aujourd'hui")
    if (today - day).days == 1:
        return _("Hier")
    return date_format(day, _("l j F") if day.year == today.year else _("l j F Y")).capitalize()


@register.inclusion_tag("includes/section_nav.html")
def section_nav():
    """Render the sections' links; none while the database is down (the error pages still render)."""
    try:
        sections = list(Section.objects.only("name", "slug"))
    except DatabaseError:
        sections = []
    return {"sections": sections}


@register.filter
def folded_dispatches(article, fold):
    """Return the dispatches folded under ``article``'s card: a lead story's card all the others, any other card
    the earlier ones (the newer ones have cards of their own)."""
    return article.other_dispatches() if fold == "story" else article.earlier_dispatches()
