"""The editors' forms: clean copy on save, the attribution gate, and no lost work."""

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import publishing
from .french import typography
from .html import (
    block_per_line,
    clean_body,
    compact_blocks,
    has_single_line_breaks,
    looks_like_html,
    map_text,
    paragraphs_from_lines,
)
from .models import Article, CasualtyFigure, Quote
from .roles import PUBLISH_PERMISSION

# The article fields an editor reads in a diff, in the form's order.
COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "byline",
    "dateline",
    "agency",
    "language",
    "status",
    "urgency",
    "published_at",
    "updated_at",
    "correction",
    # Revisions keep the photo's id under its column's name.
    "image_id",
]

LINE_BREAKS_NOTICE = _(
    "Le texte collé avait des retours à la ligne simples : chaque ligne est devenue un paragraphe, "
    "rien n'a été perdu. Vérifiez le découpage."
)

MISSING_ALT_TEXT = _(
    "La photo n'a pas de texte alternatif : décrivez-la (lien « modifier » à côté du champ) avant de publier."
)


def can_publish(user):
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


class BodyWidget(forms.Textarea):
    """The body box: the rich-text editor where scripts run, the HTML one block a line where they do not.

    The editor (django-prose-editor's ProseMirror build) is started by a
    module of ours rather than the package's preset, which needs an inline
    import map and injects a style element: the site's CSP allows neither.
    """

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "admin-newsdesk/body-editor.css",
            ]
        }
        js = [forms.Script("admin-newsdesk/body-editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"rows": 20, "class": "vLargeTextField", "data-body-editor": "", **(attrs or {})})

    def format_value(self, value):
        value = super().format_value(value)
        return block_per_line(value) if value else value


class BodyField(forms.CharField):
    """The body as sanitised HTML; layout whitespace between blocks does not count as a change."""

    widget = BodyWidget

    def has_changed(self, initial, data):
        return compact_blocks(clean_body(initial or "")) != compact_blocks(clean_body(data or ""))


class ArticleAdminForm(forms.ModelForm):
    """The article form: paste-friendly body, French typography, optimistic locking, withdrawal reason."""

    significant_update = forms.BooleanField(
        label=_("Mise à jour importante"),
        required=False,
        help_text=_("Cochez pour afficher « Mis à jour le … » aux lecteurs avec l'heure de cet enregistrement."),
    )
    withdrawal_reason = forms.CharField(
        label=_("Motif du retrait"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour retirer l'article ; il reste dans l'historique des révisions."),
    )
    toll_note = forms.CharField(
        label=_("Note sur le bilan du titre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Si le nombre du titre diffère du bilan actuel à dessein, expliquez pourquoi : la note est gardée "
            "dans l'historique."
        ),
    )
    # The article's version when the form was shown: a save from an older
    # form would silently undo what was saved since.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Its latest revision then, from which the refusal tells what changed.
    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            *COMPARED_FIELDS[:8],
            "section",
            "tags",
            "image",
            "status",
            "urgency",
            "published_at",
            "updated_at",
            "correction",
        ]
        field_classes = {"body": BodyField}
        widgets = {"headline": forms.TextInput(attrs={"class": "vTextField headline-field"}), "body": BodyWidget}

    # Set by the admin: the article's version in the database when the form
    # is checked, and a function describing what changed since a version.
    current_version = None
    latest_revision = 0
    describe_changes = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices = []
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.current_version or self.instance.version
            self.fields["loaded_revision"].initial = self.latest_revision

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        if body and not looks_like_html(body) and has_single_line_breaks(body):
            body = paragraphs_from_lines(body)
            self.notices.append(LINE_BREAKS_NOTICE)
        return compact_blocks(clean_body(body))

    def clean(self):
        cleaned = super().clean()
        self.check_not_stale()
        if cleaned.get("language", "fr").startswith("fr"):
            for name in ("headline", "standfirst"):
                if cleaned.get(name):
                    cleaned[name] = typography(cleaned[name])
            if cleaned.get("body"):
                cleaned["body"] = map_text(cleaned["body"], typography)
        status = cleaned.get("status")
        withdrawing = status == Article.Status.WITHDRAWN and self.initial.get("status") != Article.Status.WITHDRAWN
        publishing_it = (status or self.instance.status) == Article.Status.PUBLISHED
        image = cleaned.get("image")
        if publishing_it and image is not None and not image.alt_text.strip():
            self.add_error("image", MISSING_ALT_TEXT)
        if withdrawing and not cleaned.get("withdrawal_reason", "").strip():
            self.add_error("withdrawal_reason", _("Indiquez pourquoi l'article est retiré : le motif est obligatoire."))
        return cleaned

    def check_not_stale(self):
        if not self.instance.pk or self.current_version is None:
            return
        loaded = self.cleaned_data.get("loaded_version")
        if loaded is None or loaded == self.current_version:
            return
        seen = self.cleaned_data.get("loaded_revision")
        changes = self.describe_changes(seen) if self.describe_changes else ""
        raise forms.ValidationError(
            _(
                "Cet article a été modifié pendant que vous le modifiiez (version %(loaded)s, il en est à la "
                "%(current)s). %(changes)s Vos modifications n'ont pas été enregistrées : ouvrez l'article à "
                "nouveau pour partir de sa dernière version, puis refaites-les."
            ),
            code="stale",
            params={"loaded": loaded, "current": self.current_version, "changes": changes},
        )


class ArticlePartForm(forms.ModelForm):
    """A quote or figure form: once its article is out of draft, only editors may change it.

    Both the article it belongs to and the one it is moved to count: a
    reporter can neither change a published article's quote nor move it off.
    """

    user = None

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            articles = [cleaned.get("article"), self.stored_article()]
            if any(article is not None and not article.may_be_changed_by(self.user) for article in articles):
                raise forms.ValidationError(
                    _("Seul un éditeur peut modifier un article publié ou retiré."), code="editor_only"
                )
        return cleaned

    def stored_article(self):
        """Return the article the row belongs to in the database (None for a new row)."""
        if not self.instance.pk:
            return None
        article_id = type(self.instance).objects.filter(pk=self.instance.pk).values("article_id")
        return Article.objects.filter(pk__in=article_id).first()


class QuoteForm(ArticlePartForm):
    class Meta:
        model = Quote
        fields = ["article", "source", "text", "context", "position", "featured"]
        error_messages = {"source": {"required": _("Une citation doit être attribuée à une source.")}}

    def clean_text(self):
        return typography(self.cleaned_data["text"])


UNSOURCED_TOLL = _("Un bilan publié doit citer sa source : choisissez qui l'a annoncé.")


class CasualtyFigureForm(ArticlePartForm):
    class Meta:
        model = CasualtyFigure
        fields = [
            "article",
            "outcome",
            "count",
            "qualifier",
            "count_max",
            "victims",
            "victims_singular",
            "victims_feminine",
            "victim_category",
            "country",
            "location",
            "occurred_on",
            "source",
            "reported_at",
            "supersedes",
        ]

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if article is not None and article.status == Article.Status.PUBLISHED and not cleaned.get("source"):
            self.add_error("source", UNSOURCED_TOLL)
        return cleaned

    def clean_supersedes(self):
        """Refuse to revise a toll another editor revised meanwhile, naming the newer toll."""
        older = self.cleaned_data.get("supersedes")
        if older is None:
            return older
        newer = CasualtyFigure.objects.filter(supersedes=older).exclude(pk=self.instance.pk).first()
        if newer is not None:
            when = date_format(localtime(newer.reported_at), "DATETIME_FORMAT")
            raise forms.ValidationError(
                _(
                    "Ce bilan a déjà été remplacé par un bilan plus récent : « %(newer)s », annoncé le %(when)s. "
                    "Rien n'a été enregistré : ouvrez l'article et partez de ce bilan-là (« Nouveau bilan »)."
                ),
                code="already_revised",
                params={"newer": newer.sentence(), "when": when},
            )
        return older


class CasualtyFigureFormSet(BaseInlineFormSet):
    """The article's tolls: when it is published, each names its source and the headline agrees with them."""

    # The editor's note accepting a headline that disagrees with the toll.
    toll_note = ""

    def __init__(self, *args, toll_note="", **kwargs):
        self.toll_note = (toll_note or "").strip()
        super().__init__(*args, **kwargs)

    def kept_forms(self):
        """Return the valid forms of the figures the article will have: not deleted, not blank extras."""
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or (self.can_delete and self._should_delete_form(form)):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def clean(self):
        super().clean()
        if self.instance.status != Article.Status.PUBLISHED:
            return
        kept = self.kept_forms()
        for form in kept:
            if not form.cleaned_data.get("source") and "source" not in form.errors:
                form.add_error("source", UNSOURCED_TOLL)
        figures = [form.instance for form in kept]
        revised = {form.cleaned_data["supersedes"].pk for form in kept if form.cleaned_data.get("supersedes")}
        current = [figure for figure in figures if figure.pk is None or figure.pk not in revised]
        mismatch = publishing.headline_toll_mismatch(self.instance.headline, current)
        if mismatch and not self.toll_note:
            tolls = ", ".join(figure.phrase() for figure in current)
            raise forms.ValidationError(
                ngettext(
                    "Le titre annonce %(numbers)s, mais le bilan actuel dit : %(tolls)s. Corrigez le titre ou le "
                    "bilan, ou expliquez l'écart dans « Note sur le bilan du titre ».",
                    "Le titre annonce %(numbers)s, mais le bilan actuel dit : %(tolls)s. Corrigez le titre ou le "
                    "bilan, ou expliquez l'écart dans « Note sur le bilan du titre ».",
                    len(mismatch),
                ),
                code="headline_toll",
                params={"numbers": ", ".join(str(n) for n in mismatch), "tolls": tolls},
            )


class WithdrawForm(forms.Form):
    """The confirmation of the "Retirer" action: a reason is required."""

    reason = forms.CharField(
        label=_("Motif du retrait"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Les lecteurs ne verront plus ces articles. Le motif est gardé dans l'historique."),
        error_messages={"required": _("Indiquez pourquoi ces articles sont retirés : le motif est obligatoire.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"], code="required")
        return reason


def field_differences(model, old, new, names=COMPARED_FIELDS):
    """Return [(label, old_text, new_text)] for the fields of ``names`` that differ between two dicts."""
    differences = []
    for name in names:
        if name not in old and name not in new:
            continue
        before, after = old.get(name), new.get(name)
        if before == after or (not before and not after):
            continue
        field = model._meta.get_field(name)
        differences.append((capfirst(field.verbose_name), display_value(field, before), display_value(field, after)))
    return differences


def display_value(field, value):
    """Return ``value`` of ``field`` as an editor reads it: choice labels, local dates, plain text."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_one:
        # A photo by its caption, as the library lists it; one deleted since by its number.
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else gettext("n° %(pk)s (supprimé)") % {"pk": value}
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return date_format(localtime(value), "DATETIME_FORMAT")
    return str(value)


def describe_revisions(revisions):
    """Return a sentence naming who changed what in ``revisions`` (newest last)."""
    parts = []
    for revision in revisions:
        who = revision.user.get_username() if revision.user else gettext("un traitement automatique")
        when = date_format(localtime(revision.date_created), "DATETIME_FORMAT")
        comment = revision.get_comment() or gettext("modification")
        parts.append(gettext("%(who)s le %(when)s : %(comment)s") % {"who": who, "when": when, "comment": comment})
    return " ; ".join(parts)
