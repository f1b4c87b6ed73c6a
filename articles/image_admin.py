"""The picture library in the admin: upload, describe and credit photos, under the desk's publishing rules."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from images.models import Image

from .forms import can_publish
from .models import Article

ALT_REQUIRED = _("Cette photo illustre un article publié : son texte alternatif est obligatoire.")


def image_preview(image):
    """Return the admin's preview of ``image`` (rendered by a template), or a dash."""
    return render_to_string("admin/images/preview.html", {"image": image})


def shown_to_readers(image):
    """Return True when an article out of draft (published, scheduled or withdrawn) carries ``image``."""
    return image.pk is not None and image.articles.exclude(status=Article.Status.DRAFT).exists()


class AltTextFilter(admin.SimpleListFilter):
    """The photos still to describe: those the desk cannot publish yet."""

    title = _("texte alternatif")
    parameter_name = "texte_alternatif"

    def lookups(self, request, model_admin):
        return [("manquant", _("manquant")), ("present", _("écrit"))]

    def queryset(self, request, queryset):
        if self.value() == "manquant":
            return queryset.filter(alt_text="")
        if self.value() == "present":
            return queryset.exclude(alt_text="")
        return queryset


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["original", "alt_text", "caption", "credit"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("alt_text", "").strip() and shown_to_readers(self.instance):
            self.add_error("alt_text", ALT_REQUIRED)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and "original" in self.changed_data and shown_to_readers(self.instance):
            # Readers would see another picture under the same caption: upload it as a new photo.
            self.add_error(
                "original",
                ValidationError(
                    _("Cette photo illustre un article publié : ajoutez la nouvelle photo à part, puis choisissez-la.")
                ),
            )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "__str__", "credit", "has_alt_text", "wire_id", "created"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [AltTextFilter, "created"]
    search_fields = ["caption", "alt_text", "credit", "wire_id"]
    readonly_fields = ["preview", "shown_on", "size", "wire_id", "created_by", "created", "modified"]
    fieldsets = [
        (None, {"fields": ["original", "preview", "alt_text", "caption", "credit", "shown_on"]}),
        (
            _("Fil et historique"),
            {"classes": ["collapse"], "fields": ["size", "wire_id", "created_by", "created", "modified"]},
        ),
    ]

    @admin.display(description=_("photo"))
    def thumbnail(self, image):
        return render_to_string("admin/images/thumbnail.html", {"image": image})

    @admin.display(description=_("aperçu"))
    def preview(self, image):
        return image_preview(image if image.pk else None)

    @admin.display(description=_("illustre"))
    def shown_on(self, image):
        articles = image.articles.order_by("-published_at", "-id").only("pk", "headline", "status") if image.pk else []
        return render_to_string("admin/images/shown_on.html", {"articles": articles})

    @admin.display(description=_("dimensions"))
    def size(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=_("texte alternatif"), boolean=True)
    def has_alt_text(self, image):
        return bool(image.alt_text)

    def has_change_permission(self, request, obj=None):
        # What readers see on a published article is the editors' to change.
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and not can_publish(request.user):
            return not shown_to_readers(obj)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            # A picture on an article is protected (PROTECT); the admin says so rather than fails.
            return not obj.articles.exists()
        return allowed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
