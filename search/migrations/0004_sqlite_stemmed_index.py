"""SQLite: index stemmed terms, keep the original text beside them.

The FTS5 table indexed the words as written, and the reader's words were
searched as prefixes of their stems, which FTS5 answers by merging the lists
of every word sharing the prefix (the whole lists, at every query and for
each row highlighted). The text is now stemmed before FTS5 indexes it, and
the original text moves to ``search_text``, the FTS5 table's external
content, from which highlights and snippets are cut. ``search_word`` keeps
the archive's words for spelling suggestions. The index is rebuilt here from
the text the old table held (no article is read); the reverse puts that text
back into a table like the old one. Nothing to do on PostgreSQL.
"""

from django.db import migrations

OLD_FTS = """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, extra, body, tokenize = 'unicode61 remove_diacritics 2'
    )
"""
NEW_TABLES = [
    """
    CREATE TABLE search_text (
        id INTEGER PRIMARY KEY, headline TEXT NOT NULL, extra TEXT NOT NULL, body TEXT NOT NULL
    )
    """,
    "CREATE TABLE search_word (word TEXT PRIMARY KEY) WITHOUT ROWID",
]
NEW_FTS = """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, extra, body, content = 'search_text', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    )
"""
VOCABULARY = "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')"
BATCH = 5000


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.sqlite import add_to_index

    execute = schema_editor.execute
    for sql in NEW_TABLES:
        execute(sql)
    execute("CREATE TEMPORARY TABLE search_old AS SELECT rowid AS id, headline, extra, body FROM search_fts")
    execute("DROP TABLE search_fts_vocab")
    execute("DROP TABLE search_fts")
    execute(NEW_FTS)
    execute(VOCABULARY)
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT id, headline, extra, body FROM search_old WHERE id > %s ORDER BY id LIMIT %s", [last, BATCH]
            )
            rows = cursor.fetchall()
            if not rows:
                break
            add_to_index(cursor, rows)
            last = rows[-1][0]
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    execute("DROP TABLE search_old")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    execute = schema_editor.execute
    execute("DROP TABLE search_fts_vocab")
    execute("DROP TABLE search_fts")
    execute("DROP TABLE search_word")
    execute(OLD_FTS)
    execute(VOCABULARY)
    execute("INSERT INTO search_fts (rowid, headline, extra, body) SELECT id, headline, extra, body FROM search_text")
    execute("DROP TABLE search_text")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_tagged_item_bigint_index")]

    operations = [migrations.RunPython(forward, backward)]
