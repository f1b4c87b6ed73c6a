"""Newer agency versions of stories the desk has edited: kept aside, shown as a diff, taken or left.

The last ingest leaves a digest of the agency fields it wrote (WireCopy).
When the article's fields no longer match it, a person has changed the story
since, and a newer version is kept as a PendingAgencyVersion rather than
written over their work. An editor then takes it (its fields are applied) or
leaves it (it is deleted); either way the admin history says so.
"""

import hashlib
import json
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import Article, PendingAgencyVersion, WireCopy

# The agency's fields that the desk may edit: a change to one of them since
# the last ingest is the desk's work.
DESK_FIELDS = ("headline", "standfirst", "body", "byline", "dateline", "agency", "language", "urgency")
DATE_FIELDS = ("wire_first_created", "wire_version_created")


def digest(article):
    """Return the SHA-256 of the article's agency fields as they stand."""
    values = [getattr(article, name) for name in DESK_FIELDS]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, default=str).encode()).hexdigest()


def wire_copy(article):
    """Return the (unsaved) WireCopy of what an ingest has just written into ``article``."""
    return WireCopy(article=article, digest=digest(article), stored_at=timezone.now())


def record_copy(article):
    """Keep the digest of what the wire has just written into ``article`` (a newer one replaces it)."""
    defaults = {"digest": digest(article), "stored_at": timezone.now()}
    WireCopy.objects.update_or_create(article=article, defaults=defaults)


def desk_edited(article):
    """Return True when a person has changed the article's agency fields since the last ingest.

    An article imported before copies were kept has none: then any revision
    saved in the admin counts as the desk's work.
    """
    copy = WireCopy.objects.filter(article=article).first()
    if copy is None:
        return Version.objects.get_for_object(article).exists()
    return copy.digest != digest(article)


def pending_of(article):
    return PendingAgencyVersion.objects.filter(article=article).first()


def keep_pending(article, item, values, *, name, user):
    """Store the version's fields as the article's pending agency version (a newer one replaces it)."""
    kept = {key: _json_value(value) for key, value in values.items() if value not in (None, "")}
    PendingAgencyVersion.objects.update_or_create(
        article=article,
        defaults={
            "wire_version": item.version,
            "values": kept,
            "file_name": name[:255],
            "received_at": timezone.now(),
            "received_by": user if user.pk else None,
        },
    )


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _python_value(name, value):
    return parse_datetime(value) if name in DATE_FIELDS and isinstance(value, str) else value


@dataclass
class FieldChange:
    """One field of the diff: what the article says, what the agency's version says."""

    name: str
    label: str
    current: object
    proposed: object
    is_html: bool


def changes(pending):
    """Return the FieldChanges between the article and its pending version, in the article's field order."""
    article = pending.article
    rows = []
    for name in (*DESK_FIELDS, *DATE_FIELDS):
        if name not in pending.values:
            continue
        proposed = _python_value(name, pending.values[name])
        current = getattr(article, name)
        if current != proposed:
            label = str(Article._meta.get_field(name).verbose_name)
            rows.append(FieldChange(name, label, current, proposed, name == "body"))
    return rows


def take(pending, *, user):
    """Apply the pending version's fields to its article; return the names of the fields changed."""
    from .rows import log_entry as _log_entry
    from .storing import CONTENT_FIELDS

    with transaction.atomic():
        article = Article.objects.select_for_update(no_key=True).get(pk=pending.article_id)
        changed = {}
        # In the article's field order: PostgreSQL's jsonb keeps the keys sorted, not as written.
        for name in (*DESK_FIELDS, *DATE_FIELDS):
            if name in pending.values:
                value = _python_value(name, pending.values[name])
                if getattr(article, name) != value:
                    changed[name] = value
        for name, value in changed.items():
            setattr(article, name, value)
        if pending.wire_version is not None:
            article.wire_version = pending.wire_version
        fields = [*changed, "wire_version", "updated_by", "modified"]
        if article.is_published() and any(name in changed for name in CONTENT_FIELDS):
            article.updated_at = timezone.now()
            fields.append("updated_at")
        article.updated_by = user
        article.save(update_fields=fields)
        record_copy(article)
        labels = ", ".join(str(Article._meta.get_field(name).verbose_name) for name in changed) or _("aucun champ")
        message = _("Version d'agence reprise (%(version)s, fichier %(name)s) : %(fields)s.") % {
            "version": _version(pending),
            "name": pending.file_name,
            "fields": labels,
        }
        _log_entry(article, user=user, flag=CHANGE, message=message).save()
        pending.delete()
    return list(changed)


def leave(pending, *, user):
    """Delete the pending version, the article as the desk left it; say so in the admin history."""
    from .rows import log_entry as _log_entry

    with transaction.atomic():
        article = Article.objects.select_for_update(no_key=True).get(pk=pending.article_id)
        if pending.wire_version is not None and pending.wire_version != article.wire_version:
            # The version is read: the same file imported again changes nothing.
            article.wire_version = pending.wire_version
            article.save(update_fields=["wire_version", "modified"])
        message = _("Version d'agence écartée (%(version)s, fichier %(name)s) : l'article reste tel que modifié.") % {
            "version": _version(pending),
            "name": pending.file_name,
        }
        _log_entry(article, user=user, flag=CHANGE, message=message).save()
        pending.delete()


def _version(pending):
    if pending.wire_version is None:
        return _("version non numérotée")
    return _("version %(version)d") % {"version": pending.wire_version}
