"""An XSS corpus saved through the admin and read in Chromium: nothing runs, nothing breaks the page.

Every payload goes into an article's headline, standfirst and body, one of its
quotes, the quote's source name and a tag, all saved through the admin's
forms by an editor. Chromium then reads every reader page they appear on, and
the admin's lists, with the Content-Security-Policy *bypassed*: the escaping
and sanitising alone must hold; CSP is the second wall, tested elsewhere.
"""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article

from .admin_forms import add_article, add_source
from .xss_corpus import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Installed before any page script: records every attempt to run injected code.
TRAP = """
window.__fired = [];
window.xss = (n) => window.__fired.push(String(n));
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => window.__fired.push(name + ":" + args.join(","));
}
"""

# What readers' content may contain once sanitised: the body's allowed markup.
INSPECT = """
() => {
  const problems = [];
  const all = [...document.querySelectorAll("*")];
  for (const el of all) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) problems.push(`handler ${name} on <${el.localName}>`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name)
          && /^(javascript|vbscript|data):/.test(value)) problems.push(`${name}=${attr.value} on <${el.localName}>`);
    }
  }
  const allowed = new Set(["p", "a", "em", "strong", "blockquote", "ul", "ol", "li", "h2", "h3", "br", "b", "i"]);
  for (const el of document.querySelectorAll(".story .body *, .teaser-text *")) {
    if (!allowed.has(el.localName)) problems.push(`<${el.localName}> in an article's text`);
  }
  const plain = "h1 *, .standfirst *, .pull-quote blockquote p *, .tags a *, .sources a *, .quote-list blockquote p *";
  for (const el of document.querySelectorAll(plain)) {
    problems.push(`<${el.localName}> inside plain text`);
  }
  const top = [...document.body.children].map((el) => el.localName).join(",");
  if (top !== "a,header,main,footer") problems.push(`page structure changed: ${top}`);
  if (document.querySelectorAll("h1").length !== 1) problems.push(`${document.querySelectorAll("h1").length} h1`);
  const active = "base, meta[http-equiv], style, iframe, object, embed, "
    + "script:not([src]):not([type='application/ld+json'])";
  for (const el of document.querySelectorAll(active)) problems.push(`<${el.localName}> injected`);
  const data = document.querySelectorAll("script[type='application/ld+json']");
  if (data.length > 1) problems.push(`${data.length} JSON-LD blocks`);
  for (const el of data) {
    try { JSON.parse(el.textContent); } catch (e) { problems.push("JSON-LD broken: " + e.message); }
  }
  const story = document.querySelector("article.story");
  if (story && !story.querySelector(".story-footer")) problems.push("the article was closed early");
  const footer = document.querySelector("body > footer.site-footer");
  const main = document.querySelector("main");
  if (!footer || footer.getBoundingClientRect().top < main.getBoundingClientRect().bottom - 1)
    problems.push("the site footer is not below the content");
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push("the page scrolls sideways");
  for (const el of main.querySelectorAll("*")) {
    const position = getComputedStyle(el).position;
    if (position === "fixed") problems.push(`<${el.localName}> fixed over the page`);
  }
  return {fired: window.__fired, problems};
}
"""


@pytest.fixture
def corpus(editor, settings):
    """Save every payload through the admin, as an editor; return the articles."""
    desk = Client()
    desk.force_login(editor)
    articles = []
    for number, payload in enumerate(PAYLOADS, start=1):
        source = add_source(desk, name=payload[:200], slug=f"xss-source-{number}")
        articles.append(
            add_article(
                desk,
                headline=payload[:300],
                slug=f"xss-{number}",
                standfirst=payload,
                body=f"<p>Paragraphe d'ouverture.</p>{payload}<p>Paragraphe de clôture.</p>",
                # With a comma the admin's tag field splits on commas only, so the
                # payload stays one tag, spaces and all (double quotes would group
                # words instead: they become single quotes).
                tags=f"{payload[:90].replace('"', "'")}, corpus",
                quote=payload,
                source=source,
            )
        )
    return articles


@pytest.fixture
def xss_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(10_000)
    context.add_init_script(TRAP)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def read(page, url):
    """Open ``url``, give injected code its chance (focus, hover, a click), return what was found."""
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.mouse.move(400, 300)
    page.mouse.click(5, 5)
    found = page.evaluate(INSPECT)
    found["fired"] += page.dialogs
    return found


def test_no_payload_runs_or_breaks_a_page_readers_or_editors_see(corpus, xss_page, live_server, admin_user):
    assert len(PAYLOADS) >= 50
    urls = ["/"] + [f"/?page={n}" for n in range(2, len(corpus) // 20 + 2)]
    for article in corpus:
        urls.append(article.get_absolute_url())
        urls.append(article.quotes.get().source.get_absolute_url())
    urls += sorted({reverse("articles:tag", args=[tag.slug]) for tag in Tag.objects.all()})

    failures = {}
    for url in urls:
        found = read(xss_page, url)
        if found["fired"] or found["problems"]:
            failures[url] = found
    assert failures == {}

    # Shown, escaped, not silently dropped: the reader sees what was written.
    xss_page.goto(Article.objects.get(slug="xss-1").get_absolute_url())
    assert xss_page.locator("h1").inner_text() == "<script>xss(1)</script>"
    assert xss_page.locator(".standfirst").inner_text() == "<script>xss(1)</script>"
    assert "Paragraphe de clôture." in xss_page.locator(".story .body").inner_text()

    # The editors' lists show the same text: the admin escapes it too.
    desk = Client()
    desk.force_login(admin_user)
    xss_page.context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    for url in ("/admin/articles/article/?all=", "/admin/articles/source/?all=", "/admin/articles/quote/?all="):
        xss_page.goto(url)
        xss_page.mouse.move(400, 300)
        assert xss_page.evaluate("window.__fired") == [], url
        assert xss_page.dialogs == [], url
        assert xss_page.locator("#result_list").count() == 1, f"{url}: the list is not shown"


def test_a_tag_made_only_of_punctuation_does_not_break_the_article_page(editor):
    desk = Client()
    desk.force_login(editor)
    article = add_article(desk, headline="Dépêche", slug="depeche", body="<p>Texte.</p>", tags='">", corpus')
    assert Client().get(article.get_absolute_url()).status_code == 200
