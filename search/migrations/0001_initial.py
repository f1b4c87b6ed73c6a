"""The search index, in the shape the database needs.

PostgreSQL: the unaccent and pg_trgm extensions, the french_unaccent text
search configuration, a weighted tsvector per article with a GIN index, and
the vocabulary table with a trigram index. SQLite: an FTS5 table that folds
accents, and its vocabulary view. The ``Document`` model is declared for
both so that the migration state is the same everywhere; its table is made
by the SQL below, and only on PostgreSQL.
"""

import django.db.models.deletion
from django.db import migrations, models

import search.fields

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    """
    CREATE TABLE search_document (
        article_id bigint PRIMARY KEY REFERENCES articles_article (id) ON DELETE CASCADE,
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "CREATE TABLE search_word (word text PRIMARY KEY)",
    "CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS search_word",
    "DROP TABLE IF EXISTS search_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]
SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, extra, body, tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts_vocab", "DROP TABLE IF EXISTS search_fts"]


def run_for_vendor(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0002_desk_groups")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Document",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="search_document",
                                serialize=False,
                                to="articles.article",
                            ),
                        ),
                        ("document", search.fields.TsVectorField()),
                    ],
                    options={"db_table": "search_document"},
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    run_for_vendor({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}),
                    run_for_vendor({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
                ),
            ],
        ),
    ]
