"""Free questions answered by quoting the best sentence of a circular, and only then."""

from pathlib import Path

import pytest
import yaml

from bot import answers, db, quotes
from bot.asks import Ask
from bot.ingest.pipeline import ingest_file
from bot.question import Context, read_question
from tests.conftest import TODAY
from tests.test_ingest import TEXT_CIRCULAR, fresh_url  # noqa: F401 (fixture)

SCOPE = yaml.safe_load((Path(__file__).parent / "nlu" / "scope_messages.yml").read_text(encoding="utf-8"))


def test_content_words_drop_stop_words_and_the_call_name():
    assert quotes.content_words("Warum dürfen Landkreise bei Heimat 2.0 nicht teilnehmen?", ignore=["Heimat 2.0"]) == [
        "landkreis",
        "teilnehm",
    ]


def test_free_question_quotes_the_sentence_with_its_circular_number(session):
    answer = answers.free_question_answer(
        session, "Warum ist eine unmittelbare Teilnahme der Landkreise nicht mehr vorgesehen?"
    )
    lines = answer.text.splitlines()
    assert lines[0] == (
        "Im Rundschreiben Nr. 384/2020 des Landkreistages Sachsen-Anhalt (Datum im Text nicht angegeben) heißt es dazu:"
    )
    assert lines[1].startswith("„Eine unmittelbare Teilnahme der Landkreise, die zunächst vorgesehen war")
    assert [(c.ask, c.circular) for c in answer.choices] == [(Ask.CIRCULAR, "384/2020")]


@pytest.mark.parametrize("message", SCOPE["out_of_scope"])
def test_off_topic_and_nonsense_are_never_answered_with_a_quote(session, message):
    assert answers.free_question_answer(session, message) is None


def test_words_the_collection_does_not_know_prevent_a_quote(session):
    # "Landkreis" and "beantragen" occur, "Personalausweis" does not: no sentence answers this.
    assert answers.free_question_answer(session, "Wie beantrage ich einen Personalausweis beim Landkreis?") is None


@pytest.fixture
def dorfladen_session(fresh_url, tmp_path):  # noqa: F811
    """A knowledge base with the fictitious circular 77/2026 ingested."""
    path = tmp_path / "rs-77-2026.txt"
    path.write_text(TEXT_CIRCULAR, encoding="utf-8")
    ingest_file(path, fresh_url)
    with db.session_scope(fresh_url) as session:
        yield session


def ask(session, text, *asks):
    return answers.answer(session, read_question(list(asks), text), TODAY)


def test_a_call_question_no_field_covers_offers_the_sentence_that_holds_its_words(dorfladen_session):
    session = dorfladen_session
    answer = ask(session, "An wie vielen Tagen pro Woche muss bei Dorfladen Plus geöffnet sein?", Ask.DURATION)
    assert answer.text.splitlines() == [
        "Zu der Laufzeit ist für Dorfladen Plus (Aufruf 2026) in Rundschreiben Nr. 077/2026 des Landkreistages "
        "Sachsen-Anhalt vom 12. März 2026 nichts angegeben. Am ehesten passt dazu:",
        "Rundschreiben Nr. 077/2026 des Landkreistages Sachsen-Anhalt vom 12. März 2026: „Der Dorfladen muss an "
        "mindestens fünf Tagen in der Woche geöffnet sein.“",
        "Hinweis: Diese Angaben wurden automatisch aus dem Rundschreiben übernommen und noch nicht "
        "redaktionell geprüft.",
    ]
    # An answer that already says what was asked gets no quote added.
    funding = ask(session, "Wie viel Geld gibt es bei Dorfladen Plus?", Ask.FUNDING)
    assert "heißt es außerdem" not in funding.text and "40.000 Euro" in funding.text


def test_an_answer_gets_the_sentence_that_answers_the_rest(dorfladen_session):
    answer = ask(
        dorfladen_session,
        "Wie viel Geld gibt es bei Dorfladen Plus, und an wie vielen Tagen pro Woche muss geöffnet sein?",
        Ask.FUNDING,
    )
    assert "bis zu 40.000 Euro" in answer.text
    assert (
        "Rundschreiben Nr. 077/2026 des Landkreistages Sachsen-Anhalt vom 12. März 2026 heißt es außerdem: "
        "„Der Dorfladen muss an mindestens fünf Tagen in der Woche geöffnet sein.“"
    ) in answer.text


def test_a_free_quote_puts_its_call_in_context_for_the_follow_up(session):
    answer = answers.free_question_answer(
        session, "Warum ist eine unmittelbare Teilnahme der Landkreise nicht mehr vorgesehen?"
    )
    assert answer.context.calls == ["heimat-2-0-2020"] and answer.context.circular == "384/2020"


def test_a_follow_up_its_call_does_not_answer_gets_no_other_calls_sentence(dorfladen_session):
    session = dorfladen_session
    context = Context(calls=["heimat-2-0-2020"], asks=[Ask.DEADLINE])
    # The Dorfladen circular says how many days a week the shop must open; Heimat 2.0's do not.
    question = read_question([], "An wie vielen Tagen pro Woche muss geöffnet sein?", context=context)
    answer = answers.answer(session, question, TODAY)
    assert "Dorfladen" not in answer.text and "077/2026" not in answer.text
    assert answer.text.startswith("Zu dieser Frage ist für Heimat 2.0 (1. Aufruf 2020) in") and not answer.answered
    assert answer.context == context
    # Named by its topic, the other call's sentence is quoted, and that call is then at hand.
    named = read_question([], "An wie vielen Tagen pro Woche muss ein Dorfladen geöffnet sein?", context=context)
    quoted = answers.answer(session, named, TODAY)
    assert "mindestens fünf Tagen" in quoted.text and quoted.context.calls != ["heimat-2-0-2020"]
