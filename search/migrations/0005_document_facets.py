"""Give each PostgreSQL search document what a search narrows by, in one GIN index.

A search wants the newest matches first. With only the words in the index,
a word found in 3 % of a million articles meant reading 30,000 rows to sort
them by date, and a phrase meant re-reading thousands of documents. Each
document now carries, beside its words:

- ``published_at`` and ``day`` (days since 1970): when the article became
  visible, NULL while it is a draft or withdrawn. A trigger keeps them in
  step with the article, whatever code changes its status.
- ``tags`` and ``sources``: the ids a reader filters by.
- ``pairs``: each two words that follow each other ("defens antiaerien"),
  hashed, so that a quoted phrase is found by the index, not by re-reading
  thousands of texts.

One GIN index (btree_gin for ``day``) covers the words, the day, the tags,
the sources and the pairs: PostgreSQL intersects them inside the index, so
"the most recent days" or "this tag" cut a common word's million entries
down before any row is read. The documents and pairs are kept out of the
table's pages (TOAST) so that the rows the index points to are small: the
date of a match is read from a ~70-byte row. Nothing happens on SQLite.
"""

from django.db import migrations

# A pair is kept as 32 bits of its MD5 (stable across PostgreSQL versions,
# unlike hashtext): small index keys; a rare collision only makes a document
# a candidate, and the phrase itself is always checked on the document.
PAIRS_FUNCTION = """
CREATE OR REPLACE FUNCTION search_pairs(v tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT ('x' || left(md5(a.lexeme || ' ' || b.lexeme), 8))::bit(32)::integer), '{}')
    FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) a
    JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) b ON b.pos = a.pos + 1
$$
"""

DAY_FUNCTION = """
CREATE OR REPLACE FUNCTION search_day(t timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT floor(extract(epoch FROM t) / 86400)::integer
$$
"""

VISIBILITY_TRIGGER = [
    """
    CREATE OR REPLACE FUNCTION search_document_visibility() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        visible timestamptz := CASE WHEN NEW.status = 'published' THEN NEW.published_at END;
    BEGIN
        UPDATE search_document SET published_at = visible, day = search_day(visible)
        WHERE article_id = NEW.id AND published_at IS DISTINCT FROM visible;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER search_document_visibility
    AFTER UPDATE OF status, published_at ON articles_article
    FOR EACH ROW EXECUTE FUNCTION search_document_visibility()
    """,
]

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    PAIRS_FUNCTION,
    DAY_FUNCTION,
    """
    ALTER TABLE search_document
        ADD COLUMN published_at timestamptz,
        ADD COLUMN day integer,
        ADD COLUMN tags integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN sources bigint[] NOT NULL DEFAULT '{}',
        ADD COLUMN pairs integer[] NOT NULL DEFAULT '{}'
    """,
    "ALTER TABLE search_document ALTER COLUMN document SET STORAGE EXTENDED",
    # Documents and pairs out of line: a row is ~70 bytes, not ~1 KB.
    "ALTER TABLE search_document SET (toast_tuple_target = 128)",
    *VISIBILITY_TRIGGER,
    "DROP INDEX IF EXISTS search_document_gin",
]
# The existing documents get their new columns from the articles (the
# statement the app re-indexes with), then the index is built once.
INDEX = "CREATE INDEX search_document_gin ON search_document USING gin (document, day, tags, sources, pairs)"

BACKWARD = [
    "DROP INDEX IF EXISTS search_document_gin",
    "DROP TRIGGER IF EXISTS search_document_visibility ON articles_article",
    "DROP FUNCTION IF EXISTS search_document_visibility()",
    """
    ALTER TABLE search_document
        DROP COLUMN published_at, DROP COLUMN day, DROP COLUMN tags, DROP COLUMN sources, DROP COLUMN pairs
    """,
    "ALTER TABLE search_document ALTER COLUMN document SET STORAGE MAIN",
    "ALTER TABLE search_document RESET (toast_tuple_target)",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "DROP FUNCTION IF EXISTS search_pairs(tsvector)",
    "DROP FUNCTION IF EXISTS search_day(timestamptz)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARD:
        schema_editor.execute(sql)
    from search.backends.postgres import refresh_facets

    refresh_facets(schema_editor.connection)
    schema_editor.execute(INDEX)
    schema_editor.execute("ANALYZE search_document")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sqlite_stemmed_index")]

    operations = [migrations.RunPython(forward, backward)]
