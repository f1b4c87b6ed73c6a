"""The wire tests' fixtures (the real importer, the wire account), shared with this folder."""

from tests.wire.conftest import ingest, wire_account

__all__ = ["ingest", "wire_account"]
