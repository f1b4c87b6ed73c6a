"""The export tests' fixtures: the real importer, to check that what we export can be ingested back."""

from tests.articles.ingest.items import ingest, wire_account

__all__ = ["ingest", "wire_account"]
