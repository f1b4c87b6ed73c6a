"""Posting through the editors' admin as a browser would: full forms, inlines included."""

from django.utils import timezone

from articles.models import Article, Source


def _inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_source(client, *, name, role="porte-parole", slug):
    """Create a source through the admin's add form; return it."""
    response = client.post(
        "/admin/articles/source/add/",
        {"name": name, "role": role, "organisation": "", "kind": "person", "gender": "m", "country": "", "slug": slug},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Source.objects.get(slug=slug)


def add_article(client, *, headline, slug, body, standfirst="", tags="", quote=None, source=None, **extra):
    """Publish an article through the admin's add form, with one quote if given; return it."""
    now = timezone.localtime() - timezone.timedelta(minutes=1)
    data = {
        "headline": headline,
        "slug": slug,
        "standfirst": standfirst,
        "body": body,
        "dateline": "Paris",
        "agency": "AFP",
        "language": "fr",
        "tags": tags,
        "status": "published",
        "urgency": "5",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "updated_at_0": "",
        "updated_at_1": "",
        "correction": "",
        **_inline_management("quotes", 1 if quote else 0),
        **_inline_management("casualty_figures", 0),
        **extra,
    }
    if quote:
        data.update(
            {
                "quotes-0-source": str(source.pk),
                "quotes-0-featured": "on",
                "quotes-0-position": "0",
                "quotes-0-text": quote,
                "quotes-0-context": "a-t-il déclaré",
            }
        )
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, _form_errors(response)
    return Article.objects.get(slug=slug)


def add_toll(client, article, *, count, victims="civils", supersedes=None, source=None):
    """Record a casualty figure through the admin's "Nouveau bilan" form; return the response.

    On a published article the figure needs ``source``: the admin refuses an unattributed toll.
    """
    now = timezone.localtime()
    data = {
        "article": str(article.pk),
        "outcome": "killed",
        "qualifier": "at_least",
        "count": str(count),
        "count_max": "",
        "victims": victims,
        "victims_singular": "",
        "victim_category": "civilians",
        "country": "",
        "location": "",
        "occurred_on": "",
        # A published article's toll names its source (the attribution gate).
        "source": str(source.pk) if source else "",
        "reported_at_0": now.strftime("%Y-%m-%d"),
        "reported_at_1": now.strftime("%H:%M:%S"),
        "supersedes": str(supersedes.pk) if supersedes else "",
    }
    response = client.post("/admin/articles/casualtyfigure/add/", data)
    assert response.status_code == 302, _form_errors(response)
    return response


def run_action(client, model, action, *objects):
    """Run an admin list action ("publish_now", "withdraw") on ``objects``."""
    response = client.post(
        f"/admin/articles/{model}/",
        {"action": action, "_selected_action": [str(obj.pk) for obj in objects], "index": "0"},
    )
    assert response.status_code == 302, _form_errors(response)
    return response


def _form_errors(response):
    context = getattr(response, "context", None)
    if context and "adminform" in context:
        errors = [context["adminform"].form.errors]
        errors += [formset.errors for formset in context.get("inline_admin_formsets", [])]
        errors += [
            getattr(f.formset, "non_form_errors", lambda: "")() for f in context.get("inline_admin_formsets", [])
        ]
        return f"status {response.status_code}: {errors}"
    return f"status {response.status_code}: {response.content.decode()[:1500]}"
