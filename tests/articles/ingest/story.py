"""A developing story as agencies send it, in our own words: one dispatch in versions 1 to 4 (tolls 9, 22, 29
and 33 Turkish soldiers killed, according to the Turkish authorities), then the same as four new dispatches
sharing one slugline. Used by the ingest tests and by bench/story.py."""

import json

SLUGLINE = "Syrie-Turquie-conflit"
# The agency's times of each version: what the tolls must be dated by.
TIMES = ("2026-12-03T19:05:00Z", "2026-12-03T19:48:00Z", "2026-12-03T20:37:00Z", "2026-12-03T21:52:00Z")
COUNTS = (9, 22, 29, 33)
WORDS = {9: "neuf", 22: "22", 29: "29", 33: "33"}

NEWSML_VERSION = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}" standard="NewsML-G2"
    standardversion="2.29" xml:lang="fr">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:AFP"/>
    <versionCreated>{time}</versionCreated>
    <firstCreated>{first}</firstCreated>
    <pubStatus qcode="stat:usable"/>
{links}  </itemMeta>
  <contentMeta>
    <urgency>{urgency}</urgency>
    <located><name>Ankara</name></located>
    <slugline>{slugline}</slugline>
    <headline>{headline}</headline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>{body}</body.content></body></nitf>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def headline(count):
    return f"Syrie : au moins {WORDS[count]} soldats turcs tués dans une frappe à Idleb"


def body(step):
    """Return the NITF body of the ``step``-th toll (0 to 3): the new toll, then the earlier one as such."""
    count = COUNTS[step]
    if step == 0:
        lead = (
            f"<p>Au moins {count} soldats turcs ont été tués jeudi dans une frappe aérienne attribuée au régime "
            "syrien dans la province d'Idleb, selon les autorités turques.</p>"
        )
    else:
        lead = (
            f"<p>Au moins {count} soldats turcs ont été tués jeudi dans une frappe aérienne attribuée au régime "
            "syrien dans la province d'Idleb, selon un nouveau bilan des autorités turques.</p>"
            f"<p>Un précédent bilan faisait état de {COUNTS[step - 1]} soldats tués.</p>"
        )
    return lead + (
        "<p>Le président turc a réuni d'urgence son conseil de sécurité à Ankara, où les appels à la "
        "retenue se sont multipliés dans la soirée.</p>"
    )


def version(step, *, guid="urn:newsml:afp.com:20261203:TX-SYR-TUR", links=()):
    """Return (name, bytes) of version ``step + 1`` of one NewsML-G2 dispatch."""
    count = COUNTS[step]
    link_lines = "".join(f'    <link rel="irel:evolvedFrom" residref="{link}"/>\n' for link in links)
    text = NEWSML_VERSION.format(
        guid=guid,
        version=step + 1,
        time=TIMES[step],
        first=TIMES[0],
        links=link_lines,
        urgency=2,
        slugline=SLUGLINE,
        headline=headline(count),
        body=body(step),
    )
    return f"{guid.rsplit(':', 1)[-1]}-v{step + 1}.xml", text.encode()


def versions():
    """The dispatch in versions 1 to 4."""
    return [version(step) for step in range(4)]


def leads(slugline=SLUGLINE):
    """The same story as four new dispatches (ninjs 2.x, as dpa or TT send it) sharing one slugline."""
    files = []
    for step, count in enumerate(COUNTS):
        item = {
            "uri": f"urn:newsml:afp.com:20261203:TX-SYR-TUR-{step + 1}",
            "type": "text",
            "version": "1",
            "versioncreated": TIMES[step],
            "language": "fr",
            "urgency": 2,
            "slugline": slugline if step != 2 else slugline.upper() + "-3",
            "headlines": [{"role": "main", "value": headline(count)}],
            "bodies": [{"role": "main", "contenttype": "text/html", "value": body(step)}],
            "infosources": [{"name": "AFP"}],
            "located": "Ankara",
        }
        files.append((f"lead-{step + 1}.json", json.dumps(item, ensure_ascii=False).encode()))
    return files
