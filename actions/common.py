"""Between Rasa and `bot`: a turn read from the tracker as a Question, an Answer sent as a
message with buttons, and the conversation's context kept in slots."""

import json
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Answer, Choice
from bot.asks import Ask
from bot.question import Context, Question, read_question

# What each intent asks. "inform" (a bare call name or applicant type) repeats what was asked
# before; the fallback and off-topic intents ask nothing the NLU could name.
INTENT_ASKS = {
    "ask_eligibility": Ask.ELIGIBILITY,
    "ask_deadline": Ask.DEADLINE,
    "ask_funding": Ask.FUNDING,
    "ask_duration": Ask.DURATION,
    "ask_project_count": Ask.PROJECT_COUNT,
    "ask_funder": Ask.FUNDER,
    "ask_aim": Ask.AIM,
    "ask_procedure": Ask.PROCEDURE,
    "ask_outcome": Ask.OUTCOME,
    "ask_rounds": Ask.ROUNDS,
    "request_human": Ask.CONTACT,
    "ask_circular": Ask.CIRCULAR,
    "ask_circular_reference": Ask.CIRCULAR_REFERENCE,
    "ask_circulars_about": Ask.CIRCULARS,
    "ask_open_calls": Ask.OPEN_CALLS,
    "ask_next_deadlines": Ask.NEXT_DEADLINES,
}
FOLLOW_UP_INTENT = "inform"
FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}
# A button asks again with the intent of its question.
ASK_INTENTS = {
    **{ask: intent for intent, ask in INTENT_ASKS.items()},
    Ask.RATE: "ask_funding",
    Ask.OVERVIEW: FOLLOW_UP_INTENT,
}


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(entity), None)
    return str(value) if value is not None else None


def message_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    # A button payload ("/ask_deadline{...}") is not words the user wrote.
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def context_of(tracker: Tracker) -> Context:
    asks = [a for a in (Ask.parse(v) for v in tracker.get_slot("asks") or []) if a]
    return Context(
        calls=list(tracker.get_slot("calls") or []),
        asks=asks,
        circular=tracker.get_slot("circular"),
        applicant=tracker.get_slot("applicant_type"),
    )


def question_of(tracker: Tracker) -> Question:
    intent = latest_intent(tracker)
    nlu_asks = [INTENT_ASKS[intent]] if intent in INTENT_ASKS else []
    return read_question(
        nlu_asks,
        message_text(tracker),
        mention=latest_entity(tracker, "call"),
        applicant=latest_entity(tracker, "applicant_type"),
        circular=latest_entity(tracker, "circular_number"),
        topic=latest_entity(tracker, "topic"),
        context=context_of(tracker),
        follow_up=intent == FOLLOW_UP_INTENT,
        fallback=intent in FALLBACK_INTENTS,
    )


def payload(choice: Choice) -> str:
    intent = ASK_INTENTS.get(choice.ask, FOLLOW_UP_INTENT)
    entities = {"call": choice.call} if choice.call else {"circular_number": choice.circular}
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}"


def send(dispatcher: CollectingDispatcher, answer: Answer, tracker: Tracker) -> List[Dict[str, Any]]:
    """Utter the answer with its choices as buttons; keep its context in the slots."""
    buttons = [{"title": c.label, "payload": payload(c)} for c in answer.choices]
    dispatcher.utter_message(text=answer.text, buttons=buttons or None)
    if answer.context is None:
        return []
    context = answer.context
    slots = {
        "calls": context.calls or None,
        "asks": [a.value for a in context.asks] or None,
        "circular": context.circular,
        "applicant_type": context.applicant,
    }
    # Only what changed: every event lengthens the tracker that each later turn sends and reads.
    return [SlotSet(name, value) for name, value in slots.items() if tracker.get_slot(name) != value]
