"""Rasa's REST channel, guarded (connectors/guard.py): bounded messages, namespaced senders, and
a German answer when Rasa gives none. `credentials.yml` loads it as `connectors.rest.RestInput`;
its URL stays /webhooks/rest/webhook."""

from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint
from sanic.request import Request

from connectors.guard import guarded


def _body(req: Request) -> Dict[str, Any]:
    body = req.json
    return body if isinstance(body, dict) else {}


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message, self.name()))

    # Rasa's own reads assume a JSON object with a text message: a JSON list, or a number or an
    # object as "message", ended the request in an exception and an empty reply. Any such body is
    # read as no text, which gets the guard's prompt.
    async def _extract_sender(self, req: Request) -> Optional[str]:
        sender = _body(req).get("sender")
        return None if sender is None else str(sender)

    def _extract_message(self, req: Request) -> Optional[str]:
        message = _body(req).get("message")
        return message if isinstance(message, str) else ""

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()  # not what the caller claims to be
