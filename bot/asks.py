"""What a question asks, and the words that show it.

The NLU names what a message asks; here its guess is checked against the message's own words,
because short and colloquial questions fool a classifier ("Wie viel Förderung gibt es …?" reads
like "how many projects", "für wen ist das?" like "who funds it"), and because one message may
ask two things ("Was wird gefördert und wer darf mitmachen?").
"""

import re
from enum import Enum
from typing import Dict, List, Optional, Sequence

from bot.text import fold


class Ask(str, Enum):
    """A kind of question. The values are stable: they are kept in conversation context."""

    ELIGIBILITY = "eligibility"
    DEADLINE = "deadline"
    FUNDING = "funding"  # money: per project, in total, and the rate
    RATE = "rate"  # only the funding rate or own share
    DURATION = "duration"
    PROJECT_COUNT = "project_count"
    FUNDER = "funder"
    AIM = "aim"
    PROCEDURE = "procedure"
    OUTCOME = "outcome"
    CONTACT = "contact"
    ROUNDS = "rounds"
    OVERVIEW = "overview"
    CIRCULARS = "circulars_about"
    CIRCULAR = "circular"
    CIRCULAR_REFERENCE = "circular_reference"
    OPEN_CALLS = "open_calls"
    NEXT_DEADLINES = "next_deadlines"

    @classmethod
    def parse(cls, value: Optional[str]) -> Optional["Ask"]:
        try:
            return cls(value) if value else None
        except ValueError:
            return None


# Questions about one call, answered from its facts and its circulars.
CALL_ASKS = (
    Ask.ELIGIBILITY,
    Ask.DEADLINE,
    Ask.FUNDING,
    Ask.RATE,
    Ask.DURATION,
    Ask.PROJECT_COUNT,
    Ask.FUNDER,
    Ask.AIM,
    Ask.PROCEDURE,
    Ask.OUTCOME,
    Ask.CONTACT,
    Ask.ROUNDS,
    Ask.OVERVIEW,
)

# "gibts beim Tourismus-Aufruf auch Geld für einen Bootsanleger?": whether a thing is funded, not how much.
_FUNDED_THING = (
    r"^\W*(?:und\s+)?gibt(?:'?s| es)\b(?!.{0,40}\bwie ?viel).{0,40}\b(?:foerderung|foerdermittel|zuschuesse|"
    r"zuschuss|geld|kohle) (?:fuer|fuers) (?:ein|eine|einen|den|die|das|unsere?n?)\b"
)
# "Wann kam der Aufruf raus?", "wann hat das Ministerium ihn veröffentlicht?": when it was published.
PUBLISHED_ASKED = (
    r"\bwann (?:kam|kommt|wurde|ist|war|hat|haben)\b.{0,40}\b(?:raus|heraus|veroeffentlicht|erschienen|"
    r"bekannt ?gemacht)\b"
)


# "Kommt bald wieder eine neue Runde?", "Ist ein neuer Aufruf angekündigt?": rounds to come.
_NEXT_ROUND = re.compile(
    r"\b(?:kommt|kommen|gibt es|gibts|gibt's|wird es|folgt)\b.{0,30}\b(?:wieder|bald|naechste|neue|weitere|"
    r"noch ein)\w*\b.{0,20}\b(?:runde|aufruf|staffel|ausschreibung|wettbewerb)|"
    r"\bnaechste(?:n)? (?:runde|aufruf|staffel)|"
    r"\b(?:runde|aufruf|staffel)\w*\b.{0,20}\b(?:angekuendigt|geplant|in planung)"
)


def asks_next_round(question_text: str) -> bool:
    return bool(_NEXT_ROUND.search(fold(question_text)))


def asks_published(question_text: str) -> bool:
    return bool(re.search(PUBLISHED_ASKED, fold(question_text)))


# Words that show what is asked, on folded text (lower case, umlauts spelled out). Only
# unmistakable phrasings: a cue overrules the NLU's guess.
_CUES: Dict[Ask, str] = {
    Ask.DEADLINE: r"bis wan?n?\b|\bfrist|(?:heute|jetzt|derzeit|aktuell|noch)\b.{0,25}(?:antr(?:ae|a)g|antraege|"
    r"bewerb|einreich|"
    r"beantrag)|\b(?:seit|ab) wann\b|\bvon wann\b(?!.{0,25}\b(?:rundschreiben|rs\b|schreiben))|deadline|"
    r"stichtag|einsendeschluss|abgabetermin|abgabeschluss|"
    r"einreichungs(?:frist|termin|zeitraum)|\bwann (?:muss|musste|kann|koennen|ist|endet|endete|"
    r"laeuft|lief|war|sind|muessen)\b.{0,40}(?:einreich|abgeb|bewerb|beantrag|ende|schluss|vorl|"
    r"skizze|antr(?:ae|a)g|antraege|interessenbekundung)|\bnoch (?:bewerben|einreichen|beantragen)|"
    r"(?:frist|aufruf|programm|antr(?:ae|a)g\w*)\b.{0,20}\b(?:noch )?(?:offen|abgelaufen|vorbei|rum)\b|"
    r"\b(?:ist|laeuft) (?:das|der|die|es)\b.{0,25}\bnoch\b|\bim (?:herbst|fruehjahr|fruehling|sommer|winter)\b|"
    r"\bwann\b.{0,25}\b(?:einreich|abgeb|bewerb)|"
    # "wann kam der Aufruf raus?": the day it was published (not the circular's: "von wann ist das RS?").
    r"(?!.*\b(?:rundschreiben|rs)\b)" + PUBLISHED_ASKED,
    Ask.RATE: r"foerderquote|\bquote\b|prozent|%|eigenanteil|eigenmittel|eigen(?:beteiligung|leistung)|\banteil\b|"
    r"wie ?viel\b.{0,25}\b(?:uebernimmt|uebernehmen|zahlt|traegt)|wer (?:zahlt|traegt|uebernimmt) wie ?viel|"
    r"den rest\b|\bdie uebrigen\b|"
    r"kofinanzier|fördersatz|foerdersatz|\bv\. ?h\.",
    Ask.FUNDING: r"wie teuer\b|groessenordnung|in welcher hoehe|\ban (?:kohle|knete|geld|foerdergeld)\b|"
    r"wie ?viel (?:geld|foerderung|foerdermittel|zuschuss|euro|kohle|mittel|gibt|gab|bekomm|kriegt|kann|wird|"
    r"darf|duerfen|koennen)|"
    r"wie hoch (?:ist|sind|war|waren) (?:die|der) (?:foerderung|foerdersumme|zuschuss|"
    r"zuwendung|betrag|foerderbetrag|budget|mittel)|foerdersumme|foerderhoehe|hoehe der foerderung|"
    r"foerderbetrag|hoechstbetrag|mindestbetrag|fordervolumen|foerdervolumen|\bbudget|"
    r"wie ?viel\b.{0,30}(?:\beuro|geld\b|\bfoerder)|was gibt(?:'?s| es) an geld|\bgeld\b|\btopf\b|"
    r"gesamtvolumen|insgesamt (?:zur verfuegung|bereit)|was gibt(?:'?s| es) (?:fuer|fuers)|"
    r"wie ?viel\b.{0,60}\b(?:bereitgestellt|zur verfuegung|vergeben|bewilligt|ausgeschuettet|kriegen|"
    r"bekommen|erhalten)|hoechstsumme|hoechstbetrag|obergrenze|mindestbetrag|mindestzuwendung|"
    r"mindestinvestition|\bmax(?:imal)?\.? (?:pro|je)\b|wie ?viel (?:geld )?davon\b",
    Ask.ELIGIBILITY: r"wer (?:darf|durfte|kann|konnte|koennte|duerfen|koennen|ist) .{0,25}(?:mitmach|teilnehm|"
    r"bewerb|antr(?:ae|a)g|"
    r"einreich|berechtigt|beantrag|foerder)|antragsberecht|teilnahmeberecht|zuwendungsempfaenger|"
    r"fuer wen\b|an wen richtet|zielgruppe|(?<!wann )(?<!wo )(?<!wie )\b(?:darf|duerfen|kann|koennen|koennte|koennten) "
    r"(?:man|wir|ich|ein|eine|einer|der|die|das|auch|unser|unsere|sich|denn|jede|jeder|jedes)\b.{0,90}"
    r"(?:mitmach|teilnehm|bewerb|antr(?:ae|a)g|antraege|einreich|beantrag|beteilig)|"
    r"\b(?:sind|ist) (?:wir|ein|eine|der|die|auch|unser)\b.{0,30}\bberechtigt|wer kommt .{0,15}in ?frage|"
    r"\b(?:gilt|ist) (?:das|der|die|es) .{0,20}\b(?:auch )?(?:fuer|was fuer) (?:jede[nrs]? |alle |"
    r"unsere?n? |die |den |eine[nr]? )?(?:uns|landkreis|kreis|gemeind|kommun|verein|staedt|stadt)|"
    # "der Ortsteil hat aber 3.400 Einwohner, geht das?": whether a place of that size may take part.
    r"^(?=.*\d\s*(?:einwohner|ew\b))(?=.*\b(?:(?:geht|reicht|passt|klappt) (?:das|es)|trotzdem)\b)",
    Ask.DURATION: r"wie lange\b(?!.{0,20}\b(?:noch|bewerb|einreich|frist))|laufzeit|foerderzeitraum|"
    r"foerderdauer|projektdauer|projektlaufzeit|bewilligungszeitraum|\bdauer\b|wie viele (?:monate|jahre)|"
    r"(?:abgeschlossen|fertig|beendet|umgesetzt|durchgefuehrt) sein|enden die (?:projekte|vorhaben)",
    Ask.PROJECT_COUNT: r"wie ?viele davon\b|"
    r"wie ?viele (?:\w+ )?(?:projekte|vorhaben|modellvorhaben|modellprojekte|regionen|"
    r"modellregionen|kommunen werden|foerderungen|antraege werden)|anzahl der (?:projekte|vorhaben)|"
    # "wie viele Kommunen machen da schon mit?", "wie viele Landkreise sind dabei?"
    r"wie ?viele (?:\w+ ){1,2}(?:machen|sind|nehmen|waren|haben)\b.{0,25}\b(?:mit|dabei|teil|beteiligt)\b",
    Ask.FUNDER: r"wer gibt (?:\w+ ){0,2}(?:das|die) (?:geld|mittel)|wo kommt (?:\w+ ){0,2}geld\b.{0,20}\bher|"
    r"wer (?:foerdert|finanziert|zahlt|bezahlt|steckt|gibt das geld|vergibt|ist (?:der )?"
    r"(?:foerder|geld|zuwendungs|projekt)geber|ist zustaendig|traegt)|von wem\b|\bfoerdergeber|"
    r"geldgeber|zuwendungsgeber|welches ministerium|welche(?:s|r)? (?:bundesministerium|ministerium|"
    r"behoerde|bundesamt|projekttraeger)|\bprojekttraeger|woher kommt das geld|rahmenprogramm|"
    r"\bwer steht dahinter|wer (?:richtet|veranstaltet|organisiert|lobt) (?:\w+ ){0,4}aus\b|wer veranstaltet|"
    r"\bausrichter|\bveranstalter",
    Ask.AIM: r"gibt(?:'?s| es) (?:eine |auch |da )?(?:foerderung|foerdermittel|zuschuesse|geld) (?:fuer|fuers)|"
    + _FUNDED_THING
    + "|"
    r"was (?:wird|werden|genau wird) (?:da |damit |dort |hier |bei .{0,40})?(?:gefoerdert|bezuschusst|"
    r"finanziert|unterstuetzt)|was foerdert|was fördert|wofuer\b|"
    r"worum geht|um was geht|was ist (?:das|der|die) ziel|\bziel(?:e|setzung)?\b|\bzweck|themen|"
    r"\bschwerpunkte?\b|foerdergegenstand|was ist (?:denn )?(?:das|der|die)\b.{0,25}\b(?:programm|aufruf)|"
    r"was kann (?:man )?(?:da(?:mit)? )?gefoerdert|welche (?:massnahmen|vorhaben|projekte) (?:werden|sind|"
    r"koennen)|foerderfaehig",
    Ask.PROCEDURE: r"\bwie (?:bewerb|beantrag|reich|stell|laeuft|funktionier|komm)|verfahren|ablauf|\bstufe|"
    r"zweistufig|antragstellung|welche unterlagen|formular|\bportal|einzureichen\b.{0,20}\bwie|"
    r"wie (?:kann|muss) man .{0,20}(?:einreich|bewerb|beantrag)|\bwo (?:kann|muss|reicht|reiche|stell|beantrag|"
    r"bewerb|gebe|gibt man)|\bbei wem\b|"
    r"was (?:brauchen|benoetigen|muessen) wir|voraussetzung|"
    # "an wen geht der Antrag?", "wohin schicken wir die Skizze?", "bis wann und wo?"
    r"\ban wen (?:geht|gehen|schick\w*|send\w*)\b|\bwohin\b|\bund wo\s*\??\s*$|"
    # "wer bewilligt das?": the office the application goes to.
    r"\bwer bewilligt\b|bewilligungsbehoerde|bewilligungsstelle",
    Ask.OUTCOME: r"\bwurden? .{0,40}(?:ausgewaehlt|gefoerdert|bewilligt|beruecksichtigt)|ausgewaehlt wurden|"
    r"(?:sind|haben) .{0,20}(?:ausgewaehlt|gewonnen)|gewinner|ergebnis|zuschlag|wer hat .{0,20}bekommen|"
    r"wie viele (?:bewerbungen|antraege gingen|haben sich beworben)|zum zug gekommen",
    Ask.CONTACT: r"ansprechp|kontakt|rueckfragen|an wen (?:kann|koennen|soll|muss) (?:ich|man|wir) (?:mich|uns)|"
    r"ansprechstelle|telefonnummer|e-?mail|hotline|an wen (?:kann|soll|muss) "
    r"(?:ich|man) mich|wen (?:kann|soll) (?:ich|man) (?:fragen|anrufen)|zustaendige person|\banrufen\b|"
    r"\bstelle,? (?:wo|bei der|an die) man",
    Ask.ROUNDS: r"(?:gab|gibt|kommt|wird|kam) es\b.{0,60}\b(?:eine[nr]?|ein) (?:zweite|dritte|vierte|weitere|neue|"
    r"naechste|andere|erneute|spaetere|fruehere)[nrs]? (?:runde|aufruf|staffel|foerderrunde|ausschreibung|"
    r"foerderaufruf)|(?:weitere|andere|fruehere|mehrere|spaetere) (?:runden|aufrufe|staffeln)|"
    r"wieder aufgelegt|noch einmal aufgelegt|neu aufgelegt|wie oft|(?:runden|aufrufe) gab es|"
    r"\bnoch (?:eine[nr]?|ein) (?:zweite|dritte|vierte|weitere|neue)[nrs]? (?:runde|aufruf)|" + _NEXT_ROUND.pattern,
}
_COMPILED = {ask: re.compile(pattern) for ask, pattern in _CUES.items()}
# The words of a question about the open calls or the next deadlines; without them the NLU's
# guess of these lists is not trusted ("was ist mit Verträgen, die wir 2023 abschließen?").
_LIST_CUES = {
    Ask.OPEN_CALLS: re.compile(
        r"\boffen(?:e|en)?\b|(?:laufen|laeuft)\w* (?:gerade|derzeit|aktuell|noch|jetzt)|laufende|"
        r"gerade|\bgrad\b|aktuel|derzeit|momentan|zur ?zeit|im moment|ausgeschrieben|aktiv|"
        r"neue[ns]? (?:foerder)?(?:aufrufe|programme)|noch (?:bewerben|einreichen|beantragen)|"
        r"welche (?:foerder)?(?:aufrufe|programme)|uebersicht"
    ),
    Ask.NEXT_DEADLINES: re.compile(
        r"(?:naechst|nachst|naechts)\w* (?:\w+ )?(?:frist|deadline|dedline|stichtag|termin|"
        r"einreichungsfrist|woche|tag|monat)|als na(?:e)?chstes|kommende|anstehend|steh\w* an|bald|demnaechst|"
        r"in kuerze|"
        r"deadline|dedline|stichtag|fristen|frsiten|frist\b|termine|abgabetermin|"
        r"bewerbungsschluess|enden|endet|laeuft .{0,25}aus|lauft .{0,25}aus|ablaufen|"
        r"laeuft .{0,25}ab|zuerst|bevor|beeilen|diesen monat"
    ),
}
# "Was heißt SVLFG?", "Was ist mit der Bagatellgrenze gemeint?": what a word of the circular means.
_DEFINITION = re.compile(
    r"was (?:heisst|bedeutet|bedeuten|meint)\b|(?:ist|sind) (?:damit |davon |da(?:bei)? )?"
    r"gemeint|was versteht man unter|wofuer steht|steht was von"
)
# "Was ist LISA?": the same, where the word names no kind of question ("Was ist das Ziel?" does).
_WHAT_IS = re.compile(r"^\s*was (?:ist|sind) (?:ein |eine |der |die |das )?[\w\-]+(?: [\w\-]+)?\s*\??\s*$")
# "Warum wurde der Stichtag verschoben?": a reason, which no kind of question covers ("und warum?"
# alone repeats the last question).
_REASON = re.compile(r"^\W*(?:und\s+)?(?:warum|wieso|weshalb|weswegen)\s+\w+\s+\w+")
_WHAT_CHANGED = re.compile(r"\bwas ist\b[^?]{0,60}\b(?:anders|neu)\b|\banders als\b|\bwas hat sich\b.{0,40}\bgeaendert")
# "In welcher Größenordnung kann man da beantragen?", "wie viel dürfen wir beantragen?": how much
# one may apply for, not whether one may.
_HOW_MUCH_MAY = re.compile(
    r"(?:groessenordnung|in welcher hoehe|wie ?viel\b.{0,30})\s+(?:kann|koennen|darf|duerfen) (?:man|wir|ich)\b"
)
# "bis zu wie viel Prozent": a rate asked, whatever money word is near.
_PERCENT_ASKED = re.compile(r"wie ?viel(?:e)?\s+(?:prozent|%)")
# A funding-rate cue alone does not make a money question a rate-only question.
_MONEY_WORDS = re.compile(r"wie ?viel|summe|betrag|euro|geld|hoehe|budget|volumen")


def asks_if_funded(text: str) -> bool:
    """Whether the message asks if a thing is funded ("gibts auch Geld für einen Bootsanleger?")."""
    return bool(re.search(_FUNDED_THING, fold(text)))


def cued_asks(text: str) -> List[Ask]:
    """The asks the message's words show, in the order they stand."""
    folded = fold(text)
    found = []
    for ask, pattern in _COMPILED.items():
        match = pattern.search(folded)
        if match:
            found.append((match.start(), ask))
    asks = [ask for _, ask in sorted(found)]
    if Ask.RATE in asks and Ask.FUNDING not in asks and _MONEY_WORDS.search(_PERCENT_ASKED.sub(" ", folded)):
        asks[asks.index(Ask.RATE)] = Ask.FUNDING
    if Ask.FUNDING in asks and asks_if_funded(text):
        asks.remove(Ask.FUNDING)
    if Ask.ELIGIBILITY in asks and Ask.FUNDING in asks and _HOW_MUCH_MAY.search(folded):
        asks.remove(Ask.ELIGIBILITY)  # "in welcher Größenordnung kann man beantragen?" asks for a sum
    if Ask.RATE in asks and Ask.FUNDING in asks:
        asks.remove(Ask.RATE)  # a money answer includes the rate
    return asks


# Asks whose words are specific enough to overrule what the NLU took for a list of open calls,
# of deadlines or of circulars ("Welche Förderquote gab es im zweiten Aufruf?").
_SPECIFIC = {
    Ask.RATE,
    Ask.FUNDING,
    Ask.ELIGIBILITY,
    Ask.DURATION,
    Ask.PROJECT_COUNT,
    Ask.FUNDER,
    Ask.PROCEDURE,
    Ask.OUTCOME,
    Ask.CONTACT,
    Ask.ROUNDS,
}
_REFERENCE_WORDS = re.compile(r"bezug|bezieht|beziehen|bezogen|vorher|vorangegangen|frueher")


_HOW_MUCH = re.compile(r"wie ?viel|wie hoch|\bhoehe|betrag|summe|quote|prozent")
_FUNDED_WHAT = re.compile(r"\bwas (?:\w+ ){0,3}(?:gefoerdert|bezuschusst|finanziert)|\bwofuer\b|foerderfaehig")


def checked_asks(nlu_asks: Sequence[Ask], text: str, limit: int = 2, in_context: bool = False) -> List[Ask]:
    """The NLU's asks checked against the message's words.

    Where the words show asks, the NLU's guess stands only if the words show it too, and further
    asks the words show are added (at most `limit` in all, in the order the message asks them).
    Where they show none, the guess stands. In a conversation about a call (`in_context`), a
    guess of the lists of open calls or next deadlines stands only with their own words.
    """
    cued = cued_asks(text)
    nlu = [a for a in nlu_asks if a]
    folded = fold(text)
    listed = bool(nlu) and nlu[0] in _LIST_CUES and bool(_LIST_CUES[nlu[0]].search(folded))
    defines = (_DEFINITION.search(folded) and not set(cued) & {Ask.DEADLINE, Ask.FUNDING, Ask.RATE}) or (
        _WHAT_IS.match(folded) and not cued
    )
    if defines and not listed:
        return []  # a question about a word of the text: answered by the sentence that holds it
    if (_REASON.match(folded) or _WHAT_CHANGED.search(folded)) and not cued:
        # "Warum wurde das verschoben?", "Was ist anders als 2022?": the sentences saying so,
        # whatever the NLU guessed.
        return []
    if in_context and nlu and nlu[0] in _LIST_CUES and not _LIST_CUES[nlu[0]].search(folded):
        nlu = []
    if not cued:
        return nlu[:limit]
    first = nlu[0] if nlu else None
    if first == Ask.CIRCULAR and not set(cued) - {Ask.AIM, Ask.OVERVIEW} and not _FUNDED_WHAT.search(folded):
        # "Worum geht es im RS 318/22?" asks for the circular's content; "RS 808/22: was wird
        # da gefördert?" what the call it announces funds.
        return nlu[:limit]
    if first == Ask.CIRCULAR_REFERENCE and _REFERENCE_WORDS.search(fold(text)):
        return nlu[:limit]
    if first in (Ask.OPEN_CALLS, Ask.NEXT_DEADLINES, Ask.CIRCULARS) and not set(cued) & _SPECIFIC:
        return nlu[:limit]
    kept = list(cued)  # the words decide, in the order the message asks
    # Rate and money are one answer.
    if Ask.FUNDING in kept and Ask.RATE in kept:
        kept.remove(Ask.RATE)
    # "Wer gibt das Geld?" asks who, not how much.
    if Ask.FUNDER in kept and Ask.FUNDING in kept and not _HOW_MUCH.search(folded):
        kept.remove(Ask.FUNDING)
    return kept[:limit]
