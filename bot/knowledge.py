"""The knowledge API: plain functions over a session. Actions, CLI and search all use these."""
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Optional, Tuple

from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import CallAlias, CallFact, Circular, CircularCall, Deadline, FundingCall
from bot.text import compact, find_circular_numbers, fold, words

# Below this a fuzzy alias match is noise; short aliases ("Smart City") must match exactly enough.
MATCH_THRESHOLD = 86
# One vectorised partial-ratio pass over all aliases keeps the exact window comparison to the
# few aliases near the message; an alias scoring MATCH_THRESHOLD on a window scores above this.
PREFILTER_THRESHOLD = 70
_ORDINALS = {"erste": 1, "ersten": 1, "erster": 1, "1.": 1, "zweite": 2, "zweiten": 2, "zweiter": 2,
             "2.": 2, "dritte": 3, "dritten": 3, "dritter": 3, "3.": 3}


@dataclass
class CallMatch:
    """The calls a text names, best first; `ambiguous` when several fit equally well."""

    calls: List[FundingCall] = field(default_factory=list)
    ambiguous: bool = False

    @property
    def call(self) -> Optional[FundingCall]:
        return self.calls[0] if self.calls and not self.ambiguous else None


def _alias_score(alias: str, message_words: List[str]) -> float:
    """How well the alias stands somewhere in the message, comparing word windows compactly."""
    target = compact(alias)
    if not target:
        return 0.0
    size = max(1, len(words(alias)))
    best = 0.0
    for width in range(max(1, size - 1), size + 2):
        for start in range(0, max(1, len(message_words) - width + 1)):
            window = compact("".join(message_words[start:start + width]))
            if not window:
                continue
            if window == target:
                return 100.0
            if len(target) >= 6:
                best = max(best, fuzz.ratio(window, target))
    return best


_compact_alias = lru_cache(maxsize=100_000)(compact)


def _alias_candidates(session: Session, text: str) -> Dict[int, List[str]]:
    """Aliases that may stand in the text, by call id."""
    message = compact(text)
    rows = session.execute(select(CallAlias.call_id, CallAlias.alias)).all()
    if not message or not rows:
        return {}
    hits = process.extract(message, [_compact_alias(alias) for _, alias in rows], scorer=fuzz.partial_ratio,
                           score_cutoff=PREFILTER_THRESHOLD, limit=None)
    candidates: Dict[int, List[str]] = {}
    for _, _, index in hits:
        call_id, alias = rows[index]
        candidates.setdefault(call_id, []).append(alias)
    return candidates


def _all_calls(session: Session) -> List[FundingCall]:
    query = select(FundingCall).options(selectinload(FundingCall.aliases))
    return list(session.execute(query).scalars())


def _years(text: str) -> List[int]:
    # Years inside circular numbers ("384/2020") say nothing about which round is meant.
    without_numbers = re.sub(r"\d{1,4}\s*/\s*\d{4}", " ", text)
    return [int(y) for y in re.findall(r"(?<![\d.])(20\d{2})(?![\d.])", without_numbers)]


def _narrow_by_round(calls: List[FundingCall], text: str) -> List[FundingCall]:
    """Pick the round a text names by year ("2021") or ordinal ("zweiter Aufruf")."""
    years = set(_years(text))
    by_year = [c for c in calls if c.year in years]
    if by_year:
        return by_year
    ordinal = next((_ORDINALS[w] for w in fold(text).split() if w in _ORDINALS), None)
    if ordinal and len({c.program for c in calls}) == 1:
        ordered = sorted(calls, key=lambda c: (c.year or 0, c.slug))
        if ordinal <= len(ordered):
            return [ordered[ordinal - 1]]
    return calls


def find_calls(session: Session, text: str, round_hint: str = "") -> CallMatch:
    """Resolve a call from free text (a user's message or an entity value) or a slug.

    `round_hint` is further text (the whole message, when `text` is an entity) that may name
    the round by year or ordinal.
    """
    text = text or ""
    by_slug = session.execute(select(FundingCall).filter_by(slug=text.strip())).scalar_one_or_none()
    if by_slug is not None:
        return CallMatch([by_slug])
    message_words = words(text)
    scored: List[Tuple[float, FundingCall]] = []
    for call_id, aliases in _alias_candidates(session, text).items():
        score = max(_alias_score(alias, message_words) for alias in aliases)
        if score >= MATCH_THRESHOLD:
            scored.append((score, session.get(FundingCall, call_id)))
    if not scored:
        return CallMatch()
    scored.sort(key=lambda pair: (-pair[0], -(pair[1].year or 0)))
    best = scored[0][0]
    top = [call for score, call in scored if score >= best - 2]
    top = _narrow_by_round(top, f"{text} {round_hint}")
    return CallMatch(top, ambiguous=len(top) > 1)


def get_call(session: Session, slug: str) -> Optional[FundingCall]:
    return session.execute(select(FundingCall).filter_by(slug=slug)).scalar_one_or_none()


def facts(call: FundingCall, *topics: str) -> List[CallFact]:
    return [f for f in call.facts if f.topic in topics]


def eligibility_for(call: FundingCall, applicant_type: str):
    return next((e for e in call.eligibility if e.applicant_type == applicant_type), None)


def circular_by_number(session: Session, number: str) -> Optional[Circular]:
    found = find_circular_numbers(number)
    if not found:
        return None
    return session.execute(select(Circular).filter_by(number=found[0])).scalar_one_or_none()


def circulars_for_call(session: Session, call: FundingCall) -> List[CircularCall]:
    """Circulars about a call: those announcing it first, then those mentioning it."""
    links = session.execute(select(CircularCall).filter_by(call_id=call.id)).scalars()
    return sorted(links, key=lambda link: (link.role != "announces", link.circular.number))


def deadlines_between(session: Session, start: Optional[date] = None, end: Optional[date] = None,
                      limit: Optional[int] = None, newest_first: bool = False) -> List[Deadline]:
    query = select(Deadline).where(Deadline.due_on.is_not(None))
    if start:
        query = query.where(Deadline.due_on >= start)
    if end:
        query = query.where(Deadline.due_on < end)
    query = query.order_by(Deadline.due_on.desc() if newest_first else Deadline.due_on)
    if limit:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


# Facts whose date marks when a call was announced; before it, the call is not open.
ANNOUNCEMENT_TOPICS = ("published", "legal_basis")


def announced_on(call: FundingCall) -> Optional[date]:
    dates = [f.on_date for f in call.facts if f.topic in ANNOUNCEMENT_TOPICS and f.on_date]
    return min(dates) if dates else None


def open_calls(session: Session, today: date) -> Dict[FundingCall, List[Deadline]]:
    """Calls announced by today (or of unknown announcement) with a deadline today or later."""
    result: Dict[FundingCall, List[Deadline]] = {}
    for deadline in deadlines_between(session, start=today):
        start = announced_on(deadline.call)
        if start is None or start <= today:
            result.setdefault(deadline.call, []).append(deadline)
    return result


def list_calls(session: Session) -> List[FundingCall]:
    return sorted(_all_calls(session), key=lambda c: (c.program, c.year or 0))
