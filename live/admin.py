"""The desk's live pages: coverages (editors open and close them), the posting page, entries with history, alerts."""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.admin import FrenchTitlesMixin, RestoreRightsMixin
from articles.forms import can_publish
from articles.models import Article
from articles.views import MAX_PK

from .forms import EntryForm
from .models import BreakingAlert, LiveCoverage, LiveEntry
from .posting import post_entry
from .restore import may_restore

reversion.register(LiveCoverage)
reversion.register(LiveEntry)

# Dispatches offered for one-click posting on the coverage's page.
RECENT_DISPATCHES = 8
RECENT_ENTRIES = 10


class EditorsOnlyMixin:
    """Only editors add, change and delete; others may look."""

    def has_add_permission(self, request):
        return can_publish(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_delete_permission(request, obj)


class LiveRestoreRightsMixin(RestoreRightsMixin):
    """The desk's rights check on revisions (articles.admin), plus the coverages a revision would change."""

    def check_restore_rights(self, request, version_id):
        super().check_restore_rights(request, version_id)
        version = get_object_or_404(Version, pk=version_id)
        if not may_restore(request.user, version.revision):
            raise PermissionDenied


@admin.register(LiveCoverage)
class LiveCoverageAdmin(FrenchTitlesMixin, EditorsOnlyMixin, LiveRestoreRightsMixin, VersionAdmin):
    list_display = ["title", "status", "started_at", "opened_to_reporters", "post_link"]
    list_filter = ["status", "opened_to_reporters"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["story"]
    fields = ["title", "slug", "story", "status", "summary", "opened_to_reporters", "started_at", "ended_at"]
    readonly_fields = ["started_at", "ended_at"]
    add_title = gettext_lazy("Ouverture d'une couverture en direct")
    change_title = gettext_lazy("Modification de la couverture en direct")
    changelist_title = gettext_lazy("Couvertures en direct")

    @admin.display(description=gettext_lazy("Publier"))
    def post_link(self, coverage):
        url = reverse("admin:live_livecoverage_post", args=[coverage.pk])
        return format_html('<a href="{}">{}</a>', url, _("Publier une entrée"))

    def get_urls(self):
        post = self.admin_site.admin_view(self.post_view)
        return [path("<int:pk>/publier/", post, name="live_livecoverage_post"), *super().get_urls()]

    def post_view(self, request, pk):
        """The compact posting page: one form, the latest entries, the latest dispatches to post in one click."""
        coverage = get_object_or_404(LiveCoverage.objects.select_related("story"), pk=pk)
        if not coverage.may_be_posted_to_by(request.user):
            raise PermissionDenied
        form = EntryForm(request.POST or None, coverage=coverage)
        if request.method == "POST":
            done = self.post_dispatch(request, coverage) if "article" in request.POST else self.post_form(request, form)
            if done:
                return redirect("admin:live_livecoverage_post", pk=coverage.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publier dans « %(title)s »") % {"title": coverage.title},
            "coverage": coverage,
            "form": form,
            "media": self.media + form.media,
            "entries": coverage.entries.newest_first().select_related("author")[:RECENT_ENTRIES],
            "dispatches": recent_dispatches(coverage),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/live/post_form.html", context)

    def post_form(self, request, form):
        if not form.is_valid():
            return False
        post_entry(coverage=form.instance.coverage, author=request.user, **form.cleaned_data)
        messages.success(request, _("Entrée publiée."))
        return True

    def post_dispatch(self, request, coverage):
        """Post a published dispatch or flash as an entry, in one click."""
        chosen = request.POST["article"]
        valid = chosen.isdigit() and int(chosen) <= MAX_PK
        article = Article.objects.published().filter(pk=int(chosen)).first() if valid else None
        if article is None:
            messages.error(request, _("Cette dépêche n'est pas publiée."))
            return True
        try:
            post_entry(coverage=coverage, author=request.user, article=article, is_key_event=article.is_urgent)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Dépêche reprise dans le direct : %(headline)s") % {"headline": article.headline}
            )
        return True


def recent_dispatches(coverage):
    """The dispatches offered on the posting page: the story's first, then the newest published."""
    published = Article.objects.published().newest_first().only("pk", "headline", "urgency", "published_at")
    if coverage.story_id:
        of_story = list(published.filter(story_id=coverage.story_id)[:RECENT_DISPATCHES])
        others = list(published.exclude(story_id=coverage.story_id)[: RECENT_DISPATCHES - len(of_story)])
        return of_story + others
    return list(published[:RECENT_DISPATCHES])


@admin.register(LiveEntry)
class LiveEntryAdmin(FrenchTitlesMixin, LiveRestoreRightsMixin, VersionAdmin):
    """An entry's own page: edit with a correction note, delete, compare and restore its revisions."""

    list_display = ["__str__", "coverage", "posted_at", "is_key_event", "author"]
    list_filter = ["is_key_event", "coverage"]
    list_select_related = ["coverage", "author"]
    autocomplete_fields = ["quote_source", "image", "article"]
    fields = [
        "coverage",
        "text",
        "is_key_event",
        "toll",
        "quote_text",
        "quote_source",
        "image",
        "article",
        "correction",
    ]
    change_title = gettext_lazy("Modification de l'entrée")
    changelist_title = gettext_lazy("Entrées en direct")

    def get_readonly_fields(self, request, obj=None):
        return ["coverage"] if obj else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "toll" in form.base_fields:
            # Only the tolls of the entry's story are offered (and allowed, by the model's clean()).
            form.base_fields["toll"].queryset = obj.coverage.story_figures().select_related("source")
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "coverage":
            allowed = [c.pk for c in LiveCoverage.objects.all() if c.may_be_posted_to_by(request.user)]
            kwargs["queryset"] = LiveCoverage.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.coverage.may_be_posted_to_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.coverage.may_be_posted_to_by(request.user))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(BreakingAlert)
class BreakingAlertAdmin(FrenchTitlesMixin, EditorsOnlyMixin, admin.ModelAdmin):
    list_display = ["text", "until", "created"]
    autocomplete_fields = ["coverage", "article"]
    fields = ["text", "coverage", "article", "until"]
    add_title = gettext_lazy("Nouvelle alerte")
    change_title = gettext_lazy("Modification de l'alerte")
    changelist_title = gettext_lazy("Alertes")
