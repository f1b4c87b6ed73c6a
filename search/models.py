"""What the search app stores beside the articles.

On PostgreSQL, one weighted ``tsvector`` per article with its facets
(table ``search_document``: date and day, tag and source ids, word pairs;
one GIN index), the title and body a hit shows (``search_text``), and the archive's
vocabulary for spelling suggestions (``search_word``, trigram-indexed). On
SQLite, an FTS5 table of Snowball stems (``search_fts``), the original text
it highlights from (``search_text``), its vocabulary view, and the
archive's words for suggestions (``search_word``). The migrations create
whichever the database needs; only the PostgreSQL document is used through
the ORM, hence the one model below.
"""

from django.conf import settings
from django.db import models

from .fields import TsVectorField


class Document(models.Model):
    """The searchable text of one article (of the ``NEWSDESK_SEARCH_MODEL``), PostgreSQL only."""

    # The database deletes the row with its article (ON DELETE CASCADE in the
    # migration): DO_NOTHING keeps Django from looking for the table on SQLite.
    article = models.OneToOneField(
        settings.NEWSDESK_SEARCH_MODEL,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="search_document",
        db_constraint=False,
    )
    document = TsVectorField()

    class Meta:
        db_table = "search_document"
        # Django skips the model where the table does not exist: test
        # serialisation and flushes on SQLite never look for it.
        required_db_vendor = "postgresql"

    def __str__(self):
        return f"search document of article {self.article_id}"


class HitText(models.Model):
    """The headline and body a hit is highlighted from (table ``search_text``), PostgreSQL only.

    Never read through the ORM (the engine reads it in SQL); declared so that
    Django knows the table: a flush (transactional tests) truncates it with
    the articles it refers to instead of failing on its foreign key.
    """

    article = models.OneToOneField(
        settings.NEWSDESK_SEARCH_MODEL,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    headline = models.TextField()
    body = models.TextField()

    class Meta:
        db_table = "search_text"
        required_db_vendor = "postgresql"

    def __str__(self):
        return f"search text of article {self.article_id}"
