"""The desk's queue, "Fil à vérifier": everything waiting for an editor, newest first, across articles.

Each kind of item comes from one source in ``SOURCES``. A source answers
four questions: how many items wait (``count``), which are the newest
(``newest(limit)``: ``(when, row)`` pairs, newest first), how the rows of one
page read for a user, with the actions that user may take (``describe``),
and what an action does (``decide``, which returns the message to show).
To queue another kind of item, write a class answering the same four and
add it to ``SOURCES``; the page, its pagination, its count and its POST
route follow.
"""

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.forms import CasualtyFigureForm, QuoteForm, can_publish
from articles.ingest import versions
from articles.models import Article, CasualtyFigure, PendingAgencyVersion
from articles.signals import copy_saved
from extraction.models import Suggestion

from . import decisions, offers
from .models import AgencyNotice


@dataclass
class Action:
    """A button of a row: ``name`` is posted to the source's ``decide``."""

    name: str
    label: str
    primary: bool = False
    # What the button gives the article's headline, shown beside it.
    headline: str = ""


@dataclass
class Item:
    """One row of the queue."""

    source: str
    pk: int
    article: Article
    kind: str
    what: str
    when: datetime
    detail: str = ""
    # Why an action the editor may expect is not offered.
    note: str = ""
    actions: list = field(default_factory=list)
    link: str = ""
    link_label: str = ""


def may_change(user, article):
    """Return True when ``user`` may change ``article``'s copy: drafts are the desk's, the rest editors' only."""
    return article.status == Article.Status.DRAFT or can_publish(user)


def editor_only_note(article):
    return _("%(status)s : seul un éditeur peut en décider.") % {"status": article.get_status_display().capitalize()}


class SuggestionSource:
    """Quotes and tolls the extraction assistant found, awaiting acceptance or dismissal."""

    name = "suggestion"

    def pending(self):
        return Suggestion.objects.pending()

    def count(self):
        return self.pending().count()

    def newest(self, limit):
        rows = self.pending().order_by("-created_at", "-pk").values_list("created_at", "pk")[:limit]
        return list(rows)

    def describe(self, pks, user):
        suggestions = list(Suggestion.objects.filter(pk__in=pks).select_related("article", "source"))
        tolls = offers.offers_for(s for s in suggestions if s.kind == Suggestion.Kind.TOLL)
        return [self.item(suggestion, tolls.get(suggestion.pk), user) for suggestion in suggestions]

    def item(self, suggestion, offer, user):
        is_toll = suggestion.kind == Suggestion.Kind.TOLL
        item = Item(
            self.name, suggestion.pk, suggestion.article,
            kind=_("Bilan suggéré") if is_toll else _("Citation suggérée"),
            what=str(suggestion), when=suggestion.created_at, detail=suggestion.sentence,
            link=reverse("admin:extraction_suggestion_review", args=[suggestion.pk]), link_label=_("Examiner"),
        )  # fmt: skip
        if not may_change(user, suggestion.article):
            item.note = editor_only_note(suggestion.article)
            return item
        if is_toll and offer.revised is not None:
            item.detail = _("Remplace : %(toll)s") % {"toll": offer.revised.sentence()}
        refusal = offer.refusal if is_toll else ("" if suggestion.source_id else _("Source à choisir : examinez-la."))
        if refusal:
            item.note = refusal
        else:
            item.actions.append(Action("accept", _("Accepter"), primary=True))
            if is_toll and offer.headline and can_publish(user):
                label = (
                    _("Accepter avec le titre de l'agence") if offer.headline_from_agency else _("Accepter et titrer")
                )
                item.actions.append(Action("accept_headline", label, headline=offer.headline))
        item.actions.append(Action("dismiss", _("Écarter")))
        return item

    def decide(self, pk, action, *, user, data):
        suggestion = Suggestion.objects.select_related("article").filter(pk=pk).first()
        if suggestion is None:
            raise decisions.AlreadyDecided
        if not may_change(user, suggestion.article):
            raise PermissionDenied
        if action == "dismiss":
            decisions.dismiss_suggestion(pk, user=user)
            return _("Suggestion écartée : %(what)s.") % {"what": suggestion}
        if action not in ("accept", "accept_headline"):
            raise PermissionDenied
        headline = ""
        if action == "accept_headline":
            if not can_publish(user):
                raise PermissionDenied
            headline = self.offer(suggestion).headline
            if not headline or data.get("headline") != headline:
                raise ValueError(_("le titre proposé a changé depuis l'affichage du fil ; voyez le nouveau."))
        created = decisions.accept_suggestion(pk, lambda fresh: self.form(fresh, user), user=user, headline=headline)
        message = _("Accepté : %(what)s.") % {"what": created}
        if headline:
            message += " " + _("Nouveau titre : « %(headline)s ».") % {"headline": headline}
        return message

    def offer(self, suggestion):
        return offers.offers_for([suggestion])[suggestion.pk]

    def form(self, suggestion, user):
        """Return the desk's quote or toll form bound to the one-click values; its rules hold as in the admin."""
        if suggestion.kind == Suggestion.Kind.QUOTE:
            data = {"article": suggestion.article_id, "source": suggestion.source_id, "text": suggestion.text}
            data["position"] = suggestion.article.quotes.count()
            base = QuoteForm
        else:
            offer = self.offer(suggestion)
            if offer.refusal:
                raise ValueError(offer.refusal)
            data, base = offer.values, CasualtyFigureForm
        form_class = type(base.__name__, (base,), {"user": user})
        return form_class(data={key: _form_value(value) for key, value in data.items() if value is not None})


def _form_value(value):
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


class AgencyVersionSource:
    """Newer agency versions of articles the desk has edited, kept aside for an editor."""

    name = "version"

    def count(self):
        return PendingAgencyVersion.objects.count()

    def newest(self, limit):
        return list(
            PendingAgencyVersion.objects.order_by("-received_at", "-pk").values_list("received_at", "pk")[:limit]
        )

    def describe(self, pks, user):
        return [
            self.item(pending, user)
            for pending in PendingAgencyVersion.objects.filter(pk__in=pks).select_related("article")
        ]

    def item(self, pending, user):
        fields = ", ".join(change.label for change in versions.changes(pending)) or _("aucun champ")
        item = Item(
            self.name, pending.pk, pending.article, kind=_("Version d'agence en attente"),
            what=pending.values.get("headline", "") or str(pending.article),
            detail=_("Champs changés : %(fields)s") % {"fields": fields}, when=pending.received_at,
            link=reverse("admin:articles_article_agency_version", args=[pending.article_id]),
            link_label=_("Comparer"),
        )  # fmt: skip
        if can_publish(user):
            item.actions.append(Action("take", _("Reprendre"), primary=True))
        else:
            item.note = _("Seul un éditeur peut reprendre une version d'agence.")
        if may_change(user, pending.article):
            item.actions.append(Action("leave", _("Écarter")))
        return item

    def decide(self, pk, action, *, user, data):
        pending = PendingAgencyVersion.objects.select_related("article").filter(pk=pk).first()
        if pending is None:
            raise decisions.AlreadyDecided
        if action == "take" and can_publish(user):
            changed = versions.take(pending, user=user)
            # The agency's text is the article's now: its tolls and quotes join the queue, as after an ingest.
            copy_saved.send(sender=Article, article_ids=[pending.article_id])
            return _("Version d'agence reprise : %(count)d champ(s) mis à jour.") % {"count": len(changed)}
        if action == "leave" and may_change(user, pending.article):
            versions.leave(pending, user=user)
            return _("Version d'agence écartée : l'article reste tel que la rédaction l'a modifié.")
        raise PermissionDenied


class AgencyNoticeSource:
    """The agency's kills and holds: already applied (readers lost the article), for an editor to see."""

    name = "notice"

    def count(self):
        return AgencyNotice.objects.unseen().count()

    def newest(self, limit):
        return list(
            AgencyNotice.objects.unseen().order_by("-received_at", "-pk").values_list("received_at", "pk")[:limit]
        )

    def describe(self, pks, user):
        return [self.item(notice, user) for notice in AgencyNotice.objects.filter(pk__in=pks).select_related("article")]

    def item(self, notice, user):
        killed = notice.kind == AgencyNotice.Kind.KILL
        if not notice.applied:
            what = _("Refusée à l'import d'un rédacteur : l'article est toujours %(status)s.") % {
                "status": notice.article.get_status_display()
            }
        elif killed:
            what = _("Article retiré : les lecteurs ne le voient plus.")
        else:
            what = _("Article repassé en brouillon : les lecteurs ne le voient plus.")
        item = Item(
            self.name, notice.pk, notice.article, kind=notice.get_kind_display().capitalize(), what=what,
            detail=_("Fichier %(name)s") % {"name": notice.file_name} if notice.file_name else "",
            when=notice.received_at,
        )  # fmt: skip
        if not can_publish(user):
            item.note = _("Un éditeur doit en prendre connaissance.")
        elif notice.applied:
            item.actions.append(Action("seen", _("Vu"), primary=True))
        else:
            item.actions += [Action("apply", _("Appliquer"), primary=True), Action("seen", _("Ignorer"))]
        return item

    def decide(self, pk, action, *, user, data):
        if action not in ("seen", "apply") or not can_publish(user):
            raise PermissionDenied
        if action == "apply":
            decisions.apply_notice(pk, user=user)
            return _("Appliqué : l'article n'est plus visible des lecteurs.")
        decisions.mark_seen(pk, user=user)
        return _("Noté : il quitte le fil à vérifier.")


class RecordedTollSource:
    """Tolls read in agency copy and recorded at once (``ingest --record-tolls``), awaiting an editor's check.

    Readers already see them; "Confirmer" says a person checked the figure against the copy.
    """

    name = "recorded"

    def waiting(self):
        return CasualtyFigure.objects.filter(awaiting_review=True)

    def count(self):
        return self.waiting().count()

    def newest(self, limit):
        return list(self.waiting().order_by("-reported_at", "-pk").values_list("reported_at", "pk")[:limit])

    def describe(self, pks, user):
        figures = self.waiting().filter(pk__in=pks).select_related("article", "source", "supersedes")
        return [self.item(figure, user) for figure in figures]

    def item(self, figure, user):
        item = Item(
            self.name, figure.pk, figure.article, kind=_("Bilan relevé dans la dépêche"), what=figure.sentence(),
            when=figure.reported_at,
            detail=_("Remplace : %(toll)s") % {"toll": figure.supersedes.sentence()} if figure.supersedes else "",
            link=reverse("admin:articles_casualtyfigure_change", args=[figure.pk]), link_label=_("Vérifier"),
        )  # fmt: skip
        if may_change(user, figure.article):
            item.actions.append(Action("confirm", _("Confirmer"), primary=True))
        else:
            item.note = editor_only_note(figure.article)
        return item

    def decide(self, pk, action, *, user, data):
        figure = self.waiting().select_related("article").filter(pk=pk).first()
        if figure is None:
            raise decisions.AlreadyDecided
        if action != "confirm" or not may_change(user, figure.article):
            raise PermissionDenied
        with transaction.atomic(), reversion.create_revision():
            figure.awaiting_review = False
            figure.save(update_fields=["awaiting_review"])
            reversion.set_user(user)
            reversion.set_comment(_("Bilan relevé dans la dépêche vérifié depuis le fil à vérifier."))
        return _("Bilan vérifié : %(what)s.") % {"what": figure.sentence()}


SOURCES = {
    source.name: source
    for source in (SuggestionSource(), AgencyVersionSource(), AgencyNoticeSource(), RecordedTollSource())
}


class Queue:
    """Every source's items for ``user``, newest first, as a sequence Django's Paginator can page through."""

    def __init__(self, user, sources=None):
        self.user = user
        self.sources = sources or SOURCES

    def count(self):
        return sum(source.count() for source in self.sources.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        """Return the items of ``window`` (a slice), each source asked for its newest ``window.stop`` only."""
        stop = window.stop or self.count()
        newest = [[(when, name, pk) for when, pk in source.newest(stop)] for name, source in self.sources.items()]
        chosen = list(
            islice(heapq.merge(*newest, key=lambda entry: (entry[0], entry[2]), reverse=True), window.start, stop)
        )
        rows = {}
        for name, source in self.sources.items():
            pks = [pk for _when, source_name, pk in chosen if source_name == name]
            if pks:
                rows |= {(name, item.pk): item for item in source.describe(pks, self.user)}
        return [rows[name, pk] for _when, name, pk in chosen if (name, pk) in rows]


def pending_count():
    """Return how many items wait in the queue, all sources together."""
    return Queue(None).count()
