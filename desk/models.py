"""What the desk's queue keeps of its own: the agency's kills and holds, until an editor has seen them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class AgencyNoticeQuerySet(models.QuerySet):
    def unseen(self):
        return self.filter(seen_at__isnull=True)


class AgencyNotice(models.Model):
    """An agency's kill or hold that changed an article's status: readers lost it, an editor should know."""

    class Kind(models.TextChoices):
        KILL = "canceled", _("annulée par l'agence")
        WITHHOLD = "withheld", _("retenue par l'agence")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="agency_notices"
    )
    kind = models.CharField(_("type"), max_length=8, choices=Kind)
    wire_version = models.PositiveIntegerField(_("version fil"), null=True, blank=True)
    file_name = models.CharField(_("fichier"), max_length=255, blank=True)
    # False when a reporter's import brought it: refused, the article is as it was until an editor applies it.
    applied = models.BooleanField(_("appliquée"), default=True)
    received_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vue par"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    seen_at = models.DateTimeField(_("vue le"), null=True, blank=True)

    objects = AgencyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("annulation ou retenue d'agence")
        verbose_name_plural = _("annulations et retenues d'agence")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["canceled", "withheld"]), name="notice_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.article}"


class QueueEntry(AgencyNotice):
    """The queue's entry in the admin's index and menu; the page lists every kind of item (``desk.queue``)."""

    class Meta:
        proxy = True
        verbose_name = _("fil à vérifier")
        verbose_name_plural = _("Fil à vérifier")
