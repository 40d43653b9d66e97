"""Benchmark: generate synthetic circulars, ingest them, time search and answers.

    .venv/bin/python scripts/benchmark.py [--circulars 10000] [--queries 100] [--database-url URL]

Prints ingestion throughput (files/s) and latency percentiles of `bot search`'s search, of the
free-question quote and of finding a call by name. The circulars are fictitious ("Testprogramm"),
written with a fixed random seed, so runs are comparable. Without --database-url it uses a new
SQLite file in a temporary folder.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, List

from bot import db, knowledge, quotes, search
from bot.config import KNOWLEDGE_DIR
from bot.dates import german_date
from bot.ingest.pipeline import ingest_file
from bot.loader import load_knowledge
from bot.states import FileStatus

TOPICS = [
    "Digitalisierung",
    "Daseinsvorsorge",
    "Breitbandausbau",
    "Klimaschutz",
    "Nahverkehr",
    "Schulsanierung",
    "Pflegeinfrastruktur",
    "Katastrophenschutz",
    "Tourismus",
    "Radwegebau",
    "Feuerwehrhäuser",
    "Integration",
    "Wasserstoff",
    "Denkmalschutz",
    "Sportstätten",
    "Kindertagesstätten",
    "Jugendarbeit",
    "Dorfentwicklung",
    "Energieeffizienz",
    "Hochwasserschutz",
    "Gesundheitsversorgung",
    "Bibliotheken",
    "Fachkräftesicherung",
    "Wirtschaftsförderung",
    "Verwaltungsmodernisierung",
    "Kulturförderung",
    "Landärzte",
    "Mobilfunk",
    "Stadtumbau",
    "Ehrenamt",
]
PREFIXES = [
    "Modellvorhaben",
    "Zukunft",
    "Netzwerk",
    "Impuls",
    "Initiative",
    "Pilotprogramm",
    "Offensive",
    "Werkstatt",
    "Innovationsfonds",
    "Regionalbudget",
]
MINISTRIES = [
    "das fiktive Landesministerium für Testzwecke",
    "das fiktive Bundesamt für Beispielförderung",
    "die fiktive Landesstiftung für Erprobung",
    "das fiktive Ministerium für Musterprojekte",
]
APPLICANTS = ["Landkreise", "Gemeinden", "Verbandsgemeinden", "Vereine", "Zweckverbände"]
QUERY_WORDS = TOPICS + [
    "Fristen",
    "Förderaufrufe",
    "Antrag",
    "Interessenbekundung",
    "Förderquote",
    "Projektskizze",
    "Landkreise",
    "Gemeinden",
    "Vereine",
    "digitale",
    "Schulen",
    "Radwege",
    "Feuerwehr",
    "Digitalisierungsstrategie",
    "Energie",
    "Pflege",
]


def circular_text(rng: random.Random, number: int, year: int) -> str:
    """One fictitious circular; about a third announce a call, the rest report on a topic."""
    issued = date(year, 1, 1) + timedelta(days=rng.randrange(360))
    topic, other = rng.sample(TOPICS, 2)
    allowed, excluded = rng.sample(APPLICANTS, 2)
    announces = rng.random() < 0.3
    program = f"{rng.choice(PREFIXES)} {topic} {rng.randrange(1, 400)}"
    subject = (
        f"Förderaufruf „{program}“ (fiktives Testprogramm)"
        if announces
        else f"Information zu {topic} und {other} (fiktiv)"
    )
    due = issued + timedelta(days=rng.randrange(30, 200))
    body = [
        f"Das Thema {topic} beschäftigt die Landkreise seit Längerem. {rng.choice(MINISTRIES).capitalize()} "
        f"hat dazu neue Hinweise veröffentlicht, die auch {other} betreffen.",
        f"Gefördert werden bis zu {rng.randrange(2, 90) * 5000:,} Euro je Vorhaben, die Förderquote beträgt "
        f"höchstens {rng.choice([50, 60, 75, 80, 90])} %.".replace(",", "."),
        f"Antragsberechtigt sind {allowed}. {excluded} sind nicht antragsberechtigt.",
        f"Interessenbekundungen sind bis zum {german_date(due)} einzureichen.",
        "Die Geschäftsstelle wird über den weiteren Verlauf berichten. " * rng.randrange(1, 4),
    ]
    if not announces:
        body = [body[0], body[4], f"Zum Thema {other} liegen bislang keine weiteren Erkenntnisse vor."]
    return "\n".join(
        [
            "An die",
            "Landkreise",
            "in Sachsen-Anhalt",
            "",
            f"Magdeburg, den {german_date(issued)}",
            "",
            f"Rundschreiben Nr. {number}/{year}",
            "",
            subject,
            "",
            f"Kurzfassung: {body[0]}",
            "",
            *("\n".join(_wrap(p)) + "\n" for p in body[1:]),
        ]
    )


def _wrap(paragraph: str, width: int = 80) -> List[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def write_circulars(folder: Path, count: int, seed: int = 2026) -> List[Path]:
    rng = random.Random(seed)
    paths, per_year = [], {}
    for _ in range(count):
        year = rng.randrange(2015, 2027)
        per_year[year] = per_year.get(year, 0) + 1
        path = folder / f"rs-{per_year[year]:04d}-{year}.txt"
        path.write_text(circular_text(rng, per_year[year], year), encoding="utf-8")
        paths.append(path)
    return paths


def queries(count: int, seed: int = 7) -> List[dict]:
    """Varied queries: one word, two words, inflected forms, compounds, with and without filters."""
    rng = random.Random(seed)
    result = []
    for i in range(count):
        words = rng.sample(QUERY_WORDS, 1 if i % 3 else 2)
        query = {"query": " ".join(words)}
        if i % 5 == 1:
            query["year"] = rng.randrange(2015, 2027)
        if i % 7 == 2:
            query["applicant_type"] = rng.choice(["landkreis", "gemeinde", "zivilgesellschaft"])
        if i % 11 == 3:
            query["status"] = rng.choice(["open", "closed"])
        result.append(query)
    return result


def percentiles(timings_ms: List[float]) -> str:
    ordered = sorted(timings_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   max {ordered[-1]:7.2f} ms"


def timed(calls: List[Callable[[], object]]) -> List[float]:
    timings = []
    for call in calls:
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--circulars", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="foerderbot-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    db.upgrade(url)
    with db.session_scope(url) as session:
        load_knowledge(session, KNOWLEDGE_DIR)
    folder = workdir / "circulars"
    folder.mkdir()
    paths = write_circulars(folder, args.circulars)
    print(f"{len(paths)} synthetische Rundschreiben in {folder}; Datenbank {url}")

    start = time.perf_counter()
    failed = sum(ingest_file(path, url).status == FileStatus.FAILED for path in paths)
    seconds = time.perf_counter() - start
    print(f"Einlesen:      {len(paths) / seconds:7.1f} Dateien/s ({seconds:.1f} s, {failed} fehlgeschlagen)")

    today = date(2026, 11, 24)
    with db.session_scope(url) as session:
        calls = knowledge.list_calls(session)
        plan = queries(args.queries)
        # A server answers many queries; the first ones pay for SQL compilation and caches.
        for warm_up in ({}, {"status": "open"}, {"applicant_type": "landkreis"}):
            search.search(session, "Aufwärmen", today=today, **warm_up)
        searches = timed(
            [
                lambda q=q: search.search(
                    session, q["query"], today=today, **{k: v for k, v in q.items() if k != "query"}
                )
                for q in plan
            ]
        )
        print(f"Suche:         {percentiles(searches)}   ({len(plan)} Anfragen, {len(calls)} Aufrufe in der Datenbank)")
        questions = [f"Was gilt für {q['query']} bei den Landkreisen?" for q in plan]
        quoted = timed([lambda m=m: quotes.best_sentence(session, m) for m in questions])
        print(f"Zitat-Antwort: {percentiles(quoted)}")
        rng = random.Random(3)
        names = [f"Bis wann läuft die Frist bei {c.name}?" for c in rng.sample(calls, min(100, len(calls)))]
        found = timed([lambda m=m: knowledge.find_calls(session, m) for m in names])
        print(f"Aufruf finden: {percentiles(found)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
