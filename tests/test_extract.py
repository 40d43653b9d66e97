"""Which calls a circular announces, under which names, and which sentences belong to which."""

from bot.ingest.calls import announced_calls, clean_name, round_number, sections, subject_names


def test_call_name_from_subject():
    assert subject_names("Förderaufruf „Dorfladen Plus“ (fiktiv)") == ["Dorfladen Plus"]
    assert subject_names("Förderaufruf Musterwald digital") == ["Musterwald digital"]
    assert subject_names("Protokoll der Mitgliederversammlung") == []


def test_a_long_subject_gives_the_name_without_framework_and_ministry():
    assert (
        clean_name(
            "Förderaufruf für investive kommunale Klimaschutz-Modellprojekte im Rahmen der Nationalen "
            "Klimaschutzinitiative"
        )
        == "Investive kommunale Klimaschutz-Modellprojekte"
    )
    assert clean_name("Gigabitförderung des Bundes: Richtlinie 2.0 und erster Förderaufruf") == "Gigabitförderung"
    assert clean_name("Zweiter Förderaufruf Dorfmitte digital des Landesministeriums") == "Dorfmitte digital"


def test_every_quoted_title_of_a_subject_is_a_call():
    assert subject_names("Förderaufrufe „Radwege im Dorf“ und „Kreisbus Plus“ – Fristen") == [
        "Radwege im Dorf",
        "Kreisbus Plus",
    ]


SENTENCES = [
    "Wir weisen auf zwei Förderaufrufe des fiktiven Testministeriums hin.",
    "I. Förderaufruf „Radwege im Dorf“",
    "Mit dem Förderaufruf „Radwege im Dorf“ (im Folgenden: Dorfradaufruf) fördert das Ministerium Radwege.",
    "Antragsberechtigt sind Gemeinden.",
    "II. Förderaufruf „Kreisbus Plus“",
    "Das Programm Kreisbus Plus (KBP) fördert Rufbusse der Landkreise.",
    "Anträge sind bis zum 15.09.23 einzureichen.",
]


def test_a_circular_announcing_two_calls_gives_each_its_section_and_aliases():
    calls = announced_calls("Förderaufrufe „Radwege im Dorf“ und „Kreisbus Plus“", SENTENCES)
    assert [c.name for c in calls] == ["Radwege im Dorf", "Kreisbus Plus"]
    assert "Dorfradaufruf" in calls[0].aliases
    assert "KBP" in calls[1].aliases and "Dorfradaufruf" not in calls[1].aliases
    assert sections(calls, SENTENCES) == [None, 0, 0, 0, 1, 1, 1]


def test_numbered_sections_of_one_call_are_not_calls():
    sentences = [
        "1. Ziel der Förderung",
        "Gefördert werden Dorfläden.",
        "2. Höhe der Förderung",
        "Bis zu 40.000 Euro je Laden.",
    ]
    calls = announced_calls("Förderaufruf „Dorfladen Plus“", sentences)
    assert [c.name for c in calls] == ["Dorfladen Plus"]
    assert sections(calls, sentences) == [None] * 4


def test_a_second_call_named_by_a_call_word_gets_the_second_roman_section():
    subject = "Ehrenamt: Bundesprogramm „Dorfhaus Plus“ und erstes Förderprogramm der Stiftung Dorfleben Test"
    sentences = [
        "Kurzfassung:",
        "I. Bundesprogramm „Dorfhaus Plus“",
        "Gefördert werden Dorfhäuser mit bis zu 40.000 Euro.",
        "II. Stiftung Dorfleben Test: „Mitmachen.",
        "Weitermachen.“",
        "Der Eigenanteil beträgt 10 Prozent.",
        "III. Hinweise der Geschäftsstelle",
        "Wir bitten um Kenntnisnahme.",
    ]
    calls = announced_calls(subject, sentences)
    assert [c.name for c in calls] == ["Dorfhaus Plus", "Stiftung Dorfleben Test"]
    # The third numbered section is about both, as the summary before the first is.
    assert sections(calls, sentences) == [None, 0, 0, 1, 1, 1, None, None]


def test_an_acronym_of_an_agency_is_no_alias_of_the_call():
    sentences = [
        "Das Bundesamt für Güterverkehr (BAG) führt das Programm durch.",
        "Die Förderrichtlinie Modellbus (FRM) gilt ab sofort.",
    ]
    calls = announced_calls("Förderrichtlinie „Modellbus“", sentences)
    assert "FRM" in calls[0].aliases and "BAG" not in calls[0].aliases


def test_the_round_a_circular_announces():
    assert round_number([], "„Modellbus“ – zweiter Förderaufruf des BMDV") == 2
    assert round_number(["Nach dem ersten Aufruf ist nun der dritte Förderaufruf erschienen."], "Modellbus") == 3
    assert round_number(["Gefördert werden Busse."], "Förderaufruf „Modellbus“") is None


def test_a_ministrys_acronym_and_subject_parts_that_are_no_names_give_no_alias():
    sentences = [
        "Mit „Jugend im Quartier“ bündelt das Bundesministerium für Familie, Senioren, Frauen und Jugend (BMFSFJ) "
        "seine Mittel.",
    ]
    calls = announced_calls("Förderaufruf „Jugend im Quartier“", sentences)
    assert "BMFSFJ" not in calls[0].aliases
    subject = "Förderrichtlinie Modellbus: neuer Förderaufruf für Gebietskörperschaften – Anträge bis zum 8. Juni 2023"
    assert announced_calls(subject, ["Gefördert werden Busse."])[0].aliases == ["Modellbus"]
    changed = "Richtlinie Koordinierungsstellen Modell – Änderung durch Runderlass des Ministeriums vom 1. März 2024"
    assert announced_calls(changed, ["Die Richtlinie wurde geändert."])[0].aliases == ["Koordinierungsstellen Modell"]


def test_a_word_in_parentheses_after_a_place_is_no_acronym_but_a_mixed_case_one_spelt_before_is():
    sentences = [
        "Das Programm „Kulturregion Modell“ lädt zu einem Kongress nach Halle (Saale) ein.",
        "Gefördert wird über das Projekt „Nachhaltige Kommunalentwicklung durch Partnerschaftsprojekte“ (Nakopa).",
    ]
    aliases = announced_calls("Förderaufruf „Kulturregion Modell“", sentences)[0].aliases
    assert "Saale" not in aliases
    assert "Nakopa" in announced_calls("Kommunale Entwicklungspolitik: Förderung 2021", sentences[1:])[0].aliases


def test_a_name_may_begin_with_a_number_that_is_part_of_a_word():
    assert subject_names("5G-Innovationswettbewerb des Bundes: Konzeptförderung – Anträge bis 17.09.19") == [
        "5G-Innovationswettbewerb"
    ]


def test_news_words_of_a_subject_give_no_alias():
    subject = "Investitionsprogramm Modellstadt III: letzte Antragsstichtage 28.04.18 (EFRE) und 04.05.18"
    assert all("Antragsstichtage" not in a for a in announced_calls(subject, ["Gefördert werden Schulen."])[0].aliases)


def test_a_title_before_a_colon_or_exclamation_mark_is_a_short_name():
    sentences = ["Gefördert werden Freizeitprojekte."]
    assert (
        "Viel vor" in announced_calls("Förderangebot „Viel vor: Gemeinsam aktiv für Inklusion“", sentences)[0].aliases
    )
    assert "Zeichen setzen" in announced_calls("Förderaktion „Zeichen setzen! Für mehr Respekt“", sentences)[0].aliases
