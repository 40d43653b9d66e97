"""The widget's 👍/👎 (a payload `/feedback{"rating": "down"}`) and a typed "das hat nicht
geholfen": a thumbs-down or a typed complaint puts the last question and answer on the office's
list (bot/unanswered.py); a thumbs-up is thanked and counted in the log only."""

import logging
import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.common import latest_entity
from actions.recording import rated_turn, record_unanswered
from bot.states import UnansweredReason
from bot.text import fold

logger = logging.getLogger(__name__)

UP, DOWN = "up", "down"
# Typed feedback names what was wrong with the answer; a question ("Warum nicht?") is no feedback.
_COMPLAINT = re.compile(
    r"geholfen|hilft|hilfreich|weiter|falsch|stimmt|richtig|korrekt|unbrauchbar|veraltet|unvollst|"
    r"verfehlt|anfangen|beantwortet|passt|schlecht|nix|brauche|bringt|meine frage"
)


def says_it_did_not_help(text: str) -> bool:
    folded = fold(text)
    return "?" not in text and bool(_COMPLAINT.search(folded))


class ActionFeedback(Action):
    def name(self) -> str:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        rating = latest_entity(tracker, "rating")
        if rating is None and not says_it_did_not_help(tracker.latest_message.get("text") or ""):
            # The NLU took a question ("warum nicht?") for feedback: answer it as a question.
            return await ActionAnswer().run(dispatcher, tracker, domain)
        rating = rating or DOWN  # typed feedback says it did not help
        if rating != DOWN:
            if rating == UP:
                logger.info("Rückmeldung: eine Antwort war hilfreich")
            dispatcher.utter_message(response="utter_feedback_thanks")
            return []
        question, answer, rated = rated_turn(tracker.events)
        if question is None or rated:
            # Nothing the user asked to put on the list, or already on it for this answer.
            dispatcher.utter_message(response="utter_feedback_thanks")
            return []
        record_unanswered(question, UnansweredReason.THUMBS_DOWN, answer)
        dispatcher.utter_message(response="utter_feedback_noted")
        return []
