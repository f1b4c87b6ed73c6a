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

- a new dispatch joins its story: the one the agency links it to, else one
  sharing its slugline within 72 hours (``threading``);
- an item without text is published only as an urgent flash, else kept a draft;
- with ``record_tolls``, the sourced tolls of copy the desk has not edited are
  recorded once the chunk is committed, dated by the agency (``recording``).

The run's choices come in one IngestOptions (``results``); each item is
stored by ``storing`` in a Job that carries them with its file and the rows
its chunk writes together (``rows``).

Items are stored a chunk at a time: one transaction per chunk, a savepoint per
item. A bad item rolls back alone and is reported; the rest of its chunk
commits. What other apps do once per transaction (search indexing, a new
page-cache generation) then happens once per chunk rather than once per item.
"""

from dataclasses import replace
from itertools import batched

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from articles.models import Article
from articles.signals import copy_saved

from . import language as languages
from . import recording
from .formats import parse
from .item import PICTURE, IngestError, NotAnArticle, WireItem
from .results import (
    CREATED,
    FAILED,
    OUTCOMES,
    PENDING,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    WIRE_USERNAME,
    IngestOptions,
    Report,
    Result,
    may_change_published,
    wire_user,
)
from .rows import Deferred, TagCache
from .storing import CONTENT_FIELDS, Job, create, store, store_picture_item, wire_values

__all__ = [
    "CONTENT_FIELDS",
    "CREATED",
    "FAILED",
    "OUTCOMES",
    "PENDING",
    "SKIPPED",
    "UNCHANGED",
    "UPDATED",
    "WIRE_USERNAME",
    "IngestOptions",
    "Report",
    "Result",
    "ingest_files",
    "may_change_published",
    "wire_user",
    "wire_values",
]

CHUNK_SIZE = 200
MAX_FILE_BYTES = 64 * 1024 * 1024


def ingest_files(files, options, *, progress=None):
    """Import ``files`` — pairs of (name, bytes or IngestError) — as ``options`` (IngestOptions) say; return the Report.

    A file may come as a triple (name, bytes, folder): its items' pictures
    named by a relative path are then read in ``folder`` (the drop folder
    the file came from), and only there. Without one, they are not read.

    A file that cannot be read fails alone, and so does an item that cannot be
    stored. Items commit a chunk at a time, so a run stopped halfway and run
    again imports each item once. ``progress`` is called with each Result once
    the chunk holding its item is committed.
    """
    report = Report()
    # The cache lives no longer than the run, and a chunk that does not commit
    # ends the run: the tags it holds are never ones a rollback removed.
    tags = TagCache()
    for chunk in batched(_entries(files, default_language=options.language), CHUNK_SIZE):
        # New tags are committed before the chunk's transaction opens: a tag
        # row locked until the end of a chunk, while another ingest waits for
        # it holding a row this one needs, is a deadlock.
        tags.create_missing(
            name for _name, entry, _f in chunk if isinstance(entry, WireItem) for name in entry.subjects
        )
        job = Job(options, tags=tags)
        with transaction.atomic():
            results = _ingest_chunk(chunk, job)
            if not job.deferred.readings:
                # Suggested quotes and tolls: queued with the chunk (it commits with it), made by the worker.
                _copy_saved(results)
        _after_commit(results, job.deferred.readings)
        for result in results:
            report.results.append(result)
            if progress:
                progress(result)
    return report


def _after_commit(results, readings):
    """What follows a committed chunk: its agency tolls recorded, then the assistant's suggestions queued."""
    if readings:
        recorded = recording.record(readings)
        # Said once per article, on the last of its results: versions of one dispatch in a chunk are one story.
        last = {result.article_id: result for result in results if result.outcome in (CREATED, UPDATED)}
        for article_id, result in last.items():
            result.tolls_recorded = recorded.get(article_id, 0)
        # Suggested after the recording, so that the assistant never suggests a toll just recorded.
        _copy_saved(results)


def _copy_saved(results):
    """Tell the assistants (extraction) which articles' copy the chunk saved: they queue their work."""
    saved = (CREATED, UPDATED)
    article_ids = [result.article_id for result in results if result.outcome in saved and result.article_id]
    if article_ids:
        copy_saved.send(sender=Article, article_ids=article_ids)


def _ingest_chunk(chunk, job):
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
    job.tags.prefetch(name for item in items for name in item.subjects)
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
        elif entry.kind != PICTURE and known and entry.version is not None and known[1] == entry.version:
            result = Result(name, UNCHANGED, article_id=known[0])
        else:
            if entry.kind != PICTURE and known:
                job.deferred.save()  # an update reads the article's tags: write those of this chunk first
            result = ingest_item(entry, replace(job, name=name, folder=folder), new=entry.kind != PICTURE and not known)
            if result.article_id and entry.kind != PICTURE:
                # Stored now; a repeat within the chunk takes the full path.
                stored[entry.wire_id] = (result.article_id, None)
        results[index] = result
    job.deferred.save()
    return [results[index] for index in range(len(chunk))]


def _order_key(entry):
    return (getattr(entry, "kind", "") != PICTURE, getattr(entry, "wire_id", ""))


def _entries(files, *, default_language=""):
    """Yield (name, WireItem, folder) for each item of each file, or (name, Result, None) for what failed to read."""
    for entry in files:
        name, data = entry[:2]
        folder = entry[2] if len(entry) > 2 else None
        items = _read(name, data)
        if isinstance(items, Result):
            yield name, items, None
            continue
        for index, item in enumerate(items, start=1):
            label = name if len(items) == 1 else f"{name} [{index}]"
            if isinstance(item, NotAnArticle):
                yield label, Result(label, SKIPPED, str(item)), None
            elif isinstance(item, IngestError):
                yield label, Result(label, FAILED, str(item)), None
            else:
                languages.settle(item, default=default_language)
                yield label, item, folder


def _read(name, data):
    """Return the items of one file's ``data``, or the FAILED Result saying why it cannot be read."""
    if isinstance(data, IngestError):
        return Result(name, FAILED, str(data))
    if len(data) > MAX_FILE_BYTES:
        return Result(name, FAILED, _("fichier trop volumineux (%(size)d Mo)") % {"size": len(data) // 1_000_000})
    try:
        items = parse(data)
    except IngestError as error:
        return Result(name, FAILED, str(error))
    except (ValueError, LookupError, OverflowError, RecursionError, MemoryError):
        # A reader fault we have not met yet: this file fails, the run goes on.
        return Result(name, FAILED, _("fichier illisible : contenu inattendu"))
    if not items:
        return Result(name, FAILED, _("aucune dépêche dans le fichier"))
    return items


def ingest_item(item, job, *, new=False):
    """Store one WireItem in ``job``, all or nothing, and return its Result; never raises for bad data.

    Inside a transaction the item gets a savepoint, so that its failure
    leaves the rest alone. ``new`` says the item is believed absent, so it is
    inserted without a look-up; should it exist after all, the item is stored
    again the normal way. The item's rows (admin history, a new article's
    tags, its toll reading) join ``job.deferred`` once the item is stored.
    """
    try:
        try:
            if item.kind == PICTURE:
                return _attempt(store_picture_item, item, job)
            result = _attempt(create if new else store, item, job)
            result.notes[:0] = item.notes
            return result
        except IntegrityError:
            # Another ingest stored the same item meanwhile: look at it again, once.
            return _attempt(store, item, job)
    except IngestError as error:
        return Result(job.name, FAILED, str(error))
    except DatabaseError as error:
        reason = _("refusée par la base de données : %(error)s") % {"error": str(error)[:200]}
        return Result(job.name, FAILED, reason)
    except (ValueError, OverflowError) as error:
        # What the database driver refuses before sending (item.checked stops the known cases).
        return Result(job.name, FAILED, _("valeur refusée : %(error)s") % {"error": str(error)[:200]})


def _attempt(store_one, item, job):
    """Return ``store_one``'s Result for the item, its rows saved in one atomic block, then added to the job's."""
    rows = Deferred()
    with job.tags.forgotten_on_error(), transaction.atomic():
        result = store_one(item, replace(job, deferred=rows))
    job.deferred.add(rows)
    return result
