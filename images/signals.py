"""A deleted picture takes its files with it, once the deletion is committed."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Image


@receiver(post_delete, sender=Image)
def remove_files(sender, instance, **kwargs):
    names = [item[key] for item in instance.renditions for key in ("name", "webp") if item.get(key)]
    original = instance.original

    def remove():
        # Renditions are named by content: another row may share none (digest is unique), so all go.
        for name in names:
            default_storage.delete(name)
        if original:
            original.storage.delete(original.name)

    transaction.on_commit(remove)
