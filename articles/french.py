"""Small pieces of French grammar the desk needs to write tolls and credits."""

import re

NARROW_NBSP = "\u202f"

_VOWEL_START = re.compile(r"^[aeiouyhâàéèêëîïôöûüœAEIOUYHÂÀÉÈÊËÎÏÔÖÛÜŒ]")


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
