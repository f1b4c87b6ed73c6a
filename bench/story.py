"""Developing-story benchmark: editor actions needed to reach a correct toll chain, with and without --record-tolls.

    .venv/bin/python bench/story.py                       # a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_story .venv/bin/python bench/story.py

The story is the one of the ingest tests (tests/articles/ingest/story.py):
one dispatch in versions 1 to 4 (tolls 9, 22, 29, 33 Turkish soldiers
killed, according to the Turkish authorities), then the same as four new
dispatches sharing one slugline. Each file is ingested as it arrives (one
run per file, published, as a drop folder does). A correct chain is the four
figures, each revising the previous one, dated by the agency's time of the
version that carried it, attributed to "les autorités turques", in one story.

Without the flag the desk works through the assistant's suggestions: each
toll costs one click to accept, plus one per field the prefilled form got
wrong (time, figure revised, source, qualifier, victims); a toll with no
suggestion costs a click and its seven fields. With the flag the recorded
chain is checked the same way: every figure missing or wrong counts.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/story.sqlite3"

FIELDS_OF_A_TOLL = 7  # outcome, count, qualifier, victims, source, time, figure revised


def main():
    if os.environ["DATABASE_URL"].startswith("postgres"):
        from bench.ingest import ensure_database

        ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.articles.ingest import story

    print(f"database: {os.environ['DATABASE_URL'].split('://')[0]}")
    print(f"{'scenario':<36} {'recording':<10} {'editor actions':>14}   agency times kept (count @ time)")
    scenarios = (("one dispatch, versions 1-4", story.versions()), ("four dispatches, one slugline", story.leads()))
    for label, files in scenarios:
        for record in (False, True):
            actions, chain = run(files, record=record)
            shown = ", ".join(f"{count} @ {when:%H:%M} UTC" for count, when in chain)
            print(f"{label:<36} {'on' if record else 'off':<10} {actions:>14}   {shown}")


def run(files, *, record):
    """Ingest ``files`` one run each; return (editor actions to a correct chain, [(count, reported_at)] after them)."""
    from django.core.management import call_command

    from articles.ingest.importer import IngestOptions, ingest_files, wire_user
    from articles.models import Article, CasualtyFigure, Source, Story
    from tests.articles.ingest import story

    CasualtyFigure.objects.update(supersedes=None)
    CasualtyFigure.objects.all().delete()
    Article.objects.all().delete()
    Story.objects.all().delete()
    Source.objects.all().delete()
    options = IngestOptions(user=wire_user(), publish=True, record_tolls=record)
    expected = list(zip(story.COUNTS, _times(story), strict=True))
    actions = 0
    for (name, data), (count, when) in zip(files, expected, strict=True):
        report = ingest_files([(name, data)], options)
        assert not report.failed, report.summary()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)  # the suggestions
        if not record:
            # The desk keeps up: each new toll is taken in before the next copy comes.
            actions += _desk_accepts(count, when, article_id=report.results[0].article_id)
    actions += _threading_actions()
    if record:
        actions += _wrong_figures(expected)
    return actions, _chain()


def _times(story):
    from django.utils.dateparse import parse_datetime

    return [parse_datetime(time) for time in story.TIMES]


def _threading_actions():
    """Two actions (pick the story, save) per dispatch that is not in the story of the others."""
    from articles.models import Article

    stories = list(Article.objects.values_list("story_id", flat=True))
    if len(stories) < 2:
        return 0
    common = max(set(stories), key=stories.count)
    return 2 * sum(1 for story_id in stories if story_id is None or story_id != common)


def _chain():
    """Return the (count, reported_at) of the chain ending with the story's current figure, oldest first."""
    from articles.models import CasualtyFigure

    current = CasualtyFigure.objects.filter(superseded_by__isnull=True).order_by("-reported_at", "-pk").first()
    chain = []
    while current is not None:
        chain.insert(0, (current.count, current.reported_at))
        current = current.supersedes
    return chain


def _wrong_figures(expected):
    """Return the actions to mend the recorded figures: a whole toll for each missing, a field for each wrong one."""
    from articles.models import CasualtyFigure

    actions = 0
    previous = None
    for count, when in expected:
        figure = CasualtyFigure.objects.filter(count=count).select_related("source").first()
        if figure is None:
            actions += 1 + FIELDS_OF_A_TOLL
            continue
        actions += figure.reported_at != when
        actions += figure.supersedes_id != (previous.pk if previous else None)
        actions += figure.source is None or figure.source.name != "les autorités turques"
        previous = figure
    actions += max(0, CasualtyFigure.objects.count() - len(expected))  # each extra figure deleted
    return actions


def _desk_accepts(count, when, *, article_id):
    """Take in the toll ``count`` as an editor would: accept its suggestion, mending the prefilled fields that are
    wrong, or type it whole when there is none; return the actions it cost."""
    from articles.forms import CasualtyFigureForm
    from articles.ingest.importer import wire_user
    from articles.models import CasualtyFigure, Source
    from extraction import suggest
    from extraction.admin import initial_values
    from extraction.models import Suggestion

    source, _created = Source.objects.get_or_create(
        slug="autorites-turques", defaults={"name": "les autorités turques", "kind": "government"}
    )
    previous = CasualtyFigure.objects.filter(superseded_by__isnull=True).order_by("-reported_at", "-pk").first()
    right = {"reported_at": when, "supersedes": previous.pk if previous else None, "source": source.pk}
    right |= {"qualifier": "at_least", "victims": "soldats turcs"}
    suggestion = Suggestion.objects.pending().filter(article=article_id, kind="toll", count=count).first()
    if suggestion is None:
        actions = 1 + FIELDS_OF_A_TOLL
        values = {"article": article_id, "outcome": "killed", "count": count}
    else:
        values = initial_values(suggestion)
        wrong = [name for name, value in right.items() if values.get(name) != value]
        if os.environ.get("BENCH_VERBOSE"):
            print(f"  toll {count}: prefilled wrong: {wrong or 'nothing'}")
        actions = 1 + len(wrong)
    values |= right
    values.setdefault("victim_category", "unknown")  # the form's own default, shown selected
    form = CasualtyFigureForm({key: "" if value is None else value for key, value in values.items()})
    assert form.is_valid(), form.errors
    if suggestion is None:
        form.save()
    else:
        suggest.accept(suggestion, form, user=wire_user())
    return actions


if __name__ == "__main__":
    main()
