"""Play dialogue files (eval/README.md) against a running bot and check every answer.

The checks read what a user reads: the reply's text and buttons over the REST channel. Dates,
amounts and percentages are compared as values, whatever form the answer writes them in, and
every date, amount and percentage in an answer must stand somewhere in the knowledge base, so
an invented one counts as a guess.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

import requests
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import CallFact, Circular, CircularReference, Deadline, Eligibility, Source
from bot.reading import find_amounts, find_dates, find_percents
from bot.states import STORED_VERDICTS, Verdict
from bot.text import find_circular_numbers, fold

ANSWER_KINDS = {"stated", "not_stated", "unknown_call", "choice", "chat"}
EXPECT_KEYS = {"answer", "source", "words", "not_words", "dates", "amounts", "percents", "verdict"}
VERDICTS = set(STORED_VERDICTS)  # an expected verdict is one an eligibility record can hold
MAX_BUTTONS = 5
MAX_NEAR_NAMES = 3

# How an honest answer says that its sources do not state something, or that a name is unknown.
_NOT_STATED = re.compile(
    r"nichts? (?:angegeben|genannt|bekannt|enthalten|hervor|vor\b|beantworten)|keine angabe|nennt\b.*\bnicht|"
    r"steht\b.*\bnicht|habe ich (?:dazu )?(?:keine|nicht)|liegt mir nicht vor|weiss ich nicht",
    re.I,
)
_UNKNOWN_CALL = re.compile(r"kenne ich nicht|nicht in meiner datenbank|finde ich (?:keinen|nicht)", re.I)
_VERDICT_WORDS: Dict[str, re.Pattern] = {
    Verdict.YES: re.compile(r"\bja\b", re.I),
    Verdict.NO: re.compile(r"\bnein\b", re.I),
    Verdict.CONDITIONAL: re.compile(
        r"\b(?:nur|eingeschraenkt|bedingung|allenfalls|wenn|sofern|soweit|"
        r"unter|hoechstens|ausschliesslich|lediglich)\b",
        re.I,
    ),
}


class DialogueFileError(ValueError):
    """A dialogue file does not follow eval/README.md; the message names file and turn."""


@dataclass
class Turn:
    user: str
    expect: Dict


@dataclass
class Dialogue:
    id: str
    turns: List[Turn]


@dataclass
class DialogueFile:
    path: Path
    today: date
    dialogues: List[Dialogue]

    @property
    def turn_count(self) -> int:
        return sum(len(d.turns) for d in self.dialogues)


@dataclass
class TurnResult:
    dialogue: str
    user: str
    reply: str
    buttons: List[str]
    problems: List[str]
    guesses: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class FileResult:
    path: Path
    turns: List[TurnResult]

    @property
    def passed(self) -> int:
        return sum(t.ok for t in self.turns)

    @property
    def guesses(self) -> int:
        return sum(bool(t.guesses) for t in self.turns)


# --- reading the files -------------------------------------------------------------------------


def _as_list(value) -> List:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load_dialogues(path: Path) -> DialogueFile:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    where = str(path)
    today = content.get("today")
    if not isinstance(today, date):
        raise DialogueFileError(f"{where}: 'today' fehlt oder ist kein Datum (JJJJ-MM-TT)")
    dialogues, seen = [], set()
    for number, record in enumerate(content.get("dialogues") or [], start=1):
        name = str(record.get("id") or f"#{number}")
        if name in seen:
            raise DialogueFileError(f"{where}: Dialog {name} doppelt")
        seen.add(name)
        turns = []
        for index, turn in enumerate(record.get("turns") or [], start=1):
            turns.append(_turn(turn, f"{where}: {name}, Zug {index}"))
        if not turns:
            raise DialogueFileError(f"{where}: Dialog {name} hat keine Züge")
        dialogues.append(Dialogue(name, turns))
    if not dialogues:
        raise DialogueFileError(f"{where}: keine Dialoge")
    return DialogueFile(path, today, dialogues)


def _turn(record: Dict, where: str) -> Turn:
    if not isinstance(record, dict) or not str(record.get("user") or "").strip():
        raise DialogueFileError(f"{where}: 'user' fehlt")
    expect = dict(record.get("expect") or {})
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        raise DialogueFileError(f"{where}: unbekannte Erwartung(en) {', '.join(sorted(unknown))}")
    expect.setdefault("answer", "stated")
    if expect["answer"] not in ANSWER_KINDS:
        raise DialogueFileError(f"{where}: answer muss eines von {', '.join(sorted(ANSWER_KINDS))} sein")
    if expect.get("verdict") not in VERDICTS | {None}:
        raise DialogueFileError(f"{where}: verdict muss yes, no oder conditional sein")
    for key in ("dates",):
        for value in _as_list(expect.get(key)):
            if not isinstance(value, date):
                raise DialogueFileError(f"{where}: {value!r} ist kein Datum (JJJJ-MM-TT)")
    return Turn(str(record["user"]), expect)


# --- what the knowledge base states ------------------------------------------------------------


@dataclass
class KnownFacts:
    """Every date, euro amount and percentage that some record of the knowledge base states."""

    dates: Set[date] = field(default_factory=set)
    amounts: Set[int] = field(default_factory=set)
    percents: Set[float] = field(default_factory=set)

    def add_text(self, text: Optional[str]) -> None:
        if not text:
            return
        self.dates.update(m.day for m in find_dates(text))
        self.amounts.update(m.euros for m in find_amounts(text))
        self.percents.update(m.percent for m in find_percents(text))

    def add_date(self, day: Optional[date]) -> None:
        if day:
            self.dates.add(day)


def known_facts(session: Session) -> KnownFacts:
    known = KnownFacts()
    for circular in session.execute(select(Circular)).scalars():
        for text_ in (circular.subject, circular.summary, circular.full_text):
            known.add_text(text_)
        known.add_date(circular.issued_on)
    for reference in session.execute(select(CircularReference)).scalars():
        known.add_date(reference.referenced_date)
    for fact in session.execute(select(CallFact)).scalars():
        known.add_text(fact.text)
        known.add_date(fact.on_date)
        known.amounts.update(a for a in (fact.amount_min_eur, fact.amount_max_eur) if a)
        if fact.rate_max_percent:
            known.percents.add(float(fact.rate_max_percent))
    for deadline in session.execute(select(Deadline)).scalars():
        known.add_date(deadline.due_on)
        known.add_date(deadline.originally_due_on)
        known.add_text(deadline.note)
    for rule in session.execute(select(Eligibility)).scalars():
        known.add_text(rule.condition)
    for source in session.execute(select(Source)).scalars():
        known.add_text(f"{source.label} {source.published or ''}")
    return known


# --- checking one answer -----------------------------------------------------------------------


def _has_word(text: str, alternatives: str) -> bool:
    folded = fold(text)
    return any(fold(option.strip()) in folded for option in alternatives.split("|") if option.strip())


def _cites(text: str, source: str) -> bool:
    wanted = find_circular_numbers(source)
    if wanted:
        return wanted[0] in find_circular_numbers(text)
    return _has_word(text, source)


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence: not one after a digit ("1. Aufruf") or an
    abbreviation ("z. B.")."""
    first_line = text.strip().split("\n", 1)[0]
    return re.split(r"(?<=[^\d\s.][^\W\d]{2}[.!?])\s+(?=[A-ZÄÖÜ„])", first_line, maxsplit=1)[0]


def guessed_values(text: str, known: KnownFacts, today: date) -> List[str]:
    """Dates, amounts and percentages in the answer that no record states."""
    guesses = [f"Datum {m.day.isoformat()}" for m in find_dates(text) if m.day not in known.dates and m.day != today]
    guesses += [f"Betrag {m.euros} €" for m in find_amounts(text) if m.euros not in known.amounts]
    guesses += [f"Prozentsatz {m.percent:g} %" for m in find_percents(text) if m.percent not in known.percents]
    return guesses


def check_turn(turn: Turn, reply: str, buttons: List[str], known: KnownFacts, today: date) -> TurnResult:
    expect, problems = turn.expect, []
    kind = expect["answer"]
    if not reply.strip():
        problems.append("keine Antwort")
    if len(buttons) > MAX_BUTTONS:
        problems.append(f"{len(buttons)} Buttons (höchstens {MAX_BUTTONS})")
    says_not_stated = bool(_NOT_STATED.search(fold(reply)))
    if kind == "stated" and _NOT_STATED.search(fold(_first_sentence(reply))):
        problems.append("sagt, die Angabe sei nicht bekannt")
    if kind == "not_stated" and not says_not_stated:
        problems.append("sagt nicht, dass die Quelle es nicht angibt")
    if kind == "unknown_call":
        if not _UNKNOWN_CALL.search(fold(reply)):
            problems.append("sagt nicht, dass der Aufruf unbekannt ist")
        if len(buttons) > MAX_NEAR_NAMES:
            problems.append(f"{len(buttons)} Vorschläge (höchstens {MAX_NEAR_NAMES})")
    if kind == "choice" and not 2 <= len(buttons) <= MAX_BUTTONS:
        problems.append(f"keine Rückfrage mit 2 bis {MAX_BUTTONS} Buttons")
    for source in _as_list(expect.get("source")):
        if not _cites(reply, str(source)):
            problems.append(f"Quelle {source} nicht genannt")
    for word in _as_list(expect.get("words")):
        if not _has_word(reply, str(word)):
            problems.append(f"„{word}“ fehlt")
    for word in _as_list(expect.get("not_words")):
        if _has_word(reply, str(word)):
            problems.append(f"„{word}“ steht in der Antwort")
    stated_dates = {m.day for m in find_dates(reply)}
    problems += [f"Datum {d.isoformat()} fehlt" for d in _as_list(expect.get("dates")) if d not in stated_dates]
    stated_amounts = {m.euros for m in find_amounts(reply)}
    problems += [f"Betrag {a} € fehlt" for a in _as_list(expect.get("amounts")) if int(a) not in stated_amounts]
    stated_percents = {m.percent for m in find_percents(reply)}
    problems += [f"{p} % fehlt" for p in _as_list(expect.get("percents")) if float(p) not in stated_percents]
    verdict = expect.get("verdict")
    if verdict and not _VERDICT_WORDS[verdict].search(fold(_first_sentence(reply))):
        problems.append(f"Urteil „{verdict}“ nicht im ersten Satz")
    guesses = guessed_values(reply, known, today) if kind != "chat" else []
    problems += [f"geraten: {g}" for g in guesses]
    return TurnResult("", turn.user, reply, buttons, problems, guesses)


# --- playing against the bot -------------------------------------------------------------------


def _ask(url: str, sender: str, message: str, timeout: float):
    response = requests.post(
        f"{url.rstrip('/')}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout
    )
    response.raise_for_status()
    replies = response.json()
    text = "\n".join(r.get("text", "") for r in replies if r.get("text"))
    buttons = [b.get("title", "") for r in replies for b in r.get("buttons") or []]
    return text, buttons


def play(url: str, dialogue_file: DialogueFile, known: KnownFacts, timeout: float = 60) -> FileResult:
    """Each dialogue in a conversation of its own, turns in order."""
    results: List[TurnResult] = []
    run = uuid.uuid4().hex[:8]
    for dialogue in dialogue_file.dialogues:
        sender = f"eval-{run}-{dialogue.id}"
        for turn in dialogue.turns:
            reply, buttons = _ask(url, sender, turn.user, timeout)
            result = check_turn(turn, reply, buttons, known, dialogue_file.today)
            result.dialogue = dialogue.id
            results.append(result)
    return FileResult(dialogue_file.path, results)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "–"


def report(results: Iterable[FileResult], show_failures: bool = True) -> str:
    lines: List[str] = []
    for result in results:
        total = len(result.turns)
        lines.append(
            f"{result.path}: {result.passed} von {total} Zügen richtig ({percent(result.passed, total)}), "
            f"{result.guesses} mit geratenen Angaben"
        )
        if not show_failures:
            continue
        for turn in result.turns:
            if turn.ok:
                continue
            reply = " ⏎ ".join(turn.reply.splitlines())
            lines.append(
                f"  ✗ [{turn.dialogue}] {turn.user}\n      {'; '.join(turn.problems)}\n"
                f"      Antwort: {reply[:400]}" + (f"\n      Buttons: {turn.buttons}" if turn.buttons else "")
            )
    return "\n".join(lines)
