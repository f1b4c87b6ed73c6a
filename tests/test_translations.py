"""English comes through Django's i18n: the catalogue must be complete and compiled."""

import ast
import gettext
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries(path):
    """Return (msgid, msgid_plural, [msgstr…], fuzzy) for each entry of a .po file."""
    found, current, key, fuzzy, context = [], None, None, False, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            context = ast.literal_eval(line.partition(" ")[2])
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr")):
            keyword, _, literal = line.partition(" ")
            if keyword == "msgid":
                if current:
                    found.append(current)
                current = {"msgid": "", "plural": "", "msgstr": [], "fuzzy": fuzzy, "context": context}
                fuzzy, context = False, None
            key = keyword
            value = ast.literal_eval(literal)
            if key.startswith("msgstr"):
                current["msgstr"].append(value)
            else:
                current["msgid" if key == "msgid" else "plural"] += value
        elif line.startswith('"') and current:
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                current["msgstr"][-1] += value
            else:
                current["msgid" if key == "msgid" else "plural"] += value
    if current:
        found.append(current)
    return [entry for entry in found if entry["msgid"]]


def test_every_message_has_an_english_translation():
    untranslated = [e["msgid"] for e in entries(PO) if e["fuzzy"] or not all(e["msgstr"])]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with PO.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [e["msgid"] for e in entries(PO) if not e["plural"] and translate(catalogue, e) != e["msgstr"][0]]
    assert stale == [], "run `make messages` (compilemessages) after editing the .po file"


def translate(catalogue, entry):
    if entry["context"]:
        return catalogue.pgettext(entry["context"], entry["msgid"])
    return catalogue.gettext(entry["msgid"])
