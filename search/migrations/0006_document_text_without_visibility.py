"""PostgreSQL search documents: the article's date and shown text, no visibility rule.

Migration 0005 gave each document a ``published_at`` that a trigger on the
articles kept NULL unless the article was published: a second statement of
the reader-visibility rule, in SQL. Visibility now comes only from the
queryset a search is given (``Article.objects.published()``), checked on
the matches, so the trigger goes and the column, renamed ``dated``, holds
the article's date whatever its status: the order and day windows of the
index, as the articles are listed newest first.

The text a hit shows, which its document was built from, is kept beside
the documents in ``search_text``, as on SQLite: ``headline`` (highlighted
whole) and ``body`` (the excerpt's source, its HTML tags removed, its
character references kept), so that highlighting reads the search app's own
tables, not the articles'. A table of its own keeps the documents' pages
(read by every search) as small as they were. The existing documents get
their text from their articles here (frozen SQL, as 0005 did); saving an
article or ``rebuild_search_index`` writes it as the app builds it.
Nothing happens on SQLite, whose index already keeps its text.
"""

from django.db import migrations

FORWARD = [
    "DROP TRIGGER IF EXISTS search_document_visibility ON articles_article",
    "DROP FUNCTION IF EXISTS search_document_visibility()",
    "ALTER TABLE search_document RENAME COLUMN published_at TO dated",
    """
    CREATE TABLE search_text (
        article_id bigint PRIMARY KEY REFERENCES articles_article (id) ON DELETE CASCADE,
        headline text NOT NULL,
        body text NOT NULL
    )
    """,
]

# The articles' text and date as the app read them when this migration was
# written: the headline as it is, the body without its tags.
FILL = [
    """
    UPDATE search_document d SET dated = a.published_at, day = search_day(a.published_at)
    FROM articles_article a
    WHERE a.id = d.article_id AND d.article_id >= %(low)s AND d.article_id < %(high)s
    """,
    """
    INSERT INTO search_text (article_id, headline, body)
    SELECT a.id, a.headline, regexp_replace(a.body, '<[^>]*(>|$)', ' ', 'g')
    FROM search_document d JOIN articles_article a ON a.id = d.article_id
    WHERE d.article_id >= %(low)s AND d.article_id < %(high)s
    """,
]
FILL_BATCH = 20_000

# Back to 0005: its trigger, and its rule for the existing documents.
BACKWARD = [
    "DROP TABLE search_text",
    "ALTER TABLE search_document RENAME COLUMN dated TO published_at",
    """
    UPDATE search_document d SET published_at = NULL, day = NULL
    FROM articles_article a WHERE a.id = d.article_id AND a.status <> 'published'
    """,
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


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for sql in FORWARD:
        schema_editor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(article_id), max(article_id) FROM search_document")
        low, high = cursor.fetchone()
        for start in range(low or 0, (high or -1) + 1, FILL_BATCH):
            for sql in FILL:
                cursor.execute(sql, {"low": start, "high": start + FILL_BATCH})
        cursor.execute("ANALYZE search_document")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_facets")]

    operations = [migrations.RunPython(forward, backward)]
