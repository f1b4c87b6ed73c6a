"""Seed the desk's first sections (rubriques) and the wire subjects that file dispatches in them;
give editors the right to change sections, their subjects and the front's lead stories."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Éditeurs"
REPORTERS = "Rédacteurs"

# name, slug, subjects: IPTC Media Topic codes, their French and English names, keywords.
SECTIONS = [
    (
        "Monde",
        "monde",
        ["medtop:16000000", "conflit, guerre et paix", "conflict, war and peace", "medtop:11000000", "politique"],
    ),
    ("Liban", "liban", ["liban", "lebanon"]),
    (
        "Économie",
        "economie",
        ["medtop:04000000", "économie, affaires et finances", "economy, business and finance", "économie"],
    ),
    ("Sport", "sport", ["medtop:15000000", "sport"]),
    (
        "Culture",
        "culture",
        [
            "medtop:01000000",
            "arts, culture, divertissement et médias",
            "arts, culture, entertainment and media",
            "culture",
        ],
    ),
]
MODELS = ["section", "sectionsubject", "frontslot"]


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Section = apps.get_model("articles", "Section")
    SectionSubject = apps.get_model("articles", "SectionSubject")
    for order, (name, slug, subjects) in enumerate(SECTIONS, start=1):
        section, _ = Section.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
        for subject in subjects:
            SectionSubject.objects.get_or_create(subject=subject, defaults={"section": section})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    mine = Permission.objects.filter(content_type__app_label="articles", content_type__model__in=MODELS)
    Group.objects.get(name=EDITORS).permissions.add(*mine)
    Group.objects.get(name=REPORTERS).permissions.add(*mine.filter(codename__startswith="view_"))


def unseed(apps, schema_editor):
    slugs = [slug for _, slug, _ in SECTIONS]
    apps.get_model("articles", "Article").objects.filter(section__slug__in=slugs).update(section=None)
    apps.get_model("articles", "Section").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_sec21_sections_front"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
