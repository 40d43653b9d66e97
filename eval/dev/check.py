"""Consistency check of eval/dev/dialogues.yml (not part of the runner).

  .venv/bin/python eval/dev/check.py

Checks the format of the dialogue file against eval/README.md, counts turns, and confirms that
every expected date, euro amount and percentage is stated by the cited source: for a circular of
this set in the circular itself (TXT as it is, PDF and DOCX as extracted from the generated files
and as written in sources/), for a curated source in data/knowledge/.
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
KNOWLEDGE = ROOT / "data" / "knowledge"

ANSWERS = {"stated", "not_stated", "unknown_call", "choice", "chat"}
VERDICTS = {"yes", "no", "conditional"}
EXPECT_KEYS = {"answer", "source", "words", "dates", "amounts", "percents", "verdict", "not_words"}
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]
MULTIPLIERS = {"mio.": 10**6, "millionen": 10**6, "million": 10**6, "mrd.": 10**9, "milliarden": 10**9}

errors: list[str] = []


def error(msg: str) -> None:
    errors.append(msg)


# ---------------------------------------------------------------- texts of the sources


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def docx_text(path: Path) -> str:
    import docx
    document = docx.Document(str(path))
    parts = []
    for section in document.sections:
        for table in section.header.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        parts += [p.text for p in section.header.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.paragraphs]
    return "\n".join(parts)


def circular_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((HERE / "circulars").iterdir()):
        m = re.fullmatch(r"rundschreiben-(\d{3})-(\d{4})\.(txt|pdf|docx)", path.name)
        if not m:
            error(f"unexpected file in circulars/: {path.name}")
            continue
        number = f"{m.group(1)}/{m.group(2)}"
        if m.group(3) == "txt":
            text = path.read_text(encoding="utf-8")
        elif m.group(3) == "pdf":
            text = pdf_text(path)
        else:
            text = docx_text(path)
        source = HERE / "sources" / f"rs-{m.group(1)}-{m.group(2)}.txt"
        if source.exists():
            text += "\n" + source.read_text(encoding="utf-8").replace("~", "")
        texts[number] = text
    return texts


def knowledge_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE.rglob("*.yml"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE.rglob("*.txt"))]
    return "\n".join(parts)


def citation_labels() -> list[str]:
    labels = []
    data = yaml.safe_load((KNOWLEDGE / "sources.yml").read_text(encoding="utf-8"))
    for source in data["sources"]:
        labels.append(source["label"])
        if source.get("circular"):
            labels.append(source["circular"])
    data = yaml.safe_load((KNOWLEDGE / "circulars.yml").read_text(encoding="utf-8"))
    labels += [c["number"] for c in data["circulars"]]
    return labels


# ---------------------------------------------------------------- reading dates, amounts, percents


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
    text = re.sub(r"-\n(?=[a-zäöü])", "", text)  # line-break hyphenation
    return re.sub(r"\s+", " ", text)


def date_forms(day: dt.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    month = MONTHS[m - 1]
    return [f"{d:02}.{m:02}.{y}", f"{d}.{m}.{y}", f"{d:02}.{m:02}.{y % 100:02}", f"{d}. {month} {y}",
            f"{d:02}. {month} {y}", day.isoformat()]


def number(value: str) -> float:
    value = value.strip().replace(" ", "")
    if "," in value:
        whole, frac = value.split(",", 1)
        return float(whole.replace(".", "") + "." + frac)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        return float(value.replace(".", ""))
    return float(value)


NUM = r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
AMOUNT = re.compile(
    rf"({NUM})(?:\s*(?:Mio\.|Millionen)?\s*(?:Euro|€|EUR)?\s*(?:bis|und|-|–)\s*({NUM}))?"
    r"\s*(Mio\.|Millionen|Million|Mrd\.|Milliarden)?\s*(Euro|€|EUR)", re.IGNORECASE)
PERCENT = re.compile(rf"({NUM})\s*(?:%|Prozent|v\.\s?H\.)", re.IGNORECASE)
PERCENT_RANGE = re.compile(rf"({NUM})\s*(?:%|Prozent|v\.\s?H\.)?\s*(?:bis|und|-|–)\s*(?:zu\s*)?({NUM})\s*(?:%|Prozent|v\.\s?H\.)",
                           re.IGNORECASE)
AMOUNT_FIELD = re.compile(r"amount_(?:min|max)_eur:\s*(\d+)")
PERCENT_FIELD = re.compile(r"rate_max_percent:\s*(\d+)")


def amounts_in(text: str) -> set[float]:
    found = set()
    for m in AMOUNT.finditer(text):
        factor = MULTIPLIERS.get((m.group(3) or "").lower(), 1)
        found.add(round(number(m.group(1)) * factor, 2))
        if m.group(2):
            found.add(round(number(m.group(2)) * factor, 2))
    found |= {float(v) for v in AMOUNT_FIELD.findall(text)}
    return found


def percents_in(text: str) -> set[float]:
    found = {number(v) for v in PERCENT.findall(text)}
    for m in PERCENT_RANGE.finditer(text):
        found |= {number(m.group(1)), number(m.group(2))}
    found |= {float(v) for v in PERCENT_FIELD.findall(text)}
    return found


def has_date(text: str, day: dt.date) -> bool:
    return any(form in text for form in date_forms(day))


# ---------------------------------------------------------------- the check


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def main() -> int:
    data = yaml.safe_load((HERE / "dialogues.yml").read_text(encoding="utf-8"))
    if set(data) != {"today", "dialogues"}:
        error(f"top-level keys: {sorted(data)}")
    if as_date(data.get("today")) is None:
        error("today is not an ISO date")

    texts = {number: normalise(text) for number, text in circular_texts().items()}
    knowledge = normalise(knowledge_text())
    labels = citation_labels()
    if len(texts) != 7:
        error(f"{len(texts)} circulars, expected 7")

    ids = Counter()
    kinds = Counter()
    groups = Counter()
    verdicts = Counter()
    turns = 0
    for dialogue in data["dialogues"]:
        did = dialogue.get("id")
        ids[did] += 1
        if set(dialogue) - {"id", "about", "turns"} or not did or not dialogue.get("turns"):
            error(f"{did}: keys {sorted(dialogue)}")
            continue
        if not 1 <= len(dialogue["turns"]) <= 5:
            error(f"{did}: {len(dialogue['turns'])} turns")
        for n, turn in enumerate(dialogue["turns"], 1):
            where = f"{did} turn {n}"
            turns += 1
            if set(turn) != {"user", "expect"} or not str(turn.get("user", "")).strip():
                error(f"{where}: keys {sorted(turn)}")
                continue
            expect = turn["expect"] or {}
            if set(expect) - EXPECT_KEYS:
                error(f"{where}: unknown keys {sorted(set(expect) - EXPECT_KEYS)}")
            answer = expect.get("answer", "stated")
            kinds[answer] += 1
            if answer not in ANSWERS:
                error(f"{where}: answer {answer!r}")
            if "verdict" in expect:
                verdicts[expect["verdict"]] += 1
                if expect["verdict"] not in VERDICTS:
                    error(f"{where}: verdict {expect['verdict']!r} (quote yes/no in YAML)")
            for key in ("words", "not_words", "dates", "amounts", "percents"):
                if key in expect and not isinstance(expect[key], list):
                    error(f"{where}: {key} is not a list")
            for word in expect.get("words", []) + expect.get("not_words", []):
                if not isinstance(word, str) or not word.strip():
                    error(f"{where}: word {word!r} is not a non-empty string")
            if answer != "stated" and any(k in expect for k in ("source", "dates", "amounts", "percents", "verdict")):
                error(f"{where}: {answer} turn with stated-answer expectations")
            if answer == "stated" and "source" not in expect:
                error(f"{where}: stated turn without source")

            source = str(expect.get("source", ""))
            if answer == "stated":
                groups["dev circulars" if source in texts else "curated"] += 1
            if not source:
                continue
            if source in texts:
                text = texts[source]
            else:
                if not any(source.lower() in label.lower() for label in labels):
                    error(f"{where}: source {source!r} is neither a dev circular nor a curated citation")
                text = knowledge
            for value in expect.get("dates", []):
                day = as_date(value)
                if day is None:
                    error(f"{where}: date {value!r} is not ISO")
                elif not has_date(text, day):
                    error(f"{where}: date {day} not stated by {source}")
            found = amounts_in(text)
            for value in expect.get("amounts", []):
                if float(value) not in found:
                    error(f"{where}: amount {value} not stated by {source}")
            found = percents_in(text)
            for value in expect.get("percents", []):
                if float(value) not in found:
                    error(f"{where}: percent {value} not stated by {source}")
            if source in texts:
                for word in expect.get("words", []):
                    if not any(alt.lower() in text.lower() for alt in word.split("|")):
                        error(f"{where}: none of {word!r} in {source}")

    for did, count in ids.items():
        if count > 1:
            error(f"id {did} used {count} times")

    print(f"dialogues: {len(data['dialogues'])}, turns: {turns}")
    print("by answer kind:", dict(kinds))
    print("stated turns by source:", dict(groups))
    print("verdicts:", dict(verdicts))
    cited = Counter(str(t["expect"].get("source")) for d in data["dialogues"] for t in d["turns"]
                    if str(t["expect"].get("source")) in texts)
    print("turns per dev circular:", dict(sorted(cited.items())))
    for msg in errors:
        print("ERROR:", msg)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
