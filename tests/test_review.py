"""The office's review of extracted calls (bot/review.py, the call page of the staff app, `bot
review`): corrections are recorded with who, when, old and new value, approval drops the "not
yet reviewed" note at once, and ingesting the circular again never overwrites what staff did."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bot import answers, db, knowledge, review, wording
from bot.ingest.pipeline import ingest_file
from bot.models import CallChange, Deadline, FundingCall
from bot.question import read_question
from bot.states import CallStatus
from tests.conftest import TODAY, fictitious_circular, loaded_database
from tests.staff import STAFF_USER, add_staff_user, csrf_of, logged_in, staff_app

NAME = "Dorfladen-Offensive"
BODY = (
    "Das Ministerium ruft Gemeinden und Landkreise auf, Projektskizzen für Dorfläden einzureichen. "
    "Projektskizzen sind bis zum 15.01.2027 beim Ministerium einzureichen. "
    "Antragsberechtigt sind Gemeinden und Landkreise. "
    "Gefördert werden Vorhaben mit bis zu 200.000 Euro je Projekt."
)


def _ingest(folder: Path, url: str, body: str = BODY) -> None:
    path = folder / "rs-901-2026.txt"
    path.write_text(fictitious_circular("901/2026", "2. November 2026", NAME, body), encoding="utf-8")
    result = ingest_file(path, url)
    assert result.number == "901/2026", result.reason


@pytest.fixture
def url(tmp_path):
    url = loaded_database(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    _ingest(tmp_path, url)
    return url


def _call(session) -> FundingCall:
    return session.execute(select(FundingCall).where(FundingCall.name == NAME)).scalar_one()


def _ask(session, text: str) -> str:
    answer = answers.answer(session, read_question([], text), TODAY)
    assert answer is not None
    return answer.text


def test_extracted_call_awaits_review_with_its_records_and_their_sentences(url):
    with db.session_scope(url) as session:
        awaiting = [a for a in review.awaiting_review(session) if a.call.name == NAME]
        assert len(awaiting) == 1 and awaiting[0].circulars == ["901/2026"] and awaiting[0].records >= 2
        call = _call(session)
        assert [d.due_on for d in call.deadlines] == [date(2027, 1, 15)]
        assert "bis zum 15.01.2027" in call.deadlines[0].evidence


def test_a_correction_is_recorded_and_approval_answers_without_the_note(url):
    with db.session_scope(url) as session:
        before = _ask(session, f"Bis wann läuft die Frist bei der {NAME}?")
        assert "15. Januar 2027" in before and wording.EXTRACTED_NOTE in before
        call = _call(session)
        deadline = call.deadlines[0]
        review.save_deadline(session, call, STAFF_USER, deadline.id, 1, "projektskizze", date(2027, 1, 29))
        review.approve(session, call, STAFF_USER)
    with db.session_scope(url) as session:
        call = _call(session)
        assert call.status == CallStatus.REVIEWED and call.reviewed_by == STAFF_USER and call.reviewed_at
        changes = [(c.changed_by, c.field, c.old_value, c.new_value) for c in review.call_changes(call)]
        assert changes == [
            (STAFF_USER, "Status", "automatisch übernommen, ungeprüft", "geprüft und freigegeben"),
            (
                STAFF_USER,
                "Frist, Stufe 1",
                "Stufe 1, Projektskizze: 15. Januar 2027",
                "Stufe 1, Projektskizze: 29. Januar 2027",
            ),
        ]
        after = _ask(session, f"Bis wann läuft die Frist bei der {NAME}?")
        assert "29. Januar 2027" in after and "15. Januar" not in after
        assert wording.EXTRACTED_NOTE not in after
        assert "Rundschreiben Nr. 901/2026" in after  # the corrected record still cites its circular


@pytest.mark.parametrize("approve", [True, False])
def test_ingesting_a_changed_circular_again_keeps_what_staff_did(url, tmp_path, approve):
    with db.session_scope(url) as session:
        call = _call(session)
        review.save_eligibility(session, call, STAFF_USER, "zivilgesellschaft", "no", None)
        if approve:
            review.approve(session, call, STAFF_USER)
    _ingest(tmp_path, url, BODY + " Projektskizzen können auch bis zum 30.06.2027 nachgereicht werden.")
    with db.session_scope(url) as session:
        call = _call(session)
        assert [d.due_on for d in call.deadlines] == [date(2027, 1, 15)]
        assert knowledge.eligibility_for(call, "zivilgesellschaft").verdict == "no"
        assert call.status == (CallStatus.REVIEWED if approve else CallStatus.EXTRACTED)


def test_staff_add_and_remove_records_that_cite_the_call_s_circular(url):
    with db.session_scope(url) as session:
        call = _call(session)
        rate = "Die Förderquote beträgt 80 Prozent."
        fact = review.save_fact(session, call, STAFF_USER, None, "rate", rate, None, 80)
        assert [s.circular_number for s in fact.sources] == ["901/2026"]
        review.approve(session, call, STAFF_USER)  # until then, answers quote the circular itself
        answer = _ask(session, f"Wie hoch ist die Förderquote bei der {NAME}?")
        assert "80 Prozent" in answer
        review.remove_fact(session, call, STAFF_USER, fact.id)
        assert fact not in call.facts
        removed = review.call_changes(call)[0]
        assert removed.field == "Förderquote" and removed.new_value is None and "80 Prozent" in removed.old_value


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s, c: review.save_deadline(s, c, "x", None, None, "abgabe", date(2027, 1, 1)), "Art der Frist"),
        (lambda s, c: review.save_deadline(s, c, "x", None, None, "antrag", None), "Datum"),
        (lambda s, c: review.parse_day("31.02.2027", "Das Datum"), "kein gültiges Datum"),
        (lambda s, c: review.parse_whole_number("zwölf", "Der Höchstbetrag"), "ganze Zahl"),
        (lambda s, c: review.save_fact(s, c, "x", None, "rate", "Quote", None, 120), "zwischen 1 und 100"),
        (lambda s, c: review.save_fact(s, c, "x", None, "rate", "   ", None, None), "Text der Angabe"),
        (lambda s, c: review.save_eligibility(s, c, "x", "gemeinde", "conditional", ""), "Bedingung"),
        (lambda s, c: review.save_eligibility(s, c, "x", "astronaut", "yes", ""), "Antragsteller"),
        (lambda s, c: review.save_call_fields(s, c, "x", "", "Programm", ""), "Namen"),
    ],
)
def test_values_that_cannot_be_saved_get_a_german_reason(url, change, message):
    with db.session_scope(url) as session:
        call = _call(session)
        with pytest.raises(review.ReviewError, match=message):
            change(session, call)
        session.rollback()


def test_a_form_cannot_reach_another_call_s_record(url):
    with db.session_scope(url) as session:
        call = _call(session)
        other = session.execute(select(Deadline).where(Deadline.call_id != call.id)).scalars().first()
        with pytest.raises(review.ReviewError, match="gibt es nicht"):
            review.save_deadline(session, call, "x", other.id, 1, "antrag", date(2027, 1, 1))
        session.rollback()


def test_bot_review_lists_the_calls_awaiting_review_without_loading_spacy(url):
    listed = subprocess.run(
        [sys.executable, "-c", "import sys, bot.cli; bot.cli.main(sys.argv[1:]); print(sorted(m for m in "
         "('spacy', 'tensorflow', 'rasa', 'alembic') if m in sys.modules))", "--database-url", url, "review"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert "warten auf Prüfung" in listed.stdout
    assert "Dorfladen-Offensive (Aufruf 2026) (Rundschreiben 901/2026;" in listed.stdout
    assert listed.stdout.strip().endswith("[]")


# --- the staff app -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff")
    url = loaded_database(f"sqlite:///{folder / 'kb.sqlite3'}")
    _ingest(folder, url)
    add_staff_user(url)
    with staff_app(url, folder) as base:
        with db.session_scope(url) as session:
            slug = _call(session).slug
        yield base, url, slug


def test_anyone_may_read_a_call_s_page_with_its_sources_and_marked_sentences(app):
    base, _, slug = app
    page = requests.get(f"{base}/aufrufe/{slug}", timeout=10)
    assert page.status_code == 200
    assert "automatisch übernommen, ungeprüft" in page.text
    assert "15. Januar 2027" in page.text and "Rundschreiben Nr. 901/2026" in page.text
    assert '<mark id="s' in page.text and "Fundstelle im Text" in page.text
    assert "<form" not in page.text.split("<main", 1)[1]  # no forms without a login
    awaiting = requests.get(f"{base}/pruefung", timeout=10).text
    assert f'href="/aufrufe/{slug}"' in awaiting


def test_changes_are_refused_without_login_or_with_a_forged_form(app):
    base, url, slug = app
    anonymous = requests.post(f"{base}/aufrufe/{slug}/freigeben", data={"csrf_token": "x"}, timeout=10)
    assert anonymous.status_code == 403 and "nur angemeldeten" in anonymous.text
    client = logged_in(base)
    forged = client.post(f"{base}/aufrufe/{slug}/freigeben", data={"csrf_token": "forged"}, timeout=10)
    assert forged.status_code == 403 and "Formular" in forged.text
    no_token = client.post(f"{base}/aufrufe/{slug}/freigeben", timeout=10)
    assert no_token.status_code == 403
    with db.session_scope(url) as session:
        assert _call(session).status == CallStatus.EXTRACTED


def test_login_is_refused_with_a_wrong_password_or_without_the_form_s_token(app):
    base, _, _ = app
    client = requests.Session()
    form = client.get(f"{base}/anmelden", timeout=10)
    token = form.text.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    cookie = form.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    wrong = client.post(
        f"{base}/anmelden", data={"form_token": token, "username": STAFF_USER, "password": "falsch"}, timeout=10
    )
    assert wrong.status_code == 401 and "falsch" in wrong.text
    cross_site = requests.post(
        f"{base}/anmelden", data={"form_token": token, "username": STAFF_USER, "password": "x"}, timeout=10
    )
    assert cross_site.status_code == 403
    away = logged_in(base).get(f"{base}/anmelden?weiter=//example.org", timeout=10).text
    assert 'name="weiter" value="/"' in away


def test_staff_correct_a_deadline_and_see_the_change_recorded(app):
    base, url, slug = app
    client = logged_in(base)
    page = client.get(f"{base}/aufrufe/{slug}", timeout=10).text
    with db.session_scope(url) as session:
        deadline_id = _call(session).deadlines[0].id
    bad = client.post(
        f"{base}/aufrufe/{slug}/fristen",
        data={"csrf_token": csrf_of(page), "id": deadline_id, "stage": "1", "kind": "projektskizze", "due_on": "x"},
        timeout=10,
    )
    assert bad.status_code == 400 and "kein gültiges Datum" in bad.text
    saved = client.post(
        f"{base}/aufrufe/{slug}/fristen",
        data={
            "csrf_token": csrf_of(page),
            "id": deadline_id,
            "stage": "1",
            "kind": "projektskizze",
            "due_on": "2027-02-12",
            "action": "save",
        },
        timeout=10,
    )
    assert saved.status_code == 200 and "Die Frist ist gespeichert." in saved.text
    assert "12. Februar 2027" in saved.text
    assert f"<td>{STAFF_USER}</td><td>Frist, Stufe 1</td>" in saved.text
    with db.session_scope(url) as session:
        change = session.execute(select(CallChange).order_by(CallChange.id.desc())).scalars().first()
        assert (change.changed_by, change.new_value) == (STAFF_USER, "Stufe 1, Projektskizze: 12. Februar 2027")


def test_logging_out_ends_the_login(app):
    base, _, slug = app
    client = logged_in(base)
    page = client.get(f"{base}/aufrufe/{slug}", timeout=10).text
    client.post(f"{base}/abmelden", data={"csrf_token": csrf_of(page)}, timeout=10)
    again = client.post(f"{base}/aufrufe/{slug}/freigeben", data={"csrf_token": csrf_of(page)}, timeout=10)
    assert again.status_code == 403


def test_an_unknown_call_gets_a_german_not_found_page(app):
    base, _, _ = app
    missing = requests.get(f"{base}/aufrufe/gibt-es-nicht", timeout=10)
    assert missing.status_code == 404 and "gibt es hier nicht" in missing.text


def test_loading_the_knowledge_files_again_keeps_a_curated_call_staff_changed(tmp_path):
    from bot.config import KNOWLEDGE_DIR
    from bot.loader import load_knowledge

    url = loaded_database(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    with db.session_scope(url) as session:
        call = knowledge.get_call(session, "heimat-2-0-2020")
        review.save_fact(session, call, STAFF_USER, None, "contact", "Auskunft gibt das Referat 42.")
    with db.session_scope(url) as session:
        report = load_knowledge(session, KNOWLEDGE_DIR)
        assert report.kept == ["heimat-2-0-2020"] and report.calls == 7
    with db.session_scope(url) as session:
        facts = knowledge.facts(knowledge.get_call(session, "heimat-2-0-2020"), "contact")
        assert [f.text for f in facts] == ["Auskunft gibt das Referat 42."]
