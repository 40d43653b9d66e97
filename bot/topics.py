"""Which calls a question is about when it names none, by what it is about: "wie viel gibt es
pro Stellplatz, wenn eine Gemeinde ein Feuerwehrhaus baut?" is about the call whose circular
speaks of Stellplätze and Feuerwehrhäuser.

Each of the question's content words counts by how few circulars hold it (a word every
circular has tells nothing); a call fits by the share of that weight its own sentences hold.
"""

import re
from dataclasses import dataclass
from math import log
from typing import Dict, List, Optional, Sequence, Set

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import applicants, evidence, names, search
from bot.models import Circular, FundingCall
from bot.states import LinkRole
from bot.text import fold

# Circulars looked at: those the full-text search ranks best for any of the words.
CANDIDATE_CIRCULARS = 12
# A call fits a question whose weight its sentences hold at least this share of.
TOPIC_SHARE = 0.6
# Calls within this share of the best one fit as well: a question back, or all rounds of one program.
TOPIC_MARGIN = 0.15


@dataclass
class TopicMatch:
    call: FundingCall
    share: float  # of the question's (rarity-weighted) content words its sentences hold
    nouns: Set[str]  # the question's rare words its sentences hold as nouns
    own: bool = False  # some of them in its own section of a circular announcing several calls


@dataclass
class Words:
    """The question's content words (stems) with their weight, and those few circulars hold."""

    weights: Dict[str, float]
    rare: Set[str]


# A short word no circular holds is chatter or a typo ("moin"); a long one may name something the
# circulars do not speak of ("Kreisstraßen-Sonderprogramm") or only be the user's own word for
# what they do ("Internetkosten"): it keeps half the weight of the rarest word.
SPECIFIC_WORD = 8
ABSENT_WEIGHT = 0.5
# A call is found by its topic only through a word few circulars hold ("Feuerwehrhaus": at most
# this share of them, and at least one), never by common words alone ("laufen") nor by words
# that name any call ("Projekt", "Vorhaben").
RARE_SHARE = 0.15


def question_words(session: Session, question_text: str, heads: bool = True) -> Words:
    """The question's content words (not years, which pick rounds), each weighted by rarity;
    `heads`: a compound no circular writes counts as its head."""
    total = session.execute(select(func.count(Circular.id))).scalar_one()
    words = Words({}, set())
    # "Hy-Experts" is how users write "HyExperts": the joined word counts too.
    joined = [search.stem(fold(w.replace("-", ""))) for w in re.findall(r"\w+(?:-\w+)+", question_text)]
    for stem in [*evidence.focus_stems(question_text), *joined]:
        if stem.isdigit():
            continue
        held_by = search.circulars_containing(session, stem)
        # "E-Auto" where the circulars write "Elektrofahrzeug".
        for other in evidence.same_meaning(stem)[1:] if not held_by else ():
            held_by = search.circulars_containing(session, other)
            if held_by:
                stem = other
                break
        if heads and not held_by and len(stem) >= SPECIFIC_WORD:
            # "Gemeindebibliotheken", "Bildungskoordinatoren": a compound no circular writes is
            # about what its head names, where circulars write that ("Bibliotheken").
            head = _held_head(session, stem)
            if head:
                stem, held_by = head, search.circulars_containing(session, head)
        if held_by:
            words.weights[stem] = log((total + 1) / (0.5 + held_by))
        elif len(stem) >= SPECIFIC_WORD:
            words.weights[stem] = ABSENT_WEIGHT * log((total + 1) / 0.5)
        # A district or an applicant ("Salzlandkreis") is asked about, it names no topic.
        specific = stem not in names.generic_stems() and applicants.detect(stem) is None
        if 1 <= held_by <= max(1, RARE_SHARE * total) and len(stem) >= 4 and specific:
            words.rare.add(stem)
    return words


# The head of a compound is a word of its own this long at least ("Bibliothek", not "thek").
HEAD_LENGTH = 6


def _held_head(session: Session, compound: str) -> Optional[str]:
    """The longest end of a compound that circulars hold as a word of its own."""
    for start in range(3, len(compound) - HEAD_LENGTH + 1):
        head = compound[start:]
        if search.circulars_containing(session, head):
            return head
    return None


def _candidate_calls(session: Session, stems: Sequence[str]) -> List[FundingCall]:
    calls: Dict[int, FundingCall] = {}
    for circular_id in search.circulars_with_any(session, list(stems), CANDIDATE_CIRCULARS):
        circular = session.get(Circular, circular_id)
        for link in circular.call_links if circular else []:
            if link.role == LinkRole.ANNOUNCES:
                calls.setdefault(link.call.id, link.call)
    return list(calls.values())


@dataclass
class Held:
    words: Set[str]  # the question's words the call's sentences hold
    nouns: Set[str]  # of its rare words, those the sentences write as nouns ("Feuerwehrhäuser")
    own_nouns: Set[str]  # those of them in the call's own section of a circular announcing several


def held_words(session: Session, call: FundingCall, words: Words) -> Held:
    """The question's words that the call's sentences hold: the word itself, inflected or inside
    a compound ("Kreisstraßen" is not "Kreis"). A rare word counts as the call's topic only as a
    noun: "reicht" or "lief" may be rare, but name no topic."""
    # A curated call speaks through its facts, an extracted one through its circulars' sentences.
    sentences = evidence.call_sentences(session, call)
    texts = [s.text for s in sentences] + [f.text for f in call.facts]
    own = [s.text for s in sentences if s.own]
    held = set().union(*(evidence.sentence_stems(t) for t in texts))
    # A capital inside a sentence marks a noun; the first word has one anyway.
    nouns = set().union(*(evidence.sentence_stems(" ".join(_NOUN.findall(t))) for t in texts))
    own_nouns = set().union(*(evidence.sentence_stems(" ".join(_NOUN.findall(t))) for t in own))
    return Held(
        {s for s in words.weights if evidence.stem_matches(s, held, heads=False, parts=False)},
        {s for s in words.rare if any(_same_noun(s, n) for n in nouns)},
        {s for s in words.rare if any(_same_noun(s, n) for n in own_nouns)},
    )


_NOUN = re.compile(r"(?<=[\s(„\"])[A-ZÄÖÜ]\w+")


def _same_noun(word: str, noun: str) -> bool:
    """The noun itself, inflected ("Feuerwehrhaus", "Feuerwehrhäusern"), or a long word inside
    a compound ("Stellplatz" in "Fahrzeugstellplatz"), not any word it begins ("lief", "Lieferung")."""
    return noun == word or (noun.startswith(word) and len(noun) - len(word) <= 3) or (len(word) >= 6 and word in noun)


def share(words: Words, held: Held) -> float:
    """The share of the question's weight in the words held."""
    total = sum(words.weights.values())
    return sum(w for s, w in words.weights.items() if s in held.words) / total if total else 0.0


def calls_about(session: Session, words: Words, among: Optional[Sequence[FundingCall]] = None) -> List[TopicMatch]:
    """The calls whose sentences hold most of the question's content words (`question_words`),
    and one of its rare words, best first: the best one and those within TOPIC_MARGIN of it, if
    the best holds TOPIC_SHARE of their weight. `among`: only these calls, else any."""
    if not words.rare:
        return []
    matches = []
    for call in among if among is not None else _candidate_calls(session, sorted(words.rare)):
        held = held_words(session, call, words)
        if held.nouns:
            matches.append(TopicMatch(call, share(words, held), held.nouns, bool(held.own_nouns)))
    matches.sort(key=lambda m: (-m.share, -(m.call.year or 0), m.call.slug))
    if not matches or matches[0].share < TOPIC_SHARE:
        return []
    fitting = [m for m in matches if m.share >= matches[0].share - TOPIC_MARGIN]
    # Of two calls one circular announces, the one whose own section names the thing ("HyExperts").
    own = [m for m in fitting if m.own]
    return own if len(own) == 1 else fitting
