"""What the sources state about one call for one kind of question: a reviewed record where
there is one, else the passages of the call's own circulars, else that nothing states it.

A finding carries its own sources, and a statement in a form that fits on one line, so that
several rounds of a program can be answered one line each.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional, Sequence

from sqlalchemy.orm import Session

from bot import districts, evidence, knowledge, names, population, verdicts, wording
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.asks import Ask, asks_if_funded, asks_published
from bot.citations import cite_circular, cite_sources
from bot.dates import german_date, relative_to_today
from bot.evidence import Passage
from bot.models import Eligibility, FundingCall
from bot.reading import find_amounts, find_dates, find_percents
from bot.states import CallStatus, Verdict
from bot.text import fold

# Which curated facts answer which kind of question.
FACT_TOPICS = {
    Ask.FUNDING: ("funding", "budget", "rate"),
    Ask.RATE: ("rate",),
    Ask.DURATION: ("duration",),
    Ask.PROJECT_COUNT: ("project_count",),
    Ask.FUNDER: ("funder", "framework", "legal_basis"),
    Ask.AIM: ("aim", "topics"),
    Ask.PROCEDURE: ("procedure", "published"),
    Ask.OUTCOME: ("outcome",),
    Ask.CONTACT: ("contact",),
}


@dataclass
class Finding:
    call: FundingCall
    ask: Ask
    lines: List[str] = field(default_factory=list)  # the answer's own statements
    quotes: List[Passage] = field(default_factory=list)
    sources: List[str] = field(default_factory=list)  # citations of the records stated
    verdict: Optional[str] = None  # eligibility of the applicant type asked about
    stated: bool = True
    related: bool = False  # the quotes are near the question, but do not answer it
    applicant: Optional[str] = None  # the applicant type an eligibility question was about

    @property
    def extracted(self) -> bool:
        return self.call.status == CallStatus.EXTRACTED and bool(self.quotes or self.lines)


def _reviewed(call: FundingCall) -> bool:
    return call.status != CallStatus.EXTRACTED


def _deadline_record_lines(call: FundingCall, today: date) -> List[str]:
    lines = []
    for d in call.deadlines:
        stage = d.stage if len(call.deadlines) > 1 else None
        relative = relative_to_today(d.due_on, today) if d.due_on else ""
        lines.append(wording.deadline_record(d.kind, stage, d.due_on, relative, d.originally_due_on, d.note))
    return lines


def deadline_statement(passage: Passage, today: date, starts: bool = False, published: bool = False) -> List[str]:
    """The dates a deadline passage states, with how they stand against today. A day without a
    year in the text is shown without one: the year is not stated, so it is not guessed. Dates
    something starts from are left out unless `starts` ("Seit wann gilt …?")."""
    year = evidence.circular_year(passage.circular)
    lines = []
    mentions = find_dates(passage.text, default_year=year)
    beginnings = [m for m in mentions if evidence.start_date(passage.text, m, published)]
    for mention in mentions:
        if not starts and mention in beginnings:
            continue  # the start of a window, or a date something applies from
        if starts and beginnings and mention not in beginnings:
            continue  # "Seit wann gilt …?": the day it began, not the day it ends
        if starts and mention in beginnings:
            lines.append(german_date(mention.day))  # a beginning neither runs nor expires
        elif mention.year_stated:
            lines.append(f"{german_date(mention.day)} ({relative_to_today(mention.day, today)})")
        else:
            lines.append(f"{mention.day.day}. {german_date(mention.day).split(' ')[1]} (ohne Jahresangabe)")
    return list(dict.fromkeys(lines))


# A question the NLU did not recognise, most of whose words the call's circulars do not hold, is
# about something they do not say: the best passage is given as related, not as the answer.
UNANSWERED_SHARE = 0.6
RELATED_COVERAGE = 0.25


# A noun this long that the question names and no sentence of the call holds ("Mindestfläche"),
# with most of the question's weight missing too, shows that the question is about something
# the circular does not speak of ("Übernimmt das Land den Eigenanteil?").
SPECIFIC_NOUN = 8
SOMETHING_ELSE_SHARE = 0.5


def _about_something_else(passage: Passage) -> bool:
    specific = [s for s in passage.missing if len(s) >= SPECIFIC_NOUN and s not in names.generic_stems()]
    return passage.unanswered >= SOMETHING_ELSE_SHARE and bool(specific)


# "Wie viel geht davon nach Sachsen-Anhalt?", "Wie viele Stellen gibt es schon im Land?": the
# state's share of a total, asked for as a whole (not what one applicant gets: "pro", "ein", "wir").
_STATE_SHARE = re.compile(
    r"^\W*(?:und\s+)?wie ?viele?\b(?!.*\b(?:pro|je|ein|eine|einen|einem|wir|uns|unser\w*)\b)"
    r".*\b(?:nach|fuer|aus|in|im|kriegt|bekommt|erhaelt|erhielt|bekam)\s+(?:sachsen.?anhalt|land|bundesland|lsa)\b"
)
_NAMES_THE_STATE = re.compile(r"sachsen.?anhalt|\blandes\w*|\bim land\b")
# A figure, also of a sum ("2,4 Mio."), not a circular's number ("263/2022"), a date ("01.01.2025",
# "22. März 2024") or a year.
_FIGURE = re.compile(r"(?<![\d/.])(?!(?:19|20)\d\d\b)\d+(?![\d/.])")
# Addresses name the state without saying anything of it ("Referat61@stk.sachsen-anhalt.de").
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def asks_the_states_share(question_text: str) -> bool:
    return bool(_STATE_SHARE.search(fold(question_text)))


def gives_a_figure_for_the_state(text: str) -> bool:
    text = _ADDRESS.sub(" ", text)
    return bool(_NAMES_THE_STATE.search(fold(text)) and _FIGURE.search(text))


def _states_figures(session: Session, call: FundingCall, question_text: str, found: List[Passage]) -> List[Passage]:
    """The passages that give a figure for the state ("landesweit auf 465 Stellen"), among those
    found and those holding the question's words."""
    near = evidence.passages(session, call, Ask.OVERVIEW, question_text=question_text)[:3]
    naming = [p for p in found + near if gives_a_figure_for_the_state(p.text)]
    return list({p.text: p for p in naming}.values())


# "beim Ministerium", "bei der SKEW": the office a contact question asks about.
_OTHER_OFFICE = re.compile(r"\bbei(?:m| der| dem)\s+(\w{3,})")
_OUR_OFFICE = {"landkreistag", "geschaeftsstelle", "verband", "euch", "ihnen", "uns", "antrag", "formular", "aufruf"}
_NAME_ASKED = re.compile(r"\bwie hei(?:ss|ß)t\b|\bname[n]?\b")
_PERSON = re.compile(r"\b(?:Herr|Herrn|Frau|Hr\.|Fr\.)\s+(?:Dr\.\s+|Prof\.\s+)*[A-ZÄÖÜ][a-zäöüß]+")
_HOW_MANY = re.compile(r"\bwie ?viele\b")
# Money, shares and dates hold numbers that count nothing.
_NOT_COUNTS = re.compile(
    r"\d[\d.,\s]*(?:mio\b\.?|millionen|mrd\b\.?|milliarden|euro|€|prozent|%|v\. ?h\.)|\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}",
    re.I,
)
# A number of things: "140", "44.000" (what money, shares and dates leave of a sentence).
_COUNT = re.compile(r"(?<![\d/.,])(?!(?:19|20)\d\d\b)(?:\d{1,3}(?:\.\d{3})+|\d+)(?![\d/,]|\.\d)")
_NUMBER_WORD = re.compile(rf"\b(?:{evidence.NUMBER_NAMES})\b")


def _counts_something(text: str) -> bool:
    """Whether a sentence gives a number of things: "140 Skizzen", "zehn Preise"; not "116 Mio. Euro"."""
    rest = _NOT_COUNTS.sub(" ", text)
    return bool(_COUNT.search(rest) or _NUMBER_WORD.search(fold(rest)))


def _other_value(ask: Ask, question_text: str, found: List[Passage]) -> bool:
    """Whether the passages state another value than the one asked for: a rate where the highest
    or lowest sum is asked ("die maximale Förderung pro Projekt?"), a count of other things
    than those the question names ("wie viele Regionen werden als HyExperts ausgewählt?" answered
    by the HyStarter regions)."""
    if ask == Ask.FUNDING and evidence.amount_asked(question_text)[0]:
        return not any(p.label in ("amount", "budget") for p in found)
    folded = fold(question_text)
    elsewhere = _OTHER_OFFICE.search(folded)
    if ask == Ask.CONTACT and elsewhere and elsewhere.group(1) not in _OUR_OFFICE:
        # "Wer ist bei der SKEW die Ansprechpartnerin?": the association's own contact is no answer.
        return not any(elsewhere.group(1) in fold(p.text) for p in found)
    if ask == Ask.CONTACT and _NAME_ASKED.search(folded):
        # "Wie heißt die Ansprechpartnerin?": a role ("die Referentin der Geschäftsstelle") is no name.
        return not any(_PERSON.search(p.text) for p in found)
    if ask == Ask.OUTCOME and _HOW_MANY.search(folded):
        # "Wie viele Anträge wurden bewilligt?": a sum of money ("116 Mio. Euro") counts nothing.
        return not any(_counts_something(p.text) for p in found)
    if ask == Ask.PROJECT_COUNT:
        # "Gefördert werden bis zu 16 Labore" counts the "Labore" of the call's own name.
        counts_it = evidence.counts_what_is_asked(found[0].text, question_text)
        return bool(evidence.focus_stems(question_text)) and found[0].coverage == 0 and not counts_it
    return False


def _from_passages(
    session: Session,
    call: FundingCall,
    ask: Ask,
    question_text: str,
    applicant: Optional[str],
    today: date,
    strict: bool = False,
) -> Finding:
    found = evidence.passages(session, call, ask, question_text=question_text, applicant=applicant)
    if not found and ask == Ask.DEADLINE:
        # "Bis wann müssen die Maßnahmen fertig sein?": the date by which they must be completed.
        found = [
            p
            for p in evidence.passages(session, call, Ask.DURATION, question_text=question_text)
            if evidence.qualifies("deadline", p.text, evidence.circular_year(p.circular))
        ]
    if found and ask in (Ask.FUNDING, Ask.PROJECT_COUNT) and asks_the_states_share(question_text):
        # "Wie viel geht davon nach Sachsen-Anhalt?": a federal total is no answer.
        figures = _states_figures(session, call, question_text, found)
        if not figures:
            return Finding(call, ask, quotes=found[:1], stated=False, related=True)
        found = figures + [p for p in found if p not in figures]
    # Money has three kinds of answer (per project, in all, the rate): the best of each.
    finding = Finding(call, ask, quotes=found[: 3 if ask == Ask.FUNDING else 2], stated=bool(found))
    if found and (
        (
            found[0].coverage < RELATED_COVERAGE
            and ((strict and found[0].unanswered >= UNANSWERED_SHARE) or _about_something_else(found[0]))
        )
        or _other_value(ask, question_text, found)
    ):
        finding.stated, finding.related = False, True
        return finding
    if not found and question_text:
        # Nothing states what this kind of question needs; a sentence holding the question's own
        # words is offered beside that ("An wie vielen Tagen muss geöffnet sein?").
        near = evidence.passages(session, call, Ask.OVERVIEW, question_text=question_text)[:1]
        finding.quotes, finding.related = near, bool(near)
        return finding
    if ask == Ask.DEADLINE and found:
        starts = bool(evidence.STARTS.search(fold(question_text)))
        published = asks_published(question_text)

        def begins(passage: Passage) -> bool:
            return evidence.names_a_beginning(passage.text, evidence.circular_year(passage.circular), published)

        dated = found[:2]
        if starts:
            # "Seit wann gilt …?": the passages naming a beginning, before those naming only an end.
            dated = [p for p in dated if begins(p)] or found[:2]
            finding.quotes = dated + [p for p in finding.quotes if p not in dated]
        dates = list(dict.fromkeys(line for p in dated for line in deadline_statement(p, today, starts, published)))
        began = starts and any(begins(p) for p in dated)
        statement = wording.start_statement if began else wording.deadline_statement
        finding.lines = [statement(dates)] if dates else []
    return finding


# Passages that decide a verdict together: those within this much of the best one's score.
VERDICT_MARGIN = 0.1
COVERAGE_MARGIN = 0.2
# "Darf …?", "Können …?", "Ist … antragsberechtigt?": a question that wants a yes or a no.
_YES_NO = re.compile(
    r"^\s*(?:und\s+)?(?:darf|duerfen|kann|koennen|ist|sind|gilt|bekommt|bekommen|kriegt|kriegen|"
    r"werden|wird|muss|muessen|besteht|brauchen|braucht|"
    # "auch Honorare für die Geschäftsführung?": "(werden) auch … (gefördert)?"
    r"auch\b(?!\s+(?:wann|wie|was|wer|wo|welche\w*|wieviel\w*)\b))\b"
)
# "…, z. B. ein Dorffest?": an example of the subject, not the subject.
_EXAMPLE = re.compile(r",?\s*\b(?:z\.\s?b\.|zb\b|zum beispiel|beispielsweise|bspw\.)(?:\s.*)?$")


def asks_yes_or_no(question_text: str) -> bool:
    # "gibts da auch Geld für einen Bootsanleger?": whether that thing is funded.
    return bool(_YES_NO.search(fold(question_text))) or asks_if_funded(question_text)


def _verdict_finding(finding: Finding, readings, label: Optional[str]) -> Finding:
    verdict = verdicts.combine(readings)
    if verdict is None:
        return finding
    finding.verdict = verdict.value
    # A sentence that says something of the very subject asked about answers, however few of
    # the question's other words it holds.
    finding.stated, finding.related = True, False
    if label:
        finding.lines = [wording.eligibility_sentence(verdict.value, label, finding.call.title)]
    else:
        finding.lines = [wording.subject_verdict(verdict.value, finding.call.title)]
    finding.quotes = [p for p in finding.quotes if any(r.clause == p.text for r in readings)] or finding.quotes
    return finding


def _readings(finding: Finding, read) -> list:
    """Readings of the passages that decide together: those scoring nearly as well as the best and
    holding nearly as much of the question ("…, wenn sie schon am Konzept beteiligt war?")."""
    if not finding.quotes:
        return []
    best = finding.quotes[0]
    top = [
        p
        for p in finding.quotes
        if p.score >= best.score - VERDICT_MARGIN and p.coverage >= best.coverage - COVERAGE_MARGIN
    ]
    return [r for r in (read(p.text) for p in top) if r]


def _rule_line(rule: Eligibility, condition: str) -> str:
    """ "Landkreise: ja", and the rule's condition as `condition` sets it (" ({})", ". {}")."""
    line = f"{APPLICANT_LABELS[rule.applicant_type]}: {wording.VERDICT_WORDS[rule.verdict]}"
    return line + condition.format(rule.condition) if rule.condition else line


def _district_not_listed(session: Session, call: FundingCall, question_text: str) -> Optional[Finding]:
    """ "Ist der Landkreis Harz antragsberechtigt?" where the circular lists the districts that
    may take part and this one is not among them: no, with the list."""
    asked = districts.named(question_text)
    if len(asked) != 1:
        return None
    sentences = [s for s in evidence.call_sentences(session, call) if not evidence.letterhead(s)]
    listing = [s for s in sentences if districts.named(s.text)]
    if not listing or any(asked[0] in districts.named(s.text) for s in sentences):
        return None
    # The sentences naming most districts, in the circular's order: the list and what it is.
    best = sorted(sorted(listing, key=lambda s: -len(districts.named(s.text)))[:2], key=lambda s: s.position)
    return Finding(
        call,
        Ask.ELIGIBILITY,
        [wording.district_not_listed(asked[0], call.title)],
        quotes=[Passage(s.circular, s.text, "eligibility", 1.0, s.position) for s in best],
        verdict=Verdict.NO,
    )


def _size_limit(session: Session, call: FundingCall, question_text: str) -> Optional[Finding]:
    """ "Unsere Kreisstadt hat knapp 40.000 Einwohner. Können wir …?" where the circular limits
    the size of the places ("in Gemeinden mit weniger als 35.000 Einwohnern"): yes or no, with it."""
    if population.named_size(question_text) is None:
        return None
    sentences = [s for s in evidence.call_sentences(session, call) if not evidence.letterhead(s)]
    judged = population.size_verdict(question_text, [s.text for s in sentences])
    if judged is None:
        return None
    limiting = next(s for s in sentences if s.text == judged.sentence)
    return Finding(
        call,
        Ask.ELIGIBILITY,
        [wording.size_verdict(judged.verdict, judged.inhabitants, call.title)],
        quotes=[Passage(limiting.circular, limiting.text, "eligibility", 1.0, limiting.position)],
        verdict=judged.verdict,
    )


def _eligibility(
    session: Session, call: FundingCall, applicant: Optional[str], question_text: str, today: date, strict: bool
) -> Finding:
    if applicant in (None, "landkreis"):
        not_listed = _district_not_listed(session, call, question_text)
        if not_listed:
            return not_listed
    by_size = _size_limit(session, call, question_text)
    if by_size:
        return by_size
    rules = list(call.eligibility) if _reviewed(call) else []
    if applicant:
        rule = knowledge.eligibility_for(call, applicant) if rules else None
        if rule is not None:
            text = wording.eligibility_sentence(rule.verdict, APPLICANT_LABELS[applicant], call.title)
            return Finding(
                call,
                Ask.ELIGIBILITY,
                [text + (f" {rule.condition}" if rule.condition else "")],
                sources=cite_sources(session, rule.sources),
                verdict=rule.verdict,
            )
        finding = _from_passages(session, call, Ask.ELIGIBILITY, question_text, applicant, today, strict)
        readings = _readings(finding, lambda text: verdicts.read(text, applicant))
        if verdicts.own_application_denied(question_text, readings):
            # "Darf eine Gemeinde selber einen Antrag stellen?" where it can only be part of another's.
            denied = _verdict_finding(finding, [verdicts.Reading(Verdict.NO, r.clause) for r in readings], None)
            denied.lines = [wording.no_own_application(APPLICANT_LABELS[applicant], call.title)]
            return _with_the_rule(session, denied)
        if readings:
            return _with_the_rule(session, _verdict_finding(finding, readings, APPLICANT_LABELS[applicant]))
        if rules:
            known = [_rule_line(r, " ({})") for r in rules]
            return Finding(
                call,
                Ask.ELIGIBILITY,
                [wording.eligibility_unclear(APPLICANT_LABELS[applicant], call.title, "; ".join(known))],
                sources=cite_sources(session, [s for r in rules for s in r.sources]),
                stated=False,
                applicant=applicant,
            )
        finding.applicant = applicant
        return finding
    if rules:
        lines = [_rule_line(r, ". {}") for r in rules]
        return Finding(
            call, Ask.ELIGIBILITY, lines, sources=cite_sources(session, [s for r in rules for s in r.sources])
        )
    finding = _from_passages(session, call, Ask.ELIGIBILITY, question_text, None, today, strict)
    if not asks_yes_or_no(question_text):
        return finding
    return subject_verdict(session, finding, question_text)


def _with_the_rule(session: Session, finding: Finding) -> Finding:
    """A verdict read from the association's reading of the rules ("Die Landkreise selbst sind
    nicht antragsberechtigt") quotes the circular's rule beside it ("Antragsberechtigt sind
    gemeinnützige Träger; Kommunen können als Kooperationspartner mitwirken")."""
    if not finding.quotes or any(verdicts.states_the_rule(p.text) for p in finding.quotes):
        return finding
    rules = [p for p in evidence.passages(session, finding.call, Ask.ELIGIBILITY) if verdicts.states_the_rule(p.text)]
    finding.quotes = finding.quotes + rules[:1]
    return finding


# A sentence answers yes or no to a question that is not about who may apply only where it names
# this much of the question's subject: "die neue Förderperiode" says nothing on co-financing in it.
SUBJECT_SHARE = 2 / 3


def _as_written_in(text: str, subject: List[str]) -> List[str]:
    """The subject's stems in the words the sentence uses for them: "privatmann" as "privatperson"."""
    return [
        next((word for word in evidence.same_meaning(s) if verdicts.subject_share(text, [word]) == 1.0), s)
        for s in subject
    ]


def subject_verdict(session: Session, finding: Finding, question_text: str) -> Finding:
    """A yes-or-no question about a subject in the user's words ("Gilt das auch für Plug-in-
    Hybride?", "Werden auch Abstellanlagen gefördert?"): yes, no or on conditions where a
    sentence of the call's circulars says so of that subject; else the finding as it was."""
    call = finding.call
    names_ = evidence.call_names(call)
    question_text = evidence.without_call_compounds(question_text)
    subject = evidence.focus_stems(_EXAMPLE.sub("", fold(question_text)), names_) or evidence.focus_stems(
        question_text, names_
    )
    share = SUBJECT_SHARE if finding.ask != Ask.ELIGIBILITY else 0.0

    def read(text: str):
        stems = _as_written_in(text, subject)
        return verdicts.read_subject(text, stems) if verdicts.subject_share(text, stems) >= share else None

    readings = _readings(finding, read)
    if readings:
        return _verdict_finding(finding, readings, None)
    if subject:
        # "Gilt das auch für Pflegeschulen?": what the sentences naming the subject say of it,
        # whatever kind of sentence they are.
        about = Finding(
            call,
            finding.ask,
            quotes=[
                p
                for p in evidence.passages(session, call, Ask.OVERVIEW, question_text=question_text)[:2]
                if p.coverage >= RELATED_COVERAGE
            ],
        )
        readings = _readings(about, read)
        if readings:
            return _verdict_finding(about, readings, None)
    return finding


def _beyond_facts(session: Session, call: FundingCall, ask: Ask, question_text: str, lines: List[str]) -> List[Passage]:
    """Passages of the call's circulars for words of the question that its reviewed facts leave
    open ("pro Projekt maximal" beside a total budget, "das Motto"), quoted beside the facts."""
    if not question_text:
        return []
    bound, unit = evidence.amount_asked(question_text)
    sums = " ".join(line for line in lines if find_amounts(line))
    if ask == Ask.FUNDING and (bound or unit) and not evidence.fits_bound(sums, bound, unit):
        # "Wie viel gibt es pro Projekt maximal?" beside a budget: the circular's highest sums.
        found = evidence.passages(session, call, ask, question_text=question_text)
        return [p for p in found if p.label in ("amount", "budget")][:2]
    wanted = set(evidence.focus_stems(question_text, evidence.call_names(call)))
    missing = wanted - evidence.covered(" ".join(lines), question_text, call)
    if not missing:
        return []
    found = evidence.passages(session, call, ask, question_text=question_text)
    return [p for p in found[:2] if evidence.covered(p.text, question_text, call) & missing]


def _values(text: str) -> set:
    """The dates, euro amounts and percentages a text states."""
    return (
        {("day", m.day) for m in find_dates(text) if m.year_stated}
        | {("euro", m.euros) for m in find_amounts(text)}
        | {("percent", m.percent) for m in find_percents(text)}
    )


def _circulars_stating(call: FundingCall, lines: Sequence[str]) -> List[str]:
    """The call's own circulars that state a value of its reviewed records too ("65 Prozent" in
    RS 931/2020): which circular said so is what members ask."""
    wanted = set().union(*(_values(line) for line in lines)) if lines else set()
    if not wanted:
        return []
    return [cite_circular(c) for c in knowledge.announcing_circulars(call) if wanted & _values(c.full_text or "")]


def _facts(session: Session, call: FundingCall, ask: Ask, question_text: str, today: date, strict: bool) -> Finding:
    facts = knowledge.facts(call, *FACT_TOPICS[ask]) if _reviewed(call) else []
    if not facts:
        finding = _from_passages(session, call, ask, question_text, None, today, strict)
        if ask == Ask.AIM and finding.stated:
            finding.lines = [wording.subject_line(c.subject) for c in evidence.announcing_circulars(call)[:1]]
        return finding
    lines = list(dict.fromkeys(f.text for f in facts))
    sources = cite_sources(session, [s for f in facts for s in f.sources]) + _circulars_stating(call, lines)
    finding = Finding(call, ask, lines, sources=sources)
    finding.quotes = _beyond_facts(session, call, ask, question_text, lines)
    if ask == Ask.FUNDING and not knowledge.facts(call, "rate"):
        rate = evidence.passages(session, call, Ask.RATE, question_text=question_text)[:1]
        if rate:
            finding.quotes = rate[:1]
        else:
            finding.lines.append(wording.RATE_NOT_STATED)
    return finding


def _deadline(session: Session, call: FundingCall, question_text: str, today: date, strict: bool) -> Finding:
    if _reviewed(call) and call.deadlines:
        lines = _deadline_record_lines(call, today)
        sources = cite_sources(session, [s for d in call.deadlines for s in d.sources])
        return Finding(call, Ask.DEADLINE, lines, sources=sources + _circulars_stating(call, lines))
    return _from_passages(session, call, Ask.DEADLINE, question_text, None, today, strict)


def _overview(session: Session, call: FundingCall, today: date) -> Finding:
    if _reviewed(call) and (call.facts or call.deadlines):
        facts = knowledge.facts(call, "aim", "funder", "funding")
        lines = [f.text for f in facts] + _deadline_record_lines(call, today)
        records = list(facts) + list(call.deadlines)
        return Finding(
            call, Ask.OVERVIEW, lines, sources=cite_sources(session, [s for r in records for s in r.sources])
        )
    circulars = evidence.announcing_circulars(call)
    lines = [wording.summary_line(c.summary) for c in circulars[:1] if c.summary]
    finding = Finding(call, Ask.OVERVIEW, lines, sources=[cite_circular(c) for c in circulars[:1]])
    if not lines:
        finding.quotes = evidence.passages(session, call, Ask.AIM)[:1]
    deadline = _from_passages(session, call, Ask.DEADLINE, "", None, today)
    finding.lines += deadline.lines
    finding.stated = bool(finding.lines or finding.quotes)
    return finding


def find(
    session: Session,
    call: FundingCall,
    ask: Ask,
    *,
    question_text: str = "",
    applicant: Optional[str] = None,
    today: date,
    strict: bool = False,
) -> Finding:
    """`strict`: the NLU did not recognise the question, so a passage that holds few of its words
    is offered as related rather than as the answer."""
    if ask == Ask.ELIGIBILITY:
        return _eligibility(session, call, applicant, question_text, today, strict)
    if ask == Ask.OVERVIEW:
        return _overview(session, call, today)
    if ask == Ask.DEADLINE:
        finding = _deadline(session, call, question_text, today, strict)
    elif ask in FACT_TOPICS:
        finding = _facts(session, call, ask, question_text, today, strict)
    else:
        raise ValueError(f"no finding for {ask}")
    # "Muss man eine Koordinierungsstelle einrichten?", whatever kind of question the NLU took it
    # for: a date or a sum it states stays the answer.
    if asks_yes_or_no(question_text) and not (ask == Ask.DEADLINE and finding.stated):
        return subject_verdict(session, finding, question_text)
    return finding


def quote_lines(quotes: Sequence[Passage]) -> List[str]:
    lines = []
    for quote in quotes:
        text = quote.text.replace("\n", " ")
        lines.append(f"{cite_circular(quote.circular)}: „{text}“")
    return lines
