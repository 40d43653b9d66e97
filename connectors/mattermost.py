"""Mattermost through an outgoing webhook, with Rasa's connector fixed where 3.6.21 falls short.

A user writes in a public channel; Mattermost's outgoing webhook POSTs the message here; the
answer is posted into the same channel through the REST API (`POST /api/v4/posts`) with the bot
account's token.
"""

import asyncio
import hmac
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.mattermost import MattermostBot
from rasa.core.channels.mattermost import MattermostInput as RasaMattermostInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.formatting import chosen_payload, last_buttons, numbered_options, option_number
from connectors.guard import conversation_id, guarded

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=15)


def api_url(url: str) -> str:
    """Rasa wants the URL with `/api/v4`; an administrator naturally gives the server's address."""
    url = (url or "").rstrip("/")
    return url if url.endswith("/api/v4") else f"{url}/api/v4"


def message_text(payload: Dict[str, Any]) -> str:
    """The user's words without the trigger word.

    Rasa drops the first word whenever the payload has a `trigger_word` key; Mattermost sends that
    key empty when the webhook fires for every message of a channel, so the question lost its
    first word ("Darf ein Landkreis ..." became "ein Landkreis ...").
    """
    text = (payload.get("text") or "").strip()
    trigger = (payload.get("trigger_word") or "").strip()
    if trigger:
        first, _, rest = text.partition(" ")
        if first.lower().startswith(trigger.lower()):
            text = rest
    return text.strip()


class MattermostOutput(MattermostBot):
    """Posts answers with aiohttp.

    Rasa's `MattermostBot` posts with blocking `requests` inside its async methods, which stops
    the whole Rasa server (every conversation) while Mattermost answers; it also logs every
    successful post as an error (Mattermost answers 201, Rasa expects 200). Outgoing webhooks
    offer no buttons to the bot, so buttons become a numbered list (see `MattermostInput`).
    """

    async def _post(self, data: Dict[str, Any]) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                async with session.post(f"{self.url}/posts", json=data, headers=headers) as reply:
                    if reply.status >= 300:
                        logger.error(
                            "Mattermost did not accept the post in channel %s: %s %s",
                            data.get("channel_id"),
                            reply.status,
                            await reply.text(),
                        )
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Mattermost could not be reached to post in channel %s: %r", data.get("channel_id"), error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # Mattermost renders Markdown and line breaks, so one answer stays one post.
        await self._post({"channel_id": self.bot_channel, "message": text.strip()})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._post({"channel_id": self.bot_channel, "message": numbered_options(text, buttons)})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._post(
            {"channel_id": self.bot_channel, "message": "", "props": {"attachments": [{"image_url": image}]}}
        )

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        json_message.setdefault("channel_id", self.bot_channel)
        json_message.setdefault("message", "")
        await self._post(json_message)


class MattermostInput(RasaMattermostInput):
    """Receives Mattermost's outgoing webhook; fixes these defects of Rasa 3.6.21's connector:

    - It never checks the `token` Mattermost puts into every outgoing webhook request, so anyone
      who can reach the URL can talk to the bot as any user. Here a wrong or missing token gets
      401 and nothing reaches Rasa (compared with `hmac.compare_digest`, in constant time).
    - It reads only JSON bodies; Mattermost's default content type is form-encoded. Both work.
    - It drops the first word of messages from channel webhooks without trigger words.
    - It answers its own posts: Mattermost fires outgoing webhooks for the bot's posts too, so a
      webhook for a whole channel made the bot talk to itself. Posts by the bot account (looked
      up once with `GET /users/me`) are ignored.
    - Its buttons are interactive-message buttons whose clicks Mattermost sends without any
      token, so they cannot be verified. Buttons are a numbered list instead, and a reply of
      just a number ("1") sends that button's payload to Rasa. The options are read from the
      conversation's tracker, not kept in this process, so this works with several Rasa
      processes behind a shared tracker store too.
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        # That always raises (NoReturn), but Rasa ships no type information, so mypy cannot see it.
        assert credentials is not None
        missing = [key for key in ("url", "token", "outgoing_token") if not credentials.get(key)]
        if missing:
            raise ValueError(f"Mattermost channel: credentials {', '.join(missing)} are empty (see docs/channels.md).")
        return cls(
            credentials["url"], credentials["token"], credentials["outgoing_token"], credentials.get("webhook_url")
        )

    def __init__(self, url: str, token: str, outgoing_token: str, webhook_url: Optional[str] = None) -> None:
        super().__init__(api_url(url), token, webhook_url)
        self.outgoing_token = outgoing_token
        self._bot_user_id: Optional[str] = None

    def token_is_valid(self, token: Any) -> bool:
        if not isinstance(token, str) or not token:
            return False
        return hmac.compare_digest(token.encode(), self.outgoing_token.encode())

    async def bot_user_id(self) -> Optional[str]:
        """The bot account's user id, fetched on first use; None while Mattermost cannot say."""
        if self._bot_user_id is None:
            try:
                async with (
                    aiohttp.ClientSession(timeout=TIMEOUT) as session,
                    session.get(f"{self.url}/users/me", headers={"Authorization": f"Bearer {self.token}"}) as reply,
                ):
                    if reply.status == 200:
                        self._bot_user_id = (await reply.json()).get("id")
                    else:
                        logger.warning("Mattermost did not tell the bot's user id: %s", reply.status)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                logger.warning("Mattermost could not be reached for the bot's user id: %r", error)
        return self._bot_user_id

    @staticmethod
    async def chosen_payload(request: Request, sender_id: str, text: str) -> Optional[str]:
        """A bare number picks from the buttons of the bot's last turn in this conversation."""
        if option_number(text) is None:
            return None
        tracker_store = getattr(getattr(request.app.ctx, "agent", None), "tracker_store", None)
        if tracker_store is None:
            return None
        tracker = await tracker_store.retrieve(conversation_id(MattermostInput.name(), sender_id))
        return chosen_payload(text, last_buttons(tracker.events)) if tracker else None

    @staticmethod
    def payload_of(request: Request) -> Dict[str, Any]:
        if "json" in (request.content_type or ""):
            body = request.json
            return body if isinstance(body, dict) else {}
        return {key: request.form.get(key) for key in request.form}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guarded(on_new_message, self.name())
        mattermost_webhook = Blueprint("mattermost_webhook", __name__)

        @mattermost_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @mattermost_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                payload = self.payload_of(request)
            except Exception:  # a body that is neither JSON nor a form
                return response.text("Unreadable request body.", status=HTTPStatus.BAD_REQUEST)
            if not self.token_is_valid(payload.get("token")):
                logger.warning("Mattermost webhook request with a wrong or missing token refused.")
                return response.text("Invalid outgoing webhook token.", status=HTTPStatus.UNAUTHORIZED)
            user_id, channel_id = payload.get("user_id"), payload.get("channel_id")
            if not user_id or not channel_id:
                return response.text("user_id and channel_id are required.", status=HTTPStatus.BAD_REQUEST)
            text = message_text(payload)
            if not text or user_id == await self.bot_user_id():
                return response.json({})
            message = await self.chosen_payload(request, user_id, text) or text
            out_channel = MattermostOutput(self.url, self.token, channel_id, self.webhook_url)
            try:
                await on_new_message(
                    UserMessage(
                        message, out_channel, user_id, input_channel=self.name(), metadata=self.get_metadata(request)
                    )
                )
            except Exception:
                logger.exception("Mattermost message could not be handled.")
            # An empty JSON object: Mattermost posts nothing itself, the answers are already posted.
            return response.json({})

        return mattermost_webhook
