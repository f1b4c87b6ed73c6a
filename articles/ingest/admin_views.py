"""The admin page "Importer des dépêches": upload wire files; the worker imports them, the page follows it."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, PendingAgencyVersion
from articles.roles import PUBLISH_PERMISSION

from . import versions
from .runs import ImportRun
from .tasks import queue_import


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data or None, initial)]


class IngestForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Fichiers"),
        help_text=gettext_lazy(
            "ninjs (JSON), NewsML-G2, NewsML 1.2 ou NITF (XML), un ou plusieurs fichiers ; le format est reconnu seul."
        ),
    )
    language = forms.RegexField(
        label=gettext_lazy("Langue par défaut"),
        regex=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        max_length=10,
        required=False,
        strip=True,
        help_text=gettext_lazy(
            "Langue des dépêches qui n'en indiquent aucune et dont le texte ne permet pas de la reconnaître, "
            "par ex. en pour un fil anglais."
        ),
        error_messages={"invalid": gettext_lazy("Code de langue invalide : fr, en, sv ou en-GB, par exemple.")},
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publier les nouvelles dépêches"),
        required=False,
        help_text=gettext_lazy("Sinon elles arrivent en brouillon. Les embargos sont toujours respectés."),
    )
    record_tolls = forms.BooleanField(
        label=gettext_lazy("Relever les bilans de la copie d'agence"),
        required=False,
        help_text=gettext_lazy(
            "Les bilans sourcés de la copie non modifiée sont enregistrés aussitôt, datés de l'heure de l'agence, "
            "et attendent la vérification d'un éditeur. Sinon l'assistant les suggère."
        ),
    )


def ingest_urls(model_admin):
    """Return the URL patterns of the upload page, to put before the ModelAdmin's own."""
    view = model_admin.admin_site.admin_view(lambda request: ingest_view(request, model_admin))
    pending = model_admin.admin_site.admin_view(
        lambda request, object_id: agency_version_view(request, model_admin, object_id)
    )
    run = model_admin.admin_site.admin_view(lambda request, run_id: ingest_run_view(request, model_admin, run_id))
    return [
        path("importer/", view, name="articles_article_ingest"),
        path("importer/<int:run_id>/", run, name="articles_article_ingest_run"),
        path("<path:object_id>/version-agence/", pending, name="articles_article_agency_version"),
    ]


def ingest_view(request, model_admin):
    """Show the upload form; on POST queue the files' import and show its page (the worker imports them)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = IngestForm(request.POST, request.FILES) if request.method == "POST" else IngestForm()
    if form.is_bound and form.is_valid():
        run = queue_import(
            form.cleaned_data["files"],
            user=request.user,
            publish=form.cleaned_data["publish"] and request.user.has_perm(PUBLISH_PERMISSION),
            language=form.cleaned_data["language"],
            record_tolls=form.cleaned_data["record_tolls"],
        )
        return redirect(run)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Importer des dépêches"),
        "form": form,
        "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
    }
    return TemplateResponse(request, "admin/articles/article/ingest.html", context)


def ingest_run_view(request, model_admin, run_id):
    """Show an upload's import: waiting or under way (the page reloads itself), then its report as messages."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or not (run.user_id == request.user.pk or request.user.is_superuser):
        raise Http404(_("Import introuvable."))
    if run.is_finished:
        for level, text in run.messages:
            messages.add_message(request, level, text)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import de dépêches"),
        "run": run,
    }
    return TemplateResponse(request, "admin/articles/article/ingest_run.html", context)


class AgencyVersionForm(forms.Form):
    """Take or leave a pending version; ``pending`` names the one the editor read."""

    pending = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("take", "take"), ("leave", "leave")])


def agency_version_view(request, model_admin, object_id):
    """Show the article's pending agency version field by field; on POST take it or leave it.

    Taking it rewrites the story: only editors may. Leaving it changes no text:
    whoever may change the article may. A decision about a version that is no
    longer the pending one (a newer one came, another editor decided) changes
    nothing and says so.
    """
    try:
        article = Article.objects.get(pk=unquote(object_id))
    except (Article.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Article introuvable.")) from None
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    change_url = f"admin:{article._meta.app_label}_{article._meta.model_name}_change"
    pending = PendingAgencyVersion.objects.filter(article=article).select_related("article", "received_by").first()
    may_take = request.user.has_perm(PUBLISH_PERMISSION)
    may_leave = model_admin.has_change_permission(request, article)
    if request.method == "POST":
        form = AgencyVersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Décision illisible : rien n'a été changé."))
        elif pending is None or form.cleaned_data["pending"] != pending.pk:
            messages.warning(
                request,
                _(
                    "Cette version d'agence n'est plus en attente (une autre est arrivée, "
                    "ou un éditeur a déjà décidé) : rien n'a été changé."
                ),
            )
        elif form.cleaned_data["decision"] == "take":
            if not may_take:
                raise PermissionDenied
            changed = versions.take(pending, user=request.user)
            messages.success(
                request,
                _("Version d'agence reprise : %(count)d champ(s) mis à jour.") % {"count": len(changed)},
            )
            return redirect(change_url, article.pk)
        else:
            if not may_leave:
                raise PermissionDenied
            versions.leave(pending, user=request.user)
            messages.success(request, _("Version d'agence écartée : l'article reste tel que la rédaction l'a modifié."))
            return redirect(change_url, article.pk)
        return redirect("admin:articles_article_agency_version", article.pk)
    if pending is None:
        messages.info(request, _("Aucune version d'agence en attente pour cet article."))
        return redirect(change_url, article.pk)
    from articles.admin import body_diff

    rows = [
        {"change": change, "lines": body_diff(change.current, change.proposed) if change.is_html else None}
        for change in versions.changes(pending)
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": _("Version d'agence en attente"),
        "pending": pending,
        "rows": rows,
        "may_take": may_take,
        "may_leave": may_leave,
    }
    return TemplateResponse(request, "admin/articles/article/agency_version.html", context)
