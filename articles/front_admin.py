"""Sections, their wire subjects and the front's lead stories in the admin: editors change them, reporters read."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import FrontSlot, Section, SectionSubject


class SectionSubjectInline(admin.TabularInline):
    model = SectionSubject
    extra = 1
    verbose_name = _("sujet du fil classé dans cette rubrique")
    verbose_name_plural = _("sujets du fil classés dans cette rubrique (à l'import)")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionSubjectInline]


@admin.register(FrontSlot)
class FrontSlotAdmin(admin.ModelAdmin):
    list_display = ["position", "article", "article_visible"]
    list_display_links = ["article"]
    list_editable = ["position"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(description=_("visible"), boolean=True)
    def article_visible(self, slot):
        return slot.article.is_published()
