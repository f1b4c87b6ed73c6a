"""Posting to a coverage: one entry, saved with its revision, as editors and reporters may."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import LiveEntry


@transaction.atomic
def post_entry(*, coverage, author, **values):
    """Create and return an entry of ``coverage`` by ``author``, or raise PermissionDenied or ValidationError.

    ``values`` are the entry's fields (text, quote, toll, photo, dispatch, key event).
    """
    if not coverage.may_be_posted_to_by(author):
        raise PermissionDenied(_("Cette couverture n'est pas ouverte à vos publications."))
    entry = LiveEntry(coverage=coverage, author=author, **values)
    entry.full_clean()
    with reversion.create_revision():
        entry.save()
        reversion.set_user(author)
        reversion.set_comment(_("Entrée publiée."))
    return entry
