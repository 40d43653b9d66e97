"""Questions the assistant could not answer, kept for the office (bot/unanswered.py): stored
without sender id or personal data, grouped and counted, forgotten after the retention period;
recorded by the actions for the fallback, "not known", "not stated" and a thumbs-down; listed by
`bot unanswered` and on the staff page /unbeantwortet."""

import asyncio
import logging
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import delete, select

from actions.answer import ActionAnswer
from actions.feedback import ActionFeedback
from actions.recording import rated_turn, wait_for_records
from bot import answers, db, unanswered
from bot.asks import Ask
from bot.cli import main
from bot.models import UnansweredQuestion
from bot.question import read_question
from bot.retention import forget_unanswered
from bot.states import UnansweredReason
from connectors.guard import as_read
from tests.conftest import TODAY, loaded_database
from tests.servers import BIN, ROOT
from tests.staff import add_staff_user, logged_in, staff_app

SENDER = "rest:geheim-4711"
HOUR = timedelta(hours=1)
T0 = datetime(2026, 11, 20, 9)


# --- storing, grouping, forgetting -----------------------------------------------------------------


@pytest.fixture
def office(session):
    """The session's database with an empty list (the session rolls everything back)."""
    wait_for_records()  # nothing the action tests record arrives in the middle of a test
    session.execute(delete(UnansweredQuestion))
    return session


@pytest.mark.parametrize(
    "text, stored",
    [
        ("Bitte an max.muster@landkreis-harz.de antworten", "Bitte an [E-Mail] antworten"),
        ("Rufen Sie mich an: 0391 5655-0", "Rufen Sie mich an: [Telefon]"),
        ("Tel. +49 (0)391 / 56 55 123 oder 0171-1234567", "Tel. [Telefon] oder [Telefon]"),
        ("(0391) 5655123, Fax 0049 391 5655199", "[Telefon], Fax [Telefon]"),
        # Numbers of circulars, dates, amounts, postcodes and years stay.
        ("Was steht in 014/2020 und 384/2020?", "Was steht in 014/2020 und 384/2020?"),
        ("Gilt die Frist 01.07.2020 noch?", "Gilt die Frist 01.07.2020 noch?"),
        ("90 % von 1.000.000 Euro in 39104 Magdeburg", "90 % von 1.000.000 Euro in 39104 Magdeburg"),
        ("Heimat 2.0 (2020-2023), Runde 0 2", "Heimat 2.0 (2020-2023), Runde 0 2"),
    ],
)
def test_email_addresses_and_phone_numbers_are_replaced(text, stored):
    assert unanswered.scrub(text) == stored


def test_a_question_is_stored_without_sender_id_scrubbed_capped_and_to_the_hour(office):
    assert set(UnansweredQuestion.__table__.columns.keys()) == {"id", "asked_at", "question", "reason", "answer"}
    long_question = "Wer hilft mir? Schreiben Sie an a.b@example.org.\n\n  " + "Förderung " * 80
    row = unanswered.record(office, long_question, UnansweredReason.FALLBACK, answer="Antwort an a.b@example.org")
    office.flush()
    assert row.question.startswith("Wer hilft mir? Schreiben Sie an [E-Mail]. Förderung Förderung")
    assert len(row.question) == unanswered.MAX_QUESTION_CHARS and row.question.endswith("…")
    assert row.answer == "Antwort an [E-Mail]" and row.reason == "fallback"
    assert (row.asked_at.minute, row.asked_at.second, row.asked_at.microsecond) == (0, 0, 0)
    assert datetime.utcnow() - row.asked_at < timedelta(hours=1, minutes=1)


def test_no_words_nothing_stored(office):
    assert unanswered.record(office, "  ?! ", UnansweredReason.FALLBACK) is None
    assert unanswered.record(office, "", UnansweredReason.THUMBS_DOWN) is None
    assert office.execute(select(UnansweredQuestion)).first() is None


def test_the_same_question_is_grouped_and_counted_newest_first(office):
    record = unanswered.record
    record(office, "Was steht in 77/2019?", UnansweredReason.NOT_KNOWN, asked_at=T0 - timedelta(days=1))
    record(office, "Bis wann läuft Mondbasis 3000?", UnansweredReason.NOT_KNOWN, "Kenne ich nicht.", asked_at=T0)
    record(office, "bis wann  laeuft mondbasis 3000", UnansweredReason.NOT_KNOWN, asked_at=T0 + HOUR)
    record(office, "Bis wann läuft Mondbasis 3000?!", UnansweredReason.THUMBS_DOWN, asked_at=T0 + 2 * HOUR)
    record(office, "Gibt es Geld für Freibäder?", UnansweredReason.FALLBACK, asked_at=T0 + 3 * HOUR)

    groups = unanswered.grouped(office, limit=10)

    assert [(g.question, g.count, g.last_asked) for g in groups] == [
        ("Gibt es Geld für Freibäder?", 1, T0 + 3 * HOUR),
        ("Bis wann läuft Mondbasis 3000?!", 3, T0 + 2 * HOUR),
        ("Was steht in 77/2019?", 1, T0 - timedelta(days=1)),
    ]
    mondbasis = groups[1]
    assert mondbasis.reasons == {UnansweredReason.NOT_KNOWN: 2, UnansweredReason.THUMBS_DOWN: 1}
    assert mondbasis.reason_labels == ["nicht bekannt (2×)", "als nicht hilfreich markiert"]
    assert mondbasis.answer == "Kenne ich nicht."  # the newest answer that was kept
    # A limit lists the most recent questions, each still with all its times.
    assert [(g.question, g.count) for g in unanswered.grouped(office, limit=2)] == [
        ("Gibt es Geld für Freibäder?", 1),
        ("Bis wann läuft Mondbasis 3000?!", 3),
    ]


def test_questions_older_than_the_cutoff_are_forgotten(office):
    for age in (100, 91, 89, 1):
        unanswered.record(
            office, f"Frage von vor {age} Tagen", UnansweredReason.FALLBACK, asked_at=T0 - timedelta(days=age)
        )
    assert unanswered.forget_older_than(office, T0 - timedelta(days=90)) == 2
    assert [g.question for g in unanswered.grouped(office)] == ["Frage von vor 1 Tagen", "Frage von vor 89 Tagen"]


def test_bot_forget_deletes_old_questions_from_the_knowledge_base(tmp_path, monkeypatch, capsys):
    for name in ("TRACKER_DB_URL", "TRACKER_DB_HOST"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    db.upgrade(url)
    now = datetime.utcnow()
    with db.session_scope(url) as session:
        unanswered.record(session, "Alte Frage", UnansweredReason.NOT_KNOWN, asked_at=now - timedelta(days=31))
        unanswered.record(session, "Neue Frage", UnansweredReason.NOT_KNOWN, asked_at=now - timedelta(days=29))
    assert main(["--database-url", url, "forget", "--older-than", "30d"]) == 0
    out = capsys.readouterr().out
    assert "Gelöscht: 1 unbeantwortete Fragen, die älter als 30 Tage waren." in out
    assert "nur im Arbeitsspeicher" in out  # and no tracker database to forget conversations in
    with db.session_scope(url) as session:
        assert [g.question for g in unanswered.grouped(session)] == ["Neue Frage"]


def test_forgetting_in_a_knowledge_base_that_does_not_exist_creates_none(tmp_path):
    missing = tmp_path / "nie-angelegt.sqlite3"
    assert forget_unanswered(f"sqlite:///{missing}", timedelta(days=90)) == 0
    assert not missing.exists()


# --- where the answers say so ---------------------------------------------------------------------


def ask(session, text, *asks, **kwargs):
    return answers.answer(session, read_question(list(asks), text, **kwargs), TODAY)


def test_answers_carry_why_the_office_should_see_them(session):
    unknown_call = ask(session, "Bis wann läuft Mondbasis 3000?", Ask.DEADLINE, mention="Mondbasis 3000")
    assert unknown_call.unanswered == UnansweredReason.NOT_KNOWN
    unknown_circular = ask(session, "Was steht in 77/2019?", Ask.CIRCULAR, circular="77/2019")
    assert unknown_circular.unanswered == UnansweredReason.NOT_KNOWN
    not_stated = ask(session, "Land.Funk", Ask.OUTCOME)
    assert "nichts angegeben" in not_stated.text and not_stated.unanswered == UnansweredReason.NOT_STATED
    # An answer, and a question back, are nothing for the office.
    assert ask(session, "Smarte LandRegionen", Ask.FUNDING).unanswered is None
    several = ask(session, "Darf ein Landkreis bei Smart mitmachen?", Ask.ELIGIBILITY, mention="Smart")
    assert several.choices and several.unanswered is None


# --- the actions -----------------------------------------------------------------------------------


def user_event(text, intent, entities=()):
    parse = {
        "intent": {"name": intent, "confidence": 0.99},
        "text": text,
        "entities": [{"entity": e, "value": v} for e, v in entities],
    }
    return {"event": "user", "text": text, "parse_data": parse}


def bot_event(text):
    return {"event": "bot", "text": text}


def turn(intent, text, entities=(), before=(), **slots):
    """The tracker Rasa sends for a message after the events `before`."""
    current = user_event(text, intent, entities)
    return Tracker(
        sender_id=SENDER,
        slots={"calls": None, "asks": None, "circular": None, "applicant_type": None, **slots},
        latest_message=current["parse_data"],
        events=[*before, current],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages


@pytest.fixture
def recorded(actions_database):
    """What the actions store in the test database: a list that is empty before and after."""

    def rows():
        wait_for_records()
        with db.session_scope(actions_database) as session:
            found = session.execute(select(UnansweredQuestion).order_by(UnansweredQuestion.id)).scalars()
            return [(r.question, r.reason, r.answer) for r in found]

    def clear():
        wait_for_records()
        with db.session_scope(actions_database) as session:
            session.execute(delete(UnansweredQuestion))

    clear()
    yield rows
    clear()


def test_a_call_not_known_is_recorded_with_its_answer(recorded):
    messages = run(ActionAnswer(), turn("ask_deadline", "Bis wann läuft Mondbasis 3000?", [("call", "Mondbasis 3000")]))
    assert messages[0]["text"].startswith("Einen Förderaufruf „Mondbasis 3000“ kenne ich nicht")
    assert recorded() == [("Bis wann läuft Mondbasis 3000?", "not_known", messages[0]["text"])]


def test_a_question_the_sources_leave_open_is_recorded(recorded):
    messages = run(ActionAnswer(), turn("ask_outcome", "Wer wurde bei Land.Funk ausgewählt?", [("call", "Land.Funk")]))
    assert "nichts angegeben" in messages[0]["text"]
    assert recorded() == [("Wer wurde bei Land.Funk ausgewählt?", "not_stated", messages[0]["text"])]


def test_a_button_is_recorded_with_the_question_the_user_wrote(recorded):
    asked = user_event("Wer hat bei Land.Funk gewonnen?", "ask_outcome")
    payload = '/ask_outcome{"call": "land-funk"}'
    messages = run(
        ActionAnswer(), turn("ask_outcome", payload, [("call", "land-funk")], [asked, bot_event("Welcher?")])
    )
    assert "nichts angegeben" in messages[0]["text"]
    assert [(q, r) for q, r, _ in recorded()] == [("Wer hat bei Land.Funk gewonnen?", "not_stated")]


def test_the_fallback_is_recorded_without_an_answer(recorded):
    messages = run(ActionAnswer(), turn("nlu_fallback", "Wie wird das Wetter morgen in Magdeburg?"))
    assert messages[0]["response"] == "utter_fallback"
    assert recorded() == [("Wie wird das Wetter morgen in Magdeburg?", "fallback", None)]


def test_answers_and_contact_requests_are_not_recorded(recorded):
    run(
        ActionAnswer(),
        turn("ask_funding", "Wie viel Geld gibt es bei Smarte LandRegionen?", [("call", "Smarte LandRegionen")]),
    )
    messages = run(ActionAnswer(), turn("request_human", "Ich möchte mit einem Menschen sprechen"))
    assert messages[0]["response"] == "utter_request_human"
    assert recorded() == []


def test_personal_data_in_a_question_is_not_stored(recorded):
    run(ActionAnswer(), turn("nlu_fallback", "Bitte rufen Sie mich an: 0171 1234567, oder an jan@example.org"))
    assert recorded() == [("Bitte rufen Sie mich an: [Telefon], oder an [E-Mail]", "fallback", None)]


def test_a_failure_to_record_costs_no_answer_and_logs_no_words(recorded, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("Bis wann läuft Mondbasis 3000?")

    monkeypatch.setattr(unanswered, "record", broken)
    with caplog.at_level(logging.WARNING):
        messages = run(
            ActionAnswer(), turn("ask_deadline", "Bis wann läuft Mondbasis 3000?", [("call", "Mondbasis 3000")])
        )
        wait_for_records()
    assert messages[0]["text"].startswith("Einen Förderaufruf „Mondbasis 3000“ kenne ich nicht")
    assert "Unbeantwortete Frage nicht gespeichert: RuntimeError" in caplog.text
    assert "Mondbasis" not in caplog.text
    assert recorded() == []


QUESTION = user_event("Bis wann läuft die Frist bei Smarte LandRegionen?", "ask_deadline")
ANSWER = bot_event("Fristen für Smarte LandRegionen: …")
THUMBS_DOWN = '/feedback{"rating": "down"}'


def test_a_thumbs_down_records_the_question_and_answer_it_rates(recorded):
    messages = run(ActionFeedback(), turn("feedback", THUMBS_DOWN, [("rating", "down")], [QUESTION, ANSWER]))
    assert messages[0]["response"] == "utter_feedback_noted"
    assert recorded() == [(QUESTION["text"], "thumbs_down", ANSWER["text"])]


def test_a_thumbs_up_is_thanked_and_not_stored(recorded):
    messages = run(
        ActionFeedback(), turn("feedback", '/feedback{"rating": "up"}', [("rating", "up")], [QUESTION, ANSWER])
    )
    assert messages[0]["response"] == "utter_feedback_thanks"
    assert recorded() == []


def test_typed_feedback_counts_as_a_thumbs_down_once_per_answer(recorded):
    typed = turn("feedback", "Das hat mir nicht geholfen", before=[QUESTION, ANSWER])
    assert run(ActionFeedback(), typed)[0]["response"] == "utter_feedback_noted"
    # The same answer rated again (a click after the words): thanked, not listed twice.
    earlier = [QUESTION, ANSWER, user_event("Das hat mir nicht geholfen", "feedback"), bot_event("Danke …")]
    again = turn("feedback", THUMBS_DOWN, [("rating", "down")], earlier)
    assert run(ActionFeedback(), again)[0]["response"] == "utter_feedback_thanks"
    # Feedback with nothing asked before (on the greeting) has nothing to list.
    greeting = [user_event("/greet", "greet"), bot_event("Guten Tag!")]
    assert run(ActionFeedback(), turn("feedback", THUMBS_DOWN, [("rating", "down")], greeting))[0]["response"] == (
        "utter_feedback_thanks"
    )
    assert recorded() == [(QUESTION["text"], "thumbs_down", ANSWER["text"])]


def test_a_question_the_nlu_took_for_feedback_is_answered_as_a_question(recorded):
    context = {"calls": ["smarte-landregionen"], "asks": ["deadline"]}
    messages = run(ActionFeedback(), turn("feedback", "und warum nicht?", before=[QUESTION, ANSWER], **context))
    thanks = ("utter_feedback_noted", "utter_feedback_thanks")
    assert messages and all(m.get("response") not in thanks for m in messages)
    assert all(reason != "thumbs_down" for _, reason, _ in recorded())


def test_the_widgets_rating_passes_the_channel_guard_as_a_payload():
    for rating in ("up", "down"):
        assert as_read(f'/feedback{{"rating": "{rating}"}}') == f'/feedback{{"rating": "{rating}"}}'
    # Only the bot's own entities: anything else is read as words.
    assert as_read('/feedback{"sender": "rest:x"}') == 'feedback{"sender": "rest:x"}'


def test_the_rated_answer_is_the_last_one_before_the_feedback():
    events = [
        QUESTION,
        ANSWER,
        user_event('/ask_deadline{"call": "smarte-landregionen"}', "ask_deadline"),
        bot_event("Die Frist endete am 28. Februar 2020."),
        user_event(THUMBS_DOWN, "feedback"),
    ]
    assert rated_turn(events) == (QUESTION["text"], "Die Frist endete am 28. Februar 2020.", False)


# --- bot unanswered and the staff page -------------------------------------------------------------


@pytest.fixture(scope="module")
def listed_database(tmp_path_factory):
    """A knowledge base of its own in which the action recorded a call it does not know."""
    url = loaded_database(f"sqlite:///{tmp_path_factory.mktemp('office') / 'kb.sqlite3'}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        patch.setenv("FOERDERBOT_TODAY", TODAY.isoformat())
        run(ActionAnswer(), turn("ask_deadline", "Bis wann läuft Mondbasis 3000?", [("call", "Mondbasis 3000")]))
        run(ActionAnswer(), turn("ask_deadline", "bis wann laeuft mondbasis 3000", [("call", "mondbasis 3000")]))
        wait_for_records()
    with db.session_scope(url) as session:
        unanswered.record(session, '<script>alert("x")</script> Gibt es Geld für Freibäder?', UnansweredReason.FALLBACK)
    return url


def test_bot_unanswered_lists_a_question_not_known_without_its_sender_id(listed_database):
    result = subprocess.run(
        [str(BIN / "bot"), "--database-url", listed_database, "unanswered"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Unbeantwortete Fragen, die zuletzt gestellten zuerst (2;")
    mondbasis = next(line for line in lines if "mondbasis" in line)
    assert "2×" in mondbasis and "(nicht bekannt (2×))" in mondbasis
    assert lines.index(mondbasis) == 2  # the fallback was recorded later: it comes first
    assert "geheim-4711" not in result.stdout
    # Nor anywhere in the database (its file and its write-ahead log). Read by another process:
    # closing a file the test's own SQLite connections hold open would drop their locks.
    database_file = Path(listed_database.removeprefix("sqlite:///"))
    files = [str(f) for f in database_file.parent.glob(f"{database_file.name}*")]
    assert subprocess.run(["grep", "-qa", "Mondbasis", *files]).returncode == 0
    assert subprocess.run(["grep", "-qa", "geheim-4711", *files]).returncode == 1


def test_bot_unanswered_loads_neither_spacy_nor_rasa(listed_database):
    """Its first line comes at once: the command imports none of the heavy libraries."""
    script = (
        "import sys; from bot.cli import main; main(['--database-url', sys.argv[1], 'unanswered', '--limit', '1']); "
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'rasa', 'rasa_sdk', 'tensorflow'}); "
        "assert not heavy, heavy"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, listed_database], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2  # the heading and the one question asked


@pytest.fixture(scope="module")
def staff(listed_database, tmp_path_factory):
    add_staff_user(listed_database)
    with staff_app(listed_database, tmp_path_factory.mktemp("staff-log")) as base:
        yield base


def test_the_staff_page_is_for_logged_in_staff_only(staff):
    response = requests.get(f"{staff}/unbeantwortet", allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert response.headers["Location"] == "/anmelden?weiter=/unbeantwortet"
    assert "Mondbasis" not in response.text


def test_the_staff_page_lists_questions_grouped_counted_newest_first(staff):
    page = logged_in(staff).get(f"{staff}/unbeantwortet", timeout=10)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    rows = page.text.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert "Gibt es Geld für Freibäder?" in rows[0] and "nicht verstanden" in rows[0]
    assert "&lt;script&gt;" in rows[0] and "<script>" not in rows[0]  # users' words are inert
    # The newest wording of the question stands for the group.
    assert "bis wann laeuft mondbasis 3000" in rows[1] and "<td>2</td>" in rows[1]
    assert "nicht bekannt (2×)" in rows[1] and "kenne ich nicht" in rows[1]  # and the answer given
    assert "geheim-4711" not in page.text
