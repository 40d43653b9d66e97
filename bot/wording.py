"""The assistant's German wording that is composed at answer time, in one place.

Fixed replies that need no data (greeting, fallback, capabilities) are responses in domain.yml;
everything built from facts is phrased here, in the formal "Sie".
"""

import re
import unicodedata
from datetime import date
from typing import Dict, List, Optional

from bot.asks import Ask
from bot.dates import german_date
from bot.states import DeadlineKind, Verdict

OFFICE = "die Geschäftsstelle des Landkreistages Sachsen-Anhalt (Kontaktdaten auf kommunales-sachsen-anhalt.de)"
ASK_OFFICE = f"Bitte fragen Sie {OFFICE}."
EXTRACTED_NOTE = (
    "Hinweis: Diese Angaben wurden automatisch aus dem Rundschreiben übernommen und noch nicht redaktionell geprüft."
)
ASSOCIATION = "des Landkreistages Sachsen-Anhalt"
# What a circular without a date is cited with, and listed with.
UNDATED = "(Datum im Text nicht angegeben)"

# --- the user's own words, echoed ------------------------------------------------------------------

# Letters, digits, spaces and the punctuation of names: nothing that Markdown, Mattermost (@channel)
# or Teams would render as a link, an image, a mention or markup.
_NOT_NAME_CHARACTER = re.compile(r"[^\w\s.,&+'’„“\"-]|_")
ECHO_LIMIT = 80


def echo(text: str) -> str:
    """The user's words as they may stand in an answer on every channel: without markup
    characters, on one line, at most ECHO_LIMIT characters."""
    inert = " ".join(_NOT_NAME_CHARACTER.sub(" ", unicodedata.normalize("NFKC", text)).split())
    return inert if len(inert) <= ECHO_LIMIT else inert[: ECHO_LIMIT - 1].rstrip() + "…"


# --- what the channels say when there is no answer to give -----------------------------------------

EMPTY_MESSAGE = "Bitte schreiben Sie mir Ihre Frage, zum Beispiel: „Bis wann läuft die Frist bei Heimat 2.0?“"
FAULT = (
    "Entschuldigung, ich kann Ihre Frage gerade nicht beantworten, weil ein Teil des Systems gestört ist. "
    f"Bitte versuchen Sie es in einigen Minuten noch einmal; in dringenden Fällen hilft Ihnen {OFFICE}."
)


def message_too_long(length: int, limit: int) -> str:
    return (
        f"Ihre Nachricht ist mit {length:,} Zeichen zu lang; ich lese höchstens {limit:,} Zeichen. "
        "Bitte stellen Sie Ihre Frage kürzer."
    ).replace(",", ".")


# What each kind of question is about, as a noun phrase: "Zu {what} …", "… nennt {what} nicht".
WHAT = {
    Ask.ELIGIBILITY: "den Antragsberechtigten",
    Ask.DEADLINE: "Fristen",
    Ask.FUNDING: "Fördersumme und Förderquote",
    Ask.RATE: "der Förderquote",
    Ask.DURATION: "der Laufzeit",
    Ask.PROJECT_COUNT: "der Zahl der geförderten Projekte",
    Ask.FUNDER: "dem Fördergeber",
    Ask.AIM: "Ziel und Themen",
    Ask.PROCEDURE: "dem Verfahren",
    Ask.OUTCOME: "dem Ergebnis der Auswahl",
    Ask.CONTACT: "einer Ansprechperson",
    Ask.OVERVIEW: "dem Aufruf",
}
# Headings of an answer: "{heading} {call}:".
HEADING = {
    Ask.ELIGIBILITY: "Wer teilnehmen darf bei",
    Ask.DEADLINE: "Fristen für",
    Ask.FUNDING: "Förderung bei",
    Ask.RATE: "Förderquote bei",
    Ask.DURATION: "Laufzeit bei",
    Ask.PROJECT_COUNT: "Zahl der Projekte bei",
    Ask.FUNDER: "Fördergeber von",
    Ask.AIM: "Ziel und Themen von",
    Ask.PROCEDURE: "Verfahren bei",
    Ask.OUTCOME: "Ergebnis von",
    Ask.CONTACT: "Ansprechpartner bei",
    Ask.OVERVIEW: "Überblick:",
}
# Keyed by the enums' members, which equal the bare strings that rows hold.
DEADLINE_KINDS: Dict[str, str] = {
    DeadlineKind.PROJEKTSKIZZE: "Projektskizze",
    DeadlineKind.INTERESSENBEKUNDUNG: "Interessenbekundung",
    DeadlineKind.ANTRAG: "Antrag",
    DeadlineKind.BEWERBUNG: "Bewerbung",
    DeadlineKind.FRIST: "Frist",
}
VERDICT_WORDS: Dict[str, str] = {Verdict.YES: "ja", Verdict.NO: "nein", Verdict.CONDITIONAL: "nur eingeschränkt"}


THIS_QUESTION = "dieser Frage"


def not_stated(what: str, title: str, where: str) -> str:
    """ "Zu der Förderquote ist für X in Rundschreiben Nr. 156/2023 … nichts angegeben." """
    return f"Zu {what} ist für {title} in {where} nichts angegeben."


def eligibility_sentence(verdict: str, label: str, title: str) -> str:
    sentences: Dict[str, str] = {
        Verdict.YES: f"Ja, {label} dürfen bei {title} teilnehmen.",
        Verdict.NO: f"Nein, {label} dürfen bei {title} nicht teilnehmen.",
        Verdict.CONDITIONAL: f"{label} dürfen bei {title} nur eingeschränkt teilnehmen.",
        Verdict.NOT_LISTED: f"Nein, {label} werden bei {title} nicht als Antragsberechtigte genannt.",
    }
    return sentences[verdict]


def subject_verdict(verdict: str, title: str) -> str:
    """A verdict about a subject in the user's own words ("kommunale GmbHs", "Plug-in-Hybride",
    "ein Rechtsanspruch"), followed by the sentence that says it."""
    sentences: Dict[str, str] = {
        Verdict.YES: f"Ja, nach den Angaben zu {title}:",
        Verdict.NO: f"Nein, nach den Angaben zu {title}:",
        Verdict.CONDITIONAL: f"Nur unter Bedingungen, nach den Angaben zu {title}:",
    }
    return sentences[verdict]


def hit_label(kind: str, key: str, issued_on: Optional[date]) -> str:
    """A search hit as staff see it: "Rundschreiben 384/2020 vom 1. März 2020", "Förderaufruf heimat-2-0"."""
    if kind == "circular":
        return f"Rundschreiben {key}" + (f" vom {german_date(issued_on)}" if issued_on else "")
    if kind == "faq":
        return "FAQ der Geschäftsstelle"
    return f"Förderaufruf {key}"


def unknown_applicant(value: str) -> str:
    return f"Unbekannte Antragstellerart „{echo(value)}“."


# --- answers about calls ---------------------------------------------------------------------------

OUR_SOURCES = "meinen Quellen"
NUMBER_WORDS = {2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs"}
ORDINAL_WORDS = {1: "ersten", 2: "zweiten", 3: "dritten", 4: "vierten", 5: "fünften"}
CLOSEST = "Am ehesten passt dazu:"
WHICH_CALL = "Zu welchem Förderaufruf möchten Sie das wissen? Bitte nennen Sie seinen Namen."
SEVERAL_CALLS = "Dazu passen mehrere Förderaufrufe. Welchen meinen Sie?"
NO_DEADLINE = "Frist nicht angegeben"
DATE_UNKNOWN = "Datum nicht bekannt"


def number_word(count: int) -> str:
    return NUMBER_WORDS.get(count, str(count))


def eligibility_not_stated(label: str, title: str, where: str) -> str:
    return f"Ob {label} bei {title} teilnehmen dürfen, ist in {where} nicht angegeben."


def eligibility_unclear(label: str, title: str, known: str) -> str:
    return f"Ob {label} bei {title} teilnehmen dürfen, geht aus {OUR_SOURCES} nicht hervor. Bekannt ist: {known}"


RATE_NOT_STATED = f"Eine Förderquote ist in {OUR_SOURCES} für diesen Aufruf nicht angegeben."


def deadline_statement(dates: List[str]) -> str:
    """The dates a circular's sentences give: "Frist: 31. März 2025 (noch 12 Tage)"."""
    return f"Frist: {', '.join(dates)}"


def no_own_application(label: str, title: str) -> str:
    return f"Nein, {label} können bei {title} keinen eigenen Antrag stellen, nur im Antrag eines anderen mitwirken:"


def size_verdict(verdict: str, inhabitants: int, title: str) -> str:
    """ "Nein, mit 40.000 Einwohnern liegen Sie außerhalb der Einwohnergrenze von LandMobil." """
    size = f"{inhabitants:,}".replace(",", ".")
    where = "innerhalb" if verdict == Verdict.YES else "außerhalb"
    answer = "Ja" if verdict == Verdict.YES else "Nein"
    return f"{answer}, mit {size} Einwohnern liegen Sie {where} der Einwohnergrenze von {title}:"


def start_statement(dates: List[str]) -> str:
    """The day something began, for "Seit wann …?": "Beginn: 13. August 2024"."""
    return f"Beginn: {', '.join(dates)}"


def deadline_of(line: str, title: str) -> str:
    """A deadline (or start) statement of a call, as a sentence naming the call."""
    return f"{line.replace('Frist:', f'Frist bei {title}:').replace('Beginn:', f'Beginn bei {title}:')}."


def deadline_record(
    kind: str,
    stage: Optional[int],
    due_on: Optional[date],
    relative: str,
    extended_from: Optional[date],
    note: Optional[str],
) -> str:
    """A reviewed deadline: "Stufe 1, Projektskizze: 31. März 2025 (noch 12 Tage)"; the stage
    where a call has several deadlines."""
    label = DEADLINE_KINDS.get(kind, kind.capitalize())
    label = f"Stufe {stage}, {label}" if stage is not None else label
    when = f"{german_date(due_on)} ({relative})" if due_on else DATE_UNKNOWN
    if due_on and extended_from:
        when += f", verlängert vom {german_date(extended_from)}"
    return f"{label}: {when}" + (f"; {note}" if note else "")


def subject_line(subject: str) -> str:
    return f"Betreff: {subject}"


def summary_line(summary: str) -> str:
    return f"Inhalt: {summary}"


def district_not_listed(district: str, title: str) -> str:
    return f"Nein, der {district} ist bei {title} nicht unter den genannten Landkreisen."


def round_not_stated(label: str, where: str) -> str:
    return f"- {label}: in {where} nicht angegeben."


def rounds_all_alike(verdict_sentence: str, count: int) -> str:
    return f"{verdict_sentence} Das gilt für alle {number_word(count)} Aufrufe (neuester zuerst):"


def rounds_after_verdict(verdict_sentence: str, program: str, count: int) -> str:
    return f"{verdict_sentence} {rounds_listed(program, count)}"


def rounds_about(program: str, count: int, what: str) -> str:
    return f"Zu {program} kenne ich {number_word(count)} Aufrufe; zu {what}, neuester zuerst:"


def each_call(what: str) -> str:
    """The opening of an answer about the several calls of one circular."""
    return f"Zu {what}, je Aufruf:"


def rounds_listed(name: str, count: int) -> str:
    return f"Zu {name} kenne ich {number_word(count)} Aufrufe (neuester zuerst):"


def only_round(name: str, title: str) -> str:
    return f"Zu {name} kenne ich nur einen Aufruf ({title})."


def next_round_not_stated(name: str) -> str:
    return f"Ob zu {name} ein weiterer Aufruf folgt, steht in {OUR_SOURCES} nicht."


def next_round_stated(name: str) -> str:
    return f"Zu weiteren Aufrufen zu {name} heißt es:"


def nth_round(name: str, ordinal: int, known: bool) -> str:
    word = ORDINAL_WORDS.get(ordinal, f"{ordinal}.")
    if known:
        return f"Ja, zu {name} gab es einen {word} Aufruf."
    return f"Einen {word} Aufruf zu {name} kenne ich nicht; in {OUR_SOURCES} steht davon nichts."


def unknown_call(name: str, near: bool) -> str:
    text = f"Einen Förderaufruf „{echo(name)}“ kenne ich nicht; in meiner Datenbank steht dazu nichts."
    return text + (" Meinten Sie vielleicht einen dieser Aufrufe?" if near else "")


def also_says(quote_line: str) -> str:
    """ "Im Rundschreiben … heißt es außerdem: „…“" from a quote line "…: „…“"."""
    return quote_line.replace(": „", " heißt es außerdem: „", 1)


def about_call(title: str) -> str:
    return f"Zu {title}:"


def quoted_in(citation: str) -> str:
    return f"Im {citation} heißt es dazu:"


# --- answers about circulars -----------------------------------------------------------------------

WHICH_CIRCULAR = "Welches Rundschreiben meinen Sie? Bitte nennen Sie die Nummer, zum Beispiel „384/2020“."
WHICH_CIRCULARS = "Zu welchem Förderaufruf oder Thema suchen Sie Rundschreiben?"
MENTIONS_CALL = " (erwähnt den Aufruf)"


def circular_button(number: str) -> str:
    return f"Rundschreiben {number}"


def unknown_circular(number: str) -> str:
    return f"Ein Rundschreiben Nr. {number} ist in meiner Datenbank nicht enthalten. {ASK_OFFICE}"


def circular_text_source(citation: str) -> str:
    """ "Quelle: Text des Rundschreibens Nr. …" from the circular's citation."""
    return f"Quelle: Text des {citation.replace('Rundschreiben', 'Rundschreibens', 1)}"


def _on(day: Optional[date]) -> str:
    return f" vom {german_date(day)}" if day else ""


def reference(number: str, day: Optional[date]) -> str:
    return f"Rundschreiben Nr. {number}{_on(day)}"


def reference_line(reference_: str) -> str:
    return f"Bezug: {reference_}"


def circular_heading(number: str, subject: str) -> str:
    return f"Rundschreiben Nr. {number}: {subject}"


def circular_facts(issued_on: Optional[date], recipients: Optional[str], summary: Optional[str]) -> List[str]:
    lines = [f"Datum: {german_date(issued_on)}" if issued_on else "Datum: im Text nicht angegeben (mir nicht bekannt)"]
    if recipients:
        lines.append(f"An: {recipients}")
    if summary:
        lines.append(summary_line(summary))
    return lines


def announced_calls(titles: List[str]) -> str:
    return "Angekündigte Förderaufrufe: " + "; ".join(titles)


def no_reference(number: str) -> str:
    return f"Rundschreiben Nr. {number} nennt in meiner Datenbank keinen Bezug."


def refers_to(number: str) -> str:
    return f"Rundschreiben Nr. {number} bezieht sich auf:"


def circular_line(number: str, issued_on: Optional[date], subject: str, note: str = "") -> str:
    # An undated circular says so: "von wann ist das Rundschreiben?" must not go unanswered.
    return f"- Nr. {number}{_on(issued_on) or ' ' + UNDATED}: {subject}{note}"


def no_circular_on_topic(topic: str) -> str:
    return f"Zum Thema „{echo(topic)}“ finde ich kein Rundschreiben in meiner Datenbank."


def circulars_on_topic(topic: str) -> str:
    return f"Rundschreiben zum Thema „{echo(topic)}“:"


def no_circular_about(names: str) -> str:
    return f"Zu {names} habe ich kein Rundschreiben in meiner Datenbank."


def circulars_about(names: str) -> str:
    return f"Rundschreiben zu {names}:"


# --- overviews -------------------------------------------------------------------------------------


def deadline_kind(kind: str) -> str:
    return DEADLINE_KINDS.get(kind, kind)


def latest_passed(title: str, kind: str, due_on: date) -> str:
    return (
        f" Die zuletzt abgelaufene Frist in meiner Datenbank: {title}, {deadline_kind(kind)} bis {german_date(due_on)}."
    )


def none_open(today: date) -> str:
    return f"Nach meiner Datenbank ist am {german_date(today)} kein Förderaufruf offen."


def open_on(today: date) -> str:
    return f"Offene Förderaufrufe am {german_date(today)}:"


def open_call_line(title: str, kind: str, due_on: date, relative: str) -> str:
    return f"- {title}: {deadline_kind(kind)} bis {german_date(due_on)} ({relative})"


def no_deadline_ahead(today: date) -> str:
    return f"Nach meiner Datenbank steht ab dem {german_date(today)} keine Frist mehr an."


NEXT_DEADLINES = "Die nächsten Fristen:"


def next_deadline_line(due_on: date, title: str, kind: str, relative: str) -> str:
    return f"- {german_date(due_on)}: {title}, {deadline_kind(kind)} ({relative})"
