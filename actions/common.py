"""What every action shares: reading the tracker, and sending an Answer with its buttons."""
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Answer


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(entity), None)
    return str(value) if value is not None else None


def message_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    # A button payload ("/ask_deadline{...}") is not words the user wrote.
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def send(dispatcher: CollectingDispatcher, answer: Answer, question: Optional[str] = None) -> List[Dict[str, Any]]:
    """Utter the answer; keep the call and the question as context for follow-ups."""
    buttons = [{"title": b.title, "payload": b.payload} for b in answer.buttons]
    dispatcher.utter_message(text=answer.text, buttons=buttons or None)
    events: List[Dict[str, Any]] = []
    if answer.call_slug:
        events.append(SlotSet("call", answer.call_slug))
    if question:
        events.append(SlotSet("pending_question", question))
    return events
