"""The article pages' tags written in Python print what the template filters printed."""

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import date
from django.utils import translation
from django.utils.timezone import template_localtime

from articles.templatetags.article_meta import json_for_script
from articles.templatetags.teasers import iso_datetime, list_datetime

MOMENTS = [
    datetime(2026, 11, 27, 21, 41, 13, 780420, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the night the clocks change in Paris
    datetime(2027, 1, 1, 8, 5, tzinfo=UTC),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_card_dates_read_as_the_date_filter_prints_them(language, moment):
    with translation.override(language):
        local = template_localtime(moment)
        assert list_datetime(moment) == date(local, "j F Y, H:i")
        assert iso_datetime(moment) == date(local, "c")


def test_json_ld_cannot_close_its_script_element():
    printed = json_for_script({"headline": "</script><b>Tom & Jerry</b> à Nîmes"})
    assert printed == '{"headline": "\\u003C/script\\u003E\\u003Cb\\u003ETom \\u0026 Jerry\\u003C/b\\u003E à Nîmes"}'
