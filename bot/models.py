"""SQLAlchemy models of the knowledge base: circulars, calls, deadlines, eligibility, sources."""

from typing import Any, Iterable

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.states import (
    STORED_VERDICTS,
    CallStatus,
    DeadlineKind,
    LinkRole,
    SourceKind,
    State,
    UnansweredReason,
    check_values,
)

# SQLAlchemy 1.4 ships no type information (that needs its mypy plugin and sqlalchemy2-stubs),
# so mypy cannot tell that declarative_base() returns a class; Any lets the models subclass it.
Base: Any = declarative_base()


def _source_link(table: str, owner_table: str) -> Table:
    """Every fact may cite several publications, so each record kind has a link table."""
    return Table(
        table,
        Base.metadata,
        Column("record_id", ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column("source_id", ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    )


def _one_of(column: str, values: Iterable[State], table: str) -> CheckConstraint:
    """The database refuses a value outside the closed set (named as migration 0006 names it)."""
    return CheckConstraint(check_values(column, values), name=f"ck_{table}_{column}")


fact_sources = _source_link("fact_sources", "call_facts")
deadline_sources = _source_link("deadline_sources", "deadlines")
eligibility_sources = _source_link("eligibility_sources", "eligibility")


class Source(Base):
    """Where a fact comes from: one of our circulars or a public announcement."""

    __tablename__ = "sources"
    __table_args__ = (_one_of("kind", SourceKind, "sources"),)
    id = Column(Integer, primary_key=True)
    key = Column(String(120), unique=True, nullable=False)
    kind = Column(String(20), nullable=False)  # SourceKind
    label = Column(String(400), nullable=False)
    published = Column(String(60))  # as precise as the source is: "1. Juli 2020", "2020"
    # A circular is cited by number, not by key, so a source can name one not yet ingested.
    circular_number = Column(String(20))


class Circular(Base):
    __tablename__ = "circulars"
    id = Column(Integer, primary_key=True)
    number = Column(String(20), unique=True, nullable=False)  # normalised: "014/2020"
    issued_on = Column(Date)  # null where the text does not state it
    subject = Column(String(400), nullable=False)
    recipients = Column(String(400))
    summary = Column(Text)
    full_text = Column(Text)
    source_file = Column(String(400))
    checksum = Column(String(64))
    # What we know of a circular whose text we do not hold comes from elsewhere.
    described_by_id = Column(ForeignKey("sources.id", ondelete="SET NULL"))
    described_by = relationship("Source", foreign_keys=[described_by_id])
    references = relationship("CircularReference", cascade="all, delete-orphan", order_by="CircularReference.id")
    call_links = relationship("CircularCall", cascade="all, delete-orphan", back_populates="circular")
    place = Column(String(100))
    sentences = relationship("CircularSentence", cascade="all, delete-orphan", order_by="CircularSentence.position")
    original = relationship("CircularFile", cascade="all, delete-orphan", uselist=False)


class CircularReference(Base):
    """The Bezug line: an earlier circular, named by number and date as the text states them."""

    __tablename__ = "circular_references"
    id = Column(Integer, primary_key=True)
    circular_id = Column(ForeignKey("circulars.id", ondelete="CASCADE"), nullable=False)
    referenced_number = Column(String(20), nullable=False)
    referenced_date = Column(Date)


class FundingCall(Base):
    __tablename__ = "calls"
    __table_args__ = (_one_of("status", CallStatus, "calls"),)
    id = Column(Integer, primary_key=True)
    slug = Column(String(120), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    program = Column(String(200), nullable=False)  # calls of one program share it
    round_label = Column(String(200))
    year = Column(Integer)
    status = Column(String(20), nullable=False, default=CallStatus.REVIEWED)  # CallStatus
    aliases = relationship("CallAlias", cascade="all, delete-orphan")
    facts = relationship("CallFact", cascade="all, delete-orphan", order_by="CallFact.position")
    deadlines = relationship("Deadline", cascade="all, delete-orphan", order_by="Deadline.stage")
    eligibility = relationship("Eligibility", cascade="all, delete-orphan")
    circular_links = relationship("CircularCall", cascade="all, delete-orphan", back_populates="call")
    # Who approved the call on the staff app, and when (null for curated calls and extracted ones).
    reviewed_by = Column(String(60))
    reviewed_at = Column(DateTime)
    changes = relationship("CallChange", cascade="all, delete-orphan", order_by="CallChange.id")

    @property
    def title(self) -> str:
        return f"{self.name} ({self.round_label})" if self.round_label else self.name


class CallAlias(Base):
    __tablename__ = "call_aliases"
    __table_args__ = (UniqueConstraint("call_id", "alias"),)
    id = Column(Integer, primary_key=True)
    call_id = Column(ForeignKey("calls.id", ondelete="CASCADE"), nullable=False)
    alias = Column(String(200), nullable=False)


class CallFact(Base):
    """One sourced statement about a call, under a topic such as funding, aim or outcome."""

    __tablename__ = "call_facts"
    id = Column(Integer, primary_key=True)
    call_id = Column(ForeignKey("calls.id", ondelete="CASCADE"), nullable=False)
    topic = Column(String(40), nullable=False, index=True)
    position = Column(Integer, nullable=False, default=0)
    text = Column(Text, nullable=False)
    on_date = Column(Date)  # for dated facts such as the publication of the call
    amount_min_eur = Column(Integer)
    amount_max_eur = Column(Integer)
    rate_max_percent = Column(Integer)
    # The sentence of the circular an extracted record was read from (null for curated records).
    evidence = Column(Text)
    sources = relationship("Source", secondary=fact_sources)


class Deadline(Base):
    __tablename__ = "deadlines"
    __table_args__ = (_one_of("kind", DeadlineKind, "deadlines"),)
    id = Column(Integer, primary_key=True)
    call_id = Column(ForeignKey("calls.id", ondelete="CASCADE"), nullable=False)
    stage = Column(Integer, nullable=False, default=1)
    kind = Column(String(40), nullable=False)  # DeadlineKind: projektskizze, interessenbekundung, antrag, ...
    due_on = Column(Date)  # null: the stage exists but its date is not known
    originally_due_on = Column(Date)  # set when the deadline was extended
    note = Column(Text)
    evidence = Column(Text)
    call = relationship("FundingCall", back_populates="deadlines")
    sources = relationship("Source", secondary=deadline_sources)


class Eligibility(Base):
    __tablename__ = "eligibility"
    __table_args__ = (UniqueConstraint("call_id", "applicant_type"), _one_of("verdict", STORED_VERDICTS, "eligibility"))
    id = Column(Integer, primary_key=True)
    call_id = Column(ForeignKey("calls.id", ondelete="CASCADE"), nullable=False)
    applicant_type = Column(String(40), nullable=False)
    verdict = Column(String(20), nullable=False)  # Verdict: yes, no, conditional (STORED_VERDICTS)
    condition = Column(Text)
    evidence = Column(Text)
    sources = relationship("Source", secondary=eligibility_sources)


class CircularCall(Base):
    """Which calls a circular concerns: the one it announces, or others it mentions."""

    __tablename__ = "circular_calls"
    __table_args__ = (_one_of("role", LinkRole, "circular_calls"),)
    circular_id = Column(ForeignKey("circulars.id", ondelete="CASCADE"), primary_key=True)
    call_id = Column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    role = Column(String(20), nullable=False, default=LinkRole.ANNOUNCES)  # LinkRole
    circular = relationship("Circular", back_populates="call_links")
    call = relationship("FundingCall", back_populates="circular_links")


class CircularSentence(Base):
    """A sentence of a circular's cleaned text, so that answers can quote their source."""

    __tablename__ = "circular_sentences"
    id = Column(Integer, primary_key=True)
    circular_id = Column(ForeignKey("circulars.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    text = Column(Text, nullable=False)
    # Where a circular announces several calls: the call of the section the sentence stands in;
    # null for sentences about all of them (the introduction, the association's comments).
    call_id = Column(ForeignKey("calls.id", ondelete="SET NULL"))


class CircularFile(Base):
    """The file a circular was ingested from, so that staff can download the original."""

    __tablename__ = "circular_files"
    circular_id = Column(ForeignKey("circulars.id", ondelete="CASCADE"), primary_key=True)
    filename = Column(String(200), nullable=False)
    media_type = Column(String(100), nullable=False)
    content = Column(LargeBinary, nullable=False)


class CallChange(Base):
    """One change staff made to a call on the staff app: who, when, which field, old and new value."""

    __tablename__ = "call_changes"
    id = Column(Integer, primary_key=True)
    call_id = Column(ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    changed_by = Column(String(60), nullable=False)
    changed_at = Column(DateTime, nullable=False)
    field = Column(String(80), nullable=False)
    old_value = Column(Text)
    new_value = Column(Text)


class StaffUser(Base):
    __tablename__ = "staff_users"
    id = Column(Integer, primary_key=True)
    username = Column(String(60), unique=True, nullable=False)
    password_hash = Column(String(200), nullable=False)  # Argon2id, by argon2-cffi
    created_at = Column(DateTime, nullable=False)


class StaffSession(Base):
    """A login on the staff app. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "staff_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), unique=True, nullable=False)
    user_id = Column(ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)
    user = relationship("StaffUser")


class UnansweredQuestion(Base):
    """A turn the assistant could not answer, or whose answer the user marked as not helpful.
    Stored without sender id: the question's words, why, and when."""

    __tablename__ = "unanswered_questions"
    __table_args__ = (_one_of("reason", UnansweredReason, "unanswered_questions"),)
    id = Column(Integer, primary_key=True)
    asked_at = Column(DateTime, nullable=False, index=True)
    question = Column(Text, nullable=False)
    reason = Column(String(20), nullable=False)  # UnansweredReason
    answer = Column(Text)


class FaqEntry(Base):
    """A question and answer the office keeps for recurring questions that are not about one call."""

    __tablename__ = "faq_entries"
    id = Column(Integer, primary_key=True)
    question = Column(Text, nullable=False)
    variants = Column(Text)  # other wordings of the question, one per line
    answer = Column(Text, nullable=False)
    source = Column(String(400), nullable=False)
    updated_by = Column(String(60), nullable=False)
    updated_at = Column(DateTime, nullable=False)
