"""Microsoft Teams (Bot Framework) channel: unit checks, then a real Rasa server against a stand-in.

The stand-in (tests/standins.py) stands in for Microsoft's token endpoint, the Bot Framework's
OpenID metadata and signing keys, and the Bot Connector; it is not Microsoft. Tokens are signed
with an RSA key the test generates.
"""

import asyncio
import json
import re
import time
from urllib.parse import quote

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

import connectors.botframework_auth as auth
from connectors.botframework import BotFrameworkInput, BotFrameworkOutput, card_action
from connectors.botframework_auth import KeysUnavailable, SigningKeys, TokenVerifier, Unauthorized, access_token
from connectors.formatting import teams_markdown, without_teams_mentions
from tests.conftest import TODAY
from tests.servers import running_bot
from tests.standins import (
    ROOT,
    BotFrameworkStandIn,
    assert_nothing_reached_rasa,
    channel_env,
    loaded_database,
    production_credentials,
    user_messages,
)

CLOSED = "http://127.0.0.1:9"  # nothing listens there: "no internet"
BUTTON = {"title": "Heimat 2.0 (1. Aufruf 2020)", "payload": '/ask_eligibility{"call": "heimat-2-0-2020"}'}


@pytest.fixture
def microsoft():
    auth._tokens.clear()  # the access-token cache is per process
    with BotFrameworkStandIn() as stand_in:
        yield stand_in


def forged_tokens(microsoft, service_url):
    """Tokens the webhook must refuse, by what is wrong with them."""
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "unsigned (alg none)": microsoft.channel_token(service_url, algorithm="none"),
        "wrong audience": microsoft.channel_token(service_url, aud="another-bots-app-id"),
        "wrong issuer": microsoft.channel_token(service_url, iss="https://sts.example.org"),
        "other key, known key id": microsoft.channel_token(service_url, key=other_key),
        "other key, unknown key id": microsoft.channel_token(service_url, key=other_key, key_id="attacker-key"),
        "expired": microsoft.channel_token(service_url, exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200),
        "other service URL": microsoft.channel_token("https://attacker.example.org/"),
        "HS256 with the public key as secret": microsoft.channel_token(
            service_url, key="not-a-secret-but-32-bytes-long!!", algorithm="HS256"
        ),
    }


# --- unit: no Rasa server ------------------------------------------------------------------------


def test_rasas_connector_needs_internet_to_start_and_ours_does_not(monkeypatch):
    import rasa.core.channels.botframework as rasa_botframework

    monkeypatch.setattr(rasa_botframework, "MICROSOFT_OPEN_ID_URI", f"{CLOSED}/v1/.well-known/openidconfiguration")
    with pytest.raises(requests.ConnectionError):
        rasa_botframework.BotFrameworkInput("app-id", "secret")
    channel = BotFrameworkInput.from_credentials(
        {
            "app_id": "app-id",
            "app_password": "secret",
            "openid_metadata_url": f"{CLOSED}/v1/.well-known/openidconfiguration",
        }
    )
    assert channel.token_url == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    # Without keys nothing can be verified: the webhook answers 503 instead of accepting anything.
    token = jwt.encode(
        {"aud": "app-id"},
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        algorithm="RS256",
        headers={"kid": "some-key"},
    )
    with pytest.raises(KeysUnavailable):
        asyncio.run(channel.verifier.verify(f"Bearer {token}", {}))


def test_the_tenant_goes_into_the_token_url():
    channel = BotFrameworkInput.from_credentials({"app_id": "a", "app_password": "s", "tenant_id": "contoso-tenant-id"})
    assert channel.token_url == "https://login.microsoftonline.com/contoso-tenant-id/oauth2/v2.0/token"
    # MICROSOFT_TENANT_ID left empty (a multi-tenant registration): Microsoft's shared tenant.
    channel = BotFrameworkInput.from_credentials({"app_id": "a", "app_password": "s", "tenant_id": ""})
    assert channel.token_url == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"


def test_a_genuine_token_passes_and_the_keys_are_fetched_once(microsoft):
    verifier = TokenVerifier(microsoft.app_id, SigningKeys(microsoft.metadata_url))
    activity = microsoft.activity("Hallo", "a:conversation")
    assert not microsoft.received  # nothing fetched before the first request

    async def verify_twice():
        token = microsoft.channel_token(activity["serviceUrl"])
        first = await verifier.verify(f"Bearer {token}", activity)
        await verifier.verify(f"Bearer {token}", activity)
        return first

    assert asyncio.run(verify_twice())["aud"] == microsoft.app_id
    assert len(microsoft.requests_to("GET", r"/v1/\.well-known/openidconfiguration")) == 1
    assert len(microsoft.requests_to("GET", r"/v1/\.well-known/keys")) == 1


def test_forged_or_foreign_tokens_are_refused(microsoft):
    verifier = TokenVerifier(microsoft.app_id, SigningKeys(microsoft.metadata_url))
    activity = microsoft.activity("Hallo", "a:conversation")
    headers = {why: f"Bearer {token}" for why, token in forged_tokens(microsoft, activity["serviceUrl"]).items()}
    headers.update({"no header": None, "not Bearer": "Basic dXNlcjpwYXNz", "not a JWT": "Bearer not-a-jwt"})

    async def refused(header, activity):
        try:
            await verifier.verify(header, activity)
        except Unauthorized:
            return True
        return False

    for why, header in headers.items():
        assert asyncio.run(refused(header, activity)), why
    # A genuine token for a channel its key is not endorsed for.
    slack = {**activity, "channelId": "slack"}
    assert asyncio.run(refused(f"Bearer {microsoft.channel_token(activity['serviceUrl'])}", slack))


def test_a_published_key_with_its_private_parts_is_refused_not_a_crash():
    """PyJWT reads such a JWK as a private key, which cannot verify a signature (AttributeError)."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(private_key)), "kid": "leaked"}

    class Keys:
        async def get(self, key_id):
            return jwk if key_id == "leaked" else None

    verifier = TokenVerifier("app-id", Keys())  # a stand-in for SigningKeys
    token = jwt.encode({"aud": "app-id"}, private_key, algorithm="RS256", headers={"kid": "leaked"})
    with pytest.raises(Unauthorized, match="not an RSA public key"):
        asyncio.run(verifier.verify(f"Bearer {token}", {}))


def test_the_token_is_asked_from_the_configured_tenant_and_cached(microsoft):
    single_tenant = microsoft.token_url.format(tenant=microsoft.tenant)
    multi_tenant = microsoft.token_url.format(tenant="botframework.com")  # the URL Rasa always uses
    assert asyncio.run(access_token(multi_tenant, microsoft.app_id, microsoft.app_password)) is None
    first = asyncio.run(access_token(single_tenant, microsoft.app_id, microsoft.app_password))
    assert first and asyncio.run(access_token(single_tenant, microsoft.app_id, microsoft.app_password)) == first
    assert len(microsoft.requests_to("POST", rf"/{microsoft.tenant}/oauth2/v2\.0/token")) == 1


def test_buttons_are_card_actions_teams_can_use():
    assert card_action(BUTTON) == {
        "type": "messageBack",
        "title": BUTTON["title"],
        "displayText": BUTTON["title"],
        "text": BUTTON["payload"],
        "value": {"payload": BUTTON["payload"]},
    }


def test_teams_text_formatting():
    assert (
        teams_markdown("Fristen für X:\n- Antrag: 1. Mai\nQuelle: Y\n")
        == "Fristen für X:\n\n- Antrag: 1. Mai\n\nQuelle: Y"
    )
    assert without_teams_mentions("<at>Förderbot</at> Bis wann läuft Heimat 2.0?") == "Bis wann läuft Heimat 2.0?"


def test_the_answer_is_a_reply_to_the_activity(microsoft):
    conversation = "19:abc@thread.tacv2;messageid=1700000000000"
    activity = microsoft.activity("Hallo", conversation)
    output = BotFrameworkOutput(
        microsoft.app_id,
        microsoft.app_password,
        activity["conversation"],
        activity["recipient"],
        activity["serviceUrl"],
        microsoft.token_url.format(tenant=microsoft.tenant),
        reply_to_id=activity["id"],
    )
    asyncio.run(output.send_text_with_buttons(activity["from"]["id"], "Welchen meinen Sie?", [BUTTON]))
    sent = microsoft.replies(conversation)[0]
    assert sent.path == f"/v3/conversations/{quote(conversation, safe='')}/activities/{activity['id']}"
    assert sent.headers["Authorization"] == f"Bearer {microsoft.issued_tokens[0]}"
    assert sent.body["replyToId"] == activity["id"] and sent.body["textFormat"] == "markdown"
    assert sent.body["recipient"] == {"id": activity["from"]["id"]} and sent.body["from"] == activity["recipient"]
    card = sent.body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.hero"
    assert card["content"] == {"text": "Welchen meinen Sie?", "buttons": [card_action(BUTTON)]}


def test_the_teams_manifest_template_has_what_teams_requires():
    text = (ROOT / "deploy" / "teams" / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert manifest["manifestVersion"] == "1.16" and "/v1.16/" in manifest["$schema"]
    for field in ("version", "id", "developer", "name", "description", "icons", "accentColor"):
        assert manifest[field], field
    assert all(manifest["developer"][f] for f in ("name", "websiteUrl", "privacyUrl", "termsOfUseUrl"))
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["name"]["full"]) <= 100
    assert len(manifest["description"]["short"]) <= 80 and len(manifest["description"]["full"]) <= 4000
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", manifest["accentColor"])
    [bot] = manifest["bots"]
    assert bot["botId"] == manifest["id"] == "{{MICROSOFT_APP_ID}}"
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    for command in bot["commandLists"][0]["commands"]:
        assert len(command["title"]) <= 32 and len(command["description"]) <= 128
    # Every placeholder is one the deployment notes explain.
    assert set(re.findall(r"{{(\w+)}}", text)) == {
        "MICROSOFT_APP_ID",
        "BOT_HOST",
        "WEBSITE_URL",
        "PRIVACY_URL",
        "TERMS_OF_USE_URL",
    }
    notes = (ROOT / "deploy" / "teams" / "README.md").read_text(encoding="utf-8")
    assert all(f"{{{{{name}}}}}" in notes for name in re.findall(r"{{(\w+)}}", text))


# --- end to end: Rasa with credentials.production.yml, Microsoft stand-in ------------------------


@pytest.fixture(scope="module")
def teams(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("botframework")
    with BotFrameworkStandIn() as microsoft:
        env = {
            "DATABASE_URL": loaded_database(tmp),
            "FOERDERBOT_TODAY": TODAY.isoformat(),
            **channel_env(botframework=microsoft),
        }
        with running_bot(tmp, env, credentials=str(production_credentials(tmp, microsoft))) as bot:
            bot.microsoft = microsoft
            bot.received_at_startup = list(microsoft.received)
            bot.webhook = f"{bot.rasa_url}/webhooks/botframework/webhook"
            yield bot


def post_activity(teams, activity, token=None):
    """As the Bot Connector posts it: the activity as JSON, a Bearer JWT in Authorization."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(teams.webhook, json=activity, headers=headers, timeout=120)


def genuine(teams, activity):
    return post_activity(teams, activity, teams.microsoft.channel_token(activity["serviceUrl"]))


@pytest.mark.e2e
def test_the_server_starts_without_asking_microsoft(teams):
    assert teams.received_at_startup == []


@pytest.mark.e2e
def test_unauthenticated_activities_are_refused_and_nothing_reaches_rasa(teams):
    user = "29:intruder"
    activity = teams.microsoft.activity("Bis wann läuft Heimat 2.0?", "a:intruder-conversation", user_id=user)
    assert post_activity(teams, activity).status_code == 401
    for why, token in forged_tokens(teams.microsoft, activity["serviceUrl"]).items():
        assert post_activity(teams, activity, token).status_code == 401, why
    assert_nothing_reached_rasa(teams.rasa_url, f"botframework:{user}")
    assert teams.microsoft.replies("a:intruder-conversation") == []


@pytest.mark.e2e
def test_a_question_is_answered_in_its_conversation_with_the_source(teams):
    conversation = "a:1Xw9aP0ZPkDHzKCsTmXWq3dd2PJn3n4bH5Xr"
    activity = teams.microsoft.activity(
        "Bis wann läuft die Frist bei Smarte LandRegionen?", conversation, user_id="29:user-slr"
    )
    assert genuine(teams, activity).status_code == 200
    [reply] = teams.microsoft.replies(conversation)
    assert reply.path == f"/v3/conversations/{quote(conversation, safe='')}/activities/{activity['id']}"
    assert "28. Februar 2020" in reply.body["text"] and "Quelle" in reply.body["text"]
    assert reply.body["recipient"]["id"] == "29:user-slr" and reply.body["conversation"]["id"] == conversation
    # The bot's token came from the configured (single) tenant.
    assert teams.microsoft.requests_to("POST", rf"/{teams.microsoft.tenant}/oauth2/v2\.0/token")


@pytest.mark.e2e
def test_options_are_buttons_and_a_click_answers(teams):
    conversation = "19:0f3c1e@thread.tacv2;messageid=1732440000000"
    question = teams.microsoft.activity(
        "<at>Förderbot</at> Darf ein Landkreis bei Smart mitmachen?",
        conversation,
        user_id="29:user-smart",
        conversation_type="channel",
    )
    assert genuine(teams, question).ok
    card = teams.microsoft.replies(conversation)[-1].body["attachments"][0]["content"]
    assert "mehrere Förderaufrufe" in card["text"]
    button = next(b for b in card["buttons"] if b["title"] == "Smarte LandRegionen")
    assert button["type"] == "messageBack"

    # What Teams posts when the button is clicked: the messageBack text as the message.
    click = teams.microsoft.activity(button["text"], conversation, user_id="29:user-smart", conversation_type="channel")
    click["value"] = button["value"]
    assert genuine(teams, click).ok
    answer = teams.microsoft.replies(conversation)[-1].body["text"]
    assert "Landkreise dürfen bei Smarte LandRegionen nur eingeschränkt teilnehmen" in answer
    assert user_messages(teams.rasa_url, "botframework:29:user-smart") == [
        "Darf ein Landkreis bei Smart mitmachen?",
        '/ask_eligibility{"call": "smarte-landregionen"}',
    ]
