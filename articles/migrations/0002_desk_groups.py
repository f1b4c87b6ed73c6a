"""Create the desk's two groups: reporters write drafts, editors do everything."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTERS = "Rédacteurs"
EDITORS = "Éditeurs"

ARTICLE_MODELS = ["article", "quote", "casualtyfigure", "source"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the
    # groups can hold them on a brand-new database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(app_label, codenames):
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    reporter_codenames = ["view_article", "add_article", "change_article"]
    for model in ["quote", "casualtyfigure", "source"]:
        reporter_codenames += [f"view_{model}", f"add_{model}", f"change_{model}"]
    reporters, _ = Group.objects.get_or_create(name=REPORTERS)
    reporters.permissions.set(perms("articles", reporter_codenames))
    reporters.permissions.add(*perms("taggit", ["view_tag", "add_tag"]))

    editor_codenames = ["publish_article"]
    for model in ARTICLE_MODELS:
        editor_codenames += [f"{action}_{model}" for action in ("view", "add", "change", "delete")]
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(perms("articles", editor_codenames))
    editors.permissions.add(*perms("taggit", ["view_tag", "add_tag", "change_tag", "delete_tag"]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REPORTERS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
