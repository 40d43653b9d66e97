"""What every channel does around a user's message: bound it, and answer when Rasa cannot.

Each input channel hands its `on_new_message` to `guarded` before Rasa sees a message:
- the text is normalised (NFKC, so decomposed umlauts and PDF ligatures match) and cleared of
  control and format characters;
- an empty message gets a short prompt, an over-long one a German refusal, without a turn;
- a message that starts with "/" reaches Rasa as a payload ("/ask_deadline{"call": "…"}") only
  when it is one the bot's buttons could send; otherwise it is read as words (Rasa would log the
  text of a payload it cannot parse);
- the conversation is kept under a sender id namespaced by channel ("rest:…", "mattermost:…"),
  so no channel can address another channel's conversations;
- the turn is bounded in time, and a turn that ended without any answer (action server down or
  stalled, a store unreachable, any exception) gets a polite German answer instead of silence.
Nothing of the conversation's text is logged.
"""

import asyncio
import hashlib
import json
import logging
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Tuple

import yaml
from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import wording

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = int(os.environ.get("FOERDERBOT_MAX_MESSAGE_CHARS", "2000"))
# A reply, or the German fault answer, reaches the user within 5 seconds.
TURN_SECONDS = float(os.environ.get("FOERDERBOT_TURN_SECONDS", "4.5"))
_MAX_SENDER_CHARS = 128
_KEPT_CONTROLS = {"\n", "\t"}
_JOINER = "\u200d"  # keeps emoji sequences whole

Handler = Callable[[UserMessage], Awaitable[Any]]
DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
_PAYLOAD = re.compile(r"/(?P<intent>\w+)(?P<entities>\{.*\})?", re.DOTALL)


def clean_text(text: Any) -> str:
    """The message as the assistant reads it: NFKC, without control, format and surrogate
    characters (NUL, bidi marks, lone surrogates), trimmed."""
    normalised = unicodedata.normalize("NFKC", text if isinstance(text, str) else "")
    kept = (
        c
        for c in normalised
        if c in _KEPT_CONTROLS or c == _JOINER or unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    return "".join(kept).strip()


@lru_cache(maxsize=1)
def _domain_names() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The intents and entities of domain.yml: what a payload may name."""
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    intents = frozenset(i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents") or [])
    entities = frozenset(e if isinstance(e, str) else next(iter(e)) for e in domain.get("entities") or [])
    return intents, entities


def _is_payload(text: str) -> bool:
    match = _PAYLOAD.fullmatch(text)
    if not match:
        return False
    intents, entities = _domain_names()
    if match.group("intent") not in intents:
        return False
    if not match.group("entities"):
        return True
    try:
        values = json.loads(match.group("entities"))
    except ValueError:
        return False
    return isinstance(values, dict) and all(k in entities and isinstance(v, str) for k, v in values.items())


def as_read(text: str) -> str:
    """The text, or for a "/…" that is no payload of the bot's, its words without the slashes."""
    if not text.startswith("/") or _is_payload(text):
        return text
    return text.lstrip("/").strip()


def conversation_id(channel: str, sender_id: Any) -> str:
    """The id a channel's conversation is stored under; a long id is hashed to a fixed size."""
    sender = str(sender_id)
    if len(sender) > _MAX_SENDER_CHARS:
        sender = hashlib.sha256(sender.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{channel}:{sender}"


class _CountingOutput(OutputChannel):
    """The channel's output channel, told the channel's own recipient id, counting what is sent."""

    def __init__(self, inner: OutputChannel, recipient_id: str) -> None:
        self.inner = inner
        self.recipient_id = recipient_id
        self.sent = 0

    def name(self) -> str:
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(self.recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


async def _reply(output: OutputChannel, recipient_id: str, text: str) -> None:
    try:
        await output.send_text_message(recipient_id, text)
    except Exception as error:  # noqa: BLE001 - the platform itself is unreachable: nothing more to do
        logger.warning("Antwort an den Kanal %s nicht zugestellt: %s", output.name(), type(error).__name__)


def guarded(on_new_message: Handler, channel: str) -> Handler:
    """`on_new_message` with the checks above, for the input channel named `channel`."""

    async def handle(message: UserMessage) -> None:
        output, recipient_id = message.output_channel, message.sender_id
        text = as_read(clean_text(message.text))
        if not text:
            await _reply(output, recipient_id, wording.EMPTY_MESSAGE)
            return
        if len(text) > MAX_MESSAGE_CHARS:
            await _reply(output, recipient_id, wording.message_too_long(len(text), MAX_MESSAGE_CHARS))
            return
        counting = _CountingOutput(output, recipient_id)
        message.text = text
        message.sender_id = conversation_id(channel, recipient_id)
        message.output_channel = counting
        try:
            await asyncio.wait_for(on_new_message(message), TURN_SECONDS)
        except asyncio.TimeoutError:
            logger.warning("Keine Antwort im Kanal %s nach %.1f s", channel, TURN_SECONDS)
        except Exception as error:  # noqa: BLE001 - a fault must end in an answer, not in silence
            logger.warning("Nachricht im Kanal %s nicht verarbeitet: %s", channel, type(error).__name__)
        if counting.sent == 0:
            await _reply(output, recipient_id, wording.FAULT)

    return handle
