"""The office's FAQ: questions and answers staff keep for recurring questions that are not about
one call (the association's procedures, contacts, how a family of programs works), each with
its source.

An entry answers a question by the meaning of its words, not by its exact text: the words of
the question and of the entry's wordings (its question and the other wordings staff add) are
folded and stemmed, stop words dropped, synonyms and separable verbs read as one word; typos and
parts of compounds count in part; question words and words every call question uses weigh less.
A wording matches as well as the lesser of the shares of each side's words that the other holds
(`_scores`). Entries are read from the database on every question, so an entry saved on the staff
app answers at once in every process; the prepared entries are kept until the table changes.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import names
from bot.citations import source_line
from bot.models import FaqEntry
from bot.search import stem
from bot.text import WORD, fold, function_words

# Limits of what staff enter: an answer is read in a chat window.
QUESTION_LIMIT = 300
VARIANT_LIMIT = 300
VARIANTS_LIMIT = 20
ANSWER_LIMIT = 3000
SOURCE_LIMIT = 300

# An entry answers a question whose words it matches this well (0 to 1). Chosen on the labelled
# set of tests/test_faq.py: no question that is not an entry's (601 of them, 555 being the dev
# sets' user turns) scores above 0.58; 38 of its 43 paraphrases score 0.6 or more.
MATCH_THRESHOLD = 0.6
# In a conversation about a call or a circular, short follow-ups ("an wen wende ich mich bei
# Rückfragen?") are about it: there an entry must match better (follow-ups score up to 0.59).
IN_CONVERSATION_THRESHOLD = 0.7

# A typo: two stems at least this similar (rapidfuzz ratio, 0 to 100) count as one word.
TYPO_RATIO = 80
# A stem at the start or end of a compound ("Antrag" in "Förderantrag") counts this much.
COMPOUND_CREDIT = 0.6
COMPOUND_PART = 5  # shortest stem that counts as part of a compound

# Words of asking that say nothing about what is asked, beyond spaCy's stop words (folded).
_ASKING_WORDS = frozenset(
    fold(
        "bitte gibt gibts gab gabs eigentlich genau überhaupt mal frage fragen hallo danke infos fürs ins ans "
        "aufs übers durchs ums per"
    ).split()
)
# Question words and the verbs any question is built with ("Wie läuft … ab?", "Wie kommen wir an
# …?") say little about what is asked, but something: "Wer bekommt die Rundschreiben?" is not
# "Von wann ist das Rundschreiben?". They are kept, weakly weighted, each group read as one word.
_FRAME_WORDS = {
    form: "?" + group.split()[0]
    for group in (
        "wer wen wem wessen",
        "was",
        "wann",
        "wo wohin woher",
        "wie",
        "warum wieso weshalb",
        "welche welcher welchen welchem welches",
        "bekomme bekommen bekommt bekommst erhalte erhalten erhält erhältst kriege kriegen kriegt",
        "komme kommen kommt kam",
        "laufen läuft lief",
        "funktionieren funktioniert",
        "mache machen macht",
        "finde finden findet",
        "brauche brauchen braucht",
        "gehen geht ging",
        "stehen steht",
        "stelle stellen stellt",
    )
    for form in fold(group).split()
}
_ASKING_GROUPS = {"?wer", "?was", "?wann", "?wo", "?wie", "?warum", "?welche"}
FRAME_WEIGHT = 0.4
# Words of the domain that every question about calls uses ("Förderung", "Landkreis", "Frist"):
# they tell an entry from a call question little.
GENERIC_WEIGHT = 0.3
# Content words a question may use for the same thing, as stems: the first of each group stands
# for all.
_SYNONYMS = (
    "oft haufig",
    "zugang login zugriff",
    "ansprech ansprechpartn ansprechperson kontakt wend",
    "schick verschick verschickt schickt zuschick versend versendet zusend weiterleit weiterleitet leit leitet",
    # The association and its office: "Hilft die Geschäftsstelle …?" asks what "Hilft der Landkreistag …?" asks.
    "landkreistag geschaftsstell",
)
# Particles of separable verbs: "Füllt die Geschäftsstelle Anträge aus?" is "ausfüllen", "Wie läuft
# die Förderung ab?" "ablaufen"; "weitergeleitet" is "weiterleiten".
_PARTICLES = "an ab auf aus ein mit nach vor zu weiter zurück fest"
_PARTICIPLE = re.compile(rf"^({'|'.join(fold(_PARTICLES).split())})ge(\w{{3,}})$")
# A synonym's form spelt a little differently ("weitergeleit" for "weiterleit") is that form.
SYNONYM_RATIO = 88


class FaqError(ValueError):
    """An entry that cannot be saved; its message is German and shown to staff."""


@dataclass(frozen=True)
class Fields:
    """An entry's fields as staff entered them, checked and trimmed."""

    question: str
    variants: str
    answer: str
    source: str


def _now() -> datetime:
    return datetime.utcnow()  # stored in UTC, as every time in the database


def _lines(text: str) -> List[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def checked_fields(question: str, answer: str, source: str, variants: str = "") -> Fields:
    """The fields trimmed, or FaqError naming the first one that is missing or too long."""
    question = " ".join((question or "").split())
    source = " ".join((source or "").split())
    answer = (answer or "").strip()
    wordings = _lines(variants)
    if not question:
        raise FaqError("Bitte geben Sie die Frage ein.")
    if not answer:
        raise FaqError("Bitte geben Sie die Antwort ein.")
    if not source:
        raise FaqError("Bitte geben Sie die Quelle der Antwort an (z. B. „Geschäftsstelle, Stand November 2026“).")
    if len(question) > QUESTION_LIMIT:
        raise FaqError(f"Die Frage ist zu lang (höchstens {QUESTION_LIMIT} Zeichen).")
    if len(answer) > ANSWER_LIMIT:
        raise FaqError(f"Die Antwort ist zu lang (höchstens {ANSWER_LIMIT} Zeichen).")
    if len(source) > SOURCE_LIMIT:
        raise FaqError(f"Die Quelle ist zu lang (höchstens {SOURCE_LIMIT} Zeichen).")
    if len(wordings) > VARIANTS_LIMIT:
        raise FaqError(f"Bitte geben Sie höchstens {VARIANTS_LIMIT} andere Formulierungen an.")
    if any(len(line) > VARIANT_LIMIT for line in wordings):
        raise FaqError(f"Jede andere Formulierung darf höchstens {VARIANT_LIMIT} Zeichen lang sein.")
    if not any(not s.startswith("?") for s in content_stems(question)):
        raise FaqError("Die Frage enthält keine Wörter, an denen man sie erkennen könnte (z. B. „Mitgliederbereich“).")
    return Fields(question, "\n".join(wordings), answer, source)


# --- reading and writing entries ------------------------------------------------------------------


def list_entries(session: Session) -> List[FaqEntry]:
    """All entries, alphabetically by question."""
    entries = session.execute(select(FaqEntry)).scalars().all()
    return sorted(entries, key=lambda e: fold(e.question))


def get_entry(session: Session, entry_id: int) -> Optional[FaqEntry]:
    return session.get(FaqEntry, entry_id)


def _existing(session: Session, entry_id: int) -> FaqEntry:
    entry = get_entry(session, entry_id)
    if entry is None:
        raise FaqError(f"Einen FAQ-Eintrag Nr. {entry_id} gibt es nicht (mehr).")
    return entry


def add_entry(
    session: Session, *, question: str, answer: str, source: str, updated_by: str, variants: str = ""
) -> FaqEntry:
    fields = checked_fields(question, answer, source, variants)
    entry = FaqEntry(**vars(fields), updated_by=updated_by, updated_at=_now())
    session.add(entry)
    session.flush()
    return entry


def update_entry(
    session: Session, entry_id: int, *, question: str, answer: str, source: str, updated_by: str, variants: str = ""
) -> FaqEntry:
    fields = checked_fields(question, answer, source, variants)
    entry = _existing(session, entry_id)
    for name, value in vars(fields).items():
        setattr(entry, name, value)
    entry.updated_by, entry.updated_at = updated_by, _now()
    session.flush()
    return entry


def delete_entry(session: Session, entry_id: int) -> None:
    session.delete(_existing(session, entry_id))
    session.flush()


def wordings(entry: FaqEntry) -> List[str]:
    """The entry's question and its other wordings."""
    return [entry.question] + _lines(entry.variants or "")


def answer_text(entry: FaqEntry) -> str:
    """The entry as the assistant says it: the answer, then its source."""
    return f"{entry.answer.strip()}\n{source_line([entry.source])}"


# --- matching a question ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _filler() -> FrozenSet[str]:
    """Stop words and words of asking, folded ("für" and "fuer" alike); not the question words."""
    return (frozenset(fold(w) for w in function_words()) | _ASKING_WORDS) - set(_FRAME_WORDS) - {"oft"}


@lru_cache(maxsize=1)
def _synonyms() -> Dict[str, str]:
    return {word: group.split()[0] for group in _SYNONYMS for word in group.split()}


@lru_cache(maxsize=4096)
def _canonical(word_stem: str) -> str:
    """The stem that stands for a word's synonyms ("wendet" for "wenden" too: Snowball keeps a
    verb's "t"); the word's own stem if it has none."""
    synonyms = _synonyms()
    for form in (word_stem, re.sub(r"e?t$", "", word_stem)):
        if form in synonyms:
            return synonyms[form]
    if len(word_stem) < 6:
        return word_stem
    found = process.extractOne(word_stem, list(synonyms), scorer=fuzz.ratio, score_cutoff=SYNONYM_RATIO)
    return synonyms[found[0]] if found else word_stem


@lru_cache(maxsize=1)
def _generic() -> FrozenSet[str]:
    return names.generic_stems() | {
        stem(fold(w)) for w in ("antrag", "anträge", "förderantrag", "förderanträge", "landkreistag", "landkreistages")
    }


def _word_stem(word: str) -> str:
    """A folded word's stem; Snowball reads "ae" as "ä" ("Zugaenge" and "Zugänge" are one stem)."""
    return _canonical(stem(_PARTICIPLE.sub(r"\1\2", word)))


def _separable_joined(written: List[str]) -> List[str]:
    """The folded words, a separable verb's particle at the end joined to its verb, which stands
    first or after a question word: "Wie läuft das ab?" -> "wie ablaeuft das". Not to a noun
    ("Welche Rundschreiben kommen an?"): after "welche" or written with a capital inside."""
    words = [fold(w) for w in written]
    if len(words) < 3 or words[-1] not in fold(_PARTICLES).split():
        return words
    verb = 1 if _FRAME_WORDS.get(words[0]) in _ASKING_GROUPS else 0
    if words[0].startswith("welch") or (verb and written[verb][:1].isupper()) or words[verb] in _FRAME_WORDS:
        return words  # a light verb stays one ("Wie läuft die Förderung ab?" asks no more than "läuft")
    return words[:verb] + [words[-1] + words[verb]] + words[verb + 1 : -1]


def content_stems(text: str) -> List[str]:
    """The stems of a text's words that say what it asks, in order, each once: content words,
    numbers as written ("2020"), and question words and light verbs marked "?" ("?wer")."""
    stems: List[str] = []
    for word in _separable_joined(WORD.findall(text)):
        if word in _FRAME_WORDS:
            word_stem = _FRAME_WORDS[word]
        elif word.isdigit():
            word_stem = word
        elif len(word) < 3 or word in _filler():
            continue
        else:
            word_stem = _word_stem(word)
        if word_stem not in stems:
            stems.append(word_stem)
    return stems


def word_weight(word_stem: str) -> float:
    """How much a word tells what a question asks: a question word or light verb little, a word
    every call question uses ("Förderung") little, any other word fully."""
    if word_stem.startswith("?"):
        return FRAME_WEIGHT
    return GENERIC_WEIGHT if word_stem in _generic() else 1.0


@dataclass
class _Prepared:
    """The entries' wordings as stems, all wordings' stems in one array for numpy."""

    entry_ids: List[int]  # per wording
    starts: np.ndarray  # where each wording's stems start in `stems`
    stems: np.ndarray  # each wording's stems in turn, as indexes into `vocabulary`
    vocabulary: List[str]
    weights: np.ndarray  # per vocabulary stem
    comparable: np.ndarray  # per vocabulary stem: a word that may be misspelt or in a compound


def _comparable(word_stem: str) -> bool:
    # Question words, light verbs and numbers match only as they are.
    return not word_stem.startswith("?") and not word_stem.isdigit()


def _prepare(entries: Sequence[FaqEntry]) -> _Prepared:
    vocabulary: Dict[str, int] = {}
    entry_ids: List[int] = []
    starts: List[int] = []
    stems: List[int] = []
    for entry in entries:
        for wording in wordings(entry):
            indexes = [vocabulary.setdefault(s, len(vocabulary)) for s in content_stems(wording)]
            if indexes:
                entry_ids.append(entry.id)
                starts.append(len(stems))
                stems += indexes
    words = list(vocabulary)
    return _Prepared(
        entry_ids,
        np.array(starts, dtype=int),
        np.array(stems, dtype=int),
        words,
        np.array([word_weight(w) for w in words]),
        np.array([_comparable(w) for w in words]),
    )


def _in_compound(shorter: str, longer: str) -> bool:
    """Whether a stem begins or ends a longer one: "antrag" and "forderantrag"."""
    return len(shorter) >= COMPOUND_PART and (longer.startswith(shorter) or longer.endswith(shorter))


def _similarities(query: List[str], prepared: _Prepared) -> np.ndarray:
    """For each stem of the question, how much it is each stem of the entries: 1 the same, its
    ratio for a typo, COMPOUND_CREDIT for a part of a compound ("Antrag" in "Förderantrag")."""
    vocabulary = prepared.vocabulary
    typos = process.cdist(query, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO, dtype=np.float64) / 100
    long_enough = np.array([len(w) >= 4 for w in vocabulary])
    similar = np.zeros((len(query), len(vocabulary)))
    for i, word_stem in enumerate(query):
        if _comparable(word_stem) and len(word_stem) >= 4:
            similar[i] = np.where(prepared.comparable & long_enough, typos[i], 0.0)
            for j in np.flatnonzero(prepared.comparable & (similar[i] < COMPOUND_CREDIT)):
                known = vocabulary[j]
                if _in_compound(word_stem, known) or _in_compound(known, word_stem):
                    similar[i, j] = COMPOUND_CREDIT
        if word_stem in vocabulary:
            similar[i, vocabulary.index(word_stem)] = 1.0
    return similar


def _scores(prepared: _Prepared, query: List[str]) -> np.ndarray:
    """Per wording, the lesser of two shares: of the question's words found in the wording (a
    question about something else, "… bei Heimat 2.0?", has words the wording lacks) and of the
    wording's words found in the question (a question that leaves out what the entry is about,
    "Wer ist der Ansprechpartner?" for questions about circulars, lacks them). Words count by
    their weight, words found in part (typos, compounds) in part."""
    shared = _similarities(query, prepared)[:, prepared.stems]  # question stems x all wordings' stems
    query_weights = np.array([word_weight(s) for s in query])
    found = (np.maximum.reduceat(shared, prepared.starts, axis=1) * query_weights[:, None]).sum(axis=0)
    weights = prepared.weights[prepared.stems]
    covered = np.add.reduceat(shared.max(axis=0) * weights, prepared.starts) / np.add.reduceat(weights, prepared.starts)
    return np.minimum(found / query_weights.sum(), covered)


# The prepared entries of the newest FAQ table seen per database, with the fingerprint of the
# table they were prepared from: the action server sees an entry the staff app saved at once.
_PREPARED: Dict[str, Tuple[tuple, _Prepared]] = {}


def _fingerprint(session: Session) -> tuple:
    # Count and highest id see additions and deletions (SQLite reuses ids after a rollback); the
    # newest change time and the wordings' total length see edits.
    row = session.execute(
        select(
            func.count(FaqEntry.id),
            func.max(FaqEntry.id),
            func.max(FaqEntry.updated_at),
            func.sum(func.length(FaqEntry.question) + func.coalesce(func.length(FaqEntry.variants), 0)),
        )
    ).one()
    return tuple(row)


def _prepared(session: Session) -> Optional[_Prepared]:
    """The entries prepared for matching; None where there are none."""
    fingerprint = _fingerprint(session)
    if not fingerprint[0]:
        return None
    url = str(session.get_bind().url)
    cached = _PREPARED.get(url)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, _prepare(session.execute(select(FaqEntry)).scalars().all()))
        _PREPARED[url] = cached
    return cached[1]


def scored_entries(session: Session, text: str) -> List[Tuple[int, float]]:
    """Every entry's id with how well it matches the question (by its best wording), best first."""
    query = content_stems(text)
    prepared = _prepared(session) if any(not s.startswith("?") for s in query) else None
    if prepared is None:
        return []
    best: Dict[int, float] = {}
    for entry_id, score in zip(prepared.entry_ids, _scores(prepared, query)):
        best[entry_id] = max(score, best.get(entry_id, 0.0))
    return sorted(best.items(), key=lambda pair: -pair[1])


def best_match(session: Session, text: str, threshold: float = MATCH_THRESHOLD) -> Optional[Tuple[FaqEntry, float]]:
    """The entry that answers the question, with its score; None if none matches `threshold`."""
    scored = scored_entries(session, text)
    if not scored or scored[0][1] < threshold:
        return None
    entry = get_entry(session, scored[0][0])
    return (entry, scored[0][1]) if entry is not None else None


def answering_entry(session: Session, text: str, in_conversation: bool = False) -> Optional[FaqEntry]:
    """The entry that answers a question, if one matches well enough; in a conversation about a
    call or circular (`in_conversation`) it must match better."""
    found = best_match(session, text, IN_CONVERSATION_THRESHOLD if in_conversation else MATCH_THRESHOLD)
    return found[0] if found else None
