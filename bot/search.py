"""German full-text search over circulars and calls, and the office's FAQ entries.

SQLite: an FTS5 table holding Snowball-stemmed words ("Fristen" and "Frist" both become
"frist"), queried with stemmed prefix terms so that compounds still match
("Digitalisierung" finds "Digitalisierungsstrategie"). PostgreSQL: a tsvector column with the
`german` text search configuration. Both are filled by `reindex` and `index_circular`. FAQ
entries (bot/faq.py) are few and change on the staff app at any time: they are not indexed but
matched in Python with the same stemmed prefix terms, and come first among the hits.
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

from bot import knowledge, wording
from bot.applicants import canonical
from bot.dates import german_date
from bot.models import Circular, CircularCall, Eligibility, FaqEntry, FundingCall
from bot.states import Verdict
from bot.text import WORD


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


# Latin nouns whose plural replaces "-um" ("Museum": "Museen", "Zentrum": "Zentren", "Kriterium":
# "Kriterien"), which Snowball stems apart; not "Eigentum", "Zeitraum" or "Datum".
_LATIN_SINGULAR = re.compile(r"(?<=[eir])um$|(?<=tr)um$")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    word = word.lower()
    if len(word) >= 6:
        word = _LATIN_SINGULAR.sub("en", word)
    return _stemmer().stemWord(word)


def stemmed(text_: str) -> str:
    return " ".join(stem(w) for w in WORD.findall(text_))


@dataclass
class Hit:
    kind: str  # "circular", "call" or "faq"
    key: str  # circular number, call slug or FAQ entry id
    title: str
    issued_on: Optional[date]
    snippet: str
    snippet_html: str
    score: float  # bm25 or ts_rank for circulars and calls; for FAQ entries, the share of terms in the question
    url: Optional[str] = None  # the staff app's page, where the hit has one of its own (FAQ: /faq/<id>)

    @property
    def label(self) -> str:
        return wording.hit_label(self.kind, self.key, self.issued_on)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "date": self.issued_on.isoformat() if self.issued_on else None,
            "snippet": self.snippet,
            "snippet_html": self.snippet_html,
            "score": round(self.score, 4),
            "url": self.url,
        }


def _circular_document(circular: Circular):
    title = f"Rundschreiben {circular.number} {circular.subject}"
    body = " ".join(filter(None, [circular.recipients, circular.summary, circular.full_text]))
    return "circular", circular.id, int(circular.number.split("/")[1]), title, body


def _call_document(call: FundingCall):
    title = " ".join([call.title] + [a.alias for a in call.aliases])
    # Indexed in both forms, so that "31.03.2025" and "31. März 2025" find the deadline.
    deadlines = [
        f"Frist {d.kind} {d.due_on.strftime('%d.%m.%Y')} {german_date(d.due_on)}" if d.due_on else f"Frist {d.kind}"
        for d in call.deadlines
    ]
    rules = [f"{e.applicant_type} {e.condition or ''}" for e in call.eligibility]
    body = " ".join([f.text for f in call.facts] + deadlines + rules)
    return "call", call.id, call.year, title, body


def index_rowid(kind: str, ref_id: int) -> int:
    """SQLite: FTS5 finds rows fast only by rowid, so the rowid encodes kind and id."""
    return ref_id * 2 + (kind == "call")


class _Index:
    """What differs between the databases' full-text search, behind one small interface."""

    terms_match = ""  # SQL condition: the row matches the prefix terms in :terms
    terms_rank = ""  # SQL score of that match, higher is better
    query_match = ""  # the same for a user's query in :terms (see query_terms)
    query_rank = ""
    any_separator = ""

    def prefix(self, stem_: str) -> str:
        """A stem as a prefix term: compounds and inflected forms beyond the stem still match."""
        raise NotImplementedError

    def any_of(self, stems: List[str]) -> str:
        return self.any_separator.join(self.prefix(s) for s in stems)

    def query_terms(self, query: str) -> Optional[str]:
        """A user's query as :terms; None when it has no words to search for."""
        raise NotImplementedError

    def write(self, session: Session, row: dict) -> None:
        raise NotImplementedError


# bm25 weights of the index's columns (kind, ref_id, year, title, body): a word of the title
# counts four times a word of the body.
BM25_WEIGHTS = "0, 0, 0, 4.0, 1.0"


class _SqliteIndex(_Index):
    """An FTS5 table of stemmed words, ranked by bm25 (which is lower for better matches)."""

    terms_match = query_match = "search_index MATCH :terms"
    terms_rank = query_rank = f"-bm25(search_index, {BM25_WEIGHTS})"
    any_separator = " OR "

    def prefix(self, stem_: str) -> str:
        return f'"{stem_}"*'

    def query_terms(self, query: str) -> Optional[str]:
        terms = [stem(w) for w in WORD.findall(query) if len(w) >= 2]
        parts = ["(" + self.any_of(_variants(t)) + ")" for t in terms]
        return " AND ".join(parts) or None

    def write(self, session: Session, row: dict) -> None:
        row = dict(row, rowid=index_rowid(row["kind"], row["ref_id"]))
        row.update(title=stemmed(row["title"]), body=stemmed(row["body"]))
        session.execute(text("DELETE FROM search_index WHERE rowid = :rowid"), row)
        session.execute(
            text(
                "INSERT INTO search_index (rowid, kind, ref_id, year, title, body) "
                "VALUES (:rowid, :kind, :ref_id, :year, :title, :body)"
            ),
            row,
        )


class _PostgresIndex(_Index):
    """A tsvector column with the `german` configuration, which stems by itself."""

    terms_match = "tsv @@ to_tsquery('german', :terms)"
    terms_rank = "ts_rank(tsv, to_tsquery('german', :terms))"
    # A free query goes through websearch_to_tsquery, which reads quotes and "or".
    query_match = "tsv @@ websearch_to_tsquery('german', :terms)"
    query_rank = "ts_rank(tsv, websearch_to_tsquery('german', :terms))"
    any_separator = " | "

    def prefix(self, stem_: str) -> str:
        return f"{stem_}:*"

    def query_terms(self, query: str) -> Optional[str]:
        return query if WORD.search(query) else None

    def write(self, session: Session, row: dict) -> None:
        session.execute(text("DELETE FROM search_index WHERE kind = :kind AND ref_id = :ref_id"), row)
        session.execute(
            text(
                "INSERT INTO search_index (kind, ref_id, year, title, body) "
                "VALUES (:kind, :ref_id, :year, :title, :body)"
            ),
            row,
        )


def _index(session: Session) -> _Index:
    return _SqliteIndex() if session.get_bind().dialect.name == "sqlite" else _PostgresIndex()


def _write(session: Session, kind: str, ref_id: int, year, title: str, body: str) -> None:
    _index(session).write(session, {"kind": kind, "ref_id": ref_id, "year": year, "title": title, "body": body})


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


def circulars_containing(session: Session, stem_: str) -> int:
    """How many circulars contain the stem as a prefix of a word."""
    index = _index(session)
    sql = f"SELECT count(*) FROM search_index WHERE kind = 'circular' AND {index.terms_match}"
    return session.execute(text(sql), {"terms": index.prefix(stem_)}).scalar()


def circulars_with_any(session: Session, stems: List[str], limit: int) -> List[int]:
    """Ids of the circulars containing any of the stems, best ranked first."""
    index = _index(session)
    sql = (
        f"SELECT ref_id FROM search_index WHERE kind = 'circular' AND {index.terms_match} "
        f"ORDER BY {index.terms_rank} DESC LIMIT :limit"
    )
    return [int(r) for r in session.execute(text(sql), {"terms": index.any_of(stems), "limit": limit}).scalars()]


def _candidates(session: Session, query: str, year: Optional[int], limit: int) -> List[Tuple[str, int, float]]:
    """(kind, id, score) of the best matches of a user's query, best first."""
    index = _index(session)
    terms = index.query_terms(query)
    if not terms:
        return []
    year_clause = "AND year = :year" if year else ""
    sql = (
        f"SELECT kind, ref_id, {index.query_rank} AS score FROM search_index "
        f"WHERE {index.query_match} {year_clause} ORDER BY score DESC LIMIT :limit"
    )
    params: Dict[str, Union[int, str, None]] = {"terms": terms, "limit": limit, "year": year}
    return [(kind, int(ref_id), float(score)) for kind, ref_id, score in session.execute(text(sql), params)]


def _snippet(sentences: List[str], query: str, width: int = 240):
    """The sentence with most query words, with those words marked."""
    stems = {v for w in WORD.findall(query) for v in _variants(stem(w))}

    def matches(word: str) -> bool:
        word_stem = stem(word)
        return any(word_stem.startswith(s) for s in stems)

    best = max(sentences, key=lambda s: sum(matches(w) for w in WORD.findall(s)), default="")
    best = best if len(best) <= width else best[:width].rsplit(" ", 1)[0] + " …"
    # Words are marked in the plain text and every piece escaped after: marking the escaped text
    # would mark "quot" inside "&quot;".
    pieces = re.split(r"(\w+)", best)
    marked_html = "".join(
        f"<mark>{html.escape(piece)}</mark>" if i % 2 and matches(piece) else html.escape(piece)
        for i, piece in enumerate(pieces)
    )
    return best, marked_html


class FilterError(ValueError):
    """A search filter that cannot be applied; its message is German and shown to staff."""


def applicant_filter(value: Optional[str]) -> Optional[str]:
    """The applicant type a filter names (None for no filter); FilterError for an unknown one."""
    if not value:
        return None
    applicant = canonical(value)
    if not applicant:
        raise FilterError(wording.unknown_applicant(value))
    return applicant


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


# At most this many FAQ entries lead the hits of a search.
FAQ_HITS = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _holds(words: Set[str], terms: List[List[str]]) -> int:
    """How many of the terms (each a stem and its variants) start a word of `words`."""
    return sum(any(word.startswith(v) for v in variants for word in words) for variants in terms)


def _faq_hits(session: Session, query: str, limit: int) -> List[Hit]:
    """FAQ entries holding every word of the query (stemmed prefixes, as in the index) in their
    question, other wordings, answer or source; those holding most in the question first."""
    terms = [_variants(stem(w)) for w in WORD.findall(query) if len(w) >= 2]
    if not terms:
        return []
    hits = []
    for entry in session.execute(select(FaqEntry)).scalars():
        asked = " ".join([entry.question, entry.variants or ""])
        if _holds({stem(w) for w in WORD.findall(f"{asked} {entry.answer} {entry.source}")}, terms) < len(terms):
            continue
        score = _holds({stem(w) for w in WORD.findall(asked)}, terms) / len(terms)
        snippet, marked = _snippet([entry.question] + _SENTENCE_END.split(entry.answer), query)
        hits.append(Hit("faq", str(entry.id), entry.question, None, snippet, marked, score, url=f"/faq/{entry.id}"))
    return sorted(hits, key=lambda h: -h.score)[:limit]


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
    """FAQ entries, then circulars and calls ranked by relevance; `status` is "open" or "closed"
    (compared with today). Filters leave out FAQ entries, which have no year, applicant or status."""
    filtered = bool(applicant_type or status)
    hits: List[Hit] = [] if filtered or year else _faq_hits(session, query, min(limit, FAQ_HITS))
    limit -= len(hits)
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
    for kind, ref_id, score in candidates:
        if kind == "circular" and ref_id in circulars:
            obj = circulars[ref_id]
            sentences = [s.text for s in obj.sentences] or [obj.summary or obj.subject]
            snippet, marked = _snippet(sentences, query)
            hits.append(Hit(kind, obj.number, obj.subject, obj.issued_on, snippet, marked, score))
        elif kind == "call" and ref_id in calls:
            obj = calls[ref_id]
            deadlines = [f"Frist ({d.kind}): {german_date(d.due_on)}" for d in obj.deadlines if d.due_on]
            snippet, marked = _snippet([f.text for f in obj.facts] + deadlines or [obj.title], query)
            hits.append(Hit(kind, obj.slug, obj.title, None, snippet, marked, score))
    return hits
