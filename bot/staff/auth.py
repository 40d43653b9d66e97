"""Staff login on the staff app: the login and logout pages, the cookie, and `staff_only` for
handlers that change the knowledge. Reading and searching stay open inside the office network.

Forms that change anything carry the login's CSRF token; the login form itself carries a
token that is also set as a cookie (double submit), so no other site can log a browser in.
"""

import hmac
import os
import secrets
from functools import wraps
from typing import Any, Callable, Optional
from urllib.parse import quote

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, redirect

from bot import accounts
from bot.staff.common import render, with_session

COOKIE = "foerderbot_staff"
LOGIN_COOKIE = "foerderbot_login_form"
FORBIDDEN = "Diese Aktion ist nur angemeldeten Mitarbeiterinnen und Mitarbeitern der Geschäftsstelle möglich."
FORGED = "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte laden Sie die Seite neu."


def _secure_cookies(request: Request) -> bool:
    # Behind the TLS proxy the cookie must never travel over plain HTTP.
    return (
        os.environ.get("FOERDERBOT_STAFF_SECURE_COOKIES") == "1" or request.headers.get("x-forwarded-proto") == "https"
    )


def _set_cookie(request: Request, response: HTTPResponse, name: str, value: str, max_age: int) -> None:
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    cookie["max-age"] = max_age
    if _secure_cookies(request):
        cookie["secure"] = True


def _same(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def _safe_target(target: Optional[str]) -> str:
    """Where to go after logging in: a path of this app only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def staff_only(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Only for a logged-in member of staff; a form sent must carry the login's CSRF token.
    Anonymous: a page asks to log in, a form is refused (403)."""

    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        login = request.ctx.login
        if request.method in ("GET", "HEAD"):
            if login is None:
                return redirect(f"/anmelden?weiter={quote(request.path)}", status=303)
            return await handler(request, *args, **kwargs)
        if login is None:
            return render(request, "message.html", status=403, title="Nicht angemeldet", message=FORBIDDEN)
        if not _same(request.form.get("csrf_token"), login.csrf_token):
            return render(request, "message.html", status=403, title="Formular abgelehnt", message=FORGED)
        return await handler(request, *args, **kwargs)

    return guarded


def register(app: Sanic) -> None:
    @app.on_request
    async def read_login(request: Request) -> None:
        token = request.cookies.get(COOKIE)
        request.ctx.login = await with_session(request, accounts.login_of, token) if token else None

    @app.on_response
    async def no_caching_of_staff_pages(request: Request, response: HTTPResponse) -> None:
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if getattr(request.ctx, "login", None) is not None:
            response.headers["Cache-Control"] = "no-store"

    @app.get("/anmelden")
    async def login_page(request: Request) -> HTTPResponse:
        return _login_form(request)

    @app.post("/anmelden")
    async def log_in(request: Request) -> HTTPResponse:
        form = request.form
        if not _same(form.get("form_token"), request.cookies.get(LOGIN_COOKIE)):
            return _login_form(request, FORGED, status=403)
        username, password = form.get("username") or "", form.get("password") or ""

        def check(session: Any) -> Optional[str]:
            user = accounts.check_password(session, username, password)
            return accounts.log_in(session, user) if user else None

        token = await with_session(request, check) if username and password else None
        if token is None:
            return _login_form(request, "Benutzername oder Passwort ist falsch.", status=401)
        response = redirect(_safe_target(form.get("weiter")), status=303)
        _set_cookie(request, response, COOKIE, token, accounts.SESSION_HOURS * 3600)
        _set_cookie(request, response, LOGIN_COOKIE, "", 0)
        return response

    @app.post("/abmelden")
    async def log_out(request: Request) -> HTTPResponse:
        login = request.ctx.login
        if login is not None and not _same(request.form.get("csrf_token"), login.csrf_token):
            return render(request, "message.html", status=403, title="Formular abgelehnt", message=FORGED)
        await with_session(request, accounts.log_out, request.cookies.get(COOKIE))
        response = redirect("/", status=303)
        _set_cookie(request, response, COOKIE, "", 0)
        return response


def _login_form(request: Request, error: Optional[str] = None, status: int = 200) -> HTTPResponse:
    form_token = secrets.token_urlsafe(32)
    sent = request.form.get("weiter") if request.method == "POST" else None
    target = _safe_target(request.args.get("weiter") or sent)
    response = render(request, "login.html", status=status, error=error, form_token=form_token, target=target)
    _set_cookie(request, response, LOGIN_COOKIE, form_token, 3600)
    return response
