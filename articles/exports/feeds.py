"""RSS 2.0 and Atom feeds: the latest articles, by section, by tag, by source."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.translation import gettext as _

from articles.models import Article, Section, Source
from articles.teaser import teaser_text
from articles.views import get_reader_tag_or_404

from .dates import date_modified

FEED_SIZE = 30
# What XML 1.0 cannot carry at all: Django's feed writer refuses the whole feed
# for one of them, and a sitemap holding one is not XML.
_XML_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value):
    """Return ``value`` with the characters XML 1.0 forbids replaced by spaces, on one line."""
    return " ".join(_XML_CONTROL_RE.sub(" ", str(value)).split()) if value else value


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's updated time, which RSS lacks, as ``atom:updated``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class LatestFeed(Feed):
    """Dernières Infos as RSS 2.0; the Atom twin below only changes the format."""

    feed_type = NewsRssFeed
    language = "fr"

    def title(self, obj=None):
        return _("Dernières Infos — %(site)s") % {"site": xml_text(settings.NEWSDESK_SITE_NAME)}

    def link(self, obj=None):
        return reverse("articles:latest")

    def description(self, obj=None):
        return _("Les dernières dépêches de la rédaction, mises à jour en continu.")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        # Tags are prefetched; the correction is needed for the updated time.
        return self.articles(obj).newest_first().select_related("image").with_tags()[:FEED_SIZE]

    def item_enclosures(self, item):
        """The article's photo, as the feed readers' thumbnail (RSS ``enclosure``, Atom ``link rel="enclosure"``)."""
        picture = item.described_image.fallback if item.described_image else None
        if picture is None:
            return []
        return [Enclosure(picture.url, str(picture.size), "image/jpeg")]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django makes links absolute, not enclosures: a feed reader needs the whole address.
        for entry in feed.items:
            entry["enclosures"] = [
                Enclosure(request.build_absolute_uri(e.url), e.length, e.mime_type) for e in entry["enclosures"]
            ]
        return feed

    def item_title(self, item):
        return xml_text(item.headline)

    def item_description(self, item):
        return xml_text(teaser_text(item))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return date_modified(item)

    def item_categories(self, item):
        return [xml_text(tag.name) for tag in item.tag_list()]

    def item_author_name(self, item):
        # Atom wants an author on every entry (RFC 4287): the desk signs what no one else does.
        return xml_text(item.byline or item.agency or settings.NEWSDESK_SITE_NAME)


class TagFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_reader_tag_or_404(slug)

    def title(self, obj):
        return _("Thème : %(tag)s — %(site)s") % {"tag": xml_text(obj.name), "site": settings.NEWSDESK_SITE_NAME}

    def link(self, obj):
        return reverse("articles:tag", args=[obj.slug])

    def description(self, obj):
        return _("Toutes les dépêches sur le thème « %(tag)s ».") % {"tag": xml_text(obj.name)}

    def articles(self, obj):
        return Article.objects.published().tagged(obj.slug)


class SectionFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return _("Rubrique %(section)s — %(site)s") % {
            "section": xml_text(obj.name),
            "site": xml_text(settings.NEWSDESK_SITE_NAME),
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Les dernières dépêches de la rubrique %(section)s.") % {"section": xml_text(obj.name)}

    def articles(self, obj):
        return Article.objects.published().in_section(obj)


class SourceFeed(LatestFeed):
    def get_object(self, request, slug):
        source = get_object_or_404(Source, slug=slug)
        if not self.articles(source).exists():
            raise Http404("no published article cites this source")
        return source

    def title(self, obj):
        return _("%(source)s — %(site)s") % {"source": xml_text(obj.attribution()), "site": settings.NEWSDESK_SITE_NAME}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Les dépêches qui citent %(source)s.") % {"source": xml_text(obj.attribution())}

    def articles(self, obj):
        return Article.objects.published().citing(obj)


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = SectionFeed.description


class SourceAtomFeed(SourceFeed):
    feed_type = Atom1Feed
    subtitle = SourceFeed.description
