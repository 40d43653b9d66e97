"""Review as staff do it, in Debian's Chromium: log in on the staff app, correct the deadline
ingestion extracted, approve the call; the running bot answers the corrected date at once, without
the "not yet reviewed" note and without retraining. Screenshots go to test-artifacts/."""

import pytest

from bot import wording
from tests.browser import chromium, screenshot
from tests.conftest import TODAY, fictitious_circular, loaded_database
from tests.servers import running_bot
from tests.staff import STAFF_PASSWORD, STAFF_USER, add_staff_user, staff_app

NAME = "Dorfplatz-Wettbewerb"
QUESTION = f"Bis wann muss man beim {NAME} die Skizze einreichen?"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    from bot.ingest.pipeline import ingest_file

    folder = tmp_path_factory.mktemp("review")
    url = loaded_database(f"sqlite:///{folder / 'kb.sqlite3'}")
    circular = folder / "rs-902-2026.txt"
    body = (
        "Das Land ruft Gemeinden auf, sich mit Ideen für ihren Dorfplatz zu bewerben. "
        "Projektskizzen sind bis zum 15.01.2027 beim Landesverwaltungsamt einzureichen. "
        "Antragsberechtigt sind Gemeinden."
    )
    circular.write_text(fictitious_circular("902/2026", "3. November 2026", NAME, body), encoding="utf-8")
    assert ingest_file(circular, url).number == "902/2026"
    add_staff_user(url)
    env = {"DATABASE_URL": url, "FOERDERBOT_TODAY": TODAY.isoformat()}
    with running_bot(folder / "bot", env) as bot, staff_app(url, folder) as staff:
        yield bot, staff


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _answer(bot, sender: str) -> str:
    return "\n".join(r.get("text", "") for r in bot.ask(sender, QUESTION))


@pytest.mark.e2e
def test_staff_correct_and_approve_and_the_bot_answers_the_corrected_date(servers, browser):
    bot, staff = servers
    before = _answer(bot, "review-before")
    assert "15. Januar 2027" in before and wording.EXTRACTED_NOTE in before

    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{staff}/pruefung")
    page.get_by_role("link", name=f"{NAME} (Aufruf 2026)").click()
    page.get_by_role("link", name="anmelden", exact=True).click()  # the page asks to log in before changes
    page.get_by_label("Benutzername").fill(STAFF_USER)
    page.get_by_label("Passwort").fill(STAFF_PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    page.get_by_role("heading", name=f"{NAME} (Aufruf 2026)").wait_for()  # back on the call's page

    page.get_by_text("Frist 1 bearbeiten").click()
    page.get_by_label("Datum", exact=True).first.fill("2027-01-29")
    page.get_by_role("button", name="Speichern").first.click()
    page.get_by_text("Die Frist ist gespeichert.").wait_for()
    screenshot(page, "staff-review-call.png", full_page=True)

    page.get_by_role("button", name="Geprüft – freigeben").click()
    page.get_by_text("Der Förderaufruf ist geprüft und freigegeben.").wait_for()
    assert "freigegeben von anna.test" in page.content()
    context.close()

    after = _answer(bot, "review-after")
    assert "29. Januar 2027" in after and "15. Januar" not in after
    assert wording.EXTRACTED_NOTE not in after
