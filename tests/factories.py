"""factory_boy factories for the desk's models."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, CasualtyFigure, Quote, Source
from images.models import Image


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redacteur{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Porte-parole {n}")
    role = "porte-parole du ministère de la Défense"
    kind = Source.Kind.PERSON
    slug = factory.Sequence(lambda n: f"source-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Dépêche numéro {n} sur la situation dans la région")
    body = "<p>Premier paragraphe de la dépêche.</p><p>Second paragraphe, plus long.</p>"
    dateline = "Paris"
    agency = "AFP"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)
    text = "Nous suivons la situation heure par heure"
    context = "a-t-il déclaré à la presse"


class CasualtyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasualtyFigure

    article = factory.SubFactory(ArticleFactory)
    outcome = CasualtyFigure.Outcome.KILLED
    count = 29
    qualifier = CasualtyFigure.Qualifier.AT_LEAST
    victims = "soldats turcs"
    victim_category = CasualtyFigure.VictimCategory.MILITARY


class ImageFactory(factory.django.DjangoModelFactory):
    """A photo in the library, made from a camera JPEG (its renditions written to the test's media folder)."""

    class Meta:
        model = Image

    alt_text = "Des secouristes fouillent les décombres d'un immeuble effondré à Idleb"
    caption = "Des secouristes fouillent les décombres d'un immeuble effondré, jeudi à Idleb."
    credit = "AFP / Omar Haj Kadour"

    # Each photo its own pixels: the library keeps one row per file.
    data = factory.Sequence(lambda n: n)

    @classmethod
    def _create(cls, model_class, *args, data=None, filename="idleb.jpg", **kwargs):
        from tests.images.pictures import camera_jpeg

        image = model_class(*args, **kwargs)
        image.set_original(data if isinstance(data, bytes) else camera_jpeg(seed=data or 0), filename)
        image.save()
        # As the worker leaves it: its renditions made (tests of the queue run it instead).
        image.make_renditions()
        return image
