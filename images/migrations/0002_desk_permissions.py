"""Give the desk's groups the picture library: reporters add and describe photos, editors also delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTERS = "Rédacteurs"
EDITORS = "Éditeurs"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    images = Permission.objects.filter(content_type__app_label="images")
    for name, codenames in (
        (REPORTERS, ["view_image", "add_image", "change_image"]),
        (EDITORS, ["view_image", "add_image", "change_image", "delete_image"]),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*images.filter(codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=[REPORTERS, EDITORS]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="images"))


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("articles", "0002_desk_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
