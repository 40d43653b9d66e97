"""The action against the real SQLite knowledge base, with trackers as Rasa sends them."""

import asyncio
import logging

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.common import ASK_INTENTS, INTENT_ASKS, payload
from bot.answers import Choice
from bot.asks import Ask
from bot.wording import FAULT


def tracker(intent, text, entities=(), **slots):
    return Tracker(
        sender_id="test",
        slots={"calls": None, "asks": None, "circular": None, "applicant_type": None, **slots},
        latest_message={
            "intent": {"name": intent, "confidence": 0.99},
            "text": text,
            "entities": [{"entity": e, "value": v} for e, v in entities],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


NO_CONTEXT = [SlotSet(name, None) for name in ("calls", "asks", "circular", "applicant_type")]


def run(tracker_):
    """The messages sent, and every slot as it stands after the turn (as SlotSet events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker_, {}))
    slots = {**tracker_.slots, **{e["name"]: e["value"] for e in events if e["event"] == "slot"}}
    return dispatcher.messages, [SlotSet(name, value) for name, value in slots.items()]


def test_only_slots_that_change_are_set(actions_database):
    dispatcher = CollectingDispatcher()
    follow_up = tracker("ask_deadline", "Und bis wann?", calls=["heimat-2-0-2020"], asks=["deadline"])
    events = asyncio.run(ActionAnswer().run(dispatcher, follow_up, {}))
    assert [e["name"] for e in events] == ["circular"]


def test_eligibility_with_round_and_applicant_sets_context(actions_database):
    messages, events = run(
        tracker(
            "ask_eligibility",
            "darf ein landkreis bei heimat 2.0 von 2020 mitmachen",
            [("applicant_type", "landkreis"), ("call", "heimat 2.0")],
        )
    )
    assert "nur eingeschränkt" in messages[0]["text"]
    assert "Rundschreiben Nr. 384/2020" in messages[0]["text"]
    assert SlotSet("calls", ["heimat-2-0-2020"]) in events
    assert SlotSet("asks", ["eligibility"]) in events
    assert SlotSet("applicant_type", "landkreis") in events
    assert SlotSet("circular", "384/2020") in events


def test_applicant_type_is_found_without_an_entity(actions_database):
    messages, _ = run(tracker("ask_eligibility", "Duerfen Vereine mitmachen?", calls=["heimat-2-0-2020"]))
    assert messages[0]["text"].startswith("Ja, Vereine und andere zivilgesellschaftliche Einrichtungen dürfen")


def test_follow_up_uses_the_call_in_context(actions_database):
    messages, events = run(tracker("ask_deadline", "Und bis wann?", calls=["heimat-2-0-2020"]))
    assert "15. Juli 2020" in messages[0]["text"]
    assert SlotSet("calls", ["heimat-2-0-2020"]) in events


def test_rounds_of_a_program_are_answered_without_buttons(actions_database):
    messages, events = run(tracker("ask_funding", "Wie viel Geld gibt es bei Heimat 2.0?", [("call", "Heimat 2.0")]))
    assert messages[0]["text"].startswith("Zu Heimat 2.0 kenne ich drei Aufrufe")
    assert messages[0]["buttons"] == []
    assert SlotSet("calls", ["heimat-2-0-2023", "heimat-2-0-2021", "heimat-2-0-2020"]) in events


def test_button_payload_answers_without_text(actions_database):
    messages, _ = run(tracker("ask_funding", '/ask_funding{"call": "heimat-2-0-2021"}', [("call", "heimat-2-0-2021")]))
    assert "bis zu 90 %" in messages[0]["text"] and "erzgebirgskreis.de, 2021" in messages[0]["text"]


def test_bare_call_name_repeats_the_pending_question(actions_database):
    messages, _ = run(
        tracker(
            "inform",
            "und bei smarte landregionen?",
            [("call", "smarte landregionen")],
            calls=["heimat-2-0-2020"],
            asks=["deadline"],
        )
    )
    assert "Fristen für Smarte LandRegionen" in messages[0]["text"]
    assert "28. Februar 2020" in messages[0]["text"]


def test_bare_applicant_type_asks_eligibility_for_the_call_in_context(actions_database):
    messages, _ = run(
        tracker(
            "inform",
            "und für gemeinden?",
            [("applicant_type", "gemeinde")],
            calls=["smarte-landregionen"],
            asks=["funding"],
        )
    )
    assert messages[0]["text"].startswith("Nein, Gemeinden dürfen bei Smarte LandRegionen nicht teilnehmen.")


def test_every_intent_maps_to_an_ask_and_back():
    for intent, ask in INTENT_ASKS.items():
        assert ASK_INTENTS[ask] == intent
    assert payload(Choice("x", Ask.DEADLINE, call="heimat-2-0-2020")) == '/ask_deadline{"call": "heimat-2-0-2020"}'
    assert payload(Choice("x", Ask.CIRCULAR, circular="384/2020")) == '/ask_circular{"circular_number": "384/2020"}'
    assert payload(Choice("x", Ask.RATE, call="a")) == '/ask_funding{"call": "a"}'


def test_unknown_call_entity_is_not_known_and_keeps_the_context(actions_database):
    messages, events = run(
        tracker(
            "ask_deadline", "Bis wann läuft Mondbasis 3000?", [("call", "Mondbasis 3000")], calls=["heimat-2-0-2020"]
        )
    )
    assert messages[0]["text"].startswith("Einen Förderaufruf „Mondbasis 3000“ kenne ich nicht")
    assert len(messages[0]["buttons"] or []) <= 3
    assert SlotSet("calls", ["heimat-2-0-2020"]) in events and SlotSet("asks", ["deadline"]) in events


def test_circular_by_number_in_any_form(actions_database):
    for text in ["Was steht in RS 384/2020?", "was steht in nr. 384 / 2020"]:
        messages, events = run(tracker("ask_circular", text))
        assert "Förderaufruf für Modellvorhaben „Heimat 2.0“" in messages[0]["text"]
        assert "Datum: im Text nicht angegeben" in messages[0]["text"]
        assert SlotSet("calls", ["heimat-2-0-2020"]) in events


def test_circular_reference_and_unknown_number(actions_database):
    messages, _ = run(
        tracker("ask_circular_reference", "Worauf bezieht sich 384/2020?", [("circular_number", "384/2020")])
    )
    assert "Rundschreiben Nr. 014/2020 vom 8. Januar 2020" in messages[0]["text"]
    messages, _ = run(tracker("ask_circular", "Was steht in 77/2019?"))
    assert "Nr. 077/2019 ist in meiner Datenbank nicht enthalten" in messages[0]["text"]


def test_circular_reference_of_the_circular_in_context(actions_database):
    messages, _ = run(tracker("ask_circular_reference", "und worauf bezieht es sich?", circular="384/2020"))
    assert "bezieht sich auf" in messages[0]["text"] and "014/2020" in messages[0]["text"]


def test_circular_question_without_number_asks_for_it(actions_database):
    messages, _ = run(tracker("ask_circular", "Was steht im Rundschreiben?"))
    assert "Bitte nennen Sie die Nummer" in messages[0]["text"]


def test_circulars_about_a_topic(actions_database):
    messages, _ = run(
        tracker("ask_circulars_about", "Zeig mir Rundschreiben zu Digitalisierung", [("topic", "Digitalisierung")])
    )
    assert "Rundschreiben zum Thema „Digitalisierung“" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == '/ask_circular{"circular_number": "384/2020"}'


def test_open_calls_and_next_deadlines_use_the_pinned_today(actions_database):
    messages, _ = run(tracker("ask_open_calls", "Was ist gerade offen?"))
    assert "am 24. November 2026 kein Förderaufruf offen" in messages[0]["text"]
    messages, _ = run(tracker("ask_next_deadlines", "Welche Fristen kommen?"))
    assert "ab dem 24. November 2026 keine Frist mehr an" in messages[0]["text"]


def test_free_question_quotes_a_circular_sentence(actions_database):
    # No call named: its words ("Daseinsvorsorge") point to Heimat 2.0, whose circular is quoted.
    messages, events = run(tracker("nlu_fallback", "Was ist mit der Daseinsvorsorge und digitalen Technologien?"))
    assert messages[0]["text"].startswith("Zu Heimat 2.0 (1. Aufruf 2020):\nRundschreiben Nr. 384/2020")
    assert "Daseinsvorsorge" in messages[0]["text"]
    assert SlotSet("calls", ["heimat-2-0-2020"]) in events


def test_free_question_without_a_matching_sentence_gets_the_fallback(actions_database):
    messages, events = run(tracker("out_of_scope", "Wie wird das Wetter morgen?"))
    assert messages[0]["response"] == "utter_fallback" and events == NO_CONTEXT


def test_a_contact_without_a_call_gets_the_office(actions_database):
    messages, _ = run(tracker("request_human", "Ich möchte mit einem Menschen sprechen"))
    assert messages[0]["response"] == "utter_request_human"


def test_a_contact_for_a_call_says_none_is_named(actions_database):
    messages, _ = run(tracker("request_human", "Wer ist der Ansprechpartner bei Heimat 2.0 von 2020?"))
    assert "Zu einer Ansprechperson ist für Heimat 2.0 (1. Aufruf 2020)" in messages[0]["text"]
    assert "Geschäftsstelle" in messages[0]["text"]


def test_an_unreachable_database_gets_a_german_answer_and_no_trace_of_the_question(monkeypatch, caplog):
    # Nothing listens on port 9 of loopback: the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql://foerderbot@127.0.0.1:9/nirgends")
    with caplog.at_level(logging.DEBUG):
        messages, events = run(tracker("ask_deadline", "Bis wann läuft Heimat 2.0 geheim?", [("call", "Heimat 2.0")]))
    assert [m["text"] for m in messages] == [FAULT] and events == NO_CONTEXT
    assert "geheim" not in caplog.text and "OperationalError" in caplog.text
