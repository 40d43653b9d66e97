"""Who may post to the Teams webhook, and the bot's own access token for answering.

Follows Microsoft's "Authenticate requests from the Bot Connector service to your bot": a
Bearer JWT signed (RS256) with a key from the Bot Framework's OpenID metadata, issuer
https://api.botframework.com, audience the bot's app id, not expired (5 minutes clock skew),
its `serviceUrl` claim equal to the activity's, its key endorsed for the activity's channel.
"""

import asyncio
import logging
import re
import time
from typing import Any, Dict, Optional, Tuple

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
MULTI_TENANT = "botframework.com"  # the tenant Rasa hard-codes; right only for multi-tenant bots
ISSUER = "https://api.botframework.com"
SCOPE = "https://api.botframework.com/.default"
KEYS_MAX_AGE = 24 * 3600  # Microsoft rotates keys rarely; a day is what Rasa and the SDKs use
REFETCH_INTERVAL = 60  # at most one fetch a minute, however many unknown keys come in
CLOCK_SKEW = 300
TIMEOUT = aiohttp.ClientTimeout(total=15)
_BEARER = re.compile(r"Bearer\s+(\S+)", re.IGNORECASE)


class Unauthorized(Exception):
    """The request does not come from the Bot Framework (HTTP 401)."""


class KeysUnavailable(Exception):
    """Microsoft's signing keys could not be fetched, so nothing can be verified (HTTP 503)."""


class SigningKeys:
    """Microsoft's signing keys, fetched on first use and kept for a day.

    Rasa fetches them in the channel's constructor, so the server does not start without
    internet (or when Microsoft is slow) and only ever retries once a day.
    """

    def __init__(self, metadata_url: str = OPENID_METADATA_URL) -> None:
        self.metadata_url = metadata_url
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._fetched_at: Optional[float] = None
        self._attempted_at = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, key_id: str) -> Optional[Dict[str, Any]]:
        """The JWK with this id; refetches when stale or when a key is unknown (rotation)."""
        stale = self._fetched_at is None or time.monotonic() - self._fetched_at > KEYS_MAX_AGE
        if stale or key_id not in self._keys:
            await self._refresh()
        return self._keys.get(key_id)

    async def _refresh(self) -> None:
        async with self._lock:
            if time.monotonic() - self._attempted_at < REFETCH_INTERVAL:
                if not self._keys:
                    raise KeysUnavailable(self.metadata_url)
                return
            self._attempted_at = time.monotonic()
            try:
                async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                    async with session.get(self.metadata_url) as reply:
                        reply.raise_for_status()
                        jwks_uri = (await reply.json(content_type=None))["jwks_uri"]
                    async with session.get(jwks_uri) as reply:
                        reply.raise_for_status()
                        keys = (await reply.json(content_type=None))["keys"]
                self._keys = {key["kid"]: key for key in keys if key.get("kid")}
                self._fetched_at = time.monotonic()
                logger.debug("Fetched %d Bot Framework signing keys.", len(self._keys))
            except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError) as error:
                logger.error("Bot Framework signing keys could not be fetched from %s: %r", self.metadata_url, error)
                if not self._keys:
                    raise KeysUnavailable(self.metadata_url) from error


class TokenVerifier:
    """Checks the Authorization header of an activity the Bot Connector posts to the bot.

    Rasa 3.6.21 takes the algorithm from the token's own header and does not check the issuer
    or the service URL; a token without `kid` makes it fail with 500 instead of 401.
    """

    def __init__(self, app_id: str, keys: SigningKeys, issuer: str = ISSUER) -> None:
        self.app_id = app_id
        self.keys = keys
        self.issuer = issuer

    async def verify(self, authorization: Optional[str], activity: Dict[str, Any]) -> Dict[str, Any]:
        """The token's claims; raises Unauthorized (or KeysUnavailable)."""
        match = _BEARER.fullmatch((authorization or "").strip())
        if not match:
            raise Unauthorized("no Bearer token")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise Unauthorized(f"not a JWT: {error}") from error
        if header.get("alg") != "RS256" or not header.get("kid"):
            raise Unauthorized(f"algorithm {header.get('alg')!r} or key id missing")  # e.g. alg "none"
        key = await self.keys.get(header["kid"])
        if key is None:
            raise Unauthorized("signed with an unknown key")
        endorsements = key.get("endorsements")
        if endorsements is not None and activity.get("channelId") not in endorsements:
            raise Unauthorized(f"key not endorsed for channel {activity.get('channelId')!r}")
        try:
            public_key = RSAAlgorithm.from_jwk(key)
            # A JWK with the private parts reads as a private key, which cannot verify (PyJWT fails
            # with AttributeError); a published signing key must be a public one.
            if not isinstance(public_key, RSAPublicKey):
                raise Unauthorized("the signing key is not an RSA public key")
            claims = jwt.decode(
                token,
                key=public_key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=self.issuer,
                leeway=CLOCK_SKEW,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(str(error)) from error
        # The answer goes to the activity's serviceUrl with the bot's token, so it must be Microsoft's.
        if _no_slash(claims.get("serviceUrl")) != _no_slash(activity.get("serviceUrl")):
            raise Unauthorized("serviceUrl claim does not match the activity")
        return claims


def _no_slash(url: Any) -> Optional[str]:
    return url.rstrip("/") if isinstance(url, str) and url else None


_tokens: Dict[Tuple[str, str], Tuple[str, float]] = {}


async def access_token(token_url: str, app_id: str, app_password: str) -> Optional[str]:
    """The bot's token for the Bot Connector (client credentials), cached until shortly before it expires.

    Rasa asks a fixed URL with the `botframework.com` tenant, which single-tenant bot
    registrations reject; here the tenant is part of `token_url`. Rasa also asks with blocking
    `requests`.
    """
    cached = _tokens.get((token_url, app_id))
    if cached and cached[1] > time.monotonic():
        return cached[0]
    form = {"grant_type": "client_credentials", "client_id": app_id, "client_secret": app_password, "scope": SCOPE}
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(token_url, data=form) as reply:
                if reply.status != 200:
                    logger.error("No Bot Framework token from %s: %s %s", token_url, reply.status, await reply.text())
                    return None
                data = await reply.json(content_type=None)
        token, lifetime = data["access_token"], int(data.get("expires_in", 0))
    except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError) as error:
        logger.error("No Bot Framework token from %s: %r", token_url, error)
        return None
    _tokens[(token_url, app_id)] = (token, time.monotonic() + max(lifetime - 300, 0))
    return token
