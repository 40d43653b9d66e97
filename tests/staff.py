"""The staff app (`bot serve`) on a free port for tests, and a logged-in HTTP client for it."""

import os
import re
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import requests

from bot import accounts, db
from tests.servers import BIN, ROOT, _wait_for, free_port, stop_process

STAFF_USER, STAFF_PASSWORD = "anna.test", "ein-langes-testpasswort"


def add_staff_user(url: str, username: str = STAFF_USER, password: str = STAFF_PASSWORD) -> None:
    with db.session_scope(url) as session:
        accounts.create_user(session, username, password)


@contextmanager
def staff_app(database_url: str, log_dir: Path, env: Optional[dict] = None) -> Iterator[str]:
    """`bot serve` on `database_url`; yields its base URL and stops it afterwards."""
    port = free_port()
    log = log_dir / f"staff-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "bot"), "--database-url", database_url, "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "FOERDERBOT_TODAY": "2026-11-24", **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/anmelden", process, log, seconds=60)
        yield base
    finally:
        stop_process(process)


def csrf_of(page: str) -> str:
    """The CSRF token a staff page's forms carry."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def logged_in(base: str, username: str = STAFF_USER, password: str = STAFF_PASSWORD) -> requests.Session:
    """A client logged in as staff, the way a browser does it (login form with its token)."""
    client = requests.Session()
    form = client.get(f"{base}/anmelden", timeout=10).text
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    response = client.post(
        f"{base}/anmelden",
        data={"form_token": token, "username": username, "password": password, "weiter": "/"},
        timeout=20,
    )
    assert "Abmelden" in response.text, response.text[:500]
    return client
