"""Index taggit's tagged items by the article id as a bigint (PostgreSQL).

``TaggedItem.object_id`` is an integer and ``Article.id`` a bigint: Django
joins them on ``object_id::bigint``, which the integer indexes cannot
serve, so a search filtered by tag read the whole tagged-item table. This
expression index matches the join exactly. Nothing to do on SQLite, where
the cast does not exist.
"""

from django.db import migrations

INDEX = "search_taggeditem_object_bigint"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON taggit_taggeditem "
            "(((object_id)::bigint), content_type_id, tag_id)"
        )
        schema_editor.execute("ANALYZE taggit_taggeditem")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_document_storage_main"), ("taggit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
