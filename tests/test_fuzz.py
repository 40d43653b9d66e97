"""Generated bad input against the running bot, over REST and socket.io (issue: safe by default).

Every input gets an answer: no server error, no empty reply, and nothing of the markup it carries
comes back (mentions, links, images, HTML). Inputs are generated with Hypothesis: any Unicode
text, empty and blank messages, 100 kB messages, binary garbage, control characters and NUL,
decomposed umlauts, right-to-left marks, emoji, HTML and script, Markdown links and mentions, SQL
fragments, `/intent{json}` payloads, and messages that are no text at all.
"""

import unicodedata

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from tests.servers import running_bot

pytestmark = pytest.mark.e2e

REST_INPUTS = 800
SOCKET_INPUTS = 200

QUESTIONS = [
    "Bis wann läuft die Frist bei Heimat 2.0?",
    "Darf ein Landkreis bei LandVersorgt mitmachen?",
    "Was steht im Rundschreiben 384/2020?",
    "Wie hoch ist die Förderquote?",
    "Welche Förderaufrufe sind offen?",
]
MARKUP = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[hier klicken](https://evil.example/)",
    "![bild](https://evil.example/a.png)",
    "@channel",
    "@all bitte lesen",
    "<at>Förderbot</at>",
    "**fett** _kursiv_ `code` # Titel",
    "'; DROP TABLE funding_calls; --",
    '" OR 1=1 --',
    "%' UNION SELECT password FROM users --",
]
PAYLOADS = [
    '/ask_deadline{"call": "@channel ![x](https://evil.example/a.png)"}',
    '/ask_eligibility{"call": "<script>alert(1)</script>", "applicant_type": "[x](https://evil.example)"}',
    '/ask_circular{"circular_number": "\' OR 1=1 --"}',
    '/ask_funding{"call": ',
    "/nicht_vorhanden{}",
    "/restart",
    "/greet",
    "/",
]
# What must never come back: the markup of the inputs above, rendered or as text.
FORBIDDEN = ["@channel", "@all", "<script", "<img", "](http", "![", "<at>", "DROP TABLE", "UNION SELECT"]

texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\n\t ", "\u200b", "\u0000"]),
    st.sampled_from(["a" * 100_000, "Frist? " * 15_000]),
    st.binary(max_size=300).map(lambda data: data.decode("latin-1")),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=50),
    st.sampled_from(QUESTIONS).map(lambda q: unicodedata.normalize("NFD", q)),
    st.sampled_from(QUESTIONS).map(lambda q: f"\u202e{q}\u200f"),
    st.sampled_from(QUESTIONS).map(lambda q: f"{q} 👍🏽👨\u200d👩\u200d👧 🇩🇪"),
    st.sampled_from(MARKUP + PAYLOADS),
    st.tuples(st.sampled_from(QUESTIONS), st.sampled_from(MARKUP)).map(" ".join),
)
messages = st.one_of(texts, st.none(), st.integers(), st.lists(st.integers(), max_size=3), st.just({"text": "Hallo"}))
senders = st.one_of(st.sampled_from(["fuzz-1", "fuzz-2"]), st.text(max_size=40), st.just("s" * 5000))

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    from tests.conftest import loaded_database

    tmp = tmp_path_factory.mktemp("fuzz")
    url = loaded_database(f"sqlite:///{tmp / 'kb.sqlite3'}")
    with running_bot(tmp, {"DATABASE_URL": url, "FOERDERBOT_TODAY": TODAY.isoformat()}) as running:
        yield running


def assert_answered(texts_: list, sent: object) -> None:
    assert texts_ and all(isinstance(t, str) and t.strip() for t in texts_), f"keine Antwort auf {sent!r:.200}"
    for text in texts_:
        for forbidden in FORBIDDEN:
            assert forbidden.lower() not in text.lower(), f"{forbidden!r} zurückgegeben auf {sent!r:.200}"


def test_rest_answers_every_generated_input(bot):
    sent = []

    @settings(FUZZ, max_examples=REST_INPUTS)
    @given(sender=senders, message=messages)
    def check(sender, message):
        sent.append(message)
        reply = requests.post(
            f"{bot.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=30
        )
        assert reply.status_code < 500, reply.text[:300]
        assert_answered([m.get("text") for m in reply.json()], message)

    check()
    assert len(sent) >= REST_INPUTS


def test_socketio_answers_every_generated_input(bot):
    import socketio

    client = socketio.SimpleClient()
    client.connect(bot.rasa_url, transports=["polling"], wait_timeout=10)
    sent = []
    try:

        @settings(FUZZ, max_examples=SOCKET_INPUTS)
        @given(message=texts)
        def check(message):
            sent.append(message)
            client.emit("user_uttered", {"message": message, "session_id": client.sid})
            event, data = client.receive(timeout=15)
            answers = [data.get("text")]
            while True:  # the rest of this turn's answers, if any
                try:
                    answers.append(client.receive(timeout=0.3)[1].get("text"))
                except socketio.exceptions.TimeoutError:
                    break
            assert event == "bot_uttered"
            assert_answered(answers, message)

        check()
    finally:
        client.disconnect()
    assert len(sent) >= SOCKET_INPUTS


def test_no_message_text_reached_the_logs(bot):
    """After the generated inputs above: neither server logged what users wrote."""
    logs = "".join((bot.log_dir / name).read_text(errors="replace") for name in ("rasa.log", "actions.log"))
    for sent in ["evil.example", "DROP TABLE", "UNION SELECT", "onerror", "Förderquote", "Frist? Frist?"]:
        assert sent not in logs, sent
