from datetime import date

from bot.ingest.extract import call_name, extract


def test_call_name_from_subject():
    assert call_name("Förderaufruf „Dorfladen Plus“ (fiktiv)") == "Dorfladen Plus"
    assert call_name("Förderaufruf Musterwald digital") == "Musterwald digital"
    assert call_name("Protokoll der Mitgliederversammlung") is None


def test_deadlines_money_eligibility_and_funders_come_from_their_sentences():
    found = extract("Aufruf „Kreisbus Test“", [
        "Kurzfassung: Das fiktive Testministerium fördert Rufbusse.",
        "Interessenbekundungen sind bis zum 15.05.2026 einzureichen, Projektskizzen bis spätestens 1. Juli 2026.",
        "Je Vorhaben stehen bis zu 1,5 Mio. Euro bereit; die Förderquote beträgt 90 Prozent.",
        "Antragsberechtigt sind Landkreise und Gemeindeverbände.",
        "Vereine sind nicht antragsberechtigt.",
        "Die Sitzung findet am 3. März 2026 statt.",
    ])
    assert [(d, kind) for d, kind, _ in found.deadlines] == [
        (date(2026, 5, 15), "interessenbekundung"), (date(2026, 7, 1), "projektskizze")]
    assert found.funding == [(1_500_000, 90, "Je Vorhaben stehen bis zu 1,5 Mio. Euro bereit; die Förderquote beträgt 90 Prozent.")]
    assert [(a, v) for a, v, _ in found.eligibility] == [("landkreis", "yes"), ("gemeindeverband", "yes"),
                                                        ("zivilgesellschaft", "no")]
    assert found.funders == ["Das fiktive Testministerium fördert Rufbusse."]
