"""Store wire items as articles: each item all or nothing, idempotent and ordered.

The rules an editor can rely on:

- the same item twice creates nothing (``unchanged``);
- a newer version updates the same article and says what changed in the
  admin history; the editor's quotes, tolls and tags stay (the wire's new
  subjects are added to the tags), and a field the version omits keeps its
  value;
- once the desk has edited an article's text, a newer version no longer
  overwrites it: it waits as a PendingAgencyVersion for an editor to take
  or leave (``versions``);
- an older version than the stored one is ``skipped``;
- ``canceled`` withdraws the article, ``withheld`` takes a published one back
  to draft; the importer never publishes an existing article by itself;
- new items are drafts unless ``publish`` is set, and an embargo in the
  future always becomes a future ``published_at``;
- only an editor (``articles.publish_article``) may change an article that
  is no longer a draft: a reporter's cancellation, hold or newer version of
  a published or withdrawn article is refused for that item, and a
  reporter's new items are always drafts;
- a story's first picture becomes its photo, its others go to the picture
  library; a newer version only fills an article's empty photo, never
  replaces one the article has; a picture the story announced but that has
  not come is attached when it does (``Article.wire_image_ref``); a photo
  without alt text never goes onto a published article (readers would get
  a picture no one described); a picture that cannot be had or read is a
  note on the story's result, never its failure (``pictures``).

Items are stored a chunk at a time: one transaction per chunk, a savepoint per
item. A bad item rolls back alone and is reported; the rest of its chunk
commits. What other apps do once per transaction (search indexing, a new
page-cache generation) then happens once per chunk rather than once per item.
"""

import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import batched

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from taggit.models import Tag, TaggedItem

from articles.html import clean_body, looks_like_html, paragraphs_from_text
from articles.models import Article, WireCopy
from articles.roles import PUBLISH_PERMISSION
from articles.signals import copy_saved
from articles.teaser import html_to_text

from . import parts, pictures, versions
from .body import wire_html
from .formats import parse
from .item import PICTURE, IngestError, NotAnArticle, WireItem

CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED = "created", "updated", "unchanged", "skipped", "failed"
PENDING = "pending"
OUTCOMES = (CREATED, UPDATED, PENDING, UNCHANGED, SKIPPED, FAILED)
# Outcomes the summary names only when some item had them.
RARE_OUTCOMES = {PENDING}
OUTCOME_LABELS = {
    CREATED: ngettext_lazy("%(count)d créée", "%(count)d créées", "count"),
    UPDATED: ngettext_lazy("%(count)d mise à jour", "%(count)d mises à jour", "count"),
    PENDING: ngettext_lazy("%(count)d en attente d'un éditeur", "%(count)d en attente d'un éditeur", "count"),
    UNCHANGED: ngettext_lazy("%(count)d inchangée", "%(count)d inchangées", "count"),
    SKIPPED: ngettext_lazy("%(count)d ignorée", "%(count)d ignorées", "count"),
    FAILED: ngettext_lazy("%(count)d en échec", "%(count)d en échec", "count"),
}
CHUNK_SIZE = 200
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_BODY_CHARS = 1_000_000
# Browsers and our own text extraction slow down on deeper bodies; real ones nest four or five.
MAX_BODY_NESTING = 50
# Every element the sanitiser lets through has a closing tag (none is void).
_TAG_RE = re.compile(r"<(/?)[a-z][a-z0-9]*[\s>]")
WIRE_USERNAME = "fil-agences"
# Changes to these make a live article "Mis à jour" for readers.
CONTENT_FIELDS = ("headline", "standfirst", "body")


PICTURES_ADDED = ngettext_lazy(
    "%(count)d photo ajoutée à la photothèque", "%(count)d photos ajoutées à la photothèque", "count"
)


@dataclass
class Result:
    """What happened to one item (or to a whole unreadable file)."""

    name: str
    outcome: str
    reason: str = ""
    article_id: int | None = None
    # What an editor should know of an item that went in all the same (a picture left out…), in French.
    notes: list[str] = field(default_factory=list)
    pictures_added: int = 0
    # The picture files beside the item's file that it read (a drop folder files them with it).
    picture_files: list = field(default_factory=list)


@dataclass
class Report:
    """The results of a batch, in order."""

    results: list[Result] = field(default_factory=list)

    @property
    def counts(self):
        return Counter(result.outcome for result in self.results)

    @property
    def problems(self):
        """Return the results an editor must read: skipped and failed items."""
        return [result for result in self.results if result.outcome in (SKIPPED, FAILED)]

    @property
    def noted(self):
        """Return the results that went in with a note for editors (a picture left out…)."""
        return [result for result in self.results if result.notes]

    @property
    def pictures_added(self):
        return sum(result.pictures_added for result in self.results)

    @property
    def failed(self):
        return self.counts[FAILED] > 0

    def summary(self):
        """Return the French one-line summary: "2 créées, 1 mise à jour, … ; 3 photos ajoutées à la photothèque."."""
        counts = self.counts
        shown = [outcome for outcome in OUTCOMES if counts[outcome] or outcome not in RARE_OUTCOMES]
        text = ", ".join(OUTCOME_LABELS[outcome] % {"count": counts[outcome]} for outcome in shown)
        if self.pictures_added:
            text += " ; " + PICTURES_ADDED % {"count": self.pictures_added}
        return text + "."


def wire_user():
    """Return the account the command-line ingest signs the admin history with."""
    user, created = get_user_model().objects.get_or_create(
        username=WIRE_USERNAME, defaults={"is_active": False, "first_name": "Fil des agences"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def may_change_published(user):
    """Return True when ``user`` may publish, and so change what readers see, through the wire.

    Editors may; so may the wire account, which the command runs as for the
    server's operator. It is inactive, so no one can sign in with it and
    upload through the admin.
    """
    return user.has_perm(PUBLISH_PERMISSION) or (user.username == WIRE_USERNAME and not user.is_active)


def ingest_files(files, *, user, publish=False, progress=None, editor=None, language=""):
    """Import ``files`` — pairs of (name, bytes or IngestError) — and return the Report.

    A file may come as a triple (name, bytes, folder): its items' pictures
    named by a relative path are then read in ``folder`` (the drop folder
    the file came from), and only there. Without one, they are not read.

    ``editor`` says whether the run may publish and change published
    articles; by default, may_change_published(user). ``language`` is the
    feed's: what an item that names none is written in.

    A file that cannot be read fails alone, and so does an item that cannot be
    stored. Items commit a chunk at a time, so a run stopped halfway and run
    again imports each item once. ``progress`` is called with each Result once
    the chunk holding its item is committed.
    """
    editor = may_change_published(user) if editor is None else editor
    publish = publish and editor
    report = Report()
    # The cache lives no longer than the run, and a chunk that does not commit
    # ends the run: the tags it holds are never ones a rollback removed.
    tags = TagCache()
    for chunk in batched(_entries(files, language=language), CHUNK_SIZE):
        # New tags are committed before the chunk's transaction opens: a tag
        # row locked until the end of a chunk, while another ingest waits for
        # it holding a row this one needs, is a deadlock.
        tags.create_missing(
            name for _name, entry, _f in chunk if isinstance(entry, WireItem) for name in entry.subjects
        )
        with transaction.atomic():
            results = _ingest_chunk(chunk, tags, user=user, publish=publish, editor=editor)
            # Suggested quotes and tolls: queued with the chunk, made by the worker.
            copy_saved.send(
                sender=Article, article_ids=[r.article_id for r in results if r.outcome in (CREATED, UPDATED)]
            )
        for result in results:
            report.results.append(result)
            if progress:
                progress(result)
    return report


def _ingest_chunk(chunk, tags, *, user, publish, editor):
    """Store the (name, WireItem or Result, folder) triples of one chunk; return their Results in order."""
    items = [entry for _name, entry, _folder in chunk if isinstance(entry, WireItem) and entry.kind != PICTURE]
    # One query tells which items of the chunk are new, so that a new item
    # is inserted without looking first (the unique wire_id still guards
    # it), and which are already stored in this very version.
    stored = {
        wire_id: (pk, version)
        for wire_id, pk, version in Article.objects.filter(wire_id__in={item.wire_id for item in items}).values_list(
            "wire_id", "pk", "wire_version"
        )
    }
    tags.prefetch(name for item in items for name in item.subjects)
    deferred = Deferred()
    results = {}
    # Articles are locked in wire id order, whatever the files' order: two
    # ingests of the same items then wait for each other instead of each
    # holding a row the other needs. The sort is stable, so versions of one
    # item keep their order. Pictures come first: a story of the same chunk
    # then finds its picture in the library.
    order = sorted(range(len(chunk)), key=lambda index: _order_key(chunk[index][1]))
    for index in order:
        name, entry, folder = chunk[index]
        known = stored.get(getattr(entry, "wire_id", None))
        if isinstance(entry, Result):
            result = entry
        elif entry.kind == PICTURE:
            result = ingest_item(
                entry, user=user, name=name, tags=tags, deferred=deferred, editor=editor, folder=folder
            )
        elif known and entry.version is not None and known[1] == entry.version:
            result = Result(name, UNCHANGED, article_id=known[0])
        else:
            new = known is None
            if not new:
                deferred.save()  # an update reads the article's tags: write those of this chunk first
            result = ingest_item(
                entry,
                user=user,
                publish=publish,
                name=name,
                tags=tags,
                new=new,
                deferred=deferred,
                editor=editor,
                folder=folder,
            )
            if result.article_id:
                # Stored now; a repeat within the chunk takes the full path.
                stored[entry.wire_id] = (result.article_id, None)
        results[index] = result
    deferred.save()
    return [results[index] for index in range(len(chunk))]


def _order_key(entry):
    return (getattr(entry, "kind", "") != PICTURE, getattr(entry, "wire_id", ""))


@dataclass
class Deferred:
    """Rows of stored items written all at once: admin history entries, new articles' tags and wire copies.

    Nothing reads them before the chunk commits (search indexes after the
    commit) but an update of an article of the same chunk, which writes them
    first: one INSERT each per chunk instead of one per item.
    """

    history: list[LogEntry] = field(default_factory=list)
    taggings: list[TaggedItem] = field(default_factory=list)
    copies: list[WireCopy] = field(default_factory=list)

    def add(self, other):
        self.history += other.history
        self.taggings += other.taggings
        self.copies += other.copies

    def save(self):
        TaggedItem.objects.bulk_create(self.taggings)
        LogEntry.objects.bulk_create(self.history)
        WireCopy.objects.bulk_create(self.copies)
        self.history, self.taggings, self.copies = [], [], []


def _entries(files, *, language=""):
    """Yield (name, WireItem, folder) for each item of each file, or (name, Result, None) for what failed to read."""
    for entry in files:
        name, data = entry[:2]
        folder = entry[2] if len(entry) > 2 else None
        if isinstance(data, IngestError):
            yield name, Result(name, FAILED, str(data)), None
            continue
        if len(data) > MAX_FILE_BYTES:
            size = {"size": len(data) // 1_000_000}
            yield name, Result(name, FAILED, _("fichier trop volumineux (%(size)d Mo)") % size), None
            continue
        try:
            items = parse(data)
        except IngestError as error:
            yield name, Result(name, FAILED, str(error)), None
            continue
        except (ValueError, LookupError, OverflowError, RecursionError, MemoryError):
            # A reader fault we have not met yet: this file fails, the run goes on.
            yield name, Result(name, FAILED, _("fichier illisible : contenu inattendu")), None
            continue
        if not items:
            yield name, Result(name, FAILED, _("aucune dépêche dans le fichier")), None
        for index, item in enumerate(items, start=1):
            label = name if len(items) == 1 else f"{name} [{index}]"
            if isinstance(item, NotAnArticle):
                yield label, Result(label, SKIPPED, str(item)), None
            elif isinstance(item, IngestError):
                yield label, Result(label, FAILED, str(item)), None
            else:
                item.language = item.language or language
                yield label, item, folder


def ingest_item(item, *, user, publish=False, name="", tags=None, new=False, deferred=None, editor=None, folder=None):
    """Store one WireItem, all or nothing, and return its Result; never raises for bad data.

    Inside a transaction the item gets a savepoint, so that its failure
    leaves the rest alone. ``new`` says the item is believed absent, so it is
    inserted without a look-up; should it exist after all, the item is stored
    again the normal way. The item's admin history entry and a new article's
    tags are added to ``deferred`` once the item is stored, for the caller to
    save with its chunk's; without it they are saved with the item.
    ``editor`` is as for ingest_files; ``folder`` is where the item's file
    lies, for its pictures (see ingest_files).
    """
    tags = tags or TagCache()
    editor = may_change_published(user) if editor is None else editor
    options = {"user": user, "publish": publish and editor, "name": name, "tags": tags, "editor": editor}
    options["folder"] = folder
    try:
        try:
            if item.kind == PICTURE:
                return _attempt(_store_picture_item, item, deferred=deferred, **options)
            result = _attempt(_create if new else _store, item, deferred=deferred, **options)
            result.notes[:0] = item.notes
            return result
        except IntegrityError:
            # Another ingest stored the same item meanwhile: look at it again, once.
            return _attempt(_store, item, deferred=deferred, **options)
    except IngestError as error:
        return Result(name, FAILED, str(error))
    except DatabaseError as error:
        return Result(name, FAILED, _("refusée par la base de données : %(error)s") % {"error": str(error)[:200]})
    except (ValueError, OverflowError) as error:
        # What the database driver refuses before sending (item.checked stops the known cases).
        return Result(name, FAILED, _("valeur refusée : %(error)s") % {"error": str(error)[:200]})


def _attempt(store, item, *, deferred, **options):
    """Return ``store``'s Result for the item, its rows saved in one atomic block."""
    rows = Deferred()
    with options["tags"].forgotten_on_error(), transaction.atomic():
        result = store(item, deferred=rows, **options)
        if deferred is None:
            rows.save()
    if deferred is not None:
        deferred.add(rows)
    return result


def _store(item, *, user, publish, name, tags, deferred, editor, folder):
    # FOR NO KEY UPDATE: enough to keep two ingests from updating the same
    # article at once, and it does not wait for the key-share locks that rows
    # referring to the article take (the search index of another run's
    # commit), which FOR UPDATE did, in a deadlock.
    article = Article.objects.select_for_update(no_key=True).filter(wire_id=item.wire_id).first()
    if article is None:
        return _create(
            item, user=user, publish=publish, name=name, tags=tags, deferred=deferred, editor=editor, folder=folder
        )
    return _update(article, item, user=user, name=name, tags=tags, deferred=deferred, editor=editor, folder=folder)


def _create(item, *, user, publish, name, tags, deferred, editor, folder):
    own = parts.own_article(item)
    if own is not None:
        # Our own export of a story written here: it is that article, not a new one.
        return Result(name, UNCHANGED, _("article de Newsdesk déjà présent (n° %(pk)d)") % {"pk": own.pk}, own.pk)
    if item.pub_status == "canceled":
        return Result(name, SKIPPED, _("annulation d'une dépêche qui n'a jamais été importée"))
    now = timezone.now()
    embargo = item.embargoed if item.embargoed and item.embargoed > now else None
    status = Article.Status.PUBLISHED if publish and item.pub_status == "usable" else Article.Status.DRAFT
    values = {key: value for key, value in wire_values(item).items() if value is not None}
    article = Article(
        **values,
        wire_id=item.wire_id,
        wire_version=item.version,
        status=status,
        published_at=embargo or (now if status == Article.Status.PUBLISHED else None),
        created_by=user,
        updated_by=user,
    )
    found = _story_pictures(item, article, user=user, folder=folder)
    for field_name, value in found.changes.items():
        setattr(article, field_name, value)
    article.save()
    if found.images:
        article.wire_images.add(*found.images)
    parts.add_parts(article, item)
    deferred.copies.append(versions.wire_copy(article))
    deferred.taggings += tags.taggings(article, tags.get(item.subjects))
    details = [item.format, _version_label(item), _("fichier %(name)s") % {"name": name}]
    if item.byline:
        details.append(_("signée %(byline)s") % {"byline": item.byline})
    if embargo:
        details.append(_("sous embargo jusqu'au %(when)s") % {"when": f"{timezone.localtime(embargo):%d/%m/%Y %H:%M}"})
    if item.pub_status == "withheld":
        details.append(_("retenue par l'agence"))
    if article.image_id:
        details.append(_("avec la photo « %(image)s »") % {"image": article.image})
    message = _("Importée du fil (%(details)s).") % {"details": ", ".join(filter(None, details))}
    deferred.history.append(_log_entry(article, user=user, flag=ADDITION, message=message))
    return found.result(Result(name, CREATED, article_id=article.pk))


def _update(article, item, *, user, name, tags, deferred, editor, folder):
    pending = versions.pending_of(article)
    stored = article.wire_version
    if pending is not None and pending.wire_version is not None:
        stored = max(stored or 0, pending.wire_version)
    if item.version is not None and stored is not None:
        if item.version < stored:
            return Result(
                name,
                SKIPPED,
                _("version %(version)d plus ancienne que la version %(stored)d déjà importée")
                % {"version": item.version, "stored": stored},
                article.pk,
            )
        if item.version == stored:
            return Result(name, UNCHANGED, article_id=article.pk)

    changes = {}
    held = {}
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
    new_tags = [] if item.pub_status == "canceled" else tags.missing_from(article, tags.get(item.subjects))
    may_change = article.status == Article.Status.DRAFT or editor
    # The photo is only ever filled, never replaced: an empty one is the wire's
    # to fill, one the article has is the desk's choice. While the desk's
    # edits hold the text back, the picture goes to the library alone.
    wants_picture = not held and item.pub_status != "canceled" and _wants_picture(article, item)
    found = PictureOutcome()
    if wants_picture and may_change:
        found = _story_pictures(item, article, user=user, folder=folder)
        changes |= found.changes
    elif item.pictures and item.pub_status != "canceled" and may_change:
        found = _story_pictures(item, None, user=user, folder=folder)
    if found.images:
        # The desk's choices among them are its own; readers see none of this list.
        article.wire_images.add(*found.images)
    if not changes and not new_tags and not held and not (wants_picture and not may_change):
        return found.result(Result(name, UNCHANGED, article_id=article.pk))
    if not may_change:
        return Result(name, SKIPPED, _refusal(article, item), article.pk)

    if held:
        versions.keep_pending(article, item, wire_values(item), name=name, user=user)
    if article.is_published() and any(field_name in changes for field_name in CONTENT_FIELDS):
        # Readers see "Mis à jour le …" when the wire changes the story.
        changes["updated_at"] = timezone.now()
    if changes:
        for field_name, value in changes.items():
            setattr(article, field_name, value)
        article.updated_by = user
        article.save(update_fields=[*changes, "updated_by", "modified"])
        if not held and any(field_name in versions.DESK_FIELDS for field_name in changes):
            versions.record_copy(article)
    if new_tags:
        article.tags.add(*new_tags)

    labels = [str(Article._meta.get_field(field_name).verbose_name) for field_name in changes]
    if new_tags:
        labels.append(_("mots-clés (%(tags)s)") % {"tags": ", ".join(tag.name for tag in new_tags)})
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
    deferred.history.append(_log_entry(article, user=user, flag=CHANGE, message=message % details))
    if held:
        reason = _("en attente d'un éditeur : l'article a été modifié par la rédaction")
        return found.result(Result(name, PENDING, reason, article.pk))
    withdrawn = changes.get("status") == Article.Status.WITHDRAWN
    return found.result(Result(name, UPDATED, _("retirée (annulée par l'agence)") if withdrawn else "", article.pk))


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


def _story_pictures(item, article, *, user, folder):
    """Store the item's pictures in the library; return the PictureOutcome, the photo for ``article`` in it.

    With ``article`` None, or one that has its photo, the pictures only go to the library.
    """
    outcome = PictureOutcome()
    for position, picture in enumerate(item.pictures):
        stored = pictures.store_picture(picture, folder=folder, user=user)
        outcome.added += stored.added
        outcome.files += stored.files
        if stored.image is not None:
            outcome.images.append(stored.image)
        main = position == 0 and article is not None and not article.image_id
        if stored.image is None and main and picture.wire_id and not picture.hrefs:
            outcome.notes.append(_("photo annoncée, pas encore arrivée : elle sera jointe à l'article à son arrivée"))
        elif stored.image is None and (main or picture.hrefs):
            outcome.notes.append(stored.note)
        if not main:
            continue
        if stored.image is None:
            if picture.wire_id and article.wire_image_ref != picture.wire_id:
                outcome.changes["wire_image_ref"] = picture.wire_id
        elif article.status == Article.Status.PUBLISHED and not stored.image.alt_text.strip():
            outcome.notes.append(_no_alt_text(stored.image))
        else:
            outcome.changes["image"] = stored.image
            if article.wire_image_ref:
                outcome.changes["wire_image_ref"] = ""
    return outcome


def _no_alt_text(image):
    return _(
        "photo « %(image)s » non jointe : sans texte alternatif, elle ne peut illustrer un article publié "
        "(elle est dans la photothèque)"
    ) % {"image": image}


def _store_picture_item(item, *, user, publish, name, tags, deferred, editor, folder):
    """File a picture item in the library; attach it to the stories that announced it. Return its Result."""
    picture = item.pictures[0]
    if item.pub_status == "canceled":
        return Result(name, SKIPPED, _("annulation d'une photo : la photothèque garde ce qu'elle a"))
    image = pictures.known_image(picture)
    if image is None and not picture.hrefs:
        return Result(name, SKIPPED, _("photo sans fichier ni lien : rien à ajouter à la photothèque"))
    if image is not None:
        result = Result(name, UNCHANGED, _("photo déjà dans la photothèque"))
    else:
        stored = pictures.store_picture(picture, folder=folder, user=user)
        if stored.image is None:
            return Result(name, SKIPPED if stored.skipped else FAILED, stored.note)
        image = stored.image
        reason = _("photo ajoutée à la photothèque") if stored.added else _("photo déjà dans la photothèque")
        result = Result(name, CREATED if stored.added else UNCHANGED, reason, pictures_added=stored.added)
        result.picture_files += stored.files
    if not picture.wire_id:
        return result
    waiting = Article.objects.select_for_update(no_key=True).filter(wire_image_ref=picture.wire_id, image__isnull=True)
    for article in waiting.order_by("pk"):
        if article.status != Article.Status.DRAFT and not editor:
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
        article.image, article.wire_image_ref, article.updated_by = image, "", user
        article.save(update_fields=["image", "wire_image_ref", "updated_by", "modified"])
        article.wire_images.add(image)
        message = _("Photo du fil jointe (%(image)s, fichier %(name)s).") % {"image": image, "name": name}
        deferred.history.append(_log_entry(article, user=user, flag=CHANGE, message=message))
        result.notes.append(_("jointe à l'article « %(headline)s »") % {"headline": article.headline[:80]})
    return result


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
        "language": item.language or None,
        "urgency": item.urgency,
        "wire_first_created": item.first_created,
        "wire_version_created": item.version_created,
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


class TagCache:
    """The tags of one run by lower-cased name, so that each is looked up once."""

    def __init__(self):
        self._tags = {}
        self._created = []
        self._content_type = None

    @staticmethod
    def _wanted(names):
        """Return {lower-cased name: name} for the usable names, in order."""
        wanted = {}
        for name in names:
            name = " ".join(name.split())[:100]
            if name:
                wanted.setdefault(name.lower(), name)
        return wanted

    def prefetch(self, names):
        """Look up in one query those of ``names`` not known yet (a whole chunk's subjects)."""
        missing = [key for key in self._wanted(names) if key not in self._tags]
        if missing:
            self._tags.update(self._find(missing))

    def create_missing(self, names):
        """Create, each in its own transaction and in name order, the tags of ``names`` that do not exist."""
        self.prefetch(names := list(names))
        for key, name in sorted(self._wanted(names).items()):
            if key not in self._tags:
                existing = self._find([key]).get(key)
                self._tags[key] = existing or Tag.objects.get_or_create(name=name)[0]

    def get(self, names):
        """Return the Tag of each name (created when new), without duplicates, in order."""
        wanted = self._wanted(names)
        missing = [key for key in wanted if key not in self._tags]
        if missing:
            found = self._find(missing)
            for key in missing:
                if key not in found:
                    found[key] = Tag.objects.create(name=wanted[key])
                    self._created.append(key)
            self._tags.update(found)
        return [self._tags[key] for key in wanted]

    @staticmethod
    def _find(keys):
        return {tag.name.lower(): tag for tag in Tag.objects.annotate(key=Lower("name")).filter(key__in=keys)}

    @contextmanager
    def forgotten_on_error(self):
        """Forget the tags created inside the block if it fails: its rollback removed them."""
        self._created = []
        try:
            yield
        except BaseException:
            for key in self._created:
                self._tags.pop(key, None)
            raise

    @staticmethod
    def missing_from(article, tags):
        """Return those of ``tags`` the article does not carry yet."""
        present = {tag.name.lower() for tag in article.tags.all()}
        return [tag for tag in tags if tag.name.lower() not in present]

    def taggings(self, article, tags):
        """Return the unsaved rows tagging a new article: inserted together, without taggit's look-ups."""
        self._content_type = self._content_type or ContentType.objects.get_for_model(Article)
        return [TaggedItem(tag=tag, content_type=self._content_type, object_id=article.pk) for tag in tags]


def _log_entry(article, *, user, flag, message):
    """Return the unsaved admin history entry of an article stored by the wire."""
    return LogEntry(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(Article).pk,
        object_id=str(article.pk),
        object_repr=str(article)[:200],
        action_flag=flag,
        change_message=message,
    )
