"""What the assistant suggests for an article, and what the editor decided."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, CasualtyFigure, Quote, Source


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Suggestion.Status.PENDING)


class Suggestion(models.Model):
    """A quote or a toll found in an article's copy: nothing is created until an editor accepts it."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("citation")
        TOLL = "toll", _("bilan")

    class Status(models.TextChoices):
        PENDING = "pending", _("à examiner")
        ACCEPTED = "accepted", _("acceptée")
        DISMISSED = "dismissed", _("écartée")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="suggestions"
    )
    kind = models.CharField(_("type"), max_length=5, choices=Kind)
    status = models.CharField(_("état"), max_length=9, choices=Status, default=Status.PENDING)
    # The key that keeps an editor's decision when the copy is saved again.
    key = models.CharField(max_length=300)
    sentence = models.TextField(_("phrase"))
    speaker = models.CharField(_("attribuée à"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source reconnue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("citation"), blank=True)
    outcome = models.CharField(_("issue"), max_length=10, choices=CasualtyFigure.Outcome, blank=True)
    count = models.PositiveIntegerField(_("nombre"), null=True, blank=True)
    count_max = models.PositiveIntegerField(_("nombre maximal"), null=True, blank=True)
    qualifier = models.CharField(_("précision"), max_length=10, choices=CasualtyFigure.Qualifier, blank=True)
    victims = models.CharField(_("victimes"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("trouvée le"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    figure = models.ForeignKey(CasualtyFigure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["article", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="suggestion_once_per_article")]

    def __str__(self):
        if self.kind == self.Kind.QUOTE:
            return f"« {self.text} » ({self.speaker or '?'})"
        return self.toll_phrase()

    def toll_phrase(self):
        """Return the toll as the article page would word it."""
        figure = CasualtyFigure(
            outcome=self.outcome or CasualtyFigure.Outcome.KILLED,
            count=self.count or 0,
            count_max=self.count_max,
            qualifier=self.qualifier or CasualtyFigure.Qualifier.EXACT,
            victims=self.victims,
            source=self.source,
        )
        return figure.phrase()


class Preparation(models.Model):
    """Suggestions asked for an article and not made yet: its form says they are being prepared.

    One row per article and request, written in the transaction that saved the
    copy, beside the queued task; the task removes its request's rows once the
    suggestions are stored (or it gave up).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestion_preparations")
    request = models.CharField(max_length=32, db_index=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestions en préparation")
        verbose_name_plural = _("suggestions en préparation")

    def __str__(self):
        return f"{self.article_id} ({self.request})"
