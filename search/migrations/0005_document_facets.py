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


# The facets of the documents already there, as the app computed them when
# this migration was written (frozen here: a later change to the engine must
# not change what this migration does). Tags are taggit's generic items of
# the article content type; sources are those quoted or cited for a toll.
FILL_FACETS = """
    UPDATE search_document d SET
        published_at = v.visible, day = search_day(v.visible),
        tags = tag_ids.ids, sources = source_ids.ids, pairs = search_pairs(d.document)
    FROM articles_article a
    LEFT JOIN LATERAL (
        SELECT CASE WHEN a.status = 'published' THEN a.published_at END AS visible
    ) v ON true
    LEFT JOIN LATERAL (
        SELECT coalesce(array_agg(DISTINCT ti.tag_id), '{}') AS ids
        FROM taggit_taggeditem ti WHERE ti.object_id = a.id AND ti.content_type_id = %(content_type)s
    ) tag_ids ON true
    LEFT JOIN LATERAL (
        SELECT coalesce(array_agg(DISTINCT s.id), '{}') AS ids FROM (
            SELECT source_id AS id FROM articles_quote WHERE article_id = a.id
            UNION SELECT source_id FROM articles_casualtyfigure WHERE article_id = a.id AND source_id IS NOT NULL
        ) s
    ) source_ids ON true
    WHERE a.id = d.article_id AND d.article_id >= %(low)s AND d.article_id < %(high)s
"""
FILL_BATCH = 20_000


def fill_facets(apps, connection):
    """Give every existing document its facets from its article, in batches."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.using(connection.alias).get_or_create(app_label="articles", model="article")[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(article_id), max(article_id) FROM search_document")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, FILL_BATCH):
            cursor.execute(FILL_FACETS, {"content_type": content_type.pk, "low": start, "high": start + FILL_BATCH})


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARD:
        schema_editor.execute(sql)
    fill_facets(apps, schema_editor.connection)
    schema_editor.execute(INDEX)
    schema_editor.execute("ANALYZE search_document")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sqlite_stemmed_index"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forward, backward)]
