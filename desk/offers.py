"""What accepting a suggested toll in one click would record: its values, the figure it revises, the headline.

A suggestion found in a dispatch's copy revises the story's current figure
of the same outcome and victims, dated by the agency's time of the version
that carried it (never the editor's click). A figure is never revised by an
older one: when the story's current figure is newer, or says the same, the
one click is not offered and the row says why.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from articles import publishing, tolls
from articles.models import CasualtyFigure, PendingAgencyVersion
from extraction.admin import initial_values


@dataclass
class TollOffer:
    """The one-click acceptance of a suggested toll, or why there is none."""

    values: dict
    revised: CasualtyFigure | None = None
    refusal: str = ""
    # The headline with the new number, when the article's no longer agrees with its toll.
    headline: str = ""
    headline_from_agency: bool = False
    current: list = field(default_factory=list)


def offers_for(suggestions):
    """Return {suggestion pk: TollOffer} for the toll ``suggestions``, in three queries however many."""
    suggestions = list(suggestions)
    if not suggestions:
        return {}
    articles = {s.article_id for s in suggestions}
    stories = {s.article.story_id for s in suggestions if s.article.story_id}
    standing = list(
        CasualtyFigure.objects.filter(
            Q(article__in=articles) | Q(article__story__in=stories), superseded_by=None
        ).select_related("article", "source")
    )
    pending = {
        version.article_id: version.values.get("headline", "")
        for version in PendingAgencyVersion.objects.filter(article__in=articles)
    }
    return {s.pk: toll_offer(s, standing, pending.get(s.article_id, "")) for s in suggestions}


def toll_offer(suggestion, standing, agency_headline=""):
    """Return the TollOffer of ``suggestion`` among the current figures ``standing``.

    Its values are the review page's (``extraction.admin.initial_values``): one click accepts what the page would.
    """
    article = suggestion.article
    mine = [
        f
        for f in standing
        if f.article_id == article.pk or (article.story_id and f.article.story_id == article.story_id)
    ]
    offer = TollOffer(
        initial_values(suggestion, standing=mine), current=[f for f in mine if f.article_id == article.pk]
    )
    revised = tolls.figure_to_revise(mine, outcome=suggestion.outcome, victims=suggestion.victims)
    if revised is not None:
        offer.refusal = _refusal(suggestion, revised, article.agency_time or suggestion.created_at)
        if offer.refusal:
            return offer
        offer.revised = revised
    if suggestion.source_id is None:
        offer.refusal = _("Source à choisir : examinez la suggestion.")
    offer.headline, offer.headline_from_agency = _new_headline(article.headline, offer, agency_headline)
    return offer


def _refusal(suggestion, revised, when):
    """Return why ``suggestion`` may not revise ``revised`` (the story's current figure), or ""."""
    problem = tolls.revision_problem(
        revised, count=suggestion.count, count_max=suggestion.count_max, qualifier=suggestion.qualifier,
        reported_at=when,
    )  # fmt: skip
    if problem == "same":
        return _("Déjà le bilan actuel : %(toll)s.") % {"toll": revised.sentence()}
    if problem == "older":
        return _("Plus ancien que le bilan actuel (%(toll)s, annoncé le %(when)s) : il ne le remplace pas.") % {
            "toll": revised.sentence(),
            "when": date_format(localtime(revised.reported_at), "DATETIME_FORMAT"),
        }
    return ""


def _new_headline(headline, offer, agency_headline):
    """Return (headline, from the agency) giving the new count when the article's would disagree, else ("", False)."""
    new = CasualtyFigure(**{k: v for k, v in offer.values.items() if k in ("outcome", "count", "count_max")})
    current = [f for f in offer.current if f != offer.revised] + [new]
    wrong = publishing.headline_toll_mismatch(headline, current)
    if not wrong:
        return "", False
    if agency_headline and not publishing.headline_toll_mismatch(agency_headline, current):
        return agency_headline, True
    if len(wrong) == 1:
        return publishing.headline_with_toll(headline, wrong[0], new.count), False
    return "", False
