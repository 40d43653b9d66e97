"""👍/👎 under the widget's answers, in Debian's Chromium (Playwright) against both servers: a
thumbs-down puts the question on the staff page /unbeantwortet, a thumbs-up stores nothing.

Needs `make widget`, `make browser` and the trained model, as tests/test_widget.py does.
"""

import pytest

from tests.browser import chromium, demo_page
from tests.conftest import TODAY, loaded_database
from tests.servers import running_bot
from tests.staff import STAFF_PASSWORD, STAFF_USER, add_staff_user, staff_app
from tests.test_widget import LAUNCHER, _ask, _open_page, _screenshot, _wait_for_bot_message

pytestmark = pytest.mark.e2e

RATING = "Ihre Rückmeldung zur Antwort"
UP, DOWN = "Antwort war hilfreich", "Antwort war nicht hilfreich"
DISLIKED = "Bis wann läuft die Frist bei Smarte LandRegionen?"
LIKED = "Worum geht es im RS 014/2020?"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    url = loaded_database(f"sqlite:///{tmp_path_factory.mktemp('feedback') / 'kb.sqlite3'}")
    add_staff_user(url)
    return url


@pytest.fixture(scope="module")
def page_url(database, tmp_path_factory):
    """The demo page on a static server of its own, talking to a bot on `database`."""
    tmp = tmp_path_factory.mktemp("feedback-servers")
    env = {"DATABASE_URL": database, "FOERDERBOT_TODAY": TODAY.isoformat()}
    with running_bot(tmp, env, extra_args=["--cors", "*"]) as bot, demo_page(bot.rasa_url, tmp) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _rating(answer):
    return answer.get_by_role("group", name=RATING)


def test_a_thumbs_down_appears_in_the_unanswered_list(browser, page_url, database, tmp_path):
    context, page, errors = _open_page(browser, page_url, viewport={"width": 1280, "height": 800})
    try:
        page.get_by_role("button", name=LAUNCHER).click()
        greeting = _wait_for_bot_message(page, 0)
        assert _rating(greeting).count() == 0  # only answers to questions can be rated

        disliked = _ask(page, DISLIKED)
        assert "Fristen für Smarte LandRegionen" in disliked.inner_text()
        down = _rating(disliked).get_by_role("button", name=DOWN)
        assert _rating(disliked).get_by_role("button", name=UP).is_enabled()
        # By keyboard: the thumb is a real button.
        before = page.locator(".fb-msg-bot").count()
        down.focus()
        page.keyboard.press("Enter")
        thanks = _wait_for_bot_message(page, before)
        assert (
            thanks.inner_text()
            .strip()
            .endswith(
                "Danke für Ihre Rückmeldung! Ich vermerke die Frage für die Geschäftsstelle – ohne Angaben dazu, "
                "wer sie gestellt hat –, damit dort fehlende Informationen ergänzt werden können."
            )
        )
        assert down.is_disabled() and down.get_attribute("aria-pressed") == "true"
        assert _rating(disliked).get_by_role("button", name=UP).is_disabled()
        assert _rating(thanks).count() == 0
        assert page.locator(".fb-msg-user").count() == 1  # the rating's payload is not shown
        assert "feedback" not in page.locator(".fb-log").inner_text()
        assert page.evaluate("document.activeElement.classList.contains('fb-input')")
        _screenshot(page, "widget-feedback.png")

        # A thumbs-up is thanked and stores nothing.
        liked = _ask(page, LIKED)
        assert "Datum: 8. Januar 2020" in liked.inner_text()
        before = page.locator(".fb-msg-bot").count()
        _rating(liked).get_by_role("button", name=UP).click()
        assert _wait_for_bot_message(page, before).inner_text().strip().endswith("Danke für Ihre Rückmeldung!")

        # Once the conversation moves on, an answer not rated can no longer be rated.
        unrated = _ask(page, "Wie viel Geld gibt es bei Smarte LandRegionen?")
        assert _rating(unrated).count() == 1
        _ask(page, "Welche Förderaufrufe sind gerade offen?")
        assert _rating(unrated).count() == 0

        # After a reload the ratings given are shown as given.
        page.reload()
        page.locator(".fb-msg").last.wait_for()
        assert page.get_by_role("button", name=DOWN, pressed=True).count() == 1
        assert page.get_by_role("button", name=UP, pressed=True).count() == 1
        assert errors == []
    finally:
        context.close()

    # Staff log in and find the question they should look into.
    with staff_app(database, tmp_path) as staff:
        context = browser.new_context(locale="de-DE")
        try:
            page = context.new_page()
            page.goto(f"{staff}/unbeantwortet")
            assert page.url.startswith(f"{staff}/anmelden")  # not without logging in
            page.get_by_label("Benutzername").fill(STAFF_USER)
            page.get_by_label("Passwort").fill(STAFF_PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(f"{staff}/unbeantwortet")
            row = page.locator("tbody tr").filter(has_text=DISLIKED)
            assert row.count() == 1
            assert row.locator("td").nth(1).inner_text() == "1"
            assert row.locator("td").nth(2).inner_text() == "als nicht hilfreich markiert"
            row.get_by_text("Letzte Antwort").click()
            assert "Fristen für Smarte LandRegionen" in row.locator(".text").inner_text()
            assert page.locator("tbody").filter(has_text=LIKED).count() == 0
            _screenshot(page, "staff-unanswered.png")
        finally:
            context.close()
