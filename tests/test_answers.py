from datetime import date

from bot import answers
from bot.models import CallAlias, Deadline, FundingCall, Source
from tests.conftest import TODAY


def ask(session, question, message, **kwargs):
    return answers.answer_call_question(session, question, message=message, today=TODAY, **kwargs)


def test_landkreis_eligibility_for_heimat_2020_cites_circular_384(session):
    answer = ask(session, "eligibility", "Darf ein Landkreis bei Heimat 2.0 2020 mitmachen?", applicant_type="landkreis")
    assert "nur eingeschränkt" in answer.text
    assert "Koordinator gemeindlicher Bewerbungen" in answer.text
    assert "Quelle: Rundschreiben Nr. 384/2020 des Landkreistages Sachsen-Anhalt (Datum im Text nicht angegeben)" in answer.text
    assert answer.call_slug == "heimat-2-0-2020"


def test_gemeinden_may_apply_for_heimat_2020(session):
    answer = ask(session, "eligibility", "", context_slug="heimat-2-0-2020", applicant_type="gemeinde")
    assert answer.text.startswith("Ja, Gemeinden dürfen bei Heimat 2.0 (1. Aufruf 2020) teilnehmen.")
    assert "freiraum-fichtelgebirge.de, 1. Juli 2020" in answer.text


def test_only_rural_landkreise_for_smarte_landregionen(session):
    answer = ask(session, "eligibility", "smarte landregionen", applicant_type="zivilgesellschaft")
    assert answer.text.startswith("Nein, Vereine und andere zivilgesellschaftliche Einrichtungen dürfen")
    assert "nur ländliche Landkreise" in answer.text


def test_unknown_eligibility_says_so(session):
    answer = ask(session, "eligibility", "Land.Funk", applicant_type="landkreis")
    assert "geht aus meinen Quellen nicht hervor" in answer.text


def test_ambiguous_call_asks_back_with_buttons_for_the_same_question(session):
    answer = ask(session, "deadline", "Bis wann läuft Heimat 2.0?")
    assert "mehrere Aufrufe" in answer.text
    assert {b.payload for b in answer.buttons} == {
        '/ask_deadline{"call": "heimat-2-0-2020"}', '/ask_deadline{"call": "heimat-2-0-2021"}',
        '/ask_deadline{"call": "heimat-2-0-2023"}'}
    assert answer.call_slug is None


def test_deadline_says_it_has_passed_and_keeps_unknown_stages_unknown(session):
    answer = ask(session, "deadline", "Und bis wann?", context_slug="heimat-2-0-2020")
    assert "Stufe 1, Projektskizze: 15. Juli 2020 (abgelaufen, vor etwa 6 Jahren)" in answer.text
    assert "Stufe 2, Antrag: Datum nicht bekannt" in answer.text
    assert "Quelle: paderborner-wirtschaftsbrief.de, 2020" in answer.text


def test_extended_deadline_names_both_dates(session):
    answer = ask(session, "deadline", "Frist LandVersorgt")
    assert "2. Juni 2020" in answer.text and "verlängert vom 31. März 2020" in answer.text


def test_future_deadline_counts_the_days_left(session):
    answer = answers.answer_call_question(session, "deadline", message="", context_slug="heimat-2-0-2020",
                                          today=date(2020, 7, 5))
    assert "15. Juli 2020 (noch 10 Tage)" in answer.text


def test_funding_without_a_known_rate_says_so(session):
    answer = ask(session, "funding", "Fördersumme Heimat 2.0 2020")
    assert "200.000 bis 600.000 Euro" in answer.text
    assert "Eine Förderquote ist in meinen Quellen für diesen Aufruf nicht angegeben." in answer.text


def test_funding_with_a_rate(session):
    answer = ask(session, "funding", "Smarte LandRegionen")
    assert "bis zu 90 %" in answer.text and "1 Million Euro" in answer.text
    assert "nicht angegeben" not in answer.text


def test_missing_facts_are_not_known(session):
    answer = ask(session, "outcome", "Land.Funk")
    assert "keine Angaben in meiner Datenbank" in answer.text and "Geschäftsstelle" in answer.text


def test_unknown_call_is_named_as_unknown(session):
    answer = ask(session, "deadline", "Bis wann läuft LEADER?", mention="LEADER")
    assert answer.text.startswith("Einen Förderaufruf „LEADER“ kenne ich nicht")
    assert answer.call_slug is None


def test_question_without_any_call_asks_which(session):
    answer = ask(session, "duration", "Wie lange läuft das?")
    assert answer.text == "Zu welchem Förderaufruf möchten Sie das wissen?"
    assert len(answer.buttons) == 8


def test_circular_384_has_no_known_date(session):
    answer = answers.circular_answer(session, "RS 384/2020")
    assert "Datum: im Text nicht angegeben" in answer.text
    assert "Bezug: Rundschreiben Nr. 014/2020 vom 8. Januar 2020" in answer.text
    assert answer.call_slug == "heimat-2-0-2020"


def test_circular_014_cites_the_news_page(session):
    answer = answers.circular_answer(session, "Nr. 14/2020")
    assert "Datum: 8. Januar 2020" in answer.text
    assert "Quelle: Meldung des Landkreistages Sachsen-Anhalt zum Rundschreiben 014/2020" in answer.text


def test_unknown_circular_is_not_known(session):
    assert "ist in meiner Datenbank nicht enthalten" in answers.circular_answer(session, "999/2020").text


def test_circular_reference(session):
    answer = answers.circular_reference_answer(session, "384/2020")
    assert "Rundschreiben Nr. 014/2020 vom 8. Januar 2020: Smarte LandRegionen" in answer.text
    assert answer.buttons[0].payload == '/ask_circular{"circular_number": "014/2020"}'


def test_circulars_about_a_call_and_a_topic(session):
    by_call = answers.circulars_about_answer(session, message="Rundschreiben zu Smarte LandRegionen")
    assert "Nr. 014/2020 vom 8. Januar 2020" in by_call.text and "384/2020" in by_call.text
    by_topic = answers.circulars_about_answer(session, message="", topic="Digitalisierung")
    assert "Nr. 384/2020" in by_topic.text


def test_no_open_calls_today_names_the_latest_deadline(session):
    answer = answers.open_calls_answer(session, TODAY)
    assert "am 24. November 2026 kein Förderaufruf offen" in answer.text
    assert "Heimat 2.0 (3. Aufruf 2023, Transferregionen), Interessenbekundung bis 17. März 2023" in answer.text


def test_open_calls_and_next_deadlines_with_a_future_call(session):
    source = Source(key="test-source", kind="publication", label="Testquelle")
    call = FundingCall(slug="zukunftstest", name="Zukunftstest", program="Zukunftstest",
                       aliases=[CallAlias(alias="Zukunftstest")],
                       deadlines=[Deadline(stage=1, kind="antrag", due_on=date(2026, 12, 31), sources=[source])])
    session.add(call)
    session.flush()
    assert "Zukunftstest: Antrag bis 31. Dezember 2026 (noch 37 Tage)" in answers.open_calls_answer(session, TODAY).text
    upcoming = answers.next_deadlines_answer(session, TODAY)
    assert "31. Dezember 2026: Zukunftstest, Antrag (noch 37 Tage)" in upcoming.text
    assert "Quelle: Testquelle" in upcoming.text


def test_an_applicant_type_mistaken_for_a_call_name_is_ignored(session):
    answer = ask(session, "eligibility", "Und für Gemeinden?", mention="Gemeinden",
                 context_slug="smarte-landregionen", applicant_type="gemeinde")
    assert answer.text.startswith("Nein, Gemeinden dürfen bei Smarte LandRegionen nicht teilnehmen.")


def test_topic_is_read_from_the_message_when_the_nlu_marked_none(session):
    answer = answers.circulars_about_answer(session, message="Zeig mir bitte Rundschreiben zur Daseinsvorsorge")
    assert "Rundschreiben zum Thema „Daseinsvorsorge“" in answer.text and "Nr. 384/2020" in answer.text
    assert answers.topic_of("Welche Rundschreiben gibt es?") is None
