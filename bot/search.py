"""German full-text search over circulars and calls.

SQLite: an FTS5 table holding Snowball-stemmed words ("Fristen" and "Frist" both become
"frist"), queried with stemmed prefix terms so that compounds still match
("Digitalisierung" finds "Digitalisierungsstrategie"). PostgreSQL: a tsvector column with the
`german` text search configuration. Both are filled by `reindex` and `index_circular`.
"""

import html
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Dict, List, Optional, Set, Tuple, Type, TypeVar, Union

import snowballstemmer
from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from bot import knowledge
from bot.models import Circular, CircularCall, Eligibility, FundingCall
from bot.states import Verdict

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def stemmed(text_: str) -> str:
    return " ".join(stem(w) for w in _WORD.findall(text_))


@dataclass
class Hit:
    kind: str  # "circular" or "call"
    key: str  # circular number or call slug
    title: str
    issued_on: Optional[date]
    snippet: str
    snippet_html: str
    score: float

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "date": self.issued_on.isoformat() if self.issued_on else None,
            "snippet": self.snippet,
            "snippet_html": self.snippet_html,
            "score": round(self.score, 4),
        }


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _circular_document(circular: Circular):
    title = f"Rundschreiben {circular.number} {circular.subject}"
    body = " ".join(filter(None, [circular.recipients, circular.summary, circular.full_text]))
    return "circular", circular.id, int(circular.number.split("/")[1]), title, body


def _call_document(call: FundingCall):
    title = " ".join([call.title] + [a.alias for a in call.aliases])
    deadlines = [f"Frist {d.kind} {d.due_on.strftime('%d.%m.%Y') if d.due_on else ''}" for d in call.deadlines]
    rules = [f"{e.applicant_type} {e.condition or ''}" for e in call.eligibility]
    body = " ".join([f.text for f in call.facts] + deadlines + rules)
    return "call", call.id, call.year, title, body


def index_rowid(kind: str, ref_id: int) -> int:
    """SQLite: FTS5 finds rows fast only by rowid, so the rowid encodes kind and id."""
    return ref_id * 2 + (kind == "call")


def _write(session: Session, kind: str, ref_id: int, year, title: str, body: str) -> None:
    row = {"kind": kind, "ref_id": ref_id, "year": year, "title": title, "body": body}
    if is_sqlite(session):
        row.update(rowid=index_rowid(kind, ref_id), title=stemmed(title), body=stemmed(body))
        session.execute(text("DELETE FROM search_index WHERE rowid = :rowid"), row)
        session.execute(
            text(
                "INSERT INTO search_index (rowid, kind, ref_id, year, title, body) "
                "VALUES (:rowid, :kind, :ref_id, :year, :title, :body)"
            ),
            row,
        )
        return
    session.execute(text("DELETE FROM search_index WHERE kind = :kind AND ref_id = :ref_id"), row)
    session.execute(
        text(
            "INSERT INTO search_index (kind, ref_id, year, title, body) VALUES (:kind, :ref_id, :year, :title, :body)"
        ),
        row,
    )


def index_circular(session: Session, circular: Circular) -> None:
    """(Re)index a circular and the calls it concerns."""
    session.flush()
    _write(session, *_circular_document(circular))
    for link in circular.call_links:
        _write(session, *_call_document(link.call))


def reindex(session: Session) -> int:
    session.flush()
    session.execute(text("DELETE FROM search_index"))
    count = 0
    for circular in session.execute(select(Circular)).scalars():
        _write(session, *_circular_document(circular))
        count += 1
    for call in session.execute(select(FundingCall)).scalars():
        _write(session, *_call_document(call))
        count += 1
    return count


# Derivational endings that Snowball keeps: "Digitalisierung" should also find "digitale".
_DERIVATIONS = ("isier", "ier", "ung", "heit", "keit", "schaft", "lich", "isch")


def _variants(term: str) -> List[str]:
    base = next((term[: -len(end)] for end in _DERIVATIONS if term.endswith(end) and len(term) - len(end) >= 5), None)
    return [term, base] if base else [term]


def _prefix(stem_: str, sqlite: bool) -> str:
    # A stem as a prefix term: compounds and inflected forms beyond the stem still match.
    return f'"{stem_}"*' if sqlite else f"{stem_}:*"


def _fts_query(query: str) -> Optional[str]:
    terms = [stem(w) for w in _WORD.findall(query) if len(w) >= 2]
    parts = ["(" + " OR ".join(_prefix(v, True) for v in _variants(t)) + ")" for t in terms]
    return " AND ".join(parts) or None


def circulars_containing(session: Session, stem_: str) -> int:
    """How many circulars contain the stem as a prefix of a word."""
    sqlite = is_sqlite(session)
    condition = "search_index MATCH :terms" if sqlite else "tsv @@ to_tsquery('german', :terms)"
    sql = f"SELECT count(*) FROM search_index WHERE kind = 'circular' AND {condition}"
    return session.execute(text(sql), {"terms": _prefix(stem_, sqlite)}).scalar()


def circulars_with_any(session: Session, stems: List[str], limit: int) -> List[int]:
    """Ids of the circulars containing any of the stems, best ranked first."""
    if is_sqlite(session):
        sql = (
            "SELECT ref_id FROM search_index WHERE kind = 'circular' AND search_index MATCH :terms "
            "ORDER BY bm25(search_index, 0, 0, 0, 4.0, 1.0) LIMIT :limit"
        )
        terms = " OR ".join(_prefix(s, True) for s in stems)
    else:
        sql = (
            "SELECT ref_id FROM search_index WHERE kind = 'circular' AND tsv @@ to_tsquery('german', :terms) "
            "ORDER BY ts_rank(tsv, to_tsquery('german', :terms)) DESC LIMIT :limit"
        )
        terms = " | ".join(_prefix(s, False) for s in stems)
    return [int(r) for r in session.execute(text(sql), {"terms": terms, "limit": limit}).scalars()]


def _candidates(session: Session, query: str, year: Optional[int], limit: int):
    params: Dict[str, Union[int, str, None]] = {"limit": limit, "year": year}
    year_clause = "AND year = :year" if year else ""
    if is_sqlite(session):
        match = _fts_query(query)
        if not match:
            return []
        params["match"] = match
        sql = (
            f"SELECT kind, ref_id, bm25(search_index, 0, 0, 0, 4.0, 1.0) AS score FROM search_index "
            f"WHERE search_index MATCH :match {year_clause} ORDER BY score LIMIT :limit"
        )
        return [(kind, int(ref_id), -score) for kind, ref_id, score in session.execute(text(sql), params)]
    params["query"] = query
    sql = (
        f"SELECT kind, ref_id, ts_rank(tsv, websearch_to_tsquery('german', :query)) AS score "
        f"FROM search_index WHERE tsv @@ websearch_to_tsquery('german', :query) {year_clause} "
        f"ORDER BY score DESC LIMIT :limit"
    )
    return [(kind, ref_id, score) for kind, ref_id, score in session.execute(text(sql), params)]


def _snippet(sentences: List[str], query: str, width: int = 240):
    """The sentence with most query words, with those words marked."""
    stems = {v for w in _WORD.findall(query) for v in _variants(stem(w))}

    def matches(word: str) -> bool:
        word_stem = stem(word)
        return any(word_stem.startswith(s) for s in stems)

    best = max(sentences, key=lambda s: sum(matches(w) for w in _WORD.findall(s)), default="")
    best = best if len(best) <= width else best[:width].rsplit(" ", 1)[0] + " …"
    marked_html = re.sub(
        r"\w+", lambda m: f"<mark>{m.group(0)}</mark>" if matches(m.group(0)) else m.group(0), html.escape(best)
    )
    return best, marked_html


# Filtered searches rank this many matches before filtering, so filters rarely starve the page.
FILTER_POOL = 2000


def _allowed_ids(
    session: Session, applicant_type: Optional[str], status: Optional[str], today: Optional[date]
) -> Tuple[Set[int], Set[int]]:
    """Ids of the calls and of the circulars about them that pass the filters, found in SQL."""
    call_ids = set(session.execute(select(FundingCall.id)).scalars())
    if applicant_type:
        call_ids &= set(
            session.execute(
                select(Eligibility.call_id).where(
                    Eligibility.applicant_type == applicant_type, Eligibility.verdict != Verdict.NO
                )
            ).scalars()
        )
    links = session.execute(select(CircularCall.circular_id, CircularCall.call_id)).all()
    if status:
        open_ids = {call.id for call in knowledge.open_calls(session, today)} if today else set()
        with_open_call = {circular for circular, call in links if call in open_ids}
        call_ids = call_ids & open_ids if status == "open" else call_ids - open_ids
    circular_ids = {circular for circular, call in links if call in call_ids}
    if status == "open":
        circular_ids &= with_open_call
    elif status == "closed":
        circular_ids -= with_open_call
    return call_ids, circular_ids


# What `_load` loads: a circular or a call, and the mapping holds that model's objects.
_Model = TypeVar("_Model", Circular, FundingCall)


def _load(session: Session, model: Type[_Model], ids: List[int], *relations) -> Dict[int, _Model]:
    """Objects by id in one query each, with the relations the hits need."""
    if not ids:
        return {}
    query = select(model).where(model.id.in_(ids)).options(*(selectinload(r) for r in relations))
    return {obj.id: obj for obj in session.execute(query).scalars()}


def search(
    session: Session,
    query: str,
    *,
    year: Optional[int] = None,
    applicant_type: Optional[str] = None,
    status: Optional[str] = None,
    today: Optional[date] = None,
    limit: int = 10,
) -> List[Hit]:
    """Circulars and calls ranked by relevance; `status` is "open" or "closed" (compared with today)."""
    filtered = bool(applicant_type or status)
    candidates = _candidates(session, query, year, FILTER_POOL if filtered else limit)
    if filtered:
        call_ids, circular_ids = _allowed_ids(session, applicant_type, status, today)
        candidates = [c for c in candidates if c[1] in (circular_ids if c[0] == "circular" else call_ids)]
    candidates = candidates[:limit]
    circulars = _load(session, Circular, [i for kind, i, _ in candidates if kind == "circular"], Circular.sentences)
    calls = _load(
        session,
        FundingCall,
        [i for kind, i, _ in candidates if kind == "call"],
        FundingCall.facts,
        FundingCall.deadlines,
    )
    hits: List[Hit] = []
    for kind, ref_id, score in candidates:
        if kind == "circular" and ref_id in circulars:
            obj = circulars[ref_id]
            sentences = [s.text for s in obj.sentences] or [obj.summary or obj.subject]
            snippet, marked = _snippet(sentences, query)
            hits.append(Hit(kind, obj.number, obj.subject, obj.issued_on, snippet, marked, score))
        elif kind == "call" and ref_id in calls:
            obj = calls[ref_id]
            deadlines = [f"Frist ({d.kind}): {d.due_on.strftime('%d.%m.%Y')}" for d in obj.deadlines if d.due_on]
            snippet, marked = _snippet([f.text for f in obj.facts] + deadlines or [obj.title], query)
            hits.append(Hit(kind, obj.slug, obj.title, None, snippet, marked, score))
    return hits
