from django.core.management.base import BaseCommand

from search.backends import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from all articles (after a restore or a bulk import)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="articles per indexing statement")
        parser.add_argument("--database", default="default")
        parser.add_argument("--start", type=int, help="first article id (to resume or split a rebuild)")
        parser.add_argument("--stop", type=int, help="article id to stop before")

    def handle(self, *args, batch_size, database, start, stop, **options):
        def progress(done):
            self.stdout.write(f"{done} articles indexed")

        verbose = options["verbosity"] > 1
        total = rebuild(
            using=database, batch_size=batch_size, progress=progress if verbose else None, start=start, stop=stop
        )
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} articles."))
