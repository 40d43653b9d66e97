"""Extract what a circular states about the call it announces: name, deadlines, money,
eligibility, funders. Only what the text says, each as the sentence that says it."""
import re
from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional, Tuple

from bot.applicants import detect_all
from bot.ingest.header import DATE_PATTERN, LABEL, parse_german_date
from bot.text import fold

_QUOTED = re.compile(r"[„\"“»]([^“\"”«]{3,80})[“\"”«]")
_CALL_WORDS = re.compile(r"\b(Förderaufruf|Aufruf|Förderprogramm|Förderinitiative|Wettbewerb|Bundesprogramm|"
                         r"Förderrichtlinie|Modellvorhaben)\b", re.I)
_DEADLINE_CUES = ("frist", "bis zum", "bis spätestens", "spätestens", "einzureichen", "einreichen",
                  "interessenbekundung", "projektskizze", "skizze", "bewerbung", "bewerben", "antrag",
                  "anträge", "einsendeschluss", "stichtag")
_DEADLINE_KINDS = (("interessenbekundung", "interessenbekundung"), ("skizze", "projektskizze"),
                   ("bewerb", "bewerbung"), ("antr", "antrag"))
_DATE_IN_TEXT = re.compile(DATE_PATTERN)
_AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(Mio\.?|Millionen|Mrd\.?|Milliarden)?\s*(?:Euro|EUR|€)")
_RATE = re.compile(r"(\d{1,3})\s*(?:%|Prozent)")
_ELIGIBILITY_CUES = ("antragsberechtigt", "bewerben", "teilnehmen", "teilnahme", "anträge stellen",
                     "antrag stellen", "zuwendungsempfänger", "förderberechtigt", "können sich")
_NEGATIONS = ("nicht", "keine", "kein ", "ausgeschlossen")
_FUNDER_CUES = ("ministerium", "fördergeber", "zuwendungsgeber", "projektträger")


@dataclass
class ExtractedCall:
    name: str
    deadlines: List[Tuple[date, str, str]] = field(default_factory=list)  # (date, kind, sentence)
    funding: List[Tuple[Optional[int], Optional[int], str]] = field(default_factory=list)  # (max €, rate %, sentence)
    eligibility: List[Tuple[str, str, str]] = field(default_factory=list)  # (type, verdict, sentence)
    funders: List[str] = field(default_factory=list)


def call_name(subject: str) -> Optional[str]:
    """The call a subject announces: its quoted name, or the subject if it names a call at all."""
    quoted = _QUOTED.search(subject)
    if quoted:
        return quoted.group(1).strip()
    if _CALL_WORDS.search(subject):
        return _CALL_WORDS.sub("", subject).strip(" :-–„“\"") or None
    return None


def _euros(number: str, scale: Optional[str]) -> int:
    value = float(number.replace(".", "").replace(",", "."))
    if scale and scale.lower().startswith(("mio", "million")):
        value *= 1_000_000
    elif scale and scale.lower().startswith(("mrd", "milliard")):
        value *= 1_000_000_000
    return int(value)


def _deadline_kind(sentence: str, date_at: int) -> str:
    """The stage a date belongs to: the last stage word before it, else the first after it."""
    before, after = fold(sentence[:date_at]), fold(sentence[date_at:])
    positions = [(before.rfind(cue), kind) for cue, kind in _DEADLINE_KINDS if cue in before]
    if positions:
        return max(positions)[1]
    return next((kind for cue, kind in _DEADLINE_KINDS if cue in after), "frist")


def extract(subject: str, sentences: List[str]) -> Optional[ExtractedCall]:
    name = call_name(subject)
    if not name:
        return None
    found = ExtractedCall(name)
    for sentence in (LABEL.sub("", s) for s in sentences):
        lower = sentence.lower()
        if any(cue in lower for cue in _DEADLINE_CUES):
            for match in _DATE_IN_TEXT.finditer(sentence):
                day = parse_german_date(match.group(0))
                if day:
                    found.deadlines.append((day, _deadline_kind(sentence, match.start()), sentence))
        amounts = [_euros(n, s) for n, s in _AMOUNT.findall(sentence)]
        rates = [int(r) for r in _RATE.findall(sentence) if 0 < int(r) <= 100]
        if amounts or (rates and ("förder" in lower or "zuschuss" in lower or "quote" in lower)):
            found.funding.append((max(amounts) if amounts else None, max(rates) if rates else None, sentence))
        if any(cue in lower for cue in _ELIGIBILITY_CUES):
            verdict = "no" if any(n in lower for n in _NEGATIONS) else "yes"
            for applicant in detect_all(sentence):
                found.eligibility.append((applicant, verdict, sentence))
        if any(cue in lower for cue in _FUNDER_CUES) and ("förder" in lower or "gestartet" in lower):
            found.funders.append(sentence)
    found.deadlines.sort()
    return found
