"""The office's FAQ (bot/faq.py): entries checked and kept, questions matched by the meaning of
their words, answered before the calls' sources where no call or circular is named, found by the
search, kept on the staff app; and, end to end, an entry added on the staff app answered by the
running bot in other words.

The labelled set below chose the matching threshold (bot/faq.py, MATCH_THRESHOLD): eight entries
as the office would write them, paraphrases of them (other words, typos, no umlauts, other word
forms), and questions that are no entry's, among them every user turn of the dev sets' dialogues.
"""

import time
from pathlib import Path
from typing import List

import pytest
import requests
import yaml

from bot import answers, faq, search
from bot.asks import Ask
from bot.models import FaqEntry
from bot.question import Context, read_question
from bot.resolve import resolve
from tests.conftest import TODAY, loaded_database, named_call
from tests.servers import ROOT, running_bot
from tests.staff import STAFF_USER, add_staff_user, csrf_of, logged_in, staff_app

SOURCE = "Geschäftsstelle, Stand November 2026"
# Written as staff would write them; no real phone numbers or e-mail addresses.
ENTRIES = [
    {
        "question": "Wie erhalte ich Zugang zum Mitgliederbereich des Landkreistages?",
        "variants": "Wie bekomme ich Zugangsdaten für das Extranet?\n"
        "Wo kann ich mich für den internen Bereich der Website registrieren?",
        "answer": "Zugangsdaten für den Mitgliederbereich erhalten Beschäftigte der Landkreisverwaltungen über das "
        "Hauptamt ihres Landkreises: Es meldet neue Nutzerinnen und Nutzer formlos bei der Geschäftsstelle an. "
        "Die Freischaltung dauert in der Regel wenige Arbeitstage.",
    },
    {
        "question": "An wen wende ich mich mit Fragen zu einem Rundschreiben?",
        "variants": "Wer ist für Rückfragen zu Rundschreiben zuständig?",
        "answer": "Jedes Rundschreiben nennt am Ende das zuständige Referat der Geschäftsstelle und die Person, die "
        "es bearbeitet. Bitte wenden Sie sich an diese Person; ist sie nicht erreichbar, hilft das Sekretariat "
        "der Geschäftsstelle weiter.",
    },
    {
        "question": "Wie leitet der Landkreistag Förderaufrufe an die Landkreise weiter?",
        "variants": "Wie erfahren die Landkreise von neuen Förderaufrufen über den Landkreistag?\n"
        "Schickt uns der Landkreistag Förderaufrufe zu?",
        "answer": "Die Geschäftsstelle wertet Förderaufrufe von EU, Bund und Land aus und leitet die für die "
        "Landkreise wichtigen per Rundschreiben an die Hauptverwaltungen weiter, in der Regel mit einer kurzen "
        "Einschätzung, für wen der Aufruf in Frage kommt.",
    },
    {
        "question": "Was ist ein Rundschreiben des Landkreistages?",
        "variants": "Was versteht man unter einem Rundschreiben?",
        "answer": "Rundschreiben sind die schriftlichen Mitteilungen der Geschäftsstelle an die Mitgliedslandkreise. "
        "Sie informieren über Gesetzgebung, Förderprogramme und Termine und tragen eine laufende Nummer mit "
        "Jahreszahl (z. B. 384/2020).",
    },
    {
        "question": "Wie oft verschickt der Landkreistag Rundschreiben?",
        "variants": "In welchem Rhythmus erscheinen die Rundschreiben?",
        "answer": "Rundschreiben erscheinen nach Bedarf, meist mehrmals in der Woche. "
        "Einen festen Versandtag gibt es nicht.",
    },
    {
        "question": "Wie werde ich in den Verteiler für Rundschreiben aufgenommen?",
        "variants": "Wie kann ich Rundschreiben per E-Mail abonnieren?\nWer bekommt die Rundschreiben?",
        "answer": "Rundschreiben gehen an die Hauptverwaltungen der Landkreise, die sie intern weiterverteilen. "
        "Wer sie persönlich erhalten möchte, wendet sich an das Hauptamt des eigenen Landkreises; es teilt der "
        "Geschäftsstelle die Empfänger mit.",
    },
    {
        "question": "Hilft die Geschäftsstelle beim Ausfüllen von Förderanträgen?",
        "variants": "Unterstützt uns der Landkreistag bei der Antragstellung?",
        "answer": "Die Geschäftsstelle berät die Landkreise zu Fördermöglichkeiten, stellt aber keine Anträge für "
        "sie und prüft keine Antragsunterlagen. Für Fragen zum Antrag ist die Bewilligungsstelle zuständig, die der "
        "jeweilige Förderaufruf nennt.",
    },
    {
        "question": "Wie funktioniert die Förderung aus den EU-Strukturfonds in Sachsen-Anhalt?",
        "variants": "Wie läuft die EFRE-Förderung ab?\nWas sind EFRE und ESF Plus?",
        "answer": "Die EU-Strukturfonds (EFRE und ESF Plus) setzt das Land Sachsen-Anhalt über eigene "
        "Förderrichtlinien um; die einzelnen Aufrufe veröffentlichen die zuständigen Ministerien und "
        "Bewilligungsstellen. Die Geschäftsstelle informiert per Rundschreiben über Aufrufe, die die "
        "Landkreise betreffen.",
    },
]
# (question, index of the entry it asks for). The design and threshold were chosen on these.
PARAPHRASES = [
    ("Wie komme ich an Zugangsdaten für den Mitgliederbereich?", 0),
    ("zugang mitgliederbereich landkreistag", 0),
    ("wie bekomm ich einen zugang zum mitgliedsbereich", 0),
    ("Wie erhalte ich Zugnag zum Mitgliderbereich?", 0),
    ("Ich brauche Zugangsdaten fürs Extranet", 0),
    ("Wo registriere ich mich für den internen Bereich?", 0),
    ("Wen kann ich bei Fragen zu einem Rundschreiben ansprechen?", 1),
    ("wer ist zustaendig fuer rueckfragen zu den rundschreiben", 1),
    ("An wen wende ich mich, wenn ich zu einem Rundschreiben eine Frage habe?", 1),
    ("Leitet der Landkreistag Förderaufrufe weiter?", 2),
    ("Wie erfahren wir als Landkreis von neuen Förderaufrufen?", 2),
    ("schickt der landkreistag uns foerderaufrufe", 2),
    ("Was genau ist eigentlich ein Rundschreiben?", 3),
    ("Was sind Rundschreiben?", 3),
    ("was versteht man unter rundschreiben", 3),
    ("Wie häufig verschickt der Landkreistag seine Rundschreiben?", 4),
    ("wie oft kommen rundschreiben raus", 4),
    ("In welchem Rhythmus erscheint ein Rundschreiben?", 4),
    ("Wie kommen wir in den Verteiler der Rundschreiben?", 5),
    ("Kann ich die Rundschreiben abonnieren?", 5),
    ("Wer erhält die Rundschreiben des Landkreistages?", 5),
    ("Hilft uns die Geschäftsstelle beim Förderantrag?", 6),
    ("unterstuetzt der landkreistag bei der antragstellung", 6),
    ("Füllt die Geschäftsstelle Förderanträge für uns aus?", 6),
    ("Wie funktioniert die EFRE-Förderung?", 7),
    ("Wie läuft die Förderung aus EU-Strukturfonds ab?", 7),
    ("was ist der esf plus", 7),
]
# Written after the design, before they were first scored (10 of 16 matched then; separable verbs,
# participles and "Geschäftsstelle" for "Landkreistag" were read as one word after that).
BLIND_PARAPHRASES = [
    ("Wie bekomme ich einen Zugang für den Mitgliederbereich?", 0),
    ("Zugangsdaten Extranet beantragen", 0),
    ("wer hilft bei fragen zu rundschreiben", 1),
    ("Wer ist zuständig, wenn ich eine Rückfrage zu einem Rundschreiben habe?", 1),
    ("Bekommen wir Förderaufrufe vom Landkreistag weitergeleitet?", 2),
    ("Wie erfahren Landkreise von neuen Förderaufrufen?", 2),
    ("Was ist eigentlich ein Rundschreiben vom Landkreistag?", 3),
    ("Was versteht man unter Rundschreiben des Landkreistages?", 3),
    ("Wie oft gibt es neue Rundschreiben?", 4),
    ("wie haeufig verschickt ihr rundschreiben", 4),
    ("Wie werden wir in den Rundschreiben-Verteiler aufgenommen?", 5),
    ("Rundschreiben abonnieren", 5),
    ("Unterstützt die Geschäftsstelle uns bei der Antragstellung?", 6),
    ("Hilft mir der Landkreistag beim Förderantrag?", 6),
    ("Wie funktioniert die Förderung über EU-Strukturfonds?", 7),
    ("was ist efre", 7),
]
# Questions that are no entry's: about calls and circulars, small talk, off topic.
NOT_FAQ = [
    "Bis wann läuft die Frist bei Heimat 2.0?",
    "Darf ein Landkreis bei WiFi4EU mitmachen?",
    "Was steht im Rundschreiben 384/2020?",
    "Welche Förderaufrufe sind gerade offen?",
    "Gibt es neue Förderaufrufe?",
    "Welche Fristen stehen als nächstes an?",
    "Zeig mir Rundschreiben zu Digitalisierung",
    "Welche Rundschreiben gibt es zu Heimat 2.0?",
    "Wer ist der Ansprechpartner?",
    "Wie stellt man den Antrag?",
    "Wie beantrage ich Fördermittel?",
    "Wie hoch ist die Förderquote?",
    "Ich möchte mit einem Menschen sprechen",
    "Bist du ein Mensch oder ein Bot?",
    "Wer wird Deutscher Meister im Fußball?",
    "Wie wird das Wetter morgen?",
    "Was kannst du?",
    "Worauf bezieht sich das Rundschreiben?",
    "Gab es eine zweite Runde?",
    "Wie oft gab es den Aufruf?",
    "Wer darf mitmachen?",
    "Wie viel Geld gibt es?",
    "Wer fördert das?",
    "Wann wurde das Rundschreiben verschickt?",
    # Written with the blind paraphrases.
    "Wie viel Geld gibt es bei Heimat 2.0?",
    "Wer ist Ansprechpartner für Smarte LandRegionen?",
    "Gibt es Förderung für Feuerwehrhäuser?",
    "Welche Rundschreiben gab es 2023?",
    "Bis wann muss der Antrag gestellt werden?",
    "Wer darf bei EFRE-Aufrufen Anträge stellen?",
    "Was wird gefördert?",
    "Wie hoch ist der Eigenanteil?",
    "Guten Morgen",
    "Wann läuft die Frist ab?",
    "Welche Unterlagen brauche ich für den Antrag?",
    "Wer bekommt das Geld?",
    "Gibt es eine Hotline?",
    "Wie lange dauert die Bewilligung?",
    # Generic questions found by probing the finished matcher: each shares a word or two with an entry.
    "Wie läuft die Förderung ab?",
    "Wie läuft das Verfahren ab?",
    "Wie bekomme ich Zugang zu Fördermitteln?",
    "Wo finde ich die Rundschreiben?",
    "Welche Rundschreiben kommen im Januar an?",
    "Wer hilft mir beim Antrag?",
    "Gibt es EFRE-Mittel für Radwege?",
    "Wie oft gibt es Förderaufrufe?",
]


def dev_turns() -> List[tuple]:
    """(user turn, whether a conversation about a call is under way) of every dialogue of the dev
    sets (not the held-out set, which is never tuned on)."""
    turns = []
    for path in sorted((ROOT / "eval").glob("dev*/dialogues.yml")):
        for dialogue in yaml.safe_load(path.read_text(encoding="utf-8"))["dialogues"]:
            texts_ = [t["user"] for t in dialogue["turns"] if not t["user"].startswith("/")]
            turns += [(text, index > 0) for index, text in enumerate(texts_)]
    return turns


def add(session, index: int) -> FaqEntry:
    return faq.add_entry(session, updated_by="test", source=SOURCE, **ENTRIES[index])


@pytest.fixture
def entries(session) -> List[FaqEntry]:
    """The eight entries in the shared test database, removed again after the test (rollback)."""
    return [add(session, i) for i in range(len(ENTRIES))]


def matched(session, text: str):
    found = faq.best_match(session, text)
    return found[0] if found else None


def ask(session, text, *asks, **kwargs):
    return answers.answer(session, read_question(list(asks), text, **kwargs), TODAY)


def texts(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


# --- keeping entries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, message",
    [
        ("question", "Bitte geben Sie die Frage ein."),
        ("answer", "Bitte geben Sie die Antwort ein."),
        ("source", "Bitte geben Sie die Quelle der Antwort an"),
    ],
)
def test_question_answer_and_source_are_required(session, field, message):
    values = {"question": "Wie oft erscheinen Rundschreiben?", "answer": "Nach Bedarf.", "source": SOURCE}
    values[field] = "  \n "
    with pytest.raises(faq.FaqError, match=message):
        faq.add_entry(session, updated_by="test", **values)


@pytest.mark.parametrize(
    "field, length, message",
    [
        ("question", faq.QUESTION_LIMIT + 1, "Die Frage ist zu lang"),
        ("answer", faq.ANSWER_LIMIT + 1, "Die Antwort ist zu lang"),
        ("source", faq.SOURCE_LIMIT + 1, "Die Quelle ist zu lang"),
        ("variants", faq.VARIANT_LIMIT + 1, "höchstens 300 Zeichen"),
    ],
)
def test_overlong_fields_are_refused(session, field, length, message):
    values = {
        "question": "Wie oft erscheinen Rundschreiben?",
        "answer": "Nach Bedarf.",
        "source": SOURCE,
        "variants": "",
    }
    values[field] = "Rundschreiben " * (length // 14 + 1)
    with pytest.raises(faq.FaqError, match=message):
        faq.add_entry(session, updated_by="test", **values)


def test_too_many_variants_and_a_question_of_question_words_only_are_refused(session):
    many = "\n".join(f"Rundschreiben {i}" for i in range(faq.VARIANTS_LIMIT + 1))
    with pytest.raises(faq.FaqError, match="höchstens 20 andere Formulierungen"):
        faq.add_entry(session, question="Rundschreiben?", answer="a", source="b", updated_by="test", variants=many)
    with pytest.raises(faq.FaqError, match="keine Wörter, an denen man sie erkennen"):
        faq.add_entry(session, question="Wie kann man das?", answer="a", source="b", updated_by="test")


def test_fields_are_trimmed_and_blank_variant_lines_dropped(session):
    entry = faq.add_entry(
        session,
        question="  Wie oft   erscheinen Rundschreiben? ",
        variants="\n  Wie häufig kommen  Rundschreiben? \n\n",
        answer="\n Nach Bedarf.\n",
        source=" Geschäftsstelle ",
        updated_by="anna.test",
    )
    assert (entry.question, entry.variants, entry.answer, entry.source) == (
        "Wie oft erscheinen Rundschreiben?",
        "Wie häufig kommen Rundschreiben?",
        "Nach Bedarf.",
        "Geschäftsstelle",
    )
    assert faq.wordings(entry) == ["Wie oft erscheinen Rundschreiben?", "Wie häufig kommen Rundschreiben?"]
    assert entry.updated_by == "anna.test" and entry.updated_at is not None


def test_update_list_and_delete(session):
    first, second = add(session, 4), add(session, 0)
    assert [e.id for e in faq.list_entries(session)] == [second.id, first.id]  # alphabetically by question
    before = first.updated_at
    faq.update_entry(
        session,
        first.id,
        question="Wie oft kommen Rundschreiben?",
        answer="Mehrmals pro Woche.",
        source=SOURCE,
        updated_by="ben.test",
    )
    updated = faq.get_entry(session, first.id)
    assert (updated.question, updated.answer, updated.updated_by) == (
        "Wie oft kommen Rundschreiben?",
        "Mehrmals pro Woche.",
        "ben.test",
    )
    assert updated.updated_at >= before
    faq.delete_entry(session, first.id)
    assert faq.get_entry(session, first.id) is None
    with pytest.raises(faq.FaqError, match=f"Einen FAQ-Eintrag Nr. {first.id} gibt es nicht"):
        faq.delete_entry(session, first.id)
    with pytest.raises(faq.FaqError, match="gibt es nicht"):
        faq.update_entry(session, first.id, question="x Rundschreiben", answer="y", source="z", updated_by="t")


def test_the_answer_names_its_source():
    entry = FaqEntry(answer="Nach Bedarf. ", source=SOURCE)
    assert faq.answer_text(entry) == f"Nach Bedarf.\nQuelle: {SOURCE}"


# --- matching -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, index",
    [
        ("Wie erhalte ich Zugnag zum Mitgliderbereich?", 0),  # typos
        ("wer ist zustaendig fuer rueckfragen zu den rundschreiben", 1),  # without umlauts
        ("unterstuetzt der landkreistag bei der antragstellung", 6),
        ("Wie erfahren wir als Landkreis von neuen Förderaufrufen?", 2),  # other word forms
        ("Wie häufig verschickt der Landkreistag seine Rundschreiben?", 4),  # a synonym
        ("Bekommen wir Förderaufrufe vom Landkreistag weitergeleitet?", 2),  # participle of "weiterleiten"
        ("Wie läuft denn beim EFRE die Förderung ab?", 7),  # separable verb: "ablaufen"
        ("Wer bekommt die Rundschreiben?", 5),  # a variant as written
    ],
)
def test_paraphrases_typos_and_word_forms_match_their_entry(session, entries, text, index):
    assert matched(session, text) is entries[index]


def test_labelled_paraphrases_match_their_entry_and_never_another(session, entries):
    right, wrong = [], []
    for text, index in PARAPHRASES + BLIND_PARAPHRASES:
        entry = matched(session, text)
        if entry is not None:
            (right if entry is entries[index] else wrong).append(text)
    assert wrong == []
    # 25 of 27 and 13 of 16 when the threshold was chosen.
    assert len(right) >= 38, sorted({t for t, _ in PARAPHRASES + BLIND_PARAPHRASES} - set(right))


@pytest.mark.parametrize("text", NOT_FAQ)
def test_questions_about_calls_small_talk_and_others_match_no_entry(session, entries, text):
    assert faq.best_match(session, text) is None


def test_no_user_turn_of_the_dev_dialogues_is_answered_from_the_faq(session, entries):
    turns = dev_turns()
    assert len(turns) > 500
    stolen = [text for text, in_conversation in turns if faq.answering_entry(session, text, in_conversation)]
    assert stolen == []


def test_a_follow_up_in_a_conversation_needs_a_closer_match(session, entries):
    text = "wie oft kommen rundschreiben raus"
    score = dict(faq.scored_entries(session, text))[entries[4].id]
    assert faq.MATCH_THRESHOLD <= score < faq.IN_CONVERSATION_THRESHOLD
    assert faq.answering_entry(session, text) is entries[4]
    assert faq.answering_entry(session, text, in_conversation=True) is None
    assert faq.answering_entry(session, "Wie häufig verschickt ihr Rundschreiben?", in_conversation=True) is entries[4]


def test_an_entry_is_matched_as_soon_as_it_is_saved_changed_or_deleted(session):
    assert faq.best_match(session, "Wie bekomme ich Zugang zum Mitgliederbereich?") is None
    entry = add(session, 0)
    assert matched(session, "Wie bekomme ich Zugang zum Mitgliederbereich?") is entry
    faq.update_entry(
        session,
        entry.id,
        question="Wie melde ich einen Landkreis zum Fachausschuss an?",
        answer="Formlos.",
        source=SOURCE,
        updated_by="test",
    )
    assert faq.best_match(session, "Wie bekomme ich Zugang zum Mitgliederbereich?") is None
    assert matched(session, "Anmeldung zum Fachausschuss") is entry
    faq.delete_entry(session, entry.id)
    assert faq.best_match(session, "Anmeldung zum Fachausschuss") is None


def test_matching_a_hundred_entries_takes_less_than_20_ms(session):
    for i in range(100):
        values = dict(ENTRIES[i % len(ENTRIES)])
        values["question"] = f"{values['question']} (Fall {i}, Ausschuss {i % 7}, Termin {i % 11})"
        faq.add_entry(session, updated_by="test", source=SOURCE, **values)
    questions = ["Wie bekomme ich Zugang zum Mitgliederbereich?", "Bis wann läuft die Frist bei Heimat 2.0?"]
    faq.best_match(session, questions[0])  # prepares the entries once, as the first question after a change does
    start = time.perf_counter()
    for text in questions * 10:
        faq.best_match(session, text)
    assert (time.perf_counter() - start) / 20 < 0.020


# --- answering ------------------------------------------------------------------------------------


def test_a_question_the_nlu_did_not_recognise_is_answered_from_the_faq_with_its_source(session, entries):
    answer = ask(session, "wie bekomm ich einen zugang zum mitgliedsbereich", fallback=True)
    assert answer.text == f"{ENTRIES[0]['answer']}\nQuelle: {SOURCE}"
    assert answer.answered and answer.context is None  # the conversation's context stays as it was


def test_whatever_the_nlu_took_it_for(session, entries):
    # "wie oft" reads like a question about a program's rounds, "zuständig" like one about a call's contact.
    assert ask(session, "Wie häufig verschickt der Landkreistag seine Rundschreiben?", Ask.ROUNDS).text.startswith(
        ENTRIES[4]["answer"]
    )
    answer = ask(session, "wer ist zustaendig fuer rueckfragen zu den rundschreiben", Ask.CONTACT)
    assert answer.text.startswith(ENTRIES[1]["answer"])
    # In a conversation about a call, a question plainly for the FAQ is still its.
    context = Context(calls=["heimat-2-0-2020"], asks=[Ask.DEADLINE])
    answer = ask(session, "Wie erhalte ich Zugnag zum Mitgliderbereich?", Ask.PROCEDURE, context=context)
    assert answer.text.startswith(ENTRIES[0]["answer"])


@pytest.mark.parametrize(
    "text, asks, kwargs",
    [
        ("Bis wann läuft die Frist bei Heimat 2.0?", [Ask.DEADLINE], {}),
        ("Darf ein Landkreis bei WiFi4EU mitmachen?", [Ask.ELIGIBILITY], {}),
        ("Was steht im Rundschreiben 384/2020?", [Ask.CIRCULAR], {}),
        ("Welche Förderaufrufe sind gerade offen?", [Ask.OPEN_CALLS], {}),
        ("Zeig mir Rundschreiben zu Digitalisierung", [Ask.CIRCULARS], {}),
        ("Wer ist der Ansprechpartner?", [Ask.CONTACT], {"context": Context(calls=["smarte-landregionen"])}),
        ("Von wann ist das Rundschreiben?", [], {"context": Context(circular="384/2020"), "fallback": True}),
    ],
)
def test_call_and_circular_questions_are_answered_as_before(session, text, asks, kwargs):
    before = ask(session, text, *asks, **kwargs)
    for index in range(len(ENTRIES)):
        add(session, index)
    after = ask(session, text, *asks, **kwargs)
    assert (after.text if after else None) == (before.text if before else None)


def test_a_question_naming_a_call_is_answered_from_its_sources_even_where_an_entry_matches(session):
    faq.add_entry(
        session,
        question="Wie funktioniert Heimat 2.0 mit seinen Aufrufen?",
        answer="Heimat 2.0 ist ein Bundesprogramm mit mehreren Aufrufen (Testeintrag).",
        source=SOURCE,
        updated_by="test",
    )
    assert matched(session, "Wie funktioniert bei Heimat 2.0 die Bewerbung?") is not None
    for asks in ([Ask.PROCEDURE], []):
        answer = ask(session, "Wie funktioniert bei Heimat 2.0 die Bewerbung?", *asks, fallback=not asks)
        assert "Testeintrag" not in answer.text and "Heimat 2.0" in answer.text


def test_a_call_found_only_by_a_word_the_entry_has_too_does_not_keep_the_entry_from_answering(session, entries):
    # "Mitgliederbereich" holds "Bereich", a distinctive word of this call's name.
    session.add(named_call("sanierung-test", "Sanierung kommunaler Einrichtungen in den Bereichen Sport und Kultur"))
    session.flush()
    question = read_question([], "Wie komme ich an Zugangsdaten für den Mitgliederbereich?", fallback=True)
    assert [c.slug for c in resolve(session, question).calls] == ["sanierung-test"]
    assert answers.answer(session, question, TODAY).text.startswith(ENTRIES[0]["answer"])


# --- search -----------------------------------------------------------------------------------------


def test_entries_are_found_by_the_search_first_with_their_page(session, entries):
    hits = search.search(session, "Mitgliederbereich Zugang")
    assert hits and hits[0].kind == "faq" and hits[0].key == str(entries[0].id)
    assert hits[0].url == f"/faq/{entries[0].id}" and hits[0].label == "FAQ der Geschäftsstelle"
    assert hits[0].title == ENTRIES[0]["question"]
    assert "<mark>Mitgliederbereich</mark>" in hits[0].snippet_html
    assert hits[0].as_dict()["url"] == f"/faq/{entries[0].id}"
    # Stemmed prefixes as in the index: "Rundschreiben" finds "Rundschreiben-Verteiler"; all words must be held.
    assert [h.key for h in search.search(session, "Verteiler Rundschreiben") if h.kind == "faq"] == [str(entries[5].id)]
    assert not [h for h in search.search(session, "Verteiler Heimat") if h.kind == "faq"]


def test_faq_hits_leave_the_circulars_and_calls_their_places(session, entries):
    hits = search.search(session, "Rundschreiben", limit=10)
    kinds = [h.kind for h in hits]
    assert kinds[: search.FAQ_HITS] == ["faq"] * search.FAQ_HITS and "faq" not in kinds[search.FAQ_HITS :]
    assert {"014/2020", "384/2020"} <= {h.key for h in hits if h.kind == "circular"}
    assert len(search.search(session, "Rundschreiben", limit=2)) == 2
    assert "384/2020" in [h.key for h in search.search(session, "Daseinsvorsorge")]
    # Filters are about calls: FAQ entries have no year, applicant or status.
    assert not [h for h in search.search(session, "Rundschreiben", year=2020) if h.kind == "faq"]
    assert not [h for h in search.search(session, "Rundschreiben", status="closed", today=TODAY) if h.kind == "faq"]


# --- staff pages ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staff_database(tmp_path_factory) -> str:
    url = loaded_database(f"sqlite:///{tmp_path_factory.mktemp('faq-staff') / 'staff.sqlite3'}")
    add_staff_user(url)
    return url


@pytest.fixture(scope="module")
def base(staff_database, tmp_path_factory):
    with staff_app(staff_database, tmp_path_factory.mktemp("faq-staff-logs")) as url:
        yield url


def form_of(entry: dict, token: str) -> dict:
    return dict(entry, source=SOURCE, csrf_token=token)


def test_anonymous_readers_see_the_list_but_cannot_change_it(base):
    assert requests.get(f"{base}/faq", timeout=10).status_code == 200
    opened = requests.get(f"{base}/faq/neu", allow_redirects=False, timeout=10)
    assert opened.status_code == 303 and opened.headers["location"].startswith("/anmelden?weiter=/faq/neu")
    refused = requests.post(f"{base}/faq/neu", data=form_of(ENTRIES[0], "x"), allow_redirects=False, timeout=10)
    assert refused.status_code == 403 and "nur angemeldeten" in refused.text
    assert requests.post(f"{base}/faq/1/loeschen", data={"csrf_token": "x"}, timeout=10).status_code == 403


def test_a_forged_form_is_refused(base, staff_database):
    client = logged_in(base)
    refused = client.post(f"{base}/faq/neu", data=form_of(ENTRIES[3], "forged"), allow_redirects=False, timeout=10)
    assert refused.status_code == 403 and "Formular" in refused.text
    missing = dict(form_of(ENTRIES[3], ""))
    del missing["csrf_token"]
    assert client.post(f"{base}/faq/neu", data=missing, timeout=10).status_code == 403
    from bot import db

    with db.session_scope(staff_database) as session:
        assert not [e for e in faq.list_entries(session) if e.question == ENTRIES[3]["question"]]


def test_staff_add_edit_and_delete_an_entry_through_the_forms(base, staff_database):
    from bot import db

    client = logged_in(base)
    token = csrf_of(client.get(f"{base}/faq/neu", timeout=10).text)
    # A form without source is shown again with the German message and what was typed.
    incomplete = client.post(f"{base}/faq/neu", data=dict(form_of(ENTRIES[4], token), source=""), timeout=10)
    assert incomplete.status_code == 400 and "Bitte geben Sie die Quelle der Antwort an" in incomplete.text
    assert "In welchem Rhythmus erscheinen die Rundschreiben?" in incomplete.text

    added = client.post(f"{base}/faq/neu", data=form_of(ENTRIES[4], token), allow_redirects=False, timeout=10)
    assert added.status_code == 303
    page = client.get(f"{base}{added.headers['location']}", timeout=10).text
    assert "Gespeichert" in page and "Einen festen Versandtag gibt es nicht." in page and SOURCE in page
    entry_id = int(added.headers["location"].split("/")[2].split("?")[0])
    with db.session_scope(staff_database) as session:
        entry = faq.get_entry(session, entry_id)
        assert entry.updated_by == STAFF_USER and entry.variants == ENTRIES[4]["variants"]

    # Readers find it on the list, by trying a question and in the search.
    listed = requests.get(f"{base}/faq", params={"frage": "wie haeufig kommen rundschreiben"}, timeout=10).text
    assert f'href="/faq/{entry_id}"' in listed and "beantwortet der Assistent mit dem Eintrag" in listed
    found = requests.get(f"{base}/api/search", params={"q": "Rhythmus Rundschreiben"}, timeout=10).json()
    assert found["results"][0]["kind"] == "faq" and found["results"][0]["key"] == str(entry_id)

    edited = client.post(
        f"{base}/faq/{entry_id}/bearbeiten",
        data=dict(form_of(ENTRIES[4], token), answer="Rundschreiben erscheinen nach Bedarf."),
        allow_redirects=False,
        timeout=10,
    )
    assert edited.status_code == 303
    assert "Rundschreiben erscheinen nach Bedarf." in client.get(f"{base}/faq/{entry_id}", timeout=10).text

    deleted = client.post(
        f"{base}/faq/{entry_id}/loeschen", data={"csrf_token": token}, allow_redirects=False, timeout=10
    )
    assert deleted.status_code == 303
    gone = requests.get(f"{base}/faq/{entry_id}", timeout=10)
    assert gone.status_code == 404 and f"Einen FAQ-Eintrag Nr. {entry_id} gibt es nicht" in gone.text


def test_entry_text_is_shown_escaped(base):
    client = logged_in(base)
    token = csrf_of(client.get(f"{base}/faq/neu", timeout=10).text)
    script = "<script>alert('faq')</script>"
    values = {"question": f"Wie melde ich mich zum Fachausschuss an? {script}", "answer": script, "source": SOURCE}
    added = client.post(f"{base}/faq/neu", data=dict(values, csrf_token=token), allow_redirects=False, timeout=10)
    page = client.get(f"{base}{added.headers['location']}", timeout=10).text
    assert script not in page and "&lt;script&gt;" in page


# --- end to end -------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_an_entry_added_on_the_staff_app_is_answered_by_the_running_bot_in_other_words(tmp_path: Path):
    url = loaded_database(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    add_staff_user(url)
    env = {"DATABASE_URL": url, "FOERDERBOT_TODAY": TODAY.isoformat()}
    with running_bot(tmp_path / "bot", env) as bot, staff_app(url, tmp_path) as base:
        question = "wie komme ich an zugangsdaten fuer den mitgliedsbereich"
        assert "Hauptamt ihres Landkreises" not in texts(bot.ask("faq-before", question))

        client = logged_in(base)
        token = csrf_of(client.get(f"{base}/faq/neu", timeout=10).text)
        added = client.post(f"{base}/faq/neu", data=form_of(ENTRIES[0], token), allow_redirects=False, timeout=10)
        assert added.status_code == 303

        # Asked in other words, lower case, without umlauts, right after saving: no retraining, no restart.
        assert texts(bot.ask("faq-after", question)) == f"{ENTRIES[0]['answer']}\nQuelle: {SOURCE}"
        assert "Hauptamt ihres Landkreises" in texts(
            bot.ask("faq-typo", "Wie erhalte ich Zugnag zum Mitgliderbereich?")
        )

        # An edit is answered at once too, by the action server's own process.
        entry_id = added.headers["location"].split("/")[2].split("?")[0]
        changed = dict(form_of(ENTRIES[0], token), answer="Bitte wenden Sie sich an das Hauptamt (Testantwort).")
        client.post(f"{base}/faq/{entry_id}/bearbeiten", data=changed, allow_redirects=False, timeout=10)
        assert texts(bot.ask("faq-edited", question)).startswith("Bitte wenden Sie sich an das Hauptamt (Testantwort).")

        # Questions about calls are still answered from their sources.
        answer = texts(bot.ask("faq-call", "Bis wann läuft die Frist bei Heimat 2.0?"))
        assert "Heimat 2.0" in answer and "Hauptamt" not in answer
