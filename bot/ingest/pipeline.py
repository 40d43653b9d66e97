"""Ingest circular files: one transaction per file, unchanged files skipped by checksum."""

import hashlib
import logging
import os
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import db, knowledge, names, search
from bot.circulars import clean_text, store_text
from bot.citations import cite_circular
from bot.ingest.calls import AnnouncedCall, announced_calls, round_number, sections
from bot.ingest.cleaning import page_lines
from bot.ingest.extract import replace_extracted_records
from bot.ingest.header import parse_header
from bot.ingest.readers import SUPPORTED, IngestError, read_pages
from bot.models import CallAlias, Circular, CircularCall, CircularFile, CircularReference, FundingCall, Source
from bot.reading import find_dates
from bot.states import CallStatus, FileStatus, LinkRole, SourceKind
from bot.text import compact, fold, heading_line

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    path: Path
    status: FileStatus
    number: Optional[str] = None
    reason: Optional[str] = None


@dataclass
class IngestSummary:
    results: List[FileResult] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.results if r.status == status)


def collect_files(paths: Iterable[Path]) -> List[Path]:
    """The files named, and the supported files inside the folders named, in a stable order."""
    files: List[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


MEDIA_TYPES = {
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _keep_original(circular: Circular, path: Path, content: bytes) -> None:
    """The file itself, for staff to download: the folder it came from may be gone tomorrow."""
    original = circular.original or CircularFile()
    original.filename = path.name[-200:]
    original.media_type = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    original.content = content
    circular.original = original


def _store(session: Session, path: Path, pages: List[str], content: bytes) -> FileResult:
    lines = page_lines(pages)
    header = parse_header(lines)
    if not header.number:
        raise IngestError("keine Rundschreiben-Nummer gefunden (erwartet z. B. „Rundschreiben Nr. 384/2020“)")
    if not header.subject:
        raise IngestError("kein Betreff gefunden")
    circular = session.execute(select(Circular).filter_by(number=header.number)).scalar_one_or_none()
    checksum = hashlib.sha256(content).hexdigest()
    if circular is not None and circular.checksum == checksum:
        return FileResult(path, FileStatus.UNCHANGED, header.number)
    status = FileStatus.UPDATED if circular is not None else FileStatus.INGESTED
    if circular is None:
        circular = Circular(number=header.number)
        session.add(circular)
    elif circular.references:
        circular.references = []
        session.flush()  # old rows must be gone before new ones are inserted
    circular.subject = header.subject
    circular.issued_on = header.issued_on
    circular.place = header.place
    circular.recipients = header.recipients
    circular.summary = header.summary
    circular.source_file = str(path)
    circular.checksum = checksum
    _keep_original(circular, path, content)
    circular.references = [CircularReference(referenced_number=n, referenced_date=d) for n, d in header.references]
    store_text(session, circular, clean_text(pages))
    session.flush()
    link_calls(session, circular)
    search.index_circular(session, circular)
    return FileResult(path, status, header.number)


def _cite_as_source(session: Session, circular: Circular) -> Source:
    key = f"rs-{circular.number.replace('/', '-')}"
    source = session.execute(select(Source).filter_by(key=key)).scalar_one_or_none()
    if source is None:
        source = Source(
            key=key,
            kind=SourceKind.CIRCULAR,
            circular_number=circular.number,
            label=cite_circular(None, circular.number),
        )
        session.add(source)
    return source


def _unique_slug(session: Session, name: str, year: int) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:80] or "aufruf"
    slug, n = f"{base}-{year}", 2
    while session.execute(select(FundingCall.id).filter_by(slug=slug)).first():
        slug, n = f"{base}-{year}-{n}", n + 1
    return slug


def _program_of_references(session: Session, circular: Circular, announced: AnnouncedCall) -> List[FundingCall]:
    """Calls announced by the circulars this one refers to (Bezug) whose names share a
    distinctive word with the new call's: the earlier rounds of its program."""
    stems = {s for alias in announced.aliases for s in names.name_stems(alias)}
    found = []
    for reference in circular.references:
        earlier = knowledge.circular_by_number(session, reference.referenced_number)
        for link in earlier.call_links if earlier else []:
            if link.role != LinkRole.ANNOUNCES:
                continue
            if stems & {s for a in link.call.aliases for s in names.name_stems(a.alias)}:
                found.append(link.call)
    return found


def _known_rounds(session: Session, circular: Circular, announced: AnnouncedCall) -> List[FundingCall]:
    """Calls of the program the announced call belongs to, matched by its names or its Bezug."""
    for alias in announced.aliases:
        match = names.find_calls(session, alias, by_words=False)
        if match.calls and not match.ambiguous:
            return names.program_rounds(session, match.calls)
    earlier = _program_of_references(session, circular, announced)
    return names.program_rounds(session, earlier) if earlier else []


def _call_for(
    session: Session, circular: Circular, announced: AnnouncedCall, sentences: List[str], created: List[FundingCall]
) -> FundingCall:
    """The call the circular announces: the one it announced before (a changed file), a known
    round of the same year, a new round of a known program, or a new call, created "extracted"."""
    year = int(circular.number.split("/")[1])
    for link in circular.call_links:
        if (
            link.role == LinkRole.ANNOUNCES
            and link.call not in created
            and any(compact(a.alias) == compact(announced.name) for a in link.call.aliases)
        ):
            return link.call
    rounds = [c for c in _known_rounds(session, circular, announced) if c not in created]
    same_year = [c for c in rounds if c.year == year]
    if same_year:
        return same_year[0]
    number = round_number(sentences, circular.subject)
    if rounds and number is None and not _states_a_new_deadline(sentences, year):
        return rounds[0]  # a later circular about the newest known round (its results, a reminder)
    label = f"{number}. Aufruf {year}" if number else f"Aufruf {year}"
    if rounds:
        first = rounds[-1]
        for earlier in rounds:
            earlier.round_label = earlier.round_label or (f"Aufruf {earlier.year}" if earlier.year else None)
        # A numbered program ("Denkmalschutz-Sonderprogramm XIII") keeps its round's own name.
        name = announced.name if program_name(announced.name) == first.program else first.name
        call = FundingCall(
            slug=_unique_slug(session, name, year),
            name=name,
            program=first.program,
            round_label=label,
            year=year,
            status=CallStatus.EXTRACTED,
        )
    else:
        call = FundingCall(
            slug=_unique_slug(session, announced.name, year),
            name=announced.name,
            program=program_name(announced.name),
            round_label=label,
            year=year,
            status=CallStatus.EXTRACTED,
        )
    call.aliases = [CallAlias(alias=a) for a in dict.fromkeys([call.name, *announced.aliases])]
    session.add(call)
    session.flush()
    return call


def program_name(name: str) -> str:
    """The program a call belongs to: its name without the number of its edition ("… XIII", "… 2.0")."""
    return re.sub(r"\s+(?:[IVX]{1,5}|\d+(?:\.\d+)?)$", "", name.strip()) or name


_SUBMISSION = re.compile(
    r"einzureichen|einreich|frist|bis zum|bis spätestens|bewerb|antr[aä]g|skizze|"
    r"interessenbekundung|stichtag",
    re.I,
)


def _states_a_new_deadline(sentences: List[str], year: int) -> bool:
    """Whether the circular sets a submission date of its own year or later: a new round."""
    return any(_SUBMISSION.search(s) and any(m.day.year >= year for m in find_dates(s)) for s in sentences)


def link_calls(session: Session, circular: Circular) -> None:
    """Link the calls the circular announces, created where unknown, give each sentence the call
    of its section, and extract the records of calls not yet reviewed."""
    sentences = [s.text for s in circular.sentences]
    announced = announced_calls(circular.subject, sentences)
    if not announced:
        # A circular about a known call that it names in its subject only in passing.
        match = names.find_calls(session, circular.subject, by_words=False)
        if match.call:
            _link(circular, match.call)
        return
    calls: List[FundingCall] = []
    for call in announced:
        calls.append(_call_for(session, circular, call, sentences, calls))
    for call in calls:
        _link(circular, call)
    owners = sections(announced, sentences)
    for sentence, owner in zip(circular.sentences, owners):
        sentence.call_id = calls[owner].id if owner is not None else None
    _attribute_earlier_rounds(session, circular, calls)
    session.flush()
    source = _cite_as_source(session, circular)
    for call in calls:
        replace_extracted_records(session, call, source)


def _link(circular: Circular, call: FundingCall, role: LinkRole = LinkRole.ANNOUNCES) -> None:
    if not any(link.call is call or (call.id is not None and link.call_id == call.id) for link in circular.call_links):
        circular.call_links.append(CircularCall(call=call, role=role))


_ORDINAL_STEMS = {1: "erste", 2: "zweite", 3: "dritte", 4: "vierte", 5: "fuenfte"}


# What a report on an earlier round says: its results. "Gegenüber der Runde 2022 haben sich die
# Konditionen geändert" names that round but speaks of the new one.
_REPORTS = re.compile(
    r"ergebnis|ausgewaehlt|gefoerdert|bewilligt|entschieden|zuschlag|eingegangen|bewerbungen|"
    r"interessenbekundungen|erhalten|zum zug|beruecksichtigt"
)
_OWN_VOICE = re.compile(r"(?:wir |die geschaeftsstelle )")
# "den vierten Projektaufruf", "den neuen Aufruf": a round the circular announces, not one it reports on.
_NEW_ROUND = re.compile(
    r"\b(?:neue|aktuelle|naechste|erste|zweite|dritte|vierte|fuenfte|sechste)[nmrs]?\s+"
    r"(?:projekt|foerder|wettbewerbs)?(?:aufruf|runde|staffel)"
)


def _attribute_earlier_rounds(session: Session, circular: Circular, calls: List[FundingCall]) -> None:
    """A circular announcing a later round often reports on the earlier ones ("Aus dem ersten Aufruf
    wurden zwölf Projekte ausgewählt"): those sentences, to the end of their section, belong to
    that round, and the circular is linked to it as one that mentions it."""
    for call in calls:
        rounds = sorted(names.program_rounds(session, [call]), key=lambda c: (c.year or 0, c.slug))
        earlier = [
            (number, c)
            for number, c in enumerate(rounds, start=1)
            if c is not call and (c.year or 0) < (call.year or 0)
        ]
        if not earlier:
            continue
        own = next(number for number, c in enumerate(rounds, start=1) if c is call)
        current = None
        for sentence in circular.sentences:
            if sentence.call_id not in (None, call.id):
                continue
            if heading_line(sentence.text):
                current = None
            text = fold(sentence.text)
            named = [c for number, c in earlier if _names_round(text, number, c.year, _edition_names(c))]
            if named and _REPORTS.search(text) and not sentence.text.startswith(circular.subject[:40]):
                current = named[0]  # "Aus der Runde 2022 werden vier Vorhaben gefördert."
            elif (
                _names_round(text, own, call.year, _edition_names(call))
                or _OWN_VOICE.match(text)
                or (_NEW_ROUND.search(text) and not named)
            ):
                current = None  # the new round again, or the association's own advice
            if current is not None:
                sentence.call_id = current.id
                _link(circular, current, role=LinkRole.MENTIONS)


def _edition_names(call: FundingCall) -> List[str]:
    """Names of a round that tell it from the program's others ("DS XII", "… Sonderprogramm XII")."""
    return [fold(a.alias) for a in call.aliases if re.search(r"\s(?:[IVX]{1,5}|\d+(?:\.\d+)?)$", a.alias)]


def _names_round(text: str, number: int, year, editions: List[str]) -> bool:
    """Whether the text speaks of that round as its topic: "Ergebnis des ersten Aufrufs", "des DS
    XII", not in a comparison ("wie im ersten Aufruf")."""
    ordinal = _ORDINAL_STEMS.get(number, "")
    found = re.search(
        rf"\b(?:{ordinal}[nrs]?|{number}\.)\s*(?:\w+\s)?(?:förder|foerder)?(?:aufruf|runde|staffel)", text
    ) or (year and re.search(rf"(?:aufruf|runde|staffel)\w* (?:von |aus )?{year}\b", text))
    for edition in editions:
        found = found or re.search(rf"(?<![\w-]){re.escape(edition)}(?![\w-])", text)
    if not found:
        return False
    return not re.search(r"\b(?:wie|als|anders als|ebenso wie) (?:im|beim|in der)\s*$", text[: found.start()])


# Seconds one file may take; a file that takes longer is refused and the batch goes on.
SECONDS_PER_FILE = int(os.environ.get("FOERDERBOT_INGEST_SECONDS", "120"))


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Refuse the file when reading and storing it take longer than `seconds`. Timed by a signal,
    so only in the main thread (the `bot ingest` command); elsewhere the file is not timed."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise IngestError(f"das Einlesen dauerte länger als {seconds} Sekunden")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def ingest_file(path: Path, url: Optional[str] = None) -> FileResult:
    """Ingest one file in its own transaction; a failure leaves the database as it was."""
    try:
        with _time_limit(SECONDS_PER_FILE):
            pages = read_pages(path)
            content = path.read_bytes()
            with db.session_scope(url) as session:
                return _store(session, path, pages, content)
    except IngestError as error:
        return FileResult(path, FileStatus.FAILED, reason=str(error))
    except OSError as error:
        return FileResult(path, FileStatus.FAILED, reason=f"nicht lesbar ({error.strerror or error})")
    except Exception as error:  # noqa: BLE001 - one file's defect must not stop the batch
        log.exception("Rundschreiben %s nicht eingelesen", path.name)
        return FileResult(path, FileStatus.FAILED, reason=f"interner Fehler beim Einlesen ({type(error).__name__})")


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
