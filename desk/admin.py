"""The queue's page in the admin: listed in the index and the menu, each row's actions posted back to it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from extraction.admin import may_review

from . import decisions
from .models import QueueEntry
from .queue import SOURCES, Queue

PER_PAGE = 25


@admin.register(QueueEntry)
class QueueAdmin(admin.ModelAdmin):
    """ "Fil à vérifier": not a list of one model, the desk's queue across articles (``desk.queue``)."""

    def has_module_permission(self, request):
        return may_review(request.user)

    def has_view_permission(self, request, obj=None):
        return may_review(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        decide = self.admin_site.admin_view(require_POST(self.decide_view))
        return [
            path("", self.admin_site.admin_view(self.changelist_view), name="desk_queueentry_changelist"),
            path("<str:source>/<int:pk>/<str:action>/", decide, name="desk_queue_decide"),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # A page past the end (its last item just decided) shows the last one.
        page = Paginator(Queue(request.user), PER_PAGE).get_page(request.GET.get("page"))
        paginator = page.paginator
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fil à vérifier"),
            "opts": self.model._meta,
            "page": page,
            "items": list(page.object_list),
            "total": paginator.count,
        }
        return TemplateResponse(request, "admin/desk/queue.html", context)

    def decide_view(self, request, source, pk, action):
        """Take one row's action, then go back to the queue's page it was taken from."""
        if source not in SOURCES or not self.has_view_permission(request):
            raise PermissionDenied
        try:
            message = SOURCES[source].decide(pk, action, user=request.user, data=request.POST)
        except decisions.AlreadyDecided:
            self.message_user(
                request, _("Déjà traité (par un autre éditeur ?) : rien n'a été changé."), messages.WARNING
            )
        except ValueError as refusal:
            self.message_user(request, _("Rien n'a été enregistré : %(why)s") % {"why": refusal}, messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:desk_queueentry_changelist")
        return redirect(back)
