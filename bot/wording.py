"""The assistant's German wording that is composed at answer time, in one place.

Fixed replies that need no data (greeting, fallback, capabilities) are responses in domain.yml;
everything built from facts is phrased here, in the formal "Sie".
"""

from typing import Dict

from bot.asks import Ask
from bot.states import DeadlineKind, Verdict

OFFICE = "die Geschäftsstelle des Landkreistages Sachsen-Anhalt (Kontaktdaten auf kommunales-sachsen-anhalt.de)"
ASK_OFFICE = f"Bitte fragen Sie {OFFICE}."
EXTRACTED_NOTE = (
    "Hinweis: Diese Angaben wurden automatisch aus dem Rundschreiben übernommen und noch nicht redaktionell geprüft."
)
ASSOCIATION = "des Landkreistages Sachsen-Anhalt"

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


def not_stated(what: str, title: str, where: str) -> str:
    """ "Zu der Förderquote nennt Rundschreiben Nr. 156/2023 für X nichts." """
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
    """A verdict about an applicant named by the user's own words ("kommunale GmbHs")."""
    sentences: Dict[str, str] = {
        Verdict.YES: f"Ja, nach den Angaben zu {title} ist das möglich.",
        Verdict.NO: f"Nein, nach den Angaben zu {title} ist das ausgeschlossen.",
        Verdict.CONDITIONAL: f"Nur unter Bedingungen, nach den Angaben zu {title}:",
    }
    return sentences[verdict]
