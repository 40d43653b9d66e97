"""`make run`'s script (scripts/run.sh) as started on a fresh machine: closed by default.

Every server it starts listens on 127.0.0.1 only, Rasa's HTTP API is off without a token, only
the demo page's origin may use the channels from a browser, and Rasa's telemetry is off.
"""

import os
import signal
import subprocess
from pathlib import Path
from typing import Dict, List, Set

import pytest
import requests

from tests.conftest import TODAY, loaded_database
from tests.servers import ROOT, _wait_for, free_port

pytestmark = pytest.mark.e2e


def _group_pids(pgid: int) -> List[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # field 5 of /proc/PID/stat: the process group
                pids.append(int(entry.name))
    return pids


def _socket_inodes(pid: int) -> Set[str]:
    inodes = set()
    try:
        for fd in (Path("/proc") / str(pid) / "fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes


def _listening() -> Dict[str, str]:
    """Listening TCP sockets of the machine: inode -> local address as hex ("0100007F:1F90")."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                found[fields[9]] = fields[1]
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run")
    ports = {name: free_port() for name in ("ACTION_PORT", "RASA_PORT", "SEARCH_PORT", "WIDGET_PORT")}
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "DATABASE_URL": loaded_database(f"sqlite:///{tmp / 'kb.sqlite3'}"),
        "FOERDERBOT_TODAY": TODAY.isoformat(),
    }
    for name in ("RASA_AUTH_TOKEN", "RASA_CORS_ORIGINS", "FOERDERBOT_HOST", "RASA_TELEMETRY_ENABLED"):
        env.pop(name, None)
    log = tmp / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for(f"http://127.0.0.1:{ports['RASA_PORT']}/", process, log)
        _wait_for(f"http://127.0.0.1:{ports['SEARCH_PORT']}/", process, log, seconds=60)
        _wait_for(f"http://127.0.0.1:{ports['WIDGET_PORT']}/", process, log, seconds=60)
        yield process, ports
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_every_server_listens_on_loopback_only(started):
    process, ports = started
    listening = _listening()
    addresses = {listening[inode] for pid in _group_pids(process.pid) for inode in _socket_inodes(pid) & set(listening)}
    ours = {address for address in addresses if int(address.rsplit(":", 1)[1], 16) in ports.values()}
    assert {int(a.rsplit(":", 1)[1], 16) for a in ours} == set(ports.values())
    assert all(address.rsplit(":", 1)[0] in LOOPBACK for address in addresses), addresses


def test_rasas_http_api_is_off_without_a_token(started):
    _, ports = started
    rasa = f"http://127.0.0.1:{ports['RASA_PORT']}"
    for path in ("/status", "/conversations/rest:x/tracker", "/model/parse"):
        assert requests.get(rasa + path, timeout=10).status_code in (404, 405), path
    reply = requests.post(f"{rasa}/webhooks/rest/webhook", json={"sender": "x", "message": "Hallo"}, timeout=30)
    assert reply.status_code == 200 and reply.json()[0]["text"]


def test_only_the_demo_page_may_use_the_channels_from_a_browser(started):
    _, ports = started
    webhook = f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook"

    def allowed(origin: str) -> str:
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        return requests.options(webhook, headers=headers, timeout=10).headers.get("Access-Control-Allow-Origin", "")

    assert allowed(f"http://localhost:{ports['WIDGET_PORT']}") == f"http://localhost:{ports['WIDGET_PORT']}"
    assert allowed("https://evil.example") == ""


def test_rasa_telemetry_is_off(started):
    process, _ = started
    environments = []
    for pid in set(_group_pids(process.pid)) - {process.pid}:  # the servers, started after the export
        try:
            environments.append((Path("/proc") / str(pid) / "environ").read_bytes().split(b"\0"))
        except OSError:
            continue
    assert environments and all(b"RASA_TELEMETRY_ENABLED=false" in env for env in environments)
