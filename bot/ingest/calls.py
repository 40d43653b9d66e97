"""The calls a circular announces: their names and the names members use for them, and which of
the circular's sentences belong to which call when it announces several.

Names come from the subject (a quoted title, or what follows "Förderaufruf"), from numbered
section headings in the body ("II. Förderaufruf „Kommunale Klimaschutz-Modellprojekte“"), and
aliases from the text: an acronym in parentheses ("Kommunalrichtlinie (KRL)") and the short name
a circular introduces ("(im Folgenden: Radverkehrsaufruf)").
"""

import re
from dataclasses import dataclass, field
from typing import List, Optional

from bot.text import compact, fold

QUOTED = re.compile(r"[„\"“»‚]([^“\"”«‘]{3,90})[“\"”«‘]")
CALL_WORDS = re.compile(
    r"\b(?:Förderaufrufe?s?|Projektaufrufe?s?|Aufrufe?s?|Ideenwettbewerbe?s?|Wettbewerbe?s?|Förderprogramme?s?|"
    r"Bundesprogramme?s?|Landesprogramme?s?|Förderinitiative|Förderrichtlinie|Förderrichtlinien|Richtlinie|"
    r"Modellvorhaben|Förderschwerpunkte?s?|Förderfonds|Förderung)\b",
    re.I,
)
_ORDINAL_WORDS = re.compile(
    r"\b(?:erster|ersten|erste|zweiter|zweiten|zweite|dritter|dritten|dritte|vierter|"
    r"vierten|vierte|neuer|neuen|neue|\d\.)\s*",
    re.I,
)
# What a name is cut at: the framework it belongs to, the ministry that runs it, a date.
_NAME_END = re.compile(
    r"\s+(?:im Rahmen|(?:des|der) (?:\w*[Mm]inisteri\w*|Bundes\w*|Landes\w*|BM[A-Z]+)\b|"
    r"des Bundes\b|des Landes\b|nach der|gemäß|vom \d|von \d|mit Frist|–|-\s)|\s*[:;(]"
)
_OWNER = re.compile(r"^\s*(?:des|der)\s+(?:Landes|Bundes|Bundesregierung|\w*[Mm]inisteriums|BM[A-Z]+)\b")
# Words of a subject part that report news about a call rather than name it.
_NEWS = re.compile(
    r"\b(?:erlassen|beginnt|begonnen|verlängert|gestartet|veröffentlicht|endet|geändert|"
    r"aufgehoben|startet|läuft|eröffnet|Frist|Fristen|Antragstellung|Ergebnisse?|Änderungs?|Änderungen|"
    r"Neufassung|Runderlass|Anträge|bis zum|bis spätestens|\w*[Ss]tichtage?)\b|,"
)
# "Förderaufruf für Gebietskörperschaften": a part naming who may apply, not the call.
_AUDIENCE = re.compile(
    r"^(?:\w*(?:körperschaften|kommunen|landkreise|gemeinden|städte|vereine|unternehmen|einrichtungen|träger))"
    r"(?:\s+(?:und|oder|sowie)\s+\w+)*$",
    re.I,
)
_LEADING = re.compile(r"^(?:für|zur|zum|zu|über|der|die|das|des|den|dem|zu den|im|in)\s+", re.I)
_SHORT_NAME = re.compile(
    r"[(,;]\s*(?:im Folgenden|nachfolgend|im Weiteren|kurz)\s*:?\s*[„\"“»]?([^)“\"”«,;]{2,60})"
    r"[“\"”«]?\s*[),;]",
    re.I,
)
# Headings of sections that each announce a call of their own ("II. Förderaufruf „…“"); sections
# on a "Förderschwerpunkt" or a "Förderlinie" are parts of one call.
_CALL_HEADING_WORDS = re.compile(r"\b(?:\w*(?:aufruf|wettbewerb|programm)|Modellprojekt|Modellvorhaben)\b", re.I)
# The expansion may be a quoted title: „Stärkung der … Kohlekraftwerkstandorten“ (STARK).
_ACRONYM = re.compile(r"([A-ZÄÖÜ][\w.\-]*(?:\s+[\wäöüÄÖÜß.\-]+){0,7})[“”\"]?\s*\(([A-ZÄÖÜ][A-Za-zÄÖÜ0-9\-]{1,9})\)")
# Acronyms of agencies and ministries name who runs a call, not the call.
_AGENCY = re.compile(
    r"bundesamt|ministeri|amt\b|bank|agentur|institut|gesellschaft|gmbh|projekttr|verwaltung|"
    r"behörde|zentrum|anstalt|kommission|landkreistag|städtetag|gemeindebund|verband",
    re.I,
)
# A federal ministry's acronym ("BMFSFJ", "BMDV"), whatever words stand before it in the sentence.
_MINISTRY = re.compile(r"BM[A-Z]{1,6}$")
# "EILT – WiFi4EU: …": a mark of urgency, no name.
_URGENT = re.compile(r"^(?:eilt|eilig|dringend|wichtig|achtung|erinnerung|nachtrag)\b\W*$", re.I)
# Acronyms of funds name where the money comes from ("Klima- und Transformationsfonds (KTF)"),
# shared by many calls; a circular's acronym names the call only if it stands for the call.
_FUND = re.compile(r"fonds\b|haushalt|sondervermögen", re.I)
_PAID_FROM = re.compile(r"\baus (?:dem|der|den|Mitteln)\b|finanziert", re.I)
# "Bundesprogramm „Stärkung der … Kohlekraftwerkstandorten“ (STARK)": a program's title and acronym.
_TITLE_ACRONYM = re.compile(r"[„\"“»]([^“\"”«]{3,160})[“\"”«]\s*\(([A-ZÄÖÜ][A-Za-zÄÖÜ0-9\-]{1,9})\)")
_GENERATION = re.compile(r"(?<!\S)([A-ZÄÖÜ][A-ZÄÖÜ0-9.\-]{2,}\s+[IVX]{2,5})$")
_ROMAN_HEADING = re.compile(r"^[IVX]{1,4}\.\s+\S")
_HEADING_NUMBER = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}\.|[A-Z]\)|[a-z]\))\s+")


@dataclass
class AnnouncedCall:
    name: str
    aliases: List[str] = field(default_factory=list)
    heading_at: Optional[int] = None  # the sentence where its section starts


def _name_part(part: str) -> Optional[str]:
    """A name from one part of a subject: without its call words, ordinals, leading prepositions
    and what follows the name ("im Rahmen der …", "des Bundesministeriums …")."""
    name = re.sub(
        r"^\s*(?:erster|ersten|erstes|erste|zweiter|zweiten|zweites|zweite|dritter|dritten|drittes|dritte|neuer|neues|neue)\s+",
        "",
        part.strip(" :-–"),
        flags=re.I,
    )
    match = CALL_WORDS.match(name)
    # "Förderung investiver Digitalisierungsvorhaben …": an adjective after the call word belongs to the name.
    rest = name[match.end() :] if match else ""
    described = bool(re.match(r"\s*(?!(?:des|der|dem|den|zur|zum|für|im|in|von|vom)\b)[a-zäöü]+er\b", rest))
    if (
        match
        and not described
        and len(name[match.end() :].strip()) >= 4
        and not re.match(r"\s*\d", name[match.end() :])
    ):
        # "Förderrichtlinie des Landes zur Tourismusentwicklung": the owner is no part of the name.
        name = _OWNER.sub("", name[match.end() :])
    name = _LEADING.sub("", _LEADING.sub("", name.strip()))
    end = _NAME_END.search(name)
    if end and end.start() >= 4:
        name = name[: end.start()]
    name = name.strip(" .,:-–")
    # A name begins with a letter, or a number that is part of a word ("5G-Innovationswettbewerb").
    lettered = re.match(r"[A-Za-zÄÖÜäöü]|\d+[A-Za-z]", name)
    if len(name) < 4 or not lettered or _NEWS.search(name) or _AUDIENCE.match(name):
        return None
    return name[0].upper() + name[1:]


def clean_name(text: str) -> Optional[str]:
    """A call's name from a subject-like phrase: its quoted title, else its first part that
    reads as a name."""
    quoted = QUOTED.search(text)
    if quoted:
        return quoted.group(1).strip(" .,")
    names = subject_parts(text)
    return names[0] if names else None


def subject_parts(subject: str) -> List[str]:
    """Names in the parts of a subject set apart by a colon or a dash ("Gigabitförderung des
    Bundes: Richtlinie 2.0 und erster Förderaufruf …" names "Gigabitförderung" first)."""
    parts = re.split(r":\s+|\s+[–-]\s+", subject)
    return [n for n in (_name_part(p) for p in parts if not _URGENT.match(p.strip())) if n]


# "… „Miteinander – Füreinander“ und erstes Förderprogramm der Deutschen Stiftung …": a further
# call the subject names by a call word instead of a quoted title.
_AND_CALL = re.compile(
    r"\s+und\s+(?=(?:(?:erstes?|neues?|zweites?)\s+)?(?:Förderprogramm|Förderaufruf|Bundesprogramm|"
    r"Landesprogramm|Programm|Aufruf|Wettbewerb|Förderrichtlinie|Richtlinie|Landesförderung|Bundesförderung)\b)"
)


# A subject about money to apply for: "Krankenhauszukunftsfonds: Orientierungsanträge …",
# "EU-Mittel für Feuerwehrhäuser … – Anträge bis zum 31. März 2022".
_FUNDING_SUBJECT = re.compile(
    r"förder|programm|richtlinie|aufruf|fonds\b|mittel\b|zuschüsse|zuschuss|zuwendung|"
    r"anträge|antragsfrist|antragstellung|bewerbung",
    re.I,
)


def subject_names(subject: str) -> List[str]:
    """The calls a subject names: every quoted title (and a call named after "und" by a call
    word), else the one name it gives."""
    quoted = [m.group(1).strip(" .,") for m in QUOTED.finditer(subject)]
    parts = _AND_CALL.split(subject)
    if quoted:
        further = [_name_part(part) for part in parts[1:] if not QUOTED.search(part)]
        # "Förderung investiver Vorhaben aus dem Sondervermögen … und Förderrichtlinie „…“": the
        # call before the quoted one, named by what it funds.
        first = subject_parts(parts[0])[-1:] if len(parts) > 1 and not QUOTED.search(parts[0]) else []
        first = [name for name in first if _FUNDING_SUBJECT.search(parts[0])]
        return list(dict.fromkeys(first + quoted + [name for name in further if name]))
    if not CALL_WORDS.search(subject) and not _FUNDING_SUBJECT.search(subject):
        return []
    name = clean_name(subject)
    return [name] if name else []


def _is_heading(sentence: str) -> bool:
    return (
        len(sentence) <= 140
        and not re.search(r"[.!?;,]$", sentence.strip())
        and bool(_HEADING_NUMBER.match(sentence) or CALL_WORDS.search(sentence))
    )


def section_headings(sentences: List[str]) -> List[int]:
    """Numbered headings that announce a call of their own ("I. Förderaufruf „…“")."""
    found = []
    for i, sentence in enumerate(sentences):
        number = _HEADING_NUMBER.match(sentence)
        if (
            number
            and _is_heading(sentence)
            and _CALL_HEADING_WORDS.search(sentence)
            and clean_name(sentence[number.end() :])
        ):
            found.append(i)
    return found


def _same_name(a: str, b: str) -> bool:
    return compact(a) == compact(b) or compact(a) in compact(b) or compact(b) in compact(a)


# "Förderangebote des Bundes …", "zwei Förderaufrufe": a subject about several calls.
_SEVERAL = re.compile(
    r"\b(?:Förderangebote|Förderaufrufe|Aufrufe|Förderprogramme|Programme|Fördermöglichkeiten|"
    r"Wettbewerbe|zwei|drei|mehrere)\b",
    re.I,
)
# A call the body introduces by name: after a call word, quoted ("Förderschwerpunkt „Stadtnatur“").
_INTRODUCED = re.compile(
    r"\b(?:\w*(?:[Pp]rogramm|[Aa]ufruf|[Ww]ettbewerb|[Rr]ichtlinie)|Förderschwerpunkt|Initiative|Modellprojekt|"
    r"Modellvorhaben)\s+[„\"“»]([^“\"”«]{3,80})[“\"”«]"
)


def _introduced_in_body(sentences: List[str]) -> List[str]:
    """Calls the first sentences introduce by name, for a subject that speaks of several."""
    names: List[str] = []
    for sentence in sentences[:25]:
        for match in _INTRODUCED.finditer(sentence):
            name = match.group(1).strip(" .,")
            if not any(_same_name(name, n) for n in names):
                names.append(name)
    return names


def announced_calls(subject: str, sentences: List[str]) -> List[AnnouncedCall]:
    names = subject_names(subject)
    if len(names) <= 1 and _SEVERAL.search(subject) and not QUOTED.search(subject):
        introduced = _introduced_in_body(sentences)
        names = introduced if len(introduced) >= 2 else names
    headings = section_headings(sentences)
    heading_names = [(i, n) for i in headings if (n := clean_name(_HEADING_NUMBER.sub("", sentences[i])))]
    calls: List[AnnouncedCall] = []
    if len(heading_names) >= 2 and (len(names) >= 2 or all(QUOTED.search(sentences[i]) for i, _ in heading_names)):
        for index, name in heading_names:
            subject_name = next((n for n in names if _same_name(n, name)), None)
            calls.append(AnnouncedCall(subject_name or name, heading_at=index))
    else:
        calls = (
            [AnnouncedCall(name) for name in names[:1]] if len(names) <= 1 else [AnnouncedCall(name) for name in names]
        )
    for call in calls:
        call.aliases = aliases_for(call, calls, sentences)
    if len(calls) == 1 and not QUOTED.search(subject):
        short = [part for part in subject_parts(subject) if len(part.split()) <= 5]
        calls[0].aliases = list(dict.fromkeys(calls[0].aliases + short))
    return calls


def sections(calls: List[AnnouncedCall], sentences: List[str]) -> List[Optional[int]]:
    """For each sentence, the index of the call it belongs to, or None where it is about all."""
    if len(calls) < 2:
        return [None] * len(sentences)
    owners: List[Optional[int]] = [None] * len(sentences)
    starts = sorted((c.heading_at, k) for k, c in enumerate(calls) if c.heading_at is not None)
    end_of_calls = len(sentences)
    if len(starts) < len(calls):
        # Sections numbered "I.", "II.": the first ones are the calls', in the subject's order; a
        # further one ("III. Hinweise der Geschäftsstelle") is about all of them.
        numbered = [
            i for i, sentence in enumerate(sentences) if _ROMAN_HEADING.match(sentence) and len(sentence) <= 140
        ]
        if len(numbered) in (len(calls), len(calls) + 1):
            starts = list(zip(numbered, range(len(calls))))
            end_of_calls = numbered[len(calls)] if len(numbered) > len(calls) else len(sentences)
    if len(starts) == len(calls):  # every call has a heading
        ends = [start for start, _ in starts[1:]] + [end_of_calls]
        for (start, k), end in zip(starts, ends):
            for i in range(start, end):
                owners[i] = k
        return owners
    # No headings: a sentence belongs to the call it names, and the sentences after it too.
    current = None
    for i, sentence in enumerate(sentences):
        named = [k for k, c in enumerate(calls) if any(fold(a) in fold(sentence) for a in [c.name, *c.aliases])]
        if len(named) == 1:
            current = named[0]
        elif len(named) > 1:
            current = None
        owners[i] = current
    return owners


def _text_of(call: AnnouncedCall, calls: List[AnnouncedCall], sentences: List[str]) -> str:
    owners = sections(calls, sentences)
    index = calls.index(call)
    return " ".join(s for s, owner in zip(sentences, owners) if owner in (None, index))


def aliases_for(call: AnnouncedCall, calls: List[AnnouncedCall], sentences: List[str]) -> List[str]:
    """The names a member may use for the call: its name, the short name and acronym the text
    introduces for it, other quoted titles of it."""
    text = _text_of(call, calls, sentences)
    aliases = [call.name]
    # "HyLand – Wasserstoffregionen in Deutschland", "Viel vor: Gemeinsam aktiv für Inklusion",
    # "Zeichen setzen! Für mehr Respekt …": the title before the dash or colon is its short name.
    short_title = re.split(r"\s+[–-]\s+|[:!]\s+(?=[A-ZÄÖÜ])", call.name)[0]
    if short_title != call.name and len(short_title) >= 4:
        aliases.append(short_title)
    # "Investitionsprogramm Sachsen-Anhalt STARK III": the name in capitals with its generation.
    generation = _GENERATION.search(call.name)
    if generation and generation.group(1) != call.name:
        aliases.append(generation.group(1))
    subtitle = _heading_subtitle(call, sentences)
    if subtitle:
        aliases.append(subtitle)
    for match in _SHORT_NAME.finditer(text):
        aliases.append(match.group(1).strip(" .,"))
    aliases += _acronyms(call.name, text)
    if len(calls) == 1:
        aliases += [
            m.group(1).strip(" .,")
            for m in QUOTED.finditer(text)
            if CALL_WORDS.search(text[max(0, m.start() - 30) : m.start()])
        ]
    # "DAS-Förderrichtlinie": the acronym before the hyphen names the call too.
    # Not "EU-Mittel …": the EU, the Bund or a fund is no call's name.
    aliases += [m.group(1) for a in aliases for m in [re.match(r"([A-ZÄÖÜ]{3,6})-\w", a)] if m]
    return list(dict.fromkeys(a for a in map(_balanced, aliases) if 2 <= len(a) <= 120))


def _names_who_runs_or_pays(match: "re.Match[str]", text: str) -> bool:
    """Whether an acronym in parentheses is that of an agency, a ministry or a fund."""
    expansion, acronym = match.group(1), match.group(2)
    before = text[max(0, match.start(1) - 40) : match.start(2)]
    return bool(
        _AGENCY.search(expansion) or _MINISTRY.match(acronym) or _FUND.search(expansion) or _PAID_FROM.search(before)
    )


def _spelt_by(acronym: str, expansion: str) -> bool:
    """Whether the words before an acronym spell it: "KRL" has capitals of its own; "Nakopa" needs
    two initials of "Nachhaltige Kommunale Partnerschaftsprojekte" in its letters, in order;
    "(Saale)" after "die Stadt Halle" is part of a place's name."""
    if sum(c.isupper() for c in acronym) >= 2:
        return True
    letters, position, spelt = fold(acronym), 0, 0
    for initial in (w[0] for w in re.findall(r"\w+", fold(expansion))):
        found = letters.find(initial, position)
        if found >= 0:  # initials in order: the next one stands after it
            position, spelt = found + 1, spelt + 1
    return spelt >= 2


def _acronyms(name: str, text: str) -> List[str]:
    """Acronyms the text introduces for the call, after words of its name or of a program
    ("Kommunalrichtlinie (KRL)") or after its quoted title ("Bundesprogramm „Stärkung …“ (STARK)");
    never one the text also spells out as an agency, a ministry or a fund ("(EFRE)")."""
    matches = list(_ACRONYM.finditer(text))
    others = {m.group(2) for m in matches if _names_who_runs_or_pays(m, text)}
    name_words = [w for w in re.findall(r"\w+", fold(name)) if len(w) >= 5]
    found = []
    for match in matches:
        expansion, acronym = match.group(1), match.group(2)
        words = [w for w in re.findall(r"\w+", fold(expansion)) if len(w) >= 5]
        overlaps = any(a.startswith(b) or b.startswith(a) for a in name_words for b in words)
        if _spelt_by(acronym, expansion) and (
            overlaps or CALL_WORDS.search(expansion) or re.search(r"richtlinie|programm|initiative", expansion, re.I)
        ):
            found.append(acronym)
    for match in _TITLE_ACRONYM.finditer(text):
        if CALL_WORDS.search(text[max(0, match.start() - 30) : match.start()]) and not _AGENCY.search(match.group(1)):
            found.append(match.group(2))
    return [a for a in found if a not in others]


# A heading that goes on in the next line ("I. WissensWandel – Digitalprogramm für" / "Bibliotheken
# und Archive") ends in a word that cannot end it.
_GOES_ON = re.compile(r"\b(?:für|fuer|und|oder|der|des|den|dem|die|zur|zum|im|in|von|mit|an)$", re.I)
_PROGRAM_WORDS = re.compile(r"programm|aufruf|richtlinie|initiative|wettbewerb|förder|fonds", re.I)


def _heading_subtitle(call: AnnouncedCall, sentences: List[str]) -> Optional[str]:
    """What a call's section heading says after its name and a dash, where that describes a
    program ("WissensWandel – Digitalprogramm für Bibliotheken und Archive"): members ask by it."""
    at = call.heading_at
    if at is None:
        # A numbered heading that begins with the call's name ("I. WissensWandel – …").
        at = next(
            (
                i
                for i, sentence in enumerate(sentences)
                if _HEADING_NUMBER.match(sentence)
                and compact(_HEADING_NUMBER.sub("", sentence)).startswith(compact(call.name))
            ),
            None,
        )
    if at is None:
        return None
    heading = _HEADING_NUMBER.sub("", sentences[at]).strip()
    following = sentences[at + 1] if at + 1 < len(sentences) else ""
    if _GOES_ON.search(heading) and following and len(following) <= 60:
        heading = f"{heading} {following}"
    parts = re.split(r"\s+[–-]\s+", heading, maxsplit=1)
    if len(parts) < 2 or not _PROGRAM_WORDS.search(parts[1]) or len(parts[1].split()) > 8:
        return None
    return parts[1].strip(" .:")


def _balanced(alias: str) -> str:
    """ "Kommunalrichtlinie (KRL" cut from a longer parenthesis: "Kommunalrichtlinie"."""
    alias = alias.strip(" .,")
    if alias.count("(") != alias.count(")"):
        alias = alias.split("(")[0].strip(" .,")
    return alias


def round_number(sentences: List[str], subject: str) -> Optional[int]:
    """The round a circular announces when it says so ("zweiter Förderaufruf", "3. Runde"); the
    highest one named near the start, since a later round's circular also names the first."""
    words = {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "fuenfte": 5}
    found = []
    for text in [subject, *sentences[:8]]:
        for match in re.finditer(
            r"\b(erste|zweite|dritte|vierte|fünfte|fuenfte|\d)\.?[rn]?\s*(?:Förder)?"
            r"(?:aufruf|runde|staffel|ausschreibung|förderrunde)",
            text,
            re.I,
        ):
            token = match.group(1).lower()
            found.append(int(token) if token.isdigit() else words[token])
    return max(found) if found else None
