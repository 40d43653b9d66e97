"""Consistency check of evaluation sets (eval/README.md); not part of the runner.

  .venv/bin/python eval/check.py [eval/dev eval/dev2 ...]    (no argument: every eval/*/dialogues.yml)

For each set folder:
- dialogues.yml loads with the runner's own loader and follows eval/README.md: its keys, the tests'
  `today`, unique ids, 1 to 5 turns a dialogue, lists where lists are due, no source and no facts
  for answer kinds other than `stated`; at least 70 turns and 10 `not_stated`, and 2 `unknown_call`
  (no fewer, no more);
- circulars/ holds 7 circulars, at least 2 each of TXT, PDF and DOCX, each of 250 to 700 words,
  each read by `bot ingest` with a number that no other circular of the checked sets or of
  data/knowledge has (and, where the file name carries a number, the same one), and each cited by
  at least one turn;
- every source cited is one of the set's circulars or a curated source (a citation label or a
  circular of data/knowledge), and every expected date, euro amount and percentage is stated by
  it as the runner reads them (`known_facts` in bot/evaluation.py): by that circular as ingested,
  or, for a curated source or none, by the curated facts; every expected word of a turn citing
  one of the set's circulars stands in that circular or in another circular of the set, but for a
  word group made only of words for a deadline's state today (`STATUS_WORDS`).
Exit status 1 if anything is wrong.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # bot.text loads spaCy, which loads TensorFlow
EVAL = Path(__file__).resolve().parent
sys.path.insert(0, str(EVAL.parent))  # the project root, for tests/conftest.py (the tests' date)

import yaml  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bot import db  # noqa: E402
from bot.config import KNOWLEDGE_DIR  # noqa: E402
from bot.evaluation import (  # noqa: E402
    ANSWER_KINDS,
    EXPECT_KEYS,
    VERDICTS,
    DialogueFileError,
    KnownFacts,
    known_facts,
    load_dialogues,
)
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.loader import load_knowledge  # noqa: E402
from bot.models import Circular, Source  # noqa: E402
from bot.states import FileStatus  # noqa: E402
from bot.text import find_circular_numbers, fold  # noqa: E402
from tests.conftest import TODAY  # noqa: E402

CIRCULARS = 7
FORMATS = (".txt", ".pdf", ".docx")
MIN_PER_FORMAT = 2
WORDS = range(250, 701)
TURNS_PER_DIALOGUE = range(1, 6)
LEAST = {"turns": 70, "not_stated": 10, "unknown_call": 2}
MOST = {"unknown_call": 2}
# Words for where a deadline stands against `today` ("die Frist ist abgelaufen", "läuft noch"): the
# assistant says them itself from the date a circular gives, so a word group made only of them
# need not stand in a circular.
STATUS_WORDS = frozenset(
    fold(w)
    for w in (
        "abgelaufen",
        "vorbei",
        "verstrichen",
        "nicht mehr",
        "beendet",
        "endete",
        "geendet",
        "läuft noch",
        "offen",
        "noch",
    )
)
FACT_KEYS = ("dates", "amounts", "percents")
LIST_KEYS = ("words", "not_words") + FACT_KEYS


@dataclass
class Curated:
    """What data/knowledge states and how it is cited."""

    facts: KnownFacts
    circulars: set[str]
    labels: list[str]  # folded

    def cites(self, source: str) -> bool:
        numbers = find_circular_numbers(source)
        if numbers:
            return numbers[0] in self.circulars
        return any(fold(source) in label for label in self.labels)


@dataclass
class Ours:
    """One circular of the set as `bot ingest` stored it."""

    file: Path
    words: int
    text: str  # folded subject, summary and text
    facts: KnownFacts


def curated(url: str) -> Curated:
    with db.session_scope(url) as session:
        load_knowledge(session, KNOWLEDGE_DIR)
        return Curated(
            known_facts(session),
            {c.number for c in session.execute(select(Circular)).scalars()},
            [fold(s.label) for s in session.execute(select(Source)).scalars()],
        )


def circular_facts(circular: Circular) -> KnownFacts:
    """What the runner counts as stated by this circular (the circulars' part of `known_facts`)."""
    facts = KnownFacts()
    for text in (circular.subject, circular.summary, circular.full_text):
        facts.add_text(text)
    facts.add_date(circular.issued_on)
    for reference in circular.references:
        facts.add_date(reference.referenced_date)
    return facts


def ingest_set(folder: Path, url: str, problem) -> dict[str, Ours]:
    files = sorted(p for p in (folder / "circulars").iterdir() if p.is_file())
    formats = Counter(p.suffix for p in files)
    if len(files) != CIRCULARS:
        problem(f"{len(files)} circulars, expected {CIRCULARS}")
    for suffix in FORMATS:
        if formats[suffix] < MIN_PER_FORMAT:
            problem(f"only {formats[suffix]} {suffix} circulars, expected at least {MIN_PER_FORMAT}")
    ours: dict[str, Ours] = {}
    for result in ingest(files, url).results:
        name = result.path.name
        if result.status == FileStatus.FAILED:
            problem(f"{name}: not ingested: {result.reason}")
            continue
        if result.status != FileStatus.INGESTED:
            problem(f"{name}: number {result.number} is taken by another circular")
            continue
        named = re.fullmatch(r"rundschreiben-(\d{3})-(\d{4})", result.path.stem)
        if named and f"{named.group(1)}/{named.group(2)}" != result.number:
            problem(f"{name}: the letterhead gives number {result.number}")
        with db.session_scope(url) as session:
            circular = session.execute(select(Circular).filter_by(number=result.number)).scalar_one()
            words = len(circular.full_text.split())
            if words not in WORDS:
                problem(f"{name}: {words} words, expected {WORDS.start} to {WORDS.stop - 1}")
            text = fold("\n".join(t for t in (circular.subject, circular.summary, circular.full_text) if t))
            ours[result.number] = Ours(result.path, words, text, circular_facts(circular))
    return ours


def check_turn(turn, where: str, ours: dict[str, Ours], known: Curated, problem) -> None:
    if (
        not isinstance(turn, dict)
        or set(turn) != {"user", "expect"}
        or not isinstance(turn["user"], str)
        or not turn["user"].strip()
    ):
        problem(f"{where}: a turn needs exactly a user text and expect")
        return
    expect = turn["expect"] or {}
    if set(expect) - EXPECT_KEYS:
        problem(f"{where}: unknown expect keys {sorted(set(expect) - EXPECT_KEYS)}")
    kind = expect.get("answer", "stated")
    if kind not in ANSWER_KINDS:
        problem(f"{where}: answer {kind!r}")
    if "verdict" in expect and expect["verdict"] not in VERDICTS:
        problem(f"{where}: verdict {expect['verdict']!r} (quote yes/no in YAML)")
    for key in LIST_KEYS:
        if key in expect and not isinstance(expect[key], list):
            problem(f"{where}: {key} is not a list")
            return
    for word in expect.get("words", []) + expect.get("not_words", []):
        if not isinstance(word, str) or not word.strip():
            problem(f"{where}: word {word!r} is not a non-empty string")
    for day in expect.get("dates", []):
        if not isinstance(day, dt.date):
            problem(f"{where}: date {day!r} is not an ISO date")
    for key in ("amounts", "percents"):
        for value in expect.get(key, []):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problem(f"{where}: {key} value {value!r} is not a number")
    if kind != "stated":
        if set(expect) & {"source", "verdict", *FACT_KEYS}:
            problem(f"{where}: a {kind} turn carries a source or facts")
        return
    source = str(expect.get("source") or "")
    own = ours.get(source)
    if source and own is None and not known.cites(source):
        problem(f"{where}: source {source!r} is neither a circular of this set nor a curated source")
        return
    facts = own.facts if own else known.facts
    stated = {
        "dates": facts.dates,
        "amounts": {float(a) for a in facts.amounts},
        "percents": {float(p) for p in facts.percents},
    }
    for key in FACT_KEYS:
        for value in expect.get(key, []):
            if (value if key == "dates" else float(value)) not in stated[key]:
                problem(f"{where}: {key[:-1]} {value} is not stated by {source if own else 'the curated facts'}")
    if own:
        # "Which circulars ...?" may be answered with a later circular that cites this one.
        for word in expect.get("words", []):
            options = [fold(w.strip()) for w in str(word).split("|") if w.strip()]
            if options and set(options) <= STATUS_WORDS:
                continue
            if not any(o in circular.text for o in options for circular in [own, *ours.values()]):
                problem(f"{where}: none of {word!r} in {source} or another circular of the set")


def check_set(folder: Path, url: str, known: Curated) -> bool:
    problems: list[str] = []
    problem = problems.append
    ours = ingest_set(folder, url, problem)
    path = folder / "dialogues.yml"
    try:
        load_dialogues(path)
    except DialogueFileError as error:
        problem(f"the runner cannot load it: {error}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if set(data) != {"today", "dialogues"}:
        problem(f"top-level keys {sorted(data)}, expected today and dialogues")
    if data.get("today") != TODAY:
        problem(f"today is {data.get('today')!r}, the tests' date is {TODAY}")
    dialogues = data.get("dialogues") or []
    ids, kinds, verdicts, cited = Counter(), Counter(), Counter(), Counter()
    for dialogue in dialogues:
        did = dialogue.get("id")
        ids[did] += 1
        if not did or set(dialogue) - {"id", "about", "turns"}:
            problem(f"{did}: keys {sorted(dialogue)}, expected id, about and turns")
        turns = dialogue.get("turns") or []
        if len(turns) not in TURNS_PER_DIALOGUE:
            problem(f"{did}: {len(turns)} turns, expected {TURNS_PER_DIALOGUE.start} to {TURNS_PER_DIALOGUE.stop - 1}")
        for n, turn in enumerate(turns, 1):
            check_turn(turn, f"{did}#{n}", ours, known, problem)
            expect = (turn.get("expect") if isinstance(turn, dict) else None) or {}
            kinds[expect.get("answer", "stated")] += 1
            if "verdict" in expect:
                verdicts[expect["verdict"]] += 1
            if expect.get("answer", "stated") == "stated":
                source = str(expect.get("source") or "")
                cited[source if source in ours else "curated" if source else "no source"] += 1
    for did, count in ids.items():
        if count > 1:
            problem(f"id {did} used {count} times")
    total = sum(kinds.values())
    for what, least in LEAST.items():
        count = total if what == "turns" else kinds[what]
        if count < least:
            problem(f"only {count} {what.replace('_', ' ')}, expected at least {least}")
    for what, most in MOST.items():
        if kinds[what] > most:
            problem(f"{kinds[what]} {what.replace('_', ' ')}, expected at most {most}")
    uncited = sorted(set(ours) - set(cited))
    if uncited:
        problem(f"circulars cited by no turn: {', '.join(uncited)}")

    print(f"== {folder.relative_to(EVAL.parent) if folder.is_relative_to(EVAL.parent) else folder}")
    print("circulars:", ", ".join(f"{n} ({o.file.suffix[1:]}, {o.words} words)" for n, o in sorted(ours.items())))
    print(f"dialogues: {len(dialogues)}, turns: {total}, by answer kind: {dict(kinds)}, verdicts: {dict(verdicts)}")
    curated_turns, unsourced = cited.pop("curated", 0), cited.pop("no source", 0)
    print(
        f"stated turns citing the set's circulars: {sum(cited.values())} {dict(sorted(cited.items()))}, "
        f"citing curated sources: {curated_turns}, citing none: {unsourced}"
    )
    for message in problems:
        print("PROBLEM:", message)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return not problems


def main(argv: list[str]) -> int:
    folders = [Path(a).resolve() for a in argv] or sorted(p.parent for p in EVAL.glob("*/dialogues.yml"))
    with tempfile.TemporaryDirectory() as tmp:
        # One database for all sets checked: a number used twice is found as in `make eval`.
        url = f"sqlite:///{tmp}/check.sqlite3"
        db.upgrade(url)
        known = curated(url)
        passed = [check_set(folder, url, known) for folder in folders]
        db.get_engine(url).dispose()
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
