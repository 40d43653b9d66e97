"""What every channel does around a message (connectors/guard.py), and echoed words (bot.wording.echo)."""

import asyncio
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import wording
from connectors import guard


def handle(text, on_new_message=None, sender="alice"):
    """The replies a guarded channel sends for one message, and the messages that reached Rasa."""
    reached = []

    async def rasa(message: UserMessage):
        reached.append(message)
        if on_new_message is not None:
            await on_new_message(message)

    output = CollectingOutputChannel()
    asyncio.run(guard.guarded(rasa, "rest")(UserMessage(text, output, sender)))
    return output.messages, reached


async def answer_hello(message: UserMessage):
    await message.output_channel.send_response(message.sender_id, {"text": "Guten Tag!"})


def test_an_answer_goes_to_the_channels_own_recipient_and_rasa_sees_a_namespaced_sender():
    replies, reached = handle("  Hallo  ", answer_hello)
    assert [(r["recipient_id"], r["text"]) for r in replies] == [("alice", "Guten Tag!")]
    assert reached[0].sender_id == "rest:alice" and reached[0].text == "Hallo"


def test_an_empty_message_gets_a_prompt_without_a_turn():
    for text in ["", "   ", "\u200f\u0000\n", None]:
        replies, reached = handle(text, answer_hello)
        assert [r["text"] for r in replies] == [wording.EMPTY_MESSAGE] and reached == []


def test_an_over_long_message_is_refused_in_german_without_a_turn():
    replies, reached = handle("Frist? " * 500, answer_hello)
    assert reached == [] and len(replies) == 1
    assert replies[0]["text"].startswith("Ihre Nachricht ist mit 3.499 Zeichen zu lang; ich lese höchstens 2.000")


def test_a_failing_or_silent_turn_gets_the_fault_answer():
    async def broken(message):
        raise ConnectionError("Redis nicht erreichbar")

    async def silent(message):
        return None

    for rasa in (broken, silent):
        replies, _ = handle("Bis wann läuft Heimat 2.0?", rasa)
        assert [r["text"] for r in replies] == [wording.FAULT]


def test_a_stalled_turn_gets_the_fault_answer_in_time(monkeypatch):
    monkeypatch.setattr(guard, "TURN_SECONDS", 0.2)

    async def stalled(message):
        await asyncio.sleep(30)

    replies, _ = handle("Bis wann läuft Heimat 2.0?", stalled)
    assert [r["text"] for r in replies] == [wording.FAULT]


def test_text_is_normalised_and_stripped_of_control_characters():
    decomposed = unicodedata.normalize("NFD", "Fördergeber")
    assert guard.clean_text(f"\u202e{decomposed}\u0000 der ﬁnanzierung\u200b") == "Fördergeber der finanzierung"
    assert guard.clean_text("Familie 👨\u200d👩\u200d👧") == "Familie 👨\u200d👩\u200d👧"  # emoji sequences stay whole


def test_long_sender_ids_are_hashed_and_channels_never_share_a_conversation():
    assert guard.conversation_id("rest", "u1") != guard.conversation_id("mattermost", "u1")
    long_id = guard.conversation_id("rest", "x" * 10_000)
    assert long_id.startswith("rest:") and len(long_id) == len("rest:") + 64


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_echoed_words_carry_no_markup_on_any_channel(text):
    echoed = wording.echo(text)
    assert len(echoed) <= wording.ECHO_LIMIT
    assert not set(echoed) & set("@[]()!<>`*_#|~:/\\\n\r\t{}=;")


def test_echoed_names_stay_readable():
    assert wording.echo("Bürgerbus Plus") == "Bürgerbus Plus"
    assert wording.echo("@channel ![x](https://evil.example/a.png)") == "channel x https evil.example a.png"
    unknown = wording.unknown_call("@all <b>Mondbasis</b>", near=False)
    assert unknown.startswith("Einen Förderaufruf „all b Mondbasis b“")


def test_only_the_bots_own_payloads_reach_rasa_as_payloads():
    for payload in [
        '/ask_deadline{"call": "heimat-2-0-2020"}',
        "/greet",
        '/ask_circular{"circular_number": "384/2020"}',
    ]:
        assert guard.as_read(payload) == payload
    assert guard.as_read("/nicht_da{}") == "nicht_da{}"
    assert guard.as_read('/ask_deadline{"call": ') == 'ask_deadline{"call":'
    assert guard.as_read('/ask_deadline{"erfunden": "x"}') == 'ask_deadline{"erfunden": "x"}'
    assert guard.as_read("//hilfe bitte") == "hilfe bitte"
    assert guard.as_read("Was ist 1/2?") == "Was ist 1/2?"
    replies, reached = handle("/", answer_hello)
    assert [r["text"] for r in replies] == [wording.EMPTY_MESSAGE] and reached == []


def test_action_responses_are_validated_as_rasa_does_with_the_validator_built_once():
    import pytest
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    import connectors  # noqa: F401 - applies connectors.speedups

    action = RemoteAction("action_answer", None)
    assert RemoteAction._validate_action_result.__module__ == "connectors.speedups"
    assert action._validate_action_result({"events": [], "responses": [{"text": "Hallo"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": 3}]})
