"""Store one wire item: a new article, a newer version of one, or a picture for the library.

Each function here takes the item and the Job it is stored in: the run's
options, the item's file name and folder, and the rows its chunk writes
together (importer.py explains the chunks).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.admin.models import ADDITION, CHANGE
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.html import clean_body, looks_like_html, paragraphs_from_text
from articles.models import Article
from articles.sections import section_for
from articles.signals import agency_status_changed
from articles.teaser import html_to_text

from . import parts, pictures, recording, threading, versions
from .body import wire_html
from .item import IngestError
from .results import CREATED, FAILED, PENDING, SKIPPED, UNCHANGED, UPDATED, IngestOptions, Result
from .rows import Deferred, TagCache, log_entry

MAX_BODY_CHARS = 1_000_000
# Browsers and our own text extraction slow down on deeper bodies; real ones nest four or five.
MAX_BODY_NESTING = 50
# Every element the sanitiser lets through has a closing tag (none is void).
_TAG_RE = re.compile(r"<(/?)[a-z][a-z0-9]*[\s>]")
# Changes to these make a live article "Mis à jour" for readers.
CONTENT_FIELDS = ("headline", "standfirst", "body")


@dataclass
class Job:
    """Where one item is stored: the run's options, its file, and the rows written with its chunk."""

    options: IngestOptions
    tags: TagCache = field(default_factory=TagCache)
    deferred: Deferred = field(default_factory=Deferred)
    name: str = ""
    # The folder the item's file lies in, where its pictures named by a relative path are read.
    folder: Path | None = None

    @property
    def user(self):
        return self.options.user


def store(item, job):
    """Store the item whether or not it exists yet; return its Result."""
    # FOR NO KEY UPDATE: enough to keep two ingests from updating the same
    # article at once, and it does not wait for the key-share locks that rows
    # referring to the article take (the search index of another run's
    # commit), which FOR UPDATE did, in a deadlock.
    article = Article.objects.select_for_update(no_key=True).filter(wire_id=item.wire_id).first()
    if article is None:
        return create(item, job)
    return update(article, item, job)


def create(item, job):
    """Store an item never seen before as a new article; return its Result."""
    own = parts.own_article(item)
    if own is not None:
        # Our own export of a story written here: it is that article, not a new one.
        return Result(job.name, UNCHANGED, _("article de Newsdesk déjà présent (n° %(pk)d)") % {"pk": own.pk}, own.pk)
    if item.pub_status == "canceled":
        return Result(job.name, SKIPPED, _("annulation d'une dépêche qui n'a jamais été importée"))
    values = {key: value for key, value in wire_values(item).items() if value is not None}
    status, published_at = _new_status(item, job, has_text=bool(html_to_text(values["body"])))
    article = Article(
        **values,
        wire_id=item.wire_id,
        wire_version=item.version,
        section=section_for(item.subjects),
        status=status,
        published_at=published_at,
        created_by=job.user,
        updated_by=job.user,
    )
    found = _story_pictures(item, article, job)
    for field_name, value in found.changes.items():
        setattr(article, field_name, value)
    article.save()
    if found.images:
        article.wire_images.add(*found.images)
    parts.add_parts(article, item)
    story = threading.join_story(article, item)
    job.deferred.copies.append(versions.wire_copy(article))
    job.deferred.taggings += job.tags.taggings(article, job.tags.get(item.subjects))
    _keep_reading(article, item, job)
    job.deferred.history.append(
        log_entry(article, user=job.user, flag=ADDITION, message=_creation_message(article, item, job.name, story))
    )
    result = found.result(Result(job.name, CREATED, article_id=article.pk))
    if not article.body and article.status == Article.Status.DRAFT and job.options.publish:
        result.notes.append(_("sans texte et sans urgence : gardée en brouillon, jamais publiée vide"))
    return result


def _new_status(item, job, *, has_text):
    """Return the (status, published_at) of a new article.

    Published when the run publishes a usable item, an embargo in the future
    always becoming ``published_at``. An item without text is published only
    as a flash (urgent: its card points to its story once text arrives), else
    kept a draft: readers never get an empty page.
    """
    now = timezone.now()
    embargo = item.embargoed if item.embargoed and item.embargoed > now else None
    publish = job.options.publish and item.pub_status == "usable" and (has_text or is_flash(item))
    if publish:
        return Article.Status.PUBLISHED, embargo or now
    return Article.Status.DRAFT, embargo


def is_flash(item):
    """Return True when the item is an urgent headline (urgency 1 to 3) that may go out before its text."""
    return item.urgency is not None and item.urgency <= Article.URGENT_THRESHOLD


def _creation_message(article, item, name, story):
    details = [item.format, _version_label(item), _("fichier %(name)s") % {"name": name}]
    if item.byline:
        details.append(_("signée %(byline)s") % {"byline": item.byline})
    if article.published_at and article.published_at > timezone.now():
        when = f"{timezone.localtime(article.published_at):%d/%m/%Y %H:%M}"
        details.append(_("sous embargo jusqu'au %(when)s") % {"when": when})
    if item.pub_status == "withheld":
        details.append(_("retenue par l'agence"))
    if article.image_id:
        details.append(_("avec la photo « %(image)s »") % {"image": article.image})
    if story is not None:
        details.append(_("dossier « %(story)s »") % {"story": story.title})
    return _("Importée du fil (%(details)s).") % {"details": ", ".join(filter(None, details))}


def update(article, item, job):
    """Store a newer version of ``article``'s item; return its Result."""
    refused = _older_or_same(article, item, job.name)
    if refused is not None:
        return refused
    changes, held = _version_changes(article, item)
    new_tags = [] if item.pub_status == "canceled" else job.tags.missing_from(article, job.tags.get(item.subjects))
    may_change = article.status == Article.Status.DRAFT or job.options.editor
    # The photo is only ever filled, never replaced: an empty one is the wire's
    # to fill, one the article has is the desk's choice. While the desk's
    # edits hold the text back, the picture goes to the library alone.
    wants_picture = not held and item.pub_status != "canceled" and _wants_picture(article, item)
    found = _update_pictures(article, item, job, wants_picture=wants_picture, may_change=may_change)
    changes |= found.changes
    if not changes and not new_tags and not held and not (wants_picture and not may_change):
        return found.result(Result(job.name, UNCHANGED, article_id=article.pk))
    if not may_change:
        if item.pub_status in ("canceled", "withheld"):
            # Refused to a reporter, the kill or hold waits for an editor in the desk's queue.
            _agency_status_changed(article, item, job.name, applied=False)
        return Result(job.name, SKIPPED, _refusal(article, item), article.pk)
    if held:
        versions.keep_pending(article, item, wire_values(item), name=job.name, user=job.user)
    _apply(article, changes, held=held, user=job.user)
    if new_tags:
        article.tags.add(*new_tags)
    if "status" in changes:
        _agency_status_changed(article, item, job.name, applied=True)
    story = None if held or item.pub_status == "canceled" else threading.join_story(article, item)
    if not held and any(name in changes for name in CONTENT_FIELDS):
        _keep_reading(article, item, job)
    message = _update_message(item, job.name, changes, new_tags, held, story)
    job.deferred.history.append(log_entry(article, user=job.user, flag=CHANGE, message=message))
    if held:
        reason = _("en attente d'un éditeur : l'article a été modifié par la rédaction")
        return found.result(Result(job.name, PENDING, reason, article.pk))
    withdrawn = changes.get("status") == Article.Status.WITHDRAWN
    return found.result(Result(job.name, UPDATED, _("retirée (annulée par l'agence)") if withdrawn else "", article.pk))


def _agency_status_changed(article, item, name, *, applied):
    """Tell the desk's queue of an agency's kill or hold: ``applied`` to the article, or refused to a reporter."""
    agency_status_changed.send(
        sender=Article,
        article=article,
        pub_status=item.pub_status,
        wire_version=item.version,
        file_name=name,
        applied=applied,
    )


def _older_or_same(article, item, name):
    """Return the Result of a version older than, or the same as, the one stored (or pending); else None."""
    pending = versions.pending_of(article)
    stored = article.wire_version
    if pending is not None and pending.wire_version is not None:
        stored = max(stored or 0, pending.wire_version)
    if item.version is None or stored is None:
        return None
    if item.version < stored:
        reason = _("version %(version)d plus ancienne que la version %(stored)d déjà importée") % {
            "version": item.version,
            "stored": stored,
        }
        return Result(name, SKIPPED, reason, article.pk)
    if item.version == stored:
        return Result(name, UNCHANGED, article_id=article.pk)
    return None


def _version_changes(article, item):
    """Return (changes, held): the fields the version sets now, and those that wait for an editor."""
    changes, held = {}, {}
    if item.pub_status == "canceled":
        if article.status != Article.Status.WITHDRAWN:
            changes["status"] = Article.Status.WITHDRAWN
    else:
        # A field the version leaves out (no standfirst, no byline) keeps what the article has.
        for field_name, value in wire_values(item).items():
            if value not in (None, "") and getattr(article, field_name) != value:
                changes[field_name] = value
        if changes and versions.desk_edited(article):
            # The desk has edited the story since the last ingest: the agency's
            # text waits for an editor instead of overwriting theirs.
            held, changes = changes, {}
        if item.pub_status == "withheld" and article.status == Article.Status.PUBLISHED:
            changes["status"] = Article.Status.DRAFT
        now = timezone.now()
        if item.embargoed and item.embargoed > now and not article.is_published(now):
            changes["published_at"] = item.embargoed
    if item.version is not None and item.version != article.wire_version and not held:
        changes["wire_version"] = item.version
    return changes, held


def _update_pictures(article, item, job, *, wants_picture, may_change):
    """Store the version's pictures; return the PictureOutcome, with the photo to give ``article`` if it wants one."""
    found = PictureOutcome()
    if wants_picture and may_change:
        found = _story_pictures(item, article, job)
    elif item.pictures and item.pub_status != "canceled" and may_change:
        found = _story_pictures(item, None, job)
    if found.images:
        # The desk's choices among them are its own; readers see none of this list.
        article.wire_images.add(*found.images)
    return found


def _apply(article, changes, *, held, user):
    """Save ``changes`` into ``article``; keep the digest of the agency's copy it now holds."""
    if article.is_published() and any(field_name in changes for field_name in CONTENT_FIELDS):
        # Readers see "Mis à jour le …" when the wire changes the story.
        changes["updated_at"] = timezone.now()
    if not changes:
        return
    for field_name, value in changes.items():
        setattr(article, field_name, value)
    article.updated_by = user
    article.save(update_fields=[*changes, "updated_by", "modified"])
    if not held and any(field_name in versions.DESK_FIELDS for field_name in changes):
        versions.record_copy(article)


def _update_message(item, name, changes, new_tags, held, story):
    """Return the admin history's words for a newer version stored, applied or held."""
    labels = [str(Article._meta.get_field(field_name).verbose_name) for field_name in changes]
    if new_tags:
        labels.append(_("mots-clés (%(tags)s)") % {"tags": ", ".join(tag.name for tag in new_tags)})
    if story is not None:
        labels.append(_("dossier « %(story)s »") % {"story": story.title})
    details = {"version": _version_label(item) or _("version non numérotée"), "name": name, "fields": ", ".join(labels)}
    if held:
        details["held"] = ", ".join(str(Article._meta.get_field(field_name).verbose_name) for field_name in held)
        message = _(
            "Nouvelle version du fil en attente (%(version)s, fichier %(name)s) : l'article a été modifié par "
            "la rédaction depuis le dernier import ; un éditeur peut la reprendre ou l'écarter (%(held)s)."
        )
        if labels:
            message += " " + _("Appliqué : %(fields)s.")
    elif item.pub_status == "canceled":
        message = _("Annulée par l'agence (%(version)s, fichier %(name)s) : %(fields)s.")
    else:
        message = _("Mise à jour du fil (%(version)s, fichier %(name)s) : %(fields)s.")
    return message % details


def _keep_reading(article, item, job):
    """With --record-tolls, keep the copy just stored for its tolls to be recorded once the chunk commits."""
    if job.options.record_tolls and item.pub_status != "canceled":
        job.deferred.readings.append(recording.reading_of(article, item))


@dataclass
class PictureOutcome:
    """What a story's pictures did: the article fields they set, the pictures added, the notes."""

    changes: dict = field(default_factory=dict)
    # Every picture of the story that is in the library, in the agency's order.
    images: list = field(default_factory=list)
    added: int = 0
    notes: list[str] = field(default_factory=list)
    files: list = field(default_factory=list)

    def result(self, result):
        """Return ``result`` with the pictures' count, notes and files."""
        result.pictures_added += self.added
        result.notes += self.notes
        result.picture_files += self.files
        return result


def _wants_picture(article, item):
    """Return True when the item's main picture would fill the article's empty photo (or its awaited id)."""
    if article.image_id or not item.pictures:
        return False
    main = item.pictures[0]
    return bool(main.hrefs or main.digest) or main.wire_id != article.wire_image_ref


def _story_pictures(item, article, job):
    """Store the item's pictures in the library; return the PictureOutcome, the photo for ``article`` in it.

    With ``article`` None, or one that has its photo, the pictures only go to the library.
    """
    outcome = PictureOutcome()
    for position, picture in enumerate(item.pictures):
        stored = pictures.store_picture(picture, folder=job.folder, user=job.user)
        outcome.added += stored.added
        outcome.files += stored.files
        if stored.image is not None:
            outcome.images.append(stored.image)
        main = position == 0 and article is not None and not article.image_id
        if stored.image is None and main and picture.wire_id and not picture.hrefs:
            outcome.notes.append(_("photo annoncée, pas encore arrivée : elle sera jointe à l'article à son arrivée"))
        elif stored.image is None and (main or picture.hrefs):
            outcome.notes.append(stored.note)
        if main:
            _main_picture(outcome, article, picture, stored.image)
    return outcome


def _main_picture(outcome, article, picture, image):
    """Make ``image`` the article's photo in ``outcome``, or wait for it, or say why it cannot be."""
    if image is None:
        if picture.wire_id and article.wire_image_ref != picture.wire_id:
            outcome.changes["wire_image_ref"] = picture.wire_id
    elif article.status == Article.Status.PUBLISHED and not image.alt_text.strip():
        outcome.notes.append(_no_alt_text(image))
    else:
        outcome.changes["image"] = image
        if article.wire_image_ref:
            outcome.changes["wire_image_ref"] = ""


def _no_alt_text(image):
    return _(
        "photo « %(image)s » non jointe : sans texte alternatif, elle ne peut illustrer un article publié "
        "(elle est dans la photothèque)"
    ) % {"image": image}


def store_picture_item(item, job):
    """File a picture item in the library; attach it to the stories that announced it. Return its Result."""
    picture = item.pictures[0]
    if item.pub_status == "canceled":
        return Result(job.name, SKIPPED, _("annulation d'une photo : la photothèque garde ce qu'elle a"))
    image = pictures.known_image(picture)
    if image is None and not picture.hrefs:
        return Result(job.name, SKIPPED, _("photo sans fichier ni lien : rien à ajouter à la photothèque"))
    if image is not None:
        result = Result(job.name, UNCHANGED, _("photo déjà dans la photothèque"))
    else:
        stored = pictures.store_picture(picture, folder=job.folder, user=job.user)
        if stored.image is None:
            return Result(job.name, SKIPPED if stored.skipped else FAILED, stored.note)
        image = stored.image
        reason = _("photo ajoutée à la photothèque") if stored.added else _("photo déjà dans la photothèque")
        result = Result(job.name, CREATED if stored.added else UNCHANGED, reason, pictures_added=stored.added)
        result.picture_files += stored.files
    if picture.wire_id:
        _attach_to_waiting(image, picture.wire_id, result, job)
    return result


def _attach_to_waiting(image, wire_id, result, job):
    """Give ``image`` to the stories that announced it and wait for it, where the run may."""
    waiting = Article.objects.select_for_update(no_key=True).filter(wire_image_ref=wire_id, image__isnull=True)
    for article in waiting.order_by("pk"):
        if article.status != Article.Status.DRAFT and not job.options.editor:
            result.notes.append(
                _("photo non jointe à l'article « %(headline)s » : seul un éditeur peut changer un article %(status)s")
                % {"headline": article.headline[:80], "status": article.get_status_display()}
            )
            continue
        if article.status == Article.Status.PUBLISHED and not image.alt_text.strip():
            result.notes.append(_no_alt_text(image))
            # Among the story's wire photos all the same, for the editor who describes it.
            article.wire_images.add(image)
            continue
        article.image, article.wire_image_ref, article.updated_by = image, "", job.user
        article.save(update_fields=["image", "wire_image_ref", "updated_by", "modified"])
        article.wire_images.add(image)
        message = _("Photo du fil jointe (%(image)s, fichier %(name)s).") % {"image": image, "name": job.name}
        job.deferred.history.append(log_entry(article, user=job.user, flag=CHANGE, message=message))
        result.notes.append(_("jointe à l'article « %(headline)s »") % {"headline": article.headline[:80]})


def _refusal(article, item):
    """Return why a reporter's item may not change ``article``, which readers see or saw."""
    details = {"headline": article.headline[:80]}
    if item.pub_status == "canceled":
        message = _(
            "refusée : seul un éditeur peut importer l'annulation de l'article « %(headline)s », qui est %(status)s"
        )
    elif item.pub_status == "withheld":
        message = _(
            "refusée : seul un éditeur peut importer la retenue de l'article « %(headline)s », qui est %(status)s"
        )
    else:
        message = _(
            "refusée : seul un éditeur peut importer une nouvelle version de l'article "
            "« %(headline)s », qui est %(status)s"
        )
    return message % {**details, "status": article.get_status_display()}


def _version_label(item):
    return _("version %(version)d") % {"version": item.version} if item.version is not None else ""


def wire_values(item):
    """Return the article fields the wire item sets, body sanitised; raise IngestError when unusable.

    These fields belong to the wire: a newer version overwrites them. The
    rest of the article (quotes, tolls, tags, correction, status) is the desk's.
    """
    if not item.headline:
        raise IngestError(_("titre manquant"))
    # The lengths were checked when the item was read (item.checked).
    return {
        "headline": item.headline,
        "standfirst": item.standfirst,
        "body": sanitised_body(item),
        "byline": item.byline,
        "dateline": item.dateline,
        "agency": item.agency,
        "language": item.language,
        "urgency": item.urgency,
        "wire_first_created": item.first_created,
        "wire_version_created": item.version_created,
        "wire_slugline": item.slugline,
        "wire_slugline_key": threading.slugline_key(item.slugline),
    }


def sanitised_body(item):
    """Return the item's body as the article's safe HTML; raise IngestError when it cannot be."""
    raw = item.body or ""
    if len(raw) > MAX_BODY_CHARS:
        sizes = {"size": f"{len(raw):,}".replace(",", " "), "maximum": f"{MAX_BODY_CHARS:,}".replace(",", " ")}
        raise IngestError(_("texte trop long : %(size)s caractères (maximum %(maximum)s)") % sizes)
    try:
        if item.body_is_html is False or not looks_like_html(raw):
            body = paragraphs_from_text(raw)
        else:
            body = clean_body(wire_html(raw, headline=item.headline))
    except Exception as error:  # nh3 raises its own errors on input it cannot parse
        raise IngestError(_("texte impossible à nettoyer")) from error
    if _nesting(body) > MAX_BODY_NESTING:
        raise IngestError(_("texte refusé : plus de %(depth)d niveaux d'imbrication") % {"depth": MAX_BODY_NESTING})
    if not html_to_text(body) and html_to_text(raw):
        raise IngestError(
            _("texte impossible à nettoyer : il ne reste rien de lisible une fois le code dangereux retiré")
        )
    return body


def _nesting(html):
    """Return how deep the elements of sanitised ``html`` nest (it is well formed: nh3 wrote it)."""
    depth = deepest = 0
    for closing in _TAG_RE.findall(html):
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest
