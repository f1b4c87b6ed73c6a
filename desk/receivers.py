"""The agency's kills and holds, as the importer reports them, become items of the desk's queue."""

from django.dispatch import receiver

from articles.signals import agency_status_changed

from .models import AgencyNotice


@receiver(agency_status_changed)
def keep_agency_notice(sender, *, article, pub_status, wire_version, file_name, applied=True, **kwargs):
    AgencyNotice.objects.create(
        article=article, kind=pub_status, wire_version=wire_version, file_name=(file_name or "")[:255], applied=applied
    )
