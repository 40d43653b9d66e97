from bot.circulars import clean_text
from bot.text import compact, dehyphenate, find_circular_numbers, fold, reflow


def test_circular_numbers_are_normalised_to_three_digits():
    assert find_circular_numbers("RS 014/2020, Nr. 14/2020 und 384/2020") == ["014/2020", "014/2020", "384/2020"]
    assert find_circular_numbers("Rundschreiben 7 / 2023") == ["007/2023"]


def test_dates_and_versions_are_not_circular_numbers():
    assert find_circular_numbers("am 1/2/2020 und Heimat 2.0") == []


def test_two_digit_years_after_a_prefix():
    assert find_circular_numbers("RS 318/22, rs 318/22, Rundschreiben-Nr.: 5/21") == [
        "318/2022",
        "318/2022",
        "005/2021",
    ]
    assert find_circular_numbers("Az. 12/22 und 3/4") == []


def test_line_break_hyphenation_is_removed_before_lower_case():
    assert dehyphenate("das Bundesminis-\nterium") == "das Bundesministerium"


def test_real_hyphen_before_capital_is_kept_unless_the_joined_word_occurs():
    assert dehyphenate("Bund-\nLänder-Programm") == "Bund-Länder-Programm"
    assert (
        dehyphenate("Smarte LandRegionen und Smarte Land-\nRegionen") == "Smarte LandRegionen und Smarte LandRegionen"
    )


def test_clean_text_reflows_paragraphs():
    page = (
        "Das Bundesministerium  hat die  Förderinitiative gestartet, die Kom-\nmunen mit Modellvorhaben bei der\n"
        "Sicherung der Daseinsvorsorge unterstützt.  \n \n\nAntragsberechtigt sind Gemeinden."
    )
    assert clean_text([page]) == (
        "Das Bundesministerium hat die Förderinitiative gestartet, die Kommunen mit "
        "Modellvorhaben bei der Sicherung der Daseinsvorsorge unterstützt.\n\n"
        "Antragsberechtigt sind Gemeinden."
    )


def test_a_hyphen_before_a_conjunction_stays():
    assert dehyphenate("Bund-\nund Länderprogramme") == "Bund- und Länderprogramme"


def test_dehyphenation_takes_linear_time_on_a_long_run_of_letters():
    import time

    start = time.perf_counter()
    dehyphenate("a" * 40_000 + "\n")
    assert time.perf_counter() - start < 0.5


def test_reflow_keeps_headings_list_items_and_lead_ins_apart():
    text = (
        "Eine lange Zeile mit vielen Wörtern, die einen Absatz beginnt und\nweitergeht.\n"
        "Förderhöhe\nGefördert werden bis zu 200 000 € je Vorhaben.\nAntragsberechtigt sind:\n"
        "- Gemeinden,\n- Vereine.\n1. Ergebnis des ersten Aufrufs\nAus dem ersten Aufruf wurden zwölf Projekte\n"
        "gefördert; Projektskizzen waren bis zum\n30. April 2022 einzureichen."
    )
    assert reflow(text).split("\n") == [
        "Eine lange Zeile mit vielen Wörtern, die einen Absatz beginnt und weitergeht.",
        "",
        "Förderhöhe",
        "",
        "Gefördert werden bis zu 200 000 € je Vorhaben. Antragsberechtigt sind:",
        "- Gemeinden,",
        "- Vereine.",
        "",
        "1. Ergebnis des ersten Aufrufs",
        "",
        "Aus dem ersten Aufruf wurden zwölf Projekte gefördert; Projektskizzen waren bis zum 30. April 2022 "
        "einzureichen.",
    ]


def test_reflow_keeps_a_heading_whose_title_the_column_broke_in_one_piece():
    # A narrow column: the numbered heading's quoted title runs on into the next line.
    text = (
        "Eine Spalte mit Zeilen von etwa vierzig\nZeichen, wie im Zweispaltensatz\nüblich.\n\n"
        "II. Modellprojekt „Baumwerkstatt\nKommunen – Attraktiv im Wandel“\nDas fiktive Ministerium hat das\n"
        "Modellprojekt aufgelegt.\n\nI. Landeswettbewerb „Baumdorf hat\nZukunft“\n\nDer Wettbewerb läuft."
    )
    assert reflow(text).split("\n\n") == [
        "Eine Spalte mit Zeilen von etwa vierzig Zeichen, wie im Zweispaltensatz üblich.",
        "II. Modellprojekt „Baumwerkstatt Kommunen – Attraktiv im Wandel“",
        "Das fiktive Ministerium hat das Modellprojekt aufgelegt.",
        "I. Landeswettbewerb „Baumdorf hat Zukunft“",
        "Der Wettbewerb läuft.",
    ]


def test_folding_makes_umlaut_spellings_equal():
    assert fold("Förderaufruf Größe") == fold("foerderaufruf groesse")
    assert compact("Heimat-2.0-Aufruf") == "heimat20aufruf"


def test_a_day_is_told_relative_to_today_as_the_docstring_says():
    from datetime import date

    from bot.dates import relative_to_today

    today = date(2026, 11, 26)
    assert relative_to_today(date(2026, 11, 23), today) == "abgelaufen, vor 3 Tagen"
    assert relative_to_today(today, today) == "endet heute"
    assert relative_to_today(date(2026, 11, 27), today) == "noch 1 Tag"
    assert relative_to_today(date(2026, 12, 8), today) == "noch 12 Tage"
    assert relative_to_today(date(2025, 11, 26), today) == "abgelaufen, vor etwa 12 Monaten"
