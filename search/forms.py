"""The reader's search: text, filters and order, read from the query string."""

import dataclasses
import datetime
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from articles.models import CasualtyFigure, Quote, Source

from . import query as reader_query
from .backends import Narrowing, Order, search

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label):
    """Return an optional date field for the date range, bounded to plausible dates."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=10_000)
    tag = forms.CharField(label=_("Mot-clé"), required=False, max_length=reader_query.MAX_QUERY_LENGTH)
    source = forms.CharField(label=_("Source"), required=False, max_length=reader_query.MAX_QUERY_LENGTH)
    du = date_field(pgettext_lazy("date range", "Du"))
    au = date_field(pgettext_lazy("date range", "Au"))
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[(Order.RELEVANCE, _("pertinence")), (Order.DATE, _("date"))],
    )

    def clean_q(self):
        # Cut, not refused: a reader's over-long query still finds something.
        return reader_query.clean(self.cleaned_data["q"])

    def value(self, name):
        """Return the cleaned value of ``name``, or None when it is absent or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    @property
    def query(self):
        return self.value("q") or ""

    def has_filters(self):
        return any(self.value(name) for name in ("tag", "source", "du", "au"))

    @cached_property
    def narrowing(self):
        """The valid filters as a :class:`Narrowing`, tags and sources as ids (a query each, once)."""
        tag_ids = source_ids = since = until = None
        if tag := self.value("tag"):
            tag_ids = tuple(Tag.objects.filter(Q(slug=tag) | Q(name__iexact=tag)).values_list("pk", flat=True))
        if source := self.value("source"):
            by_source = Q(slug=source) | Q(name__iexact=source)
            source_ids = tuple(Source.objects.filter(by_source).values_list("pk", flat=True))
        if start := self.value("du"):
            since = start_of(start)
        if end := self.value("au"):
            until = start_of(end + datetime.timedelta(days=1))
        return Narrowing(tag_ids=tag_ids, source_ids=source_ids, since=since, until=until)

    def filter(self, articles):
        """Return ``articles`` narrowed by the valid filters."""
        narrowing = self.narrowing
        if narrowing.tag_ids is not None:
            articles = articles.filter(pk__in=articles.model.objects.filter(tags__in=narrowing.tag_ids))
        if narrowing.source_ids is not None:
            quoted = Quote.objects.filter(source__in=narrowing.source_ids).values("article_id")
            counted = CasualtyFigure.objects.filter(source__in=narrowing.source_ids).values("article_id")
            articles = articles.filter(Q(pk__in=quoted) | Q(pk__in=counted))
        if narrowing.since:
            articles = articles.filter(published_at__gte=narrowing.since)
        if narrowing.until:
            articles = articles.filter(published_at__lt=narrowing.until)
        return articles

    def results(self, articles):
        """Return what the page lists: search results, or filtered articles by date, or None."""
        visible, articles = articles, self.filter(articles)
        if self.query:
            order = self.value("tri") or Order.RELEVANCE
            narrowing = dataclasses.replace(self.narrowing, visible=visible)
            return search(articles, self.query, order=order, narrowing=narrowing)
        if self.has_filters():
            return articles.newest_first().for_listing()
        return None

    def query_string(self, **changes):
        """Return the valid part of the search as a query string, without the page number."""
        params = {name: self.value(name) for name in self.fields} | changes
        return urlencode({name: str(value) for name, value in params.items() if value})


def start_of(day):
    """Return the aware datetime at which ``day`` starts, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
