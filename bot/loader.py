"""Load the curated facts under data/knowledge/ into the database, idempotently.

Every record is keyed (source key, circular number, call slug): loading again updates what
changed and leaves the rest, and records that came from elsewhere (ingestion) are untouched.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Iterable, List, Type, TypeVar

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import search
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.circulars import clean_text, store_text
from bot.models import (
    CallAlias,
    CallFact,
    Circular,
    CircularCall,
    CircularReference,
    Deadline,
    Eligibility,
    FundingCall,
    Source,
)
from bot.states import STORED_VERDICTS, CallStatus, DeadlineKind, LinkRole, SourceKind, State, Verdict
from bot.text import normalise_circular_number

S = TypeVar("S", bound=State)


class KnowledgeError(ValueError):
    """The knowledge files are inconsistent; the message names file and record."""


@dataclass
class LoadReport:
    sources: int = 0
    circulars: int = 0
    calls: int = 0
    # Calls staff changed on the staff app: the knowledge files no longer overwrite them.
    kept: List[str] = field(default_factory=list)


def _read(path: Path, key: str) -> List[dict]:
    with path.open(encoding="utf-8") as handle:
        content = yaml.safe_load(handle) or {}
    records = content.get(key, [])
    if not isinstance(records, list):
        raise KnowledgeError(f"{path}: '{key}' muss eine Liste sein")
    return records


def _as_date(value, where: str):
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise KnowledgeError(f"{where}: ungültiges Datum {value!r}") from error


def _state(enum: Type[S], value, where: str) -> S:
    """The member of a closed set (bot/states.py) that the file names; the database refuses others."""
    if value not in list(enum):
        raise KnowledgeError(f"{where}: {value!r} ungültig (erlaubt: {', '.join(m.value for m in enum)})")
    return enum(value)


def _upsert(session: Session, model, **key):
    row = session.execute(select(model).filter_by(**key)).scalar_one_or_none()
    if row is None:
        row = model(**key)
        session.add(row)
    return row


class _Loader:
    def __init__(self, session: Session, directory: Path):
        self.session = session
        self.directory = directory
        self.sources: Dict[str, Source] = {}

    def cited(self, keys: Iterable[str], where: str) -> List[Source]:
        keys = list(keys or [])
        if not keys:
            raise KnowledgeError(f"{where}: jede Angabe braucht eine Quelle")
        missing = [k for k in keys if k not in self.sources]
        if missing:
            raise KnowledgeError(f"{where}: unbekannte Quelle(n) {', '.join(missing)}")
        return [self.sources[k] for k in keys]

    def load_sources(self, records: List[dict]) -> None:
        for record in records:
            source = _upsert(self.session, Source, key=record["key"])
            source.kind = _state(SourceKind, record["kind"], f"sources.yml ({source.key}) kind")
            source.label = record["label"]
            source.published = record.get("published")
            source.circular_number = record.get("circular")
            self.sources[source.key] = source

    def load_call(self, record: dict, where: str) -> bool:
        """Load one call; False when staff have changed it since, and it is left as they made it."""
        call = _upsert(self.session, FundingCall, slug=record["slug"])
        if call.id is not None and call.changes:
            return False
        call.name = record["name"]
        call.program = record.get("program", record["name"])
        call.round_label = record.get("round_label")
        call.year = record.get("year")
        call.status = CallStatus.REVIEWED
        where = f"{where} ({call.slug})"
        if call.id is not None:
            # Old child rows must be gone before new ones with the same unique keys are inserted.
            call.aliases, call.facts, call.deadlines, call.eligibility = [], [], [], []
            self.session.flush()
        call.aliases = [CallAlias(alias=a) for a in dict.fromkeys([call.name, *record.get("aliases", [])])]
        call.facts = [
            CallFact(
                topic=f["topic"],
                position=i,
                text=" ".join(f["text"].split()),
                on_date=_as_date(f.get("on_date"), where),
                amount_min_eur=f.get("amount_min_eur"),
                amount_max_eur=f.get("amount_max_eur"),
                rate_max_percent=f.get("rate_max_percent"),
                sources=self.cited(f.get("sources"), f"{where} Fakt {f['topic']}"),
            )
            for i, f in enumerate(record.get("facts", []))
        ]
        call.deadlines = [
            Deadline(
                stage=d.get("stage", 1),
                kind=_state(DeadlineKind, d["kind"], f"{where} Frist kind"),
                due_on=_as_date(d.get("due_on"), where),
                originally_due_on=_as_date(d.get("originally_due_on"), where),
                note=d.get("note"),
                sources=self.cited(d.get("sources"), f"{where} Frist"),
            )
            for d in record.get("deadlines", [])
        ]
        rules = []
        for e in record.get("eligibility", []):
            if e["applicant"] not in APPLICANT_LABELS or e["verdict"] not in STORED_VERDICTS:
                raise KnowledgeError(f"{where}: Antragsberechtigung {e['applicant']}/{e['verdict']} ungültig")
            rules.append(
                Eligibility(
                    applicant_type=e["applicant"],
                    verdict=Verdict(e["verdict"]),
                    condition=" ".join((e.get("condition") or "").split()) or None,
                    sources=self.cited(e.get("sources"), f"{where} Berechtigung"),
                )
            )
        call.eligibility = rules
        return True

    def load_circular(self, record: dict, where: str) -> None:
        number = normalise_circular_number(str(record["number"]))
        if not number:
            raise KnowledgeError(f"{where}: ungültige Rundschreiben-Nummer {record['number']!r}")
        circular = _upsert(self.session, Circular, number=number)
        circular.issued_on = _as_date(record.get("issued_on"), where)
        circular.subject = record["subject"]
        circular.recipients = record.get("recipients")
        circular.summary = " ".join((record.get("summary") or "").split()) or None
        if record.get("text_file"):
            path = self.directory / record["text_file"]
            raw = path.read_text(encoding="utf-8")
            store_text(self.session, circular, clean_text([raw]))
            circular.source_file = str(Path("data/knowledge") / record["text_file"])
            circular.checksum = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        described_by = record.get("described_by")
        circular.described_by = self.cited([described_by], where)[0] if described_by else None
        circular.references = [
            CircularReference(
                referenced_number=normalise_circular_number(str(r["number"])),
                referenced_date=_as_date(r.get("date"), where),
            )
            for r in record.get("references", [])
        ]
        links = []
        for link in record.get("calls", []):
            call = self.session.execute(select(FundingCall).filter_by(slug=link["call"])).scalar_one_or_none()
            if call is None:
                raise KnowledgeError(f"{where}: unbekannter Aufruf {link['call']!r}")
            role = _state(LinkRole, link.get("role", LinkRole.ANNOUNCES), f"{where} ({number}) role")
            links.append(CircularCall(call=call, role=role))
        circular.call_links = links


def load_knowledge(session: Session, directory: Path) -> LoadReport:
    """Load sources, calls and circulars from `directory`; raises KnowledgeError on bad data."""
    loader = _Loader(session, directory)
    report = LoadReport()
    sources = _read(directory / "sources.yml", "sources")
    loader.load_sources(sources)
    report.sources = len(sources)
    session.flush()
    for path in sorted((directory / "calls").glob("*.yml")):
        for record in _read(path, "calls"):
            if loader.load_call(record, path.name):
                report.calls += 1
            else:
                report.kept.append(record["slug"])
    session.flush()
    for record in _read(directory / "circulars.yml", "circulars"):
        loader.load_circular(record, "circulars.yml")
        report.circulars += 1
    search.reindex(session)
    return report
