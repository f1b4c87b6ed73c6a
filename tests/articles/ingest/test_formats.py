"""The other formats agencies send: ninjs 1.x, NewsML-G2 without a namespace, standalone NITF, AFP NewsML 1.2."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def one(ingest, name, data, **options):
    report = ingest((name, data), **options)
    assert [result.outcome for result in report.results] == ["created"], report.results
    return Article.objects.get(pk=report.results[0].article_id)


# ninjs 1.x


def ninjs1(**fields):
    item = {
        "uri": "http://bulletin.example.net/2026/12/04/ankara-frappes",
        "type": "text",
        "version": "1",
        "versioncreated": "2026-12-04T08:05:00+01:00",
        "language": "fr",
        "headline": "La Turquie riposte après la mort de ses soldats",
        "byline": "Ayse Kaya",
        "located": "Ankara",
        "subject": [
            {"name": "conflit armé", "code": "16000000", "scheme": "http://cv.iptc.org/newscodes/mediatopic/"},
            {"code": "16009000"},
        ],
        "description_text": "Ankara promet une réponse « proportionnée ».",
        "body_xhtml": "<div><p>La Turquie a frappé des positions syriennes.</p><p>Le bilan reste flou.</p></div>",
    }
    item.update(fields)
    return json.dumps({key: value for key, value in item.items() if value is not None}, ensure_ascii=False).encode()


def test_ninjs_1_reads_headline_xhtml_body_byline_subjects_and_standfirst(ingest):
    article = one(ingest, "ninjs1.json", ninjs1())

    assert article.headline == "La Turquie riposte après la mort de ses soldats"
    assert article.body == "<p>La Turquie a frappé des positions syriennes.</p><p>Le bilan reste flou.</p>"
    assert (article.byline, article.dateline) == ("Ayse Kaya", "Ankara")
    assert article.standfirst == "Ankara promet une réponse « proportionnée »."
    assert list(article.tags.names()) == ["conflit armé"]
    assert article.wire_version_created == datetime(2026, 12, 4, 7, 5, tzinfo=UTC)
    history = LogEntry.objects.get(object_id=str(article.pk)).change_message
    assert history.startswith("Importée du fil (ninjs 1, version 1, fichier ninjs1.json, signée Ayse Kaya)")


def test_ninjs_1_plain_text_body_html_standfirst_and_place(ingest):
    data = ninjs1(
        body_xhtml=None,
        located=None,
        description_text=None,
        description_html="<p>Ankara promet une <b>réponse</b>.</p>",
        place=[{"name": "Ankara", "code": "TUR"}],
        body_text="La Turquie a frappé\ndes positions syriennes.\n\nLe bilan\nreste flou.",
    )
    article = one(ingest, "ninjs1.json", data)

    assert article.body == "<p>La Turquie a frappé des positions syriennes.</p><p>Le bilan reste flou.</p>"
    assert (article.standfirst, article.dateline) == ("Ankara promet une réponse.", "Ankara")


# NewsML-G2 without a namespace (a TT-style newsMessage)

TT_MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage>
  <header><sent>2026-12-04T09:12:00+01:00</sent><sender>tt.se</sender></header>
  <itemSet>
    <newsItem guid="urn:newsml:tt.se:20261204:tt-forsvar-0042" version="3" standard="NewsML-G2" xml:lang="sv">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider literal="TT"/>
        <versionCreated>2026-12-04T09:10:00+01:00</versionCreated>
        <firstCreated>2026-12-04T07:30:00+01:00</firstCreated>
        <pubStatus qcode="stat:usable"/>
      </itemMeta>
      <contentMeta>
        <urgency>4</urgency>
        <creator><name>Karin Lund</name></creator>
        <subject type="cpnat:abstract" qcode="medtop:11000000"><name xml:lang="sv">Politik</name></subject>
        <headline>Försvarsbudgeten höjs 2027</headline>
        <description role="drol:summary">Regeringen föreslår en kraftig ökning.</description>
        <located><name>Stockholm</name></located>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html><head><title>Försvarsbudgeten höjs 2027</title></head><body>
            <h1>Försvarsbudgeten höjs 2027</h1>
            <p>2023</p><p>Försvaret får mer pengar.</p>
          </body></html>
        </inlineXML>
      </contentSet>
    </newsItem>
    <newsItem guid="urn:newsml:tt.se:20261204:tt-bild-0043" version="1" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:picture"/><provider literal="TT"/></itemMeta>
      <contentMeta><headline>Bild: riksdagen</headline></contentMeta>
    </newsItem>
  </itemSet>
</newsMessage>
"""


def test_a_newsml_g2_message_without_namespace_is_read_like_one_with_it(ingest):
    report = ingest(("tt.xml", TT_MESSAGE.encode()))

    # The picture item carries no file: nothing for the picture library, and no article.
    assert [result.outcome for result in report.results] == ["created", "skipped"]
    assert report.results[1].reason == "photo sans fichier ni lien : rien à ajouter à la photothèque"
    article = Article.objects.get(wire_id="urn:newsml:tt.se:20261204:tt-forsvar-0042")
    assert (article.headline, article.language, article.wire_version) == ("Försvarsbudgeten höjs 2027", "sv", 3)
    assert article.body == "<p>2023</p><p>Försvaret får mer pengar.</p>"
    assert (article.byline, article.dateline, article.standfirst) == (
        "Karin Lund",
        "Stockholm",
        "Regeringen föreslår en kraftig ökning.",
    )
    assert article.wire_first_created == datetime(2026, 12, 4, 6, 30, tzinfo=UTC)
    assert list(article.tags.names()) == ["Politik"]


# Standalone NITF


def nitf(*, doc_id='regsrc="TT" id-string="tt-2026-12-04-0042"', status="usable", release="", version="2"):
    return f"""<?xml version="1.0" encoding="ISO-8859-1"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="sv">
  <head>
    <title>Stormen Babet drar in över Skåne</title>
    <tobject tobject.type="news">
      <tobject.subject tobject.subject.refnum="17000000" tobject.subject.matter="Väder"/>
    </tobject>
    <docdata management-status="{status}">
      <doc-id {doc_id}/>
      <urgency ed-urg="3"/>
      <date.issue norm="20261204T063000+0100"/>
      {release}
      <du-key key="storm-skane" version="{version}"/>
      <doc.copyright holder="TT" year="2026"/>
      <key-list><keyword key="Skåne"/></key-list>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Stormen Babet drar in över Skåne</hl1></hedline>
      <byline>Av Per Holm</byline>
      <dateline><location><city>Malmö</city></location></dateline>
      <abstract><p>SMHI varnar för orkanbyar.</p></abstract>
    </body.head>
    <body.content>
      <p>Vinden tilltar under natten.</p>
      <hl2>Tåg inställda</hl2>
      <block><p>Öresundstågen stoppas.</p></block><block>Färjorna ligger kvar.</block>
    </body.content>
  </body>
</nitf>
""".encode("iso-8859-1")


def test_a_standalone_nitf_document_maps_every_field(ingest):
    article = one(ingest, "tt.nitf.xml", nitf())

    assert article.wire_id == "TT:tt-2026-12-04-0042"
    assert (article.headline, article.byline, article.dateline) == (
        "Stormen Babet drar in över Skåne",
        "Av Per Holm",
        "Malmö",
    )
    assert article.standfirst == "SMHI varnar för orkanbyar."
    assert article.body == (
        "<p>Vinden tilltar under natten.</p><h2>Tåg inställda</h2>"
        "<p>Öresundstågen stoppas.</p><p>Färjorna ligger kvar.</p>"
    )
    assert (article.language, article.urgency, article.agency, article.wire_version) == ("sv", 3, "TT", 2)
    assert article.wire_first_created == datetime(2026, 12, 4, 5, 30, tzinfo=UTC)
    assert sorted(article.tags.names()) == ["Skåne", "Väder"]


def test_an_embargoed_nitf_is_held_until_its_release(ingest):
    release = (timezone.now() + timedelta(hours=2)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    article = one(ingest, "tt.xml", nitf(status="embargoed", release=f'<date.release norm="{release}"/>'), publish=True)

    assert article.published_at > timezone.now() + timedelta(hours=1)
    assert not article.is_published()


def test_a_nitf_without_identifier_is_refused_with_a_reason(ingest):
    report = ingest(("sans-id.xml", nitf(doc_id='regsrc="TT"')))

    assert [(result.outcome, result.reason) for result in report.results] == [
        ("failed", "identifiant manquant (« doc-id » de NITF)")
    ]
    assert not Article.objects.exists()


# AFP NewsML 1.2


def afp(*, revision=1, status="Usable", headline="Syrie : au moins 29 soldats turcs tués à Idleb", content=None):
    content = content or (
        '<ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF"/>'
        '<MimeType FormalName="text/vnd.IPTC.NITF"/>'
        "<DataContent><nitf><body><body.content><p>IDLEB (Syrie), 4 déc 2026 (AFP) - Au moins 29 soldats turcs ont "
        "été tués jeudi.</p><p>Ankara a riposté dans la nuit.</p></body.content></body></nitf></DataContent>"
        "</ContentItem>"
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<NewsML Version="1.2">
  <NewsEnvelope><DateAndTime>20261204T081000Z</DateAndTime><NewsService FormalName="AFP-FR"/></NewsEnvelope>
  <NewsItem xml:lang="fr">
    <Identification>
      <NewsIdentifier>
        <ProviderId>afp.com</ProviderId><DateId>20261204</DateId><NewsItemId>TX-PAR-SYR29</NewsItemId>
        <RevisionId PreviousRevision="{revision - 1}" Update="N">{revision}</RevisionId>
        <PublicIdentifier>urn:newsml:afp.com:20261204:TX-PAR-SYR29:{revision}</PublicIdentifier>
      </NewsIdentifier>
    </Identification>
    <NewsManagement>
      <NewsItemType FormalName="News"/>
      <FirstCreated>20261204T080500Z</FirstCreated>
      <ThisRevisionCreated>20261204T{8 + revision:02d}3000Z</ThisRevisionCreated>
      <Status FormalName="{status}"/>
      <Urgency FormalName="2"/>
    </NewsManagement>
    <NewsComponent>
      <NewsLines>
        <HeadLine>{headline}</HeadLine>
        <ByLine>Par Ayse Kaya</ByLine>
        <DateLine>IDLEB (Syrie), 4 déc 2026 (AFP)</DateLine>
        <CopyrightLine>© AFP 2026</CopyrightLine>
        <KeywordLine>Syrie</KeywordLine><KeywordLine>Turquie</KeywordLine>
      </NewsLines>
      <AdministrativeMetadata><Provider><Party FormalName="AFP"/></Provider></AdministrativeMetadata>
      <DescriptiveMetadata>
        <Language FormalName="fr"/>
        <Location><Property FormalName="Country" Value="SYR"/><Property FormalName="City" Value="Idleb"/></Location>
      </DescriptiveMetadata>
      <NewsComponent>
        <ContentItem><MediaType FormalName="Photo"/><Format FormalName="JPEG Baseline"/></ContentItem>
      </NewsComponent>
      {content}
    </NewsComponent>
  </NewsItem>
</NewsML>
""".encode()


def test_an_afp_newsml_1_item_maps_every_field(ingest):
    article = one(ingest, "afp.xml", afp())

    assert article.wire_id == "urn:newsml:afp.com:20261204:TX-PAR-SYR29"
    assert article.headline == "Syrie : au moins 29 soldats turcs tués à Idleb"
    assert article.body == (
        "<p>IDLEB (Syrie), 4 déc 2026 (AFP) - Au moins 29 soldats turcs ont été tués jeudi.</p>"
        "<p>Ankara a riposté dans la nuit.</p>"
    )
    assert (article.byline, article.dateline, article.agency, article.language) == (
        "Par Ayse Kaya",
        "Idleb",
        "AFP",
        "fr",
    )
    assert (article.urgency, article.wire_version) == (2, 1)
    assert (article.wire_first_created, article.wire_version_created) == (
        datetime(2026, 12, 4, 8, 5, tzinfo=UTC),
        datetime(2026, 12, 4, 9, 30, tzinfo=UTC),
    )
    assert sorted(article.tags.names()) == ["Syrie", "Turquie"]


def test_afp_revisions_update_the_same_article_and_a_cancellation_withdraws_it(ingest):
    one(ingest, "afp-1.xml", afp(), publish=True)
    updated = ingest(("afp-2.xml", afp(revision=2, headline="Syrie : au moins 33 soldats turcs tués à Idleb")))
    assert [result.outcome for result in updated.results] == ["updated"]
    article = Article.objects.get()
    assert (article.headline, article.wire_version) == ("Syrie : au moins 33 soldats turcs tués à Idleb", 2)

    ingest(("afp-3.xml", afp(revision=3, status="Canceled")))
    assert Article.objects.get().status == Article.Status.WITHDRAWN


def test_an_afp_plain_text_body_joins_its_wrapped_lines(ingest):
    content = (
        '<ContentItem><MediaType FormalName="Text"/><MimeType FormalName="text/plain"/><DataContent>'
        "IDLEB (Syrie), 4 déc 2026 (AFP) - Au moins 29 soldats\nturcs ont été tués jeudi.\n\nAnkara a riposté."
        "</DataContent></ContentItem>"
    )
    article = one(ingest, "afp.xml", afp(content=content))

    assert article.body == (
        "<p>IDLEB (Syrie), 4 déc 2026 (AFP) - Au moins 29 soldats turcs ont été tués jeudi.</p><p>Ankara a riposté.</p>"
    )


def test_an_afp_item_of_pictures_only_is_no_article(ingest):
    content = '<ContentItem><MediaType FormalName="Photo"/><Format FormalName="JPEG Baseline"/></ContentItem>'
    report = ingest(("afp-photo.xml", afp(content=content).replace(b'<MediaType FormalName="Text"/>', b"")))

    assert [result.outcome for result in report.results] == ["skipped"]
    assert report.results[0].reason == "photo sans fichier ni lien : rien à ajouter à la photothèque"
    assert not Article.objects.exists()
