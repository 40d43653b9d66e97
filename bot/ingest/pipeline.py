"""Ingest circular files: one transaction per file, unchanged files skipped by checksum."""
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional

import spacy
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import db, knowledge
from bot.ingest.cleaning import page_lines
from bot.ingest.header import parse_header
from bot.ingest.readers import SUPPORTED, IngestError, read_pages
from bot.text import reflow
from bot.models import Circular, CircularCall, CircularReference, CircularSentence, Source


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
    circular.sentences = [CircularSentence(position=i, text=s) for i, s in enumerate(split_sentences(text))]
    _cite_as_source(session, circular)
    _link_announced_calls(session, circular)
    return FileResult(path, status, header.number)


def _cite_as_source(session: Session, circular: Circular) -> None:
    key = f"rs-{circular.number.replace('/', '-')}"
    if session.execute(select(Source).filter_by(key=key)).scalar_one_or_none() is None:
        session.add(Source(key=key, kind="circular", circular_number=circular.number,
                           label=f"Rundschreiben Nr. {circular.number} des Landkreistages Sachsen-Anhalt"))


def _link_announced_calls(session: Session, circular: Circular) -> None:
    """Link the calls its subject names; the circular's year picks among a program's rounds."""
    year = circular.number.split("/")[1]
    match = knowledge.find_calls(session, circular.subject, round_hint=year)
    linked = {link.call_id for link in circular.call_links}
    for call in ([match.call] if match.call else []):
        if call.id not in linked:
            circular.call_links.append(CircularCall(call=call, role="announces"))


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
