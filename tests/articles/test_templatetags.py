"""The article page's head tags: JSON-LD that cannot break out of its script element."""

from articles.templatetags.article_meta import json_for_script


def test_json_ld_cannot_close_its_script_element():
    printed = json_for_script({"headline": "</script><b>Tom & Jerry</b> à Nîmes"})
    assert printed == '{"headline": "\\u003C/script\\u003E\\u003Cb\\u003ETom \\u0026 Jerry\\u003C/b\\u003E à Nîmes"}'
