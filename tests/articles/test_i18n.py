"""Translations and dates looked up once per language print what Django prints."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.dateformat import format as django_date_format
from django.utils.dates import MONTHS

from articles import i18n

PARIS = ZoneInfo("Europe/Paris")
# Every month, single and double digits, midnight and late evening, a summer and a winter time.
MOMENTS = [
    datetime(2026, month, day, hour, minute, tzinfo=PARIS)
    for month in range(1, 13)
    for day, hour, minute in [(1, 0, 0), (9, 9, 5), (28, 23, 59)]
]
FORMATS = [
    "j F Y à H:i",
    "j F Y, H:i",
    "j F, H:i",
    "d/m/Y H\\hi",
    "\\j\\F: j n G",
    "Y-m-d",
    "D j M Y",  # a day and month abbreviation: Django's formatter prints it
    "l, N jS P",
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("format_string", FORMATS)
def test_date_text_prints_what_the_date_filter_prints(language, format_string):
    with translation.override(language):
        for moment in MOMENTS:
            assert i18n.date_text(moment, format_string) == django_date_format(moment, format_string)


def messages_of_the_catalogue():
    po = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text()
    return [m for m in (line[7:-1] for line in text.splitlines() if line.startswith('msgid "')) if m and "\\" not in m]


def test_gettext_gives_each_language_its_translation_again_and_again():
    messages = messages_of_the_catalogue()
    assert len(messages) > 100
    for _ in range(2):  # the second round reads what the first kept
        for language in ("fr", "en", "fr"):
            with translation.override(language):
                assert [i18n.gettext(m) for m in messages] == [translation.gettext(m) for m in messages]
    with translation.override("en"):
        assert i18n.gettext("Dernières Infos") == "Latest news"
        assert i18n.month_name(8) == "August"
    with translation.override("fr"):
        assert i18n.gettext("Dernières Infos") == "Dernières Infos"
        assert [i18n.month_name(n) for n in range(1, 13)] == [str(MONTHS[n]) for n in range(1, 13)]
        assert i18n.month_name(8) == "août"


def test_a_translation_setting_change_forgets_what_was_looked_up(settings):
    with translation.override("en"):
        i18n.gettext("Dernières Infos")
        i18n.month_name(1)
    assert i18n._translated and i18n._months
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]
    assert not i18n._translated and not i18n._months


def test_dates_near_a_change_of_hour_are_printed_in_the_time_they_show():
    moment = datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC"))
    for step in range(4):
        local = (moment + timedelta(minutes=30 * step)).astimezone(PARIS)
        assert i18n.date_text(local, "j F Y à H:i") == django_date_format(local, "j F Y à H:i")
