"""Check eval/dev2/dialogues.yml: format, turn counts, and that every expected date, amount and
percentage of a turn is literally stated by the circular (or curated fact) it cites.

Run with the project venv:  /work/main/.venv/bin/python eval/dev2/check.py
Exit status 1 if anything is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CIRCULARS = HERE / "circulars"
KNOWLEDGE = ROOT / "data" / "knowledge"

ANSWERS = {"stated", "not_stated", "unknown_call", "choice", "chat"}
VERDICTS = {"yes", "no", "conditional"}
EXPECT_KEYS = {"answer", "source", "words", "dates", "amounts", "percents", "verdict", "not_words"}
MONTHS = {
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


# ------------------------------------------------------------------ reading the circulars


def circular_text(path: Path) -> str:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        parts: list[str] = []
        for sec in d.sections:
            for t in sec.header.tables:
                parts += [c.text for row in t.rows for c in row.cells]
            parts += [p.text for p in sec.header.paragraphs]
        for t in d.tables:
            parts += [c.text for row in t.rows for c in row.cells]
        parts += [p.text for p in d.paragraphs]
        return "\n".join(parts)
    raise ValueError(path)


def number_of(path: Path) -> str:
    m = re.match(r"rundschreiben-(\d+)-(\d{4})", path.stem)
    return f"{m.group(1)}/{m.group(2)}"


def norm_space(text: str) -> str:
    # undo line-break hyphenation of the PDFs, then collapse all whitespace
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"[ \t\r\n\u00a0\u202f]+", " ", text)


def dates_in(text: str) -> set[dt.date]:
    found: set[dt.date] = set()
    for d, m, y in re.findall(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b", text):
        year = int(y) + (2000 if len(y) == 2 else 0)
        try:
            found.add(dt.date(year, int(m), int(d)))
        except ValueError:
            pass
    for d, mon, y in re.findall(r"\b(\d{1,2})\.\s*([A-Za-zäÄ]+)\s+(\d{4})\b", text):
        if mon.lower() in MONTHS:
            found.add(dt.date(int(y), MONTHS[mon.lower()], int(d)))
    return found


def to_number(s: str) -> float:
    s = s.replace(" ", "").replace("\u202f", "").replace(".", "").replace(",", ".")
    return float(s)


NUM = r"\d{1,3}(?:[. \u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def amounts_in(text: str) -> set[float]:
    found: set[float] = set()
    for num, mio in re.findall(rf"({NUM})\s*(Mio\.|Millionen)?\s*(?:Euro|€|EUR)", text):
        value = to_number(num) * (1_000_000 if mio else 1)
        found.add(round(value, 2))
    return found


def percents_in(text: str) -> set[float]:
    found: set[float] = set()
    for num in re.findall(rf"({NUM})\s*(?:%|Prozent|v\.\s?H\.|vom Hundert)", text):
        found.add(to_number(num))
    return found


# ------------------------------------------------------------------ curated facts


def curated() -> tuple[set[dt.date], set[float], set[float], set[str]]:
    dates: set[dt.date] = set()
    amounts: set[float] = set()
    percents: set[float] = set()
    texts: list[str] = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, dt.date):
            dates.add(node)
        elif isinstance(node, (int, float)) and key.startswith("amount"):
            amounts.add(float(node))
        elif isinstance(node, (int, float)) and key.startswith("rate"):
            percents.add(float(node))
        elif isinstance(node, str):
            texts.append(node)

    for f in list((KNOWLEDGE / "calls").glob("*.yml")) + [KNOWLEDGE / "circulars.yml", KNOWLEDGE / "sources.yml"]:
        walk(yaml.safe_load(f.read_text(encoding="utf-8")))
    joined = norm_space("\n".join(texts))
    dates |= dates_in(joined)
    amounts |= amounts_in(joined)
    amounts |= {round(to_number(n), 2) for n in re.findall(r"(\d{1,3}(?:\.\d{3})+) Euro", joined)}
    percents |= percents_in(joined)
    labels = {joined}
    return dates, amounts, percents, labels


# ------------------------------------------------------------------ checks


def main() -> int:
    data = yaml.safe_load((HERE / "dialogues.yml").read_text(encoding="utf-8"))
    if set(data) != {"today", "dialogues"}:
        err(f"top-level keys: {sorted(data)}")
    if not isinstance(data.get("today"), dt.date) or str(data["today"]) != "2026-11-24":
        err(f"today must be 2026-11-24, is {data.get('today')!r}")

    files = sorted(p for p in CIRCULARS.iterdir() if p.is_file())
    texts = {number_of(p): norm_space(circular_text(p)) for p in files}
    facts = {n: (dates_in(t), amounts_in(t), percents_in(t)) for n, t in texts.items()}
    c_dates, c_amounts, c_percents, c_labels = curated()
    curated_text = next(iter(c_labels))

    ids: set[str] = set()
    kinds: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    n_turns = 0
    n_own = n_curated = 0
    for dlg in data["dialogues"]:
        did = dlg.get("id")
        if not did or did in ids:
            err(f"missing or duplicate id: {did!r}")
        ids.add(did)
        if set(dlg) - {"id", "about", "turns"}:
            err(f"{did}: unknown keys {set(dlg) - {'id', 'about', 'turns'}}")
        turns = dlg.get("turns") or []
        if not 1 <= len(turns) <= 5:
            err(f"{did}: {len(turns)} turns (must be 1-5)")
        for i, turn in enumerate(turns, 1):
            where = f"{did}#{i}"
            n_turns += 1
            if set(turn) != {"user", "expect"} or not isinstance(turn["user"], str) or not turn["user"].strip():
                err(f"{where}: a turn needs user (text) and expect")
                continue
            exp = turn["expect"] or {}
            if set(exp) - EXPECT_KEYS:
                err(f"{where}: unknown expect keys {set(exp) - EXPECT_KEYS}")
            kind = exp.get("answer", "stated")
            kinds[kind] += 1
            if kind not in ANSWERS:
                err(f"{where}: answer {kind!r}")
            if "verdict" in exp and exp["verdict"] not in VERDICTS:
                err(f"{where}: verdict {exp['verdict']!r}")
            for key in ("words", "not_words"):
                if key in exp and not (isinstance(exp[key], list) and all(isinstance(w, str) and w for w in exp[key])):
                    err(f"{where}: {key} must be a list of strings")
            for d in exp.get("dates", []):
                if not isinstance(d, dt.date):
                    err(f"{where}: date {d!r} is not an ISO date")
            for key in ("amounts", "percents"):
                for v in exp.get(key, []):
                    if not isinstance(v, (int, float)):
                        err(f"{where}: {key} value {v!r} is not a number")
            src = exp.get("source")
            if kind == "stated" and not src:
                err(f"{where}: a stated answer needs a source")
            if kind != "stated" and any(k in exp for k in ("source", "dates", "amounts", "percents", "verdict")):
                err(f"{where}: {kind} turns carry no source/facts")
            if not src:
                continue
            src = str(src)
            by_source[src] += 1
            if src in facts:
                n_own += 1
                f_dates, f_amounts, f_percents = facts[src]
                for d in exp.get("dates", []):
                    if d not in f_dates:
                        err(f"{where}: date {d} not stated in {src}")
                for a in exp.get("amounts", []):
                    if round(float(a), 2) not in f_amounts:
                        err(f"{where}: amount {a} not stated in {src}")
                for p in exp.get("percents", []):
                    if float(p) not in f_percents:
                        err(f"{where}: percent {p} not stated in {src}")
            else:
                n_curated += 1
                if src not in curated_text:
                    err(f"{where}: source {src!r} is neither a dev2 circular nor in data/knowledge")
                for d in exp.get("dates", []):
                    if d not in c_dates:
                        err(f"{where}: date {d} not in the curated facts")
                for a in exp.get("amounts", []):
                    if float(a) not in c_amounts:
                        err(f"{where}: amount {a} not in the curated facts")
                for p in exp.get("percents", []):
                    if float(p) not in c_percents:
                        err(f"{where}: percent {p} not in the curated facts")

    # circulars: 7 files, formats, unique numbers 500-699
    suffixes = Counter(p.suffix for p in files)
    if len(files) != 7:
        err(f"{len(files)} circular files (expected 7)")
    for suf in (".txt", ".pdf", ".docx"):
        if suffixes[suf] < 2:
            err(f"only {suffixes[suf]} {suf} circulars")
    for n in texts:
        num = int(n.split("/")[0])
        if not 500 <= num <= 699:
            err(f"circular number {n} outside 500-699")
        if n.split("/")[0] + "/" not in texts[n] and n not in texts[n]:
            pass
    words = {n: len(t.split()) for n, t in texts.items()}
    for n, w in words.items():
        if not 250 <= w <= 700:
            err(f"{n}: {w} words (250-700)")

    if n_turns < 70:
        err(f"only {n_turns} turns")
    if kinds["not_stated"] < 8:
        err(f"only {kinds['not_stated']} not_stated turns")
    if kinds["unknown_call"] < 2:
        err(f"only {kinds['unknown_call']} unknown_call turns")

    print(f"dialogues: {len(data['dialogues'])}, turns: {n_turns}")
    print("by answer kind:", dict(kinds))
    print(f"turns citing a dev2 circular: {n_own}, citing curated facts: {n_curated}")
    print("by source:", dict(sorted(by_source.items())))
    print("circulars:", {n: f"{words[n]} words" for n in sorted(words)}, dict(suffixes))
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print(" -", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
