"""The desk's queue, "Fil à vérifier": what waits, newest first, and its one-click decisions."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, CasualtyFigure, PendingAgencyVersion
from desk.models import AgencyNotice
from extraction.models import Suggestion
from tests.articles.ingest.items import ninjs
from tests.desk.conftest import FIRST, SECOND, THIRD, dispatch, figure, quote_suggestion, toll_suggestion
from tests.support import run_queued_tasks

QUEUE = "admin:desk_queueentry_changelist"


def decide(client, item, action, **data):
    source = "suggestion" if isinstance(item, Suggestion) else "version"
    return client.post(reverse("admin:desk_queue_decide", args=[source, item.pk, action]), data, follow=True)


def text(response):
    """Return the page as a reader sees its words (entities decoded)."""
    return html.unescape(response.content.decode())


def rows(response):
    return [(item.source, item.pk) for item in response.context["items"]]


def aged(suggestion, minutes):
    """Make ``suggestion`` found ``minutes`` ago: the queue orders by when items arrived."""
    Suggestion.objects.filter(pk=suggestion.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    return suggestion


def test_the_queue_lists_suggestions_versions_and_kills_across_articles_newest_first(
    editor_client, story, authorities, ingest
):
    older = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND)
    newer = dispatch(story, "Syrie : un ministre turc réagit", sent=THIRD)
    toll = aged(toll_suggestion(older, 22, source=authorities), 30)
    quote = aged(quote_suggestion(newer, "Nous répondrons"), 5)
    pending = PendingAgencyVersion.objects.create(
        article=newer, wire_version=3, values={"headline": "Syrie : le ministre turc promet une riposte"},
        received_at=timezone.now() - timedelta(minutes=10),
    )  # fmt: skip
    ingest(("v1.json", ninjs()), publish=True)
    ingest(("kill.json", ninjs(version="2", pubStatus="canceled")))
    notice = AgencyNotice.objects.get()

    response = editor_client.get(reverse(QUEUE))

    assert response.status_code == 200
    assert rows(response) == [
        ("notice", notice.pk),
        ("suggestion", quote.pk),
        ("version", pending.pk),
        ("suggestion", toll.pk),
    ]
    assert response.context["total"] == 4
    page = text(response)
    assert "Annulée par l'agence" in page and "Article retiré" in page
    assert "Nous répondrons" in page and "au moins 22 soldats turcs tués" in page
    assert 'href="/admin/"' in page and "breadcrumbs" in page  # the admin's own frame


def test_decided_suggestions_and_seen_kills_leave_the_queue(editor_client, story, authorities, ingest):
    article = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND)
    dismissed = toll_suggestion(article, 22, source=authorities)
    dismissed.status = Suggestion.Status.DISMISSED
    dismissed.save()
    ingest(("v1.json", ninjs()), publish=True)
    ingest(("kill.json", ninjs(version="2", pubStatus="canceled")))
    notice = AgencyNotice.objects.get()

    response = editor_client.post(reverse("admin:desk_queue_decide", args=["notice", notice.pk, "seen"]), follow=True)

    assert rows(response) == []
    assert "Rien à vérifier" in text(response)
    assert AgencyNotice.objects.get().seen_by.username == "editrice"


def test_accepting_a_toll_is_one_click_dated_by_the_agency_and_revising_the_storys_current_figure(
    editor_client, story, authorities
):
    first = dispatch(story, "Syrie : neuf soldats turcs tués", sent=FIRST)
    second = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND)
    nine = figure(first, 9, source=authorities, reported_at=FIRST)
    twenty_two = figure(second, 22, source=authorities, reported_at=SECOND, supersedes=nine)
    third = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    suggestion = toll_suggestion(third, 29, source=authorities)

    response = decide(editor_client, suggestion, "accept")

    new = CasualtyFigure.objects.get(count=29)
    assert (new.article, new.supersedes, new.reported_at, new.source) == (third, twenty_two, THIRD, authorities)
    assert (new.victim_category, new.qualifier) == ("military", "at_least")
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED
    assert "Accepté : au moins 29 soldats turcs tués" in text(response)
    assert rows(response) == []
    third.refresh_from_db()
    assert third.updated_at is not None  # readers see "Mis à jour"


def test_the_row_says_which_figure_the_toll_replaces(editor_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    figure(article, 22, source=authorities, reported_at=SECOND)
    toll_suggestion(article, 29, source=authorities)

    page = text(editor_client.get(reverse(QUEUE)))

    assert "Remplace : au moins 22 soldats turcs tués, selon les autorités turques" in page
    assert 'value="accept"' in page


def test_an_older_toll_never_replaces_a_newer_one(editor_client, story, authorities):
    older = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND)
    newer = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    figure(newer, 29, source=authorities, reported_at=THIRD)
    late = toll_suggestion(older, 22, source=authorities)

    page = text(editor_client.get(reverse(QUEUE)))
    response = decide(editor_client, late, "accept")

    assert "Plus ancien que le bilan actuel" in page
    assert 'value="accept"' not in page
    assert "Rien n'a été enregistré" in text(response)
    assert list(CasualtyFigure.objects.values_list("count", flat=True)) == [29]
    assert Suggestion.objects.get(pk=late.pk).status == Suggestion.Status.PENDING


def test_the_same_toll_as_the_current_one_is_not_offered_again(editor_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    figure(dispatch(story, "Syrie : bilan", sent=SECOND), 29, source=authorities, reported_at=SECOND)
    toll_suggestion(article, 29, source=authorities)

    page = text(editor_client.get(reverse(QUEUE)))

    assert "Déjà le bilan actuel" in page and 'value="accept"' not in page and 'value="dismiss"' in page


def test_a_second_click_creates_nothing_more(editor_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    suggestion = toll_suggestion(article, 29, source=authorities)

    decide(editor_client, suggestion, "accept")
    response = decide(editor_client, suggestion, "accept")

    assert "Déjà traité" in text(response)
    assert CasualtyFigure.objects.count() == 1


def test_a_toll_without_a_known_source_is_examined_not_accepted_blind(editor_client, story):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    suggestion = toll_suggestion(article, 29, source=None)

    page = text(editor_client.get(reverse(QUEUE)))

    assert "Source à choisir" in page and 'value="accept"' not in page
    assert reverse("admin:extraction_suggestion_review", args=[suggestion.pk]) in page


def test_a_quote_with_its_source_is_accepted_in_one_click(editor_client, story, authorities):
    article = dispatch(story, "Syrie : Ankara promet une riposte", sent=THIRD)
    suggestion = quote_suggestion(article, "Nous répondrons", source=authorities)

    decide(editor_client, suggestion, "accept")

    assert [(q.text, q.source) for q in article.quotes.all()] == [("Nous répondrons", authorities)]


def test_a_reporter_sees_published_copy_without_actions_and_may_not_post_them(reporter_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    suggestion = toll_suggestion(article, 29, source=authorities)

    page = text(reporter_client.get(reverse(QUEUE)))
    accepted = decide(reporter_client, suggestion, "accept")
    dismissed = decide(reporter_client, suggestion, "dismiss")

    assert "seul un éditeur peut en décider" in page
    assert 'value="accept"' not in page and 'value="dismiss"' not in page
    assert (accepted.status_code, dismissed.status_code) == (403, 403)
    assert not CasualtyFigure.objects.exists()
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.PENDING


def test_a_reporter_accepts_a_toll_on_a_draft(reporter_client, story, authorities):
    article = dispatch(story, "Syrie : des soldats turcs tués", sent=THIRD, status=Article.Status.DRAFT)
    suggestion = toll_suggestion(article, 29, source=authorities)

    decide(reporter_client, suggestion, "accept")

    assert article.casualty_figures.get().count == 29


def test_a_reporter_may_neither_take_an_agency_version_nor_see_a_kill_away(reporter_client, story):
    article = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND)
    pending = PendingAgencyVersion.objects.create(article=article, wire_version=3, values={"headline": "Nouveau"})
    notice = AgencyNotice.objects.create(article=article, kind=AgencyNotice.Kind.WITHHOLD)

    taken = decide(reporter_client, pending, "take")
    seen = reporter_client.post(reverse("admin:desk_queue_decide", args=["notice", notice.pk, "seen"]))

    assert (taken.status_code, seen.status_code) == (403, 403)
    assert PendingAgencyVersion.objects.exists() and AgencyNotice.objects.unseen().exists()


def test_an_editor_takes_an_agency_version_from_the_queue(editor_client, story):
    article = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND)
    pending = PendingAgencyVersion.objects.create(
        article=article, wire_version=3, values={"headline": "Syrie : au moins 29 soldats turcs tués"}
    )

    response = decide(editor_client, pending, "take")

    article.refresh_from_db()
    assert article.headline == "Syrie : au moins 29 soldats turcs tués"
    assert "Version d'agence reprise" in text(response)
    assert not PendingAgencyVersion.objects.exists()


def test_when_the_headline_would_disagree_the_same_step_offers_it_with_the_new_number(
    editor_client, story, authorities
):
    article = dispatch(story, "Syrie : au moins 22 soldats turcs tués dans une frappe", sent=THIRD)
    figure(article, 22, source=authorities, reported_at=SECOND)
    suggestion = toll_suggestion(article, 29, source=authorities)

    page = text(editor_client.get(reverse(QUEUE)))
    decide(
        editor_client, suggestion, "accept_headline", headline="Syrie : au moins 29 soldats turcs tués dans une frappe"
    )

    assert "Accepter et titrer" in page and "« Syrie : au moins 29 soldats turcs tués dans une frappe »" in page
    article.refresh_from_db()
    assert article.headline == "Syrie : au moins 29 soldats turcs tués dans une frappe"
    assert article.current_tolls()[0].count == 29


def test_the_headline_offer_takes_the_agencys_new_headline_when_it_has_one(editor_client, story, authorities):
    article = dispatch(story, "Syrie : 22 militaires tués (desk)", sent=THIRD)
    figure(article, 22, source=authorities, reported_at=SECOND)
    PendingAgencyVersion.objects.create(
        article=article, wire_version=4, values={"headline": "Syrie : le bilan s'alourdit à 29 soldats tués"}
    )
    suggestion = toll_suggestion(article, 29, source=authorities)

    page = text(editor_client.get(reverse(QUEUE)))
    decide(editor_client, suggestion, "accept_headline", headline="Syrie : le bilan s'alourdit à 29 soldats tués")

    assert "Accepter avec le titre de l'agence" in page
    article.refresh_from_db()
    assert article.headline == "Syrie : le bilan s'alourdit à 29 soldats tués"


def test_reporters_are_not_offered_the_headline(reporter_client, story, authorities):
    article = dispatch(story, "Syrie : 22 soldats tués", sent=THIRD, status=Article.Status.DRAFT)
    figure(article, 22, source=authorities, reported_at=SECOND)
    suggestion = toll_suggestion(article, 29, source=authorities)

    page = text(reporter_client.get(reverse(QUEUE)))
    refused = decide(reporter_client, suggestion, "accept_headline", headline="Syrie : 29 soldats tués")

    assert "Accepter et titrer" not in page and 'value="accept"' in page
    assert refused.status_code == 403


def test_the_queue_is_paginated(editor_client, story, authorities):
    article = dispatch(story, "Syrie : des soldats turcs tués", sent=THIRD)
    for count in range(1, 31):
        aged(toll_suggestion(article, count, source=authorities), count)

    first = editor_client.get(reverse(QUEUE))
    second = editor_client.get(reverse(QUEUE), {"page": 2})
    past_the_end = editor_client.get(reverse(QUEUE), {"page": 9})
    odd = editor_client.get(reverse(QUEUE), {"page": "deux"})

    assert [item.what for item in first.context["items"]][:2] == [
        "au moins un soldat turc tué",
        "au moins 2 soldats turcs tués",
    ]
    assert (len(first.context["items"]), len(second.context["items"])) == (25, 5)
    assert second.context["items"][-1].what == "au moins 30 soldats turcs tués"
    assert past_the_end.context["page"].number == 2  # the last page, after its last item was decided
    assert odd.context["page"].number == 1


def test_the_admin_index_lists_the_queue_with_its_count(editor_client, story, authorities):
    article = dispatch(story, "Syrie : des soldats turcs tués", sent=THIRD)
    toll_suggestion(article, 29, source=authorities)
    toll_suggestion(article, 31, source=authorities)

    page = text(editor_client.get(reverse("admin:index")))

    assert "2 éléments à vérifier" in page
    assert page.count(reverse(QUEUE)) >= 2  # the count's box and the app list's entry


def test_users_outside_the_desk_never_see_the_queue(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="stagiaire"))

    assert client.get(reverse(QUEUE)).status_code == 403


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_an_agency_kill_or_hold_of_a_published_article_waits_in_the_queue(editor_client, ingest, status):
    ingest(("v1.json", ninjs()), publish=True)
    ingest(("v2.json", ninjs(version="2", pubStatus=status)))

    notice = AgencyNotice.objects.get()
    page = text(editor_client.get(reverse(QUEUE)))

    assert notice.kind == status and notice.wire_version == 2 and notice.file_name == "v2.json"
    assert notice.get_kind_display().capitalize() in page


def test_unedited_agency_copy_given_the_new_number_still_takes_the_agencys_next_headline(
    editor_client, ingest, authorities
):
    ingest(("v1.json", ninjs(headlines=[{"role": "main", "value": "Syrie : 22 soldats turcs tués"}])), publish=True)
    article = Article.objects.get()
    figure(article, 22, source=authorities, reported_at=SECOND)
    suggestion = toll_suggestion(article, 29, source=authorities)

    decide(editor_client, suggestion, "accept_headline", headline="Syrie : 29 soldats turcs tués")
    ingest(("v2.json", ninjs(version="2", headlines=[{"role": "main", "value": "Syrie : le bilan monte à 29 morts"}])))

    article.refresh_from_db()
    assert article.headline == "Syrie : le bilan monte à 29 morts"
    assert not PendingAgencyVersion.objects.exists()


def test_the_queue_page_costs_the_same_queries_for_five_items_as_for_twenty_five(
    editor_client, story, authorities, django_assert_max_num_queries
):
    article = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=THIRD)
    figure(article, 22, source=authorities, reported_at=SECOND)

    def fill(count):
        for n in range(count):
            other = dispatch(story, f"Syrie : dépêche {n}", sent=THIRD)
            toll_suggestion(article, 100 + n + Suggestion.objects.count(), source=authorities)
            quote_suggestion(other, f"Nous répondrons {n}", source=authorities)
            PendingAgencyVersion.objects.create(article=other, values={"headline": f"Nouveau titre {n}"})
            AgencyNotice.objects.create(article=other, kind=AgencyNotice.Kind.KILL)

    fill(2)
    with django_assert_max_num_queries(20) as few:
        editor_client.get(reverse(QUEUE))
    fill(6)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert len(editor_client.get(reverse(QUEUE)).context["items"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_headline_that_changed_since_the_queue_was_shown_is_not_taken(editor_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 22 soldats turcs tués", sent=THIRD)
    figure(article, 22, source=authorities, reported_at=SECOND)
    suggestion = toll_suggestion(article, 29, source=authorities)

    response = decide(editor_client, suggestion, "accept_headline", headline="Syrie : un titre d'avant")

    assert "le titre proposé a changé" in text(response)
    article.refresh_from_db()
    assert article.headline == "Syrie : au moins 22 soldats turcs tués"
    assert not article.casualty_figures.filter(count=29).exists()


def test_taking_an_agency_version_brings_its_toll_into_the_queue(
    editor_client, story, authorities, django_capture_on_commit_callbacks
):
    article = dispatch(
        story, "Syrie : au moins 22 soldats turcs tués", sent=SECOND, body="<p>Texte de la rédaction.</p>"
    )
    pending = PendingAgencyVersion.objects.create(
        article=article, wire_version=3, values={
            "headline": "Syrie : au moins 29 soldats turcs tués",
            "body": "<p>Au moins 29 soldats turcs ont été tués, selon un nouveau bilan des autorités turques.</p>",
        },
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        decide(editor_client, pending, "take")
    run_queued_tasks()  # the worker reads the copy taken
    response = editor_client.get(reverse(QUEUE))

    assert [(item.kind, item.what) for item in response.context["items"]] == [
        ("Bilan suggéré", "au moins 29 soldats turcs tués")
    ]


@pytest.mark.parametrize(("status", "after"), [("canceled", "withdrawn"), ("withheld", "draft")])
def test_a_kill_refused_to_a_reporter_waits_for_an_editor_who_applies_it(
    editor_client, reporter, ingest, status, after
):
    ingest(("v1.json", ninjs()), publish=True)
    report = ingest(("v2.json", ninjs(version="2", pubStatus=status)), user=reporter)
    assert report.counts["skipped"] == 1 and Article.objects.get().status == "published"
    notice = AgencyNotice.objects.get()

    page = text(editor_client.get(reverse(QUEUE)))
    response = editor_client.post(reverse("admin:desk_queue_decide", args=["notice", notice.pk, "apply"]), follow=True)

    assert "Refusée à l'import d'un rédacteur : l'article est toujours publié." in page
    assert 'value="apply"' in page
    assert Article.objects.get().status == after
    assert not Article.objects.published().exists()
    assert "Appliqué" in text(response) and rows(response) == []


def test_a_reporter_may_not_apply_a_refused_kill(reporter_client, reporter, ingest):
    ingest(("v1.json", ninjs()), publish=True)
    ingest(("v2.json", ninjs(version="2", pubStatus="canceled")), user=reporter)
    notice = AgencyNotice.objects.get()

    refused = reporter_client.post(reverse("admin:desk_queue_decide", args=["notice", notice.pk, "apply"]))

    assert refused.status_code == 403
    assert Article.objects.published().exists()


def test_a_recorded_toll_waits_in_the_queue_until_an_editor_confirms_it(editor_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    earlier = figure(article, 22, source=authorities, reported_at=SECOND)
    recorded = figure(
        article, 29, source=authorities, reported_at=THIRD, supersedes=earlier, from_wire=True, awaiting_review=True
    )

    page = editor_client.get(reverse(QUEUE))
    assert ("recorded", recorded.pk) in rows(page)
    assert "Bilan relevé dans la dépêche" in text(page) and "Confirmer" in text(page)

    url = reverse("admin:desk_queue_decide", args=["recorded", recorded.pk, "confirm"])
    answer = editor_client.post(url, follow=True)

    assert answer.status_code == 200 and "Bilan vérifié" in text(answer)
    assert CasualtyFigure.objects.get(pk=recorded.pk).awaiting_review is False
    assert ("recorded", recorded.pk) not in rows(editor_client.get(reverse(QUEUE)))


def test_a_reporter_may_not_confirm_a_recorded_toll_on_published_copy(reporter_client, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    recorded = figure(article, 29, source=authorities, reported_at=THIRD, from_wire=True, awaiting_review=True)

    url = reverse("admin:desk_queue_decide", args=["recorded", recorded.pk, "confirm"])

    assert reporter_client.post(url).status_code == 403
    assert CasualtyFigure.objects.get(pk=recorded.pk).awaiting_review is True
