"""The website widget's socket.io channel: Rasa 3.6's own, with its session_request handler fixed.

Rasa 3.6 calls `sio.enter_room(sid, session_id)` without `await`. Since python-socketio 5.10,
`AsyncServer.enter_room` is a coroutine, so with `session_persistence: true` the socket never joins
the room named after the session, and every answer (sent to that room) is lost: the widget gets
`session_confirm` and then nothing ("coroutine 'AsyncServer.enter_room' was never awaited";
RasaHQ/rasa#13027, still open). This subclass registers the same handler with the `await`.

Messages are guarded as on every channel (connectors/guard.py).
`credentials.yml` loads it by module path: `connectors.website.SocketIOInput`.
"""

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from connectors.guard import guarded

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io input channel; the socket joins its session's room before answers are sent."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(guarded(on_new_message, self.name()))
        sio = self.sio

        async def session_request(sid: str, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            if data.get("session_id") is None:
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, data["session_id"])
                if inspect.isawaitable(joined):  # a coroutine since python-socketio 5.10
                    await joined
            await sio.emit("session_confirm", data["session_id"], room=sid)
            logger.debug(f"User {sid} connected to socketIO endpoint.")

        # Replaces the handler Rasa registered for the same event.
        sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
