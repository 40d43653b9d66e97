"""Microsoft Teams through the Bot Framework, with Rasa's connector fixed where 3.6.21 falls short.

The Bot Connector POSTs each activity to /webhooks/botframework/webhook with a signed JWT; the
answer goes back as a reply to that activity: POST {serviceUrl}/v3/conversations/{id}/activities/{activity id}.
"""

import asyncio
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional
from urllib.parse import quote

import aiohttp
from rasa.core.channels.botframework import BotFramework
from rasa.core.channels.botframework import BotFrameworkInput as RasaBotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from yarl import URL

from connectors.botframework_auth import (
    ISSUER,
    MULTI_TENANT,
    OPENID_METADATA_URL,
    TOKEN_URL,
    KeysUnavailable,
    SigningKeys,
    TokenVerifier,
    Unauthorized,
    access_token,
)
from connectors.formatting import teams_markdown, without_teams_mentions
from connectors.guard import guarded

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=15)
HERO_CARD = "application/vnd.microsoft.card.hero"


def card_action(button: Dict[str, Any]) -> Dict[str, Any]:
    """A Rasa button as a Bot Framework card action.

    Rasa puts `{"title", "payload"}` into the hero card as is; a CardAction needs `type` and a
    value, so Teams shows buttons that do nothing. `messageBack` shows the title in the chat and
    sends the payload to the bot as the message text.
    """
    payload = button.get("payload") or button["title"]
    return {
        "type": "messageBack",
        "title": button["title"],
        "displayText": button["title"],
        "text": payload,
        "value": {"payload": payload},
    }


class BotFrameworkOutput(BotFramework):
    """Replies to the activity in its conversation, asynchronously, as Markdown.

    Rasa's `BotFramework` posts with blocking `requests` (stalling the whole server), gets its
    token from a fixed multi-tenant URL, sends without a token when it has none, splits answers
    into one message per paragraph and sends its buttons in a shape Teams cannot use.
    """

    def __init__(
        self,
        app_id: str,
        app_password: str,
        conversation: Dict[str, Any],
        bot: Dict[str, Any],
        service_url: str,
        token_url: str,
        reply_to_id: Optional[str] = None,
    ) -> None:
        super().__init__(app_id, app_password, conversation, bot, service_url)
        self.token_url = token_url
        self.reply_to_id = reply_to_id

    async def _get_headers(self) -> Optional[Dict[str, Any]]:
        token = await access_token(self.token_url, self.app_id, self.app_password)
        return {"Authorization": f"Bearer {token}"} if token else None

    def activities_url(self) -> str:
        # Teams conversation ids contain ':', ';' and '@'; the SDKs quote them completely.
        url = f"{self.global_uri}conversations/{quote(self.conversation['id'], safe='')}/activities"
        return f"{url}/{quote(self.reply_to_id, safe='')}" if self.reply_to_id else url

    def prepare_message(self, recipient_id: str, message_data: Dict[str, Any]) -> Dict[str, Any]:
        data = super().prepare_message(recipient_id, message_data)
        data.setdefault("conversation", self.conversation)
        data.setdefault("textFormat", "markdown")
        data.setdefault("locale", "de-DE")
        if self.reply_to_id:
            data.setdefault("replyToId", self.reply_to_id)
        return data

    async def send(self, message_data: Dict[str, Any]) -> None:
        headers = await self._get_headers()
        if headers is None:
            logger.error(
                "Answer to Teams conversation %s not sent: no Bot Framework token.", self.conversation.get("id")
            )
            return
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                # encoded=True: yarl would otherwise turn %3A, %40, %3B in the id back into raw characters.
                async with session.post(
                    URL(self.activities_url(), encoded=True), json=message_data, headers=headers
                ) as reply:
                    if reply.status >= 300:
                        logger.error("Bot Framework did not accept the answer: %s %s", reply.status, await reply.text())
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Bot Framework could not be reached at %s: %r", self.global_uri, error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send(self.prepare_message(recipient_id, {"text": teams_markdown(text)}))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        card = {
            "contentType": HERO_CARD,
            "content": {"text": teams_markdown(text), "buttons": [card_action(b) for b in buttons]},
        }
        await self.send(self.prepare_message(recipient_id, {"attachments": [card]}))


class BotFrameworkInput(RasaBotFrameworkInput):
    """Receives Bot Connector activities; fixes these defects of Rasa 3.6.21's connector:

    - It fetches Microsoft's signing keys in its constructor, so Rasa does not start offline.
      Here they are fetched on the first request and cached for a day (`SigningKeys`).
    - It trusts the algorithm named in the token and does not check the issuer or the service
      URL (`TokenVerifier`): unsigned (`alg: none`), foreign-signed, wrong-audience or
      wrong-issuer tokens get 401 and nothing reaches Rasa.
    - It asks for its own token with the `botframework.com` tenant only, which single-tenant
      bot registrations reject; `tenant_id` sets the tenant.
    - Teams puts "<at>Bot</at>" into the text of channel messages; that is removed.
    The Microsoft URLs are settings (`openid_metadata_url`, `token_url`) so tests can use a stand-in.
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        # That always raises (NoReturn), but Rasa ships no type information, so mypy cannot see it.
        assert credentials is not None
        missing = [key for key in ("app_id", "app_password") if not credentials.get(key)]
        if missing:
            raise ValueError(
                f"Bot Framework channel: credentials {', '.join(missing)} are empty (see docs/channels.md)."
            )
        return cls(
            credentials["app_id"],
            credentials["app_password"],
            tenant_id=credentials.get("tenant_id") or MULTI_TENANT,
            openid_metadata_url=credentials.get("openid_metadata_url") or OPENID_METADATA_URL,
            token_url=credentials.get("token_url") or TOKEN_URL,
            issuer=credentials.get("issuer") or ISSUER,
        )

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant_id: str = MULTI_TENANT,
        openid_metadata_url: str = OPENID_METADATA_URL,
        token_url: str = TOKEN_URL,
        issuer: str = ISSUER,
    ) -> None:
        # Rasa's __init__ is not called: fetching the keys there is the defect fixed here.
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = token_url.format(tenant=tenant_id)
        self.verifier = TokenVerifier(app_id, SigningKeys(openid_metadata_url), issuer)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guarded(on_new_message, self.name())
        botframework_webhook = Blueprint("botframework_webhook", __name__)

        @botframework_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @botframework_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            authorization = request.headers.get("Authorization")
            if not authorization:
                return response.text("No authorization header provided.", status=HTTPStatus.UNAUTHORIZED)
            try:
                activity = request.json
            except Exception:
                activity = None
            if not isinstance(activity, dict):
                return response.text("The body must be a JSON activity.", status=HTTPStatus.BAD_REQUEST)
            try:
                await self.verifier.verify(authorization, activity)
            except Unauthorized as error:
                logger.warning("Bot Framework request refused: %s", error)
                return response.text("Could not validate JWT token.", status=HTTPStatus.UNAUTHORIZED)
            except KeysUnavailable:
                return response.text("Signing keys unavailable.", status=HTTPStatus.SERVICE_UNAVAILABLE)

            sender_id = (activity.get("from") or {}).get("id")
            text = without_teams_mentions(activity.get("text") or "")
            if activity.get("type") != "message" or not sender_id or not text:
                return response.text("")  # conversation updates, typing, reactions: nothing to answer
            out_channel = BotFrameworkOutput(
                self.app_id,
                self.app_password,
                activity.get("conversation") or {},
                activity.get("recipient") or {},
                activity.get("serviceUrl") or "",
                self.token_url,
                reply_to_id=activity.get("id"),
            )
            metadata = self.add_attachments_to_metadata(activity, self.get_metadata(request))
            try:
                await on_new_message(
                    UserMessage(text, out_channel, sender_id, input_channel=self.name(), metadata=metadata)
                )
            except Exception:
                logger.exception("Bot Framework message could not be handled.")
            return response.text("")

        return botframework_webhook
