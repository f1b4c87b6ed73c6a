"""The rows an ingest writes beside its articles: tags, admin history, wire copies, read a chunk at a time."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from taggit.models import Tag, TaggedItem

from articles.models import Article, WireCopy


@dataclass
class Deferred:
    """Rows of stored items written all at once: admin history entries, new articles' tags and wire copies.

    Nothing reads them before the chunk commits (search indexes after the
    commit) but an update of an article of the same chunk, which writes them
    first: one INSERT each per chunk instead of one per item.
    """

    history: list[LogEntry] = field(default_factory=list)
    taggings: list[TaggedItem] = field(default_factory=list)
    copies: list[WireCopy] = field(default_factory=list)
    # Toll readings of the copy stored (--record-tolls), recorded once the chunk is committed: never saved here.
    readings: list = field(default_factory=list)

    def add(self, other):
        self.history += other.history
        self.taggings += other.taggings
        self.copies += other.copies
        self.readings += other.readings

    def save(self):
        TaggedItem.objects.bulk_create(self.taggings)
        LogEntry.objects.bulk_create(self.history)
        WireCopy.objects.bulk_create(self.copies)
        self.history, self.taggings, self.copies = [], [], []


class TagCache:
    """The tags of one run by lower-cased name, so that each is looked up once."""

    def __init__(self):
        self._tags = {}
        self._created = []
        self._content_type = None

    @staticmethod
    def _wanted(names):
        """Return {lower-cased name: name} for the usable names, in order."""
        wanted = {}
        for name in names:
            name = " ".join(name.split())[:100]
            if name:
                wanted.setdefault(name.lower(), name)
        return wanted

    def prefetch(self, names):
        """Look up in one query those of ``names`` not known yet (a whole chunk's subjects)."""
        missing = [key for key in self._wanted(names) if key not in self._tags]
        if missing:
            self._tags.update(self._find(missing))

    def create_missing(self, names):
        """Create, each in its own transaction and in name order, the tags of ``names`` that do not exist."""
        self.prefetch(names := list(names))
        for key, name in sorted(self._wanted(names).items()):
            if key not in self._tags:
                existing = self._find([key]).get(key)
                self._tags[key] = existing or Tag.objects.get_or_create(name=name)[0]

    def get(self, names):
        """Return the Tag of each name (created when new), without duplicates, in order."""
        wanted = self._wanted(names)
        missing = [key for key in wanted if key not in self._tags]
        if missing:
            found = self._find(missing)
            for key in missing:
                if key not in found:
                    found[key] = Tag.objects.create(name=wanted[key])
                    self._created.append(key)
            self._tags.update(found)
        return [self._tags[key] for key in wanted]

    @staticmethod
    def _find(keys):
        return {tag.name.lower(): tag for tag in Tag.objects.annotate(key=Lower("name")).filter(key__in=keys)}

    @contextmanager
    def forgotten_on_error(self):
        """Forget the tags created inside the block if it fails: its rollback removed them."""
        self._created = []
        try:
            yield
        except BaseException:
            for key in self._created:
                self._tags.pop(key, None)
            raise

    @staticmethod
    def missing_from(article, tags):
        """Return those of ``tags`` the article does not carry yet."""
        present = {tag.name.lower() for tag in article.tags.all()}
        return [tag for tag in tags if tag.name.lower() not in present]

    def taggings(self, article, tags):
        """Return the unsaved rows tagging a new article: inserted together, without taggit's look-ups."""
        self._content_type = self._content_type or ContentType.objects.get_for_model(Article)
        return [TaggedItem(tag=tag, content_type=self._content_type, object_id=article.pk) for tag in tags]


def log_entry(article, *, user, flag, message):
    """Return the unsaved admin history entry of an article stored by the wire."""
    return LogEntry(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(Article).pk,
        object_id=str(article.pk),
        object_repr=str(article)[:200],
        action_flag=flag,
        change_message=message,
    )
