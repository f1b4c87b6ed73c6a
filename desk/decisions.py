"""The queue's one-click decisions, each in one transaction: accept a suggestion (and headline), see a notice."""

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import publishing
from articles.ingest import versions
from articles.models import Article
from extraction import suggest
from extraction.models import Suggestion

from .models import AgencyNotice


class AlreadyDecided(Exception):
    """Another editor (or a second click) decided first: nothing was changed."""


def accept_suggestion(suggestion_id, form_for, *, user, headline=""):
    """Accept the pending suggestion through the form ``form_for(suggestion)`` returns; return what it created.

    With ``headline``, the article takes it in the same revision. A published
    article shows readers "Mis à jour" for a new toll. Raise AlreadyDecided
    when the suggestion is no longer pending, ValueError with the form's
    errors when it does not validate: then nothing is saved.
    """
    with transaction.atomic(), reversion.create_revision():
        suggestion = Suggestion.objects.select_for_update().select_related("article").get(pk=suggestion_id)
        if suggestion.status != Suggestion.Status.PENDING:
            raise AlreadyDecided
        form = form_for(suggestion)
        if not form.is_valid():
            raise ValueError(" ".join(message for errors in form.errors.values() for message in errors))
        created = suggest.accept(suggestion, form, user=user)
        article = Article.objects.get(pk=suggestion.article_id)
        if headline and headline != article.headline:
            agency_copy = bool(article.wire_id) and not versions.desk_edited(article)
            article.headline, article.updated_by = headline, user
            article.save(update_fields=["headline", "updated_by", "modified"])
            if agency_copy:
                # Copy the desk has not edited stays the agency's: its next
                # version brings the agency's own new headline, not a pending one.
                versions.record_copy(article)
        if suggestion.kind == Suggestion.Kind.TOLL and article.is_published():
            publishing.mark_updated(article, user=user)
        reversion.set_user(user)
        reversion.add_to_revision(article)
        reversion.set_comment(_("Accepté depuis le fil à vérifier : %(what)s.") % {"what": created})
    return created


def dismiss_suggestion(suggestion_id, *, user):
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion_id)
        if suggestion.status != Suggestion.Status.PENDING:
            raise AlreadyDecided
        suggest.dismiss(suggestion, user=user)


def mark_seen(notice_id, *, user):
    """Mark the agency's kill or hold as seen by ``user``: it leaves the queue."""
    if not AgencyNotice.objects.unseen().filter(pk=notice_id).update(seen_by=user, seen_at=timezone.now()):
        raise AlreadyDecided


def apply_notice(notice_id, *, user):
    """Apply a kill or hold refused to a reporter's import: withdraw the article, or take it back to draft."""
    with transaction.atomic(), reversion.create_revision():
        notice = AgencyNotice.objects.select_for_update().filter(pk=notice_id, applied=False, seen_at=None).first()
        if notice is None:
            raise AlreadyDecided
        reason = _("%(kind)s, appliquée depuis le fil à vérifier (fichier %(name)s)") % {
            "kind": notice.get_kind_display().capitalize(),
            "name": notice.file_name,
        }
        article = Article.objects.select_for_update().get(pk=notice.article_id)
        if notice.kind == AgencyNotice.Kind.KILL:
            publishing.withdraw_with_reason(Article.objects.filter(pk=article.pk), user=user, reason=reason)
        elif article.status == Article.Status.PUBLISHED:
            article.status, article.updated_by = Article.Status.DRAFT, user
            article.save(update_fields=["status", "updated_by", "modified"])
            reversion.add_to_revision(article)
            reversion.set_user(user)
            reversion.set_comment(reason)
        notice.applied, notice.seen_by, notice.seen_at = True, user, timezone.now()
        notice.save(update_fields=["applied", "seen_by", "seen_at"])
