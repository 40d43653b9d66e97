"""Questions about circulars: content, Bezug, and which circulars concern a call or topic."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, latest_intent, message_text, send
from bot.db import session_scope
from bot import answers
from bot.answers import Answer
from bot.text import normalise_circular_number


class ActionAnswerCircularQuestion(Action):
    def name(self) -> Text:
        return "action_answer_circular_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker)
        text = message_text(tracker)
        with session_scope() as session:
            if intent == "ask_circulars_about":
                answer = answers.circulars_about_answer(
                    session, message=text, mention=latest_entity(tracker, "call"),
                    topic=latest_entity(tracker, "topic"), context_slug=tracker.get_slot("call"))
                return send(dispatcher, answer, "circulars_about")
            # The number is read by pattern from the entity or the message itself.
            number = normalise_circular_number(latest_entity(tracker, "circular_number") or "") \
                or normalise_circular_number(text)
            if number is None:
                answer = Answer("Welches Rundschreiben meinen Sie? Bitte nennen Sie die Nummer, "
                                "zum Beispiel „384/2020“.")
            elif intent == "ask_circular_reference":
                answer = answers.circular_reference_answer(session, number)
            else:
                answer = answers.circular_answer(session, number)
            return send(dispatcher, answer)
