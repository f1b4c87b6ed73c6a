"""The admin page "Importer des dépêches": upload wire files, import them with the shared importer."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.roles import PUBLISH_PERMISSION

from .importer import FAILED, MAX_FILE_BYTES, ingest_files
from .item import IngestError

# Beyond this many problems the page would be a wall of messages: the rest are counted.
MAX_MESSAGES = 50


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
            "ninjs (JSON) ou NewsML-G2 (XML), un ou plusieurs fichiers ; le format est reconnu seul."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publier les nouvelles dépêches"),
        required=False,
        help_text=gettext_lazy("Sinon elles arrivent en brouillon. Les embargos sont toujours respectés."),
    )


def ingest_urls(model_admin):
    """Return the URL patterns of the upload page, to put before the ModelAdmin's own."""
    view = model_admin.admin_site.admin_view(lambda request: ingest_view(request, model_admin))
    return [path("importer/", view, name="articles_article_ingest")]


def _uploaded(files):
    """Yield (name, bytes) per uploaded file, an IngestError in place of one too big to read."""
    for upload in files:
        if upload.size > MAX_FILE_BYTES:
            yield upload.name, IngestError(_("fichier trop volumineux"))
        else:
            yield upload.name, upload.read()


def ingest_view(request, model_admin):
    """Show the upload form; on POST import the files and report each problem by file name."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = IngestForm(request.POST, request.FILES) if request.method == "POST" else IngestForm()
    if form.is_bound and form.is_valid():
        publish = form.cleaned_data["publish"] and request.user.has_perm(PUBLISH_PERMISSION)
        report = ingest_files(_uploaded(form.cleaned_data["files"]), user=request.user, publish=publish)
        problems = report.problems
        for result in problems[:MAX_MESSAGES]:
            level = messages.ERROR if result.outcome == FAILED else messages.WARNING
            label = _("échec") if result.outcome == FAILED else _("ignorée")
            messages.add_message(request, level, f"{result.name} : {label} — {result.reason}")
        if len(problems) > MAX_MESSAGES:
            others = {"count": len(problems) - MAX_MESSAGES}
            messages.warning(request, _("… et %(count)d autres dépêches ignorées ou en échec.") % others)
        summary = _("Import terminé : %(summary)s") % {"summary": report.summary()}
        messages.add_message(request, messages.WARNING if report.failed else messages.SUCCESS, summary)
        return redirect("admin:articles_article_ingest")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Importer des dépêches"),
        "form": form,
        "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
    }
    return TemplateResponse(request, "admin/articles/article/ingest.html", context)
