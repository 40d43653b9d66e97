"""Start the action server and the Rasa server as `make run` does, on free ports, for e2e tests."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "foerderbot.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: int = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited early:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} not ready after {seconds}s:\n{log.read_text()[-3000:]}")


class RunningBot:
    def __init__(self, rasa_url: str, action_url: str, log_dir: Path):
        self.rasa_url = rasa_url
        self.action_url = action_url
        self.log_dir = log_dir

    def ask(self, sender: str, message: str):
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def parse(self, text: str) -> Dict:
        response = requests.post(f"{self.rasa_url}/model/parse", json={"text": text}, timeout=60)
        response.raise_for_status()
        return response.json()


@contextmanager
def running_bot(
    tmp: Path,
    env: Dict[str, str],
    endpoints: str = "endpoints.yml",
    extra_args: Optional[list] = None,
    credentials: str = "credentials.yml",
) -> Iterator[RunningBot]:
    """Both servers with `env` added to the environment; stopped and logged on exit."""
    action_port, rasa_port = free_port(), free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    endpoints_file = tmp / "endpoints.yml"
    endpoints_file.write_text(
        (ROOT / endpoints)
        .read_text()
        .replace("http://localhost:5055/webhook", f"http://localhost:{action_port}/webhook")
    )
    full_env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "ACTION_ENDPOINT_URL": f"http://localhost:{action_port}/webhook",
        **env,
    }
    action_log, rasa_log = tmp / "actions.log", tmp / "rasa.log"
    processes = []
    try:
        with action_log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [str(BIN / "rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
                    cwd=ROOT,
                    env=full_env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        _wait_for(f"http://localhost:{action_port}/health", processes[0], action_log)
        with rasa_log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "rasa"),
                        "run",
                        "--model",
                        str(MODEL),
                        "--enable-api",
                        "--port",
                        str(rasa_port),
                        "--credentials",
                        str(credentials),
                        "--endpoints",
                        str(endpoints_file),
                        *(extra_args or []),
                    ],
                    cwd=ROOT,
                    env=full_env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        _wait_for(f"http://localhost:{rasa_port}/status", processes[1], rasa_log)
        yield RunningBot(f"http://localhost:{rasa_port}", f"http://localhost:{action_port}", tmp)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
