"""The staff app's reading pages over HTTP (`bot serve`): the start page, search, a circular's
page and the download of its original file, on a real database with ingested circulars."""

import re
from pathlib import Path
from typing import List

import pytest
import requests

from bot import db, knowledge
from bot.ingest.pipeline import ingest
from bot.models import Circular, FundingCall
from bot.staff.pages import attachment, download_name, number_of_key
from tests.conftest import ingest_fictitious, loaded_database
from tests.servers import ROOT
from tests.staff import staff_app

CIRCULARS = ROOT / "eval" / "dev" / "circulars"
# 241/2022 (PDF) names 127/2021 in its Bezug line, announces the ÖPNV call of 2022 and mentions
# that of 2021; 154/2024 announces ÖFFIZIENZ, whose deadline (30 June 2027) is open on the pinned day.
INGESTED = ["rundschreiben-127-2021.txt", "rundschreiben-241-2022.pdf", "rundschreiben-154-2024.txt"]
# A fictitious circular with a deadline after the pinned day (2026-11-24), a Bezug line naming a
# circular we hold and one we do not, and markup in its text.
FICTITIOUS_NUMBER, FICTITIOUS_NAME = "501/2026", "Dorfladen Digital"
SCRIPT = "<script>alert('rundschreiben')</script>"
FICTITIOUS_BODY = (
    "Bezug: Unser Rundschreiben Nr. 241/2022 vom 16. August 2022; Rundschreiben Nr. 090/2019 vom 1. März 2019\n\n"
    "Kurzfassung:\nDas Land fördert Dorfläden mit digitaler Kasse. Anträge sind bis zum 31. März 2027 bei der "
    "Investitionsbank einzureichen. Landkreise sind antragsberechtigt.\n\n"
    f"Hinweis zur Technik: Eine Zeile wie {SCRIPT} darf nie ausgeführt werden.\n"
)


def reading_database(folder: Path) -> str:
    """The curated knowledge, three circulars from eval/dev and the fictitious one, as `bot ingest` stores them."""
    url = loaded_database(f"sqlite:///{folder / 'staff.sqlite3'}")
    summary = ingest([CIRCULARS / name for name in INGESTED], url)
    assert [r.status for r in summary.results] == ["ingested"] * len(INGESTED), summary.results
    with db.session_scope(url) as session:
        ingest_fictitious(session, folder, FICTITIOUS_NUMBER, "1. Oktober 2026", FICTITIOUS_NAME, FICTITIOUS_BODY)
    return url


def announced_slugs(url: str, number: str) -> List[str]:
    with db.session_scope(url) as session:
        return [call.slug for call in knowledge.announced_calls(knowledge.circular_by_number(session, number))]


def section(page: str, anchor: str) -> str:
    """The part of a page under the heading with id `anchor`, up to the next h2."""
    return page.split(f'<h2 id="{anchor}"', 1)[1].split("<h2", 1)[0]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return reading_database(tmp_path_factory.mktemp("staff-pages"))


@pytest.fixture(scope="module")
def base(database, tmp_path_factory):
    with staff_app(database, tmp_path_factory.mktemp("staff-log")) as url:
        yield url


def get(base: str, path: str, **params) -> requests.Response:
    return requests.get(f"{base}{path}", params=params, timeout=20)


# --- start page ----------------------------------------------------------------------------------


def test_start_page_lists_the_open_calls_with_their_next_deadline_soonest_first(base, database):
    page = get(base, "/").text
    (dorfladen,) = announced_slugs(database, FICTITIOUS_NUMBER)
    (oeffizienz,) = announced_slugs(database, "154/2024")
    open_calls = section(page, "offen")
    assert f'<a href="/aufrufe/{dorfladen}">Dorfladen Digital' in open_calls
    assert "Antrag bis 31. März 2027" in open_calls and "noch 127 Tage" in open_calls
    assert f'<a href="/aufrufe/{oeffizienz}">Sachsen-Anhalt ÖFFIZIENZ' in open_calls
    assert "Antrag bis 30. Juni 2027" in open_calls and "noch 218 Tage" in open_calls
    assert open_calls.index(dorfladen) < open_calls.index(oeffizienz)
    assert '<span class="badge warn" title="automatisch übernommen, ungeprüft">ungeprüft</span>' in open_calls
    # The curated calls' deadlines all lie before the pinned day.
    assert "heimat-2-0" not in open_calls


def test_start_page_lists_the_next_deadlines_counts_the_holdings_and_offers_search(base, database):
    page = get(base, "/").text
    deadlines = section(page, "fristen")
    assert re.search(
        r'<td>31\. März 2027<br><span class="meta">Antrag</span></td>\s*<td><a href="/aufrufe/dorf', deadlines
    )
    assert deadlines.index("31. März 2027") < deadlines.index("30. Juni 2027")
    with db.session_scope(database) as session:
        circulars, calls = session.query(Circular).count(), session.query(FundingCall).count()
    assert f"Die Datenbank enthält {circulars} Rundschreiben und {calls} Förderaufrufe." in page
    assert '<form method="get" action="/suche" role="search"' in page and '<label for="q">Suchbegriffe</label>' in page


def test_start_page_says_when_no_call_is_open(database, tmp_path):
    with staff_app(database, tmp_path, env={"FOERDERBOT_TODAY": "2031-01-15"}) as later:
        page = get(later, "/").text
    assert "Nach der Datenbank ist am 15. Januar 2031 kein Förderaufruf offen." in page
    assert "Ab dem 15. Januar 2031 steht in der Datenbank keine Frist an." in page
    assert "/aufrufe/" not in page


# --- search --------------------------------------------------------------------------------------


def test_search_hits_link_to_their_circular_or_call_page(base, database):
    page = get(base, "/suche", q="ÖPNV zweiter Förderaufruf").text
    hits = page.split('<ol class="hits">', 1)[1].split("</ol>", 1)[0]
    assert '<a href="/rundschreiben/241-2022"><strong>Rundschreiben 241/2022 vom 16. August 2022</strong></a>' in hits
    (call_2022,) = announced_slugs(database, "241/2022")
    assert f'<a href="/aufrufe/{call_2022}">' in hits
    assert "<mark>ÖPNV</mark>" in hits
    assert 'value="ÖPNV zweiter Förderaufruf"' in page


def test_search_api_gives_each_hit_the_address_of_its_page(base):
    found = get(base, "/api/search", q="Dorfladen").json()
    assert found["count"] == len(found["results"]) >= 2
    urls = {(hit["kind"], hit["key"]): hit["url"] for hit in found["results"]}
    assert urls[("circular", FICTITIOUS_NUMBER)] == "/rundschreiben/501-2026"
    assert all(url == f"/aufrufe/{key}" for (kind, key), url in urls.items() if kind == "call")


def test_search_filters_are_checked_in_german(base):
    year = get(base, "/suche", q="ÖPNV", year="zwanzig")
    assert '<p class="error" role="alert">Das Jahr muss eine Zahl sein, z. B. 2020.</p>' in year.text
    applicant = get(base, "/suche", q="ÖPNV", applicant="Raumstation")
    assert "Unbekannte Antragstellerart „Raumstation“." in applicant.text
    status = get(base, "/suche", q="ÖPNV", status="bald")
    assert "Der Status muss „open“ oder „closed“ sein." in status.text
    assert get(base, "/api/search", q="ÖPNV", status="bald").status_code == 400
    # The filters are kept in the form.
    chosen = get(base, "/suche", q="ÖPNV", year="2022", applicant="landkreis", status="closed").text
    assert 'value="2022"' in chosen and '<option value="landkreis" selected>' in chosen
    assert '<option value="closed" selected>' in chosen


# --- a circular's page ---------------------------------------------------------------------------


def test_circular_page_shows_the_circular_its_bezug_both_ways_its_calls_and_its_text(base, database):
    page = get(base, "/rundschreiben/241-2022").text
    assert "<h1>Rundschreiben Nr. 241/2022</h1>" in page
    assert "„Modellprojekte zur Stärkung des ÖPNV“ – zweiter Förderaufruf des BMDV" in page
    assert "<dt>Datum</dt><dd>16. August 2022</dd>" in page and "<dt>Ort</dt><dd>Magdeburg</dd>" in page
    assert '<a href="/rundschreiben/127-2021">Rundschreiben Nr. 127/2021</a> vom 4. Februar 2021' in section(
        page, "bezug"
    )
    assert '<a href="/rundschreiben/501-2026">Rundschreiben Nr. 501/2026</a>' in section(page, "bezug-genommen")
    calls = section(page, "aufrufe")
    (announced,) = announced_slugs(database, "241/2022")
    announces, mentions = calls.split("<h3>Erwähnt</h3>")
    assert f'<a href="/aufrufe/{announced}">Modellprojekte zur Stärkung des ÖPNV (2. Aufruf 2022)</a>' in announces
    assert "automatisch übernommen, ungeprüft" in announces
    assert "/aufrufe/modellprojekte-zur-staerkung-des-oepnv-2021" in mentions
    text = section(page, "text")
    assert "Aus diesem Aufruf wurden zwölf Modellprojekte zur Förderung ausgewählt" in text
    assert '<a href="/rundschreiben/241-2022/original" download>rundschreiben-241-2022.pdf herunterladen</a>' in page

    earlier = get(base, "/rundschreiben/127-2021").text
    assert '<a href="/rundschreiben/241-2022">Rundschreiben Nr. 241/2022</a>' in section(earlier, "bezug-genommen")
    assert "Das Rundschreiben nennt keinen Bezug." in section(earlier, "bezug")


def test_circular_page_names_references_it_cannot_link_and_reviewed_calls(base):
    fictitious = section(get(base, "/rundschreiben/501-2026").text, "bezug")
    assert 'Rundschreiben Nr. 090/2019 vom 1. März 2019 <span class="meta">(nicht in der Datenbank)</span>' in (
        fictitious
    )
    assert "/rundschreiben/090-2019" not in fictitious
    curated = get(base, "/rundschreiben/384-2020").text
    assert "<dt>Datum</dt><dd>im Text nicht angegeben</dd>" in curated
    assert '<a href="/rundschreiben/014-2020">Rundschreiben Nr. 014/2020</a> vom 8. Januar 2020' in curated
    assert re.search(r'href="/aufrufe/heimat-2-0-2020">[^<]+</a> <span class="badge ok">geprüft</span>', curated)
    assert "herunterladen" not in curated  # curated from data/knowledge: no original file
    # A circular we know only from a news item: no text, but where its details come from.
    described = get(base, "/rundschreiben/014-2020").text
    assert "Den Text dieses Rundschreibens enthält die Datenbank nicht." in described
    assert "Meldung des Landkreistages Sachsen-Anhalt zum Rundschreiben 014/2020" in described


def test_circular_page_is_found_by_other_spellings_of_its_number(base):
    for key in ["241_2022", "241%2F2022", "0241-2022"]:
        assert "<h1>Rundschreiben Nr. 241/2022</h1>" in get(base, f"/rundschreiben/{key}").text, key
    assert "<h1>Rundschreiben Nr. 014/2020</h1>" in get(base, "/rundschreiben/14-2020").text


def test_unknown_circular_is_a_german_404(base):
    unknown = get(base, "/rundschreiben/999-2020")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")
    assert "Ein Rundschreiben Nr. 999/2020 ist in der Datenbank nicht enthalten." in unknown.text
    assert '<html lang="de">' in unknown.text
    nonsense = get(base, "/rundschreiben/%3Cb%3Efett")
    assert nonsense.status_code == 404
    assert "„b fett“ ist keine Rundschreiben-Nummer." in nonsense.text and "<b>" not in nonsense.text


def test_circular_text_with_markup_is_shown_escaped(base):
    page = get(base, "/rundschreiben/501-2026").text
    assert SCRIPT not in page and "<script" not in page
    assert "Eine Zeile wie &lt;script&gt;alert(&#39;rundschreiben&#39;)&lt;/script&gt; darf nie" in section(
        page, "text"
    )


# --- original files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, filename, media_type",
    [
        ("241-2022", "rundschreiben-241-2022.pdf", "application/pdf"),
        ("127-2021", "rundschreiben-127-2021.txt", "text/plain"),
    ],
)
def test_download_gives_the_exact_bytes_of_the_ingested_file(base, key, filename, media_type):
    response = get(base, f"/rundschreiben/{key}/original")
    assert response.status_code == 200
    assert response.content == (CIRCULARS / filename).read_bytes()
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}"
    )


def test_download_without_a_stored_file_is_a_german_404(base):
    curated = get(base, "/rundschreiben/384-2020/original")
    assert curated.status_code == 404
    assert "Zu Rundschreiben Nr. 384/2020 ist keine Originaldatei gespeichert." in curated.text
    assert get(base, "/rundschreiben/999-2020/original").status_code == 404


def test_download_name_keeps_no_folders_control_characters_or_quotes_in_the_header():
    name = download_name('C:\\Ablage\\../Rundschreiben Nr. 5 "Entwurf"\n(Änderung).pdf', "005/2024")
    assert name == 'Rundschreiben Nr. 5 "Entwurf"(Änderung).pdf'
    header = attachment(name)
    assert header == (
        'attachment; filename="Rundschreiben Nr. 5 _Entwurf___nderung_.pdf"; '
        "filename*=UTF-8''Rundschreiben%20Nr.%205%20%22Entwurf%22%28%C3%84nderung%29.pdf"
    )
    assert download_name("/", "005/2024") == "rundschreiben-005-2024"


def test_number_of_key_reads_the_spellings_of_an_address():
    assert number_of_key("384-2020") == number_of_key("384_2020") == number_of_key("384%2F2020") == "384/2020"
    assert number_of_key("14-2020") == "014/2020"
    assert number_of_key("384-20") is None and number_of_key("abc") is None
