"""Questions across all calls: which are open, which deadlines come next."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, send
from bot.db import session_scope
from bot import answers
from bot.config import today


class ActionAnswerOverviewQuestion(Action):
    def name(self) -> Text:
        return "action_answer_overview_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        with session_scope() as session:
            if latest_intent(tracker) == "ask_open_calls":
                answer = answers.open_calls_answer(session, today())
            else:
                answer = answers.next_deadlines_answer(session, today())
            return send(dispatcher, answer)
