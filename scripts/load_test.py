"""Load and soak: many concurrent conversations against the assistant and against a bare
`rasa init` bot in the same run, on loopback. Prints messages/s, p50/p95/max latency, errors
(no HTTP 200, an empty reply), fault answers (the German answer for a turn over its time) and
lost turns (sent but never answered).

  .venv/bin/python scripts/load_test.py                       # 50 conversations, 10 minutes each bot
  .venv/bin/python scripts/load_test.py --conversations 20 --seconds 60
  .venv/bin/python scripts/load_test.py --turns 0             # each conversation never ends

Each of the concurrent users holds a conversation of `--turns` turns (default: one pass through
the dialogue below, as members ask a few questions and leave) and then starts a new one, so
there are always `--conversations` conversations going on. With `--turns 0` a conversation goes
on for the whole run (about 200 turns in 10 minutes): Rasa re-reads every event of a
conversation on each turn, so both bots slow down as conversations grow.

The assistant runs as `make run` runs it (tests/servers.py: both servers, in-memory tracker
store) on the curated facts; the bare bot is Rasa's starter project, trained once into
build/bare-bot. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import List

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.wording import FAULT  # noqa: E402
from tests.conftest import TODAY, loaded_database  # noqa: E402
from tests.servers import _wait_for, free_port, running_bot, stop_process  # noqa: E402

BIN = Path(sys.executable).parent
BARE_BOT = ROOT / "build" / "bare-bot"

# A conversation as members hold it: a question, follow-ups leaning on it, another call.
ASSISTANT_TURNS = [
    "Darf ein Landkreis bei Heimat 2.0 mitmachen?",
    "und bis wann?",
    "Wie hoch ist die Förderquote?",
    "Welche Förderaufrufe sind gerade offen?",
    "Was steht im Rundschreiben 384/2020?",
    "Wer fördert Smarte LandRegionen?",
    "Gibt es Geld für Mobilfunkmasten?",
]
BARE_TURNS = ["hello", "I am great", "are you a bot?", "bye"]


@dataclass
class Tally:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    lost: int = 0
    faults: int = 0


async def _conversation(
    session: aiohttp.ClientSession, url: str, turns: List[str], length: int, end: float, tally: Tally
) -> None:
    sender = uuid.uuid4().hex
    turn = 0
    while time.monotonic() < end:
        if length and turn and turn % length == 0:
            sender = uuid.uuid4().hex  # this user's next conversation
        text = turns[turn % len(turns)]
        turn += 1
        start = time.monotonic()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as reply:
                body = await reply.json() if reply.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError):
            tally.lost += 1
            continue
        tally.latencies.append(time.monotonic() - start)
        if not body or not any((m.get("text") or "").strip() for m in body):
            tally.errors += 1
        elif any(m.get("text") == FAULT for m in body):
            tally.faults += 1


async def _load(url: str, turns: List[str], length: int, conversations: int, seconds: float) -> Tally:
    tally = Tally()
    end = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(_conversation(session, url, turns, length, end, tally) for _ in range(conversations)))
    return tally


def _report(name: str, tally: Tally, seconds: float) -> str:
    done = sorted(tally.latencies)
    if not done:
        return f"{name}: keine Antwort"
    p95 = done[min(len(done) - 1, int(0.95 * len(done)))]
    return (
        f"{name:10} {len(done) / seconds:6.1f} Nachrichten/s  p50 {statistics.median(done) * 1000:6.0f} ms  "
        f"p95 {p95 * 1000:6.0f} ms  max {done[-1] * 1000:6.0f} ms  "
        f"Fehler {tally.errors}  Störungsantworten {tally.faults}  verlorene Züge {tally.lost}  "
        f"({len(done)} Antworten)"
    )


def _bare_bot_model() -> Path:
    """Rasa's starter bot, trained once (about two minutes on two cores)."""
    model = BARE_BOT / "models" / "bare.tar.gz"
    if not model.exists():
        BARE_BOT.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(BARE_BOT)], check=True)
        trained = sorted((BARE_BOT / "models").glob("*.tar.gz"), key=os.path.getmtime)[-1]
        trained.rename(model)
    return model


def _run_bare(model: Path, length: int, conversations: int, seconds: float, folder: Path) -> Tally:
    port = free_port()
    log = folder / "bare.log"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--model", str(model), "--interface", "127.0.0.1", "--port", str(port)],
            cwd=BARE_BOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process, log)
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        return asyncio.run(_load(url, BARE_TURNS, length, conversations, seconds))
    finally:
        stop_process(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--turns", type=int, default=len(ASSISTANT_TURNS), help="turns per conversation; 0: endless")
    args = parser.parse_args()
    model = _bare_bot_model()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = loaded_database(f"sqlite:///{folder / 'kb.sqlite3'}")
        with running_bot(folder / "servers", {"DATABASE_URL": url, "FOERDERBOT_TODAY": TODAY.isoformat()}) as bot:
            ours = asyncio.run(
                _load(
                    f"{bot.rasa_url}/webhooks/rest/webhook",
                    ASSISTANT_TURNS,
                    args.turns,
                    args.conversations,
                    args.seconds,
                )
            )
        bare = _run_bare(model, args.turns, args.conversations, args.seconds, folder)
    length = f"je {args.turns} Züge" if args.turns else "endlos"
    print(f"{args.conversations} Gespräche gleichzeitig ({length}), je Bot {args.seconds:.0f} s, auf 127.0.0.1:")
    print(_report("Förderbot", ours, args.seconds))
    print(_report("rasa init", bare, args.seconds))
    return 0 if not (ours.errors or ours.lost or ours.faults) else 1


if __name__ == "__main__":
    sys.exit(main())
