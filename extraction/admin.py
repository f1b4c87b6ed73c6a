"""Editors review each suggestion: accept it (through the desk's own quote or toll form) or dismiss it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from articles import tolls
from articles.admin import figure_choice_label, revisable_figures
from articles.forms import CasualtyFigureForm, QuoteForm
from articles.models import CasualtyFigure, Quote

from . import suggest
from .models import Suggestion

QUOTE_OPENERS = " «“\"'\u00a0\u202f"
QUOTE_CLOSERS = " »”\"'\u00a0\u202f,"


def may_review(user):
    """Whoever may add a quote or a toll to an article reviews its suggestions (the groups are the desk's)."""
    return user.has_perm("articles.add_quote") or user.has_perm("articles.add_casualtyfigure")


def review_link(suggestion):
    url = reverse("admin:extraction_suggestion_review", args=[suggestion.pk])
    return format_html('<a href="{}">{}</a>', url, gettext("Examiner"))


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "review", "kind", "status", "article", "source"]
    list_filter = ["status", "kind"]
    search_fields = ["text", "speaker", "victims", "article__headline"]
    list_select_related = ["article", "source"]
    readonly_fields = [field.name for field in Suggestion._meta.fields]

    class Media:
        # The list's columns share the screen: "Examiner" stays in view at 1280 px.
        css = {"all": ["admin-newsdesk/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return may_review(request.user)

    def has_module_permission(self, request):
        return may_review(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # decided on the review page, through the quote and toll forms

    @admin.display(description="")
    def review(self, suggestion):
        return review_link(suggestion) if suggestion.status == Suggestion.Status.PENDING else ""

    def lookup_allowed(self, lookup, value, request=None):
        # The article form's "Suggestions" link lists one article's.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    def get_urls(self):
        review = path(
            "<int:pk>/review/", self.admin_site.admin_view(self.review_view), name="extraction_suggestion_review"
        )
        return [review, *super().get_urls()]

    def review_view(self, request, pk):
        suggestion = get_object_or_404(Suggestion.objects.select_related("article", "source"), pk=pk)
        article = suggestion.article
        is_quote = suggestion.kind == Suggestion.Kind.QUOTE
        model = "quote" if is_quote else "casualtyfigure"
        if not request.user.has_perm(f"articles.add_{model}"):
            raise PermissionDenied
        back = reverse("admin:articles_article_change", args=[article.pk])
        remaining = (
            f"{reverse('admin:extraction_suggestion_changelist')}?article__id__exact={article.pk}&status__exact=pending"
        )
        if suggestion.status != Suggestion.Status.PENDING:
            self.message_user(request, gettext("Cette suggestion a déjà été traitée."), messages.WARNING)
            return redirect(back)
        may_dismiss = article.may_be_changed_by(request.user)
        if request.method == "POST" and "_dismiss" in request.POST:
            if not may_dismiss:
                # Dismissing would hide a new toll or quote from the editors' queue.
                raise PermissionDenied
            suggest.dismiss(suggestion, user=request.user)
            self.message_user(request, gettext("Suggestion écartée."), messages.SUCCESS)
            return redirect(remaining if article.suggestions.pending().exists() else back)
        form = review_form(suggestion, user=request.user, data=request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            created = suggest.accept(suggestion, form, user=request.user)
            self.message_user(request, gettext("Suggestion acceptée : %s") % created, messages.SUCCESS)
            return redirect(remaining if article.suggestions.pending().exists() else back)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Examiner la suggestion"),
            "suggestion": suggestion,
            "article": article,
            "form": form,
            "may_dismiss": may_dismiss,
            "back": back,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/extraction/suggestion/review.html", context)


def review_form(suggestion, *, user, data=None):
    """Return the desk's own quote or toll form for ``suggestion``, bound to ``data`` when given.

    Its rules hold (a reporter cannot add to a published article, a
    published toll names its source). The article is the suggestion's,
    whatever was posted; the source is picked with the admin's autocomplete.
    """
    is_quote = suggestion.kind == Suggestion.Kind.QUOTE
    base = QuoteForm if is_quote else CasualtyFigureForm
    form_class = type(base.__name__, (base,), {"user": user})
    if data is not None:
        data = data.copy()
        data["article"] = str(suggestion.article_id)
        form = form_class(data)
    else:
        form = form_class(initial=initial_values(suggestion))
    form.fields["article"].widget = forms.HiddenInput()
    model = Quote if is_quote else CasualtyFigure
    source = form.fields["source"]
    relation = model._meta.get_field("source").remote_field
    picker = AutocompleteSelect(relation.field, admin.site)
    picker.choices = source.choices  # what ModelChoiceField gives the widget it was made with
    # The admin's "+": a source the copy names and the desk lacks is created in a pop-up, then picked.
    source.widget = RelatedFieldWidgetWrapper(
        picker, relation, admin.site, can_add_related=user.has_perm("articles.add_source"),
        can_change_related=False, can_delete_related=False, can_view_related=False,
    )  # fmt: skip
    if not is_quote:
        supersedes = form.fields["supersedes"]
        supersedes.queryset = revisable_figures(suggestion.article)
        supersedes.label_from_instance = lambda figure: figure_choice_label(figure, suggestion.article)
    return form


def initial_values(suggestion, standing=None):
    """Return the quote or toll form's initial data from ``suggestion`` and its dispatch.

    A toll revises the story's current figure of the same outcome and victims
    (among ``standing``, the story's current figures, read when not given) and
    is dated by the agency's time of the dispatch's version.
    """
    values = {"article": suggestion.article_id, "source": suggestion.source_id}
    if suggestion.kind == Suggestion.Kind.QUOTE:
        return {**values, "text": suggestion.text, "context": quote_context(suggestion)}
    article = suggestion.article
    when = article.agency_time or suggestion.created_at
    qualifier = suggestion.qualifier or CasualtyFigure.Qualifier.EXACT
    figures = {"count": suggestion.count, "count_max": suggestion.count_max, "qualifier": qualifier}
    # A new count of the same victims revises the story's current toll ("Nouveau bilan"), never a newer one.
    standing = article.standing_figures() if standing is None else standing
    revised = tolls.figure_to_revise(standing, outcome=suggestion.outcome, victims=suggestion.victims)
    values |= {"victim_category": tolls.victim_category(suggestion.victims)}
    if revised is not None and not tolls.revision_problem(revised, **figures, reported_at=when):
        values |= revised.next_figure_initial()
    values["location"] = values.get("location") or article.dateline
    return {
        **values,
        **figures,
        "article": suggestion.article_id,
        "source": suggestion.source_id,
        "outcome": suggestion.outcome,
        "victims": suggestion.victims,
        "reported_at": timezone.localtime(when),
    }


def quote_context(suggestion):
    """Return the words of the sentence around the quote: "a déclaré le ministre turc à Ankara"."""
    sentence = suggestion.sentence
    start = sentence.find(suggestion.text)
    if start < 0:
        return ""
    after = sentence[start + len(suggestion.text) :].lstrip(QUOTE_CLOSERS).rstrip(" .")
    before = sentence[:start].rstrip(QUOTE_OPENERS).rstrip(" :")
    return (after or before)[: Quote._meta.get_field("context").max_length]
