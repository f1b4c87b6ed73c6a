"""The demo desk's live coverage: the Aude floods followed entry by entry, with a key event and a pinned summary.

Called when the demo desk is loaded (``articles.demo.loaded``). Loading again
leaves an existing coverage and its entries as they are.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from articles.models import Article, Story

from .models import LiveCoverage, LiveEntry

SLUG = "crues-aude-en-direct"
STORY_TITLE = "Crues dans l'Aude"
DISPATCH_SLUG = "aude-crues-saint-aurele"
SUMMARY = (
    "<p>Des pluies diluviennes ont fait déborder l'Orbieu dans la nuit. Deux personnes sont mortes à "
    "Saint-Aurèle-sur-Orbieu et quelque 600 habitants ont été évacués, selon la préfecture de l'Aude.</p>"
)
# (minutes before now, text, key event)
ENTRIES = [
    (190, "<p>La préfecture de l'Aude place le département en vigilance rouge pluie-inondation.</p>", False),
    (
        150,
        "<p>L'Orbieu est sorti de son lit à Saint-Aurèle-sur-Orbieu, où l'eau atteint un mètre dans le centre.</p>",
        True,
    ),
    (110, "<p>Les pompiers ont mené une quarantaine d'hélitreuillages depuis le début de la nuit.</p>", False),
    (70, "<p>Le collège de Saint-Aurèle est ouvert pour accueillir les habitants évacués.</p>", False),
    (35, "<p>La circulation reste coupée sur la départementale entre Lézignan et Saint-Aurèle.</p>", False),
    (10, "<p>Météo-France annonce une accalmie en fin de matinée, la décrue devrait suivre.</p>", False),
]


@transaction.atomic
def load(*, now):
    """Create the demo coverage if it is absent; return it."""
    coverage = LiveCoverage.objects.filter(slug=SLUG).first()
    if coverage is not None:
        return coverage
    dispatch = Article.objects.filter(slug=DISPATCH_SLUG).first()
    story, _ = Story.objects.get_or_create(slug="crues-aude", defaults={"title": STORY_TITLE})
    if dispatch is not None and dispatch.story_id is None:
        dispatch.story = story
        dispatch.save(update_fields=["story", "modified"])
    coverage = LiveCoverage.objects.create(
        title="Crues dans l'Aude : la situation en direct",
        slug=SLUG,
        story=story,
        status=LiveCoverage.Status.LIVE,
        started_at=now - timedelta(minutes=200),
        summary=SUMMARY,
    )
    author = get_user_model().objects.filter(username="editrice").first()
    for minutes, text, key in ENTRIES:
        LiveEntry.objects.create(
            coverage=coverage, author=author, posted_at=now - timedelta(minutes=minutes), text=text, is_key_event=key
        )
    toll = coverage.story_figures().order_by("-reported_at", "-id").first()
    if toll is not None:
        LiveEntry.objects.create(coverage=coverage, author=author, posted_at=now - timedelta(minutes=5), toll=toll)
    return coverage


def on_demo_loaded(sender, *, now, **kwargs):
    load(now=now)
