"""Store the teaser of the articles that have none: after upgrading, or after a bulk load."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.teaser import computed_teaser_text

BATCH = 500


class Command(BaseCommand):
    help = (
        "Calcule l'accroche enregistrée des articles qui n'en ont pas (après une mise à jour "
        "ou un chargement en masse). Sans elle, l'accroche est recalculée à chaque affichage."
    )

    def handle(self, *args, **options):
        filled = 0
        pending = Article.objects.filter(teaser_plain="").exclude(standfirst="", body="").order_by("pk")
        last = 0
        while batch := list(pending.filter(pk__gt=last).only("pk", "standfirst", "body")[:BATCH]):
            for article in batch:
                article.teaser_plain = computed_teaser_text(article)
            # No save(): nothing a reader sees changes, so no page is invalidated.
            Article.objects.bulk_update(batch, ["teaser_plain"])
            filled += len(batch)
            last = batch[-1].pk
        self.stdout.write(f"Accroches enregistrées : {filled}.")
