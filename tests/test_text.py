from bot.text import clean_pdf_text, compact, dehyphenate, find_circular_numbers, fold


def test_circular_numbers_are_normalised_to_three_digits():
    assert find_circular_numbers("RS 014/2020, Nr. 14/2020 und 384/2020") == ["014/2020", "014/2020", "384/2020"]
    assert find_circular_numbers("Rundschreiben 7 / 2023") == ["007/2023"]


def test_dates_and_versions_are_not_circular_numbers():
    assert find_circular_numbers("am 1/2/2020 und Heimat 2.0") == []


def test_line_break_hyphenation_is_removed_before_lower_case():
    assert dehyphenate("das Bundesminis-\nterium") == "das Bundesministerium"


def test_real_hyphen_before_capital_is_kept_unless_the_joined_word_occurs():
    assert dehyphenate("Bund-\nLänder-Programm") == "Bund-Länder-Programm"
    assert dehyphenate("Smarte LandRegionen und Smarte Land-\nRegionen") == "Smarte LandRegionen und Smarte LandRegionen"


def test_clean_pdf_text_reflows_paragraphs():
    assert clean_pdf_text(" An die \nLandkreise \n \n\nKurz-\nfassung:  eins \nzwei") == \
        "An die Landkreise\n\nKurzfassung: eins zwei"


def test_folding_makes_umlaut_spellings_equal():
    assert fold("Förderaufruf Größe") == fold("foerderaufruf groesse")
    assert compact("Heimat-2.0-Aufruf") == "heimat20aufruf"
