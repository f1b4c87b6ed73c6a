"""The editors' admin through the test client: who may do what, and how tolls are revised."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, CasualtyFigure, Quote
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def article_form(**overrides):
    """Return POST data for the article admin form with empty inlines."""
    data = {
        "headline": "Séisme de magnitude 6,1 dans l'est du pays",
        "slug": "seisme-magnitude-6-1",
        "standfirst": "",
        "body": "Un séisme a frappé la région.\n\nLes secours sont sur place.",
        "dateline": "Ankara",
        "agency": "AFP",
        "language": "fr",
        "tags": "Turquie, Séisme",
        "status": "draft",
        "urgency": "4",
        "correction": "",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "casualty_figures-TOTAL_FORMS": "0",
        "casualty_figures-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_quote_and_toll(data, source):
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-source": str(source.pk),
            "quotes-0-text": "« Les secours travaillent sans relâche »",
            "quotes-0-context": "a déclaré le gouverneur",
            "quotes-0-position": "1",
            "quotes-0-featured": "on",
            "casualty_figures-TOTAL_FORMS": "1",
            "casualty_figures-0-outcome": "killed",
            "casualty_figures-0-count": "12",
            "casualty_figures-0-qualifier": "at_least",
            "casualty_figures-0-victims": "personnes",
            "casualty_figures-0-victims_feminine": "on",
            "casualty_figures-0-victim_category": "civilians",
            "casualty_figures-0-source": str(source.pk),
            "casualty_figures-0-reported_at_0": timezone.localtime().strftime("%d/%m/%Y"),
            "casualty_figures-0-reported_at_1": timezone.localtime().strftime("%H:%M:%S"),
        }
    )
    return data


def test_the_two_desk_groups_exist_with_their_rights():
    reporters = Group.objects.get(name="Rédacteurs")
    editors = Group.objects.get(name="Éditeurs")
    assert not reporters.permissions.filter(codename="publish_article").exists()
    assert reporters.permissions.filter(codename="add_article").exists()
    assert editors.permissions.filter(codename="publish_article").exists()


def test_editor_writes_and_publishes_a_dispatch_with_quote_and_toll(editor_client):
    source = SourceFactory(name="", role="gouverneur de la province", kind="government")
    data = with_quote_and_toll(article_form(status="published"), source)
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.is_published()
    assert article.body == "<p>Un séisme a frappé la région.</p><p>Les secours sont sur place.</p>"
    assert sorted(t.name for t in article.tags.all()) == ["Séisme", "Turquie"]
    assert Quote.objects.get().text == "Les secours travaillent sans relâche"
    assert str(CasualtyFigure.objects.get()).startswith("au moins 12 personnes tuées, selon un gouverneur")
    assert article.created_by.username == "editrice"
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Au moins 12 personnes tuées" in page


def test_reporter_saves_a_draft_but_cannot_publish(reporter_client):
    response = reporter_client.post(ADD_URL, article_form(status="published", published_at_0="01/01/2020"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert not article.is_published()
    form_page = reporter_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="status"' not in form_page


def test_reporter_has_no_publish_or_withdraw_action(reporter_client):
    article = ArticleFactory(status="draft", published_at=None)
    changelist = reporter_client.get("/admin/articles/article/").content.decode()
    assert "publish_now" not in changelist and "Publier maintenant" not in changelist
    response = reporter_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert response.status_code in (200, 302)


def test_reporter_cannot_change_a_published_article(reporter_client):
    article = ArticleFactory()
    response = reporter_client.post(f"/admin/articles/article/{article.pk}/change/", article_form(headline="Piraté"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Piraté"


def test_editor_publishes_now_and_withdraws_with_actions_recorded_in_history(editor_client):
    draft = ArticleFactory(status="draft", published_at=None)
    old_draft = ArticleFactory(status="draft", published_at=timezone.now() - timedelta(days=2))
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [draft.pk, old_draft.pk]}
    )
    assert response.status_code == 302
    assert Article.objects.published().filter(pk__in=[draft.pk, old_draft.pk]).count() == 2
    old_draft.refresh_from_db()
    assert old_draft.published_at > timezone.now() - timedelta(minutes=1)
    confirmation = editor_client.post(
        "/admin/articles/article/", {"action": "withdraw", "_selected_action": [draft.pk]}
    )
    assert "Motif du retrait" in confirmation.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    editor_client.post(
        "/admin/articles/article/",
        {"action": "withdraw", "_selected_action": [draft.pk], "confirm": "yes", "reason": "Doublon."},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.WITHDRAWN
    assert editor_client.get(draft.get_absolute_url()).status_code == 404
    assert LogEntry.objects.filter(object_id=str(draft.pk)).count() == 2


def test_publish_now_never_breaks_an_embargo(editor_client):
    embargo = timezone.now() + timedelta(hours=3)
    embargoed = ArticleFactory(status="draft", published_at=embargo)
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [embargoed.pk]}, follow=True
    )
    embargoed.refresh_from_db()
    assert embargoed.status == Article.Status.PUBLISHED and embargoed.published_at == embargo
    assert not embargoed.is_published()
    assert "sous embargo programmé" in response.content.decode()
    assert editor_client.get(embargoed.get_absolute_url()).status_code == 404


def test_significant_update_shows_the_update_time_to_readers(editor_client):
    article = ArticleFactory(headline="Bilan provisoire")
    data = article_form(
        headline="Bilan provisoire",
        slug=article.slug,
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%d/%m/%Y"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
    )
    editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    article.refresh_from_db()
    assert article.updated_at is None
    data["significant_update"] = "on"
    editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    article.refresh_from_db()
    assert article.updated_at is not None
    assert "Mis à jour le" in editor_client.get(article.get_absolute_url()).content.decode()


def test_bad_values_are_french_errors_on_their_fields(editor_client):
    data = article_form(urgency="12", headline="")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "urgency" in errors and "inférieure ou égale à 9" in errors["urgency"][0]
    assert "headline" in errors and "obligatoire" in errors["headline"][0]
    assert not Article.objects.exists()


def test_bad_toll_range_is_refused_on_its_field(editor_client):
    source = SourceFactory()
    data = with_quote_and_toll(article_form(), source)
    data["casualty_figures-0-count_max"] = "3"
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "supérieur ou égal" in response.content.decode()
    assert not Article.objects.exists() and not CasualtyFigure.objects.exists()


def test_new_toll_is_one_click_prefilled_and_supersedes_the_current_one(editor_client):
    authorities = SourceFactory(name="les autorités turques", role="", kind="government")
    first = CasualtyFigureFactory(count=22, source=authorities)
    article = first.article
    change_page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Nouveau bilan" in change_page
    link = (
        "/admin/articles/casualtyfigure/add/?"
        + change_page.split("/admin/articles/casualtyfigure/add/?")[1].split('"')[0]
    )
    form_page = editor_client.get(link.replace("&amp;", "&"))
    form = form_page.context["adminform"].form
    assert form.initial["supersedes"] == str(first.pk)
    assert form.initial["victims"] == "soldats turcs"
    post = {
        "article": str(article.pk),
        "supersedes": str(first.pk),
        "outcome": "killed",
        "count": "29",
        "qualifier": "at_least",
        "victims": "soldats turcs",
        "victim_category": "military",
        "source": str(authorities.pk),
        "reported_at_0": timezone.localtime().strftime("%d/%m/%Y"),
        "reported_at_1": timezone.localtime().strftime("%H:%M:%S"),
    }
    response = editor_client.post("/admin/articles/casualtyfigure/add/", post)
    assert response.status_code == 302 and response["Location"].endswith(f"/article/{article.pk}/change/")
    article.refresh_from_db()
    assert [f.count for f in article.current_tolls()] == [29]
    assert article.updated_at is not None
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Premier bilan" in page and "Nouveau bilan" in page
    assert "au moins 29 soldats turcs tués, selon les autorités turques" in page


def test_reporter_cannot_revise_the_toll_of_a_published_article(reporter_client):
    first = CasualtyFigureFactory(count=22)
    post = {
        "article": str(first.article_id),
        "supersedes": str(first.pk),
        "outcome": "killed",
        "count": "29",
        "qualifier": "exact",
        "victim_category": "military",
        "reported_at_0": timezone.localtime().strftime("%d/%m/%Y"),
        "reported_at_1": timezone.localtime().strftime("%H:%M:%S"),
    }
    response = reporter_client.post("/admin/articles/casualtyfigure/add/", post)
    assert response.status_code == 200
    assert "Seul un éditeur" in response.content.decode()
    assert CasualtyFigure.objects.count() == 1


def test_view_on_site_previews_drafts_for_staff(editor_client):
    draft = ArticleFactory(status="draft", published_at=None)
    page = editor_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f"/apercu/article/{draft.pk}/" in page or "/admin/r/" in page
    assert editor_client.get(f"/apercu/article/{draft.pk}/").status_code == 200


def test_source_and_quote_admins_search(editor_client):
    SourceFactory(name="Kay Bailey Hutchison", role="ambassadrice")
    response = editor_client.get("/admin/articles/source/", {"q": "Hutchison"})
    assert "Kay Bailey Hutchison" in response.content.decode()
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Hutch", "app_label": "articles", "model_name": "quote", "field_name": "source"},
    )
    assert "Kay Bailey Hutchison" in response.content.decode()
    assert editor_client.get("/admin/articles/quote/", {"q": "x"}).status_code == 200


def test_admin_is_in_french(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert "Ajout de article" in page or "Ajouter article" in page or "Ajout" in page
    assert "Chapeau" in page and "Mise à jour importante" in page and "Enregistrer" in page
