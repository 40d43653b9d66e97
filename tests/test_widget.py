"""The website chat widget (web/dist) in Debian's Chromium, driven by Playwright, against both servers.

Needs `make widget` (the bundle) and `make browser` (/usr/bin/chromium); `make test` does both.
Screenshots go to test-artifacts/.
"""

import asyncio
from unittest import mock

import pytest

from bot import db
from tests.browser import chromium, demo_page, screenshot
from tests.conftest import TODAY, loaded_database, named_call
from tests.servers import running_bot

INPUT = "Ihre Frage an den Förderbot"
LAUNCHER = "Fragen zu Förderaufrufen"
BOT_HTML_NOTE = '<img src=x onerror="window.__xss=3">'
BOT_HTML_SOURCE = "Testquelle <script>window.__xss=4</script>"
USER_HTML = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>"]
TIMEOUT_MS = 60_000


def test_session_request_joins_the_room_of_the_session():
    """Rasa 3.6 forgets to await enter_room; without the fix no answer reaches the widget."""
    from connectors.website import SocketIOInput

    channel = SocketIOInput.from_credentials({"session_persistence": True})
    channel.blueprint(mock.AsyncMock())
    channel.sio.enter_room = mock.AsyncMock()
    channel.sio.emit = mock.AsyncMock()
    handler = channel.sio.handlers["/"]["session_request"]
    asyncio.run(handler("socket-1", {"session_id": "abc"}))
    channel.sio.enter_room.assert_awaited_once_with("socket-1", "abc")
    channel.sio.emit.assert_awaited_once_with("session_confirm", "abc", room="socket-1")
    asyncio.run(handler("socket-2", None))
    new_id = channel.sio.emit.await_args.args[1]
    assert len(new_id) == 32 and channel.sio.enter_room.await_args.args == ("socket-2", new_id)


# --- in the browser ------------------------------------------------------------------------------


def _add_call_with_html(url: str) -> None:
    """A call whose database fields carry HTML, as a careless import could bring in."""
    from bot.models import Deadline, Source

    with db.session_scope(url) as session:
        source = Source(key="test-html", kind="publication", label=BOT_HTML_SOURCE)
        session.add(
            named_call(
                "dorfbus-sicher",
                "Dorfbus Sicher",
                deadlines=[
                    Deadline(
                        stage=1,
                        kind="antrag",
                        due_on=TODAY.replace(year=TODAY.year + 1),
                        note=BOT_HTML_NOTE,
                        sources=[source],
                    )
                ],
            )
        )


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("widget")
    url = loaded_database(f"sqlite:///{tmp / 'kb.sqlite3'}")
    _add_call_with_html(url)
    with running_bot(
        tmp, {"DATABASE_URL": url, "FOERDERBOT_TODAY": TODAY.isoformat()}, extra_args=["--cors", "*"]
    ) as running:
        yield running


@pytest.fixture(scope="module")
def page_url(bot, tmp_path_factory):
    with demo_page(bot.rasa_url, tmp_path_factory.mktemp("static")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _open_page(browser, url, **context_args):
    context = browser.new_context(locale="de-DE", **context_args)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return context, page, errors


def _bot_messages(page):
    return page.locator(".fb-msg-bot")


def _ask(page, question):
    """Type and send with Enter; return the first bot message that arrives after it."""
    before = _bot_messages(page).count()
    page.get_by_label(INPUT).fill(question)
    page.get_by_label(INPUT).press("Enter")
    page.locator(".fb-msg-user").last.filter(has_text=question).wait_for()
    return _wait_for_bot_message(page, before)


def _wait_for_bot_message(page, before):
    _bot_messages(page).nth(before).wait_for()
    return _bot_messages(page).nth(before)


def _screenshot(page, name):
    return screenshot(page, name)


@pytest.mark.e2e
def test_conversation_with_sources_buttons_reload_and_no_script_injection(browser, page_url):
    context, page, errors = _open_page(browser, page_url, viewport={"width": 1280, "height": 800})
    try:
        # Opening the chat focuses the input and greets (the bot's own utter_greet).
        page.get_by_role("button", name=LAUNCHER).click()
        assert (
            page.evaluate(
                "document.activeElement.getAttribute('aria-label') || document.activeElement.labels[0].textContent"
            )
            == INPUT
        )
        greeting = _wait_for_bot_message(page, 0)
        assert "Guten Tag!" in greeting.inner_text()
        assert page.locator(".fb-msg-user").count() == 0  # the greeting's payload is not shown

        # The typing indicator shows while waiting (recorded by an observer: answers can be quick).
        page.evaluate("""() => {
            const typing = document.querySelector('.fb-typing');
            window.__typingSeen = false;
            new MutationObserver(() => { if (!typing.hidden) window.__typingSeen = true; })
                .observe(typing, {attributes: true, attributeFilter: ['hidden']});
        }""")
        answer = _ask(page, "Bis wann läuft die Frist bei Smarte LandRegionen?")
        assert page.evaluate("window.__typingSeen") is True
        assert page.locator(".fb-typing").is_hidden()
        assert "Fristen für Smarte LandRegionen" in answer.inner_text()
        assert "28. Februar 2020" in answer.inner_text()
        source = answer.locator(".fb-source")
        assert source.count() == 1
        assert source.inner_text().startswith("Quelle:") and "Rundschreiben 014/2020" in source.inner_text()
        assert answer.locator("li").count() == 2  # the deadlines as a list, the source apart from it

        # A name that fits calls of two programs: buttons; a click sends the payload and shows the title.
        answer = _ask(page, "Darf ein Landkreis bei Smart mitmachen?")
        assert "mehrere Förderaufrufe" in answer.inner_text()
        replies = answer.locator(".fb-reply")
        assert replies.count() == 2
        assert answer.get_by_role("group", name="Antwortmöglichkeiten").count() == 1
        _screenshot(page, "widget-buttons.png")
        before = _bot_messages(page).count()
        answer.get_by_role("button", name="Smarte LandRegionen").click()
        assert page.locator(".fb-msg-user").last.inner_text().strip().endswith("Smarte LandRegionen")
        assert "ask_eligibility" not in page.locator(".fb-log").inner_text()
        answer = _wait_for_bot_message(page, before)
        assert "Landkreise dürfen bei Smarte LandRegionen nur eingeschränkt teilnehmen" in answer.inner_text()
        assert "Rundschreiben 014/2020" in answer.locator(".fb-source").inner_text()
        assert all(replies.nth(i).is_disabled() for i in range(2))

        # Several rounds of one program are answered at once, a line per round.
        answer = _ask(page, "Darf ein Landkreis bei Heimat 2.0 mitmachen?")
        assert "Landkreise dürfen bei Heimat 2.0 (1. Aufruf 2020) nur eingeschränkt" in answer.inner_text()
        assert answer.locator(".fb-reply").count() == 0

        # Reload: the history is shown again, with no second greeting, and the bot still knows the call.
        shown = page.locator(".fb-msg").all_inner_texts()
        page.reload()
        page.locator(".fb-msg").nth(len(shown) - 1).wait_for()
        assert page.locator(".fb-msg").all_inner_texts() == shown
        assert page.get_by_label(INPUT).is_visible()  # still open
        answer = _ask(page, "Und bis wann?")
        assert "Projektskizze: 15. Juli 2020" in answer.inner_text()
        assert "Transferregionen" in answer.inner_text()
        assert "Guten Tag!" not in "\n".join(_bot_messages(page).all_inner_texts()[1:])

        # HTML typed by the user is shown as text and never runs.
        for text in USER_HTML:
            _ask(page, text)
            assert page.locator(".fb-msg-user").last.inner_text().strip().endswith(text)
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator(".fb-log img, .fb-log script").count() == 0

        # HTML from the database (a deadline note, a source label) is shown as text and never runs.
        answer = _ask(page, "Bis wann läuft Dorfbus Sicher?")
        assert "Fristen für Dorfbus Sicher" in answer.inner_text()
        assert BOT_HTML_NOTE in answer.inner_text()
        assert answer.locator(".fb-source").inner_text() == f"Quelle: {BOT_HTML_SOURCE}"
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator(".fb-log img, .fb-log script").count() == 0

        page.get_by_label(INPUT).focus()
        _screenshot(page, "widget.png")
        assert errors == []
    finally:
        context.close()


@pytest.mark.e2e
def test_demo_page_defaults_to_rasa_on_port_5005(browser, page_url):
    """Served by a plain static server (as `make run` does) and given no ?rasa=, it uses localhost:5005."""
    context, page, errors = _open_page(browser, page_url.split("?")[0])
    try:
        page.wait_for_function("document.getElementById('rasa-url').textContent.startsWith('http')")
        assert page.locator("#rasa-url").inner_text() == "http://localhost:5005"
        assert page.get_by_role("button", name=LAUNCHER).is_visible()
        assert errors == []
    finally:
        context.close()


@pytest.mark.e2e
def test_render_function_makes_bot_html_inert(browser, page_url):
    context, page, errors = _open_page(browser, page_url)
    try:
        page.wait_for_function("window.Foerderbot && window.Foerderbot.renderBotText")
        rendered = page.evaluate("""() => {
            const div = document.createElement('div');
            div.appendChild(window.Foerderbot.renderBotText(
                'Antwort <img src=x onerror="window.__xss=5"> mit *Betonung*\\n' +
                '- Punkt <iframe src="javascript:window.__xss=6"></iframe>\\n' +
                '[Klick](javascript:window.__xss=7) und https://example.org/aufruf\\n' +
                '<a href="https://example.org" onclick="window.__xss=8">Link</a>\\n' +
                'Quelle: <b onmouseover="window.__xss=9">Amt</b> https://example.org/quelle'));
            document.body.appendChild(div);
            const all = [...div.querySelectorAll('*')];
            return {
                html: div.innerHTML,
                text: div.textContent,
                tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
                attributes: [...new Set(all.flatMap((e) => e.getAttributeNames()))].sort(),
                links: [...div.querySelectorAll('a[href]')].map((a) => [a.getAttribute('href'), a.target, a.rel]),
            };
        }""")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert set(rendered["tags"]) <= {"div", "p", "ul", "li", "em", "a", "br", "span"}, rendered["tags"]
        assert set(rendered["attributes"]) <= {"class", "href", "target", "rel"}, rendered["attributes"]
        assert rendered["links"] == [
            ["https://example.org/aufruf", "_blank", "noopener noreferrer"],
            ["https://example.org/quelle", "_blank", "noopener noreferrer"],
        ]
        # The markup is shown as text, not dropped.
        assert '<img src=x onerror="window.__xss=5">' in rendered["text"]
        assert '<a href="https://example.org" onclick="window.__xss=8">Link</a>' in rendered["text"]
        assert "<em>Betonung</em>" in rendered["html"]
        assert '<p class="fb-source"><span class="fb-source-label">Quelle:</span>' in rendered["html"]
        assert errors == []
    finally:
        context.close()


@pytest.mark.e2e
def test_keyboard_only_and_screen_reader_labels(browser, page_url):
    context, page, errors = _open_page(browser, page_url, viewport={"width": 1280, "height": 800})
    try:
        page.get_by_role("button", name=LAUNCHER).wait_for()
        launcher = page.locator(".fb-launcher")  # hidden while the chat is open
        assert launcher.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('fb-launcher')")
        page.keyboard.press("Enter")
        assert launcher.get_attribute("aria-expanded") == "true"
        assert page.evaluate("document.activeElement.classList.contains('fb-input')")
        _wait_for_bot_message(page, 0)  # the greeting
        before = _bot_messages(page).count()
        page.keyboard.type("Worum geht es im RS 014/2020?")
        page.keyboard.press("Enter")
        assert "Datum: 8. Januar 2020" in _wait_for_bot_message(page, before).inner_text()
        log = page.get_by_role("log", name="Gesprächsverlauf")
        assert log.get_attribute("aria-live") == "polite"
        assert page.get_by_role("region", name="Förderbot").count() == 1
        assert page.get_by_role("button", name="Senden").count() == 1
        assert page.get_by_role("button", name="Chat schließen").count() == 1
        page.keyboard.press("Escape")
        assert page.get_by_label(INPUT).is_hidden()
        assert page.evaluate("document.activeElement.classList.contains('fb-launcher')")
        assert errors == []
    finally:
        context.close()


@pytest.mark.e2e
def test_phone_sized_screen(browser, page_url):
    context, page, errors = _open_page(
        browser, page_url, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    try:
        page.get_by_role("button", name=LAUNCHER).tap()
        _wait_for_bot_message(page, 0)
        panel = page.locator(".fb-panel").bounding_box()
        assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, 375, 667)
        before = _bot_messages(page).count()
        page.get_by_label(INPUT).fill("Bis wann läuft die Frist bei Smarte LandRegionen?")
        page.get_by_role("button", name="Senden").tap()
        answer = _wait_for_bot_message(page, before)
        assert answer.locator(".fb-source").is_visible()
        send = page.get_by_role("button", name="Senden").bounding_box()
        assert send["x"] + send["width"] <= 375 and send["y"] + send["height"] <= 667
        assert page.evaluate(
            "document.querySelector('.fb-log').scrollWidth <= document.querySelector('.fb-log').clientWidth"
        )
        _screenshot(page, "widget-phone.png")
        assert errors == []
    finally:
        context.close()
