"""The knowledge API: plain functions over a session. Actions, CLI and search all use these."""

from datetime import date
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import CallFact, Circular, CircularCall, Deadline, FundingCall
from bot.states import LinkRole
from bot.text import find_circular_numbers


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


def announced_calls(circular: Circular) -> List[FundingCall]:
    """The calls a circular announces (not those it only mentions), in the order of its links."""
    return [link.call for link in circular.call_links if link.role == LinkRole.ANNOUNCES]


def announcing_circulars(call: FundingCall) -> List[Circular]:
    """The call's own circulars, newest first; circulars that only mention it are not its sources."""
    circulars = [link.circular for link in call.circular_links if link.role == LinkRole.ANNOUNCES]
    return sorted(circulars, key=lambda c: (c.issued_on is not None, c.issued_on, c.number), reverse=True)


def circulars_for_calls(calls: List[FundingCall]) -> List[CircularCall]:
    """Circulars about the calls: those announcing one first, then those mentioning one."""
    links = [link for call in calls for link in call.circular_links]
    return sorted(links, key=lambda link: (link.role != LinkRole.ANNOUNCES, link.circular.number))


def deadlines_between(
    session: Session,
    start: Optional[date] = None,
    end: Optional[date] = None,
    limit: Optional[int] = None,
    newest_first: bool = False,
) -> List[Deadline]:
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


def _all_calls(session: Session) -> List[FundingCall]:
    return list(session.execute(select(FundingCall).options(selectinload(FundingCall.aliases))).scalars())


def list_calls(session: Session, newest_first: bool = False) -> List[FundingCall]:
    if newest_first:
        return sorted(_all_calls(session), key=lambda c: (-(c.year or 0), c.program))
    return sorted(_all_calls(session), key=lambda c: (c.program, c.year or 0))


def calls_by_slug(session: Session, slugs: List[str]) -> List[FundingCall]:
    """The calls with these slugs, in the order given; unknown slugs are left out."""
    found = {c.slug: c for c in session.execute(select(FundingCall).where(FundingCall.slug.in_(slugs))).scalars()}
    return [found[s] for s in slugs if s in found]
