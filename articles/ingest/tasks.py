"""The admin's import, run by the worker: queue_import() in the upload's request, run_import() in the worker."""

from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsdesk.tasks import background

from .importer import FAILED, MAX_FILE_BYTES, PENDING, IngestOptions, ingest_files
from .item import IngestError
from .runs import ImportFile, ImportRun

# Beyond this many problems the page would be a wall of messages: the rest are counted.
MAX_MESSAGES = 50
# The run's count of items done is written every this many items.
PROGRESS_EVERY = 20


def queue_import(uploads, *, user, publish, language, record_tolls=False):
    """Store the uploaded files and queue their import, together; return the ImportRun."""
    with transaction.atomic():
        run = ImportRun.objects.create(user=user, publish=publish, language=language, record_tolls=record_tolls)
        for upload in uploads:
            if upload.size > MAX_FILE_BYTES:
                ImportFile.objects.create(run=run, name=upload.name, error=_("fichier trop volumineux"))
            else:
                ImportFile.objects.create(run=run, name=upload.name, data=upload.read())
        run_import.enqueue(run.pk)
    return run


def gave_up(run_id):
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportRun.Status.FAILED,
        finished=timezone.now(),
        messages=[
            [messages.ERROR, _("L'import a échoué ; les dépêches déjà importées le restent. Déposez à nouveau.")]
        ],
    )


@background(gave_up=gave_up)
def run_import(run_id):
    """Import the run's files and store its report; idempotent (an item imported already is unchanged)."""
    run = ImportRun.objects.filter(pk=run_id).select_related("user").first()
    if run is None or run.is_finished:
        return
    run.status, run.processed = ImportRun.Status.RUNNING, 0
    run.save(update_fields=["status", "processed"])
    done = 0

    def progress(result):
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            ImportRun.objects.filter(pk=run_id).update(processed=done)

    options = IngestOptions(user=run.user, publish=run.publish, language=run.language, record_tolls=run.record_tolls)
    report = ingest_files(_files(run), options, progress=progress)
    run.status, run.processed, run.finished = ImportRun.Status.DONE, done, timezone.now()
    run.messages = report_messages(report)
    run.save(update_fields=["status", "processed", "finished", "messages"])
    run.files.all().delete()


def _files(run):
    """Yield (name, bytes or IngestError) per file of the run, one file in memory at a time."""
    for pk in run.files.order_by("pk").values_list("pk", flat=True):
        upload = ImportFile.objects.get(pk=pk)
        yield upload.name, IngestError(upload.error) if upload.error else bytes(upload.data)


def report_messages(report):
    """Return the report as [[level, text]]: pending versions, notes, problems, then the summary."""
    shown = [
        [messages.INFO, f"{result.name} : {result.reason}"] for result in report.results if result.outcome == PENDING
    ]
    for result in report.noted[:MAX_MESSAGES]:
        shown += [[messages.WARNING, f"{result.name} : {note}"] for note in result.notes]
    problems = report.problems
    for result in problems[:MAX_MESSAGES]:
        level = messages.ERROR if result.outcome == FAILED else messages.WARNING
        label = _("échec") if result.outcome == FAILED else _("ignorée")
        shown.append([level, f"{result.name} : {label} — {result.reason}"])
    if len(problems) > MAX_MESSAGES:
        others = {"count": len(problems) - MAX_MESSAGES}
        shown.append([messages.WARNING, _("… et %(count)d autres dépêches ignorées ou en échec.") % others])
    summary = _("Import terminé : %(summary)s") % {"summary": report.summary()}
    shown.append([messages.WARNING if report.failed else messages.SUCCESS, summary])
    return shown
