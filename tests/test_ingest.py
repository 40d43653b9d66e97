"""Ingestion of circulars written for these tests: fictitious programs, awkward layouts."""

import time
import unicodedata
import zipfile
from datetime import date

import pytest
from docx import Document
from fpdf import FPDF
from sqlalchemy import func, select

from bot import answers, db, names
from bot.asks import Ask
from bot.config import KNOWLEDGE_DIR
from bot.ingest.calls import aliases_for, announced_calls, subject_names
from bot.ingest.cleaning import page_lines
from bot.ingest.header import parse_header
from bot.ingest.pipeline import ingest, ingest_file
from bot.models import Circular, CircularSentence, FundingCall
from bot.question import read_question
from tests.conftest import loaded_database

# A fictitious program, so nothing here can be mistaken for a real call.
TEXT_CIRCULAR = """ An die
Landkreise
in Sachsen-Anhalt


Magdeburg, den 12. März 2026

                      Rundschreiben Nr. 77/2026

Förderaufruf „Dorfladen Plus“ (fiktives Testprogramm)

Bezug: Unser Rundschreiben Nr. 384/2020 und Rundschreiben Nr. 14/2020 vom 8. Januar 2020

Kurzfassung:
Das fiktive Landesministerium für Test-
zwecke fördert Dorfläden. Anträge sind bis zum 30. Juni 2026 einzureichen.

Gefördert werden bis zu 40.000 Euro je Dorfladen, die Förderquote beträgt
höchstens 80 %. Antragsberechtigt sind Gemeinden und Vereine. Landkreise
sind nicht antragsberechtigt.

Der Dorfladen muss an mindestens fünf Tagen in der Woche geöffnet sein. Weitere Einzelheiten folgen.
"""


def ask(session, text, *asks, today, **kwargs):
    return answers.answer(session, read_question(list(asks), text, **kwargs), today)


@pytest.fixture
def fresh_url(tmp_path):
    return loaded_database(f"sqlite:///{tmp_path / 'ingest.sqlite3'}")


def _counts(url):
    with db.session_scope(url) as session:
        return (
            session.execute(select(func.count()).select_from(Circular)).scalar_one(),
            session.execute(select(func.count()).select_from(CircularSentence)).scalar_one(),
        )


def _pdf(path, pages, text_layer=True):
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if not text_layer:
            pdf.rect(20, 20, 100, 50, style="F")  # what a scan without OCR looks like: no text
            continue
        pdf.cell(0, 8, "Landkreistag Sachsen-Anhalt - Rundschreiben", new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, f"Seite {number} von {len(pages)}")
    pdf.output(str(path))
    return path


def test_header_of_a_text_circular():
    header = parse_header(page_lines([TEXT_CIRCULAR]))
    assert header.number == "077/2026"
    assert header.issued_on == date(2026, 3, 12) and header.place == "Magdeburg"
    assert header.recipients == "Landkreise in Sachsen-Anhalt"
    assert header.subject == "Förderaufruf „Dorfladen Plus“ (fiktives Testprogramm)"
    assert header.references == [("384/2020", None), ("014/2020", date(2020, 1, 8))]
    assert header.summary.startswith("Das fiktive Landesministerium für Testzwecke fördert Dorfläden.")


def test_text_circular_is_answerable_at_once_and_reingesting_changes_nothing(fresh_url, tmp_path):
    path = tmp_path / "rs-77-2026.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    assert ingest_file(path, fresh_url).status == "ingested"
    before = _counts(fresh_url)
    assert ingest_file(path, fresh_url).status == "unchanged"
    assert _counts(fresh_url) == before
    with db.session_scope(fresh_url) as session:
        answer = ask(session, "RS 77/2026", Ask.CIRCULAR, today=date(2026, 6, 1))
        assert "Rundschreiben Nr. 077/2026: Förderaufruf „Dorfladen Plus“ (fiktives Testprogramm)" in answer.text
        assert "Datum: 12. März 2026" in answer.text
        assert "Bezug: Rundschreiben Nr. 014/2020 vom 8. Januar 2020" in answer.text
        sentences = [
            s.text for s in session.execute(select(Circular).filter_by(number="077/2026")).scalar_one().sentences
        ]
        assert "Anträge sind bis zum 30. Juni 2026 einzureichen." in sentences


def test_a_changed_file_updates_its_records(fresh_url, tmp_path):
    path = tmp_path / "rs.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    ingest_file(path, fresh_url)
    path.write_text(
        TEXT_CIRCULAR.replace("Weitere Einzelheiten folgen.", "Die Frist wurde verlängert."), encoding="utf-8"
    )
    assert ingest_file(path, fresh_url).status == "updated"
    with db.session_scope(fresh_url) as session:
        circular = session.execute(select(Circular).filter_by(number="077/2026")).scalar_one()
        assert "Die Frist wurde verlängert." in circular.full_text
        assert [s.text for s in circular.sentences].count("Die Frist wurde verlängert.") == 1


def test_pdf_with_repeated_headers_footers_and_hyphenation(fresh_url, tmp_path):
    path = _pdf(
        tmp_path / "rs-78-2026.pdf",
        [
            [
                "An die Landkreise in Sachsen-Anhalt",
                "",
                "Halle (Saale), den 02.04.2026",
                "",
                "Rundschreiben Nr. 78/2026",
                "",
                "Testaufruf Musterwald digital (fiktiv)",
                "",
                "Kurzfassung:",
                "Das Pro-",
                "gramm ist frei erfunden.",
            ],
            ["Die Gemeinden koennen sich bis zum 1. Juli 2026 bewerben."],
        ],
    )
    result = ingest_file(path, fresh_url)
    assert result.status == "ingested", result.reason
    with db.session_scope(fresh_url) as session:
        circular = session.execute(select(Circular).filter_by(number="078/2026")).scalar_one()
        assert circular.subject == "Testaufruf Musterwald digital (fiktiv)"
        assert circular.issued_on == date(2026, 4, 2) and circular.place == "Halle (Saale)"
        assert "Das Programm ist frei erfunden." in circular.full_text
        assert "Seite 1 von 2" not in circular.full_text
        assert "Landkreistag Sachsen-Anhalt - Rundschreiben" not in circular.full_text


def test_docx_circular(fresh_url, tmp_path):
    document = Document()
    for line in [
        "An die Landkreise in Sachsen-Anhalt",
        "Rundschreiben Nr. 79/2026",
        "Betreff: Fiktiver Aufruf Kleine Kreise",
        "Kurzfassung: Nur ein Test.",
    ]:
        document.add_paragraph(line)
        document.add_paragraph("")
    path = tmp_path / "rs-79.docx"
    document.save(str(path))
    result = ingest_file(path, fresh_url)
    assert result.status == "ingested", result.reason
    with db.session_scope(fresh_url) as session:
        assert (
            session.execute(select(Circular.subject).filter_by(number="079/2026")).scalar_one()
            == "Fiktiver Aufruf Kleine Kreise"
        )


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "die Datei ist leer"),
        ("blank.txt", b"   \n\n  ", "keinen Text"),
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "PDF ist beschädigt"),
        ("broken.docx", b"PK not a zip", "DOCX ist beschädigt"),
        ("no-number.txt", b"An die Landkreise\n\nEin Brief ohne Nummer.", "keine Rundschreiben-Nummer"),
        ("notes.md", b"# Notiz", "wird nicht unterstützt"),
    ],
)
def test_bad_files_fail_clearly_and_leave_the_database_as_it_was(fresh_url, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    before = _counts(fresh_url)
    result = ingest_file(path, fresh_url)
    assert result.status == "failed" and reason in result.reason
    assert _counts(fresh_url) == before


def test_scanned_pdf_without_text_layer_fails_clearly(fresh_url, tmp_path):
    result = ingest_file(_pdf(tmp_path / "scan.pdf", [[]], text_layer=False), fresh_url)
    assert result.status == "failed" and "keine Textebene" in result.reason


def test_a_folder_is_ingested_with_a_summary(fresh_url, tmp_path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_CIRCULAR, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT_CIRCULAR.replace("77/2026", "80/2026"), encoding="utf-8")
    (folder / "c.txt").write_bytes(b"")
    (folder / "ignored.md").write_text("nicht unterstützt", encoding="utf-8")
    summary = ingest([folder], fresh_url)
    assert (summary.count("ingested"), summary.count("unchanged"), summary.count("failed")) == (2, 0, 1)
    summary = ingest([folder], fresh_url)
    assert (summary.count("ingested"), summary.count("unchanged"), summary.count("failed")) == (0, 2, 1)


def test_circular_naming_a_known_call_is_linked_to_it(fresh_url, tmp_path):
    path = tmp_path / "rs.txt"
    path.write_text(
        TEXT_CIRCULAR.replace(
            "Förderaufruf „Dorfladen Plus“ (fiktives Testprogramm)", "Nachtrag zu Smarte LandRegionen (Test)"
        ),
        encoding="utf-8",
    )
    ingest_file(path, fresh_url)
    with db.session_scope(fresh_url) as session:
        circular = session.execute(select(Circular).filter_by(number="077/2026")).scalar_one()
        assert [link.call.slug for link in circular.call_links] == ["smarte-landregionen"]


def test_header_of_circular_384_as_it_comes_out_of_a_pdf():
    header = parse_header(page_lines([(KNOWLEDGE_DIR / "circulars" / "rundschreiben-384-2020.txt").read_text()]))
    assert header.number == "384/2020" and header.issued_on is None
    assert header.recipients == "Landkreise in Sachsen-Anhalt"
    assert header.subject == "Förderaufruf für Modellvorhaben „Heimat 2.0“"
    assert header.references == [("014/2020", date(2020, 1, 8))]
    assert header.summary.startswith("Im Rahmen des Bundesprogramms Ländliche Entwicklung haben das Bundesministerium")


def test_an_announced_new_call_is_created_as_extracted_and_answerable(fresh_url, tmp_path):
    path = tmp_path / "rs.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    ingest_file(path, fresh_url)
    today = date(2026, 6, 1)
    with db.session_scope(fresh_url) as session:
        deadline = ask(session, "Bis wann läuft Dorfladen Plus?", Ask.DEADLINE, today=today).text
        assert deadline.startswith("Frist bei Dorfladen Plus (Aufruf 2026): 30. Juni 2026 (noch 29 Tage).")
        assert (
            "Rundschreiben Nr. 077/2026 des Landkreistages Sachsen-Anhalt vom 12. März 2026: „Anträge sind bis "
            "zum 30. Juni 2026 einzureichen.“" in deadline
        )
        assert "noch nicht redaktionell geprüft" in deadline
        assert ask(
            session, "Dürfen Gemeinden bei Dorfladen Plus mitmachen?", Ask.ELIGIBILITY, today=today
        ).text.startswith("Ja, Gemeinden dürfen bei Dorfladen Plus (Aufruf 2026) teilnehmen.")
        assert ask(
            session, "Dürfen Landkreise bei Dorfladen Plus mitmachen?", Ask.ELIGIBILITY, today=today
        ).text.startswith("Nein, Landkreise dürfen bei Dorfladen Plus (Aufruf 2026) nicht")
        funding = ask(session, "Wie viel Geld gibt es bei Dorfladen Plus?", Ask.FUNDING, today=today).text
        assert "bis zu 40.000 Euro je Dorfladen" in funding and "höchstens 80 %" in funding
        assert "fördert Dorfläden" in ask(session, "Wer fördert Dorfladen Plus?", Ask.FUNDER, today=today).text
        outcome = ask(session, "Wer wurde bei Dorfladen Plus ausgewählt?", Ask.OUTCOME, today=today)
        assert (
            "Zu dem Ergebnis der Auswahl ist für Dorfladen Plus (Aufruf 2026) in Rundschreiben Nr. 077/2026"
            in outcome.text
            and not outcome.answered
        )


def test_a_reviewed_call_is_linked_but_never_overwritten(fresh_url, tmp_path):
    path = tmp_path / "rs.txt"
    path.write_text(
        TEXT_CIRCULAR.replace("„Dorfladen Plus“", "„Smarte LandRegionen“")
        .replace("77/2026", "77/2020")
        .replace("12. März 2026", "12. März 2020"),
        encoding="utf-8",
    )
    ingest_file(path, fresh_url)
    with db.session_scope(fresh_url) as session:
        answer = ask(session, "Smarte LandRegionen", Ask.DEADLINE, today=date(2026, 1, 1))
        assert answer.context.calls == ["smarte-landregionen"]
        assert "28. Februar 2020" in answer.text and "30. Juni 2026" not in answer.text
        links = ask(session, "Rundschreiben zu Smarte LandRegionen", Ask.CIRCULARS, today=date(2026, 1, 1))
        assert "Nr. 077/2020" in links.text


def test_a_later_call_of_a_known_program_joins_it_as_a_round(fresh_url, tmp_path):
    path = tmp_path / "rs.txt"
    path.write_text(TEXT_CIRCULAR.replace("„Dorfladen Plus“", "„Smarte LandRegionen“"), encoding="utf-8")
    ingest_file(path, fresh_url)
    with db.session_scope(fresh_url) as session:
        new = session.execute(select(FundingCall).filter_by(slug="smarte-landregionen-2026")).scalar_one()
        assert (new.program, new.name, new.round_label, new.status) == (
            "Smarte LandRegionen",
            "Smarte LandRegionen",
            "Aufruf 2026",
            "extracted",
        )
        answer = ask(session, "Bis wann läuft Smarte LandRegionen?", Ask.DEADLINE, today=date(2026, 1, 1))
        assert answer.text.startswith("Zu Smarte LandRegionen kenne ich zwei Aufrufe")
        assert answer.text.index("30. Juni 2026") < answer.text.index("28. Februar 2020")  # newest first
        old = session.execute(select(FundingCall).filter_by(slug="smarte-landregionen")).scalar_one()
        assert old.status == "reviewed" and [d.due_on for d in old.deadlines][0] == date(2020, 2, 28)


def _two_column_pdf(path):
    """Header full width with the date set right, body in two columns drawn row by row (as some
    layout programs write them), a repeated page header and footer, words hyphenated at column ends."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    left = [
        "Das fiktive Landesamt für Lay-",
        "outtests fördert Dörfer mit zwei",
        "Spalten. Gefördert werden bis zu",
        "25.000 Euro je Vorhaben, die För-",
        "derquote beträgt höchstens 70 %.",
    ]
    right = [
        "Antragsberechtigt sind Gemein-",
        "den. Anträge sind bis zum 15. Sep-",
        "tember 2026 einzureichen. Land-",
        "kreise sind nicht antragsberech-",
        "tigt.",
    ]
    for number in (1, 2):
        pdf.add_page()
        pdf.cell(0, 8, "Landkreistag Sachsen-Anhalt - Rundschreiben", new_x="LMARGIN", new_y="NEXT")
        if number == 1:
            pdf.cell(0, 6, "Magdeburg, den 5. Mai 2026", align="R", new_x="LMARGIN", new_y="NEXT")
            for line in [
                "An die Landkreise in Sachsen-Anhalt",
                "",
                "Rundschreiben Nr. 81/2026",
                "",
                'Förderaufruf "Zweispalten-Dorf" (fiktives Testprogramm)',
                "",
            ]:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            top = pdf.get_y()
            for row, (a, b) in enumerate(zip(left, right)):
                pdf.set_xy(10, top + row * 6)
                pdf.cell(90, 6, a)
                pdf.set_xy(110, top + row * 6)
                pdf.cell(90, 6, b)
        else:
            pdf.cell(
                0, 6, "Weitere Einzelheiten folgen in einem gesonderten Rundschreiben.", new_x="LMARGIN", new_y="NEXT"
            )
        pdf.set_y(-20)
        pdf.cell(0, 6, f"Seite {number} von 2")
    pdf.output(str(path))
    return path


def test_a_left_column_that_runs_on_below_the_right_one_keeps_its_last_lines():
    from bot.ingest.pdf_layout import Fragment, _left_run_on

    left = [Fragment("„Baumwandel“ steht ausdrücklich auch", 65, 656, 9.5)]
    below = [
        Fragment("Parks und Alleen in kommunaler", 65, 644, 9.5),
        Fragment("Trägerschaft offen.", 65, 632, 9.5),
        Fragment("Diese Zeile geht über die ganze Seitenbreite und gehört keiner Spalte an", 65, 610, 9.5),
        Fragment("Seite 1", 280, 40, 9.5),
    ]
    run_on = _left_run_on(left, below, column_x=315)
    assert [p.text for p in run_on] == ["Parks und Alleen in kommunaler", "Trägerschaft offen."]


def test_two_column_pdf_is_read_column_by_column(fresh_url, tmp_path):
    result = ingest_file(_two_column_pdf(tmp_path / "rs-81-2026.pdf"), fresh_url)
    assert result.status == "ingested", result.reason
    with db.session_scope(fresh_url) as session:
        circular = session.execute(select(Circular).filter_by(number="081/2026")).scalar_one()
        assert circular.issued_on == date(2026, 5, 5)
        assert circular.subject == 'Förderaufruf "Zweispalten-Dorf" (fiktives Testprogramm)'
        sentences = [s.text for s in circular.sentences]
        assert "Das fiktive Landesamt für Layouttests fördert Dörfer mit zwei Spalten." in sentences
        assert "Antragsberechtigt sind Gemeinden." in sentences
        assert "Anträge sind bis zum 15. September 2026 einzureichen." in sentences
        assert "Seite 1 von 2" not in circular.full_text
        today = date(2026, 6, 1)
        assert (
            "15. September 2026 (noch 106 Tage)"
            in ask(session, "Frist Zweispalten-Dorf", Ask.DEADLINE, today=today).text
        )
        assert ask(
            session, "Dürfen Landkreise bei Zweispalten-Dorf mitmachen?", Ask.ELIGIBILITY, today=today
        ).text.startswith("Nein, Landkreise dürfen")
        assert "bis zu 25.000 Euro je Vorhaben" in ask(session, "Zweispalten-Dorf Geld", Ask.FUNDING, today=today).text


def test_a_letterhead_of_tab_cells_with_the_office_below_is_no_subject():
    text = (
        "Landkreistag Sachsen-Anhalt\tRundschreiben Nr. 836/2023\t26. Juni 2023\n"
        "Geschäftsstelle\t\t\nMagdeburg\t\t\n\nAn die\nLandkreise\nin Sachsen-Anhalt\n\n"
        "Fiktives Testprogramm Baumpflege: vierter Projektaufruf gestartet\n"
        "Bezug: RS 808/22 vom 01.08.2022\n"
    )
    header = parse_header(page_lines([text]))
    assert header.number == "836/2023" and header.issued_on == date(2023, 6, 26)
    assert header.subject == "Fiktives Testprogramm Baumpflege: vierter Projektaufruf gestartet"


def test_a_mark_of_urgency_is_no_call_name_and_a_funds_acronym_no_alias():
    sentences = [
        "Das fiktive Ministerium fördert im Programm „Baumpflege Test“ die Pflege von Straßenbäumen.",
        "Die Mittel stammen aus dem Klima- und Transformationsfonds (KTF).",
        "Finanziert wird das Programm aus dem Nationalen Innovationsprogramm Baumpflege (NIB).",
    ]
    announced = announced_calls("EILT – Baumpflege Test: Aufruf gestartet", sentences)
    assert [c.name for c in announced] == ["Baumpflege Test"]
    assert not {"KTF", "NIB"} & set(aliases_for(announced[0], announced, sentences))


def test_a_title_before_a_dash_is_a_short_name_of_the_call():
    sentences = ["I. Baumland – Testregionen in", "Deutschland", "Baumland fördert Testregionen."]
    announced = announced_calls("Wettbewerb „Baumland – Testregionen in Deutschland“", sentences)
    assert "Baumland" in aliases_for(announced[0], announced, sentences)


def test_a_section_heading_s_description_of_a_program_is_a_name_of_the_call():
    sentences = [
        "I. Baumwandel – Testprogramm für",
        "Parks und Alleen",
        "Mit dem Programm „Baumwandel“ fördert das fiktive Amt Parks.",
        "II. Laubfrei – Soforthilfe für Gemeinden",
        "„Laubfrei“ hilft Gemeinden beim Laub.",
    ]
    announced = announced_calls("Zwei Testprogramme: „Baumwandel“ und „Laubfrei“", sentences)
    assert "Testprogramm für Parks und Alleen" in aliases_for(announced[0], announced, sentences)
    # "Soforthilfe für Gemeinden" describes no program by a program word: no name.
    assert aliases_for(announced[1], announced, sentences) == ["Laubfrei"]


def test_sections_headed_by_a_compound_call_word_announce_a_call_each():
    # A subject without a title; the sections name a "Landeswettbewerb" and a "Modellprojekt".
    sentences = [
        "Wir informieren Sie heute über zwei Vorhaben.",
        "I. Landeswettbewerb „Baumdorf hat Zukunft“",
        "Der Landeswettbewerb „Baumdorf hat Zukunft“ ist verlängert.",
        "II. Modellprojekt „Baumwerkstatt Kommunen“",
        "Das fiktive Ministerium hat das Modellprojekt „Baumwerkstatt Kommunen“ aufgelegt.",
    ]
    announced = announced_calls("Ländlicher Raum: Baumwettbewerb verlängert; neues Modellprojekt", sentences)
    assert [c.name for c in announced] == ["Baumdorf hat Zukunft", "Baumwerkstatt Kommunen"]


def test_after_a_year_means_the_rounds_after_it():
    rounds = [FundingCall(slug=f"x-{y}", name="X", program="X", year=y) for y in (2021, 2022, 2023)]
    assert [c.year for c in names.narrow_by_round(rounds, "gab es nach 2022 nochmal einen Aufruf?")] == [2023]
    assert [c.year for c in names.narrow_by_round(rounds, "und 2022?")] == [2022]


def test_files_beyond_the_limits_are_refused_with_the_reason_and_the_batch_goes_on(fresh_url, tmp_path, monkeypatch):
    from bot.ingest import pipeline, readers

    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "a-gut.txt").write_text(TEXT_CIRCULAR, encoding="utf-8")
    # a DOCX whose parts unpack to more than the limit (a zip bomb, here a small one)
    with zipfile.ZipFile(folder / "b-bombe.docx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (3 * 1024 * 1024))
    _pdf(folder / "c-lang.pdf", [["Seite eins"], ["Seite zwei"], ["Seite drei"]])
    (folder / "d-gross.txt").write_text(TEXT_CIRCULAR.replace("77/2026", "81/2026") + " " * 2_000_000, "utf-8")
    monkeypatch.setattr(readers, "MAX_UNPACKED_MB", 1)
    monkeypatch.setattr(readers, "MAX_PAGES", 2)
    monkeypatch.setattr(readers, "MAX_FILE_MB", 1)
    summary = pipeline.ingest([folder], fresh_url)
    reasons = {r.path.name: (r.status, r.reason) for r in summary.results}
    assert reasons["a-gut.txt"] == ("ingested", None)
    assert "entpackt 3 MB" in reasons["b-bombe.docx"][1]
    assert "3 Seiten, mehr als erlaubt (2)" in reasons["c-lang.pdf"][1]
    assert "größer als erlaubt (1 MB)" in reasons["d-gross.txt"][1]
    assert (summary.count("ingested"), summary.count("failed")) == (1, 3)


def test_a_file_that_takes_too_long_is_refused(fresh_url, tmp_path, monkeypatch):
    from bot.ingest import pipeline

    def slow(path):
        time.sleep(5)

    monkeypatch.setattr(pipeline, "SECONDS_PER_FILE", 1)
    monkeypatch.setattr(pipeline, "read_pages", slow)
    path = tmp_path / "rs.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    start = time.monotonic()
    result = pipeline.ingest_file(path, fresh_url)
    assert result.status == "failed" and "länger als 1 Sekunden" in result.reason
    assert time.monotonic() - start < 3


def test_ingested_text_is_normalised_ligatures_and_decomposed_umlauts_read_as_typed(fresh_url, tmp_path):
    text = (
        TEXT_CIRCULAR.replace("Dorfladen", unicodedata.normalize("NFD", "Dörfladen"))
        + "\nDie Förderung ﬁnanziert\u00ad den Bund.\n"
    )
    path = tmp_path / "rs.txt"
    path.write_text(text, encoding="utf-8")
    assert ingest_file(path, fresh_url).status == "ingested"
    with db.session_scope(fresh_url) as session:
        full = session.execute(select(Circular.full_text)).scalars().all()
    assert any("finanziert den Bund" in t and "Dörfladen" in t for t in full if t)


def test_answers_never_show_the_path_of_the_ingested_file(fresh_url, tmp_path):
    folder = tmp_path / "Eingang Erika Mustermann"
    folder.mkdir()
    path = folder / "rs-77-2026.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    assert ingest_file(path, fresh_url).status == "ingested"
    with db.session_scope(fresh_url) as session:
        replies = [
            ask(
                session,
                "Was steht im Rundschreiben 77/2026?",
                Ask.CIRCULAR,
                today=date(2026, 3, 20),
                circular="077/2026",
            ),
            ask(session, "Bis wann läuft Dorfladen Plus?", Ask.DEADLINE, today=date(2026, 3, 20)),
        ]
    for reply in replies:
        assert reply.text and "Mustermann" not in reply.text and str(tmp_path) not in reply.text


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_text_files_in_the_encodings_of_german_offices_are_read(fresh_url, tmp_path, encoding):
    path = tmp_path / f"rs-{encoding}.txt"
    path.write_bytes(TEXT_CIRCULAR.encode(encoding))
    assert ingest_file(path, fresh_url).status == "ingested"
    with db.session_scope(fresh_url) as session:
        texts = [t for t in session.execute(select(Circular.full_text)).scalars() if t]
    assert any("Förderung" in t or "fünf Tagen" in t for t in texts)


def test_a_quoted_title_s_acronym_and_a_name_s_generation_are_names_of_the_call():
    sentences = ["Das Bundesprogramm „Stärkung der Baumpflege in den Revieren“ (BAUM) fördert Alleen."]
    announced = announced_calls("Bundesprogramm BAUM novelliert", sentences)
    assert "BAUM" in aliases_for(announced[0], announced, sentences)
    sentences = [
        "Das Investitionsprogramm Testland BAUM III fördert Parks aus dem Europäischen Fonds für Bäume (EFB).",
        "Zur Förderung im Einzelnen (EFB): Gefördert werden Alleen.",
    ]
    announced = announced_calls("Investitionsprogramm Testland BAUM III: letzte Stichtage", sentences)
    aliases = aliases_for(announced[0], announced, sentences)
    # A fund's acronym is no name of the call, even where it heads a paragraph on the call.
    assert "BAUM III" in aliases and "EFB" not in aliases


def test_a_subject_naming_a_fund_and_applications_announces_a_call_and_the_eu_is_no_name():
    sentences = ["Bund und Land fördern aus dem Baumzukunftsfonds Investitionen der Baumschulen."]
    announced = announced_calls("Baumzukunftsfonds: Orientierungsanträge bis zum 11. Juni 2021", sentences)
    assert [c.name for c in announced] == ["Baumzukunftsfonds"]
    announced = announced_calls("EU-Mittel für Baumschulen in ländlichen Gemeinden – Anträge bis zum 31. März 2022", [])
    assert [c.name for c in announced] == ["EU-Mittel für Baumschulen in ländlichen Gemeinden"]
    assert "EU" not in announced[0].aliases
    assert announced_calls("Ergebnisse der Kreistagswahl", []) == []


def test_a_call_named_before_a_quoted_one_in_the_subject_is_announced_too():
    subject = (
        "Digitalisierung: Förderung investiver Baumvorhaben aus dem Sondervermögen Infrastruktur "
        "(Anträge bis 31. März 2026) und Förderrichtlinie „Testland Digital“ (Antragsjahr 2026)"
    )
    assert subject_names(subject) == [
        "Förderung investiver Baumvorhaben aus dem Sondervermögen Infrastruktur",
        "Testland Digital",
    ]


def test_a_subject_set_right_before_the_salutation_ends_there():
    text = (
        "Landkreistag Sachsen-Anhalt\n\nAn die\nLandkreise\nin Sachsen-Anhalt\n\nRundschreiben Nr. 717/2021\n"
        "Magdeburg, 5. Mai 2021\n\nFiktive Entwicklungspolitik: Förderung von Partnerschaften\n"
        "Sehr geehrte Damen und Herren,\n\nauch in diesem Jahr fördert das Ministerium Partnerschaften.\n"
    )
    header = parse_header(page_lines([text]))
    assert header.subject == "Fiktive Entwicklungspolitik: Förderung von Partnerschaften"
