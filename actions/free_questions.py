"""Questions no intent covers: quote the best matching sentence of a circular, else the fallback."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import message_text, send
from bot.db import session_scope
from bot import answers


class ActionAnswerFreeQuestion(Action):
    def name(self) -> Text:
        return "action_answer_free_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = message_text(tracker)
        with session_scope() as session:
            answer = answers.free_question_answer(session, text) if text else None
            if answer is None:
                dispatcher.utter_message(response="utter_fallback")
                return []
            return send(dispatcher, answer)
