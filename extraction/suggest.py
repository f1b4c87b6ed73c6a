"""Turn what the rules find in an article into Suggestions, and accept or dismiss them."""

from collections import defaultdict

import reversion
from django.db import transaction
from django.utils import timezone

from articles.models import CasualtyFigure, Quote, Source

from . import rules
from .extract import extract, plain_text
from .models import Suggestion

# The columns' lengths: a run-on attribution must not cost the article its suggestions.
SPEAKER = Suggestion._meta.get_field("speaker").max_length
VICTIMS = Suggestion._meta.get_field("victims").max_length


def match_source(speaker, sources):
    """Return the Source ``speaker`` names — by name, then role, then organisation — or None.

    The most specific match wins: "le porte-parole de l'armée" is the army's
    spokesman, not any "porte-parole". A role alone never matches a source of
    another organisation.
    """
    wanted = rules.fold(speaker)
    if not wanted:
        return None
    padded = f" {wanted} "
    best, best_score = None, 0
    for source in sources:
        name, role, organisation = (rules.fold(value) for value in (source.name, source.role, source.organisation))
        in_speaker = {part: bool(part) and f" {part} " in padded for part in (name, role, organisation)}
        score = 0
        if name and (in_speaker[name] or f" {wanted} " in f" {name} "):
            score = 1000 + len(name)
        elif name and len(wanted.split()[-1]) > 3 and name.split()[-1] == wanted.split()[-1]:
            score = 500  # the surname alone: "Erdogan"
        elif role and in_speaker[role] and (not organisation or in_speaker[organisation]):
            score = 100 + len(role) + (len(organisation) if organisation else 0)
        elif organisation and in_speaker[organisation] and not role:
            score = 10 + len(organisation)
        elif organisation and in_speaker[organisation]:
            score = 5 + len(organisation)
        if score > best_score:
            best, best_score = source, score
    return best


def suggest_for_article(article):
    """Find the article's quotes and tolls; store the new Suggestions and return how many."""
    return suggest_for_articles([article])


def suggest_for_articles(articles):
    """Find the quotes and tolls of ``articles``; store the new Suggestions and return how many.

    A suggestion the editor decided on stays decided; a pending one the copy
    no longer holds goes; a quote or toll an article already has is not
    suggested again. The queries are per call, not per article, so that an
    ingest chunk pays for them once.
    """
    articles = list(articles)
    ids = [article.pk for article in articles]
    sources = list(Source.objects.only("id", "name", "role", "organisation"))
    quoted, counted, known = defaultdict(set), defaultdict(set), defaultdict(dict)
    for article_id, text in Quote.objects.filter(article__in=ids).values_list("article_id", "text"):
        quoted[article_id].add(rules.fold(text))
    for article_id, outcome, count in CasualtyFigure.objects.filter(article__in=ids).values_list(
        "article_id", "outcome", "count"
    ):
        counted[article_id].add((outcome, count))
    for pk, article_id, key, status in Suggestion.objects.filter(article__in=ids).values_list(
        "pk", "article_id", "key", "status"
    ):
        known[article_id][key] = (pk, status)
    new, stale = [], []
    for article in articles:
        candidates = _candidates(article, sources, quoted[article.pk], counted[article.pk])
        new += [suggestion for key, suggestion in candidates.items() if key not in known[article.pk]]
        stale += [
            pk
            for key, (pk, status) in known[article.pk].items()
            if status == Suggestion.Status.PENDING and key not in candidates
        ]
    with transaction.atomic():
        if stale:
            Suggestion.objects.filter(pk__in=stale).delete()
        Suggestion.objects.bulk_create(new)
    return len(new)


def _candidates(article, sources, quoted, counted):
    """Return the article's Suggestions (unsaved), by key."""
    text = "\n\n".join(filter(None, [article.standfirst, plain_text(article.body or "")]))
    found = extract(text)
    candidates = {}
    for quote in found.quotes:
        if rules.fold(quote.text) in quoted:
            continue
        key = f"quote:{rules.fold(quote.text)}"[:300]
        candidates[key] = Suggestion(
            article=article, kind=Suggestion.Kind.QUOTE, key=key, sentence=quote.sentence,
            speaker=quote.speaker[:SPEAKER], source=match_source(quote.speaker, sources), text=quote.text,
        )  # fmt: skip
    for toll in found.tolls:
        if (toll.outcome, toll.count) in counted:
            continue
        key = f"toll:{toll.outcome}:{toll.count}:{toll.count_max}:{toll.qualifier}:{rules.fold(toll.victims)}"[:300]
        candidates[key] = Suggestion(
            article=article, kind=Suggestion.Kind.TOLL, key=key, sentence=toll.sentence, speaker=toll.source[:SPEAKER],
            source=match_source(toll.source, sources), outcome=toll.outcome, count=toll.count,
            count_max=toll.count_max, qualifier=toll.qualifier, victims=toll.victims[:VICTIMS],
        )  # fmt: skip
    return candidates


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
