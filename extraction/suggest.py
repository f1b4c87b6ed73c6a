"""Turn what the rules find in an article into Suggestions, and accept or dismiss them."""

import logging

import reversion
from django.db import transaction
from django.utils import timezone

from articles.models import Source

from . import rules
from .extract import extract, plain_text
from .models import Suggestion

logger = logging.getLogger(__name__)


def match_source(speaker, sources):
    """Return the Source ``speaker`` names — by name, then role, then organisation — or None."""
    wanted = rules.fold(speaker)
    if not wanted:
        return None
    best, best_score = None, 0
    for source in sources:
        name, role, organisation = (rules.fold(value) for value in (source.name, source.role, source.organisation))
        score = 0
        if name and (name == wanted or f" {name} " in f" {wanted} " or f" {wanted} " in f" {name} "):
            score = 3
        elif name and name.split()[-1] == wanted.split()[-1] and len(wanted.split()[-1]) > 3:
            score = 2  # the surname alone: "Erdogan"
        elif role and (role == wanted or f" {role} " in f" {wanted} "):
            score = 2 if not name else 1
        elif organisation and f" {organisation} " in f" {wanted} ":
            score = 1
        if score > best_score:
            best, best_score = source, score
    return best


def suggest_for_article(article):
    """Find the article's quotes and tolls; store new Suggestions and return how many.

    A suggestion the editor decided on stays decided; a pending one the copy
    no longer holds goes; a quote or toll the article already has is not
    suggested again.
    """
    text = "\n\n".join(filter(None, [article.standfirst, plain_text(article.body or "")]))
    found = extract(text)
    sources = list(Source.objects.only("id", "name", "role", "organisation"))
    quoted = {rules.fold(text) for text in article.quotes.values_list("text", flat=True)}
    counted = set(article.casualty_figures.values_list("outcome", "count"))
    candidates = {}
    for quote in found.quotes:
        if rules.fold(quote.text) in quoted:
            continue
        key = f"quote:{rules.fold(quote.text)}"[:300]
        candidates[key] = Suggestion(
            article=article, kind=Suggestion.Kind.QUOTE, key=key, sentence=quote.sentence, speaker=quote.speaker,
            source=match_source(quote.speaker, sources), text=quote.text,
        )  # fmt: skip
    for toll in found.tolls:
        if (toll.outcome, toll.count) in counted:
            continue
        key = f"toll:{toll.outcome}:{toll.count}:{toll.count_max}:{toll.qualifier}:{rules.fold(toll.victims)}"[:300]
        candidates[key] = Suggestion(
            article=article, kind=Suggestion.Kind.TOLL, key=key, sentence=toll.sentence, speaker=toll.source,
            source=match_source(toll.source, sources), outcome=toll.outcome, count=toll.count,
            count_max=toll.count_max, qualifier=toll.qualifier, victims=toll.victims,
        )  # fmt: skip
    with transaction.atomic():
        known = set(article.suggestions.values_list("key", flat=True))
        article.suggestions.pending().exclude(key__in=candidates).delete()
        new = [suggestion for key, suggestion in candidates.items() if key not in known]
        Suggestion.objects.bulk_create(new)
    return len(new)


def suggest_quietly(article_ids):
    """Suggest for each article; a failure is logged, never raised (ingest and saves go on)."""
    from articles.models import Article

    for article in Article.objects.filter(pk__in=article_ids):
        try:
            suggest_for_article(article)
        except Exception:
            logger.exception("extraction failed for article %s", article.pk)


def accept(suggestion, form, *, user):
    """Save ``form`` (a QuoteForm or CasualtyFigureForm, validated) and mark the suggestion accepted."""
    with transaction.atomic(), reversion.create_revision():
        created = form.save()
        reversion.set_user(user)
        reversion.add_to_revision(created.article)
        suggestion.status = Suggestion.Status.ACCEPTED
        if suggestion.kind == Suggestion.Kind.QUOTE:
            suggestion.quote = created
        else:
            suggestion.figure = created
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save()
    return created


def dismiss(suggestion, *, user):
    suggestion.status = Suggestion.Status.DISMISSED
    suggestion.decided_by, suggestion.decided_at = user, timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
