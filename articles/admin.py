"""The editors' admin: write, attribute, publish, revise the toll, withdraw, compare and restore revisions."""

import difflib
from urllib.parse import urlencode

import reversion
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from . import front_admin, publishing, roles, submissions  # noqa: F401 (front_admin registers the sections and the front)
from .forms import (
    COMPARED_FIELDS,
    ArticleAdminForm,
    CasualtyFigureForm,
    CasualtyFigureFormSet,
    QuoteForm,
    WithdrawForm,
    can_publish,
    describe_revisions,
    field_differences,
)
from .html import block_per_line
from .image_admin import image_preview
from .models import Article, CasualtyFigure, Quote, Source, Story
from .restore import restore_needs_an_editor
from .signals import copy_saved

# Revisions: an article's follow its quotes and tolls, so restoring one brings
# them back as they were. The version counter and the computed teaser are not
# content: restoring must never move the counter backwards (cached fragments
# are keyed by it), and the teaser is computed again on save.
reversion.register(Quote)
reversion.register(CasualtyFigure)
reversion.register(Article, follow=["quotes", "casualty_figures"], exclude=["version", "teaser_plain"])

# Editors see the tags under a French heading, not the package's name.
apps.get_app_config("taggit").verbose_name = _("Mots-clés")


class FrenchTitlesMixin:
    """Page titles in correct French ("Ajout d'un article"), which "Ajout de %s" cannot give."""

    add_title = change_title = changelist_title = None

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {"title": self.add_title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, {"title": self.change_title, **(extra_context or {})})

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": self.changelist_title, **(extra_context or {})})


class RestoreRightsMixin:
    """Revision and recovery pages of every model with revisions.

    Before anything is reverted (even to show the form), the user's rights
    are checked against all that the restore would write back: the page's
    own object is only one of the revision's.
    """

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.check_restore_rights(request, version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.check_restore_rights(request, version_id)
        return super().recover_view(request, version_id, extra_context)

    def check_restore_rights(self, request, version_id):
        version = get_object_or_404(Version, pk=version_id)
        if not can_publish(request.user) and restore_needs_an_editor(version.revision):
            raise PermissionDenied


class OneSubmissionMixin:
    """Add pages whose form, posted twice, creates one object (articles/submissions.py).

    The form carries a hidden one-time token. A post whose token already
    created something (the editor resubmits after an answer lost in an
    outage, or clicks twice) is sent to that object with a message.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and not change:
            token = forms.CharField(widget=forms.HiddenInput, required=False, initial=submissions.new_token)
            kwargs["form"] = type(self.form.__name__, (self.form,), {submissions.TOKEN_FIELD: token})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or submissions.TOKEN_FIELD in admin.utils.flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], submissions.TOKEN_FIELD]}), *rest]

    def add_view(self, request, form_url="", extra_context=None):
        token = request.POST.get(submissions.TOKEN_FIELD, "") if request.method == "POST" else ""
        if not token:
            return super().add_view(request, form_url, extra_context)
        with transaction.atomic():
            submission = submissions.earlier_submission(token) or submissions.claim(token, user=request.user)
            if submission is not None and submission.object_id is None:
                request.newsdesk_submission = submission
                response = super().add_view(request, form_url, extra_context)
                if submission.object_id is None:
                    # Nothing saved (the form had errors): the token stays free for the corrected post.
                    transaction.set_rollback(True)
                return response
        return self.response_resubmitted(request, submissions.earlier_submission(token))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        submission = getattr(request, "newsdesk_submission", None)
        if submission is not None and not change:
            submissions.record(submission, obj)

    def response_resubmitted(self, request, earlier):
        """Send a resubmitted form's author to what the first post created, saying nothing was created twice."""
        model = earlier.content_type.model_class() if earlier and earlier.content_type_id else None
        created = model._default_manager.filter(pk=earlier.object_id).first() if model else None
        if created is None:
            self.message_user(
                request, gettext("Ce formulaire avait déjà été envoyé : il n'a pas été enregistré une seconde fois."),
                messages.WARNING,
            )  # fmt: skip
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        self.message_user(
            request,
            gettext("Ce formulaire avait déjà été enregistré : « %s » existe, rien n'a été créé une seconde fois.")
            % created,
            messages.WARNING,
        )
        return redirect(f"admin:{created._meta.app_label}_{created._meta.model_name}_change", created.pk)


class QuoteInline(admin.StackedInline):
    model = Quote
    form = QuoteForm
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("source", "featured", "position"), "text", "context"]


class CasualtyFigureInline(admin.StackedInline):
    model = CasualtyFigure
    form = CasualtyFigureForm
    formset = CasualtyFigureFormSet
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("outcome", "qualifier", "count", "count_max"),
        ("victims", "victims_singular", "victims_feminine", "victim_category"),
        ("country", "location", "occurred_on"),
        ("source", "reported_at"),
        "supersedes",
        ("from_wire", "awaiting_review"),
        "new_toll",
    ]
    # Whether the ingest read the toll in the agency's copy is a fact, not a choice.
    readonly_fields = ["new_toll", "from_wire"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A toll revises one of its own article's tolls or, in a story, one of
        # an earlier dispatch's: offer those, by their wording, instead of a raw id.
        field = formset.form.base_fields["supersedes"]
        field.queryset = revisable_figures(obj)
        field.label_from_instance = lambda figure: figure_choice_label(figure, obj)
        # Nor is a toll added or edited from there in a pop-up.
        field.widget.can_add_related = field.widget.can_change_related = field.widget.can_view_related = False
        return formset

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


def toll_gate_errors(inline_admin_formsets):
    """Return the attribution gate's messages (headline number against the current toll), shown atop the form."""
    return [
        message
        for inline in inline_admin_formsets
        if isinstance(inline.opts, CasualtyFigureInline)
        for error in inline.formset.non_form_errors().as_data()
        if error.code == "headline_toll"
        for message in error.messages
    ]


# Beyond this many editors, the notice names the group only.
EDITORS_NAMED = 5


def read_only_reason(article):
    """Return (why the form is read-only, who may change it) for an article out of draft."""
    why = gettext("%(status)s : seuls les éditeurs peuvent le modifier.") % {
        "status": article.get_status_display().capitalize()
    }
    editors = list(
        get_user_model().objects.filter(groups__name=roles.EDITORS, is_active=True).order_by("last_name", "username")
    )
    names = ", ".join(user.get_full_name() or user.get_username() for user in editors)
    if editors and len(editors) <= EDITORS_NAMED:
        who = gettext("Peuvent le modifier : le groupe « %(group)s » (%(names)s).") % {
            "group": roles.EDITORS,
            "names": names,
        }
    else:
        who = gettext("Peuvent le modifier : les membres du groupe « %(group)s ».") % {"group": roles.EDITORS}
    return why, who


def revisable_figures(article):
    """Return the tolls a new toll of ``article`` may revise: its own, and those of its story's other dispatches."""
    if article is None or article.pk is None:
        return CasualtyFigure.objects.none()
    mine = Q(article=article)
    if article.story_id:
        mine |= Q(article__story_id=article.story_id)
    return CasualtyFigure.objects.filter(mine).select_related("source", "article").order_by("-reported_at", "-pk")


def figure_choice_label(figure, article):
    """A toll as an editor picks it: its wording, and the dispatch it comes from when not ``article``."""
    if figure.article_id == getattr(article, "pk", None):
        return figure.sentence()
    return f"{figure.sentence()} — {figure.article.headline}"


def new_toll_url(figure):
    """Return the admin URL of a new figure prefilled to supersede ``figure``."""
    initial = {key: value for key, value in figure.next_figure_initial().items() if value not in (None, "")}
    initial["victims_feminine"] = "1" if figure.victims_feminine else ""
    return reverse("admin:articles_casualtyfigure_add") + "?" + urlencode(initial)


@admin.register(Article)
class ArticleAdmin(FrenchTitlesMixin, RestoreRightsMixin, OneSubmissionMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = [QuoteInline, CasualtyFigureInline]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["story", "image"]
    list_display = ["headline", "status", "published_at", "urgency", "updated_at", "is_published", "agency"]
    list_filter = ["status", "section", "tags", "published_at", "urgency", "agency"]
    list_select_related = False
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "published_at"
    save_on_top = True
    actions = ["publish_now", "withdraw"]
    readonly_fields = [
        "image_preview",
        "wire_photos",
        "wire_id",
        "wire_version",
        "wire_first_created",
        "wire_version_created",
        "created_by",
        "updated_by",
        "created",
        "modified",
    ]
    add_title = _("Ajout d'un article")
    change_title = _("Modification de l'article")
    changelist_title = _("Articles")
    object_history_template = "admin/articles/article/object_history.html"
    # The desk's own list ("Importer des dépêches"), not reversion's: articles
    # are withdrawn, not deleted, so there is nothing to recover from there.
    change_list_template = "admin/articles/article/change_list.html"
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
                    ("section", "tags"),
                    "story",
                    ("image", "image_preview"),
                    "wire_photos",
                    "loaded_version",
                    "loaded_revision",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    ("status", "urgency"),
                    ("published_at", "updated_at"),
                    "significant_update",
                    "withdrawal_reason",
                    "toll_note",
                    "correction",
                ]
            },
        ),
        (
            _("Fil et historique"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("wire_id", "wire_version"),
                    ("wire_first_created", "wire_version_created"),
                    ("created_by", "updated_by"),
                    ("created", "modified"),
                ],
            },
        ),
    ]
    # The publication fields that only editors see.
    EDITOR_FIELDS = {"significant_update", "withdrawal_reason", "toll_note"}

    class Media:
        css = {"all": ["admin-newsdesk/admin.css"]}
        js = ["admin/js/jquery.init.js", "admin-newsdesk/autocomplete-guard.js"]

    @admin.display(description=_("aperçu"))
    def image_preview(self, obj):
        return image_preview(obj.image if obj else None)

    @admin.display(description=_("photos du fil"))
    def wire_photos(self, obj):
        photos = (
            sorted(obj.wire_images.all(), key=lambda image: (image.pk != obj.image_id, image.pk))
            if obj and obj.pk
            else []
        )
        return render_to_string(
            "admin/images/wire_photos.html", {"photos": photos, "chosen": obj.image_id if obj else None}
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # Reporters write drafts: the publication fields are the editors'.
            fields += ["status", "published_at", "updated_at"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set() if can_publish(request.user) else set(self.EDITOR_FIELDS)
        if obj is None:
            hidden |= {"loaded_version", "loaded_revision"}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST":
            # Two saves of one article queue here, so the second one checks
            # its form against the first one's version, not the one before.
            queryset = self.get_queryset(request).select_for_update(of=("self",))
            try:
                return queryset.get(pk=unquote(object_id))
            except (Article.DoesNotExist, ValueError):
                return None
        return super().get_object(request, object_id, from_field)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        current = getattr(request, "newsdesk_version_before_restore", None) or obj.version
        return type(
            form.__name__,
            (form,),
            {
                "current_version": current,
                "latest_revision": latest_revision_id(obj),
                "describe_changes": staticmethod(lambda seen: changes_since(obj, seen)),
            },
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["toll_gate_errors"] = toll_gate_errors(context.get("inline_admin_formsets", []))
        if obj is not None and not obj.may_be_changed_by(request.user):
            context["read_only_reason"] = read_only_reason(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CasualtyFigureInline) and request.method == "POST" and can_publish(request.user):
            kwargs["toll_note"] = request.POST.get("toll_note", "")
        return kwargs

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.may_be_changed_by(request.user))

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

        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return ingest_urls(self) + [compare] + super().get_urls()

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
        for notice in form.notices:
            self.message_user(request, notice, messages.WARNING)
        # The withdrawal reason and the toll note go into the revision's comment.
        notes = []
        for label, name in (
            (gettext("Motif du retrait"), "withdrawal_reason"),
            (gettext("Note sur le bilan"), "toll_note"),
        ):
            text = form.cleaned_data.get(name, "").strip()
            if text:
                notes.append(f"{label} : {text}")
        request.newsdesk_comment = notes

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Assistants (extraction's suggestions) queue their work with the edit; none runs in this request.
        copy_saved.send(sender=type(form.instance), article_ids=[form.instance.pk])

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        notes = getattr(request, "newsdesk_comment", [])
        if notes and reversion.is_active():
            reversion.set_comment(" ".join([entry.get_change_message(), *notes]).strip())
        return entry

    # Actions ---------------------------------------------------------------

    @admin.action(description=_("Publier maintenant"), permissions=["publish"])
    def publish_now(self, request, queryset):
        blocked = list(publishing.unattributed(queryset))
        undescribed = list(publishing.missing_alt_text(queryset.exclude(pk__in=[a.pk for a in blocked])))
        blocked += undescribed
        disagreeing = [
            article
            for article in queryset.exclude(pk__in=[a.pk for a in blocked])
            if publishing.headline_toll_mismatch(article.headline, article.current_tolls())
        ]
        for article in blocked:
            reason = (
                gettext("« %s » n'est pas publié : sa photo n'a pas de texte alternatif.")
                if article in undescribed
                else gettext("« %s » n'est pas publié : un de ses bilans ne cite pas de source.")
            )
            self.message_user(request, reason % article.headline, messages.ERROR)
        for article in disagreeing:
            self.message_user(
                request,
                gettext(
                    "« %s » n'est pas publié : le nombre du titre diffère du bilan actuel. Publiez-le depuis son "
                    "formulaire, avec une note si l'écart est voulu."
                )
                % article.headline,
                messages.ERROR,
            )
        queryset = queryset.exclude(pk__in=[a.pk for a in [*blocked, *disagreeing]])
        with reversion.create_revision():
            reversion.set_user(request.user)
            done = publishing.publish_now(queryset, user=request.user)
            for article in done:
                reversion.add_to_revision(article)
                self.log_change(request, article, [{"changed": {"fields": ["status", "published_at"]}}])
        scheduled = sum(1 for article in done if article.is_scheduled())
        published = len(done) - scheduled
        self.message_user(
            request,
            ngettext("%d article publié.", "%d articles publiés.", published) % published,
            messages.SUCCESS if published or not (blocked or disagreeing) else messages.WARNING,
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
        """Ask for confirmation and a reason, then withdraw: readers lose the articles at once."""
        form = WithdrawForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            done = publishing.withdraw_with_reason(queryset, user=request.user, reason=reason)
            for article in done:
                self.log_change(request, article, gettext("Retiré. Motif : %s") % reason)
            self.message_user(
                request,
                ngettext("%d article retiré.", "%d articles retirés.", len(done)) % len(done),
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/article/withdraw_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Retirer des articles"),
                "opts": self.model._meta,
                "articles": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # Revisions -------------------------------------------------------------

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring rewrites the article as it was: an editor's decision,
        # whatever the article's status.
        if not can_publish(request.user):
            raise PermissionDenied
        # The form is checked against the version before the revert, which the
        # revert (quotes and tolls saved again) moves on by itself.
        request.newsdesk_version_before_restore = (
            Article.objects.filter(pk=unquote(object_id)).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = Version.objects.get_for_object(article) if article else Version.objects.none()
        context = {
            "compare_url": reverse("admin:articles_article_compare", args=[object_id]),
            # The revisions newest first, each with its id to tick for a comparison.
            "action_list": [
                {
                    "revision": version.revision,
                    "version_id": version.pk,
                    "url": reverse("admin:articles_article_revision", args=[article.pk, version.pk]),
                }
                for version in versions.select_related("revision", "revision__user")
            ],
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def compare_view(self, request, object_id):
        """Show what changed between two revisions of an article: fields, body line by line, quotes and tolls."""
        article = get_object_or_404(Article, pk=unquote(object_id)) if str(object_id).isdigit() else None
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision", "revision__user")
        chosen = sorted(
            (v for v in versions if str(v.pk) in request.GET.getlist("version")),
            key=lambda v: v.revision.date_created,
        )
        if len(chosen) != 2:
            self.message_user(request, gettext("Choisissez deux révisions à comparer."), messages.WARNING)
            return redirect("admin:articles_article_history", article.pk)
        older, newer = chosen
        old_fields, new_fields = older.field_dict, newer.field_dict
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Comparer deux révisions"),
            "subtitle": str(article),
            "opts": self.model._meta,
            "original": article,
            "older": older,
            "newer": newer,
            # The body has its own line-by-line diff below.
            "differences": field_differences(
                Article, old_fields, new_fields, [name for name in COMPARED_FIELDS if name != "body"]
            ),
            "body_lines": body_diff(old_fields.get("body", ""), new_fields.get("body", "")),
            "parts": part_differences(older.revision, newer.revision),
            "can_restore": can_publish(request.user) and self.has_change_permission(request, article),
            "restore_url": reverse("admin:articles_article_revision", args=[article.pk, older.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


def body_diff(old, new):
    """Return the body's lines as (kind, text): "same", "removed" or "added", one block a line."""
    old_lines = block_per_line(old or "").splitlines()
    new_lines = block_per_line(new or "").splitlines()
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [("same", line) for line in old_lines[i1:i2]]
            continue
        lines += [("removed", line) for line in old_lines[i1:i2]]
        lines += [("added", line) for line in new_lines[j1:j2]]
    return lines


def part_differences(older, newer):
    """Return the quotes and tolls that one revision has and the other has not, as (kind, label, text)."""

    def parts(revision):
        return {
            (v.content_type.model_class(), v.object_repr)
            for v in revision.version_set.select_related("content_type")
            if v.content_type.model_class() in (Quote, CasualtyFigure)
        }

    before, after = parts(older), parts(newer)
    label = {Quote: Quote._meta.verbose_name, CasualtyFigure: CasualtyFigure._meta.verbose_name}
    removed = [("removed", label[model], text) for model, text in sorted(before - after, key=str)]
    added = [("added", label[model], text) for model, text in sorted(after - before, key=str)]
    return removed + added


def changes_since(article, loaded_revision):
    """Return, for a stale form, who changed the article since it was shown and which fields differ now.

    ``loaded_revision`` is the id of the article's latest revision when the
    form was shown (0 if it had none).
    """
    versions = Version.objects.get_for_object(article).select_related("revision", "revision__user")
    newer = [v for v in versions if v.pk > (loaded_revision or 0)]
    seen = next((v for v in versions if v.pk == loaded_revision), None)
    parts = []
    if newer:
        parts.append(gettext("Modifié par %s.") % describe_revisions(v.revision for v in reversed(newer)))
    if seen is not None:
        current = {
            name: getattr(article, name) for name in ("headline", "standfirst", "status", "urgency", "correction")
        }
        current["body"] = Article.objects.filter(pk=article.pk).values_list("body", flat=True).first()
        old = {name: value for name, value in seen.field_dict.items() if name in current}
        labels = [str(label) for label, _before, _after in field_differences(Article, old, current)]
        if labels:
            parts.append(gettext("Champs changés depuis : %s.") % ", ".join(labels))
    return " ".join(parts)


def latest_revision_id(article):
    """Return the id of the article's latest revision, 0 when it has none."""
    return Version.objects.get_for_object(article).values_list("pk", flat=True).first() or 0


class ArticlePartAdmin(FrenchTitlesMixin, RestoreRightsMixin, OneSubmissionMixin, VersionAdmin):
    """A quote's or toll's own pages: only editors touch those of an article out of draft."""

    class Media:
        js = ["admin/js/jquery.init.js", "admin-newsdesk/autocomplete-guard.js"]

    def get_form(self, request, obj=None, **kwargs):
        # The form checks the user's rights against the row's article(s).
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.article.may_be_changed_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.article.may_be_changed_by(request.user))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The article's history shows the change too.
        if reversion.is_active():
            reversion.add_to_revision(obj.article)


@admin.register(CasualtyFigure)
class CasualtyFigureAdmin(ArticlePartAdmin):
    """Figures are edited in their article; this page serves "Nouveau bilan"."""

    form = CasualtyFigureForm
    list_display = ["__str__", "article", "reported_at"]
    list_filter = ["outcome", "victim_category"]
    search_fields = ["victims", "location", "article__headline"]
    autocomplete_fields = ["article", "source", "supersedes"]
    list_select_related = ["article", "source"]
    add_title = _("Ajout d'un bilan")
    change_title = _("Modification du bilan")
    changelist_title = _("Bilans")

    def add_view(self, request, form_url="", extra_context=None):
        revised = request.POST.get("supersedes", "") if request.method == "POST" else ""
        if not (revised.isdigit() and int(revised) < 2**63):
            return super().add_view(request, form_url, extra_context)
        with transaction.atomic():
            # Two editors revising one toll queue here: the second's form then
            # sees the first's new toll, and is refused rather than fail.
            CasualtyFigure.objects.select_for_update().filter(pk=int(revised)).first()
            return super().add_view(request, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, _("Nouveau bilan enregistré : %s.") % obj.sentence(), messages.SUCCESS)
        wrong = publishing.headline_toll_mismatch(obj.article.headline, obj.article.current_tolls())
        if wrong and obj.article.status == Article.Status.PUBLISHED:
            self.message_user(
                request,
                _("Le titre annonce encore %(numbers)s : corrigez-le, le bilan actuel dit %(toll)s.")
                % {"numbers": ", ".join(map(str, wrong)), "toll": obj.phrase()},
                messages.WARNING,
            )
        return redirect("admin:articles_article_change", obj.article_id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        article = obj.article
        if article.status == Article.Status.PUBLISHED:
            # A new toll is a significant update readers must see.
            publishing.mark_updated(article, user=request.user)


@admin.register(Source)
class SourceAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "organisation", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "role", "organisation"]
    prepopulated_fields = {"slug": ["name", "role"]}
    add_title = _("Ajout d'une source")
    change_title = _("Modification de la source")
    changelist_title = _("Sources")

    def has_change_permission(self, request, obj=None):
        # Renaming a source rewrites every published attribution to it.
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and not can_publish(request.user):
            return not Article.objects.citing(obj).exclude(status=Article.Status.DRAFT).exists()
        return allowed


@admin.register(Story)
class StoryAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "created"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    add_title = _("Ajout d'un dossier")
    change_title = _("Modification du dossier")
    changelist_title = _("Dossiers")


@admin.register(Quote)
class QuoteAdmin(ArticlePartAdmin):
    form = QuoteForm
    list_display = ["__str__", "source", "article", "featured"]
    list_filter = ["featured"]
    search_fields = ["text", "context", "source__name", "source__role", "article__headline"]
    autocomplete_fields = ["article", "source"]
    list_select_related = ["article", "source"]
    add_title = _("Ajout d'une citation")
    change_title = _("Modification de la citation")
    changelist_title = _("Citations")


try:
    admin.site.unregister(Tag)
except admin.exceptions.NotRegistered:
    pass


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
