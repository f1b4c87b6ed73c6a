"""When an article last changed for its readers, as every export states it."""


def date_modified(article):
    """Return the time the article last changed for readers.

    That is its publication, a significant update ("Mis à jour le …") or, when
    it carries a correction note, its last save: a correction changes the
    story even though it is not flagged as an update.
    """
    moments = [article.published_at, article.updated_at]
    if article.correction:
        moments.append(article.modified)
    return max(moment for moment in moments if moment is not None)
