"""The staff app's reading pages in Debian's Chromium, with JavaScript off and by keyboard only:
start page, search, a hit's circular page, on to a call's page; and on a phone-sized screen.
Screenshots go to test-artifacts/ (staff-start.png, staff-search.png, staff-circular.png,
staff-*-phone.png)."""

import pytest

from tests.browser import chromium, screenshot
from tests.staff import staff_app
from tests.test_staff_pages import announced_slugs, reading_database

TIMEOUT_MS = 30_000
# Enough to pass the skip link and the navigation; a page that needs more is a page to fix.
MAX_TABS = 15
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return reading_database(tmp_path_factory.mktemp("staff-browser"))


@pytest.fixture(scope="module")
def base(database, tmp_path_factory):
    with staff_app(database, tmp_path_factory.mktemp("staff-browser-log")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _open(browser, url: str, **context_args):
    """A page without JavaScript: everything the staff read must work without it."""
    context = browser.new_context(locale="de-DE", java_script_enabled=False, **context_args)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return context, page


def _tab_to(page, locator) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user gets there."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"nach {MAX_TABS}× Tab nicht erreicht: {locator}")


def _fits_the_width(page, width: int) -> bool:
    # Against the screen's width: a phone's browser widens its layout viewport to fit a page that is too wide.
    return page.evaluate("width => document.documentElement.scrollWidth <= width", width)


@pytest.mark.e2e
def test_search_by_keyboard_open_a_hit_and_follow_it_to_its_call(browser, base, database):
    (call_2022,) = announced_slugs(database, "241/2022")
    context, page = _open(browser, f"{base}/", viewport={"width": 1280, "height": 900})
    try:
        page.get_by_role("heading", name="Offene Förderaufrufe").wait_for()
        screenshot(page, "staff-start.png", full_page=True)

        _tab_to(page, page.get_by_label("Suchbegriffe"))
        page.keyboard.type("ÖPNV zweiter Förderaufruf")
        page.keyboard.press("Enter")
        page.wait_for_url("**/suche?q=*")
        assert page.get_by_label("Suchbegriffe").input_value() == "ÖPNV zweiter Förderaufruf"
        screenshot(page, "staff-search.png", full_page=True)

        first_hit = page.locator("ol.hits a").first
        assert first_hit.get_attribute("href") == "/rundschreiben/241-2022"
        _tab_to(page, first_hit)
        page.keyboard.press("Enter")
        page.wait_for_url("**/rundschreiben/241-2022")
        assert page.get_by_role("heading", level=1).inner_text() == "Rundschreiben Nr. 241/2022"
        assert page.get_by_role("region", name="Text des Rundschreibens").is_visible()
        screenshot(page, "staff-circular.png", full_page=True)

        call_link = page.locator(f'a[href="/aufrufe/{call_2022}"]')
        _tab_to(page, call_link)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/aufrufe/{call_2022}")
    finally:
        context.close()


@pytest.mark.e2e
@pytest.mark.parametrize(
    "path, name",
    [
        ("/", "staff-start-phone.png"),
        ("/suche?q=ÖPNV", "staff-search-phone.png"),
        ("/rundschreiben/241-2022", "staff-circular-phone.png"),
    ],
)
def test_pages_fit_a_phone_screen(browser, base, path, name):
    context, page = _open(browser, f"{base}{path}", viewport=PHONE, is_mobile=True)
    try:
        page.get_by_role("heading", level=1).wait_for()
        assert _fits_the_width(page, PHONE["width"]), "die Seite ist breiter als der Bildschirm"
        screenshot(page, name, full_page=True)
    finally:
        context.close()
