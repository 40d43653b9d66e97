"""The one action: every question is read, answered by `bot` and sent with its sources."""

import asyncio
import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import question_of, send
from actions.recording import asked, record_unanswered
from bot import answers, wording
from bot.answers import Answer
from bot.asks import Ask
from bot.config import today
from bot.db import session_scope
from bot.question import Question
from bot.states import UnansweredReason

logger = logging.getLogger(__name__)
# The action server imports this module when it starts: the first questions find everything loaded.
answers.prepare()


def _answer(question: Question) -> Optional[Answer]:
    with session_scope() as session:
        return answers.answer(session, question, today())


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        try:
            question = question_of(tracker)
            # The database is read in a worker thread: the server keeps serving other turns.
            answer = await asyncio.to_thread(_answer, question)
        except Exception as error:  # noqa: BLE001 - database down or any defect: a German answer, no trace of the text
            logger.warning("Frage nicht beantwortet: %s", type(error).__name__)
            dispatcher.utter_message(text=wording.FAULT)
            return []
        if answer is None:
            # Nothing to quote and nothing asked that the database holds: Rasa's fixed reply.
            contact = Ask.CONTACT in question.asks
            if not contact:
                record_unanswered(asked(tracker), UnansweredReason.FALLBACK)
            dispatcher.utter_message(response="utter_request_human" if contact else "utter_fallback")
            return []
        if answer.unanswered:
            record_unanswered(asked(tracker), answer.unanswered, answer.text)
        return send(dispatcher, answer, tracker)
