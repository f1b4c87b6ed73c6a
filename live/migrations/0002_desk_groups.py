"""Give the desk's groups their live rights: editors everything, reporters entries (where an editor opens a coverage)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTERS = "Rédacteurs"
EDITORS = "Éditeurs"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("live")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    live = Permission.objects.filter(content_type__app_label="live")
    reporter_codenames = ["view_livecoverage", "view_liveentry", "add_liveentry", "change_liveentry", "delete_liveentry"]
    for name, permissions in ((EDITORS, live), (REPORTERS, live.filter(codename__in=reporter_codenames))):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=[REPORTERS, EDITORS]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="live"))


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("articles", "0002_desk_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
