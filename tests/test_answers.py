"""Answers composed from the curated facts on a real SQLite knowledge base."""

from datetime import date

from bot import answers, names
from bot.asks import Ask
from bot.models import CallAlias, Deadline, FundingCall, Source
from bot.question import Context, read_question
from tests.conftest import TODAY, named_call


def ask(session, text, *asks, today=TODAY, **kwargs):
    question = read_question(list(asks), text, **kwargs)
    return answers.answer(session, question, today)


def test_landkreis_eligibility_for_heimat_2020_cites_circular_384(session):
    answer = ask(session, "Darf ein Landkreis bei Heimat 2.0 2020 mitmachen?", Ask.ELIGIBILITY)
    assert answer.text.startswith("Landkreise dürfen bei Heimat 2.0 (1. Aufruf 2020) nur eingeschränkt teilnehmen.")
    assert "Koordinator gemeindlicher Bewerbungen" in answer.text
    assert (
        "Quelle: Rundschreiben Nr. 384/2020 des Landkreistages Sachsen-Anhalt (Datum im Text nicht angegeben)"
        in answer.text
    )
    assert answer.context.calls == ["heimat-2-0-2020"]


def test_gemeinden_may_apply_for_heimat_2020(session):
    answer = ask(session, "", Ask.ELIGIBILITY, applicant="gemeinde", context=Context(calls=["heimat-2-0-2020"]))
    assert answer.text.startswith("Ja, Gemeinden dürfen bei Heimat 2.0 (1. Aufruf 2020) teilnehmen.")
    assert "freiraum-fichtelgebirge.de, 1. Juli 2020" in answer.text


def test_only_rural_landkreise_for_smarte_landregionen(session):
    answer = ask(session, "smarte landregionen", Ask.ELIGIBILITY, applicant="zivilgesellschaft")
    assert answer.text.startswith("Nein, Vereine und andere zivilgesellschaftliche Einrichtungen dürfen")
    assert "nur ländliche Landkreise" in answer.text


def test_unknown_eligibility_says_so(session):
    answer = ask(session, "Land.Funk", Ask.ELIGIBILITY, applicant="landkreis")
    assert (
        answer.text.startswith("Ob Landkreise bei Land.Funk teilnehmen dürfen, ist in meinen Quellen nicht angegeben.")
        and not answer.answered
    )


def test_rounds_of_one_program_are_answered_together_newest_first(session):
    """Issue: a question that fits several rounds of one program is answered, not asked back."""
    answer = ask(session, "Bis wann läuft Heimat 2.0?", Ask.DEADLINE)
    assert not answer.choices
    lines = answer.text.splitlines()
    assert lines[0] == "Zu Heimat 2.0 kenne ich drei Aufrufe; zu Fristen, neuester zuerst:"
    assert lines[1].startswith("- 3. Aufruf 2023, Transferregionen: Interessenbekundung: 17. März 2023")
    assert "(Quelle: kommunen-innovativ.de, 2023)" in lines[1]
    assert lines[2].startswith("- 2. Aufruf 2021, „Region gestalten“: Bewerbung: 15. April 2021")
    assert lines[3].startswith("- 1. Aufruf 2020: Stufe 1, Projektskizze: 15. Juli 2020")
    assert answer.context.calls == ["heimat-2-0-2023", "heimat-2-0-2021", "heimat-2-0-2020"]


def test_a_verdict_across_rounds_leads_with_the_known_one(session):
    answer = ask(session, "Darf eine Gemeinde bei Heimat 2.0 mitmachen?", Ask.ELIGIBILITY)
    assert answer.text.startswith("Ja, Gemeinden dürfen bei Heimat 2.0 (3. Aufruf 2023, Transferregionen) teilnehmen.")
    assert "- 2. Aufruf 2021, „Region gestalten“: in meinen Quellen nicht angegeben." in answer.text
    assert "freiraum-fichtelgebirge.de" in answer.text


def test_year_or_ordinal_picks_the_round(session):
    assert ask(session, "Heimat 2.0 von 2021 Förderquote", Ask.FUNDING).context.calls == ["heimat-2-0-2021"]
    answer = ask(session, "Frist beim dritten Aufruf von Heimat 2.0", Ask.DEADLINE)
    assert answer.context.calls == ["heimat-2-0-2023"] and "17. März 2023" in answer.text


def test_calls_of_different_programs_that_fit_equally_are_asked_back(session):
    answer = ask(session, "Bis wann läuft Smart?", Ask.DEADLINE)
    assert answer.text == "Dazu passen mehrere Förderaufrufe. Welchen meinen Sie?"
    assert 2 <= len(answer.choices) <= 5
    assert {c.ask for c in answer.choices} == {Ask.DEADLINE}
    # A next question that picks none of them is answered for each of the calls offered.
    assert answer.context.calls == [c.call for c in answer.choices]
    follow_up = ask(session, "und wer fördert das?", Ask.FUNDER, context=answer.context)
    assert follow_up.text.startswith("Zu dem Fördergeber, je Aufruf:")
    assert all(f"- {c.label}:" in follow_up.text for c in answer.choices)


def test_deadline_says_it_has_passed_and_keeps_unknown_stages_unknown(session):
    answer = ask(session, "Und bis wann?", Ask.DEADLINE, context=Context(calls=["heimat-2-0-2020"]))
    assert "- Stufe 1, Projektskizze: 15. Juli 2020 (abgelaufen, vor etwa 6 Jahren)" in answer.text
    assert "- Stufe 2, Antrag: Datum nicht bekannt" in answer.text
    assert "Quelle: paderborner-wirtschaftsbrief.de, 2020" in answer.text


def test_extended_deadline_names_both_dates(session):
    answer = ask(session, "Frist LandVersorgt", Ask.DEADLINE)
    assert "2. Juni 2020" in answer.text and "verlängert vom 31. März 2020" in answer.text


def test_future_deadline_counts_the_days_left(session):
    answer = ask(session, "", Ask.DEADLINE, context=Context(calls=["heimat-2-0-2020"]), today=date(2020, 7, 5))
    assert "15. Juli 2020 (noch 10 Tage)" in answer.text


def test_funding_without_a_known_rate_says_so(session):
    answer = ask(session, "Fördersumme Heimat 2.0 2020", Ask.FUNDING)
    assert "200.000 bis 600.000 Euro" in answer.text
    assert "Eine Förderquote ist in meinen Quellen für diesen Aufruf nicht angegeben." in answer.text


def test_funding_with_a_rate(session):
    answer = ask(session, "Smarte LandRegionen", Ask.FUNDING)
    assert "bis zu 90 %" in answer.text and "1 Million Euro" in answer.text
    assert "nicht angegeben" not in answer.text


def test_missing_facts_are_not_known(session):
    answer = ask(session, "Land.Funk", Ask.OUTCOME)
    assert "Zu dem Ergebnis der Auswahl ist für Land.Funk in meinen Quellen nichts angegeben." in answer.text
    assert "Geschäftsstelle" in answer.text and not answer.answered


def test_unknown_call_is_named_as_unknown_with_at_most_three_near_names(session):
    answer = ask(session, "Bis wann läuft Mondbasis 3000?", Ask.DEADLINE, mention="Mondbasis 3000")
    assert answer.text.startswith("Einen Förderaufruf „Mondbasis 3000“ kenne ich nicht")
    assert len(answer.choices) <= 3 and answer.context.calls == [] and not answer.answered


def test_unknown_quoted_name_without_an_entity(session):
    answer = ask(session, 'Was gilt beim Programm „Landkultur-Skizzen"?', Ask.AIM)
    assert answer.text.startswith("Einen Förderaufruf „Landkultur-Skizzen“ kenne ich nicht")


def test_an_unknown_name_after_a_compound_for_a_call_is_unknown(session):
    answer = ask(session, "gibts infos zum bundesfoerderaufruf buergerbus plus 2022?", Ask.OVERVIEW)
    assert answer.text.startswith("Einen Förderaufruf „buergerbus plus 2022“ kenne ich nicht")
    # Words after "das Programm" that begin with a function word name nothing.
    answer = ask(session, "wird das programm nach 2019 ueberhaupt weitergefuehrt?", Ask.DURATION)
    assert "kenne ich nicht" not in answer.text


def test_question_without_any_call_asks_which_with_few_buttons(session):
    answer = ask(session, "Wie lange läuft das?", Ask.DURATION)
    assert answer.text == "Zu welchem Förderaufruf möchten Sie das wissen? Bitte nennen Sie seinen Namen."
    assert 1 <= len(answer.choices) <= 5


def test_two_asks_in_one_message_are_both_answered(session):
    answer = ask(session, "Was fördert Heimat 2.0 2020 und für wen ist das?", Ask.AIM)
    assert "Ziel und Themen von Heimat 2.0 (1. Aufruf 2020):" in answer.text
    assert "Wer teilnehmen darf bei Heimat 2.0 (1. Aufruf 2020):" in answer.text
    assert answer.context.asks == [Ask.AIM, Ask.ELIGIBILITY]


def test_colloquial_money_question_is_not_read_as_a_count(session):
    answer = ask(session, "Wie viel Förderung gibt es bei Heimat 2.0 von 2020?", Ask.PROJECT_COUNT)
    assert "200.000 bis 600.000 Euro" in answer.text


def test_a_follow_up_keeps_the_calls_and_the_question(session):
    first = ask(session, "Bis wann läuft Heimat 2.0?", Ask.DEADLINE)
    follow_up = ask(session, "und 2021?", follow_up=True, context=first.context)
    assert follow_up.context.calls == ["heimat-2-0-2021"]
    assert follow_up.text.startswith("Fristen für Heimat 2.0 (2. Aufruf 2021, „Region gestalten“):")


def test_rounds_question_lists_the_program_and_says_yes(session):
    answer = ask(session, "Gab es eine zweite Runde?", context=Context(calls=["heimat-2-0-2020"], asks=[Ask.DEADLINE]))
    assert answer.text.startswith("Ja, zu Heimat 2.0 gab es einen zweiten Aufruf.")
    assert "bundesbaublatt.de" in answer.text
    assert answer.context.calls == ["heimat-2-0-2021"]


def test_circular_384_has_no_known_date(session):
    answer = ask(session, "Was steht im RS 384/2020?", Ask.CIRCULAR)
    assert "Datum: im Text nicht angegeben" in answer.text
    assert "Bezug: Rundschreiben Nr. 014/2020 vom 8. Januar 2020" in answer.text
    assert answer.context.calls == ["heimat-2-0-2020"] and answer.context.circular == "384/2020"


def test_circular_014_cites_the_news_page(session):
    answer = ask(session, "Nr. 14/2020", Ask.CIRCULAR)
    assert "Datum: 8. Januar 2020" in answer.text
    assert "Quelle: Meldung des Landkreistages Sachsen-Anhalt zum Rundschreiben 014/2020" in answer.text


def test_unknown_circular_is_not_known(session):
    assert "ist in meiner Datenbank nicht enthalten" in ask(session, "999/2020", Ask.CIRCULAR).text


def test_circular_reference_from_context(session):
    answer = ask(session, "und worauf bezieht es sich?", Ask.CIRCULAR_REFERENCE, context=Context(circular="384/2020"))
    assert "Rundschreiben Nr. 014/2020 vom 8. Januar 2020: Smarte LandRegionen" in answer.text
    assert answer.choices[0].circular == "014/2020" and answer.choices[0].ask == Ask.CIRCULAR


def test_circulars_about_a_call_and_a_topic(session):
    by_call = ask(session, "Rundschreiben zu Smarte LandRegionen", Ask.CIRCULARS)
    assert "Nr. 014/2020 vom 8. Januar 2020" in by_call.text and "384/2020" in by_call.text
    by_topic = ask(session, "", Ask.CIRCULARS, topic="Digitalisierung")
    assert "Nr. 384/2020" in by_topic.text


def test_no_open_calls_today_names_the_latest_deadline(session):
    answer = ask(session, "Welche Aufrufe sind offen?", Ask.OPEN_CALLS)
    assert "am 24. November 2026 kein Förderaufruf offen" in answer.text
    assert "Heimat 2.0 (3. Aufruf 2023, Transferregionen), Interessenbekundung bis 17. März 2023" in answer.text


def test_open_calls_and_next_deadlines_with_a_future_call(session):
    source = Source(key="test-source", kind="publication", label="Testquelle")
    call = FundingCall(
        slug="zukunftstest",
        name="Zukunftstest",
        program="Zukunftstest",
        aliases=[CallAlias(alias="Zukunftstest")],
        deadlines=[Deadline(stage=1, kind="antrag", due_on=date(2026, 12, 31), sources=[source])],
    )
    session.add(call)
    session.flush()
    assert "Zukunftstest: Antrag bis 31. Dezember 2026 (noch 37 Tage)" in answers.open_calls_answer(session, TODAY).text
    upcoming = answers.next_deadlines_answer(session, TODAY)
    assert "31. Dezember 2026: Zukunftstest, Antrag (noch 37 Tage)" in upcoming.text
    assert "Quelle: Testquelle" in upcoming.text


def test_an_applicant_type_mistaken_for_a_call_name_is_ignored(session):
    answer = ask(
        session,
        "Und für Gemeinden?",
        mention="Gemeinden",
        follow_up=True,
        context=Context(calls=["smarte-landregionen"], asks=[Ask.FUNDING]),
    )
    assert answer.text.startswith("Nein, Gemeinden dürfen bei Smarte LandRegionen nicht teilnehmen.")


def test_topic_is_read_from_the_message_when_the_nlu_marked_none(session):
    answer = ask(session, "Zeig mir bitte Rundschreiben zur Daseinsvorsorge", Ask.CIRCULARS)
    assert "Rundschreiben zum Thema „Daseinsvorsorge“" in answer.text and "Nr. 384/2020" in answer.text
    assert answers.topic_of("Welche Rundschreiben gibt es?") is None


def test_every_answer_keeps_to_five_buttons(session):
    for text, asks in [
        ("Welche Aufrufe sind offen?", [Ask.OPEN_CALLS]),
        ("Welche Fristen kommen?", [Ask.NEXT_DEADLINES]),
        ("Wie lange?", [Ask.DURATION]),
        ("Smart", [Ask.DEADLINE]),
    ]:
        assert len(ask(session, text, *asks).choices) <= 5


def test_calls_of_different_programs_in_context_are_answered_each_by_its_title(session):
    context = Context(calls=["heimat-2-0-2020", "smarte-landregionen"])
    answer = ask(session, "und die Fristen?", Ask.DEADLINE, context=context)
    lines = answer.text.split("\n")
    assert lines[0] == "Zu Fristen, je Aufruf:"
    assert any(line.startswith("- Heimat 2.0 (1. Aufruf 2020):") for line in lines)
    assert any(line.startswith("- Smarte LandRegionen") for line in lines)
    assert "kenne ich zwei Aufrufe" not in answer.text


def test_the_round_the_words_pick_is_answered_where_only_a_later_round_has_the_name_written(session):
    newest = session.query(FundingCall).filter_by(slug="heimat-2-0-2023").one()
    newest.aliases.append(CallAlias(alias="Heimatwerk"))
    session.flush()
    answer = ask(session, "Heimatwerk erster Aufruf 2020 – wie hoch ist die Förderquote?", Ask.FUNDING)
    assert answer.context.calls == ["heimat-2-0-2020"]


def test_a_name_s_core_with_a_number_names_the_call(session):
    session.add(named_call("revier-test", "Sachsen-Anhalt Revier 2099"))
    session.flush()
    assert names.find_calls(session, "revier 2099 – ab wann gehen wieder anträge?").call.slug == "revier-test"
