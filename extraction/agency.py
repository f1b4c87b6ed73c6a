"""The assistant's reading of agency copy for the importer's recorded tolls (settings.NEWSDESK_TOLL_READER)."""

from articles.models import Source

from .extract import extract
from .suggest import match_source


def agency_tolls(text):
    """Return the tolls found in ``text``, each with ``matched``: the existing Source its words name, or None.

    The figures the copy gives as earlier ones come too, marked ``earlier``: the story's history may lack them.
    """
    found = extract(text)
    tolls = found.tolls + found.earlier
    if tolls:
        sources = list(Source.objects.only("id", "name", "role", "organisation", "kind", "gender"))
        for toll in tolls:
            toll.matched = match_source(toll.source, sources)
    return tolls
