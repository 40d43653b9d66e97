"""Ingest circular files: one transaction per file, unchanged files skipped by checksum."""
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional

import spacy
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import db, knowledge, search
from bot.ingest.cleaning import page_lines
from bot.ingest.extract import extract
from bot.ingest.header import parse_header
from bot.ingest.readers import SUPPORTED, IngestError, read_pages
from bot.text import fold, reflow
from bot.models import (CallAlias, CallFact, Circular, CircularCall, CircularReference, CircularSentence,
                        Deadline, Eligibility, FundingCall, Source)


@dataclass
class FileResult:
    path: Path
    status: str  # "ingested", "updated", "unchanged" or "failed"
    number: Optional[str] = None
    reason: Optional[str] = None


@dataclass
class IngestSummary:
    results: List[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@lru_cache(maxsize=1)
def _sentencizer():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> List[str]:
    sentences = []
    for paragraph in text.split("\n\n"):
        sentences.extend(s.text.strip() for s in _sentencizer()(paragraph).sents if s.text.strip())
    return sentences


def collect_files(paths: Iterable[Path]) -> List[Path]:
    """The files named, and the supported files inside the folders named, in a stable order."""
    files: List[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


def _store(session: Session, path: Path, pages: List[str], checksum: str) -> FileResult:
    lines = page_lines(pages)
    header = parse_header(lines)
    text = reflow(lines)
    if not header.number:
        raise IngestError("keine Rundschreiben-Nummer gefunden (erwartet z. B. „Rundschreiben Nr. 384/2020“)")
    if not header.subject:
        raise IngestError("kein Betreff gefunden")
    circular = session.execute(select(Circular).filter_by(number=header.number)).scalar_one_or_none()
    if circular is not None and circular.checksum == checksum:
        return FileResult(path, "unchanged", header.number)
    status = "updated" if circular is not None else "ingested"
    if circular is None:
        circular = Circular(number=header.number)
        session.add(circular)
    else:
        # Old child rows must be gone before new ones are inserted.
        circular.sentences, circular.references = [], []
        session.flush()
    circular.subject = header.subject
    circular.issued_on = header.issued_on
    circular.place = header.place
    circular.recipients = header.recipients
    circular.summary = header.summary
    circular.full_text = text
    circular.source_file = str(path)
    circular.checksum = checksum
    circular.references = [CircularReference(referenced_number=n, referenced_date=d) for n, d in header.references]
    sentences = split_sentences(text)
    circular.sentences = [CircularSentence(position=i, text=s) for i, s in enumerate(sentences)]
    source = _cite_as_source(session, circular)
    _store_call(session, circular, sentences, source)
    search.index_circular(session, circular)
    return FileResult(path, status, header.number)


def _cite_as_source(session: Session, circular: Circular) -> Source:
    key = f"rs-{circular.number.replace('/', '-')}"
    source = session.execute(select(Source).filter_by(key=key)).scalar_one_or_none()
    if source is None:
        source = Source(key=key, kind="circular", circular_number=circular.number,
                        label=f"Rundschreiben Nr. {circular.number} des Landkreistages Sachsen-Anhalt")
        session.add(source)
    return source


def _unique_slug(session: Session, name: str, year: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:80] or "aufruf"
    slug, n = f"{base}-{year}", 2
    while session.execute(select(FundingCall.id).filter_by(slug=slug)).first():
        slug, n = f"{base}-{year}-{n}", n + 1
    return slug


def _store_call(session: Session, circular: Circular, sentences: List[str], source: Source) -> None:
    """Link the call the circular announces (found fuzzily, the circular's year picking the round)
    or create it as extracted; an extracted call gets the facts this circular states."""
    year = circular.number.split("/")[1]
    extracted = extract(circular.subject, sentences)
    match = knowledge.find_calls(session, extracted.name if extracted else circular.subject, round_hint=year)
    if not match.calls and extracted:
        match = knowledge.find_calls(session, circular.subject, round_hint=year)
    if match.ambiguous:
        return
    call = match.call
    if call is None:
        if extracted is None:
            return
        call = FundingCall(slug=_unique_slug(session, extracted.name, year), name=extracted.name,
                           program=extracted.name, year=int(year), status="extracted",
                           aliases=[CallAlias(alias=extracted.name)])
        session.add(call)
    if call.id is None or call.id not in {link.call_id for link in circular.call_links}:
        circular.call_links.append(CircularCall(call=call, role="announces"))
    if call.status == "extracted" and extracted is not None:
        _replace_extracted_facts(session, call, extracted, source)


def _replace_extracted_facts(session: Session, call: FundingCall, found, source: Source) -> None:
    """Reviewed calls are never overwritten; an extracted one reflects its newest circular."""
    if call.id is not None:
        call.facts, call.deadlines, call.eligibility = [], [], []
        session.flush()
    seen = set()
    deadlines = [d for d in found.deadlines if (d[0], d[1]) not in seen and not seen.add((d[0], d[1]))]
    call.deadlines = [Deadline(stage=i + 1, kind=kind, due_on=day, note=None, sources=[source])
                      for i, (day, kind, _) in enumerate(deadlines)]
    facts = []
    for amount, rate, sentence in found.funding:
        if amount:
            facts.append(CallFact(topic="funding", text=sentence, amount_max_eur=amount, sources=[source]))
        if rate:
            facts.append(CallFact(topic="rate", text=sentence, rate_max_percent=rate, sources=[source]))
    facts += [CallFact(topic="funder", text=sentence, sources=[source]) for sentence in found.funders]
    for position, fact in enumerate(facts):
        fact.position = position
    call.facts = facts
    rules = {}
    for applicant, verdict, sentence in found.eligibility:
        rules.setdefault(applicant, Eligibility(applicant_type=applicant, verdict=verdict, condition=sentence,
                                                sources=[source]))
    call.eligibility = list(rules.values())


def ingest_file(path: Path, url: Optional[str] = None) -> FileResult:
    """Ingest one file in its own transaction; a failure leaves the database as it was."""
    try:
        pages = read_pages(path)
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        with db.session_scope(url) as session:
            return _store(session, path, pages, checksum)
    except IngestError as error:
        return FileResult(path, "failed", reason=str(error))
    except OSError as error:
        return FileResult(path, "failed", reason=f"nicht lesbar ({error.strerror or error})")


def ingest(paths: Iterable[Path], url: Optional[str] = None, progress: bool = False) -> IngestSummary:
    files = collect_files(paths)
    summary = IngestSummary()
    if progress:
        from tqdm import tqdm

        files_iter = tqdm(files, desc="Rundschreiben", unit="Datei")
    else:
        files_iter = files
    for path in files_iter:
        summary.results.append(ingest_file(path, url))
    return summary
