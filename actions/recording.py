"""Turns the office should see (bot/unanswered.py), read from the tracker and stored without
holding up the answer: no sender id, no slots, only the words asked and the answer given."""

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from bot import unanswered
from bot.config import database_url
from bot.db import session_scope
from bot.states import UnansweredReason

logger = logging.getLogger(__name__)

FEEDBACK_INTENT = "feedback"
# A thread of its own: a slow write (SQLite locked while `bot ingest` writes, a stalled PostgreSQL)
# delays neither the answer nor the worker threads that compose answers.
_RECORDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unanswered")


def _store(url: str, question: str, reason: UnansweredReason, answer: Optional[str]) -> None:
    try:
        with session_scope(url) as session:
            unanswered.record(session, question, reason, answer)
    except Exception as error:  # noqa: BLE001 - the list for the office must never cost an answer
        logger.warning("Unbeantwortete Frage nicht gespeichert: %s", type(error).__name__)


def record_unanswered(question: Optional[str], reason: UnansweredReason, answer: Optional[str] = None) -> None:
    """Store the question for the office in the background; nothing is stored without words."""
    if not question:
        return
    try:
        # The database is the one configured now: a test's or a restart's setting may change later.
        _RECORDER.submit(_store, database_url(), question, reason, answer)
    except RuntimeError as error:  # the action server is shutting down
        logger.warning("Unbeantwortete Frage nicht gespeichert: %s", type(error).__name__)


def wait_for_records(timeout: float = 10.0) -> None:
    """Return once everything submitted so far is stored (or has failed)."""
    _RECORDER.submit(lambda: None).result(timeout)


def _intent(event: Dict[str, Any]) -> str:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""


def _is_typed(text: str) -> bool:
    # A button payload ("/ask_deadline{...}") or the widget's greeting ("/greet") is not words the user wrote.
    return bool(text) and not text.startswith("/")


def rated_turn(events: List[Dict[str, Any]]) -> Tuple[Optional[str], Optional[str], bool]:
    """What a feedback (the last user event) is about: the last question the user wrote before it,
    the bot's last answer since, and whether that answer was rated before."""
    question: Optional[str] = None
    answer: Optional[str] = None
    rated = after_feedback = False
    current = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in events[:current]:
        kind = event.get("event")
        if kind == "user":
            after_feedback = _intent(event) == FEEDBACK_INTENT
            if after_feedback:
                rated = True
                continue
            rated = False  # a new answer follows: a button's as well as a typed question's
            text = event.get("text") or ""
            if _is_typed(text):
                question, answer = text, None
        elif kind == "bot" and not after_feedback and event.get("text"):
            answer = event["text"]  # the thanks for a feedback is no answer to rate
    return question, answer, rated


def asked(tracker: Tracker) -> Optional[str]:
    """The words of the question answered now: the message, or for a button's payload the
    question the user wrote before it."""
    text = tracker.latest_message.get("text") or ""
    if _is_typed(text):
        return text
    earlier = [
        e.get("text") or "" for e in tracker.events if e.get("event") == "user" and _intent(e) != FEEDBACK_INTENT
    ]
    return next((t for t in reversed(earlier) if _is_typed(t)), None)
