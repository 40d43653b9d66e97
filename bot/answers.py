"""German answers composed from what the sources state, each naming its sources.

One pass per question: the Question (bot/question.py) is resolved to calls or a circular
(bot/resolve.py), the sources are read for each call and kind of question (bot/findings.py),
and the answer is composed here. Answers are plain data: text, choices (a question and the call
or circular it is about) and the context to keep; only the actions turn them into Rasa
messages, buttons and slots. Nothing here guesses: what no source states is said to be unstated.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import List, Optional, Sequence

from sqlalchemy.orm import Session

from bot import evidence, faq, findings, knowledge, names, quotes, ranker, search, wording
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.asks import Ask, asks_next_round
from bot.citations import cite_circular, cite_sources, source_line
from bot.dates import relative_to_today
from bot.findings import Finding, quote_lines
from bot.models import Circular, FaqEntry, FundingCall
from bot.question import Context, Question
from bot.resolve import MAX_CHOICES, Resolution, focus_of, resolve
from bot.states import CallStatus, LinkRole, UnansweredReason
from bot.text import fold, function_words, is_question_word

# A passage added for the rest of a question must hold this much of its words.
REST_COVERAGE = 0.6


@dataclass
class Choice:
    """A button: ask `ask` again about the call or circular."""

    label: str
    ask: Ask
    call: Optional[str] = None  # slug
    circular: Optional[str] = None  # number


@dataclass
class Answer:
    text: str
    choices: List[Choice] = field(default_factory=list)
    context: Optional[Context] = None  # None: the conversation's context stays as it was
    answered: bool = True  # False where the answer is that nothing states it, or nothing is known
    # Why the office should see this turn (bot/unanswered.py); None for an answer, or a question back.
    unanswered: Optional[UnansweredReason] = None


def _call_choices(calls: Sequence[FundingCall], ask: Optional[Ask]) -> List[Choice]:
    # A choice after a question of no known kind asks for an overview of the call.
    return [Choice(c.title, ask or Ask.OVERVIEW, call=c.slug) for c in list(calls)[:MAX_CHOICES]]


def _circular_choices(circulars: Sequence[Circular]) -> List[Choice]:
    return [
        Choice(wording.circular_button(c.number), Ask.CIRCULAR, circular=c.number)
        for c in list(circulars)[:MAX_CHOICES]
    ]


# --- one call, one kind of question --------------------------------------------------------------


def _where(call: FundingCall) -> str:
    circulars = evidence.announcing_circulars(call)
    if circulars:
        return " und ".join(cite_circular(c) for c in circulars[:2])
    return wording.OUR_SOURCES


def _not_stated(finding: Finding) -> str:
    if finding.ask == Ask.ELIGIBILITY and finding.applicant:
        label = APPLICANT_LABELS[finding.applicant]
        return wording.eligibility_not_stated(label, finding.call.title, _where(finding.call))
    return wording.not_stated(
        wording.WHAT.get(finding.ask, wording.THIS_QUESTION), finding.call.title, _where(finding.call)
    )


def _full(finding: Finding) -> List[str]:
    """The finding for one call, as an answer of its own."""
    if finding.related:
        return [f"{_not_stated(finding)} {wording.CLOSEST}"] + quote_lines(finding.quotes)
    if not finding.stated:
        if finding.lines:  # what is known instead ("Bekannt ist: …")
            return finding.lines + ([source_line(finding.sources)] if finding.sources else [])
        return [_not_stated(finding), wording.ASK_OFFICE]
    call = finding.call
    lines: List[str] = []
    if finding.verdict or (finding.lines and finding.lines[0].startswith(("Ob ", "Ja,", "Nein,"))):
        lines += finding.lines
    elif finding.ask == Ask.DEADLINE and not finding.sources and finding.lines:
        lines.append(wording.deadline_of(finding.lines[0], call.title))
    elif finding.lines:
        lines.append(f"{wording.HEADING[finding.ask]} {call.title}:")
        lines += [f"- {line}" for line in finding.lines]
    else:
        lines.append(f"{wording.HEADING[finding.ask]} {call.title}:")
    lines += quote_lines(finding.quotes)
    if finding.sources:
        lines.append(source_line(finding.sources))
    return lines


def _compact(finding: Finding, by_title: bool = False) -> str:
    """The finding for one round of a program (or, `by_title`, one of several calls), as one line
    with its source."""
    call = finding.call
    label = call.title if by_title else call.round_label or (str(call.year) if call.year else call.title)
    if not finding.stated:
        return wording.round_not_stated(label, _where(finding.call))
    statement = "; ".join(finding.lines)
    quoted = " ".join(quote_lines(finding.quotes))
    parts = [p for p in (statement, quoted) if p]
    source = f" ({source_line(finding.sources)})" if finding.sources else ""
    return f"- {label}: {' '.join(parts)}{source}"


def _rounds_opening(findings_: List[Finding], ask: Ask, applicant: Optional[str]) -> str:
    program, count = findings_[0].call.program, len(findings_)
    if ask == Ask.ELIGIBILITY and applicant:
        known = [(f, f.verdict) for f in findings_ if f.verdict]
        if known and len({v for _, v in known}) == 1 and len(known) == len(findings_):
            sentence = wording.eligibility_sentence(known[0][1], APPLICANT_LABELS[applicant], program)
            return wording.rounds_all_alike(sentence, count)
        if known:
            first, verdict = known[0]
            sentence = wording.eligibility_sentence(verdict, APPLICANT_LABELS[applicant], first.call.title)
            return wording.rounds_after_verdict(sentence, program, count)
    return wording.rounds_about(program, count, wording.WHAT.get(ask, ""))


def _each_call_opening(findings_: List[Finding], ask: Ask, applicant: Optional[str]) -> str:
    """ "Ja, Landkreise dürfen bei A und B teilnehmen. Das gilt für …" where the calls of one
    circular agree; else which question each line answers."""
    verdicts_ = {f.verdict for f in findings_}
    verdict = verdicts_.pop() if len(verdicts_) == 1 else None
    if ask == Ask.ELIGIBILITY and applicant and verdict:
        titles = " und ".join(f.call.title for f in findings_)
        sentence = wording.eligibility_sentence(verdict, APPLICANT_LABELS[applicant], titles)
        return f"{sentence} {wording.each_call(wording.WHAT[ask])}"
    return wording.each_call(wording.WHAT.get(ask, ""))


def _section(findings_: List[Finding], ask: Ask, applicant: Optional[str]) -> List[str]:
    if len(findings_) == 1:
        return _full(findings_[0])
    if len({f.call.program for f in findings_}) > 1:
        # The calls of one circular that announces several: a line each, named by its title.
        return [_each_call_opening(findings_, ask, applicant)] + [_compact(f, by_title=True) for f in findings_]
    return [_rounds_opening(findings_, ask, applicant)] + [_compact(f) for f in findings_]


_ORDINAL_ASKED = {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fuenfte": 5}


def _ordinal_asked(text: str) -> Optional[int]:
    match = re.search(r"\b(erste|zweite|dritte|vierte|fuenfte)[nrs]?\b", fold(text))
    return _ORDINAL_ASKED[match.group(1)] if match else None


def _rounds_answer(session: Session, calls: List[FundingCall], today: date, question_text: str = "") -> List[str]:
    """The rounds of a program, oldest counted first, listed newest first with each round's
    deadline and source; a question about the n-th round is answered yes or no first."""
    name = calls[0].program if len(calls) > 1 else calls[0].name
    asked = _ordinal_asked(question_text)
    lines = []
    if asked:
        lines.append(wording.nth_round(name, asked, known=asked <= len(calls)))
    elif asks_next_round(question_text):
        # "Kommt bald wieder eine neue Runde?": what the circulars say of rounds to come, if anything.
        to_come = evidence.rounds_to_come(session, calls)
        if to_come:
            lines += [wording.next_round_stated(name), *quote_lines(to_come)]
        else:
            lines.append(wording.next_round_not_stated(name))
    if len(calls) == 1:
        call = calls[0]
        lines.append(wording.only_round(name, call.title))
        return lines + [source_line([cite_circular(c) for c in evidence.announcing_circulars(call)])]
    lines.append(wording.rounds_listed(name, len(calls)))
    for call in calls:
        deadline = findings.find(session, call, Ask.DEADLINE, today=today)
        summary = "; ".join(deadline.lines) if deadline.stated and deadline.lines else wording.NO_DEADLINE
        sources = deadline.sources or [cite_circular(c) for c in evidence.announcing_circulars(call)[:1]]
        lines.append(f"- {call.title}: {summary}" + (f" ({source_line(sources)})" if sources else ""))
    return lines


# --- call questions --------------------------------------------------------------------------------


def _context_kept(question: Question) -> Context:
    """After a question back: the calls stay, what was asked and for whom is remembered, so the
    button or the next message answers it."""
    return Context(
        calls=list(question.context.calls),
        asks=list(question.asks),
        circular=question.context.circular,
        applicant=question.applicant_or_context,
    )


def _unknown_call(session: Session, resolution: Resolution, question: Question) -> Answer:
    return Answer(
        wording.unknown_call(resolution.unknown or "", bool(resolution.near)),
        _call_choices(resolution.near, question.ask or Ask.OVERVIEW)[:3],
        context=_context_kept(question),
        answered=False,
        unanswered=UnansweredReason.NOT_KNOWN,
    )


def _which_call(session: Session, question: Question, today: date) -> Answer:
    # A question about no call in particular may still be answered by a circular's sentence.
    free = free_question_answer(session, question.text, question.context) if question.text else None
    if free:
        return free
    upcoming = knowledge.deadlines_between(session, start=today, limit=MAX_CHOICES)
    calls = list(dict.fromkeys(d.call for d in upcoming)) or knowledge.list_calls(session, newest_first=True)
    return Answer(
        wording.WHICH_CALL,
        _call_choices(calls, question.ask),
        context=_context_kept(question),
        answered=False,
    )


def _rest_of_question(session: Session, question: Question, calls: List[FundingCall], found: List[Finding]):
    """A passage of the call's circulars for what the question asks beyond the answers given
    ("… und an wie vielen Tagen muss geöffnet sein?"), if one holds most of its words."""
    if len(calls) != 1 or not question.text or not found:
        return None
    quoted = {p.text for f in found for p in f.quotes}
    given = " ".join([*quoted, *(line for f in found for line in f.lines)])
    extra = evidence.passages(session, calls[0], Ask.OVERVIEW, question_text=question.text)
    best = next((p for p in extra if p.text not in quoted), None)
    if best is None or best.coverage < REST_COVERAGE:
        return None
    new = evidence.covered(best.text, question.text, calls[0]) - evidence.covered(given, question.text, calls[0])
    return best if any(len(stem) >= 6 for stem in new) else None


def _applicant_asked(question: Question) -> Optional[str]:
    """The applicant type an eligibility question is about: the one it names; the one of the
    conversation only if it names no one else ("gilt das auch für Pflegeschulen?" is about those)."""
    if question.applicant or not question.text:
        return question.applicant_or_context
    subject = evidence.focus_stems(question.text)
    return None if subject and findings.asks_yes_or_no(question.text) else question.context.applicant


def _context_after(question: Question, calls: Sequence[FundingCall], found: Sequence[Finding] = ()) -> Context:
    """The calls answered about; the circular quoted first (else the newest that announces the
    first call), so that "worauf bezieht sich das Rundschreiben?" follows what was read."""
    quoted = [p.circular for f in found for p in f.quotes]
    circulars = quoted or [c for call in calls[:1] for c in evidence.announcing_circulars(call)[:1]]
    return Context(
        calls=[c.slug for c in calls],
        asks=list(question.asks),
        circular=circulars[0].number if circulars else question.context.circular,
        applicant=question.applicant_or_context,
    )


def answer_call_question(
    session: Session, question: Question, today: date, resolution: Optional[Resolution] = None
) -> Answer:
    """Answer the question's asks about the calls it names, or those in context."""
    resolution = resolution or resolve(session, question)
    if resolution.unknown:
        return _unknown_call(session, resolution, question)
    if resolution.choices:
        # The calls offered become the context: a next question that picks none ("und der
        # Eigenanteil?") is answered for each of them.
        kept = _context_kept(question)
        kept.calls = [c.slug for c in resolution.choices]
        return Answer(
            wording.SEVERAL_CALLS, _call_choices(resolution.choices, question.ask), context=kept, answered=False
        )
    if not resolution.calls:
        return _which_call(session, question, today)
    calls = resolution.calls
    applicant = _applicant_asked(question) if Ask.ELIGIBILITY in question.asks else None
    sections: List[List[str]] = []
    stated: List[bool] = []
    found: List[Finding] = []
    for ask in question.asks:
        if ask == Ask.ROUNDS:
            sections.append(_rounds_answer(session, names.program_rounds(session, calls), today, question.text))
            stated.append(True)
            continue
        if ask == Ask.OVERVIEW and len(calls) > 1:
            sections.append(_rounds_answer(session, calls, today))
            stated.append(True)
            continue
        results = [
            findings.find(
                session,
                call,
                ask,
                question_text=question.text,
                applicant=applicant if ask == Ask.ELIGIBILITY else None,
                today=today,
                strict=question.fallback,
            )
            for call in calls
        ]
        found += results
        sections.append(_section(results, ask, applicant))
        stated.append(any(r.stated for r in results))
    # What the sources state comes first; a second ask they leave open follows.
    order = sorted(range(len(sections)), key=lambda i: not stated[i])
    text = "\n\n".join("\n".join(line for line in sections[i] if line) for i in order)
    rest = _rest_of_question(session, question, calls, found)
    if rest:
        text += "\n" + wording.also_says("\n".join(quote_lines([rest])))
    if any(f.extracted for f in found):
        text += "\n" + wording.EXTRACTED_NOTE
    answered = not found or any(f.stated for f in found)
    return Answer(
        text,
        context=_context_after(question, focus_of(calls, question), found),
        answered=answered,
        unanswered=None if all(stated) else UnansweredReason.NOT_STATED,
    )


# --- circulars ---------------------------------------------------------------------------------


def _unknown_circular(number: str) -> Answer:
    return Answer(wording.unknown_circular(number), answered=False, unanswered=UnansweredReason.NOT_KNOWN)


def _circular_source(session: Session, circular: Circular) -> str:
    if circular.full_text:
        return wording.circular_text_source(cite_circular(circular))
    return source_line(cite_sources(session, [circular.described_by])) if circular.described_by else ""


def _referenced(reference) -> str:
    return wording.reference(reference.referenced_number, reference.referenced_date)


def _circular_context(question: Question, circular: Circular) -> Context:
    calls = knowledge.announced_calls(circular)
    return Context(
        calls=[c.slug for c in calls] or question.context.calls,
        asks=list(question.asks),
        circular=circular.number,
        applicant=question.applicant_or_context,
    )


def _number_asked(question: Question) -> Optional[str]:
    return question.circular or question.context.circular


def circular_answer(session: Session, question: Question) -> Answer:
    number = _number_asked(question)
    if number is None:
        return Answer(wording.WHICH_CIRCULAR, answered=False)
    circular = knowledge.circular_by_number(session, number)
    if circular is None:
        return _unknown_circular(number)
    lines = [wording.circular_heading(circular.number, circular.subject)]
    lines += wording.circular_facts(circular.issued_on, circular.recipients, circular.summary)
    lines += [wording.reference_line(_referenced(r)) for r in circular.references]
    calls = [link.call for link in circular.call_links]
    announced = knowledge.announced_calls(circular)
    if len(announced) > 1:
        lines.append(wording.announced_calls([c.title for c in announced]))
    lines.append(_circular_source(session, circular))
    return Answer(
        "\n".join(line for line in lines if line),
        _call_choices(calls, Ask.OVERVIEW),
        context=_circular_context(question, circular),
    )


def circular_reference_answer(session: Session, question: Question) -> Answer:
    number = _number_asked(question)
    if number is None:
        return Answer(wording.WHICH_CIRCULAR, answered=False)
    circular = knowledge.circular_by_number(session, number)
    if circular is None:
        return _unknown_circular(number)
    if not circular.references:
        return Answer(
            wording.no_reference(circular.number),
            context=_circular_context(question, circular),
        )
    lines = [wording.refers_to(circular.number)]
    targets = []
    for reference in circular.references:
        target = knowledge.circular_by_number(session, reference.referenced_number)
        line = "- " + _referenced(reference)
        if target:
            line += f": {target.subject}"
            targets.append(target)
        lines.append(line)
    lines.append(_circular_source(session, circular))
    return Answer("\n".join(lines), _circular_choices(targets), context=_circular_context(question, circular))


def _circular_line(circular: Circular, role: Optional[str] = None) -> str:
    note = wording.MENTIONS_CALL if role == LinkRole.MENTIONS else ""
    return wording.circular_line(circular.number, circular.issued_on, circular.subject, note)


def topic_of(message: str) -> Optional[str]:
    """The topic words of a search request when the NLU marked none."""
    remaining = [w for w in re.findall(r"[\w.-]+", message) if len(w) >= 4 and not is_question_word(w)]
    return " ".join(remaining) or None


def circulars_about_answer(session: Session, question: Question) -> Answer:
    """Circulars about a named call (all its rounds), else about a topic, else the call in context."""
    resolution = resolve(session, question)
    calls = (
        names.program_rounds(session, resolution.calls)
        if resolution.calls and not resolution.from_context
        else resolution.calls
    )
    topic = question.topic or (None if calls or resolution.choices else topic_of(question.text))
    if resolution.choices:
        calls = resolution.choices
    if not calls and topic:
        hits = [h for h in search.search(session, topic, limit=20) if h.kind == "circular"][:MAX_CHOICES]
        if not hits:
            return Answer(wording.no_circular_on_topic(topic), answered=False, unanswered=UnansweredReason.NOT_KNOWN)
        # Search hits are circulars of the database: each number is known.
        pairs = [(c, h) for c, h in ((knowledge.circular_by_number(session, h.key), h) for h in hits) if c]
        lines = [wording.circulars_on_topic(topic)]
        for circular, hit in pairs:
            lines += [_circular_line(circular), f"  „{hit.snippet}“"]
        return Answer("\n".join(lines), _circular_choices([c for c, _ in pairs]))
    if not calls:
        return Answer(wording.WHICH_CIRCULARS, answered=False)
    names_ = " / ".join(dict.fromkeys(c.name for c in calls))
    links = knowledge.circulars_for_calls(calls)
    if not links:
        return Answer(
            wording.no_circular_about(names_),
            answered=False,
            unanswered=UnansweredReason.NOT_KNOWN,
            context=_context_after(question, calls),
        )
    unique = list({link.circular.number: link for link in links}.values())
    lines = [wording.circulars_about(names_)] + [_circular_line(link.circular, link.role) for link in unique]
    return Answer(
        "\n".join(lines), _circular_choices([link.circular for link in unique]), context=_context_after(question, calls)
    )


# --- overview ----------------------------------------------------------------------------------


def _latest_passed_line(session: Session, today: date) -> str:
    latest = knowledge.deadlines_between(session, end=today, limit=1, newest_first=True)
    if not latest:
        return ""
    return wording.latest_passed(latest[0].call.title, latest[0].kind, latest[0].due_on)


def _with_sources(session: Session, lines: List[str], records) -> str:
    return "\n".join(lines + [source_line(cite_sources(session, [s for r in records for s in r.sources]))])


def open_calls_answer(session: Session, today: date) -> Answer:
    open_now = knowledge.open_calls(session, today)
    if not open_now:
        return Answer(wording.none_open(today) + _latest_passed_line(session, today))
    lines = [wording.open_on(today)]
    for call, deadlines in open_now.items():
        d = deadlines[0]
        lines.append(wording.open_call_line(call.title, d.kind, d.due_on, relative_to_today(d.due_on, today)))
    return Answer(
        _with_sources(session, lines, [ds[0] for ds in open_now.values()]), _call_choices(list(open_now), Ask.OVERVIEW)
    )


def next_deadlines_answer(session: Session, today: date, limit: int = 5) -> Answer:
    upcoming = knowledge.deadlines_between(session, start=today, limit=limit)
    if not upcoming:
        return Answer(wording.no_deadline_ahead(today) + _latest_passed_line(session, today))
    lines = [wording.NEXT_DEADLINES] + [
        wording.next_deadline_line(d.due_on, d.call.title, d.kind, relative_to_today(d.due_on, today)) for d in upcoming
    ]
    return Answer(
        _with_sources(session, lines, upcoming),
        _call_choices(list(dict.fromkeys(d.call for d in upcoming)), Ask.OVERVIEW),
    )


# --- free questions ----------------------------------------------------------------------------


def free_question_answer(session: Session, message: str, context: Optional[Context] = None) -> Optional[Answer]:
    """A question no kind of question covers, answered by quoting a circular's sentence, if one
    covers it: first among the circulars of the call in context, then among all circulars."""
    context = context or Context()
    at_hand = knowledge.calls_by_slug(session, context.calls) if context.calls else []
    for call in at_hand:
        found = evidence.passages(session, call, Ask.OVERVIEW, question_text=message)
        if found:
            lines = [wording.about_call(call.title)] + quote_lines(found[:2])
            if findings.asks_yes_or_no(message):
                # "auch Honorare für die Geschäftsführung?": yes or no, where the sentence says so.
                read = findings.subject_verdict(session, Finding(call, Ask.OVERVIEW, quotes=found[:2]), message)
                lines = read.lines + quote_lines(read.quotes) if read.verdict else lines
            if call.status == CallStatus.EXTRACTED:
                lines.append(wording.EXTRACTED_NOTE)
            return Answer("\n".join(lines), context=_context_of_quote(call, found[0].circular.number, context))
    quote = quotes.best_sentence(session, message)
    if quote is None:
        return None
    quoted_call = _quoted_call(quote)
    if at_hand and (
        quoted_call is None or (quoted_call not in at_hand and not names.shared_stems(message, quoted_call))
    ):
        # Another call's circular would answer a different question than the one about the call at
        # hand, unless the question names that call's topic.
        return None
    lines = [wording.quoted_in(cite_circular(quote.circular)), f"„{quote.sentence}“"]
    context_after = _context_of_quote(quoted_call, quote.circular.number, context) if quoted_call else None
    return Answer("\n".join(lines), _circular_choices([quote.circular]), context=context_after)


def _not_stated_for(session: Session, context: Context) -> Optional[Answer]:
    """A follow-up about the call at hand that none of its sources answers."""
    at_hand = knowledge.calls_by_slug(session, context.calls)
    if not at_hand:
        return None
    call = at_hand[0]
    return Answer(
        "\n".join([wording.not_stated(wording.THIS_QUESTION, call.title, _where(call)), wording.ASK_OFFICE]),
        answered=False,
        unanswered=UnansweredReason.NOT_STATED,
        context=context,
    )


def _quoted_call(quote: quotes.Quote) -> Optional[FundingCall]:
    """The call a quoted sentence is about: its section's, or the one its circular announces."""
    announced = knowledge.announced_calls(quote.circular)
    return next((c for c in announced if c.id == quote.call_id), announced[0] if len(announced) == 1 else None)


def _context_of_quote(call: FundingCall, circular: str, context: Context) -> Context:
    """Follow-ups are about what was read: the call the quoted sentence is about, and its circular."""
    return Context(calls=[call.slug], asks=list(context.asks), circular=circular, applicant=context.applicant)


# --- one turn ------------------------------------------------------------------------------------


def prepare() -> None:
    """Load what answering needs before the first question (the sentence ranker is trained from
    its labelled sentences, the stop words come from spaCy): otherwise the first questions, often
    many at once after a start, each pay for it."""
    ranker.ranker()
    function_words()
    search.stem("Förderung")


def _names_a_call(session: Session, question: Question, resolution: Resolution, entry: FaqEntry) -> bool:
    """Whether the question names a call: by one of its names, or by distinctive words of its
    name that the FAQ entry does not have too ("Strukturfonds" names no "GKV-Strukturprogramm"
    where the entry speaks of Strukturfonds, "Mitgliederbereich" no call "… in den Bereichen …")."""
    found = [] if resolution.from_context else resolution.calls + resolution.choices
    if not found:
        return False
    if names.find_calls(session, question.text, by_words=False).calls:
        return True
    for call in found:
        entry_words = {s for text in faq.wordings(entry) for s in names.shared_stems(text, call)}
        if names.shared_stems(question.text, call) - entry_words:
            return True
    return False


def faq_answer(session: Session, question: Question, resolution: Optional[Resolution]) -> Optional[Answer]:
    """The office's FAQ entry that answers the question (bot/faq.py), whatever the NLU took it
    for; not for a question that names a call or a circular, which their sources answer."""
    if not question.text or question.circular:
        return None
    in_conversation = bool(question.context.calls or question.context.circular)
    entry = faq.answering_entry(session, question.text, in_conversation)
    if entry is None or _names_a_call(session, question, resolution or resolve(session, question), entry):
        return None
    return Answer(faq.answer_text(entry))


_ANSWERS_BY_ASK = {
    Ask.CIRCULAR: circular_answer,
    Ask.CIRCULAR_REFERENCE: circular_reference_answer,
    Ask.CIRCULARS: circulars_about_answer,
}


def answer(session: Session, question: Question, today: date) -> Optional[Answer]:
    """The answer to a turn; None where nothing can be said (the fixed fallback reply follows)."""
    resolution = None
    if question.ask != Ask.CIRCULARS and (
        question.ask not in (Ask.CIRCULAR, Ask.CIRCULAR_REFERENCE) or not question.circular
    ):
        resolution = resolve(session, question)
        if resolution.unknown:  # "Gibt es Infos zum Förderaufruf „Schulhof-Offensive 2025“?", whatever it asks
            return _unknown_call(session, resolution, question)
    from_faq = faq_answer(session, question, resolution)
    if from_faq:
        return from_faq
    named = resolution.calls if resolution and not resolution.from_context else []
    if question.ask in (Ask.CIRCULAR, Ask.CIRCULAR_REFERENCE) and named and not _number_asked(question):
        # "Was ist bei der Einsamkeitsförderung 2022 anders als 2020?" names a call, not a circular.
        question = replace(question, asks=[], fallback=True)
    if question.ask in _ANSWERS_BY_ASK:
        return _ANSWERS_BY_ASK[question.ask](session, question)
    named = resolution.calls if resolution and not resolution.from_context else []
    if question.ask in (Ask.OPEN_CALLS, Ask.NEXT_DEADLINES) and named:
        # "Läuft bei Anpassung urbaner Räume grad noch ein Aufruf?": the deadlines of its rounds.
        rounds = Resolution(calls=names.program_rounds(session, named))
        return answer_call_question(session, replace(question, asks=[Ask.DEADLINE]), today, rounds)
    if question.ask == Ask.OPEN_CALLS:
        return open_calls_answer(session, today)
    if question.ask == Ask.NEXT_DEADLINES:
        return next_deadlines_answer(session, today)
    resolution = resolution or resolve(session, question)
    if question.ask is None or (question.fallback and not (resolution.calls or resolution.choices)):
        # The NLU recognised nothing and the words ask nothing it knows: quote a circular, if any.
        context = Context(calls=[c.slug for c in resolution.calls]) if resolution.calls else question.context
        free = free_question_answer(session, question.text, context) if question.text else None
        if free is None and question.text and question.context.calls and context is not question.context:
            # "Was ist anders als in der ersten Runde?" names a round only to compare with the one at hand.
            free = free_question_answer(session, question.text, question.context)
        if free is None and question.ask is None and resolution.calls and not resolution.from_context:
            # "gabs mal Förderung für die Sanierung von nem Freibad?": what the call it is about offers.
            return answer_call_question(session, replace(question, asks=[Ask.OVERVIEW]), today, resolution)
        if free is None and resolution.from_context:
            return _not_stated_for(session, question.context)
        return free
    if question.ask == Ask.CONTACT and not resolution.calls:
        return None
    return answer_call_question(session, question, today, resolution)
