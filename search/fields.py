"""A tsvector column for the ORM, without loading PostgreSQL-only modules.

The column exists only on PostgreSQL (see the migrations); declaring it with
this small field keeps ``search.models`` importable on SQLite.
"""

from django.db import models


class TsVectorField(models.Field):
    """A PostgreSQL ``tsvector``; compare it with a ``tsquery`` through ``__matches``."""

    description = "PostgreSQL text search document"

    def db_type(self, connection):
        return "tsvector"


@TsVectorField.register_lookup
class Matches(models.Lookup):
    """``document @@ query``: true when the document satisfies the text search query."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", (*lhs_params, *rhs_params)
