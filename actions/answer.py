"""The one action: every question is read, answered by `bot` and sent with its sources."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import question_of, send
from bot import answers
from bot.asks import Ask
from bot.config import today
from bot.db import session_scope


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        question = question_of(tracker)
        with session_scope() as session:
            answer = answers.answer(session, question, today())
            if answer is None:
                # Nothing to quote and nothing asked that the database holds: Rasa's fixed reply.
                contact = Ask.CONTACT in question.asks
                dispatcher.utter_message(response="utter_request_human" if contact else "utter_fallback")
                return []
            return send(dispatcher, answer)
