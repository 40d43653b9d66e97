"""Mattermost channel: unit checks of the connector, then a real Rasa server against a stand-in.

The stand-in (tests/standins.py) is a stand-in for Mattermost's REST API, not Mattermost.
"""

import asyncio
import re
import time

import pytest
import requests
import yaml
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from connectors.formatting import CHOICE_HINT, chosen_payload, last_buttons, numbered_options
from connectors.mattermost import MattermostInput, MattermostOutput, api_url, message_text
from tests.conftest import TODAY
from tests.servers import running_bot
from tests.standins import (
    ROOT,
    MattermostStandIn,
    assert_nothing_reached_rasa,
    channel_env,
    loaded_database,
    production_credentials,
    user_messages,
)

BUTTONS = [
    {"title": "Heimat 2.0 (1. Aufruf 2020)", "payload": '/ask_eligibility{"call": "heimat-2-0-2020"}'},
    {"title": "Heimat 2.0 (2. Aufruf 2021)", "payload": '/ask_eligibility{"call": "heimat-2-0-2021"}'},
]


# --- unit: no Rasa server ------------------------------------------------------------------------


def test_api_url_accepts_the_server_address_or_the_api_url():
    assert api_url("https://chat.example.org/") == "https://chat.example.org/api/v4"
    assert api_url("https://chat.example.org/api/v4") == "https://chat.example.org/api/v4"


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("@foerderbot Bis wann läuft Heimat 2.0?", "@foerderbot", "Bis wann läuft Heimat 2.0?"),
        ("foerderbot: Bis wann läuft Heimat 2.0?", "foerderbot", "Bis wann läuft Heimat 2.0?"),
        # A webhook for a whole channel sends an empty trigger word: the first word stays (Rasa drops it).
        ("Darf ein Landkreis bei Heimat 2.0 mitmachen?", "", "Darf ein Landkreis bei Heimat 2.0 mitmachen?"),
        ("@foerderbot", "@foerderbot", ""),
    ],
)
def test_message_text_drops_only_a_real_trigger_word(text, trigger, expected):
    assert message_text({"text": text, "trigger_word": trigger}) == expected


def test_the_outgoing_webhook_token_must_match():
    channel = MattermostInput("https://chat.example.org", "bot-token", "right-token")
    assert channel.token_is_valid("right-token")
    assert not channel.token_is_valid("wrong-token")
    assert not channel.token_is_valid("")
    assert not channel.token_is_valid(None)
    assert not channel.token_is_valid(12345)  # a JSON number, not a string


def test_credentials_without_the_outgoing_token_are_refused():
    with pytest.raises(ValueError, match="outgoing_token"):
        MattermostInput.from_credentials({"url": "https://chat.example.org", "token": "bot-token"})


def test_buttons_become_numbered_options():
    text = numbered_options("Zu Heimat 2.0 gibt es mehrere Aufrufe. Welchen meinen Sie?", BUTTONS)
    assert text == (
        "Zu Heimat 2.0 gibt es mehrere Aufrufe. Welchen meinen Sie?\n\n"
        "1. Heimat 2.0 (1. Aufruf 2020)\n2. Heimat 2.0 (2. Aufruf 2021)\n\n" + CHOICE_HINT
    )


def test_a_number_picks_a_button_of_the_last_turn_only():
    asked = [
        UserUttered("Darf ein Landkreis bei Heimat 2.0 mitmachen?"),
        ActionExecuted("action_answer"),
        BotUttered("Welchen meinen Sie?", data={"buttons": BUTTONS}),
    ]
    assert chosen_payload("2", last_buttons(asked)) == BUTTONS[1]["payload"]
    assert chosen_payload(" 1. ", last_buttons(asked)) == BUTTONS[0]["payload"]
    assert chosen_payload("3", last_buttons(asked)) is None
    assert chosen_payload("2 Aufrufe", last_buttons(asked)) is None
    answered = asked + [UserUttered("1"), BotUttered("Landkreise dürfen ...")]
    assert last_buttons(answered) == []


def test_answers_are_posted_without_blocking_the_server():
    """Rasa posts with blocking `requests`; while Mattermost is slow, nothing else would run."""
    with MattermostStandIn() as mattermost:
        mattermost.delay = 0.5
        output = MattermostOutput(api_url(mattermost.url), mattermost.token, "channel-1", None)

        async def post_while_ticking():
            ticks = 0

            async def tick():
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.02)
                    ticks += 1

            ticker = asyncio.create_task(tick())
            await output.send_text_with_buttons("user-1", "Welchen meinen Sie?", BUTTONS)
            ticker.cancel()
            return ticks

        assert asyncio.run(post_while_ticking()) >= 10
        post = mattermost.wait_for("POST", r"/api/v4/posts")[0]
        assert post.headers["Authorization"] == f"Bearer {mattermost.token}"
        assert post.body["channel_id"] == "channel-1"
        assert "1. Heimat 2.0 (1. Aufruf 2020)\n2. Heimat 2.0 (2. Aufruf 2021)" in post.body["message"]


def test_production_credentials_name_our_connectors_and_hold_no_secrets():
    credentials = yaml.safe_load((ROOT / "credentials.production.yml").read_text(encoding="utf-8"))
    embedded = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(credentials) == set(embedded) | {
        "connectors.mattermost.MattermostInput",
        "connectors.botframework.BotFrameworkInput",
    }
    assert all(credentials[channel] == embedded[channel] for channel in embedded)
    for channel in ("connectors.mattermost.MattermostInput", "connectors.botframework.BotFrameworkInput"):
        assert all(re.fullmatch(r"\$\{[A-Z_]+\}", value) for value in credentials[channel].values()), channel
    # `make run` keeps working without any of these variables.
    assert "${" not in (ROOT / "credentials.yml").read_text(encoding="utf-8")


# --- end to end: Rasa with credentials.production.yml, Mattermost stand-in ------------------------


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mattermost")
    with MattermostStandIn() as mattermost:
        env = {"DATABASE_URL": loaded_database(tmp), "FOERDERBOT_TODAY": TODAY.isoformat(), **channel_env(mattermost)}
        with running_bot(tmp, env, credentials=str(production_credentials(tmp))) as bot:
            bot.mattermost = mattermost
            bot.webhook = f"{bot.rasa_url}/webhooks/mattermost/webhook"
            yield bot


def post_form(chat, payload):
    """As Mattermost sends it by default (application/x-www-form-urlencoded)."""
    return requests.post(chat.webhook, data=payload, timeout=120)


def post_json(chat, payload):
    """As Mattermost sends it when the webhook's content type is application/json."""
    return requests.post(chat.webhook, json=payload, timeout=120)


@pytest.mark.e2e
def test_the_webhook_is_mounted_where_the_docs_say(chat):
    assert requests.get(f"{chat.rasa_url}/webhooks/mattermost/", timeout=10).json() == {"status": "ok"}


@pytest.mark.e2e
@pytest.mark.parametrize("token", ["wrong-token", ""])
def test_a_wrong_webhook_token_is_refused_and_nothing_reaches_rasa(chat, token):
    posts_before = len(chat.mattermost.posts())
    user = f"intruder-{token or 'none'}"
    payload = chat.mattermost.outgoing_webhook("Bis wann läuft Heimat 2.0?", user, "channel-x", token=token)
    assert post_form(chat, payload).status_code == 401
    assert post_json(chat, payload).status_code == 401
    del payload["token"]
    assert post_json(chat, payload).status_code == 401
    assert_nothing_reached_rasa(chat.rasa_url, f"mattermost:{user}")
    assert len(chat.mattermost.posts()) == posts_before


@pytest.mark.e2e
def test_a_question_is_answered_in_its_channel_with_the_source(chat):
    payload = chat.mattermost.outgoing_webhook(
        "@foerderbot Bis wann läuft die Frist bei Smarte LandRegionen?",
        "user-slr",
        "channel-slr",
        trigger_word="@foerderbot",
    )
    reply = post_json(chat, payload)
    assert reply.status_code == 200 and reply.json() == {}  # Mattermost posts nothing itself
    posts = chat.mattermost.posts("channel-slr")
    assert len(posts) == 1
    assert "28. Februar 2020" in posts[0]["message"] and "Quelle" in posts[0]["message"]
    assert user_messages(chat.rasa_url, "mattermost:user-slr") == ["Bis wann läuft die Frist bei Smarte LandRegionen?"]


@pytest.mark.e2e
def test_options_are_numbered_and_a_number_chooses(chat):
    # A channel webhook without trigger words, form-encoded (Mattermost's defaults).
    # A name that fits calls of two programs equally: the assistant asks back.
    question = "Darf ein Landkreis bei Smart mitmachen?"
    assert post_form(chat, chat.mattermost.outgoing_webhook(question, "user-smart", "channel-smart")).ok
    asked = chat.mattermost.posts("channel-smart")[-1]["message"]
    assert "mehrere Förderaufrufe" in asked and CHOICE_HINT in asked
    number = re.search(r"^(\d+)\. Smarte LandRegionen$", asked, re.MULTILINE).group(1)

    assert post_form(chat, chat.mattermost.outgoing_webhook(number, "user-smart", "channel-smart")).ok
    answer = chat.mattermost.posts("channel-smart")[-1]["message"]
    assert "Landkreise dürfen bei Smarte LandRegionen nur eingeschränkt teilnehmen" in answer
    assert "Rundschreiben 014/2020" in answer
    assert user_messages(chat.rasa_url, "mattermost:user-smart") == [
        question,
        '/ask_eligibility{"call": "smarte-landregionen"}',
    ]


@pytest.mark.e2e
def test_the_bots_own_posts_are_ignored(chat):
    """Mattermost fires outgoing webhooks for the bot's posts too; answering them would loop."""
    posts_before = len(chat.mattermost.posts())
    payload = chat.mattermost.outgoing_webhook(
        "Zu Heimat 2.0 gibt es mehrere Aufrufe.", chat.mattermost.bot_user_id, "channel-loop"
    )
    assert post_form(chat, payload).status_code == 200
    time.sleep(1)
    assert len(chat.mattermost.posts()) == posts_before
    assert_nothing_reached_rasa(chat.rasa_url, f"mattermost:{chat.mattermost.bot_user_id}")
