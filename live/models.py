"""Live coverage ("En direct"): a coverage's timestamped entries, and breaking alerts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.forms import can_publish
from articles.html import clean_body
from articles.models import Article, CasualtyFigure, Source, Story
from images.models import Image

# The entries' own add permission: what a reporter needs besides an open coverage.
POST_PERMISSION = "live.add_liveentry"


def whole_seconds(moment):
    """Return ``moment`` without microseconds: readers' <time datetime> and JSON-LD print whole seconds."""
    return moment.replace(microsecond=0) if moment else moment


class LiveCoverageQuerySet(models.QuerySet):
    def visible(self):
        """Return the coverages readers may see: live or ended, never a draft."""
        return self.exclude(status=LiveCoverage.Status.DRAFT)


class LiveCoverage(models.Model):
    """A developing event followed entry by entry; editors open and close it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        LIVE = "live", _("En direct")
        ENDED = "ended", _("Terminé")

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    story = models.ForeignKey(
        Story,
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_coverages",
        help_text=_("Le bilan de la couverture est celui du dossier."),
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status, default=Status.DRAFT)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    summary = models.TextField(_("résumé épinglé"), blank=True, help_text=_("L'essentiel, en tête de page."))
    opened_to_reporters = models.BooleanField(
        _("ouverte aux rédacteurs"), default=False, help_text=_("Les rédacteurs peuvent y publier des entrées.")
    )
    modified = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = LiveCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("couverture en direct")
        verbose_name_plural = _("couvertures en direct")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="coverage_title_not_empty"),
            models.CheckConstraint(condition=Q(status__in=["draft", "live", "ended"]), name="coverage_status_known"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200] or "direct"
        self.summary = clean_body(self.summary)
        if self.status != self.Status.DRAFT and not self.started_at:
            self.started_at = timezone.now()
        if self.status == self.Status.ENDED and not self.ended_at:
            self.ended_at = timezone.now()
        if self.status != self.Status.ENDED:
            self.ended_at = None
        self.started_at, self.ended_at = whole_seconds(self.started_at), whole_seconds(self.ended_at)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("live:coverage", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return self.status == self.Status.LIVE

    def may_be_posted_to_by(self, user):
        """Editors post to any coverage; reporters only to a live one an editor opened to them."""
        if can_publish(user):
            return True
        return self.opened_to_reporters and self.is_live and user.has_perm(POST_PERMISSION)

    def story_figures(self):
        """Return the published tolls of the coverage's story (none without a story)."""
        if not self.story_id:
            return CasualtyFigure.objects.none()
        return self.story.published_figures()

    def touch(self):
        """Record that something readers see changed now: the poll's ETag follows it."""
        self.modified = timezone.now()
        LiveCoverage.objects.filter(pk=self.pk).update(modified=self.modified)


class LiveEntryQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-posted_at", "-id")

    def for_page(self):
        return self.select_related("author", "quote_source", "toll__source", "toll__article", "image", "article")


class LiveEntry(models.Model):
    """One timestamped entry of a coverage: text, and optionally a quote, a toll of its story, a photo."""

    coverage = models.ForeignKey(
        LiveCoverage, verbose_name=_("couverture"), on_delete=models.CASCADE, related_name="entries"
    )
    posted_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("texte"), blank=True)
    quote_text = models.TextField(_("citation"), blank=True, help_text=_("Les mots exacts, sans guillemets."))
    quote_source = models.ForeignKey(
        Source, verbose_name=_("source de la citation"), null=True, blank=True, on_delete=models.PROTECT
    )
    toll = models.ForeignKey(
        CasualtyFigure,
        verbose_name=_("bilan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_entries",
        help_text=_("Un bilan du dossier de la couverture."),
    )
    image = models.ForeignKey(Image, verbose_name=_("photo"), null=True, blank=True, on_delete=models.PROTECT)
    article = models.ForeignKey(
        Article,
        verbose_name=_("dépêche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
        help_text=_("La dépêche ou le flash repris dans l'entrée."),
    )
    is_key_event = models.BooleanField(_("fait marquant"), default=False)
    correction = models.TextField(
        _("rectificatif"), blank=True, help_text=_("Ce qui a été corrigé, pour les lecteurs.")
    )
    corrected_at = models.DateTimeField(_("corrigée le"), null=True, blank=True, editable=False)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée en direct")
        verbose_name_plural = _("entrées en direct")
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["coverage", "id"], name="live_entry_coverage_id")]

    def __str__(self):
        return self.headline()

    def clean(self):
        errors = {}
        if not (self.text.strip() or self.quote_text.strip() or self.toll_id or self.image_id or self.article_id):
            errors["text"] = _("Une entrée a au moins un texte, une citation, un bilan, une photo ou une dépêche.")
        if self.quote_text.strip() and not self.quote_source_id:
            errors["quote_source"] = _("Une citation a une source.")
        if self.toll_id and self.coverage_id and not self.toll_is_of_story():
            errors["toll"] = _("Ce bilan n'est pas un bilan publié du dossier de la couverture.")
        if errors:
            raise ValidationError(errors)

    def toll_is_of_story(self):
        """A toll posted in a coverage is a toll of its story: one of the story's published figures."""
        return self.coverage.story_figures().filter(pk=self.toll_id).exists()

    def save(self, *args, **kwargs):
        self.text = clean_body(self.text)
        self.posted_at = whole_seconds(self.posted_at)
        if self.correction.strip() and not self.corrected_at:
            self.corrected_at = whole_seconds(timezone.now())
        if not self.correction.strip():
            self.corrected_at = None
        super().save(*args, **kwargs)

    def headline(self):
        """Return the entry's first words, for key events and structured data."""
        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        words = strip_tags(self.text) or self.quote_text or (self.article.headline if self.article_id else "")
        return Truncator(" ".join(words.split())).chars(110) or _("Entrée du %(time)s") % {
            "time": timezone.localtime(self.posted_at).strftime("%H:%M")
        }

    def get_absolute_url(self):
        return f"{self.coverage.get_absolute_url()}#entree-{self.pk}"


class BreakingAlertQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(until__gt=now or timezone.now()).order_by("-created", "-id")


class BreakingAlert(models.Model):
    """An URGENT banner on every reader page until the time the editor set."""

    text = models.CharField(_("texte"), max_length=200)
    coverage = models.ForeignKey(
        LiveCoverage, verbose_name=_("couverture"), null=True, blank=True, on_delete=models.CASCADE
    )
    article = models.ForeignKey(Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.CASCADE)
    until = models.DateTimeField(_("affichée jusqu'au"))
    created = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = BreakingAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage__isnull=True) | Q(article__isnull=True),
                name="alert_links_one_page",
                violation_error_message=_("Une alerte renvoie à une couverture ou à un article, pas aux deux."),
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        if self.coverage_id and self.article_id:
            raise ValidationError(_("Une alerte renvoie à une couverture ou à un article, pas aux deux."))
        if self.coverage_id and self.coverage.status == LiveCoverage.Status.DRAFT:
            raise ValidationError({"coverage": _("Cette couverture n'est pas encore ouverte aux lecteurs.")})
        if self.article_id and not self.article.is_published():
            raise ValidationError({"article": _("Cet article n'est pas publié.")})

    def link(self):
        """Return where the banner leads, or an empty string."""
        if self.coverage_id:
            return self.coverage.get_absolute_url()
        if self.article_id:
            return self.article.get_absolute_url()
        return ""
