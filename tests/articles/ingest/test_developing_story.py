"""A developing story through the ingest: versions stay one article, new dispatches thread into a story, and with
--record-tolls the agency's tolls make a correct chain with no editor's action, dated by the agency."""

import io

import pytest
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from articles.ingest.importer import IngestOptions, wire_user
from articles.ingest.threading import slugline_key
from articles.ingest.watch import DropFolder
from articles.models import Article, CasualtyFigure, Source, Story
from extraction.admin import initial_values
from extraction.models import Suggestion
from tests.articles.ingest import story
from tests.articles.ingest.items import import_through_admin, ninjs
from tests.support import run_queued_tasks

pytestmark = pytest.mark.django_db

AGENCY_TIMES = [parse_datetime(time) for time in story.TIMES]


def chain_of(figures):
    """Return the (count, agency time) pairs of the chain ending with the current figure, oldest first."""
    current = [figure for figure in figures if not CasualtyFigure.objects.filter(supersedes=figure).exists()]
    assert len(current) == 1, [figure.sentence() for figure in figures]
    chain, figure = [], current[0]
    while figure is not None:
        chain.insert(0, (figure.count, figure.reported_at))
        figure = figure.supersedes
    return chain


def test_four_versions_of_a_dispatch_stay_one_article_at_its_last_version(ingest):
    for name, data in story.versions():
        ingest((name, data), publish=True)

    article = Article.objects.get()
    assert article.wire_version == 4
    assert "33 soldats turcs" in article.body
    assert article.story is None  # one dispatch is no story yet


def test_with_record_tolls_each_version_revises_the_last_toll_dated_by_the_agency(ingest):
    for name, data in story.versions():
        ingest((name, data), publish=True, record_tolls=True)

    article = Article.objects.get()
    figures = list(article.casualty_figures.all())
    # 9 → 22 → 29 → 33, each at its version's versionCreated: no duplicate from "un précédent bilan".
    assert chain_of(figures) == list(zip(story.COUNTS, AGENCY_TIMES, strict=True))
    assert len(figures) == 4
    current = article.current_tolls()[0]
    assert current.sentence() == "au moins 33 soldats turcs tués, selon les autorités turques"
    assert all(figure.from_wire and figure.awaiting_review for figure in figures)
    assert Source.objects.filter(name="les autorités turques").count() == 1


def test_four_versions_in_one_run_give_the_same_chain(ingest):
    report = ingest(*story.versions(), publish=True, record_tolls=True)

    assert report.tolls_recorded == 4
    assert "4 bilans relevés" in report.summary()
    assert chain_of(CasualtyFigure.objects.all()) == list(zip(story.COUNTS, AGENCY_TIMES, strict=True))


def test_readers_see_the_recorded_toll_at_once_while_it_awaits_review(ingest, client):
    ingest(*story.versions(), publish=True, record_tolls=True)
    article = Article.objects.get()

    page = client.get(article.get_absolute_url()).content.decode()

    assert "au moins 33 soldats turcs tués" in page
    assert "selon les autorités turques" in page


def test_four_new_dispatches_sharing_a_slugline_make_one_story_named_from_it(ingest):
    ingest(*story.leads(), publish=True)

    assert Story.objects.count() == 1
    dossier = Story.objects.get()
    assert dossier.title == "Syrie Turquie conflit"
    assert set(dossier.articles.values_list("wire_id", flat=True)) == set(
        Article.objects.values_list("wire_id", flat=True)
    )
    assert Article.objects.count() == 4


def test_dispatches_of_one_story_recorded_across_it_revise_one_another(ingest):
    for name, data in story.leads():
        ingest((name, data), publish=True, record_tolls=True)

    figures = list(CasualtyFigure.objects.select_related("article"))
    assert chain_of(figures) == list(zip(story.COUNTS, AGENCY_TIMES, strict=True))
    # Each figure is in the dispatch that carried it.
    assert sorted((figure.article.wire_id[-1], figure.count) for figure in figures) == [
        ("1", 9),
        ("2", 22),
        ("3", 29),
        ("4", 33),
    ]


def test_a_figure_is_never_revised_by_an_older_one_sent_late(ingest):
    leads = story.leads()
    ingest(leads[3], publish=True, record_tolls=True)
    ingest(leads[1], publish=True, record_tolls=True)  # 22, sent before 33, arrives after it

    # 33 and the 29 its copy quotes as the earlier toll; 22 never revises them.
    assert chain_of(CasualtyFigure.objects.all()) == [(29, AGENCY_TIMES[3]), (33, AGENCY_TIMES[3])]


def test_an_earlier_figure_quoted_by_the_first_copy_received_opens_the_history_never_the_current_toll(ingest):
    ingest(story.version(2), publish=True, record_tolls=True)  # version 3: 29, "un précédent bilan … 22"

    figures = list(CasualtyFigure.objects.all())
    assert chain_of(figures) == [(22, AGENCY_TIMES[2]), (29, AGENCY_TIMES[2])]
    assert Article.objects.get().current_tolls()[0].count == 29


def test_copy_the_desk_has_edited_is_never_recorded(ingest):
    ingest(story.version(0), publish=True)
    article = Article.objects.get()
    article.body += "<p>Précision de la rédaction.</p>"
    article.save()

    report = ingest(story.version(1), publish=True, record_tolls=True)

    assert report.counts["pending"] == 1
    assert not CasualtyFigure.objects.exists()


def test_without_the_flag_nothing_is_recorded_and_the_suggestion_is_prefilled_with_the_agency_time(ingest):
    ingest(story.version(0), publish=True, record_tolls=True)
    ingest(story.version(1), publish=True)  # 22: suggested, not recorded
    run_queued_tasks()  # the worker reads the copy

    article = Article.objects.get()
    assert list(article.casualty_figures.values_list("count", flat=True)) == [9]
    suggestion = Suggestion.objects.get(article=article, kind="toll", count=22)
    values = initial_values(suggestion)
    assert values["reported_at"] == AGENCY_TIMES[1]
    assert values["supersedes"] == article.casualty_figures.get().pk


def test_a_suggestion_in_a_later_dispatch_is_prefilled_to_revise_the_story_toll(ingest):
    leads = story.leads()
    ingest(leads[0], publish=True, record_tolls=True)
    ingest(leads[1], publish=True)
    run_queued_tasks()  # the worker reads the copy

    second = Article.objects.get(wire_id__endswith="-2")
    suggestion = Suggestion.objects.get(article=second, kind="toll", count=22)
    values = initial_values(suggestion)
    assert values["supersedes"] == CasualtyFigure.objects.get(count=9).pk
    assert values["reported_at"] == AGENCY_TIMES[1]


def test_a_suggestion_never_prefills_the_revision_of_a_newer_figure(ingest):
    leads = story.leads()
    ingest(leads[2], publish=True, record_tolls=True)  # 29 (and 22 before it)
    ingest(leads[1], publish=True)  # 22 sent earlier, arriving late
    run_queued_tasks()  # the worker reads the copy

    suggestion = Suggestion.objects.get(article__wire_id__endswith="-2", kind="toll", count=22)
    assert initial_values(suggestion).get("supersedes") is None


def test_a_dispatch_the_agency_links_to_an_earlier_one_joins_its_story_whatever_its_slugline(ingest):
    ingest(story.version(0), publish=True)
    follow_up = ninjs(
        "urn:newsml:afp.com:20261203:TX-SYR-REACT",
        slugline="Turquie-Otan-réaction",
        links=[{"rel": "irel:evolvedFrom", "uri": "urn:newsml:afp.com:20261203:TX-SYR-TUR"}],
    )
    ingest(("reaction.json", follow_up), publish=True)

    first, second = Article.objects.order_by("pk")
    assert first.story is not None and first.story == second.story
    assert first.story.title == "Syrie Turquie conflit"  # named from the earlier dispatch's slugline


def test_a_newsml_link_threads_too(ingest):
    ingest(story.version(0), publish=True)
    name, data = story.version(
        0, guid="urn:newsml:afp.com:20261203:TX-OTAN", links=["urn:newsml:afp.com:20261203:TX-SYR-TUR"]
    )
    ingest((name, data.replace(b"Syrie-Turquie-conflit", b"Otan-reunion")), publish=True)

    assert Story.objects.get().articles.count() == 2


def test_the_same_slugline_four_days_later_is_another_event(ingest):
    ingest(("a.json", ninjs("urn:a", slugline="Kenya-inondations", versionCreated="2026-11-01T08:00:00Z")))
    ingest(("b.json", ninjs("urn:b", slugline="KENYA-INONDATIONS", versionCreated="2026-11-05T09:00:00Z")))
    ingest(("c.json", ninjs("urn:c", slugline="Kenya-Inondations-2", versionCreated="2026-11-05T20:00:00Z")))

    assert Story.objects.count() == 1
    assert set(Story.objects.get().articles.values_list("wire_id", flat=True)) == {"urn:b", "urn:c"}


def test_sluglines_are_compared_without_case_accents_or_lead_markers():
    assert slugline_key("Syrie-Turquie-conflit") == slugline_key("SYRIE-TURQUIE-CONFLIT-3")
    assert slugline_key("Élections-Sénat") == slugline_key("elections senat, 1st Ld-Writethru")
    assert slugline_key("Syrie-Turquie") != slugline_key("Syrie-Liban")


def test_the_desk_may_rename_the_story_and_its_dispatches_keep_it(ingest):
    ingest(*story.leads()[:2], publish=True)
    dossier = Story.objects.get()
    dossier.title = "Frappe contre l'armée turque à Idleb"
    dossier.save()

    ingest(*story.leads()[2:], publish=True)

    assert Story.objects.count() == 1
    assert Story.objects.get().articles.count() == 4


def test_dernieres_infos_shows_one_card_for_the_story_with_the_earlier_dispatches_folded(ingest, client):
    ingest(*story.leads(), publish=True)

    page = client.get("/").content.decode()

    assert page.count('<article class="teaser') == 1
    assert page.count("URGENT") == 1
    assert story.headline(33) in page
    assert "3 dépêches précédentes sur ce sujet" in page
    for count in (9, 22, 29):
        assert story.headline(count) in page.split("<details", 1)[1]
    assert Story.objects.get().get_absolute_url() in page


def test_the_front_with_stories_costs_at_most_two_queries_more(ingest, client, django_assert_max_num_queries):
    ingest(*story.leads(), publish=True)
    ingest(("other.json", ninjs("urn:other", slugline="Kenya-inondations")), publish=True)

    # The front's eight (tests/articles/test_views.py), and the earlier dispatches of its leads and of its list.
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def test_each_dispatch_links_to_its_story_and_the_story_lists_them(ingest, client):
    ingest(*story.leads(), publish=True)
    dossier = Story.objects.get()

    article_page = client.get(Article.objects.order_by("pk").first().get_absolute_url()).content.decode()
    story_page = client.get(dossier.get_absolute_url()).content.decode()

    assert dossier.get_absolute_url() in article_page
    for count in story.COUNTS:
        assert story.headline(count) in story_page


def test_the_command_records_tolls(tmp_path):
    for name, data in story.versions():
        (tmp_path / name).write_bytes(data)

    call_command("ingest", "--publish", "--record-tolls", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    assert chain_of(CasualtyFigure.objects.all()) == list(zip(story.COUNTS, AGENCY_TIMES, strict=True))


def test_the_command_without_the_flag_records_nothing(tmp_path):
    for name, data in story.versions():
        (tmp_path / name).write_bytes(data)

    call_command("ingest", "--publish", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    assert not CasualtyFigure.objects.exists()


def test_the_drop_folder_records_tolls_when_asked(tmp_path):
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user(), publish=True, record_tolls=True))
    for name, data in story.leads():
        (tmp_path / name).write_bytes(data)
        drop.scan()
        drop.scan()  # settled since the previous look: imported

    assert chain_of(CasualtyFigure.objects.all()) == list(zip(story.COUNTS, AGENCY_TIMES, strict=True))
    assert Story.objects.get().articles.count() == 4


def test_the_drop_folder_setting_turns_recording_on_for_watch(settings, tmp_path, monkeypatch):
    settings.NEWSDESK_INGEST_RECORD_TOLLS = True
    seen = []
    monkeypatch.setattr(DropFolder, "run", lambda self, interval: seen.append(self.options))

    call_command("ingest", "--watch", str(tmp_path), stdout=io.StringIO())

    assert seen[0].record_tolls is True


def test_the_upload_page_records_tolls_when_its_box_is_ticked(admin_client):
    files = [io.BytesIO(data) for _name, data in story.versions()]
    for upload, (name, _data) in zip(files, story.versions(), strict=True):
        upload.name = name

    response = import_through_admin(admin_client, files, record_tolls="on", publish="on")

    assert "4 bilans relevés" in response.content.decode()
    assert chain_of(CasualtyFigure.objects.all()) == list(zip(story.COUNTS, AGENCY_TIMES, strict=True))


def test_the_upload_page_without_its_box_records_nothing(admin_client):
    name, data = story.version(0)
    upload = io.BytesIO(data)
    upload.name = name

    import_through_admin(admin_client, [upload])

    assert Article.objects.count() == 1
    assert not CasualtyFigure.objects.exists()


def test_a_new_toll_given_after_the_first_one_is_recorded_as_the_current_one(ingest):
    copy = (
        "<p>Au moins 29 soldats turcs ont été tués jeudi dans la province d'Idleb, selon un nouveau bilan des "
        "autorités turques, après un premier bilan moins lourd.</p>"
    )
    ingest(
        ("a.json", ninjs("urn:a", bodies=[{"role": "main", "contentType": "text/html", "value": copy}])),
        record_tolls=True,
    )

    figure = CasualtyFigure.objects.get()
    assert (figure.count, figure.source.name) == (29, "les autorités turques")
    assert figure.reported_at == parse_datetime("2026-11-27T09:00:00Z")


@pytest.mark.parametrize(
    "fields",
    [
        {"links": "urn:not-a-list", "evolvedfrom": 12},
        {"links": [{"rel": "irel:evolvedFrom"}, 3, None], "slugline": ["not", "text"]},
        {"slugline": "Syrie\x07-Turquie " + "x" * 5000},
        {"links": [{"rel": "previous", "uri": "u" * 300}] * 50},
    ],
)
def test_odd_threading_fields_never_fail_an_item(ingest, fields):
    report = ingest(("odd.json", ninjs("urn:odd", **fields)))

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get()
    assert len(article.wire_slugline) <= 200 and "\x07" not in article.wire_slugline
    assert article.story is None


def test_a_tag_page_folds_a_story_under_its_newest_dispatch_that_carries_the_tag(ingest, client):
    ingest(*story.leads(), publish=True)
    dispatches = list(Article.objects.order_by("wire_version_created"))
    for dispatch in dispatches:
        dispatch.tags.add("Syrie")
    dispatches[1].tags.add("Otan")  # only the second one speaks of the alliance

    syria = client.get("/tag/syrie/").content.decode()
    nato = client.get("/tag/otan/").content.decode()

    assert syria.count('<article class="teaser') == 1 and story.headline(33) in syria.split("<details", 1)[0]
    assert nato.count('<article class="teaser') == 1 and story.headline(22) in nato.split("<details", 1)[0]
