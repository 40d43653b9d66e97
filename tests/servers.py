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
# Rasa's HTTP API is on only with a token, as under `make run` with RASA_AUTH_TOKEN set.
API_TOKEN = "test-api-token"


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


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a server, killing it when it does not stop within 30 seconds."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


class ActionServer:
    """The action server of a running bot, which a fault test may stop and start again."""

    def __init__(self, port: int, env: Dict[str, str], log: Path):
        self.port, self.env, self.log = port, env, log
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [str(BIN / "rasa"), "run", "actions", "--port", str(self.port), "--actions", "actions"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_for(f"http://127.0.0.1:{self.port}/health", self.process, self.log)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


class RunningBot:
    def __init__(self, rasa_url: str, actions: ActionServer, log_dir: Path):
        self.rasa_url = rasa_url
        self.actions = actions
        self.action_url = f"http://127.0.0.1:{actions.port}"
        self.log_dir = log_dir

    def ask(self, sender: str, message: str):
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def parse(self, text: str) -> Dict:
        response = requests.post(
            f"{self.rasa_url}/model/parse", params={"token": API_TOKEN}, json={"text": text}, timeout=60
        )
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
        .replace("http://127.0.0.1:5055/webhook", f"http://127.0.0.1:{action_port}/webhook")
    )
    full_env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": "127.0.0.1",  # the action server's interface
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        **env,
    }
    actions = ActionServer(action_port, full_env, tmp / "actions.log")
    rasa_log = tmp / "rasa.log"
    processes = []
    try:
        actions.start()
        with rasa_log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "rasa"),
                        "run",
                        "--model",
                        str(MODEL),
                        "--enable-api",
                        "--auth-token",
                        API_TOKEN,
                        "--interface",
                        "127.0.0.1",
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
        _wait_for(f"http://127.0.0.1:{rasa_port}/status?token={API_TOKEN}", processes[0], rasa_log)
        yield RunningBot(f"http://127.0.0.1:{rasa_port}", actions, tmp)
    finally:
        for process in processes:
            stop_process(process)
        actions.stop()
