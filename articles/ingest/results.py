"""What a run may do (IngestOptions) and what it did (Result per item, Report per run)."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import ngettext_lazy

from articles.roles import PUBLISH_PERMISSION

CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED = "created", "updated", "unchanged", "skipped", "failed"
PENDING = "pending"
OUTCOMES = (CREATED, UPDATED, PENDING, UNCHANGED, SKIPPED, FAILED)
# Outcomes the summary names only when some item had them.
RARE_OUTCOMES = {PENDING}
OUTCOME_LABELS = {
    CREATED: ngettext_lazy("%(count)d créée", "%(count)d créées", "count"),
    UPDATED: ngettext_lazy("%(count)d mise à jour", "%(count)d mises à jour", "count"),
    PENDING: ngettext_lazy("%(count)d en attente d'un éditeur", "%(count)d en attente d'un éditeur", "count"),
    UNCHANGED: ngettext_lazy("%(count)d inchangée", "%(count)d inchangées", "count"),
    SKIPPED: ngettext_lazy("%(count)d ignorée", "%(count)d ignorées", "count"),
    FAILED: ngettext_lazy("%(count)d en échec", "%(count)d en échec", "count"),
}
PICTURES_ADDED = ngettext_lazy(
    "%(count)d photo ajoutée à la photothèque", "%(count)d photos ajoutées à la photothèque", "count"
)
TOLLS_RECORDED = ngettext_lazy("%(count)d bilan relevé", "%(count)d bilans relevés", "count")
WIRE_USERNAME = "fil-agences"


def wire_user():
    """Return the account the command-line ingest signs the admin history with."""
    user, created = get_user_model().objects.get_or_create(
        username=WIRE_USERNAME, defaults={"is_active": False, "first_name": "Fil des agences"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def may_change_published(user):
    """Return True when ``user`` may publish, and so change what readers see, through the wire.

    Editors may; so may the wire account, which the command runs as for the
    server's operator. It is inactive, so no one can sign in with it and
    upload through the admin.
    """
    return user.has_perm(PUBLISH_PERMISSION) or (user.username == WIRE_USERNAME and not user.is_active)


@dataclass(frozen=True)
class IngestOptions:
    """The choices of one run, the same from the command, the drop folder and the upload page.

    ``editor`` says whether the run may publish and change published
    articles (by default, may_change_published(user)); a run that may not
    never publishes, whatever ``publish`` says. ``language`` is the feed's:
    what an item that names none, and whose text tells none, is written in.
    ``record_tolls`` records the sourced tolls read in agency copy the desk
    has not edited (README, "Recording agency tolls").
    """

    user: object
    publish: bool = False
    language: str = ""
    record_tolls: bool = False
    editor: bool | None = None

    def __post_init__(self):
        editor = may_change_published(self.user) if self.editor is None else self.editor
        object.__setattr__(self, "editor", editor)
        object.__setattr__(self, "publish", self.publish and editor)


@dataclass
class Result:
    """What happened to one item (or to a whole unreadable file)."""

    name: str
    outcome: str
    reason: str = ""
    article_id: int | None = None
    # What an editor should know of an item that went in all the same (a picture left out…), in French.
    notes: list[str] = field(default_factory=list)
    pictures_added: int = 0
    # The picture files beside the item's file that it read (a drop folder files them with it).
    picture_files: list = field(default_factory=list)
    tolls_recorded: int = 0


@dataclass
class Report:
    """The results of a batch, in order."""

    results: list[Result] = field(default_factory=list)

    @property
    def counts(self):
        return Counter(result.outcome for result in self.results)

    @property
    def problems(self):
        """Return the results an editor must read: skipped and failed items."""
        return [result for result in self.results if result.outcome in (SKIPPED, FAILED)]

    @property
    def noted(self):
        """Return the results that went in with a note for editors (a picture left out…)."""
        return [result for result in self.results if result.notes]

    @property
    def pictures_added(self):
        return sum(result.pictures_added for result in self.results)

    @property
    def tolls_recorded(self):
        return sum(result.tolls_recorded for result in self.results)

    @property
    def failed(self):
        return self.counts[FAILED] > 0

    def summary(self):
        """Return the French one-line summary: "2 créées, 1 mise à jour, … ; 3 photos ajoutées à la photothèque."."""
        counts = self.counts
        shown = [outcome for outcome in OUTCOMES if counts[outcome] or outcome not in RARE_OUTCOMES]
        text = ", ".join(OUTCOME_LABELS[outcome] % {"count": counts[outcome]} for outcome in shown)
        if self.pictures_added:
            text += " ; " + PICTURES_ADDED % {"count": self.pictures_added}
        if self.tolls_recorded:
            text += " ; " + TOLLS_RECORDED % {"count": self.tolls_recorded}
        return text + "."
