"""Throwaway check of the held-out set: dialogue format, turn counts, and that every expected
date, euro amount and percentage of a turn citing one of our circulars stands in that circular.

Run:  /work/main/.venv/bin/python eval/heldout/check.py
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

import docx
import yaml
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
KNOWLEDGE = HERE.parent.parent / "data" / "knowledge"
KINDS = {"stated", "not_stated", "unknown_call", "choice", "chat"}
EXPECT_KEYS = {"answer", "source", "words", "dates", "amounts", "percents", "verdict", "not_words"}
VERDICTS = {"yes", "no", "conditional"}
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]

problems: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)


# ------------------------------------------------------------------ texts

def document_text(path: Path) -> str:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    document = docx.Document(path)
    parts = []
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        for table in section.header.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.paragraphs]
    return "\n".join(parts)


def circular_number(text: str) -> str | None:
    head = text[:1500]
    m = re.search(r"(?:Rundschreiben(?: Nr\.)?|RS)\s+(\d{3})/(\d{2,4})\b", head)
    if not m:
        return None
    year = m.group(2)
    return f"{m.group(1)}/{year if len(year) == 4 else '20' + year}"


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"-\n(?=[a-zäöü])", "", text)  # undo line-end hyphenation
    return re.sub(r"\s+", " ", text)


def dates_in(text: str) -> set[dt.date]:
    found = set()
    for d, m, y in re.findall(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b", text):
        year = int(y) if len(y) == 4 else 2000 + int(y)
        try:
            found.add(dt.date(year, int(m), int(d)))
        except ValueError:
            pass
    month_re = "|".join(MONTHS)
    for d, mon, y in re.findall(rf"\b(\d{{1,2}})\.\s?({month_re})\s(\d{{4}})", text):
        found.add(dt.date(int(y), MONTHS.index(mon) + 1, int(d)))
    return found


NUM = r"\d{1,3}(?:[.\s]\d{3})+|\d+(?:,\d+)?"
MULT = {"mio": 10**6, "millionen": 10**6, "mrd": 10**9, "milliarden": 10**9}


def to_number(token: str) -> float:
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", token):
        return float(re.sub(r"[.\s]", "", token))
    return float(token.replace(",", "."))


def amounts_in(text: str) -> set[int]:
    found = set()
    pattern = rf"({NUM})(?:\s*(?:und|bis|–|-)\s*({NUM}))?\s*(Mio\.?|Millionen|Mrd\.?|Milliarden)?\s*(?:€|Euro|EUR)"
    for first, second, mult in re.findall(pattern, text):
        factor = MULT[mult.rstrip(".").lower()] if mult else 1
        for token in (first, second):
            if token:
                found.add(round(to_number(token) * factor))
    return found


def percents_in(text: str) -> set[float]:
    return {to_number(n) for n in re.findall(r"(\d+(?:,\d+)?)\s*(?:%|Prozent|v\.\s?H\.)", text)}


# ------------------------------------------------------------------ curated knowledge

def curated() -> tuple[str, set[dt.date], set[int], set[float]]:
    text_parts, dates, amounts = [], set(), set()
    for path in sorted((KNOWLEDGE / "calls").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for call in data["calls"]:
            for fact in call.get("facts", []):
                text_parts.append(fact["text"])
                for key in ("amount_min_eur", "amount_max_eur"):
                    if fact.get(key):
                        amounts.add(int(fact[key]))
                if fact.get("on_date"):
                    dates.add(fact["on_date"])
            for deadline in call.get("deadlines", []):
                for key in ("due_on", "originally_due_on"):
                    if deadline.get(key):
                        dates.add(deadline[key])
    circulars = yaml.safe_load((KNOWLEDGE / "circulars.yml").read_text(encoding="utf-8"))
    for c in circulars["circulars"]:
        if c.get("issued_on"):
            dates.add(c["issued_on"])
    for path in (KNOWLEDGE / "circulars").glob("*.txt"):
        text_parts.append(path.read_text(encoding="utf-8"))
    text = normalise("\n".join(text_parts))
    return text, dates | dates_in(text), amounts | amounts_in(text), percents_in(text)


# ------------------------------------------------------------------ main

def main() -> int:
    ours: dict[str, str] = {}
    formats = Counter()
    for path in sorted((HERE / "circulars").iterdir()):
        text = normalise(document_text(path))
        number = circular_number(document_text(path))
        formats[path.suffix] += 1
        if not number:
            problem(f"{path.name}: no circular number found in the letterhead")
            continue
        if number in ours:
            problem(f"{path.name}: duplicate number {number}")
        if not 300 <= int(number.split("/")[0]) <= 499 or number in ("384/2020", "014/2020"):
            problem(f"{path.name}: number {number} out of range")
        words = len(text.split())
        if not 250 <= words <= 700:
            problem(f"{path.name}: {words} words")
        ours[number] = text
    c_text, c_dates, c_amounts, c_percents = curated()

    data = yaml.safe_load((HERE / "dialogues.yml").read_text(encoding="utf-8"))
    if data.get("today") != dt.date(2026, 11, 24):
        problem("today must be 2026-11-24")
    kinds, ids, turns_own, turns_curated = Counter(), set(), 0, 0
    dialogues = data["dialogues"]
    for dialogue in dialogues:
        did = dialogue.get("id")
        if not did or did in ids:
            problem(f"missing or duplicate id {did}")
        ids.add(did)
        if set(dialogue) - {"id", "about", "turns"}:
            problem(f"{did}: unknown keys {set(dialogue) - {'id', 'about', 'turns'}}")
        if not 1 <= len(dialogue["turns"]) <= 5:
            problem(f"{did}: {len(dialogue['turns'])} turns")
        for n, turn in enumerate(dialogue["turns"], 1):
            where = f"{did}#{n}"
            if set(turn) != {"user", "expect"} or not isinstance(turn["user"], str):
                problem(f"{where}: turn needs exactly user and expect")
                continue
            expect = turn["expect"] or {}
            if set(expect) - EXPECT_KEYS:
                problem(f"{where}: unknown expect keys {set(expect) - EXPECT_KEYS}")
            kind = expect.get("answer", "stated")
            if kind not in KINDS:
                problem(f"{where}: answer kind {kind}")
            kinds[kind] += 1
            if "verdict" in expect and expect["verdict"] not in VERDICTS:
                problem(f"{where}: verdict {expect['verdict']!r}")
            for key in ("words", "not_words", "dates", "amounts", "percents"):
                if key in expect and not isinstance(expect[key], list):
                    problem(f"{where}: {key} must be a list")
            for d in expect.get("dates", []):
                if not isinstance(d, dt.date):
                    problem(f"{where}: date {d!r} is not ISO")
            if kind in ("not_stated", "unknown_call", "chat") and (
                    set(expect) & {"dates", "amounts", "percents", "verdict", "source"}):
                problem(f"{where}: {kind} turn with fact expectations")
            source = str(expect.get("source", ""))
            if source in ours:
                turns_own += 1
                text = ours[source]
                have_d, have_a, have_p = dates_in(text), amounts_in(text), percents_in(text)
            elif kind == "stated" and source and re.fullmatch(r"\d{3}/\d{4}", source) \
                    and source not in ("384/2020", "014/2020"):
                problem(f"{where}: source {source} is no circular of this set")
                continue
            else:
                if kind == "stated" and source:
                    turns_curated += 1
                text, have_d, have_a, have_p = c_text, c_dates, c_amounts, c_percents
            for d in expect.get("dates", []):
                if d not in have_d:
                    problem(f"{where}: date {d} not in {source or 'knowledge'}")
            for a in expect.get("amounts", []):
                if int(a) not in have_a:
                    problem(f"{where}: amount {a} not in {source or 'knowledge'}")
            for p in expect.get("percents", []):
                if float(p) not in have_p:
                    problem(f"{where}: percent {p} not in {source or 'knowledge'}")
            if source in ours:
                low = text.lower()
                for alternatives in expect.get("words", []):
                    options = [w.lower() for w in str(alternatives).split("|")]
                    if not any(w in low for w in options) and not any(
                            w in other.lower() for other in ours.values() for w in options):
                        problem(f"{where}: none of {alternatives!r} in {source} or another circular")

    total = sum(kinds.values())
    print(f"circulars: {dict(formats)} -> {sorted(ours)}")
    print(f"dialogues: {len(dialogues)}, turns: {total}, by kind: {dict(kinds)}")
    print(f"stated turns citing our circulars: {turns_own}, citing curated sources: {turns_curated}")
    if total < 70:
        problem(f"only {total} turns")
    if kinds["not_stated"] < 8 or kinds["unknown_call"] < 2:
        problem("too few not_stated or unknown_call turns")
    for p in problems:
        print("PROBLEM:", p)
    print("check passed" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
