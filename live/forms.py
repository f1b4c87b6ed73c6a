"""The editors' compact posting form."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from .models import LiveEntry

POSTED_FIELDS = ["text", "is_key_event", "toll", "quote_text", "quote_source", "image"]


class TollChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, figure):
        return f"{figure.sentence()} ({figure.article.headline})"


class EntryForm(forms.ModelForm):
    """One text box; a toll of the story, a quote, a photo and the key-event box are optional."""

    class Meta:
        model = LiveEntry
        fields = POSTED_FIELDS
        field_classes = {"toll": TollChoiceField}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "autofocus": True}),
            "quote_text": forms.Textarea(attrs={"rows": 2}),
            **{
                name: AutocompleteSelect(LiveEntry._meta.get_field(name), admin.site)
                for name in ("quote_source", "image")
            },
        }

    def __init__(self, *args, coverage, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coverage = coverage
        self.fields["text"].label = _("Texte de l'entrée")
        self.fields["toll"].queryset = coverage.story_figures().select_related("source", "article")
