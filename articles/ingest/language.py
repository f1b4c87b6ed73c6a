"""The language of a wire item: its own, else what its text is written in, else the feed's; never a silent "fr".

The detector is py3langid, which ships its model inside the package: nothing
is downloaded at run time, and a dispatch takes about a millisecond.
"""

from functools import cache

from django.utils.translation import gettext as _

from articles.teaser import html_to_text

# Under this many words, or below this confidence, the detector's answer is a guess: the feed's default wins.
MIN_WORDS = 4
MIN_CONFIDENCE = 0.45
# What the detector reads of a long dispatch: plenty to tell a language, and quick.
MAX_CHARS = 2000


@cache
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect(text):
    """Return the ISO 639-1 code of the language ``text`` is written in, "" when too short or unsure."""
    text = " ".join(text.split())[:MAX_CHARS]
    if len(text.split()) < MIN_WORDS:
        return ""
    code, confidence = _identifier().classify(text)
    return code if confidence >= MIN_CONFIDENCE else ""


def settle(item, *, default=""):
    """Give ``item`` its language: its own (the item's, or its document's baselang/xml:lang), else its text's, else
    ``default`` (the feed's). With none of these, it stays empty and a note says so: never a silent French."""
    if item.language or item.kind != "text":
        return
    raw = item.body[: MAX_CHARS * 4]
    body = html_to_text(raw) if item.body_is_html is not False else raw
    item.language = detect(" ".join((item.headline, item.standfirst, body))) or default
    if not item.language:
        item.notes.append(_("langue inconnue : ni indiquée par l'agence ni reconnue dans le texte (à préciser)"))
