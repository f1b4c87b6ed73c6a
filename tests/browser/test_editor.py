"""An editor logs into the admin, publishes a dispatch with a quote and a toll, then revises the toll."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo
from articles.french import typography
from articles.models import Article, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADLINE = "Vénissieux : un entrepôt en feu, trois pompiers blessés"


def log_in(page, username="editrice", password=demo.PASSWORD):
    page.goto("/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", name="Tableau de bord de la rédaction")).to_be_visible()


def choose_in_autocomplete(page, form_prefix, field, search, choice):
    """Pick ``choice`` in the admin's autocomplete widget of ``field`` after typing ``search``."""
    page.locator(f"#{form_prefix} .field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=choice).click()
    expect(page.locator(f"#{form_prefix} .field-{field} .select2-selection__rendered")).to_contain_text(choice)


def test_an_editor_publishes_a_dispatch_with_a_quote_and_a_toll_and_readers_see_it(page, demo_desk):
    Source.objects.create(
        role="porte-parole des pompiers du Rhône",
        organisation="SDMIS",
        kind=Source.Kind.GOVERNMENT,
        country="France",
        slug="porte-parole-pompiers-rhone",
    )
    log_in(page)
    page.goto("/admin/articles/article/add/")
    # Typed key by key: the slug fills itself in from the headline as the editor types.
    page.locator("#id_headline").press_sequentially(HEADLINE)
    expect(page.locator("#id_slug")).to_have_value(re.compile(r"^venissieux-un-entrepot-en-feu"))
    # The body is a rich-text editor: paragraphs are typed as in a word processor.
    body = page.locator(".prose-editor [contenteditable=true]")
    body.click()
    page.keyboard.type("Un incendie a ravagé un entrepôt de la zone industrielle de Vénissieux.")
    page.keyboard.press("Enter")
    page.keyboard.type("Trois pompiers ont été légèrement blessés pendant l'intervention.")
    page.keyboard.press("Enter")
    page.keyboard.type('"Le feu est maîtrisé, il n\'y a plus de risque de propagation", a déclaré un porte-parole.')
    page.locator("#id_dateline").fill("Lyon")
    page.locator("#id_agency").fill("AFP")
    page.locator("#id_tags").fill("incendie, Rhône")
    page.locator("#id_status").select_option("published")

    page.locator("#quotes-group .add-row a").click()
    choose_in_autocomplete(page, "quotes-0", "source", "pompiers", "porte-parole des pompiers du Rhône")
    page.locator("#id_quotes-0-text").fill("Le feu est maîtrisé, il n'y a plus de risque de propagation")
    page.locator("#id_quotes-0-context").fill("a déclaré en fin de matinée")
    page.locator("#id_quotes-0-featured").check()

    page.locator("#casualty_figures-group .add-row a").click()
    page.locator("#id_casualty_figures-0-outcome").select_option("injured")
    page.locator("#id_casualty_figures-0-count").fill("3")
    page.locator("#id_casualty_figures-0-victims").fill("pompiers")
    choose_in_autocomplete(page, "casualty_figures-0", "source", "pompiers", "porte-parole des pompiers du Rhône")

    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .success")).to_contain_text(typography(HEADLINE))
    article = Article.objects.get(headline=typography(HEADLINE))
    assert article.is_published()
    # The editor's HTML is stored sanitised, with French typography.
    assert article.body.startswith("<p>Un incendie a ravagé un entrepôt")
    assert "<p>«\u202fLe feu est maîtrisé, il n'y a plus de risque de propagation\u202f», a déclaré" in article.body

    page.goto("/")
    page.get_by_role("link", name=typography(HEADLINE)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(typography(HEADLINE))
    expect(page.get_by_role("region", name="Bilan")).to_contain_text(
        "3 pompiers blessés, selon un porte-parole des pompiers du Rhône"
    )
    expect(page.get_by_role("figure").filter(has=page.get_by_role("blockquote"))).to_contain_text(
        "« Le feu est maîtrisé, il n'y a plus de risque de propagation »"
    )
    expect(page.get_by_role("list", name="Mots-clés")).to_contain_text("incendie")


def test_new_toll_is_one_click_from_the_current_figure_and_readers_see_the_history(page, open_page, demo_desk):
    article = demo_desk.get(slug="madagascar-cyclone-tsiory")
    current = next(figure for figure in article.current_tolls() if figure.outcome == "killed")
    # A reader already has the story open.
    reader = open_page()
    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("region", name="Bilan")).to_contain_text("Au moins 12 personnes tuées")
    log_in(page)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#casualty_figures-group .readonly", has_text=current.sentence()).get_by_role(
        "link", name="Nouveau bilan"
    ).click()

    # The new figure starts as a copy of the current one, and revises it.
    expect(page.locator("#id_supersedes")).to_have_value(str(current.pk))
    expect(page.locator("#id_count")).to_have_value("12")
    expect(page.locator("#id_victims")).to_have_value("personnes")
    page.locator("#id_count").fill("17")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("au moins 17 personnes tuées")
    expect(page).to_have_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))

    # The reader refreshes the page: no cache anywhere keeps the old toll.
    reader.reload()
    toll = reader.get_by_role("region", name="Bilan")
    expect(toll.locator(".toll-current").first).to_contain_text("Au moins 17 personnes tuées")
    # The history is folded under the current toll: the reader unfolds it.
    toll.get_by_text("Évolution du bilan", exact=True).first.click()
    history = toll.get_by_role("list", name="Évolution du bilan").first.get_by_role("listitem")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("Premier bilan : au moins 5 personnes tuées")
    expect(history.nth(1)).to_contain_text("au moins 12 personnes tuées")
    expect(history.nth(2)).to_contain_text("Nouveau bilan : au moins 17 personnes tuées")
    expect(reader.get_by_text("Mis à jour le")).to_be_visible()


def test_enter_in_the_source_autocomplete_before_it_refreshes_never_picks_the_previous_result(page, demo_desk):
    Source.objects.create(role="porte-parole des pompiers du Rhône", kind=Source.Kind.GOVERNMENT, slug="pompiers-69")
    Source.objects.create(role="préfet du Rhône", kind=Source.Kind.GOVERNMENT, slug="prefet-69")
    held = []

    def hold_prefect_search(route):
        if "pr%C3%A9fet" in route.request.url or "préfet" in route.request.url:
            held.append(route)  # answered later: the server is slow
        else:
            route.continue_()

    log_in(page)
    page.goto("/admin/articles/article/add/")
    page.locator("#quotes-group .add-row a").click()
    page.locator("#quotes-0 .field-source .select2-selection").click()
    search = page.locator(".select2-search__field")
    search.fill("pompiers")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("pompiers du Rhône")

    page.route("**/admin/autocomplete/**", hold_prefect_search)

    def prefect_search(request):
        return "/admin/autocomplete/" in request.url and ("pr%C3%A9fet" in request.url or "préfet" in request.url)

    # Enter is pressed before the answer: the request is sent (past Select2's
    # delay) and held; waited for as an event, not for a fixed time.
    with page.expect_request(prefect_search, timeout=10_000):
        search.fill("préfet")
        search.press("Enter")
    for _ in range(200):  # the route handler runs just after the request event
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the search for the new words was not held"
    rendered = page.locator("#quotes-0 .field-source .select2-selection__rendered")
    expect(rendered).not_to_contain_text("pompiers")

    held.pop().continue_()
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("préfet du Rhône")
    search.press("Enter")
    expect(rendered).to_contain_text("préfet du Rhône")


def test_the_body_editor_keeps_what_the_editor_left_after_a_save(page, demo_desk):
    article = demo_desk.get(slug="madagascar-cyclone-tsiory")
    log_in(page)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator(".prose-editor [contenteditable=true]")
    first_paragraph = body.locator("p").first
    expect(first_paragraph).to_be_visible()
    first_paragraph.click()
    page.keyboard.press("End")
    page.keyboard.type(" Ajout de la rédaction.")
    page.locator("input[name=_continue]").last.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert "Ajout de la rédaction.</p>" in article.body
    # The reloaded editor shows the saved paragraphs, not escaped HTML.
    expect(page.locator(".prose-editor [contenteditable=true]")).to_contain_text("Ajout de la rédaction.")
    expect(page.locator(".prose-editor [contenteditable=true]")).not_to_contain_text("<p>")


def test_an_editor_uploads_a_photo_from_the_article_form_and_readers_see_it_described(page, demo_desk, tmp_path):
    from tests.images.pictures import camera_jpeg
    from tests.support import run_queued_tasks

    draft = Article.objects.create(
        headline="Séisme en Anatolie : les secours fouillent les décombres",
        slug="seisme-anatolie-secours",
        body="<p>Les secouristes fouillaient encore les décombres jeudi soir.</p>",
        dateline="Malatya",
        agency="AFP",
    )
    photo = tmp_path / "MALATYA_0412.JPG"
    photo.write_bytes(camera_jpeg(2400, 1600))
    log_in(page)
    page.goto(f"/admin/articles/article/{draft.pk}/change/")

    # "+" beside the photo: the library's upload form, in a window of its own.
    with page.expect_popup() as opened:
        page.locator("#add_id_image").click()
    popup = opened.value
    refused = []
    popup.on("console", lambda message: message.type == "error" and refused.append(message.text))
    popup.locator("#id_original").set_input_files(photo)
    popup.locator("#id_alt_text").fill("Des secouristes portent une civière entre deux immeubles effondrés")
    popup.locator("#id_caption").fill("Des secouristes à Malatya, jeudi, au lendemain du séisme.")
    popup.locator("#id_credit").fill("AFP / Ozan Kose")
    popup.locator("input[name=_save]").click()
    popup.wait_for_event("close")
    assert not refused, refused

    # Back in the article: the new photo is the one chosen.
    expect(page.locator(".field-image .select2-selection__rendered")).to_contain_text("Des secouristes à Malatya")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    draft.refresh_from_db()
    assert draft.is_published() and draft.image.credit == "AFP / Ozan Kose"

    # The upload returned before its renditions: readers meanwhile get the story without a picture.
    page.goto(draft.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Séisme en Anatolie")
    described = "Des secouristes portent une civière entre deux immeubles effondrés"
    expect(page.get_by_role("img", name=described)).to_have_count(0)
    run_queued_tasks()  # the worker makes them
    page.reload()  # the reader asks again (a plain visit may reuse the browser's copy for its max-age)
    picture = page.get_by_role("img", name=described)
    expect(picture).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    expect(page.get_by_role("figure").filter(has=picture)).to_contain_text("Photo : AFP / Ozan Kose")
