"""German answers composed from the knowledge API, each citing its sources.

The actions call these with what they read from the tracker; the CLI can call them too.
Nothing here guesses: a fact the database lacks is answered with "not known".
"""
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import applicants, knowledge, quotes, search
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.dates import german_date, relative_to_today
from bot.models import Circular, FundingCall, Source
from bot.text import fold

OFFICE = ("die Geschäftsstelle des Landkreistages Sachsen-Anhalt (Kontaktdaten auf "
          "kommunales-sachsen-anhalt.de)")
DEADLINE_KINDS = {"projektskizze": "Projektskizze", "interessenbekundung": "Interessenbekundung",
                  "antrag": "Antrag", "bewerbung": "Bewerbung"}
VERDICTS = {"yes": "ja", "no": "nein", "conditional": "nur eingeschränkt"}

# Which facts answer which question, and how the question is named when nothing is known.
FACT_QUESTIONS = {
    "funding": (("funding", "rate", "budget"), "Fördersumme und Förderquote"),
    "duration": (("duration",), "Laufzeit"),
    "project_count": (("project_count",), "Zahl der geförderten Projekte"),
    "funder": (("funder", "framework", "legal_basis"), "Fördergeber"),
    "aim": (("aim", "topics"), "Ziel und Themen"),
    "procedure": (("procedure", "published"), "Verfahren"),
    "outcome": (("outcome",), "Ergebnis der Auswahl"),
}
CALL_QUESTIONS = {"eligibility", "deadline", "overview", *FACT_QUESTIONS}
# A button re-asks the same question for the chosen call; "overview" is a bare call name.
QUESTION_INTENTS = {q: f"ask_{q}" for q in CALL_QUESTIONS | {"circulars_about"}}
QUESTION_INTENTS["overview"] = "inform"


@dataclass
class Button:
    title: str
    payload: str


@dataclass
class Answer:
    text: str
    buttons: List[Button] = field(default_factory=list)
    call_slug: Optional[str] = None  # the call talked about, kept as context


def intent_payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


# --- sources -----------------------------------------------------------------------------------

def _circular_citation(circular: Optional[Circular], number: str) -> str:
    if circular is None:
        return f"Rundschreiben Nr. {number} des Landkreistages Sachsen-Anhalt"
    when = f"vom {german_date(circular.issued_on)}" if circular.issued_on else "(Datum im Text nicht angegeben)"
    return f"Rundschreiben Nr. {circular.number} des Landkreistages Sachsen-Anhalt {when}"


def cite(session: Session, sources: Iterable[Source]) -> str:
    labels: List[str] = []
    for source in sources:
        if source.kind == "circular" and source.circular_number:
            label = _circular_citation(knowledge.circular_by_number(session, source.circular_number),
                                       source.circular_number)
        else:
            label = f"{source.label}, {source.published}" if source.published else source.label
        if label not in labels:
            labels.append(label)
    if not labels:
        return ""
    return ("Quelle: " if len(labels) == 1 else "Quellen: ") + "; ".join(labels)


def _with_sources(session: Session, lines: List[str], records) -> str:
    sources = [s for record in records for s in record.sources]
    return "\n".join(lines + [cite(session, sources)])


QUOTE_INTRO = "heißt es dazu"


def _quote_lines(quote: quotes.Quote, intro: str = QUOTE_INTRO) -> List[str]:
    return [f"Im Rundschreiben Nr. {quote.circular.number} {intro}:",
            f"„{quote.sentence}“", f"Quelle: {_circular_citation(quote.circular, quote.circular.number)}"]


def _call_quote(session: Session, call: FundingCall, message: str, better_than: str = ""):
    """The sentence of the call's circulars that answers the message, if one does."""
    circular_ids = [link.circular_id for link in call.circular_links]
    if not message or not circular_ids:
        return None
    return quotes.best_sentence(session, message, circular_ids=circular_ids, better_than=better_than,
                                ignore=[call.title, call.name, *(a.alias for a in call.aliases)])


def _unknown(session: Session, what: str, call: FundingCall, message: str = "") -> str:
    """No record answers the question: quote the call's circulars where a sentence does."""
    quote = _call_quote(session, call, message)
    if quote:
        return "\n".join([f"Eine geprüfte Angabe zu {what} habe ich für {call.title} nicht."]
                         + _quote_lines(quote))
    return (f"Zu {what} habe ich für {call.title} keine Angaben in meiner Datenbank, und ich rate "
            f"nicht. Bitte fragen Sie {OFFICE}.")


# --- calls -------------------------------------------------------------------------------------

def _call_buttons(calls: Iterable[FundingCall], question: str = "overview") -> List[Button]:
    return [Button(c.title, intent_payload(QUESTION_INTENTS[question], call=c.slug)) for c in calls]


def resolve_call(session: Session, mention: Optional[str], message: str,
                 context_slug: Optional[str], question: str = "overview"):
    """Which call a question is about: the one named, else the one in context.

    Returns (call, None) or (None, Answer) when the user has to choose or the call is unknown.
    """
    if mention and applicants.detect(mention):
        mention = None  # the NLU took an applicant type ("Gemeinden") for a call name
    match = knowledge.find_calls(session, mention, message) if mention else knowledge.CallMatch()
    if not match.calls:
        match = knowledge.find_calls(session, message)
    if match.ambiguous:
        names = sorted({c.name for c in match.calls})
        return None, Answer(f"Zu „{' / '.join(names)}“ kenne ich mehrere Aufrufe. Welchen meinen Sie?",
                            _call_buttons(match.calls, question))
    if match.call:
        return match.call, None
    if mention:
        return None, Answer(
            f"Einen Förderaufruf „{mention}“ kenne ich nicht; dazu habe ich keine Angaben in meiner "
            f"Datenbank. Ich kenne diese Aufrufe:", _call_buttons(knowledge.list_calls(session), question))
    if context_slug:
        call = knowledge.get_call(session, context_slug)
        if call:
            return call, None
    # A question about no call in particular may still be answered by a circular's sentence.
    free = free_question_answer(session, message) if message else None
    if free:
        return None, free
    return None, Answer("Zu welchem Förderaufruf möchten Sie das wissen?",
                        _call_buttons(knowledge.list_calls(session), question))


def _deadline_lines(call: FundingCall, today: date) -> List[str]:
    lines = []
    for d in call.deadlines:
        kind = DEADLINE_KINDS.get(d.kind, d.kind.capitalize())
        label = f"Stufe {d.stage}, {kind}" if len(call.deadlines) > 1 else kind
        if d.due_on:
            when = f"{german_date(d.due_on)} ({relative_to_today(d.due_on, today)})"
            if d.originally_due_on:
                when += f", verlängert vom {german_date(d.originally_due_on)}"
        else:
            when = "Datum nicht bekannt"
        lines.append(f"- {label}: {when}" + (f"; {d.note}" if d.note else ""))
    return lines


def deadline_answer(session: Session, call: FundingCall, today: date, message: str = "") -> str:
    if not call.deadlines:
        return _unknown(session, "Fristen", call, message)
    return _with_sources(session, [f"Fristen für {call.title}:"] + _deadline_lines(call, today),
                         call.deadlines)


def _eligibility_line(rule) -> str:
    line = f"- {APPLICANT_LABELS[rule.applicant_type]}: {VERDICTS[rule.verdict]}"
    return line + (f". {rule.condition}" if rule.condition else "")


def eligibility_answer(session: Session, call: FundingCall, applicant_type: Optional[str],
                       message: str = "") -> str:
    if applicant_type:
        label = APPLICANT_LABELS[applicant_type]
        rule = knowledge.eligibility_for(call, applicant_type)
        if rule is None:
            text = (f"Ob {label} bei {call.title} teilnehmen dürfen, geht aus meinen Quellen nicht "
                    f"hervor. Bitte fragen Sie {OFFICE}.")
            if call.eligibility:
                text += "\nBekannt ist:\n" + "\n".join(_eligibility_line(r) for r in call.eligibility)
                return _with_sources(session, [text], call.eligibility)
            return text
        opening = {"yes": f"Ja, {label} dürfen bei {call.title} teilnehmen.",
                   "no": f"Nein, {label} dürfen bei {call.title} nicht teilnehmen.",
                   "conditional": f"{label} dürfen bei {call.title} nur eingeschränkt teilnehmen."}
        lines = [opening[rule.verdict]] + ([rule.condition] if rule.condition else [])
        return _with_sources(session, [" ".join(lines)], [rule])
    if not call.eligibility:
        return _unknown(session, "den Antragsberechtigten", call, message)
    lines = [f"Wer bei {call.title} teilnehmen darf:"] + [_eligibility_line(r) for r in call.eligibility]
    return _with_sources(session, lines, call.eligibility)


def fact_answer(session: Session, call: FundingCall, question: str, message: str = "") -> str:
    topics, what = FACT_QUESTIONS[question]
    found = knowledge.facts(call, *topics)
    if not found:
        return _unknown(session, what, call, message)
    lines = [f"{call.title}:"] + [f"- {text}" for text in dict.fromkeys(f.text for f in found)]
    if question == "funding" and not knowledge.facts(call, "rate"):
        lines.append("- Eine Förderquote ist in meinen Quellen für diesen Aufruf nicht angegeben.")
    return _with_sources(session, lines, found)


def overview_answer(session: Session, call: FundingCall, today: date) -> str:
    found = knowledge.facts(call, "aim", "funder", "funding")
    lines = [f"{call.title}:"] + [f"- {f.text}" for f in found] + _deadline_lines(call, today)
    return _with_sources(session, lines, found + list(call.deadlines))


def answer_call_question(session: Session, question: str, *, message: str = "",
                         mention: Optional[str] = None, context_slug: Optional[str] = None,
                         applicant_type: Optional[str] = None, today: date) -> Answer:
    """Answer one of CALL_QUESTIONS about the call named in the message or kept in context."""
    if question not in CALL_QUESTIONS:
        raise ValueError(f"unknown question {question!r}")
    call, ask_back = resolve_call(session, mention, message, context_slug, question)
    if ask_back:
        return ask_back
    if question == "eligibility":
        text = eligibility_answer(session, call, applicant_type, message)
    elif question == "deadline":
        text = deadline_answer(session, call, today, message)
    elif question == "overview":
        text = overview_answer(session, call, today)
    else:
        text = fact_answer(session, call, question, message)
    # The question may ask more than the structured answer says ("Warum ...?"): quote the source.
    # An answer that already quotes (no field held it) was given the best sentence there is.
    quote = None if QUOTE_INTRO in text else _call_quote(session, call, message, better_than=text)
    if quote:
        text += "\n" + "\n".join(_quote_lines(quote, "heißt es außerdem"))
    if call.status == "extracted":
        text += ("\nHinweis: Diese Angaben wurden automatisch aus dem Rundschreiben übernommen und "
                 "noch nicht redaktionell geprüft.")
    return Answer(text, call_slug=call.slug)


# --- circulars ---------------------------------------------------------------------------------

def _unknown_circular(number: str) -> Answer:
    return Answer(f"Ein Rundschreiben Nr. {number} ist in meiner Datenbank nicht enthalten. Bitte "
                  f"fragen Sie {OFFICE}.")


def _circular_source(session: Session, circular: Circular) -> str:
    if circular.full_text:
        return f"Quelle: Text des Rundschreibens ({circular.source_file})"
    return cite(session, [circular.described_by]) if circular.described_by else ""


def circular_answer(session: Session, number: str) -> Answer:
    circular = knowledge.circular_by_number(session, number)
    if circular is None:
        return _unknown_circular(number)
    date_line = (f"Datum: {german_date(circular.issued_on)}" if circular.issued_on
                 else "Datum: im Text nicht angegeben (mir nicht bekannt)")
    lines = [f"Rundschreiben Nr. {circular.number}: {circular.subject}", date_line]
    if circular.recipients:
        lines.append(f"An: {circular.recipients}")
    if circular.summary:
        lines.append(f"Inhalt: {circular.summary}")
    for reference in circular.references:
        lines.append(_reference_line(reference))
    calls = [link.call for link in circular.call_links]
    lines.append(_circular_source(session, circular))
    first = calls[0] if calls else None
    return Answer("\n".join(lines), _call_buttons(calls), call_slug=first.slug if first else None)


def _reference_line(reference) -> str:
    when = f" vom {german_date(reference.referenced_date)}" if reference.referenced_date else ""
    return f"Bezug: Rundschreiben Nr. {reference.referenced_number}{when}"


def circular_reference_answer(session: Session, number: str) -> Answer:
    circular = knowledge.circular_by_number(session, number)
    if circular is None:
        return _unknown_circular(number)
    if not circular.references:
        return Answer(f"Rundschreiben Nr. {circular.number} nennt in meiner Datenbank keinen Bezug.")
    lines = [f"Rundschreiben Nr. {circular.number} bezieht sich auf:"]
    buttons = []
    for reference in circular.references:
        target = knowledge.circular_by_number(session, reference.referenced_number)
        line = "- " + _reference_line(reference).replace("Bezug: ", "")
        if target:
            line += f": {target.subject}"
            buttons.append(Button(f"Rundschreiben {target.number}",
                                  intent_payload("ask_circular", circular_number=target.number)))
        lines.append(line)
    lines.append(_circular_source(session, circular))
    return Answer("\n".join(lines), buttons)


def _circular_line(circular: Circular, role: Optional[str] = None) -> str:
    when = f" vom {german_date(circular.issued_on)}" if circular.issued_on else ""
    what = {"announces": "", "mentions": " (erwähnt den Aufruf)"}.get(role or "", "")
    return f"- Nr. {circular.number}{when}: {circular.subject}{what}"


def _circular_buttons(circulars: Iterable[Circular]) -> List[Button]:
    return [Button(f"Rundschreiben {c.number}", intent_payload("ask_circular", circular_number=c.number))
            for c in circulars]


# Words of a search request that are not its topic ("Zeig mir Rundschreiben zu ...").
_REQUEST_WORDS = set(fold(
    "rundschreiben rundschreibens zeig zeige zeigen sie mir bitte welche welches gibt gab thema "
    "themen über ueber schon etwas hat habt haben landkreistag verschickt geschrieben alle alles "
    "finde suche suchen such nach kann könnt können liste auflisten dazu gerade aktuell infos "
    "informationen was gibt's").split())


def topic_of(message: str) -> Optional[str]:
    """The topic words of a search request when the NLU marked none."""
    remaining = [w for w in re.findall(r"[\w.-]+", message)
                 if len(w) >= 4 and fold(w).strip(".") not in _REQUEST_WORDS]
    return " ".join(remaining) or None


def circulars_about_answer(session: Session, *, message: str, mention: Optional[str] = None,
                           topic: Optional[str] = None, context_slug: Optional[str] = None) -> Answer:
    """Circulars about a named call, else about a topic; falls back to the call in context."""
    match = knowledge.find_calls(session, mention or message, message)
    call = match.call
    topic = topic or (None if match.calls else topic_of(message))
    if match.ambiguous:
        links = [link for c in match.calls for link in knowledge.circulars_for_call(session, c)]
    elif call:
        links = knowledge.circulars_for_call(session, call)
    elif topic:
        hits = [h for h in search.search(session, topic, limit=20) if h.kind == "circular"][:5]
        if not hits:
            return Answer(f"Zum Thema „{topic}“ finde ich kein Rundschreiben in meiner Datenbank.")
        found = [knowledge.circular_by_number(session, h.key) for h in hits]
        lines = [f"Rundschreiben zum Thema „{topic}“:"]
        for circular, hit in zip(found, hits):
            lines += [_circular_line(circular), f"  „{hit.snippet}“"]
        return Answer("\n".join(lines), _circular_buttons(found))
    elif context_slug and knowledge.get_call(session, context_slug):
        call = knowledge.get_call(session, context_slug)
        links = knowledge.circulars_for_call(session, call)
    else:
        return Answer("Zu welchem Förderaufruf oder Thema suchen Sie Rundschreiben?",
                      _call_buttons(knowledge.list_calls(session), "circulars_about"))
    names = " / ".join(sorted({c.title for c in (match.calls if match.ambiguous else [call])}))
    if not links:
        return Answer(f"Zu {names} habe ich kein Rundschreiben in meiner Datenbank.",
                      call_slug=call.slug if call else None)
    unique = list({link.circular.number: link for link in links}.values())
    lines = [f"Rundschreiben zu {names}:"] + [_circular_line(l.circular, l.role) for l in unique]
    return Answer("\n".join(lines), _circular_buttons(l.circular for l in unique),
                  call_slug=call.slug if call else None)



# --- overview ----------------------------------------------------------------------------------

def _latest_passed_line(session: Session, today: date) -> str:
    latest = knowledge.deadlines_between(session, end=today, limit=1, newest_first=True)
    if not latest:
        return ""
    d = latest[0]
    return (f" Die zuletzt abgelaufene Frist in meiner Datenbank: {d.call.title}, "
            f"{DEADLINE_KINDS.get(d.kind, d.kind)} bis {german_date(d.due_on)}.")


def open_calls_answer(session: Session, today: date) -> Answer:
    open_now = knowledge.open_calls(session, today)
    if not open_now:
        return Answer(f"Nach meiner Datenbank ist am {german_date(today)} kein Förderaufruf offen."
                      + _latest_passed_line(session, today))
    lines = [f"Offene Förderaufrufe am {german_date(today)}:"]
    for call, deadlines in open_now.items():
        d = deadlines[0]
        lines.append(f"- {call.title}: {DEADLINE_KINDS.get(d.kind, d.kind)} bis {german_date(d.due_on)} "
                     f"({relative_to_today(d.due_on, today)})")
    return Answer(_with_sources(session, lines, [ds[0] for ds in open_now.values()]),
                  _call_buttons(open_now))


def next_deadlines_answer(session: Session, today: date, limit: int = 5) -> Answer:
    upcoming = knowledge.deadlines_between(session, start=today, limit=limit)
    if not upcoming:
        return Answer(f"Nach meiner Datenbank steht ab dem {german_date(today)} keine Frist mehr an."
                      + _latest_passed_line(session, today))
    lines = ["Die nächsten Fristen:"] + [
        f"- {german_date(d.due_on)}: {d.call.title}, {DEADLINE_KINDS.get(d.kind, d.kind)} "
        f"({relative_to_today(d.due_on, today)})" for d in upcoming]
    return Answer(_with_sources(session, lines, upcoming), _call_buttons({d.call: None for d in upcoming}))


# --- free questions ----------------------------------------------------------------------------

def free_question_answer(session: Session, message: str) -> Optional[Answer]:
    """A question no intent covers, answered by quoting the best sentence of a circular, if any."""
    quote = quotes.best_sentence(session, message)
    if quote is None:
        return None
    lines = ["Eine geprüfte Einzelangabe habe ich dazu nicht."] + _quote_lines(quote)
    return Answer("\n".join(lines), _circular_buttons([quote.circular]))
