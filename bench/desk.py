"""A developing story through the desk's queue: what an editor does per update to keep the toll chain right.

    .venv/bin/python bench/desk.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk .venv/bin/python bench/desk.py

It makes a throwaway test database (Django's test database beside the one
DATABASE_URL names, SQLite by default), then sends a toll of Turkish
soldiers killed (9 → 22 → 29 → 33, "selon les autorités turques") three ways,
through the real importer with publishing on and no toll recorded by the
importer: first as one dispatch in versions 1 to 4, then as four dispatches
of one story (the story set by hand here: threading them is the importer's
job), then as versions of a dispatch the desk edited after version 1 (each
newer version waits as a pending agency version until it is taken). After
each version the editor, a test client signed in as an Éditeur, works through
"Fil à vérifier" as a person would: open the queue, "Reprendre" a pending
version, click the toll's "Accepter" when it is there, else "Examiner" it
(the first toll: its source is not known yet) and make the source with the
review page's "+".

It prints, per update, the requests (pages opened and buttons), the clicks
(buttons that decide: POSTs) and the fields typed, and at the end the chain
readers get, each figure with its time beside the agency's. The source made
in the first run is known in the second, as it would be on a real desk.
"""

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

TOLLS = [9, 22, 29, 33]
SENT = ["2026-12-07T21:40:00Z", "2026-12-07T22:55:00Z", "2026-12-08T00:05:00Z", "2026-12-08T02:30:00Z"]


def lead(n, count, sent):
    """Return the ninjs bytes of the ``n``-th new dispatch of the leads' story, sent at ``sent``."""
    item = dispatch(f"urn:bench:desk:lead{n}", 1, count, slugline="Syrie-Turquie-leads")
    return item.replace(SENT[0].encode(), sent.encode())


def dispatch(uri, version, count, slugline="Syrie-Turquie-frappes"):
    """Return the ninjs bytes of one version of the story, its toll ``count``.

    Each run has its own slugline: the importer threads dispatches sharing one into a story.
    """
    before = f" Un précédent bilan faisait état de {TOLLS[version - 2]} morts." if version > 1 else ""
    item = {
        "uri": uri,
        "type": "text",
        "version": str(version),
        "versionCreated": SENT[version - 1],
        "language": "fr",
        "urgency": 2,
        "slugline": slugline,
        "headlines": [{"role": "main", "value": f"Syrie : au moins {count} soldats turcs tués dans une frappe"}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": f"<p>Au moins {count} soldats turcs ont été tués jeudi dans une frappe aérienne dans la "
                f"province d'Idleb, selon un nouveau bilan des autorités turques.{before}</p>"
                "<p>Ankara a convoqué une réunion de crise dans la soirée.</p>",
            }
        ],
        "located": "Ankara",
        "infoSources": [{"name": "AFP"}],
    }
    return json.dumps(item, ensure_ascii=False).encode()


class Desk:
    """An editor in the admin: a test client counting requests, clicks (POSTs) and fields typed."""

    def __init__(self, user):
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)
        self.requests = self.clicks = self.typed = 0
        self.cpu = 0.0

    def get(self, url):
        return self._count(self.client.get, url)

    def click(self, url, data, typed=0):
        self.clicks += 1
        self.typed += typed
        return self._count(self.client.post, url, data)

    def _count(self, method, *args):
        self.requests += 1
        started = time.process_time()
        response = method(*args)
        self.cpu += time.process_time() - started
        assert response.status_code in (200, 302), (response.status_code, args[0])
        return response


def run_worker():
    """Run the tasks queued so far, as the worker does beside the desk."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def work_the_queue(desk):
    """Take the agency's pending versions and accept the suggested tolls, as an editor would, until none is left."""
    from django.urls import reverse

    while True:
        page = desk.get(reverse("admin:desk_queueentry_changelist"))
        for item in page.context["items"]:
            if item.source == "version":
                desk.click(reverse("admin:desk_queue_decide", args=["version", item.pk, "take"]), {})
                run_worker()  # the worker reads the copy taken: its toll comes next, look at the queue again
                break
            if item.source != "suggestion" or item.link_label != "Examiner" or "soldats" not in item.what:
                continue
            if any(action.name == "accept" for action in item.actions):
                desk.click(reverse("admin:desk_queue_decide", args=["suggestion", item.pk, "accept"]), {})
                return
            if "Source à choisir" in item.note:
                examine_and_make_source(desk, item)
                return
        else:
            return


def examine_and_make_source(desk, item):
    """Open the review page, make the source with "+" (its name typed), then accept."""
    from django.urls import reverse

    from articles.models import Source

    review = desk.get(item.link)
    desk.click(
        reverse("admin:articles_source_add") + "?_popup=1",
        {"name": "les autorités turques", "slug": "les-autorites-turques", "kind": "government", "gender": "f",
         "role": "", "organisation": "", "country": "Turquie", "_popup": "1"},
        typed=1,
    )  # fmt: skip
    form = review.context["form"]
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data["source"] = Source.objects.get(slug="les-autorites-turques").pk
    data["victims_feminine"] = "on" if data.get("victims_feminine") else ""
    data = {k: (v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, datetime) else v) for k, v in data.items()}
    desk.click(item.link, data)


def run(label, files_per_update, editor, after_ingest=None):
    from articles.ingest.importer import IngestOptions, ingest_files, wire_user
    from articles.models import Article, CasualtyFigure

    print(f"\n{label}")
    print(f"{'update':>7} {'toll':>5} {'requests':>9} {'clicks':>7} {'typed':>6} {'CPU ms':>7}")
    totals = [0, 0, 0]
    for number, files in enumerate(files_per_update, start=1):
        ingest_files(files, IngestOptions(user=wire_user(), publish=True))
        run_worker()  # the suggestions
        if after_ingest:
            after_ingest()
        desk = Desk(editor)
        work_the_queue(desk)
        totals = [totals[0] + desk.requests, totals[1] + desk.clicks, totals[2] + desk.typed]
        print(
            f"{number:>7} {TOLLS[number - 1]:>5} {desk.requests:>9} {desk.clicks:>7} {desk.typed:>6} "
            f"{desk.cpu * 1000 / desk.requests:>7.1f}"
        )
    print(f"{'total':>7} {'':>5} {totals[0]:>9} {totals[1]:>7} {totals[2]:>6}")
    prefix = files_per_update[0][0][0].removesuffix(".json").rstrip("0123456789")
    figures = list(
        CasualtyFigure.objects.filter(article__wire_id__contains=f":{prefix}").select_related("article").order_by("pk")
    )
    by_id = {f.pk: f for f in figures}
    current = [f for f in figures if not any(other.supersedes_id == f.pk for other in figures)]
    sent = dict(zip(TOLLS, SENT, strict=True))
    print("the chain readers get: count, reported at, what the agency sent it at, the figure it revises")
    for figure in figures:
        print(
            f"  {figure.count:>3}  {figure.reported_at:%Y-%m-%d %H:%M}  {sent[figure.count][:16].replace('T', ' ')}  "
            f"revises {by_id[figure.supersedes_id].count if figure.supersedes_id else '—'}"
        )
    dated = all(figure.reported_at.isoformat().replace("+00:00", "Z") == sent[figure.count] for figure in figures)
    chained = [f.count for f in figures] == TOLLS and [c.count for c in current] == [TOLLS[-1]]
    print(f"correct chain: {'yes' if chained else 'NO'}; dated by the agency: {'yes' if dated else 'NO'}; "
          f"articles: {Article.objects.filter(wire_id__contains=f':{prefix}').count()}")  # fmt: skip


def main():
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import setup_test_environment

    from articles.models import Article
    from tests.factories import UserFactory

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor} ({name})")
        editor = UserFactory(username="bench-editrice")
        editor.groups.add(Group.objects.get(name="Éditeurs"))
        versions = [[(f"v{v}.json", dispatch("urn:bench:desk:v", v, count))] for v, count in enumerate(TOLLS, 1)]
        run("one dispatch, versions 1 to 4", versions, editor)

        # Four new dispatches sharing a slugline: the importer threads them into one story.
        leads = [
            [(f"lead{n}.json", lead(n, count, sent))]
            for n, (count, sent) in enumerate(zip(TOLLS, SENT, strict=True), 1)
        ]
        run("four dispatches of one story", leads, editor)

        edited = [
            [(f"e{v}.json", dispatch("urn:bench:desk:e", v, count, slugline="Syrie-Turquie-raid"))]
            for v, count in enumerate(TOLLS, 1)
        ]

        def edit_once():
            """The desk rewrites the first version's text: the agency's next versions wait for an editor."""
            article = Article.objects.get(wire_id="urn:bench:desk:e")
            if article.wire_version == 1 and "rédaction" not in article.body:
                article.body += "<p>Précision de la rédaction.</p>"
                article.save()

        run("one dispatch the desk edited after version 1", edited, editor, after_ingest=edit_once)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
