"""Small pieces of French grammar the desk needs to write tolls and credits."""

import re
import unicodedata

NARROW_NBSP = "\u202f"

_VOWEL_START = re.compile(r"^[aeiouyhâàéèêëîïôöûüœAEIOUYHÂÀÉÈÊËÎÏÔÖÛÜŒ]")


def fold(text):
    """Return ``text`` lower-cased, without accents or extra spaces: "Soldats  turcs" equals "soldats turcs"."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def format_number(n):
    """Return ``n`` with French digit grouping: 1 250 (narrow no-break space)."""
    return f"{n:,}".replace(",", NARROW_NBSP)


def elide(word, following):
    """Return ``word`` elided before a vowel sound: "de" + "un" gives "d'"."""
    if word.endswith("e") and _VOWEL_START.match(following):
        return word[:-1] + "'"
    return word + " "


def singular(noun_phrase):
    """Return the singular of a plural French noun phrase ("soldats turcs").

    Handles the regular endings (-s, -x, -aux) word by word; editors give the
    singular explicitly for the rest.
    """
    words = []
    for word in noun_phrase.split(" "):
        lower = word.lower()
        if lower.endswith("aux") and len(word) > 4:
            word = word[:-3] + "al"
        elif lower.endswith(("s", "x")) and len(word) > 2 and not lower.endswith(("ss", "us")):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def agree(participle, *, feminine, plural):
    """Return a past participle agreed in gender and number: tué, tuées…"""
    return participle + ("e" if feminine else "") + ("s" if plural else "")


NBSP = "\u00a0"
# Runs of text typography never touches: web and mail addresses, where
# "https://", "?q=" or "a;b" must stay as typed.
_URL_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_SPACES = " \t" + NBSP + NARROW_NBSP
_STRAIGHT_QUOTES_RE = re.compile(r'"([^"\n]+)"')
_CURLY_QUOTES_RE = re.compile(r"“([^“”\n]+)”")
_OPEN_GUILLEMET_RE = re.compile(rf"«[{_SPACES}]*")
_CLOSE_GUILLEMET_RE = re.compile(rf"[{_SPACES}]*»")
# A space before a high punctuation mark becomes unbreakable; so does the gap
# after a word and before ; ! ? typed without one. A colon typed without a
# space is left alone: "10:30", "2:1".
_SPACE_BEFORE_COLON_RE = re.compile(rf"[{_SPACES}]+:")
_BEFORE_HIGH_PUNCTUATION_RE = re.compile(rf"(?:[{_SPACES}]+|(?<=[\w»)]))([;!?])")


def _typeset(text):
    text = _STRAIGHT_QUOTES_RE.sub(r"«\1»", text)
    text = _CURLY_QUOTES_RE.sub(r"«\1»", text)
    text = _OPEN_GUILLEMET_RE.sub("«" + NARROW_NBSP, text)
    text = _CLOSE_GUILLEMET_RE.sub(NARROW_NBSP + "»", text)
    text = _SPACE_BEFORE_COLON_RE.sub(NBSP + ":", text)
    # "?!" keeps its two marks together: only the first one gets the space.
    return _BEFORE_HIGH_PUNCTUATION_RE.sub(lambda m: NARROW_NBSP + m.group(1), text)


def typography(text):
    """Return plain ``text`` with French typography: « » with narrow no-break spaces, no-break spaces before : ; ! ?.

    Straight and curly double quotes become guillemets; addresses (https://…,
    www…, mail) are left exactly as typed. Applying it twice changes nothing.
    """
    out = []
    position = 0
    for url in _URL_RE.finditer(text):
        out.append(_typeset(text[position : url.start()]))
        out.append(url.group())
        position = url.end()
    out.append(_typeset(text[position:]))
    return "".join(out)
