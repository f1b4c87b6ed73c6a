"""One add form, one row: a resubmitted admin form (same one-time token) never creates a second article, quote or toll.

The add forms carry a hidden token made when the form is shown. The first
post that saves claims it (a unique row, in the save's own transaction);
a later post with that token is answered with what the first one created.
"""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .models import FormSubmission

TOKEN_FIELD = "form_token"


def new_token():
    """Return a fresh one-time token for an add form."""
    return secrets.token_urlsafe(24)


def earlier_submission(token):
    """Return the FormSubmission that already used ``token``, or None."""
    if not token or len(token) > FormSubmission._meta.get_field("token").max_length:
        return None
    return FormSubmission.objects.filter(token=token).select_related("content_type").first()


def claim(token, *, user):
    """Claim ``token`` for the save under way; return the FormSubmission, or None when another post holds it.

    Run inside the save's transaction: a second post with the same token
    waits here until the first commits (the unique index), then finds it
    taken. If the save rolls back, the claim goes with it.
    """
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user if user.is_authenticated else None)
    except IntegrityError:
        return None


def record(submission, obj):
    """Note on ``submission`` the object its form created."""
    submission.content_type = ContentType.objects.get_for_model(obj)
    submission.object_id = obj.pk
    submission.save(update_fields=["content_type", "object_id"])
