"""The desk's models: Source, Article, Quote, CasualtyFigure, the Story that groups dispatches, and the
Section (rubrique) an article belongs to, with the front page's chosen lead stories."""

import functools
from urllib import parse

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Coalesce, Now
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from . import tolls
from .html import clean_body
from .roles import PUBLISH_PERMISSION


def reader_path(*parts):
    """Return the path of a reader page of this app: ``reader_path("article", 12, "slug")``.

    What ``reverse()`` returns for it, built on the app's root, reversed once
    per script prefix and URLconf: a list of 20 cards held 60 links, and their
    ``reverse()`` calls were a tenth of the page. The shapes are those of
    articles/urls.py; a test holds every one to ``reverse()``.
    """
    root = _reader_root(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    return root + "".join(parse.quote(str(part), safe=RFC3986_SUBDELIMS + "~:@") + "/" for part in parts)


@functools.cache
def _reader_root(script_prefix, urlconf):
    return reverse("articles:latest", urlconf=urlconf)


class Source(models.Model):
    """Who said or reported something, named or anonymous."""

    class Kind(models.TextChoices):
        PERSON = "person", _("personne")
        GOVERNMENT = "government", _("gouvernement")
        MILITARY = "military", _("armée")
        ORGANISATION = "organisation", _("organisation")
        AGENCY = "agency", _("agence")
        ANONYMOUS = "anonymous", _("anonyme")

    class Gender(models.TextChoices):
        MASCULINE = "m", _("masculin (un porte-parole)")
        FEMININE = "f", _("féminin (une source)")

    name = models.CharField(
        _("nom"),
        max_length=200,
        blank=True,
        help_text=_("Vide pour une source anonyme. Un collectif s'écrit avec son article : « les autorités turques »."),
    )
    role = models.CharField(_("fonction"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.PERSON)
    gender = models.CharField(
        _("genre grammatical"),
        max_length=1,
        choices=Gender,
        default=Gender.MASCULINE,
        help_text=_("Pour une source anonyme : « un porte-parole » ou « une source »."),
    )
    country = models.CharField(_("pays"), max_length=100, blank=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(role=""),
                name="source_has_name_or_role",
                violation_error_message=_("Une source a au moins un nom ou une fonction."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="source_slug_not_empty",
                violation_error_message=_("L'identifiant d'URL est obligatoire."),
            ),
        ]

    def __str__(self):
        return self.attribution()

    def attribution(self):
        """Return the source as a French attribution.

        "Kay Bailey Hutchison, ambassadrice des Etats-Unis auprès de l'Otan",
        "un porte-parole de la diplomatie américaine".
        """
        role = self.role.strip()
        if self.organisation and self.organisation.lower() not in role.lower():
            role = f"{role} ({self.organisation})" if role else self.organisation
        if self.name:
            return f"{self.name}, {role}" if role else self.name
        article = "une" if self.gender == self.Gender.FEMININE else "un"
        return f"{article} {role}"

    def clean(self):
        if not self.name.strip() and not self.role.strip():
            raise ValidationError({"role": _("Une source anonyme doit avoir une fonction.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name or self.role)[:200] or "source"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reader_path("source", self.slug)


def activity(through=""):
    """Return when an article last moved for readers: its significant update, else its publication.

    ``through`` reaches the articles from another model ("articles__" from a story).
    """
    return Coalesce(f"{through}updated_at", f"{through}published_at")


ACTIVITY = activity()


class Section(models.Model):
    """A rubrique (Monde, Liban, Économie…): each article belongs to at most one, readers browse it on its page."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les rubriques sont listées dans cet ordre, la plus petite valeur d'abord.")
    )

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="section_name_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="section_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100] or "rubrique"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class SectionSubject(models.Model):
    """A wire subject that files an imported dispatch in a section: an IPTC Media Topic code
    ("medtop:15000000") or a subject or keyword name as the agency writes it ("sport", "Liban")."""

    subject = models.CharField(
        _("sujet du fil"),
        max_length=100,
        unique=True,
        help_text=_("Code IPTC Media Topic (ex. : medtop:15000000) ou nom du sujet (ex. : sport). Sans casse."),
    )
    section = models.ForeignKey(Section, verbose_name=_("rubrique"), on_delete=models.CASCADE, related_name="subjects")

    class Meta:
        verbose_name = _("sujet du fil")
        verbose_name_plural = _("sujets du fil")
        ordering = ["subject"]
        constraints = [models.CheckConstraint(condition=~Q(subject=""), name="section_subject_not_empty")]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        from .sections import subject_key

        # One spelling per subject: the mapping is looked up that way (articles.sections).
        self.subject = subject_key(self.subject)
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    """The reader-visibility rule and the loads reader pages need, each written once."""

    def published(self):
        """Return the articles readers may see: published, and their time has come.

        The time is compared in the database when the query runs, so a
        scheduled article appears on its own, with no scheduler. This is the
        only statement of the rule: the search index, the sitemaps and the
        page cache all start from it.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=Now())

    def scheduled(self):
        """Return the articles published with a time still to come (embargoed)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=Now())

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def moved_first(self):
        """Return the articles by their last activity, newest first: a story updated (new toll, new wire
        version, a significant update) rises above the ones published since."""
        return self.annotate(activity=ACTIVITY).order_by(ACTIVITY.desc(), "-id")

    def leading(self):
        """Return the articles that lead the front when editors chose none: urgent or updated, moved first."""
        return self.filter(Q(urgency__lte=Article.URGENT_THRESHOLD) | Q(updated_at__isnull=False)).moved_first()

    def in_section(self, section):
        return self.filter(section=section)

    def story_heads(self):
        """Return the articles no newer one of this list and of their story follows: one card per story in lists.

        Newer among the rows of this QuerySet (published, tagged…): a tag's page
        shows the newest dispatch of the story that carries the tag.
        """
        newer = self.filter(story_id=OuterRef("story_id")).filter(
            Q(published_at__gt=OuterRef("published_at"))
            | Q(published_at=OuterRef("published_at"), pk__gt=OuterRef("pk"))
        )
        return self.filter(Q(story__isnull=True) | ~Exists(newer))

    def with_earlier_dispatches(self):
        """Return the articles with ``earlier_dispatches()`` read: their story's other published ones, one query."""
        earlier = (
            Article.objects.published()
            .newest_first()
            .only("pk", "slug", "headline", "body", "published_at", "story_id")
        )
        return self.select_related("story").prefetch_related(
            Prefetch("story__articles", queryset=earlier, to_attr="published_dispatches")
        )

    def tagged(self, slug):
        """Return the articles carrying the tag whose slug is ``slug``."""
        return self.filter(tags__slug=slug)

    def citing(self, source):
        """Return the articles that quote ``source`` or attribute a toll to it, each once."""
        # A subquery rather than DISTINCT over joined rows: the outer query
        # keeps its own ordering and slicing.
        cited = self.model.objects.filter(Q(quotes__source=source) | Q(casualty_figures__source=source))
        return self.filter(pk__in=cited.values("pk"))

    def with_tags(self):
        """Return the articles with their tags for ``tag_list()``, in one more query.

        Through the tagged items and their tags (one join): taggit's own
        ``prefetch_related("tags")`` builds a queryset per article.
        """
        return self.prefetch_related(tags_prefetch())

    def with_story(self):
        """Return the articles with what the article page shows: tags, quotes and tolls with their sources.

        Four queries in all, however many tags, quotes or tolls an article has.
        """
        return self.select_related("story", "image").prefetch_related(*story_prefetches())

    def teasers(self):
        """Return the rows a teaser card needs, and whether the article's toll was revised ("Nouveau bilan")."""
        revised = CasualtyFigure.objects.filter(article=OuterRef("pk"), supersedes__isnull=False)
        return self.defer("correction").select_related("image").annotate(toll_revised=Exists(revised))

    def for_listing(self):
        """Return the rows a list of teasers needs, tags prefetched."""
        return self.teasers().with_tags()


def tags_prefetch():
    """Return the Prefetch of an article's tags: the tagged items with their tags, one query.

    Into a plain list (``to_attr``): Django then builds no queryset per article
    to hold them, which cost more than the query itself on a list of 20. No
    ORDER BY: ``tag_list()`` sorts them.
    """
    return Prefetch("tagged_items", queryset=TaggedItem.objects.select_related("tag").order_by(), to_attr="tag_items")


def story_prefetches():
    """Return the Prefetches of what the story shows: tags, quotes and tolls with their sources.

    The figures' replacements are joins, not queries: the toll box says when
    another dispatch of the story has a newer toll. The figures come in no
    order (``tolls`` and ``sources_cited()`` put them in theirs): an ORDER BY
    Python redoes only costs the ORM its compiling.
    """
    return (
        tags_prefetch(),
        Prefetch("quotes", queryset=Quote.objects.select_related("source")),
        Prefetch(
            "casualty_figures",
            queryset=CasualtyFigure.objects.select_related("source", "superseded_by__article").order_by(),
        ),
    )


class Article(models.Model):
    """One dispatch, from draft to published, updated, or withdrawn."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        WITHDRAWN = "withdrawn", _("retiré")

    URGENT_THRESHOLD = 3

    headline = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200)
    standfirst = models.TextField(
        _("chapeau"), blank=True, help_text=_("Affiché en tête et comme accroche dans les listes.")
    )
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Collez le texte de la dépêche : une ligne vide sépare deux paragraphes. "
            "HTML accepté : p, a, em, strong, blockquote, ul, ol, li, h2, h3."
        ),
    )
    byline = models.CharField(_("signature"), max_length=200, blank=True, help_text=_("Ex. : Ayse Kaya"))
    dateline = models.CharField(_("lieu"), max_length=100, blank=True, help_text=_("Ex. : Washington"))
    agency = models.CharField(_("agence"), max_length=50, blank=True, help_text=_("Ex. : AFP"))
    language = models.CharField(_("langue"), max_length=10, default="fr")
    tags = TaggableManager(_("mots-clés"), blank=True)
    # The same tags as rows of taggit's table, for with_tags()'s prefetch.
    tagged_items = GenericRelation(TaggedItem, related_query_name="+")
    status = models.CharField(_("statut"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publié le"),
        null=True,
        blank=True,
        help_text=_("Une date future programme la publication (embargo)."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgence"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 = flash, 9 = sans urgence. De 1 à 3, la dépêche porte la mention URGENT."),
    )
    correction = models.TextField(_("rectificatif"), blank=True)
    story = models.ForeignKey(
        "Story",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        # A story with dispatches is never deleted under them: their tolls may
        # revise one another, which only a shared story allows.
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_(
            "Regroupe les dépêches sur un même événement : un nouveau bilan peut alors remplacer celui "
            "d'une dépêche précédente du dossier."
        ),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("rubrique"),
        null=True,
        blank=True,
        # A section holding articles is not deleted from under them.
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("La rubrique principale de l'article. À l'import, donnée par les sujets du fil."),
    )
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        # A picture shown on an article is not deleted from under it.
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_(
            "Affichée en tête de l'article et sur sa carte. Son texte alternatif est obligatoire pour publier."
        ),
    )
    # Every picture the agency delivered with this text (its package), the
    # photo among them: the desk may choose another one for the article.
    wire_images = models.ManyToManyField(
        "images.Image", verbose_name=_("photos du fil"), blank=True, related_name="+", editable=False
    )
    # The wire id of the picture the agency sent with this text, when the
    # picture itself has not arrived yet: it is attached when it does.
    wire_image_ref = models.CharField(_("photo fil attendue"), max_length=255, blank=True, editable=False)
    # The teaser (articles/teaser.py) as plain text, computed on save from the
    # standfirst and the body, so that the pages listing an article do not
    # parse its body each time. Empty until then (rows loaded in bulk, or from
    # before it existed: `manage.py fill_teasers`); readers see the same words.
    teaser_plain = models.TextField(_("accroche calculée"), blank=True, editable=False)
    wire_id = models.CharField(_("identifiant fil"), max_length=255, blank=True)
    wire_version = models.PositiveIntegerField(_("version fil"), null=True, blank=True)
    # The agency's own times (ninjs firstCreated / versionCreated): when the
    # dispatch was first written and when this version was, shown as
    # "Dépêche AFP du …" and given back in the ninjs export.
    wire_first_created = models.DateTimeField(_("dépêche créée le"), null=True, blank=True, editable=False)
    wire_version_created = models.DateTimeField(_("version de la dépêche du"), null=True, blank=True, editable=False)
    # The agency's slugline as sent, and normalised (articles.ingest.threading): a new dispatch
    # sharing it within 72 hours joins the same story.
    wire_slugline = models.CharField(_("slugline"), max_length=200, blank=True, editable=False)
    wire_slugline_key = models.CharField(
        _("slugline normalisé"), max_length=200, blank=True, editable=False, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    modified = models.DateTimeField(_("modifié le"), auto_now=True)
    # Counts every change readers could see: the article's saves and those of
    # its quotes, tolls, tags, photo and cited sources (articles.invalidation). Cached
    # fragments of the article (story, teaser card) are keyed by it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Peut publier et retirer des articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # The front's time-first list ("moved_first").
            models.Index(ACTIVITY.desc(), F("id").desc(), name="article_activity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["wire_id"],
                condition=~Q(wire_id=""),
                name="article_unique_wire_id",
                violation_error_message=_("Une dépêche porte déjà cet identifiant fil."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__gte=1, urgency__lte=9),
                name="article_urgency_1_9",
                violation_error_message=_("L'urgence va de 1 (flash) à 9."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("Un article publié a une date de publication."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "withdrawn"]),
                name="article_status_known",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        self.stamp_publication()
        if self.story_breaks_tolls():
            raise ValidationError({"story": STORY_LINKS_MESSAGE})

    def save(self, *args, **kwargs):
        # Whatever the path (admin, shell, ingest): a toll revising another
        # dispatch's toll holds only inside their shared story.
        if self.story_breaks_tolls():
            raise ValidationError({"story": STORY_LINKS_MESSAGE})
        self.body = clean_body(self.body)
        if not self.slug:
            self.slug = slugify(self.headline)[:200] or "article"
        self.stamp_publication()
        counted = self.pk is not None and not self._state.adding
        if counted:
            # Counted in the database: a quote or a tag saved since this
            # instance was loaded has already raised the row's version.
            self.version = F("version") + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"body", "standfirst"} & set(update_fields):
            from .teaser import computed_teaser_text

            self.teaser_plain = computed_teaser_text(self)
            if update_fields is not None:
                update_fields = kwargs["update_fields"] = {*update_fields, "teaser_plain"}
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
        if counted:
            self.refresh_from_db(fields=["version"])

    def story_breaks_tolls(self):
        """Return True when a toll of this article revises, or is revised by, one of an article outside its story."""
        if self.pk is None or self._state.adding:
            return False
        linked = CasualtyFigure.objects.filter(
            Q(article_id=self.pk) | Q(supersedes__article_id=self.pk), supersedes__isnull=False
        ).exclude(article_id=F("supersedes__article_id"))
        if self.story_id is not None:
            linked = linked.filter(
                ~Q(article__story_id=self.story_id) | ~Q(supersedes__article__story_id=self.story_id)
            )
        return linked.exists()

    def stamp_publication(self):
        """Give a published article with no time the current time: "publish" means now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def get_absolute_url(self):
        return reader_path("article", self.pk, self.slug)

    def is_published(self, now=None):
        """Return True when readers may see this article: the twin of ``published()``."""
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at <= now

    is_published.boolean = True
    is_published.short_description = _("visible")

    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def may_be_changed_by(self, user):
        """Return True when ``user`` may change this article or what hangs on it (quotes, tolls, suggestions).

        Reporters write drafts; once published, scheduled or withdrawn, an article is the editors'.
        """
        return self.status == self.Status.DRAFT or user.has_perm(PUBLISH_PERMISSION)

    @property
    def agency_time(self):
        """The agency's time of the version the article holds (versionCreated, else firstCreated), or None."""
        return self.wire_version_created or self.wire_first_created

    @property
    def agency_written_at(self):
        """When the agency first wrote the dispatch (firstCreated, else the only time it sent), or None."""
        return self.wire_first_created or self.wire_version_created

    def is_flash(self):
        """Return True for a headline sent ahead of its text: no body to show (its card points to its story)."""
        return not self.body.strip()

    def figure_to_revise(self, outcome, victims):
        """Return the current toll a new figure of ``outcome`` and ``victims`` revises, or None.

        The newest current figure of the same outcome and victims among the
        article's and its story's other dispatches' (tolls.figure_to_revise).
        """
        return tolls.figure_to_revise(self.standing_figures(), outcome=outcome, victims=victims)

    @property
    def is_urgent(self):
        return self.urgency <= self.URGENT_THRESHOLD

    def tag_list(self):
        """Return the tags sorted by name (prefetched by ``with_tags()``, else queried)."""
        items = self.tag_items if hasattr(self, "tag_items") else self.tagged_items.select_related("tag")
        return sorted((item.tag for item in items), key=lambda tag: tag.name.lower())

    def latest_others(self, count):
        """Return the ``count`` newest published items other than this one, read when first used.

        One statement, the same for every article page (the newest ``count + 1``,
        this one left out in Python): no per-page filter for the ORM to build,
        and a cached fragment of them needs no query at all.
        """
        newest = Article.objects.published().newest_first().teasers()[: count + 1]
        return SimpleLazyObject(lambda: [other for other in newest if other.pk != self.pk][:count])

    def load_story(self):
        """Read what the story shows into this instance, unless ``with_story()`` already did; return it.

        Three queries at most, once. The article page calls it inside its
        story fragment: a cached fragment needs none of it.
        """
        prefetch_related_objects([self], *story_prefetches())
        return self

    @property
    def described_image(self):
        """Return the photo when it may go beyond the page (social cards, JSON-LD, feeds, sitemap), else None.

        Only a described photo does: readers of those never see the page's caption.
        """
        return self.image if self.image_id and self.image.is_publishable else None

    def teaser(self):
        from .teaser import teaser

        return teaser(self)

    def other_dispatches(self):
        """Return the story's other published dispatches, newest first (folded under a lead story's card)."""
        if not self.story_id:
            return []
        dispatches = getattr(self.story, "published_dispatches", None)
        if dispatches is None:
            dispatches = self.story.articles.published().newest_first()
        return [dispatch for dispatch in dispatches if dispatch.pk != self.pk]

    def earlier_dispatches(self):
        """Return the story's published dispatches before this one, newest first (folded under its card)."""
        return [
            dispatch
            for dispatch in self.other_dispatches()
            if (dispatch.published_at, dispatch.pk) < (self.published_at, self.pk)
        ]

    def featured_quotes(self):
        """Return the pull quotes, in order."""
        return [quote for quote in self.quotes.all() if quote.featured]

    def current_tolls(self):
        """Return the current figures, one per chain, newest first."""
        return tolls.current(self.casualty_figures.all())

    def standing_figures(self):
        """Return the current figures of this article and of its story's dispatches, with source and article."""
        mine = Q(article=self) | Q(article__story_id=self.story_id) if self.story_id else Q(article=self)
        return list(CasualtyFigure.objects.filter(mine, superseded_by=None).select_related("source", "article"))

    def toll_histories(self):
        """Return, for each current figure, its chain oldest first (first toll → new toll)."""
        return tolls.chains(self.casualty_figures.all())

    def figures_as_reported(self):
        """Return the tolls oldest first, as they were reported (prefetched by ``with_story()`` in no order)."""
        return sorted(self.casualty_figures.all(), key=lambda figure: (figure.reported_at, figure.pk))

    def sources_cited(self):
        """Return the distinct sources of the quotes and figures, in order of appearance."""
        seen = {}
        for item in [*self.quotes.all(), *self.figures_as_reported()]:
            if item.source_id and item.source_id not in seen:
                seen[item.source_id] = item.source
        return list(seen.values())

    # What search reads of an article. The search app knows no model: the
    # NEWSDESK_SEARCH_MODEL setting names this one, and both engines index
    # what these methods return, so the searchable text is stated only here.

    @classmethod
    def search_queryset(cls, using="default"):
        """Return the articles with what ``search_components()`` and ``search_facets()`` read, in four queries."""
        return (
            cls.objects.using(using)
            .with_tags()
            .prefetch_related(
                Prefetch("quotes", queryset=Quote.objects.select_related("source").order_by("position", "pk")),
                Prefetch("casualty_figures", queryset=CasualtyFigure.objects.only("pk", "article_id", "source_id")),
            )
        )

    def search_components(self):
        """Return the searchable text as (weight, plain text) pairs, weight "A" (most telling) to "D".

        A: the headline (shown highlighted); B: the standfirst, the tags, and
        each quote with its source's name, role and organisation; C: the body
        (the excerpt is cut from it).
        """
        from .teaser import html_to_text

        components = [("A", self.headline), ("B", html_to_text(self.standfirst))]
        components += [("B", tag.name) for tag in self.tag_list()]
        for quote in self.quotes.all():
            parts = (quote.source.name, quote.source.role, quote.source.organisation, quote.text)
            components += [("B", part) for part in parts if part]
        components.append(("C", html_to_text(self.body)))
        return components

    def search_facets(self):
        """Return the ids a reader narrows a search by: its tags, and the sources it quotes or counts a toll from."""
        sources = {quote.source_id for quote in self.quotes.all()}
        sources |= {figure.source_id for figure in self.casualty_figures.all() if figure.source_id}
        return {"tags": sorted(tag.pk for tag in self.tag_list()), "sources": sorted(sources)}

    @classmethod
    def search_dependents(cls):
        """Return {model: ids(row, using)}: the models whose rows are searched with articles, and for a changed row
        the ids of the articles to index again (tags added or removed are seen through the ``tags`` relation)."""
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag

        def tagged(tag, using):
            article_type = ContentType.objects.db_manager(using).get_for_model(cls)
            return (
                TaggedItem.objects.using(using)
                .filter(tag=tag, content_type=article_type)
                .values_list("object_id", flat=True)
            )

        return {
            Quote: lambda quote, using: [quote.article_id],
            CasualtyFigure: lambda figure, using: [figure.article_id],
            Source: lambda source, using: (
                Quote.objects.using(using).filter(source=source).values_list("article_id", flat=True)
            ),
            Tag: tagged,
        }


_QUOTE_MARKS = "\"'«»“”„‘’ \u00a0\u202f"


class Quote(models.Model):
    """Exact words, attributed to a source."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="quotes")
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField(_("citation"), help_text=_("Les mots exacts, sans guillemets."))
    context = models.CharField(
        _("contexte"),
        max_length=300,
        blank=True,
        help_text=_("Ex. : a déclaré … dans un communiqué"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    featured = models.BooleanField(_("en exergue"), default=False)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self):
        return f"« {self.text} »"

    def save(self, *args, **kwargs):
        self.text = strip_quotation_marks(self.text)
        super().save(*args, **kwargs)


def strip_quotation_marks(text):
    """Return ``text`` without the quotation marks wrapped around it."""
    return text.strip().strip(_QUOTE_MARKS).strip()


OUTSIDE_STORY_MESSAGE = _("Le bilan remplacé doit appartenir au même article ou à une dépêche du même dossier.")
STORY_LINKS_MESSAGE = _(
    "Un bilan de cet article remplace celui d'une autre dépêche du dossier, ou est remplacé par lui : "
    "gardez le dossier, ou changez d'abord ce bilan."
)


class CasualtyFigure(models.Model):
    """One reported toll, attributed, and revised by newer figures."""

    class Outcome(models.TextChoices):
        KILLED = "killed", _("tués")
        INJURED = "injured", _("blessés")
        MISSING = "missing", _("disparus")
        DISPLACED = "displaced", _("déplacés")
        DETAINED = "detained", _("détenus")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactement")
        AT_LEAST = "at_least", _("au moins")
        MORE_THAN = "more_than", _("plus de")
        ABOUT = "about", _("environ")
        AT_MOST = "at_most", _("au plus")
        FEWER_THAN = "fewer_than", _("moins de")

    class VictimCategory(models.TextChoices):
        CIVILIANS = "civilians", _("civils")
        MILITARY = "military", _("militaires")
        COMBATANTS = "combatants", _("combattants")
        UNKNOWN = "unknown", _("non précisé")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="casualty_figures"
    )
    outcome = models.CharField(_("issue"), max_length=10, choices=Outcome, default=Outcome.KILLED)
    count = models.PositiveIntegerField(_("nombre"), validators=[MinValueValidator(0)])
    qualifier = models.CharField(_("précision"), max_length=10, choices=Qualifier, default=Qualifier.EXACT)
    count_max = models.PositiveIntegerField(
        _("nombre maximal"),
        null=True,
        blank=True,
        help_text=_("Pour une fourchette : « entre 20 et 30 »."),
    )
    victims = models.CharField(
        _("victimes"), max_length=200, blank=True, help_text=_("Au pluriel. Ex. : soldats turcs")
    )
    victims_singular = models.CharField(
        _("victimes au singulier"),
        max_length=200,
        blank=True,
        help_text=_("Si le singulier n'est pas régulier. Ex. : cheval (pour chevaux)"),
    )
    victims_feminine = models.BooleanField(_("victimes au féminin"), default=False)
    victim_category = models.CharField(
        _("catégorie"), max_length=12, choices=VictimCategory, default=VictimCategory.UNKNOWN
    )
    country = models.CharField(_("pays"), max_length=100, blank=True)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    occurred_on = models.DateField(_("date des faits"), null=True, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="casualty_figures",
    )
    reported_at = models.DateTimeField(_("annoncé le"), default=timezone.now)
    # Recorded by an ingest from the agency's copy (--record-tolls), not typed by the desk: shown to
    # readers at once, and waiting for an editor's review until one unticks it.
    from_wire = models.BooleanField(_("relevé dans la dépêche"), default=False)
    awaiting_review = models.BooleanField(
        _("à vérifier"),
        default=False,
        help_text=_("Relevé automatiquement dans la copie d'agence : décochez une fois le bilan vérifié."),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("remplace le bilan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        ordering = ["reported_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=0),
                name="figure_count_not_negative",
                violation_error_message=_("Le nombre ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(count_max__isnull=True) | Q(count_max__gte=F("count")),
                name="figure_count_max_not_below_count",
                violation_error_message=_("Le nombre maximal doit être supérieur ou égal au nombre."),
            ),
            # A figure only revises an older one: ids strictly decrease along
            # a chain, so it can neither point at itself nor loop.
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | Q(supersedes__lt=F("id")),
                name="figure_supersedes_older",
                violation_error_message=_("Un bilan ne peut remplacer qu'un bilan plus ancien."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["killed", "injured", "missing", "displaced", "detained"]),
                name="figure_outcome_known",
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=["exact", "at_least", "more_than", "about", "at_most", "fewer_than"]),
                name="figure_qualifier_known",
            ),
        ]

    def __str__(self):
        return self.sentence()

    def clean(self):
        errors = {}
        if self.count is not None and self.count_max is not None and self.count_max < self.count:
            errors["count_max"] = _("Le nombre maximal doit être supérieur ou égal au nombre.")
        if self.supersedes_id:
            if self.pk and self.supersedes_id == self.pk:
                errors["supersedes"] = _("Un bilan ne peut pas se remplacer lui-même.")
            elif self.pk and self.supersedes_id > self.pk:
                errors["supersedes"] = _("Un bilan ne peut remplacer qu'un bilan plus ancien.")
            elif self.revises_outside_story():
                errors["supersedes"] = OUTSIDE_STORY_MESSAGE
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # No CHECK constraint can compare two rows' articles: refuse here,
        # whatever the path (admin, shell, ingest).
        if self.revises_outside_story():
            raise ValidationError({"supersedes": OUTSIDE_STORY_MESSAGE})
        super().save(*args, **kwargs)

    def revises_outside_story(self):
        """Return True when the figure this one supersedes belongs to another article that is not of its story."""
        if not (self.supersedes_id and self.article_id):
            return False
        theirs = self.supersedes.article
        if theirs.pk == self.article_id:
            return False
        return self.article.story_id is None or theirs.story_id != self.article.story_id

    def replacement(self):
        """Return the newer figure revising this one when readers may see it (its article published), else None."""
        try:
            newer = self.superseded_by
        except CasualtyFigure.DoesNotExist:
            return None
        return newer if newer.article.is_published() else None

    # French rendering (articles.tolls) -------------------------------

    def phrase(self):
        """Return the toll as French words: "au moins 29 soldats turcs tués"."""
        return tolls.phrase(self)

    def attribution(self):
        """Return "selon …" for the figure's source, or an empty string."""
        return tolls.attribution(self)

    def sentence(self):
        """Return the phrase followed by its attribution."""
        return tolls.sentence(self)

    def next_figure_initial(self):
        """Return the initial data of a new figure revising this one ("Nouveau bilan")."""
        return {
            "article": self.article_id,
            "supersedes": self.pk,
            "outcome": self.outcome,
            "count": self.count,
            "qualifier": self.qualifier,
            "victims": self.victims,
            "victims_singular": self.victims_singular,
            "victims_feminine": self.victims_feminine,
            "victim_category": self.victim_category,
            "country": self.country,
            "location": self.location,
            "source": self.source_id,
        }


class Story(models.Model):
    """The dispatches about one event: their tolls may revise one another, and readers follow them on one page."""

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    created = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="story_title_not_empty",
                violation_error_message=_("Le titre du dossier est obligatoire."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="story_slug_not_empty",
                violation_error_message=_("L'identifiant d'URL est obligatoire."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200] or "dossier"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reader_path("dossier", self.slug)

    def published_figures(self):
        """Return the tolls of the story's published dispatches, with their source, dispatch and replacement."""
        return CasualtyFigure.objects.filter(article__in=self.articles.published()).select_related("article", "source")

    def tolls(self):
        """Return the story's tolls by outcome (``articles.tolls.StoryToll``), from its published dispatches only."""
        return tolls.story_tolls(self.published_figures())


class WireCopy(models.Model):
    """What the last ingest wrote into an article's agency fields, as a digest.

    A newer agency version compares it with the article: when they differ, a
    person has edited the story since, and the new version waits for an
    editor (PendingAgencyVersion) instead of overwriting the desk's work.
    """

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="wire_copy"
    )
    digest = models.CharField(_("empreinte"), max_length=64)
    stored_at = models.DateTimeField(_("importée le"), default=timezone.now)

    class Meta:
        verbose_name = _("copie du fil")
        verbose_name_plural = _("copies du fil")

    def __str__(self):
        return f"{self.article_id}: {self.digest[:12]}"


class PendingAgencyVersion(models.Model):
    """A newer agency version of an article the desk has edited, kept for an editor to take or leave.

    ``values`` holds the article fields the version would set, as the
    importer read and sanitised them (dates in ISO 8601).
    """

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="pending_agency_version"
    )
    wire_version = models.PositiveIntegerField(_("version fil"), null=True, blank=True)
    values = models.JSONField(_("champs de la dépêche"), default=dict)
    file_name = models.CharField(_("fichier"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("version d'agence en attente")
        verbose_name_plural = _("versions d'agence en attente")

    def __str__(self):
        return f"{self.article} ({self.wire_version or '?'})"


class FormSubmission(models.Model):
    """An admin add form once posted: its one-time token and what it created.

    A form posted again with the same token (the editor resubmits after an
    answer lost in an outage, or clicks twice) finds this row and creates
    nothing a second time (articles/submissions.py).
    """

    token = models.CharField(_("jeton du formulaire"), max_length=64, unique=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("identifiant"), null=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("envoyé par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("formulaire envoyé")
        verbose_name_plural = _("formulaires envoyés")

    def __str__(self):
        return self.token


class FrontSlot(models.Model):
    """A lead story editors put "À la une", at its place: the front shows the published ones in order."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="front_slot"
    )
    position = models.PositiveSmallIntegerField(_("place"), default=1, help_text=_("1 = en tête de la une."))

    class Meta:
        verbose_name = _("article à la une")
        verbose_name_plural = _("articles à la une")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.position}. {self.article}"


# Imports uploaded through the admin, waiting for the worker (articles/ingest/runs.py).
from .ingest.runs import ImportFile, ImportRun  # noqa: E402, F401
