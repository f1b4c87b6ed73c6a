"""Translations and dates for the pages printed in Python, looked up once per language.

An uncached article page prints some twenty messages and a handful of dates.
Django's ``gettext()`` finds the active language through a request-local
store and then searches its catalogues, every time; its ``date`` formatting
parses the format and translates the month name, every time. The catalogues
do not change while a process runs (Django loads each once), so here each
message, month name and parsed format is looked up once per language and
kept: the same text, for less.

``gettext`` keeps its name so that ``makemessages`` finds the messages.
"""

import functools
import re

from django.core.signals import setting_changed
from django.utils.dateformat import format as django_date_format
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as django_gettext

_translated = {}
_months = {}


def gettext(message):
    """Return what Django's ``gettext(message)`` returns, looked up once per language."""
    key = (get_language(), message)
    try:
        return _translated[key]
    except KeyError:
        translated = _translated[key] = django_gettext(message)
        return translated


def month_name(month):
    """Return the month's name as the ``date`` filter's "F" prints it in the current language."""
    language = get_language()
    names = _months.get(language)
    if names is None:
        names = _months[language] = {number: str(name) for number, name in MONTHS.items()}
    return names[month]


# Specifiers printed here; a format with any other goes to Django's formatter.
_SPECIFIERS = {
    "j": lambda value: str(value.day),
    "d": lambda value: f"{value.day:02d}",
    "n": lambda value: str(value.month),
    "m": lambda value: f"{value.month:02d}",
    "F": lambda value: month_name(value.month),
    "Y": lambda value: f"{value.year:04d}",
    "H": lambda value: f"{value.hour:02d}",
    "G": lambda value: str(value.hour),
    "i": lambda value: f"{value.minute:02d}",
}
# Django's own reading of a format: its specifier letters, and "\x" for a literal x.
_FORMAT_CHARACTERS = re.compile(r"(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")
_ESCAPED = re.compile(r"\\(.)")


@functools.lru_cache(maxsize=64)
def _parsed(format_string):
    """Return the format as (literal text, specifier function) pairs, or None if it has a specifier not printed here."""
    pieces = _FORMAT_CHARACTERS.split(format_string)
    parsed = []
    for index in range(0, len(pieces), 2):
        specifier = pieces[index + 1] if index + 1 < len(pieces) else None
        if specifier is not None and specifier not in _SPECIFIERS:
            return None
        parsed.append((_ESCAPED.sub(r"\1", pieces[index]), _SPECIFIERS.get(specifier)))
    return tuple(parsed)


def date_text(value, format_string):
    """Return what ``django.utils.dateformat.format(value, format_string)`` returns, for a local datetime."""
    parsed = _parsed(str(format_string))
    if parsed is None:
        return django_date_format(value, format_string)
    return "".join(text + (specifier(value) if specifier else "") for text, specifier in parsed)


def forget(setting, **kwargs):
    """Drop what was looked up when a setting that changes translations changes (tests)."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _translated.clear()
        _months.clear()


setting_changed.connect(forget, dispatch_uid="articles-i18n-forget")
