"""An import uploaded through the admin: its files wait in the database until the worker imports them.

The upload's request stores the files and queues the task in one transaction,
and returns at once; the editor follows the run on its own page (queued,
running with a count, done with the report's messages).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One upload of wire files through the admin, and what its import reported."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.CASCADE, related_name="+"
    )
    publish = models.BooleanField(default=False)
    language = models.CharField(max_length=10, blank=True)
    record_tolls = models.BooleanField(default=False)
    status = models.CharField(_("état"), max_length=7, choices=Status, default=Status.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    # [[message level, French text]], in the order the editor reads them; then the summary.
    messages = models.JSONField(default=list)
    created = models.DateTimeField(_("déposé le"), auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import de dépêches")
        verbose_name_plural = _("imports de dépêches")

    def __str__(self):
        return f"{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("admin:articles_article_ingest_run", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportFile(models.Model):
    """An uploaded file, kept until its run is imported (``error`` when it could not even be taken)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    data = models.BinaryField(default=b"")
    error = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name
