"""Questions about one funding call: eligibility, deadlines, money, funders, aim, outcome."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, latest_intent, message_text, send
from bot.db import session_scope
from bot import answers, applicants
from bot.config import today


def question_for(intent: str, pending: str, named_applicant: bool) -> str:
    """The question a turn asks; a bare fragment ("inform") repeats the pending one."""
    if intent != "inform":
        return intent[len("ask_"):]
    if named_applicant:
        return "eligibility"
    return pending or "overview"


class ActionAnswerCallQuestion(Action):
    def name(self) -> Text:
        return "action_answer_call_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = message_text(tracker)
        named = applicants.canonical(latest_entity(tracker, "applicant_type")) or applicants.detect(text)
        applicant = named or applicants.canonical(tracker.get_slot("applicant_type"))
        question = question_for(latest_intent(tracker), tracker.get_slot("pending_question"), bool(named))
        with session_scope() as session:
            if question == "circulars_about":
                answer = answers.circulars_about_answer(
                    session, message=text, mention=latest_entity(tracker, "call"),
                    context_slug=tracker.get_slot("call"))
            else:
                answer = answers.answer_call_question(
                    session, question, message=text, mention=latest_entity(tracker, "call"),
                    context_slug=tracker.get_slot("call"), applicant_type=applicant, today=today())
            events = send(dispatcher, answer, question)
        if named:
            events.append(SlotSet("applicant_type", named))
        return events
