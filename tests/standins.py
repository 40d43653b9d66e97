"""Stand-ins for the few HTTP endpoints our channels call. They are NOT Mattermost and NOT Microsoft.

Neither platform runs here, so each stand-in is a small `http.server` in a thread that answers
the way the platform's documentation describes and records every request it gets:

- `MattermostStandIn`: stand-in for Mattermost's REST API v4 (`GET /api/v4/users/me`,
  `POST /api/v4/posts`), plus the outgoing webhook payload Mattermost sends.
- `BotFrameworkStandIn`: stand-in for Microsoft's token endpoint
  (`POST /{tenant}/oauth2/v2.0/token`), the Bot Framework OpenID metadata and signing keys, and
  the Bot Connector's send/reply-to-activity endpoint; it signs channel tokens with an RSA key
  made for the test, as the Bot Connector signs its own.

They show that the connectors send the requests the documentation asks for and check what they
must; they cannot show that the real services accept them.
"""

import contextlib
import json
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, unquote

import jwt
import requests
import yaml
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.servers import API_TOKEN

ROOT = Path(__file__).resolve().parent.parent
Reply = Tuple[int, Dict[str, Any]]


@dataclass
class Received:
    method: str
    path: str  # as sent, still URL-encoded
    headers: Dict[str, str]
    body: Any  # parsed JSON, a form as a dict, or None


class StandIn:
    """An HTTP server on a free local port; subclasses list their routes as (method, regex, handler)."""

    routes: List[Tuple[str, str, str]] = []

    def __init__(self) -> None:
        self.received: List[Received] = []
        self.delay = 0.0  # seconds to wait before answering, like a slow platform
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stand_in._dispatch(self)

            def do_POST(self) -> None:
                stand_in._dispatch(self)

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "StandIn":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests_to(self, method: str, pattern: str) -> List[Received]:
        return [r for r in self.received if r.method == method and re.fullmatch(pattern, r.path)]

    def wait_for(self, method: str, pattern: str, count: int = 1, seconds: float = 30) -> List[Received]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.requests_to(method, pattern)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(
            f"{count} x {method} {pattern} expected, got: {[(r.method, r.path) for r in self.received]}"
        )

    def _dispatch(self, handler: BaseHTTPRequestHandler) -> None:
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        content_type = handler.headers.get("Content-Type") or ""
        if "json" in content_type and raw:
            body: Any = json.loads(raw)
        elif "form" in content_type:
            body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        else:
            body = raw.decode() or None
        request = Received(handler.command, handler.path, dict(handler.headers), body)
        self.received.append(request)
        time.sleep(self.delay)
        for method, pattern, name in self.routes:
            match = re.fullmatch(pattern, handler.path)
            if method == handler.command and match:
                status, reply = getattr(self, name)(request, *match.groups())
                break
        else:
            status, reply = 404, {"message": "not part of this stand-in"}
        data = json.dumps(reply).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


class MattermostStandIn(StandIn):
    """Stand-in for Mattermost's REST API v4 (not Mattermost): the two endpoints the bot calls."""

    routes = [("GET", r"/api/v4/users/me", "users_me"), ("POST", r"/api/v4/posts", "create_post")]
    bot_user_id = "bt7q3bpzijdzbjdgj6o5xq6uha"
    team_id = "kwoknj9nwpypzgzy78wkw516qe"

    def __init__(self, token: str = "mm-bot-access-token", outgoing_token: str = "mm-outgoing-webhook-token") -> None:
        super().__init__()
        self.token = token
        self.outgoing_token = outgoing_token

    def _authorized(self, request: Received) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    @staticmethod
    def _unauthorized() -> Reply:
        return 401, {
            "id": "api.context.session_expired.app_error",
            "message": "Invalid or expired session, please login again.",
            "status_code": 401,
        }

    def users_me(self, request: Received) -> Reply:
        if not self._authorized(request):
            return self._unauthorized()
        return 200, {"id": self.bot_user_id, "username": "foerderbot", "is_bot": True}

    def create_post(self, request: Received) -> Reply:
        if not self._authorized(request):
            return self._unauthorized()
        body = request.body if isinstance(request.body, dict) else {}
        if not body.get("channel_id"):
            return 400, {
                "id": "api.context.invalid_body_param.app_error",
                "message": "Invalid or missing channel_id in request body.",
                "status_code": 400,
            }
        return 201, {
            "id": uuid.uuid4().hex[:26],
            "create_at": int(time.time() * 1000),
            "user_id": self.bot_user_id,
            "channel_id": body["channel_id"],
            "root_id": body.get("root_id", ""),
            "message": body.get("message", ""),
            "props": body.get("props", {}),
        }

    def posts(self, channel_id: Optional[str] = None) -> List[Dict[str, Any]]:
        bodies = [r.body for r in self.requests_to("POST", r"/api/v4/posts")]
        return [b for b in bodies if channel_id is None or b.get("channel_id") == channel_id]

    def outgoing_webhook(
        self, text: str, user_id: str, channel_id: str, trigger_word: str = "", token: Optional[str] = None
    ) -> Dict[str, str]:
        """The payload Mattermost's outgoing webhook sends (developers.mattermost.com, "Outgoing webhooks")."""
        return {
            "channel_id": channel_id,
            "channel_name": "foerderung",
            "team_domain": "landkreistag",
            "team_id": self.team_id,
            "post_id": uuid.uuid4().hex[:26],
            "text": text,
            "timestamp": str(int(time.time() * 1000)),
            "token": self.outgoing_token if token is None else token,
            "trigger_word": trigger_word,
            "user_id": user_id,
            "user_name": "m.muster",
            "file_ids": "",
        }


class BotFrameworkStandIn(StandIn):
    """Stand-in for Microsoft's token endpoint, Bot Framework OpenID metadata/keys and Bot Connector (not Microsoft)."""

    routes = [
        ("GET", r"/v1/\.well-known/openidconfiguration", "openid_metadata"),
        ("GET", r"/v1/\.well-known/keys", "signing_keys"),
        ("POST", r"/([^/]+)/oauth2/v2\.0/token", "token"),
        ("POST", r"/v3/conversations/([^/]+)/activities(?:/([^/]+))?", "send_activity"),
    ]
    issuer = "https://api.botframework.com"
    key_id = "standin-signing-key"

    def __init__(
        self,
        app_id: str = "5f0c0e0a-1111-4c2b-9d3e-000000000001",
        app_password: str = "standin-secret",
        tenant: str = "7a1b2c3d-0000-4e5f-8a9b-0000000000aa",
    ) -> None:
        super().__init__()
        self.app_id, self.app_password, self.tenant = app_id, app_password, tenant
        self.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.issued_tokens: List[str] = []

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.url}/{{tenant}}/oauth2/v2.0/token"

    def openid_metadata(self, request: Received) -> Reply:
        return 200, {
            "issuer": self.issuer,
            "authorization_endpoint": "https://invalid.botframework.com",
            "jwks_uri": f"{self.url}/v1/.well-known/keys",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        }

    def signing_keys(self, request: Received) -> Reply:
        key = RSAAlgorithm.to_jwk(self.signing_key.public_key(), as_dict=True)
        key.update({"kid": self.key_id, "use": "sig", "endorsements": ["msteams", "webchat", "emulator"]})
        return 200, {"keys": [key]}

    def token(self, request: Received, tenant: str) -> Reply:
        form = request.body if isinstance(request.body, dict) else {}
        if tenant != self.tenant:
            # What Entra ID answers a single-tenant app asked for through another tenant.
            return 400, {
                "error": "unauthorized_client",
                "error_description": f"AADSTS700016: Application '{form.get('client_id')}' was not found "
                f"in the directory '{tenant}'.",
            }
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("scope") != "https://api.botframework.com/.default"
        ):
            return 400, {"error": "invalid_request"}
        if form.get("client_id") != self.app_id or form.get("client_secret") != self.app_password:
            return 401, {"error": "invalid_client"}
        token = f"standin-access-token-{uuid.uuid4().hex}"
        self.issued_tokens.append(token)
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}

    def send_activity(self, request: Received, conversation_id: str, activity_id: Optional[str]) -> Reply:
        if request.headers.get("Authorization") not in {f"Bearer {t}" for t in self.issued_tokens}:
            return 401, {"message": "Authorization has been denied for this request."}
        return 200, {"id": uuid.uuid4().hex}

    def replies(self, conversation_id: str) -> List[Received]:
        return [
            r
            for r in self.requests_to("POST", r"/v3/conversations/([^/]+)/activities(/[^/]+)?")
            if unquote(r.path.split("/")[3]) == conversation_id
        ]

    def channel_token(
        self, service_url: str, key: Any = None, key_id: Optional[str] = None, algorithm: str = "RS256", **claims: Any
    ) -> str:
        """A token as the Bot Connector sends it to the bot; claims and key can be overridden to forge one."""
        now = int(time.time())
        payload = {
            "serviceUrl": service_url,
            "iss": self.issuer,
            "aud": self.app_id,
            "nbf": now - 10,
            "iat": now - 10,
            "exp": now + 3600,
            **claims,
        }
        headers = {"kid": key_id or self.key_id} if algorithm != "none" else {}
        signing_key = None if algorithm == "none" else (key or self.signing_key)
        return jwt.encode(payload, signing_key, algorithm=algorithm, headers=headers)

    def activity(
        self,
        text: str,
        conversation_id: str,
        user_id: str = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3Q",
        service_url: Optional[str] = None,
        conversation_type: str = "personal",
    ) -> Dict[str, Any]:
        """A message activity as Teams sends it (Bot Framework Activity schema)."""
        return {
            "type": "message",
            "id": f"1{int(time.time() * 1000)}",
            "timestamp": "2026-11-24T10:00:00.000Z",
            "serviceUrl": service_url or f"{self.url}/",
            "channelId": "msteams",
            "from": {"id": user_id, "name": "Maria Muster", "aadObjectId": str(uuid.uuid4())},
            "conversation": {"conversationType": conversation_type, "tenantId": self.tenant, "id": conversation_id},
            "recipient": {"id": f"28:{self.app_id}", "name": "Förderbot"},
            "textFormat": "plain",
            "locale": "de-DE",
            "text": text,
            "channelData": {"tenant": {"id": self.tenant}},
        }


# --- a Rasa server with the production channels, pointed at the stand-ins --------------------------


def loaded_database(tmp: Path) -> str:
    """A fresh SQLite knowledge base, loaded by `bot load` as in tests/test_e2e.py."""
    url = f"sqlite:///{tmp / 'kb.sqlite3'}"
    subprocess.run(
        [str(Path(sys.executable).parent / "bot"), "--database-url", url, "load"],
        capture_output=True,
        text=True,
        check=True,
    )
    return url


def production_credentials(tmp: Path, botframework: Optional[BotFrameworkStandIn] = None) -> Path:
    """credentials.production.yml, with the Microsoft URLs pointed at the stand-in (or a closed port)."""
    credentials = yaml.safe_load((ROOT / "credentials.production.yml").read_text(encoding="utf-8"))
    base = botframework.url if botframework else "http://127.0.0.1:9"
    credentials["connectors.botframework.BotFrameworkInput"].update(
        openid_metadata_url=f"{base}/v1/.well-known/openidconfiguration",
        token_url=f"{base}/{{tenant}}/oauth2/v2.0/token",
    )
    path = tmp / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials, allow_unicode=True), encoding="utf-8")
    return path


def channel_env(
    mattermost: Optional[MattermostStandIn] = None, botframework: Optional[BotFrameworkStandIn] = None
) -> Dict[str, str]:
    """The environment credentials.production.yml reads; the platform not under test gets dummies."""
    env = {
        "MATTERMOST_URL": "http://127.0.0.1:9",
        "MATTERMOST_TOKEN": "unused",
        "MATTERMOST_OUTGOING_TOKEN": "unused",
        "MICROSOFT_APP_ID": "unused",
        "MICROSOFT_APP_PASSWORD": "unused",
        "MICROSOFT_TENANT_ID": "botframework.com",
    }
    if mattermost:
        env.update(
            MATTERMOST_URL=mattermost.url,
            MATTERMOST_TOKEN=mattermost.token,
            MATTERMOST_OUTGOING_TOKEN=mattermost.outgoing_token,
        )
    if botframework:
        env.update(
            MICROSOFT_APP_ID=botframework.app_id,
            MICROSOFT_APP_PASSWORD=botframework.app_password,
            MICROSOFT_TENANT_ID=botframework.tenant,
        )
    return env


def tracker_events(rasa_url: str, sender_id: str) -> List[Dict[str, Any]]:
    reply = requests.get(f"{rasa_url}/conversations/{sender_id}/tracker", params={"token": API_TOKEN}, timeout=30)
    reply.raise_for_status()
    return reply.json().get("events") or []


def user_messages(rasa_url: str, sender_id: str) -> List[str]:
    return [e.get("text") for e in tracker_events(rasa_url, sender_id) if e.get("event") == "user"]


def assert_nothing_reached_rasa(rasa_url: str, sender_id: str) -> None:
    assert user_messages(rasa_url, sender_id) == []


class TcpProxy:
    """A TCP connection between the bot and a real server (PostgreSQL, Redis) that a fault test
    can cut: "forward" passes bytes on, "refuse" closes every connection at once (the server is
    down), "blackhole" accepts and never answers (the server hangs). Changing the mode drops the
    connections already open, as a restart of the server would."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.mode = "forward"
        self._open: List[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def set_mode(self, mode: str) -> None:
        with self._lock:
            self.mode = mode
            dropped, self._open = self._open, []
        for sock in dropped:
            _close(sock)

    def close(self) -> None:
        self.set_mode("refuse")
        _close(self._listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            if self.mode == "refuse":
                _close(client)
                continue
            with self._lock:
                self._open.append(client)
            if self.mode == "blackhole":
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._open.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
