"""Calls found by what a question is about when it names none (bot/topics.py), on circulars of
fictitious programs ingested into a fresh database."""

from datetime import date

import pytest

from bot import answers, db, topics
from bot.asks import Ask
from bot.ingest.pipeline import ingest_file
from bot.question import Context, read_question
from tests.conftest import fictitious_circular, ingest_fictitious, loaded_database

TODAY = date(2026, 11, 24)
FIRE = fictitious_circular(
    "93/2026",
    "14. Februar 2026",
    "Brandschutz Test",
    """Das fiktive Innenministerium fördert den Neubau von Feuerwehrhäusern.
Je Stellplatz werden beim Neubau bis zu 150.000 Euro gewährt, bei einem Anbau bis zu 80.000 Euro.
Anträge sind bis zum 31. März 2026 beim Landkreis einzureichen.
""",
)
TREES = fictitious_circular(
    "94/2026",
    "3. März 2026",
    "Baumpflege Test",
    """Das fiktive Umweltministerium fördert die Pflege von Straßenbäumen in Kommunen.
Gefördert werden bis zu 70 % der Ausgaben; den Eigenanteil tragen die Kommunen.
Projekte dürfen höchstens zwei Jahre laufen.
Anträge sind bis zum 30. Juni 2026 einzureichen.
""",
)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("topics")
    url = loaded_database(f"sqlite:///{folder / 'topics.sqlite3'}")
    for name, text in (("rs-93-2026.txt", FIRE), ("rs-94-2026.txt", TREES)):
        (folder / name).write_text(text, encoding="utf-8")
        ingest_file(folder / name, url)
    with db.session_scope(url) as session:
        yield session


def ask(session, text, *asks, context=None):
    return answers.answer(session, read_question(list(asks), text, context=context), TODAY)


def test_a_question_naming_no_call_is_answered_for_the_call_its_nouns_point_to(session):
    answer = ask(session, "moin, wieviel gibts pro stellplatz wenn ne gemeinde ein feuerwehrhaus baut?", Ask.FUNDING)
    assert answer.text.startswith("Förderung bei Brandschutz Test (Aufruf 2026):")
    assert "150.000 Euro" in answer.text and "Rundschreiben Nr. 093/2026" in answer.text


def test_common_words_alone_find_no_call(session):
    assert topics.calls_about(session, topics.question_words(session, "wie lange darf ein projekt laufen?")) == []
    answer = ask(session, "wie lange darf ein projekt laufen?", Ask.DURATION)
    assert not answer.answered and answer.text.startswith("Zu welchem Förderaufruf")


def test_a_noun_the_conversations_call_never_uses_leads_to_the_call_that_does(session):
    first = ask(session, "Was wird bei Baumpflege Test gefördert?", Ask.AIM)
    answer = ask(session, "ok. und was gab es zur förderung von feuerwehrhäusern?", Ask.AIM, context=first.context)
    assert "Brandschutz Test" in answer.text and "Baumpflege Test" not in answer.text


def test_a_follow_up_stays_with_the_conversations_call(session):
    first = ask(session, "Was wird bei Brandschutz Test gefördert?", Ask.AIM)
    answer = ask(session, "und wie lange darf das projekt laufen?", Ask.DURATION, context=first.context)
    assert "Brandschutz Test" in answer.text and "Baumpflege Test" not in answer.text


def test_asking_whether_a_named_call_is_open_gets_its_deadline(session):
    answer = ask(session, "läuft bei baumpflege test grad noch ein aufruf?", Ask.OPEN_CALLS)
    assert answer.text.startswith("Frist bei Baumpflege Test (Aufruf 2026): 30. Juni 2026 (abgelaufen")


def test_a_name_sharing_only_half_its_words_with_a_call_is_unknown(session):
    answer = ask(session, "Gibt es Infos zum Förderaufruf „Brandschutz Kreisstraßen“?", Ask.OVERVIEW)
    assert "Einen Förderaufruf „Brandschutz Kreisstraßen“ kenne ich nicht" in answer.text


def test_a_follow_up_pointing_back_with_da_never_leaves_the_call(session):
    first = ask(session, "Was wird bei Baumpflege Test gefördert?", Ask.AIM)
    answer = ask(session, "gibt es da auch geld für feuerwehrhäuser?", Ask.FUNDING, context=first.context)
    assert "Baumpflege Test" in answer.text and "Brandschutz Test" not in answer.text


def test_a_follow_up_for_another_object_or_a_bare_noun_stays_with_the_call(session):
    first = ask(session, "Wie viel Prozent gibt es bei Baumpflege Test?", Ask.RATE)
    answer = ask(session, "und für ne feuerwache?", Ask.RATE, context=first.context)
    assert "Baumpflege Test" in answer.text and "Brandschutz Test" not in answer.text
    # One noun the NLU makes nothing of asks the question before again, about it.
    assert read_question([], "Straßenbäume?", context=first.context).asks == first.context.asks != []


def test_a_compound_no_circular_writes_counts_as_its_head(session):
    words = topics.question_words(session, "gibt es geld für großstraßenbäume?")
    assert "strassenbaum" in words.rare
    assert [m.call.name for m in topics.calls_about(session, words)] == ["Baumpflege Test"]
    # In a conversation a compound's head is no reason to leave its call.
    assert "strassenbaum" not in topics.question_words(session, "gibt es geld für großstraßenbäume?", heads=False).rare


def test_one_word_of_a_long_name_gives_way_to_the_call_the_question_is_about(session, tmp_path):
    # "Sanierung" is a word of one call's name; the other call's circular speaks of all the
    # question asks about.
    ingest_fictitious(
        session,
        tmp_path,
        "95/2026",
        "5. März 2026",
        "Sanierung kommunaler Verwaltungsgebäude Test",
        "Das fiktive Bauministerium fördert Rathäuser mit bis zu 50 % der Ausgaben.\n",
    )
    ingest_fictitious(
        session,
        tmp_path,
        "96/2026",
        "6. März 2026",
        "Wachenbau Test",
        "Gefördert wird die Sanierung bestehender Feuerwehrhäuser und ihrer Schlauchtürme.\n",
    )
    answer = ask(session, "gibt es förderung für die sanierung von feuerwehrhäusern und schlauchtürmen?", Ask.AIM)
    # A question whether the thing is funded is answered yes or no, from the sentence saying so.
    assert answer.text.startswith("Ja, nach den Angaben zu Wachenbau Test"), answer.text


def test_a_program_found_by_its_topic_is_answered_with_all_its_rounds(session, tmp_path):
    for number, year, text in (
        ("97/2026", "2. April 2026", "Das fiktive Ministerium fördert Blühwiesen an Ortsrändern mit 80 %.\n"),
        (
            "98/2027",
            "9. Mai 2027",
            "Bezug: Rundschreiben Nr. 97/2026\nIn der zweiten Runde werden auch Schulgärten gefördert.\n",
        ),
    ):
        ingest_fictitious(session, tmp_path, number, year, "Ortsgrün Test", text)
    # Only the first round speaks of Blühwiesen; the question is about the program.
    answer = ask(session, "gibts was für blühwiesen an ortsrändern?", Ask.AIM)
    assert "kenne ich zwei Aufrufe" in answer.text, answer.text


def test_a_word_several_programs_use_does_not_leave_the_call_at_hand(session, tmp_path, monkeypatch):
    # This small database holds few circulars: a word of two of them counts as rare here.
    monkeypatch.setattr(topics, "RARE_SHARE", 0.5)
    for number, name in (("88/2026", "Jury Eins Test"), ("89/2026", "Jury Zwei Test")):
        body = "Über die Anträge entscheidet eine Jurysitzung im Herbst.\n"
        ingest_fictitious(session, tmp_path, number, "1. Juni 2026", name, body)
    context = Context(calls=["baumpflege-test-2026"])
    answer = ask(session, "und wann ist die jurysitzung?", Ask.PROCEDURE, context=context)
    assert not answer.choices and "Baumpflege Test" in answer.text, answer.text


def test_calls_one_circular_announces_together_are_answered_each_not_asked_about(session, tmp_path):
    text = fictitious_circular("95/2026", "4. April 2026", "Heckenwandel", "").replace(
        "Förderaufruf „Heckenwandel“ (fiktives Testprogramm)", "Zwei Testprogramme: „Heckenwandel“ und „Laubfrei“"
    ) + (
        "I. Heckenwandel\n"
        "Mit dem Programm „Heckenwandel“ fördert das fiktive Amt die Pflege von Dorfhecken.\n"
        "Antragsberechtigt sind Gemeinden und Landkreise.\n"
        "II. Laubfrei\n"
        "Das Programm „Laubfrei“ hilft bei der Pflege von Dorfhecken mit Laubbläsern.\n"
        "Antragsberechtigt sind Gemeinden und Landkreise.\n"
    )
    (tmp_path / "rs-95-2026.txt").write_text(text, encoding="utf-8")
    session.commit()
    ingest_file(tmp_path / "rs-95-2026.txt", str(session.get_bind().url))
    answer = ask(session, "dürfen landkreise bei der pflege von dorfhecken einen antrag stellen?", Ask.ELIGIBILITY)
    assert not answer.choices
    assert answer.text.startswith("Ja, Landkreise dürfen bei Heckenwandel (Aufruf 2026) und Laubfrei (Aufruf 2026)")
    assert "- Heckenwandel (Aufruf 2026):" in answer.text and "- Laubfrei (Aufruf 2026):" in answer.text


def test_a_round_found_by_words_of_its_own_name_brings_the_rounds_that_speak_of_them_too(session):
    from bot import names
    from bot.models import CallAlias, FundingCall
    from bot.resolve import resolve

    calls = session.query(FundingCall).filter(FundingCall.name == "Baumpflege Test").all()
    assert len(calls) == 1
    newer = FundingCall(
        slug="baumpflege-test-2027", name="Baumpflege Test", program=calls[0].program, year=2027, aliases=[]
    )
    calls[0].aliases.append(CallAlias(alias="Pflege von Straßenbäumen in Kommunen"))
    session.add(newer)
    session.flush()
    for link in calls[0].circular_links:  # the newer round's circular speaks of the same topic
        newer.circular_links.append(type(link)(circular=link.circular, role=link.role))
    session.flush()
    text = "bis wann gibt es geld für straßenbäume?"
    assert names.find_calls(session, text).by_words
    found = resolve(session, read_question([Ask.DEADLINE], text)).calls
    assert {c.slug for c in found} == {calls[0].slug, "baumpflege-test-2027"}
    session.rollback()


def test_a_short_noun_can_name_the_topic(session, tmp_path):
    ingest_fictitious(
        session, tmp_path, "89/2026", "9. März 2026", "Platzausbau Test", "Gefördert werden neue Plätze in der Kita.\n"
    )
    words = topics.question_words(session, "bis wann gibt es geld für die kita?")
    assert "kita" in words.rare
    assert "Platzausbau Test" in [m.call.name for m in topics.calls_about(session, words)]


def test_the_years_a_question_names_pick_the_call_its_topic_points_to_over_a_word_of_another_name(session, tmp_path):
    ingest_fictitious(
        session, tmp_path, "91/2017", "1. März 2017", "Kita Brückenschlag Test", "Gefördert werden Netzwerke.\n"
    )
    ingest_fictitious(
        session,
        tmp_path,
        "92/2021",
        "5. Juli 2021",
        "Betreuungsausbau 2020–2021 Test",
        "Der Bund fördert neue Krippenplätze in Kitas. Bewilligungen sind bis zum 30.06.22 möglich.\n",
    )
    answer = ask(session, "kita investitionsprogramm 2020-2021 – bis wann gibts krippenplätze?", Ask.DEADLINE)
    assert answer.context.calls == ["betreuungsausbau-2020-2021-test-2021"], answer.text
