"""End to end: `bot load` into a fresh SQLite file, both servers started, questions over REST."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from bot import db
from bot.models import CallFact, Deadline, Source
from tests.conftest import TODAY, named_call
from tests.servers import running_bot

pytestmark = pytest.mark.e2e
SCOPE = yaml.safe_load((Path(__file__).parent / "nlu" / "scope_messages.yml").read_text(encoding="utf-8"))
FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{tmp / 'kb.sqlite3'}"
    loaded = subprocess.run(
        [str(Path(sys.executable).parent / "bot"), "--database-url", url, "load"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "8 Förderaufrufe, 2 Rundschreiben" in loaded.stdout
    with running_bot(tmp, {"DATABASE_URL": url, "FOERDERBOT_TODAY": TODAY.isoformat()}) as running:
        running.database_url = url
        yield running


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def test_action_server_reports_health(bot):
    assert requests.get(f"{bot.action_url}/health", timeout=5).json() == {"status": "ok"}


def test_heimat_rounds_are_answered_together_then_context_is_kept(bot):
    replies = bot.ask("heimat", "Darf unser Landkreis bei Heimat 2.0 mitmachen?")
    answer = texts(replies)
    assert answer.startswith("Landkreise dürfen bei Heimat 2.0 (1. Aufruf 2020) nur eingeschränkt teilnehmen.")
    assert "Zu Heimat 2.0 kenne ich drei Aufrufe" in answer and "Rundschreiben Nr. 384/2020" in answer
    assert not any(r.get("buttons") for r in replies)

    answer = texts(bot.ask("heimat", "Und bis wann?"))
    assert "- 1. Aufruf 2020: Stufe 1, Projektskizze: 15. Juli 2020 (abgelaufen" in answer
    assert "(Quelle: paderborner-wirtschaftsbrief.de, 2020)" in answer

    answer = texts(bot.ask("heimat", "und 2021?"))
    assert answer.startswith("Fristen für Heimat 2.0 (2. Aufruf 2021, „Region gestalten“):")

    answer = texts(bot.ask("heimat", "und für gemeinden?"))
    assert "Gemeinden" in answer and "Heimat 2.0 (2. Aufruf 2021" in answer


def test_a_name_that_fits_different_programs_asks_back_and_a_button_answers(bot):
    replies = bot.ask("smart", "Darf ein Landkreis bei Smart mitmachen?")
    assert "mehrere Förderaufrufe" in texts(replies)
    payloads = [b["payload"] for b in replies[0]["buttons"]]
    assert 2 <= len(payloads) <= 5 and '/ask_eligibility{"call": "smarte-landregionen"}' in payloads
    answer = texts(bot.ask("smart", '/ask_eligibility{"call": "smarte-landregionen"}'))
    assert answer.startswith("Landkreise dürfen bei Smarte LandRegionen nur eingeschränkt teilnehmen.")


def test_an_unknown_name_is_said_to_be_unknown(bot):
    replies = bot.ask("mond", "Bis wann läuft Mondbasis 3000?")
    assert texts(replies).startswith("Einen Förderaufruf „Mondbasis 3000“ kenne ich nicht")
    assert len([b for r in replies for b in r.get("buttons") or []]) <= 3


def test_lower_case_without_umlauts_and_typos(bot):
    answer = texts(bot.ask("typos", "bis wann lauft die frist bei smarte landregionen"))
    assert "28. Februar 2020" in answer
    answer = texts(bot.ask("typos2", "wie hoch ist die foerderquote bei heimat2.0 2021"))
    assert "bis zu 90 %" in answer and "erzgebirgskreis.de" in answer


def test_facts_the_database_lacks_are_not_known(bot):
    answer = texts(bot.ask("unknown", "Von wann ist das Rundschreiben 384/2020?"))
    assert "Datum: im Text nicht angegeben" in answer
    answer = texts(bot.ask("unknown2", "Was steht im Rundschreiben 999/2020?"))
    assert "Nr. 999/2020 ist in meiner Datenbank nicht enthalten" in answer
    answer = texts(bot.ask("unknown3", "Wie hoch ist die Förderquote bei Heimat 2.0 von 2020?"))
    assert "Zu der Förderquote ist für Heimat 2.0 (1. Aufruf 2020) in Rundschreiben Nr. 384/2020" in answer
    assert "nichts angegeben" in answer


def test_circulars_and_overview(bot):
    answer = texts(bot.ask("rs", "Worum geht es im RS 014/2020?"))
    assert "Smarte LandRegionen" in answer and "Datum: 8. Januar 2020" in answer
    answer = texts(bot.ask("rs", "Auf welches Rundschreiben bezieht sich Nr. 384/2020?"))
    assert "Rundschreiben Nr. 014/2020 vom 8. Januar 2020" in answer
    answer = texts(bot.ask("open", "Welche Förderaufrufe sind gerade offen?"))
    assert "am 24. November 2026 kein Förderaufruf offen" in answer


def test_small_talk_and_human_contact(bot):
    assert "digitaler Assistent" in texts(bot.ask("talk", "Bist du ein Mensch oder ein Bot?"))
    assert "Geschäftsstelle des Landkreistages" in texts(bot.ask("talk", "Ich möchte mit einem Menschen sprechen"))
    assert "Das kann ich leider nicht beantworten" in texts(bot.ask("talk", "Wer wird Deutscher Meister im Fußball?"))


def test_a_call_added_to_the_running_database_is_answerable_without_retraining(bot):
    with db.session_scope(bot.database_url) as session:
        source = Source(key="test-kreisbus", kind="publication", label="Testaufruf (fiktiv)")
        session.add(
            named_call(
                "kreisbus-test",
                "Kreisbus Test",
                facts=[
                    CallFact(
                        topic="funding",
                        text="Bis zu 40.000 Euro (fiktiver Testaufruf).",
                        amount_max_eur=40000,
                        sources=[source],
                    )
                ],
                deadlines=[
                    Deadline(stage=1, kind="antrag", due_on=TODAY.replace(year=TODAY.year + 1), sources=[source])
                ],
            )
        )
    answer = texts(bot.ask("new", "Bis wann läuft Kreisbus Test?"))
    assert "Fristen für Kreisbus Test" in answer and "24. November 2027 (noch 365 Tage)" in answer
    assert "Quelle: Testaufruf (fiktiv)" in answer
    assert "Kreisbus Test" in texts(bot.ask("new2", "Welche Förderaufrufe sind gerade offen?"))


@pytest.mark.parametrize("message", SCOPE["out_of_scope"])
def test_off_topic_and_nonsense_reach_the_fallback(bot, message):
    assert bot.parse(message)["intent"]["name"] in FALLBACK_INTENTS


@pytest.mark.parametrize("message", SCOPE["in_scope"])
def test_real_questions_do_not_reach_the_fallback(bot, message):
    assert bot.parse(message)["intent"]["name"] not in FALLBACK_INTENTS


def test_a_circular_ingested_while_the_bot_runs_is_answered_at_once(bot, tmp_path):
    from tests.test_ingest import TEXT_CIRCULAR

    path = tmp_path / "rs-77-2026.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "bot"), "--database-url", bot.database_url, "ingest", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "neu:" in result.stdout and "Rundschreiben Nr. 077/2026" in result.stdout
    answer = texts(bot.ask("ingest", "Was steht im Rundschreiben 77/2026?"))
    assert "Förderaufruf „Dorfladen Plus“ (fiktives Testprogramm)" in answer
    assert "Datum: 12. März 2026" in answer
    # The call it announces is answerable at once, from the circular, without retraining.
    answer = texts(bot.ask("ingest2", "Bis wann läuft die Frist bei Dorfladen Plus?"))
    assert "30. Juni 2026" in answer and "Rundschreiben Nr. 077/2026" in answer
    answer = texts(bot.ask("ingest2", "Dürfen Vereine mitmachen?"))
    assert answer.startswith("Ja, Vereine und andere zivilgesellschaftliche Einrichtungen dürfen bei Dorfladen Plus")
    answer = texts(bot.ask("ingest2", "Und wie viel Geld gibt es?"))
    assert "bis zu 40.000 Euro" in answer
    # No kind of question is about opening days: the answer quotes the circular's sentence with its number.
    answer = texts(bot.ask("ingest3", "An wie vielen Tagen pro Woche muss bei Dorfladen Plus geöffnet sein?"))
    assert "Rundschreiben Nr. 077/2026" in answer
    assert "„Der Dorfladen muss an mindestens fünf Tagen in der Woche geöffnet sein.“" in answer


def test_a_question_no_field_covers_is_answered_by_quoting_the_circular(bot):
    answer = texts(bot.ask("quote", "Warum ist eine unmittelbare Teilnahme der Landkreise nicht mehr vorgesehen?"))
    # Its words point to Heimat 2.0 (bot/topics.py): the reason is given with its source, as the
    # circular's quote or as the reviewed condition of the call.
    assert "wegen der thematischen Überschneidungen" in answer
    assert "Rundschreiben Nr. 384/2020" in answer or "Quelle" in answer


def test_search_page_and_json_api(bot, tmp_path):
    from tests.servers import _wait_for, free_port

    port = free_port()
    log = tmp_path / "search.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "bot"),
                "--database-url",
                bot.database_url,
                "serve",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://localhost:{port}/", process, log, seconds=60)
        found = requests.get(f"http://localhost:{port}/api/search", params={"q": "Daseinsvorsorge"}, timeout=10).json()
        assert "384/2020" in [r["key"] for r in found["results"]]
        bad = requests.get(f"http://localhost:{port}/api/search", params={"q": "x", "year": "zwanzig"}, timeout=10)
        assert bad.status_code == 400 and "Jahr" in bad.json()["error"]
        page = requests.get(f"http://localhost:{port}/suche", params={"q": "<script>alert(1)</script>"}, timeout=10)
        assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text
        page = requests.get(f"http://localhost:{port}/suche", params={"q": "Förderaufrufe"}, timeout=10)
        assert "Rundschreiben 384/2020" in page.text and "<mark>" in page.text
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_circulars_about_a_topic_come_with_buttons_that_open_them(bot):
    replies = bot.ask("topic", "Zeig mir Rundschreiben zu Digitalisierung")
    assert "Rundschreiben zum Thema „Digitalisierung“" in texts(replies)
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert buttons and buttons[0]["title"] == "Rundschreiben 384/2020"
    opened = texts(bot.ask("topic", buttons[0]["payload"]))
    assert opened.startswith("Rundschreiben Nr. 384/2020: Förderaufruf für Modellvorhaben „Heimat 2.0“")
