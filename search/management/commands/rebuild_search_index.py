from django.core.management.base import BaseCommand

from search.backends import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from all articles (after a restore or a bulk import)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="articles per indexing statement")
        parser.add_argument("--database", default="default")

    def handle(self, *args, batch_size, database, **options):
        def progress(done):
            self.stdout.write(f"{done} articles indexed")

        total = rebuild(using=database, batch_size=batch_size, progress=progress if options["verbosity"] > 1 else None)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} articles."))
