from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractionConfig(AppConfig):
    name = "extraction"
    verbose_name = _("Assistant d'extraction")

    def ready(self):
        from articles.signals import copy_saved

        from .tasks import ask_for_suggestions

        copy_saved.connect(ask_for_suggestions, dispatch_uid="extraction_ask_for_suggestions")

    def warm_up(self):
        """Load spaCy's pipeline now: the worker calls this once, before it takes tasks."""
        from .nlp import pipeline

        pipeline()
