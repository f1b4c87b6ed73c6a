"""The ingest tests' fixtures: the real importer and the wire account."""

from tests.articles.ingest.items import ingest, wire_account

__all__ = ["ingest", "wire_account"]
