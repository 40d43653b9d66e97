"""Finding the calls a text names: by alias (any spelling, typos, acronyms) or by the
distinctive words of a call's name ("Klimaanpassungsprogramm" for "Förderprogramm
Klimaanpassung in sozialen Einrichtungen").

Names come from the database on every question, so a call ingested a minute ago is found
without retraining; the word index is rebuilt only when the aliases changed.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import CallAlias, FundingCall
from bot.search import stem as search_stem
from bot.text import compact, fold, function_words, is_question_word, words

# Below this a fuzzy alias match is noise; short aliases ("Smart City") must match exactly enough.
MATCH_THRESHOLD = 86
# One vectorised partial-ratio pass over all aliases keeps the exact window comparison to the
# few aliases near the message; an alias scoring MATCH_THRESHOLD on a window scores above this.
PREFILTER_THRESHOLD = 70
# A call found by distinctive words of its name, not by a whole alias, scores below any alias:
# 80 and 5 for each word the message has (2.5 inside a compound), up to 90.
WORD_MATCH_SCORE = 80.0
WORD_POINTS = 5.0
MAX_CALLS_PER_WORD = 4
# Found by less than this, a call does not replace the one the conversation is about.
STRONG_MATCH = 85.0
# Near names offered for a name that matches no call.
NEAR_NAME_THRESHOLD = 60
_ORDINALS = {
    "erste": 1,
    "ersten": 1,
    "erster": 1,
    "1.": 1,
    "zweite": 2,
    "zweiten": 2,
    "zweiter": 2,
    "2.": 2,
    "dritte": 3,
    "dritten": 3,
    "dritter": 3,
    "3.": 3,
    "vierte": 4,
    "vierten": 4,
}
_NEWEST = {
    "neueste",
    "neuesten",
    "neuester",
    "aktuelle",
    "aktuellen",
    "aktueller",
    "letzte",
    "letzten",
    "juengste",
    "juengsten",
}
# Heads of compounds that name a call by its theme: "Sanierungsprogramm", "Innenstadtaufruf".
_GENERIC_HEADS = (
    "foerderprogramm",
    "programm",
    "foerderaufruf",
    "aufruf",
    "foerderung",
    "wettbewerb",
    "initiative",
    "richtlinie",
    "projekt",
    "projekte",
    "modellprojekte",
    "topf",
    "fonds",
)
# Words of call names that never tell one call from another.
GENERIC_NAME_WORDS = set(
    fold(
        "förderaufruf förderaufrufe aufruf projektaufruf förderprogramm bundesprogramm landesprogramm programm "
        "investitionsprogramm sonderprogramm aktionsprogramm "
        "programme förderung förderrichtlinie richtlinie förderinitiative initiative wettbewerb modellvorhaben "
        "modellprojekte modellprojekt projekte projekt vorhaben kommunal kommunale kommunaler kommunen bund "
        "bundes land landes länder national nationale nationalen rahmen rahmenprogramm investive investiv "
        "maßnahmen maßnahme förderfonds fonds zweiter dritter erster runde staffel und für der die das des den "
        "dem im in von zur zum mit bei auf an als aus sowie neue neuer neues "
        # Places and applicants every circular names: they tell no call from another.
        "sachsen anhalt sachsen-anhalt deutschland bundesrepublik landkreis landkreise gemeinden städte stadt "
        "gemeinde kommune kreis kreise "
        # News a subject reports about a call.
        "frist fristen verlängert erlassen beginnt gestartet antragstellung ergebnisse ergebnis "
        "antrag anträge antragsstichtag antragsstichtage stichtag stichtage letzte letzten verschoben "
        "region regionen regional förderangebote förderangebot "
        # Money as such: "EU-Mittel für Feuerwehrhäuser" is no call a question about "die Mittel" names.
        "mittel fördermittel eu-mittel geld zuschuss zuschüsse"
    ).split()
)
# Roman numerals of a name's generation ("STARK III", "Denkmalschutz-Sonderprogramm XII"), which
# members write in digits ("stark 3"). Not "v" or "x": "v. H." is a rate.
_ROMAN = {
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "xi": "11",
    "xii": "12",
    "xiii": "13",
    "xiv": "14",
    "xv": "15",
}
_YEAR = re.compile(r"(?<![\d./])(?:(20\d{2})|'(\d{2}))(?![\d./])")


@dataclass
class CallMatch:
    """The calls a text names, best first; `ambiguous` when calls of several programs fit equally."""

    calls: List[FundingCall] = field(default_factory=list)
    ambiguous: bool = False
    score: float = 0.0
    aliases: List[str] = field(default_factory=list)  # the names the text holds word for word
    by_words: bool = False  # found by distinctive words of a name, not by a whole alias

    @property
    def call(self) -> Optional[FundingCall]:
        return self.calls[0] if self.calls and not self.ambiguous else None


@dataclass
class _Index:
    rows: List[Tuple[int, str]]
    compacted: List[str]
    stems: Dict[str, Set[int]]  # distinctive stem of a name word -> calls
    cores: List[str]  # each alias without the generic words at its edges (alias_core)
    lower: Set[str]  # stems no alias writes but in lower case beside other words (_lower_case_stems)


def name_words(text: str) -> List[str]:
    """Folded words with roman numerals as digits, so that "STARK III" and "stark 3" compare."""
    return [_ROMAN.get(w, w) for w in words(text)]


def compact_name(text: str) -> str:
    return compact("".join(name_words(text)))


def stem(word: str) -> str:
    """A light stem for names: inflection endings only. (Snowball's stems are too short for
    names: "Sirenen" would become "sir".)"""
    word = fold(word)
    for ending in ("ern", "en", "er", "es", "e", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) >= 7:
        return word[:-1]  # a genitive or plural "s": "des Städtebaus", "Klimaschutz-Modellprojekts"
    return word


@lru_cache(maxsize=1)
def generic_stems() -> FrozenSet[str]:
    """The generic name words as the full-text search stems them ("maßnahmen": "massnahm")."""
    return frozenset(search_stem(w) for w in GENERIC_NAME_WORDS)


def _generic(word: str) -> bool:
    """Whether a (folded) word, in any inflection ("kommunalen"), is one that tells no call apart."""
    return word in GENERIC_NAME_WORDS or stem(word) in GENERIC_NAME_WORDS


@lru_cache(maxsize=1)
def _function_words() -> FrozenSet[str]:
    return frozenset(fold(w) for w in function_words())


def is_function_word(word: str) -> bool:
    """Whether a word, in any spelling ("fuer", "für"), carries no topic."""
    return fold(word) in _function_words()


def name_stems(name: str) -> List[str]:
    """Stems of the words of a name that can tell a call apart: not "unser" of "Unser Dorf hat
    Zukunft", which any message may hold."""
    stems = []
    for word in re.findall(r"\w+", fold(name)):
        if len(word) >= 4 and not word.isdigit() and not _generic(word) and not is_function_word(word):
            stems.append(stem(word))
    return stems


def _lower_case_stems(alias: str) -> Set[str]:
    """Stems of the words an alias writes in lower case beside others ("Brücken bauen", "urbaner
    Räume"): a verb or an adjective, which a member writes in any sentence ("bevor wir bauen")."""
    written = re.findall(r"\w+", alias)
    if len(written) == 1:
        return set()
    return set(name_stems(" ".join(w for w in written if w[0].islower())))


def _build_index(rows: List[Tuple[int, str]]) -> _Index:
    stems: Dict[str, Set[int]] = {}
    lower: Set[str] = set()
    named: Set[str] = set()
    for call_id, alias in rows:
        alias_stems = name_stems(alias)
        for stem_ in alias_stems:
            stems.setdefault(stem_, set()).add(call_id)
        lowered = _lower_case_stems(alias)
        lower |= lowered
        named |= set(alias_stems) - lowered
    return _Index(
        rows,
        [compact_name(alias) for _, alias in rows],
        stems,
        [alias_core(alias) for _, alias in rows],
        lower - named,
    )


# The index of the newest alias table seen per database; count, highest ids and total length of
# the aliases tell whether it is still current (SQLite reuses ids after a rollback).
_INDEXES: Dict[str, Tuple[Tuple, _Index]] = {}


def _index(session: Session) -> _Index:
    url = str(session.get_bind().url)
    fingerprint = tuple(
        session.execute(
            select(
                func.count(CallAlias.id),
                func.max(CallAlias.id),
                func.max(CallAlias.call_id),
                func.sum(func.length(CallAlias.alias)),
            )
        ).one()
    )
    cached = _INDEXES.get(url)
    if cached is None or cached[0] != fingerprint:
        rows = [tuple(r) for r in session.execute(select(CallAlias.call_id, CallAlias.alias).order_by(CallAlias.id))]
        cached = _INDEXES[url] = (fingerprint, _build_index(rows))
    return cached[1]


# Acronyms that are also German words ("DAS") count only when written in capitals.
_COMMON_WORDS = set(
    "das der die den dem des und oder mit bei für fuer von vom zum zur ein eine ist "
    "sind wir sie es im in an auf aus was wer wie wo".split()
)
# A one-word name the message writes without its middle ("5G-Wettbewerb") scores this: above
# the threshold, below an alias's core.
SHORTENED_SCORE = 88.0
# A core this long at least names a call ("Revier 2038"); a shorter one may be any word.
CORE_LENGTH = 8
# An alias without the generic words at its edges ("Klimaschutz-Modellprojekte" for "Kommunale
# Klimaschutz-Modellprojekte") scores this, below the whole alias.
CORE_SCORE = 90.0


def _alias_score(alias: str, message_words: List[str], message: str = "") -> float:
    """How well the alias stands somewhere in the message, comparing word windows compactly."""
    target = compact_name(alias)
    if not target:
        return 0.0
    if target in _COMMON_WORDS:
        return 100.0 if re.search(rf"\b{re.escape(alias)}\b", message) else 0.0
    size = max(1, len(words(alias)))
    best = 0.0
    for width in range(max(1, size - 1), size + 2):
        for start in range(0, max(1, len(message_words) - width + 1)):
            window = compact("".join(message_words[start : start + width]))
            if not window:
                continue
            if window == target:
                return 100.0
            # A typo within the alias's words, not a next word run into it ("Sportstätten bis" is
            # no "Sportstättenbau").
            if len(target) >= 6 and width <= size:
                best = max(best, _typo_score(window, target))
    core = alias_core(alias)
    if core != target and len(core) >= CORE_LENGTH and _holds_words(message_words, core, size):
        best = max(best, CORE_SCORE)
    return best


# The parts of a name that capitals inside it set apart: "Dorf|Gemeinschaftsläden".
_INNER_CAPITAL = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")
_UMLAUT_SPELLING = re.compile(r"(?<=[aou])e")


def without_umlauts(folded: str) -> str:
    """ "laeden" and "laden" alike: a plural's umlaut is no other word."""
    return _UMLAUT_SPELLING.sub("", folded)


def _shortened_in_one_word(alias: str, target: str, message_words: List[str]) -> bool:
    """ "Dorfladen" for "DorfGemeinschaftsläden": the name's first part and the head of its last
    in one word of the message."""
    parts = _INNER_CAPITAL.split(alias.strip())
    first = fold(parts[0])
    if len(parts) < 2 or len(first) < 4:
        return False
    return any(
        word.startswith(first)
        and len(word) - len(first) >= 4
        and len(target) > len(word)
        and without_umlauts(target).endswith(without_umlauts(word[len(first) :]))
        for word in message_words
    )


def _shortened(alias: str, message_words: List[str]) -> bool:
    """Whether two words of the message are a one-word name without its middle: "5G-Wettbewerb"
    for "5G-Innovationswettbewerb". The first is specific (a number in it, or no generic word),
    the last long; the name is longer than both."""
    if len(words(alias)) > 2:
        return False
    target = compact_name(alias)
    if len(words(alias)) == 1 and _shortened_in_one_word(alias, target, message_words):
        return True
    for first, last in zip(message_words, message_words[1:]):
        specific = bool(re.search(r"\d", first)) or (len(first) >= 4 and not _generic(first))
        if (
            specific
            and len(last) >= 5
            and len(target) > len(first) + len(last)
            and target.startswith(first)
            and target.endswith(last)
        ):
            return True
    return False


def _holds_words(message_words: List[str], core: str, size: int = 0) -> bool:
    """Whether some run of the message's words (at most `size`, else any number) is the core."""
    longest = size or len(message_words)
    return any(
        compact("".join(message_words[i : i + w])) == core
        for w in range(1, longest + 1)
        for i in range(0, max(1, len(message_words) - w + 1))
    )


def _typo_score(window: str, target: str) -> float:
    """A score for a window that differs from the alias by typos only: one edit per eight letters
    ("smate landregionen"), not a different word ("gibtsfoerderung" is no "gigabitfoerderung")."""
    allowed = max(1, len(target) // 8)
    if re.sub(r"\D", "", window) != re.sub(r"\D", "", target):
        return 0.0  # another number is another name ("STARK" is no "STARK III", 3 no 2)
    distance = Levenshtein.distance(window, target, score_cutoff=allowed)
    return 100.0 - 4 * distance if distance <= allowed else 0.0


def alias_core(alias: str) -> str:
    """The alias without generic words at its start or end, compacted; empty where what is left
    is written in lower case only: a verb or an adjective ("Region gestalten"), no name."""
    parts = words(alias)
    while parts and parts[0] in GENERIC_NAME_WORDS:
        parts = parts[1:]
    while parts and parts[-1] in GENERIC_NAME_WORDS:
        parts = parts[:-1]
    written = [w for w in re.findall(r"[\w.]+", alias) if fold(w).strip(".") in parts]
    if not any(w[0].isupper() or w[0].isdigit() for w in written):
        return ""
    return compact("".join(_ROMAN.get(p, p) for p in parts))


def _by_alias(index: _Index, text: str) -> Tuple[Dict[int, float], Dict[int, List[str]]]:
    """Scores of the calls whose aliases stand in the text, and the aliases each call has word
    for word in it."""
    message = compact_name(text)
    if not message or not index.rows:
        return {}, {}
    hits = process.extract(
        message, index.compacted, scorer=fuzz.partial_ratio, score_cutoff=PREFILTER_THRESHOLD, limit=None
    )
    # "Revier 2038" for "Sachsen-Anhalt Revier 2038": an alias whose core with a number the
    # message holds, however short that core is beside the whole alias (a core of words alone,
    # "Klimaschutz", is a topic as often as a name).
    near = {position for _, _, position in hits}
    by_core = {
        position
        for position, core in enumerate(index.cores)
        if position not in near and len(core) >= CORE_LENGTH and re.search(r"\d", core) and core in message
    }
    message_words = name_words(text)
    by_ends = {
        position
        for position, (_, alias) in enumerate(index.rows)
        if position not in near | by_core and _shortened(alias, message_words)
    }
    scores: Dict[int, float] = {}
    held: Dict[int, List[str]] = {}
    exact: Dict[int, str] = {}  # the longest alias each call has word for word in the message
    for position in sorted(near | by_core | by_ends):
        call_id, alias = index.rows[position]
        if position in by_core:
            score = CORE_SCORE if _holds_words(message_words, index.cores[position]) else 0.0
        elif position in by_ends:
            score = SHORTENED_SCORE
        else:
            score = _alias_score(alias, message_words, text)
        if score >= MATCH_THRESHOLD:
            scores[call_id] = max(scores.get(call_id, 0.0), score)
        if score == 100.0:
            held.setdefault(call_id, []).append(alias)
            exact[call_id] = max(exact.get(call_id, ""), index.compacted[position], key=len)
    # "STARK III" names that call, not also the "STARK" it begins with.
    for call_id, target in exact.items():
        if any(target != other and target in other for other in exact.values()):
            scores.pop(call_id)
    return scores, held


def _message_stems(text: str) -> List[str]:
    """Stems of the message's words, and of the theme of compounds such as "Sanierungsprogramm"."""
    stems = []
    for word in re.findall(r"\w+", fold(text)):
        head = next((h for h in _GENERIC_HEADS if word.endswith(h) and len(word) - len(h) >= 5), None)
        if head:
            theme = word[: -len(head)]
            stems.append(stem(theme))
            if theme.endswith("s") and not theme.endswith("ss"):
                stems.append(stem(theme[:-1]))  # "Sanierungs|programm", or "Tourismus|förderung"
        # A function word ("sich") is no word of a name, even where a name's stem equals it ("sichern").
        if len(word) >= 4 and not _generic(word) and not is_question_word(word):
            stems.append(stem(word))
    return stems


def shared_stems(text: str, call: FundingCall) -> Set[str]:
    """The distinctive words of the call's names that the text has (as stems)."""
    known = {s for alias in call.aliases for s in name_stems(alias.alias)}
    return set(_message_stems(text)) & known


def _inside_compounds(text: str, known: Iterable[str]) -> List[str]:
    """Known name stems that a longer word of the message contains ("klimaanpassungsmanager": "anpass")."""
    long_words = re.findall(r"\w{8,}", fold(text))
    return [s for s in known if len(s) >= 6 and any(s in w for w in long_words)]


def _by_words(index: _Index, text: str) -> Dict[int, float]:
    """Calls whose distinctive name words the message contains. A stem the message has as a word
    counts more than one found inside a longer compound; stems of many calls count not at all."""
    programs = max(1, len({call_id for call_id, _ in index.rows}))
    whole = set(_message_stems(text))
    # A verb or an adjective of a name counts as little as a word inside a compound.
    found: Dict[str, float] = {
        s: WORD_POINTS / 2 if s in index.lower else WORD_POINTS for s in whole if s in index.stems
    }
    for stem_ in _inside_compounds(text, index.stems):
        found.setdefault(stem_, WORD_POINTS / 2)  # a name's word inside the user's compound
    unmatched = whole - set(found)
    for stem_ in unmatched:
        if len(stem_) >= 7:  # a misspelt name word: "digitalpackt" for "DigitalPakt"
            allowed = 1 if len(stem_) < 11 else 2
            for known, _, _ in process.extract(
                stem_, list(index.stems), scorer=Levenshtein.distance, score_cutoff=allowed, limit=3
            ):
                found.setdefault(known, WORD_POINTS)
    for stem_ in unmatched - set(found):
        if len(stem_) >= 6:
            # The user's word begins or ends a name's compound: "Tourismus…" for "Tourismusentwicklung",
            # "Prämie" for "Waldklimaprämie".
            for known in index.stems:
                if (known.startswith(stem_) or known.endswith(stem_)) and known not in found:
                    found[known] = WORD_POINTS / 2
    points: Dict[int, float] = {}
    for stem_, value in found.items():
        calls = index.stems.get(stem_)
        if not calls or len(stem_) < 4 or len(calls) > min(MAX_CALLS_PER_WORD, programs // 2 + 1):
            continue
        for call_id in calls:
            points[call_id] = points.get(call_id, 0.0) + value
    return {call_id: WORD_MATCH_SCORE + min(value, 2 * WORD_POINTS) for call_id, value in points.items()}


def years_in(text: str) -> List[int]:
    # Years inside circular numbers ("384/2020") say nothing about which round is meant.
    without_numbers = re.sub(r"\d{1,4}\s*/\s*\d{2,4}", " ", text)
    return [int(full) if full else 2000 + int(short) for full, short in _YEAR.findall(without_numbers)]


def _years_after(text: str, words: str) -> List[int]:
    return [int(y) for y in re.findall(rf"\b(?:{words})\s+(?:dem jahr\s+)?(20\d\d)\b", fold(text))]


def narrow_by_round(calls: List[FundingCall], text: str) -> List[FundingCall]:
    """Pick the round a text names by year ("2021"), ordinal ("zweiter Aufruf") or "neueste"."""
    after, before = _years_after(text, "nach|seit"), _years_after(text, "vor|bis")
    if after or before:
        # "nach 2022 nochmal ein Aufruf?": the rounds after that year, not of it.
        later = [c for c in calls if c.year and all(c.year > y for y in after) and all(c.year < y for y in before)]
        if later:
            return later
    years = set(years_in(text))
    by_year = [c for c in calls if c.year in years]
    if by_year:
        return by_year
    if len({c.program for c in calls}) != 1:
        return calls
    ordered = sorted(calls, key=lambda c: (c.year or 0, c.slug))
    folded = fold(text).split()
    # "vom ersten zum zweiten Aufruf": each round named.
    ordinals = sorted({_ORDINALS[w] for w in folded if w in _ORDINALS and _ORDINALS[w] <= len(ordered)})
    if ordinals and re.search(r"runde|aufruf|staffel|ausschreibung", fold(text)):
        return [ordered[o - 1] for o in reversed(ordinals)]
    if any(w in _NEWEST for w in folded) and re.search(r"runde|aufruf|staffel|ausschreibung", fold(text)):
        return [ordered[-1]]
    return calls


def find_calls(session: Session, text: str, round_hint: str = "", by_words: bool = True) -> CallMatch:
    """Resolve the calls a free text (a message, an entity value) or a slug names.

    `round_hint` is further text (the whole message, when `text` is an entity) that may name
    the round by year or ordinal. Calls of one program that fit equally are all returned (its
    rounds); calls of several programs that fit equally make the match ambiguous. Without
    `by_words`, only whole aliases count (ingestion links rounds only by name).
    """
    text = (text or "").strip()
    by_slug = session.execute(select(FundingCall).filter_by(slug=text)).scalar_one_or_none()
    if by_slug is not None:
        return CallMatch([by_slug], score=100.0)
    index = _index(session)
    scores, held = _by_alias(index, text)
    found_by_words = not scores and by_words
    if found_by_words:
        scores = _by_words(index, text)
    if not scores:
        return CallMatch()
    best = max(scores.values())
    top = [session.get(FundingCall, call_id) for call_id, score in scores.items() if score >= best - 2]
    top.sort(key=lambda c: (-(c.year or 0), c.slug))
    top = narrow_by_round(top, f"{text} {round_hint}")
    aliases = [alias for call in top for alias in held.get(call.id, [])]
    return CallMatch(
        top, ambiguous=len({c.program for c in top}) > 1, score=best, aliases=aliases, by_words=found_by_words
    )


# "Einsamkeitsprogramm", "Smart-City-Programm": a compound naming a program by its theme, which
# one round's circular may introduce, names every round of it.
_PROGRAM_COMPOUND = re.compile(r"(\w{4,}?)-?(?:programm|foerderung|initiative)$")
_NO_THEME = {"foerder", "bundes", "landes", "sonder", "modell", "investitions", "rahmen", "aktions"}


def names_the_program(aliases: Iterable[str]) -> bool:
    themes = [m.group(1) for a in aliases if not re.search(r"\d", a) for m in [_PROGRAM_COMPOUND.search(fold(a))] if m]
    return any(theme.rstrip("s") not in _NO_THEME and theme not in _NO_THEME for theme in themes)


def near_names(session: Session, name: str, limit: int = 3) -> List[FundingCall]:
    """Calls whose names resemble a name that matched none, most similar first."""
    index = _index(session)
    if not index.rows or not name.strip():
        return []
    hits = process.extract(
        fold(name),
        [fold(alias) for _, alias in index.rows],
        scorer=fuzz.WRatio,
        score_cutoff=NEAR_NAME_THRESHOLD,
        limit=limit * 4,
    )
    programs: Dict[str, FundingCall] = {}
    for _, _, position in hits:
        call = session.get(FundingCall, index.rows[position][0])
        programs.setdefault(call.program, call)
    return list(programs.values())[:limit]


def program_rounds(session: Session, calls: Iterable[FundingCall]) -> List[FundingCall]:
    """Every call of the programs of `calls`, newest first."""
    programs = {c.program for c in calls}
    if not programs:
        return []
    rounds = session.execute(select(FundingCall).where(FundingCall.program.in_(programs))).scalars()
    return sorted(rounds, key=lambda c: (-(c.year or 0), c.slug))
