"""The editors' admin: write, attribute, publish, revise the toll, withdraw."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import publishing
from .models import Article, CasualtyFigure, Quote, Source
from .roles import PUBLISH_PERMISSION


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("source", "featured", "position"), "text", "context"]


class CasualtyFigureInline(admin.StackedInline):
    model = CasualtyFigure
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("outcome", "qualifier", "count", "count_max"),
        ("victims", "victims_singular", "victims_feminine", "victim_category"),
        ("country", "location", "occurred_on"),
        ("source", "reported_at"),
        "supersedes",
        "new_toll",
    ]
    readonly_fields = ["new_toll"]
    raw_id_fields = ["supersedes"]

    @admin.display(description=_("Révision"))
    def new_toll(self, figure):
        if not figure.pk:
            return _("Enregistrez d'abord ce bilan.")
        if hasattr(figure, "superseded_by"):
            return _("Remplacé par un bilan plus récent.")
        return format_html(
            '<a class="button" href="{}">{}</a> <span class="help">{}</span>',
            new_toll_url(figure),
            _("Nouveau bilan"),
            figure.sentence(),
        )


def new_toll_url(figure):
    """Return the admin URL of a new figure prefilled to supersede ``figure``."""
    initial = {key: value for key, value in figure.next_figure_initial().items() if value not in (None, "")}
    initial["victims_feminine"] = "1" if figure.victims_feminine else ""
    return reverse("admin:articles_casualtyfigure_add") + "?" + urlencode(initial)


class ArticleAdminForm(forms.ModelForm):
    significant_update = forms.BooleanField(
        label=_("Mise à jour importante"),
        required=False,
        help_text=_("Cochez pour afficher « Mis à jour le … » aux lecteurs avec l'heure de cet enregistrement."),
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [QuoteInline, CasualtyFigureInline]
    prepopulated_fields = {"slug": ["headline"]}
    list_display = ["headline", "status", "published_at", "urgency", "updated_at", "is_published", "agency"]
    list_filter = ["status", "tags", "published_at", "urgency", "agency"]
    list_select_related = False
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "published_at"
    save_on_top = True
    actions = ["publish_now", "withdraw"]
    readonly_fields = ["wire_id", "wire_version", "created_by", "updated_by", "created", "modified"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    ("byline", "dateline", "agency", "language"),
                    "tags",
                ]
            },
        ),
        (
            _("Publication"),
            {"fields": [("status", "urgency"), ("published_at", "updated_at"), "significant_update", "correction"]},
        ),
        (
            _("Fil et historique"),
            {
                "classes": ["collapse"],
                "fields": [("wire_id", "wire_version"), ("created_by", "updated_by"), ("created", "modified")],
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # Reporters write drafts: the publication fields are the editors'.
            fields += ["status", "published_at", "updated_at"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "significant_update"]})
            for name, opts in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status != Article.Status.DRAFT:
            return can_publish(request.user)
        return allowed

    def has_delete_permission(self, request, obj=None):
        # Never throw news away: editors withdraw; only superusers delete.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_urls(self):
        # "Importer des dépêches" (articles/ingest/admin_views.py), linked from the change list.
        from .ingest.admin_views import ingest_urls

        return ingest_urls(self) + super().get_urls()

    def get_search_results(self, request, queryset, search_term):
        """Search with the site's engine (French, accent-blind), drafts included, the newest 1,000 matches."""
        if not search_term.strip():
            return queryset, False
        from search.backends import admin_matches

        return admin_matches(queryset, search_term), False

    def view_on_site(self, obj):
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if form.cleaned_data.get("significant_update") and can_publish(request.user):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publier maintenant"), permissions=["publish"])
    def publish_now(self, request, queryset):
        done = publishing.publish_now(queryset, user=request.user)
        for article in done:
            self.log_change(request, article, [{"changed": {"fields": ["status", "published_at"]}}])
        scheduled = sum(1 for article in done if article.is_scheduled())
        published = len(done) - scheduled
        self.message_user(
            request,
            ngettext("%d article publié.", "%d articles publiés.", published) % published,
            messages.SUCCESS,
        )
        if scheduled:
            self.message_user(
                request,
                ngettext(
                    "%d article sous embargo programmé à son heure.",
                    "%d articles sous embargo programmés à leur heure.",
                    scheduled,
                )
                % scheduled,
                messages.WARNING,
            )

    @admin.action(description=_("Retirer"), permissions=["publish"])
    def withdraw(self, request, queryset):
        done = publishing.withdraw(queryset, user=request.user)
        for article in done:
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}])
        self.message_user(
            request,
            ngettext("%d article retiré.", "%d articles retirés.", len(done)) % len(done),
            messages.SUCCESS,
        )


class ArticlePartForm(forms.ModelForm):
    """A quote or figure form: once its article is out of draft, only editors may change it."""

    user = None

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if article and article.status != Article.Status.DRAFT and self.user and not can_publish(self.user):
            raise forms.ValidationError(
                _("Seul un éditeur peut modifier un article publié ou retiré."), code="editor_only"
            )
        return cleaned


class FormWithUserMixin:
    """Give the admin form the user who fills it in."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})


@admin.register(CasualtyFigure)
class CasualtyFigureAdmin(FormWithUserMixin, admin.ModelAdmin):
    """Figures are edited in their article; this page serves "Nouveau bilan"."""

    form = ArticlePartForm
    list_display = ["__str__", "article", "reported_at"]
    list_filter = ["outcome", "victim_category"]
    search_fields = ["victims", "location", "article__headline"]
    autocomplete_fields = ["article", "source"]
    raw_id_fields = ["supersedes"]
    list_select_related = ["article", "source"]

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, _("Nouveau bilan enregistré : %s.") % obj.sentence(), messages.SUCCESS)
        return redirect("admin:articles_article_change", obj.article_id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        article = obj.article
        if article.status == Article.Status.PUBLISHED:
            # A new toll is a significant update readers must see.
            publishing.mark_updated(article, user=request.user)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "organisation", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "role", "organisation"]
    prepopulated_fields = {"slug": ["name", "role"]}


@admin.register(Quote)
class QuoteAdmin(FormWithUserMixin, admin.ModelAdmin):
    form = ArticlePartForm
    list_display = ["__str__", "source", "article", "featured"]
    list_filter = ["featured"]
    search_fields = ["text", "context", "source__name", "source__role", "article__headline"]
    autocomplete_fields = ["article", "source"]
    list_select_related = ["article", "source"]
