"""The sentence of a circular that best answers a free question, for questions no field covers.

A sentence is quoted only when it carries most of the question's weight: each content word of
the question counts by its rarity in the whole collection (inverse document frequency), so
"Landkreis" or "Förderung" alone never make a match, and a question with words the collection
does not know ("Personalausweis") is not answered with a sentence that merely shares the rest.
"""

import math
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import search
from bot.models import Circular, CircularSentence
from bot.text import WORD, is_question_word

# Share of the question's weight a sentence must cover, and how many content words it must
# share with the question; chosen on the fallback messages in tests/nlu/scope_messages.yml.
MIN_COVERAGE = 0.5
MIN_MATCHED_WORDS = 2
CANDIDATE_CIRCULARS = 10

# A sentence that ends like one; headings and subject lines do not.
_QUOTABLE = re.compile(r"[.!?][\"“”»)]?$")


@dataclass
class Quote:
    circular: Circular
    sentence: str
    coverage: float
    call_id: Optional[int] = None  # the call of the sentence's section, where the circular has several


def content_words(question: str, ignore: Iterable[str] = ()) -> List[str]:
    """The question's content words as search stems, without stop and question words."""
    ignored = {search.stem(w) for phrase in ignore for w in WORD.findall(phrase)}
    stems = []
    for word in WORD.findall(question):
        if len(word) < 3 or word.isdigit() or is_question_word(word):
            continue
        stemmed = search.stem(word)
        if stemmed not in ignored and stemmed not in stems:
            stems.append(stemmed)
    return stems


def _same_word(question_stem: str, sentence_stem: str) -> bool:
    # Prefixes both ways: "digital" finds "digitalisierung", "beteiligt" finds "beteil(igen)".
    return sentence_stem.startswith(question_stem) or (
        len(sentence_stem) >= 5 and question_stem.startswith(sentence_stem)
    )


def _weights(session: Session, stems: Sequence[str]) -> Dict[str, float]:
    total = session.execute(select(func.count()).select_from(Circular)).scalar() or 1
    return {s: math.log((total + 1) / (search.circulars_containing(session, s) + 0.5)) for s in stems}


def _matched(stems: Sequence[str], text_: str) -> List[str]:
    words = {search.stem(w) for w in WORD.findall(text_)}
    return [s for s in stems if any(_same_word(s, w) for w in words)]


def _coverage(weights: Dict[str, float], matched: Sequence[str]) -> float:
    return sum(weights[s] for s in matched) / sum(weights.values())


def best_sentence(
    session: Session,
    question: str,
    *,
    ignore: Iterable[str] = (),
    circular_ids: Optional[Sequence[int]] = None,
    better_than: str = "",
) -> Optional[Quote]:
    """The best quotable sentence for the question, or None when none covers it well enough.

    `ignore` holds words that name what the question is about (a call's name), which every
    sentence of its circulars would match; `circular_ids` limits the search to those circulars;
    a sentence must cover the question better than the text `better_than` (an answer already
    given) does.
    """
    stems = content_words(question, ignore)
    if len(stems) < MIN_MATCHED_WORDS:
        return None
    ids = (
        list(circular_ids)
        if circular_ids is not None
        else search.circulars_with_any(session, stems, CANDIDATE_CIRCULARS)
    )
    if not ids:
        return None
    weights = _weights(session, stems)
    floor = max(MIN_COVERAGE, _coverage(weights, _matched(stems, better_than)) + 1e-9)
    rows = session.execute(
        select(CircularSentence)
        .where(CircularSentence.circular_id.in_(ids))
        .order_by(CircularSentence.circular_id, CircularSentence.position)
    ).scalars()
    best: Optional[Quote] = None
    best_key = (0.0, 0)
    for row in rows:
        if not _QUOTABLE.search(row.text):
            continue  # headings, the subject, "Bezug: ..." lines: they name things, they say nothing
        matched = _matched(stems, row.text)
        coverage = _coverage(weights, matched)
        # Ties go to the shorter sentence: it says the same with less around it.
        key = (round(coverage, 6), -len(row.text))
        if len(matched) >= MIN_MATCHED_WORDS and coverage >= floor and key > best_key:
            best, best_key = Quote(session.get(Circular, row.circular_id), row.text, coverage, row.call_id), key
    return best
