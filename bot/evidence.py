"""Evidence from a call's own circulars: the passages that answer a kind of question.

Only circulars that announce the call are read, and where a circular announces several calls,
only the sentences of this call's section and those about all of them. A sentence qualifies for
a kind of question by what it must contain (a deadline a date, an amount a sum in euros, a rate
a percentage, eligibility an applicant), and the learned ranker (bot/ranker.py) orders what
qualifies and rejects what reads otherwise. A passage is a sentence with the lead-in or list
items it belongs to ("Antragsberechtigt sind:" and its items).
"""

import re
from dataclasses import dataclass
from math import log
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import names, ranker, verdicts
from bot.applicants import detect_all, is_applicant_word
from bot.asks import PUBLISHED_ASKED, Ask, asks_published
from bot.knowledge import announcing_circulars
from bot.models import Circular, CircularSentence, FundingCall
from bot.reading import find_amounts, find_dates, find_percents
from bot.search import stem
from bot.states import LinkRole
from bot.text import (
    LIST_ITEM,
    compact,
    find_circular_numbers,
    fold,
    heading_line,
    is_question_word,
    normalise_circular_number,
)

# A sentence answers a kind of question only if the ranker gives it at least this probability;
# chosen on the cross-validated figures of scripts/evaluate_ranker.py and the dev dialogues.
MIN_PROBABILITY = 0.35
LOW_PROBABILITY = 0.2
# A second passage is quoted beside the best one if it scores nearly as well ("Frühjahr" and
# "Herbst" in two sentences, an amount and its rate).
SECOND_PASSAGE_MARGIN = 0.25
SECOND_TYPED = 0.5
MAX_LIST_ITEMS = 10
# What a season in the question adds to a deadline in it ("und im Herbst?").
FOCUS_BONUS = 0.15
# A word of the question that at most this many of the call's sentences hold ties the answer
# to them: only passages of their section, at most NEAR sentences away, answer.
RARE_IN = 3
NEAR = 3
ANCHOR_LENGTH = 6
ANCHOR_BONUS = 0.3
# A sentence naming an office or a portal, for a question asking where.
PLACE_BONUS = 0.6
# "Wo kommt das Geld her?", "aus welchem Topf?": the sentence naming what the money comes from
# ("finanziert aus dem NIP", "aus Mitteln des ESF") answers before the one naming a ministry.
SOURCE_BONUS = 1.0
# "Was ist anders als beim ersten Mal?", "was hat sich geändert?": sentences that say what changed.
_CHANGE_QUESTION = re.compile(
    r"\bwas ist\b[^?]{0,60}\b(?:anders|neu)\b|\banders als\b|\bgeaendert\b|\bunterschied|\bneuerung|\bwas aendert"
)
_CHANGE_SENTENCE = re.compile(
    r"\banders als\b|\bneu ist\b|\bim unterschied\b|\bgegenueber (?:der|dem|den)\b|\bneuerung|"
    r"\bgeaendert\b|\berstmals\b|\bnicht mehr\b|\bjetzt auch\b|\bnun auch\b"
)
_SOURCE_QUESTION = re.compile(
    r"\bwo\b.{0,40}\bher\b|\bwoher\b|aus welche[mnr]? (?:topf|mitteln|fonds|programm|haushalt)"
)
_MONEY_SOURCE = re.compile(
    r"\b(?:finanziert|bezahlt|gespeist|stamm\w*|kommen|fliessen|gefoerdert)\b.{0,40}\baus\b|"
    r"\baus (?:den |dem |der )?(?:rest)?mitteln\b|\baus dem \w*(?:fonds|programm|haushalt|sondervermoegen)"
)
# Verbs and words of every question, and the ordinals that pick a round: no topic.
_LIGHT_WORDS = {
    # "Kohle", "Knete": money, as whole words only ("Kohlerevier" is a topic).
    "kohl",
    "knet",
    "brauch",
    "stell",
    "gestellt",
    "mach",
    "gemacht",
    "geh",
    "komm",
    "gilt",
    "gelt",
    "lauf",
    "hab",
    "bekomm",
    "bekommt",
    "krieg",
    "kriegt",
    "erhalt",
    "gibt",
    "gibts",
    "geb",
    "landkreistag",
    "eigent",
    "ganz",
    "erst",
    "zweit",
    "dritt",
    "genau",
    "such",
    "wiss",
    "moecht",
    "mocht",
    "wurd",
    "word",
    "soll",
    "muss",
    "konnt",
    "durft",
    "viel",
    "vielen",
    "wenig",
    "heisst",
    "heiss",
    "bedeutet",
    "bedeut",
    "gemeint",
    "meint",
    "steht",
    "verfug",
    "verfueg",
    "lauft",
    "grad",
    "gerad",
}  # "zur Verfügung haben": available, no topic
# Stems of the words that name a kind of question, not a topic.
_ASK_WORDS = (
    "antrag",
    "antrage",
    "beantrag",
    "forder",
    "frist",
    "quot",
    "einreich",
    "bewerb",
    "skizz",
    "projektskizz",
    "laufzeit",
    "summ",
    "betrag",
    "zuschuss",
    "berechtigt",
    "antragsberecht",
    "teilnehm",
    "verfahr",
    "ansprechpartn",
    "ergebnis",
    "ausgewahlt",
    "gefordert",
    "programm",
    "aufruf",
    "rundschreib",
    "hoch",
    "max",
    "mindestsumm",
    "mindestbetrag",
    "mindestzuwend",
    "hochstsumm",
    "hochstbetrag",
    "obergrenz",
    "geld",
    "euro",
    "prozent",
    # "in welcher Größenordnung": how much, not of what.
    "grossenordn",
    "groessenordn",
    "bezuschuss",
    "finanzier",
    # "wie viel hat das Land bereitgestellt": how much, not of what.
    "bereitgestell",
    "bereitstell",
    "ausgeschuett",
    "unterstuetz",
    # Words for a call, which say which call or that one is meant, not what about it.
    "wettbewerb",
    "richtlini",
    "initiativ",
    "foerderrichtlini",
)
# Words for a call as such ("beim Bundesprogramm …"): they name no topic. "Projekte" or
# "Maßnahmen" may (names.GENERIC_NAME_WORDS has those too).
_CALL_WORD_STEMS = frozenset(
    stem(w)
    for w in fold(
        "förderaufruf projektaufruf aufruf förderprogramm bundesprogramm landesprogramm programm "
        "förderrichtlinie richtlinie förderinitiative initiative wettbewerb förderfonds pakt"
    ).split()
)


def _names_a_call(word_stem: str) -> bool:
    """ "Bundesprogramm", and compounds headed by a word for a call ("Investitionspakt",
    "Sonderprogramm"): words that say which call, not what about it."""
    return word_stem in _CALL_WORD_STEMS or any(
        word_stem.endswith(head) and len(word_stem) > len(head) + 3 for head in _CALL_WORD_STEMS if len(head) >= 4
    )


def without_call_compounds(text: str) -> str:
    """The text without the words a user builds with a word for a call ("beim Tourismus-Aufruf",
    "das Kita-Programm"): they say which call, not what the question is about."""
    return re.sub(r"\b\w+-(\w+)\b", lambda m: " " if _names_a_call(stem(fold(m.group(1)))) else m.group(0), text)


# Parts of compounds that ask for money, wherever they stand ("Mindestfördersumme", "Gesamtbetrag").
_MONEY_PARTS = ("summ", "betrag", "foerderhoeh", "forderhoh", "zuschuss")
# Share of the question's own (rarity-weighted) words a sentence must cover to be quoted for
# them alone, when it does not state what the kind of question asks for.
MIN_COVERAGE = 0.5

# Kinds of answer that state a value or a verdict: only a sentence that states one answers.
# The others (aim, procedure, funder, outcome) may be answered by the sentence the question's
# own words point to ("Welche Adressen sind förderfähig?").
VALUE_LABELS = {"deadline", "amount", "budget", "rate", "eligibility", "duration", "project_count", "contact"}
LABELS: Dict[Ask, Tuple[str, ...]] = {
    Ask.DEADLINE: ("deadline",),
    Ask.FUNDING: ("amount", "budget", "rate"),
    Ask.RATE: ("rate",),
    Ask.ELIGIBILITY: ("eligibility",),
    Ask.DURATION: ("duration",),
    Ask.PROJECT_COUNT: ("project_count",),
    Ask.FUNDER: ("funder",),
    Ask.AIM: ("aim",),
    Ask.PROCEDURE: ("procedure",),
    Ask.OUTCOME: ("outcome",),
    Ask.CONTACT: ("contact",),
}
NUMBER_NAMES = r"zwei|drei|vier|fünf|fuenf|sechs|sieben|acht|neun|zehn|zwölf|zwoelf|zwanzig"
_NUMBER_WORDS = NUMBER_NAMES + r"|\d+"
_REQUIRED = {
    # "bis zum 1. Februar einzureichen" is a deadline; "bis Ende 2026 abgeschlossen" a duration.
    "duration": re.compile(
        rf"(?:{_NUMBER_WORDS})\s*(?:monat|jahr)|laufzeit|zeitraum|projektdauer|\bdauer\b|"
        r"\bbis (?:ende|zum|spaetestens)\b.{0,60}(?:abgeschlossen|umgesetzt|durchgefuehrt|"
        r"beendet|laufen|realisiert|fertiggestellt|begleitet|gefoerdert|unterstuetzt)|abgeschlossen sein"
    ),
    "project_count": re.compile(
        rf"(?:{_NUMBER_WORDS}|bis zu \w+)\s+(?:\w+\s+){{0,2}}(?:projekte|vorhaben|"
        r"modellvorhaben|regionen|modellregionen|kommunen|standorte|modellprojekte|"
        r"landkreise|antraege|bewerbungen)"
    ),
    "contact": re.compile(
        r"ansprechp|kontakt|telefon|\btel\.|e-?mail|@|hotline|erreichbar|fragen (?:richten|"
        r"beantwortet)|auskunft|auskuenfte|beratung|rueckfragen|steht .{0,60}zur verfuegung|"
        r"referent|sachbearbeit"
    ),
    "funder": re.compile(
        r"ministeri|bundesamt|\bbund\b|\bbundes|\bland\b|landes|projekttraeger|\bbm[a-z]{1,4}\b|kommission|"
        r"bafa|\bzug\b|\bptj\b|kfw|\beu\b|efre|esf|eler|europaeisch|verwaltungsamt|investitionsbank|"
        r"foerderbank|stiftung|bbsr|\bble\b|foerdergeber|zuwendungsgeber|finanziert|mitteln"
    ),
}
# A sentence saying since when something holds: what a "Seit wann …?" asks for.
_STARTED = re.compile(r"\bseit\b|in kraft|\bgilt ab\b|\bab dem\b|\bvom \d")
STARTED_PROBABILITY = 0.6
START_BONUS = 1.0
# A deadline that had passed when the circular was written is an earlier round's, not the one
# it announces: it comes after the circular's own dates.
PAST_PENALTY = 1.0


def _all_before_issue(sentence: "_Sentence") -> bool:
    issued = sentence.circular.issued_on
    dated = [m for m in find_dates(sentence.text) if m.year_stated]
    return bool(issued and dated) and all(issued is not None and m.day < issued for m in dated)


def names_a_beginning(text: str, year: Optional[int], published: bool = False) -> bool:
    return any(start_date(text, m, published) for m in find_dates(text, default_year=year))


# "Seit wann gilt …?", "Ab wann …?": a question about when something starts.
# "Am 25. Mai 2020 hat das BMAS den Aufruf im Bundesanzeiger veröffentlicht": for a question when
# something came out, the publishing verb may stand further from its date.
_PUBLISHED = re.compile(
    r"[^.;:„]{0,140}\b(?:veroeffentlicht|bekanntgemacht|bekannt gemacht|erschienen|herausgegeben)\b"
)
STARTS = re.compile(
    r"\b(?:seit|ab|von) wann\b|in kraft|gilt ab|\bbeginn|"
    # "wann kam der Aufruf raus?": the day it was published.
    + PUBLISHED_ASKED
)
_EXTENDED = re.compile(r"verlaenger|verschoben|neue frist|fristverlaengerung")
# Deadlines that are none: "Anträge können ganzjährig gestellt werden."
# "bis Ende 2027", "bis Mitte 2026": a deadline without a day, quoted as the text gives it.
_END_OF_PERIOD = re.compile(
    r"\bbis (?:spaetestens )?(?:(?:ende|mitte|anfang) (?:des jahres )?|(?:ende |mitte |anfang )?"
    r"(?:januar|februar|maerz|april|mai|juni|juli|august|september|oktober|november|dezember) )20\d\d\b"
)
_OPEN_ENDED = re.compile(
    r"ganzjaehrig|jederzeit|laufend|fortlaufend|keine (?:feste )?(?:antrags)?frist|"
    r"kein(?:en)? stichtag|stichtag besteht nicht|das ganze jahr|bis auf weiteres|"
    r"solange (?:die )?(?:foerder)?mittel|windhund|rollierend"
)
# A sentence that begins by pointing back ("Sie kann …", "Dies gilt …") is quoted with the one before.
_ANAPHORA = re.compile(r"^(?:Sie|Er|Es|Dies|Diese|Dieser|Dieses|Dabei|Hierfür|Hierzu|Damit|Davon|Dafür|Dazu)\b")
# "Wo reicht man das ein?", "bei wem?": a sentence naming an office, a portal or an address answers.
_WHERE_QUESTION = re.compile(
    r"\bwo\b|\bwohin\b|bei wem|an wen|welche stelle|welcher stelle|\bwer bewilligt|bewilligungsbehoerde"
)
_PLACES = (
    "bundesamt",
    "landesamt",
    "projekttraeger",
    "portal",
    "online",
    "internetseite",
    "easy",
    "ministerium",
    "bundesanstalt",
    "bundeszentrale",
    "zentrum",
    "agentur",
    "servicestelle",
    "beratungsstelle",
    "lvwa",
    "kfw",
    "bafa",
    "investitionsbank",
    "verwaltungsamt",
    "behoerde",
    "bewilligungsstelle",
    "bewilligungsbehoerde",
    "alff",
    "antragsstelle",
    "per post",
    "postalisch",
    "elektronisch",
    "www.",
    "http",
)
# A sentence that says where something is handed in or who runs the procedure, beside naming a
# place ("Die Anträge sind bei der BZgA einzureichen", "Das BAG führt das Programm als Projektträger
# durch"), answers "wo reicht man ein?" before one naming the ministry that announced the call.
_HANDED_IN = re.compile(
    r"einzureichen|einreich|zu richten|zu stellen|zu senden|zu uebermitteln|uebermitteln|entgegen|"
    r"projekttraeger|bewilligungsstelle|bewilligungsbehoerde|antragsstelle|fuehrt\b.*\bdurch|durchgefuehrt|zustaendig"
)
HANDED_IN_BONUS = 0.3
_SEASON_MONTHS = {
    "fruehjahr": range(2, 6),
    "fruehling": range(3, 6),
    "sommer": range(6, 9),
    "herbst": range(9, 12),
    "winter": (12, 1, 2),
    "jahresende": (11, 12),
    "jahresanfang": (1, 2, 3),
}
# Words that name the kind of question rather than its topic ("Frist", "Förderung", "Programm");
# the other words of asking are text.is_question_word.
_ASK_KIND_WORDS = set(
    fold("frist fristen förderung gefördert fördert programm aufruf runde zahlt zahlen bezahlt").split()
)


@dataclass
class Passage:
    circular: Circular
    text: str
    label: str
    score: float
    position: int
    coverage: float = 0.0  # share of the question's own words the passage holds
    # Share of the question's words that none of the call's sentences holds: high when the
    # question is about something its circulars do not speak of; and those words.
    unanswered: float = 0.0
    missing: Tuple[str, ...] = ()


@dataclass
class _Sentence:
    circular: Circular
    position: int
    text: str
    own: bool = False  # in the call's own section, not shared by the calls a circular announces


def call_sentences(session: Session, call: FundingCall) -> List[_Sentence]:
    """The sentences of the call's own circulars (of its section, where they announce several),
    and those sentences of other circulars that speak of it (a later round's report on it)."""
    announcing = {c.id: c for c in announcing_circulars(call)}
    mentioning = {link.circular.id: link.circular for link in call.circular_links if link.role == LinkRole.MENTIONS}
    if not announcing and not mentioning:
        return []
    rows = session.execute(
        select(CircularSentence)
        .where(
            or_(
                CircularSentence.circular_id.in_(announcing)
                & or_(CircularSentence.call_id.is_(None), CircularSentence.call_id == call.id),
                CircularSentence.circular_id.in_(mentioning) & (CircularSentence.call_id == call.id),
            )
        )
        .order_by(CircularSentence.circular_id, CircularSentence.position)
    ).scalars()
    circulars = {**mentioning, **announcing}
    return [_Sentence(circulars[r.circular_id], r.position, r.text, r.call_id == call.id) for r in rows]


# What a circular says of rounds to come: "weitere Aufrufe sind geplant", "die einzige
# Gelegenheit in den kommenden drei Jahren", "wird fortgesetzt".
_ROUNDS_TO_COME = re.compile(
    r"\b(?:weitere[nr]?|naechste[nr]?|neue[nr]?|erneute[nr]?) (?:runde|aufruf|foerderaufruf|staffel|ausschreibung|"
    r"interessenbekundung)\w*\b.{0,60}\b(?:geplant|angekuendigt|vorgesehen|folg|erwartet|voraussichtlich)|"
    r"\bkommenden (?:\w+ )?jahr|\beinzige gelegenheit|\bletzte gelegenheit|"
    r"\b(?:fortgesetzt|fortgefuehrt|verstetigt|wieder aufgelegt)\b"
)


def rounds_to_come(session: Session, calls: Sequence[FundingCall]) -> List[Passage]:
    """The sentences of the calls' circulars that say whether more rounds will follow."""
    found: List[Passage] = []
    for call in calls:
        for sentence in call_sentences(session, call):
            if _ROUNDS_TO_COME.search(fold(sentence.text)) and not any(p.text == sentence.text for p in found):
                found.append(Passage(sentence.circular, sentence.text, "rounds", 1.0, sentence.position))
    return found[:2]


def circular_year(circular: Circular) -> Optional[int]:
    if circular.issued_on:
        return circular.issued_on.year
    return int(circular.number.split("/")[1]) if "/" in circular.number else None


# A quoted title between the date and the verb counts as one word ("hat am 23. Juni 2020 den Aufruf
# zum Programm „Stärkung der Teilhabe Älterer – …“ veröffentlicht").
_BEGAN = re.compile(
    r"[^.;:„]{0,45}(?:„[^“]{0,150}“[^.;:„]{0,45})?"
    r"\b(?:gestartet|veroeffentlicht|bekanntgemacht|bekannt gegeben|aufgerufen|eroeffnet|"
    r"in kraft|erlassen|beschlossen|entschieden|mitgeteilt|informiert)\b"
)


_DATED_REFERENCE = re.compile(r"\d{1,4}\s*/\s*\d{2,4}\s+vom\s*$")


def start_date(text: str, mention, published: bool = False) -> bool:
    """Whether a date is one something starts from ("seit dem 2. März", "vom 1. bis …");
    `published`: also the day something came out, however far its verb stands."""
    before = text[max(0, mention.start - 12) : mention.start].lower()
    if _DATED_REFERENCE.search(text[max(0, mention.start - 40) : mention.start]):
        return False  # "Bezug: RS 708/18 vom 23.05.2018": the date of another circular
    if any(w in before for w in ("vom ", "ab dem", "ab ", "seit", "zum ")) and "bis" not in before:
        return True
    # "hat am 15. Juni 2023 den Aufruf gestartet": the day something began or was published.
    after = fold(text[mention.end : mention.end + 260])
    return "bis" not in before and bool(_BEGAN.match(after) or (published and _PUBLISHED.match(after)))


_MAXIMUM = re.compile(r"hoechst|maximal|\bmax\b|obergrenze|begrenzt|bis zu|hoechstens|deckel")
_MINIMUM = re.compile(r"mindest|minimum|\bmin\b|untergrenze|bagatell|wenigstens")
_SUM_ASKED = re.compile(r"summe|betrag|euro\b")
_PER_UNIT = re.compile(r"\b(?:pro|je)\s+([a-zäöüß]{4,})")


def amount_asked(question_text: str) -> Tuple[Optional[str], Optional[str]]:
    """Whether a money question asks for a maximum or a minimum, and per what unit ("pro Sirene")."""
    folded = fold(question_text)
    bound = "max" if _MAXIMUM.search(folded) else "min" if _MINIMUM.search(folded) else None
    unit = _PER_UNIT.search(folded)
    word = unit.group(1) if unit else None
    # Per project or per year is how every amount is meant; "pro Woche" counts days, not money.
    return bound, None if word in (
        "jahr",
        "monat",
        "woche",
        "tag",
        "tage",
        "stunde",
        "vorhaben",
        "projekt",
        "antrag",
        "antragsteller",
        "massnahme",
    ) else (stem(word) if word else None)


_HOW_MANY = re.compile(r"\bwie ?viele\s+(\w{4,})(?:\s+(\w{4,}))?", re.I)


def _counted(question_text: str) -> List[str]:
    """Stems of what a "wie viele …?" question counts: its next word, or the one after an
    adjective ("Gutscheine", "neue Regionen")."""
    match = _HOW_MANY.search(fold(question_text))
    return (
        [stem(w) for w in match.groups() if w and not is_question_word(w) and w not in _ASK_KIND_WORDS] if match else []
    )


def counts_what_is_asked(text: str, question_text: str) -> bool:
    counted = _counted(question_text)
    return bool(counted) and _counts(text, counted)


def _counts(text: str, counted: List[str]) -> bool:
    """Whether the sentence gives a number of what is counted ("947 Gutscheine")."""
    return any(
        c in stem(word)  # "zwölf Modellprojekte" counts "Projekte"
        for m in re.finditer(rf"\b(?:\d[\d.]*|{_NUMBER_WORDS})\s+(\w+)(?:\s+(\w+))?", fold(text))
        for word in m.groups()
        if word
        for c in counted
    )


def fits_bound(text: str, bound: Optional[str], unit: Optional[str]) -> bool:
    folded = fold(text)
    if bound == "max" and not _MAXIMUM.search(folded):
        return False
    if bound == "min" and not _MINIMUM.search(folded):
        return False
    if unit is None:
        return True
    # "je Hektar und Jahr", "je Sirene oder Anlage": each unit counts.
    per = [w for m in re.finditer(r"\b(?:je|pro)\s+(\w+)(?:\s+(?:und|oder)\s+(\w+))?", folded) for w in m.groups() if w]
    # "pro Landkreis?" is answered by "je Kommune": an amount per applicant, whichever kind.
    per_applicant = detect_all(unit) and any(detect_all(word) for word in per)
    return bool(per_applicant) or any(stem_matches(unit, {stem(word)}) for word in per)


def _ends_a_period(folded: str) -> bool:
    """ "bis Ende 2027", "bis November 2023"; not the end of a span ("von Oktober 2020 bis September 2022")."""
    return any(
        not re.search(r"\b(?:von|vom|ab)\b", folded[max(0, m.start() - 30) : m.start()])
        for m in _END_OF_PERIOD.finditer(folded)
    )


def qualifies(label: str, text: str, year: Optional[int] = None, starts: bool = False) -> bool:
    """Whether a sentence contains what an answer of this kind must state. A deadline needs a date
    something ends on, or words that there is none; a start date will do where `starts` is asked."""
    folded = fold(text)
    if label == "deadline":
        dates = find_dates(text, default_year=year)
        return (
            any(starts or not start_date(text, m) for m in dates)
            or bool(_OPEN_ENDED.search(folded))
            or _ends_a_period(folded)
        )
    if label in ("amount", "budget"):
        return bool(find_amounts(text))
    if label == "rate":
        return bool(find_percents(text))
    if label == "eligibility":
        return verdicts.is_eligibility_statement(text) or bool(detect_all(text)) or verdicts.names_group(text)
    pattern = _REQUIRED.get(label)
    return bool(pattern.search(folded)) if pattern else True


def _quotable(text: str) -> bool:
    # Headings and letterhead lines name things, they say nothing; a lead-in ends with a colon.
    return bool(re.search(r"[.!?:;,]$|[.!?][\"“”»)]$", text.strip())) or bool(LIST_ITEM.match(text))


def letterhead(sentence: "_Sentence") -> bool:
    """A "sentence" holding the circular's own number is its letterhead run into the subject
    ("… Rundschreiben Nr. 761/2020 Magdeburg, 2. Juni 2020 EILT – WiFi4EU: …"): the body
    names other circulars, never its own."""
    return sentence.circular.number in find_circular_numbers(sentence.text)


_VERB_PREFIXES = {"an", "ab", "auf", "aus", "ein", "mit", "nach", "vor", "zu", "um", "bei", "ver", "be", "ent", "er"}
# "Name – question", "Name: question": a label naming the call, then a question with a question word.
_LABEL_PREFIX = re.compile(
    r"^\s*([^?:–]{3,80}?)\s*(?:\s[–-]\s|:\s)(?=\s*(?:und\s+)?(?:wie\w*|was|wann|wo\w*|wer|welche\w*|warum|"
    r"wieso|weshalb|seit|gibt|gibts|darf|duerfen|dürfen|kann|koennen|können|muss|muessen|müssen|ist|sind|"
    r"wird|werden|brauche\w*|braucht|gilt|hat|haben|kriegt|kriegen|bekommt|bekommen)\b)",
    re.I,
)
_SAYS = re.compile(
    r"\b(?:steht|stand|stehen|gibt|gab|ist|war|hat|hatte|heisst|heißt|lese|liest|habe|wurde|wird)\b", re.I
)


# "EU-Förderung für Städtepartnerschaft 2022 – …": a label that describes what is funded, whose
# words are the question's topic.
_DESCRIBES = re.compile(r"\b(?:foerderung|foerdermittel|geld|mittel|zuschuss|zuschuesse|programm)\s+(?:fuer|zur|zum)\b")


def _names_only(label: str) -> bool:
    """Whether a label before a question only names ("Stadt und Land Radwege"), rather than saying
    something itself ("Beim Programm steht was von Bagatellgrenze") or describing a topic."""
    return len(label.split()) <= 6 and not _SAYS.search(label) and not _DESCRIBES.search(fold(label))


# Particles of separable verbs, folded: at the end of a question ("Wo reicht man die ein?") and
# before the "ge" of a participle.
_PARTICLES = tuple("an ab auf aus ein mit nach vor zu um bei dar her hin fest weg zurueck".split())
# "angebaut", "eingereicht": the participle of a separable verb finds its noun ("Anbau") and its
# other forms ("einreichen") once the "ge" is taken out.
_SEPARABLE_PARTICIPLE = re.compile(rf"^({'|'.join(_PARTICLES)})ge(\w{{3,}}t)$")


# A compound of an ask word with a noun of its own is a topic ("Bewerbungsformulare"), unless that
# noun names a kind of question too ("Antragsschluss", "Einreichungsfrist").
ASK_WORD_ENDING = 6
_ASK_HEADS = (
    "schluss",
    "frist",
    "ende",
    "termin",
    "zeit",
    "stell",
    "verfahr",
    "berecht",
    "summ",
    "hoh",
    "quot",
    "betrag",
    "beginn",
    "start",
    "eingang",
    "stichtag",
)
_LINKING = re.compile(r"^(?:ungs|ungen|ung|s|en|e)")


def _asks_by(word_stem: str) -> bool:
    """Whether the word names a kind of question ("Förderquote", "Bewerbungen"), not a topic."""
    for ask_word in _ASK_WORDS:
        if word_stem.startswith(ask_word):
            rest = word_stem[len(ask_word) :]
            if len(rest) <= ASK_WORD_ENDING or _LINKING.sub("", rest).startswith(_ASK_HEADS):
                return True
    return False


def focus_stems(question_text: str, ignore: Iterable[str] = ()) -> List[str]:
    """The question's own content words, as stems (years as they are): what a sentence should
    share with it ("finanzschwache", "Herbst", "2024"). Words of the names in `ignore` say which
    call, not what about it, also where the user builds a word of them ("Sirenenförderung")."""
    ignore = list(ignore)
    ignored = {stem(w) for phrase in ignore for w in re.findall(r"\w+", fold(phrase))}
    name_parts = {part for phrase in ignore for part in names.name_stems(phrase) if len(part) >= 5}
    stems = []
    acronyms = {fold(a) for a in _ACRONYM.findall(question_text)}
    labelled = _LABEL_PREFIX.match(question_text)
    if labelled and _names_only(labelled.group(1)):
        # "Stadt und Land Radwege – wie viel Geld …?": the label before the question says which call.
        ignore.append(labelled.group(1))
        ignored |= {stem(w) for w in re.findall(r"\w+", fold(labelled.group(1)))}
        question_text = question_text[labelled.end() :]
    written_words = re.findall(r"\w+", question_text)
    # "Wo reicht man die ein?": the verb with its particle at the end is "einreichen".
    particle = fold(written_words[-1]) if written_words and fold(written_words[-1]) in _PARTICLES else ""
    for written in written_words:
        word = fold(written)
        if particle and any(stem(particle + word).startswith(a) for a in _ASK_WORDS):
            continue
        if word.isdigit():
            word_stem = word if len(word) == 4 and word.startswith("20") else ""
        elif word in acronyms:
            word_stem = word  # "IMG", "SVLFG": kept whole, however short
        elif len(word) < 4 or word in _ASK_KIND_WORDS or is_question_word(written):
            word_stem = ""
        else:
            word_stem = stem(_SEPARABLE_PARTICIPLE.sub(r"\1\2", word))
            # Words that name the kind of question are matched by the ranker, not as topics; an
            # applicant type ("Landkreis") by the eligibility reading.
            asks_money = any(part in word_stem for part in _MONEY_PARTS)  # "Mindestfördersumme"
            if (
                _asks_by(word_stem)
                or asks_money
                or _names_a_call(word_stem)  # "Bundesprogramm", "Aufruf", "Investitionspakt"
                or word_stem in _LIGHT_WORDS
                or is_applicant_word(word)
            ):
                word_stem = ""
        # The call's own name, also misspelt ("digitalpackt"), says which call, not what about it.
        misspelt = len(word_stem) >= 6 and any(
            Levenshtein.distance(word_stem, i, score_cutoff=2) <= 2 for i in ignored if len(i) >= 6
        )
        # "Sirenenförderung", "Wasserstoff" for "Wasserstoffregionen"; not "Pflegeschulen".
        of_the_name = any(
            word.startswith(part) or (len(word_stem) >= 6 and part.startswith(word_stem)) for part in name_parts
        )
        if word_stem and word_stem not in ignored and not misspelt and not of_the_name and word_stem not in stems:
            stems.append(word_stem)
    return stems


def sentence_stems(text: str) -> Set[str]:
    """The stems of a sentence's words, participles of separable verbs as the question's are."""
    return {w if w.isdigit() else stem(_SEPARABLE_PARTICIPLE.sub(r"\1\2", w)) for w in re.findall(r"\w+", fold(text))}


# "Mindestinvestition" asks for a minimum, which "mindestens 50.000 Euro" states.
_BOUND_PREFIXES = {"mindest", "hochst", "gesamt", "maximal"}


def _holds_rest(rest: str, sentence_stems: Set[str]) -> bool:
    """Whether the sentence has the rest of a compound of the question (after a linking "s")."""
    rest = rest[1:] if rest.startswith("s") and len(rest) > 5 else rest
    return len(rest) >= 4 and any(w.startswith(rest) or (len(w) >= 5 and rest.startswith(w)) for w in sentence_stems)


# Words users write for what circulars call otherwise (stems, prefix of the user's word first):
# the same thing, not a related one.
_SAME_MEANING: Dict[str, Tuple[str, ...]] = {
    "ladesaul": ("ladepunkt", "ladestation"),
    "okostrom": ("erneuerbar", "grunstrom"),
    "grunstrom": ("erneuerbar", "okostrom"),
    "geflucht": ("neuzugewandert", "zugewandert", "fluchtling"),
    "fluchtling": ("neuzugewandert", "zugewandert", "geflucht"),
    "eauto": ("elektrofahrzeug", "elektroauto"),
    "elektroauto": ("elektrofahrzeug",),
    "dazugeb": ("eigenanteil", "eigenmittel", "kofinanzier"),
    "zuzahl": ("eigenanteil", "eigenmittel", "kofinanzier"),
    "eigenmittel": ("eigenanteil", "kofinanzier", "eigenbeitrag", "eigenbeteilig"),
    "eigenanteil": ("eigenbeitrag", "eigenbeteilig", "eigenmittel", "kofinanzier"),
    "privatmann": ("privatperson", "privat"),
    "privatleut": ("privatperson", "privat"),
    "sporthall": ("sportstatt", "turnhall"),
    "turnhall": ("sportstatt", "sporthall"),
    "sportplatz": ("sportstatt", "sportanlag"),
}


def same_meaning(question_stem: str) -> Tuple[str, ...]:
    """The stem and the stems of the words that mean the same in the circulars."""
    for prefix, others in _SAME_MEANING.items():
        if question_stem.startswith(prefix):
            return (question_stem, *others)
    return (question_stem,)


def other_words_for(text: str) -> List[str]:
    """The circulars' words for what the text's words mean ("E-Auto-Förderung": "elektrofahrzeug")."""
    words = [fold(w) for w in re.findall(r"\w+", text)]
    words += [fold(w.replace("-", "")) for w in re.findall(r"\w+(?:-\w+)+", text)]
    return [other for w in words for other in same_meaning(stem(w))[1:]]


def stem_matches(question_stem: str, sentence_stems: Set[str], heads: bool = True, parts: bool = True) -> bool:
    # Prefixes both ways: "finanzschwach" finds "finanzschwachen", "antragsfrist" finds "antrag"
    # (`parts`); inside compounds too: "quote" finds "Förderquote"; and a compound of the
    # question finds its head: "Kreiswald" is a "Wald" (`heads`).
    return any(
        w.startswith(question_stem)
        # … but "Kreistagsbeschluss" is no "Kreis": the sentence's word is half of the question's,
        # or the sentence has the rest as well ("Mindestinvestition": "mindestens … Investitionen").
        or (
            parts
            and len(w) >= 5
            and question_stem.startswith(w)
            and (
                2 * len(w) >= len(question_stem)
                or w in _BOUND_PREFIXES
                or _holds_rest(question_stem[len(w) :], sentence_stems)
            )
        )
        or (len(question_stem) >= 4 and len(w) >= len(question_stem) + 4 and question_stem in w)
        # "melden" finds "Anmeldung", "reichen" "einreichen": a verb with a prefix of its own.
        or (len(question_stem) >= 4 and w.endswith(question_stem) and w[: -len(question_stem)] in _VERB_PREFIXES)
        or (
            heads
            and len(w) >= 4
            and len(question_stem) >= len(w) + 4
            and question_stem.endswith(w)
            and not is_applicant_word(w)
        )  # "Salzlandkreis" is a name, not any "Landkreis"
        for w in sentence_stems
    )


# Words this long may be misspelt in a question and still be the circular's word.
TYPO_LENGTH = 6


class _Focus:
    """How much of the question's own words a sentence covers, each word weighted by how rare it
    is among the call's sentences (a word every sentence has tells nothing)."""

    def __init__(self, stems: Sequence[str], sentences: Sequence[str], months: Sequence[int], where: bool = False):
        self.where = where
        self.stems = list(stems)
        self.months = months
        self.sentence_stems = [sentence_stems(s) for s in sentences]
        vocabulary = set().union(*self.sentence_stems) if self.sentence_stems else set()
        self.stems = list(dict.fromkeys(self._as_written(s, vocabulary) for s in self.stems))
        # A compound's head stands for it only where no sentence has the compound itself.
        self.by_head = {
            s for s in self.stems if not any(stem_matches(s, ws, heads=False) for ws in self.sentence_stems)
        }
        total = len(sentences) + 1
        self.weights = {
            s: log(total / (0.5 + sum(self._holds(s, ws) for ws in self.sentence_stems))) for s in self.stems
        }

    def _as_written(self, question_stem: str, vocabulary: Set[str]) -> str:
        """A misspelt word of the question ("biblothek") as the call's sentences write it
        ("bibliothek"): one edit in a word of six letters or more, two from twelve."""
        if len(question_stem) < TYPO_LENGTH or question_stem.isdigit() or stem_matches(question_stem, vocabulary):
            return question_stem
        allowed = 2 if len(question_stem) >= 2 * TYPO_LENGTH else 1
        match = process.extractOne(question_stem, vocabulary, scorer=Levenshtein.distance, score_cutoff=allowed)
        return match[0] if match else question_stem

    def _holds(self, question_stem: str, sentence_stems: Set[str]) -> bool:
        heads = question_stem in self.by_head
        return any(stem_matches(s, sentence_stems, heads=heads) for s in same_meaning(question_stem))

    def anchors(self, texts: Sequence[str], quotable: Sequence[bool]) -> Set[int]:
        """Sentences holding a noun of the question that few sentences hold ("Stadtregionen",
        "Braunkohlerevier"): the question is about what stands there. A noun is a word the text
        writes with a capital; letterhead lines anchor nothing."""
        held = [ws for ws, ok in zip(self.sentence_stems, quotable) if ok]
        rare = [
            s for s in self.stems if len(s) >= ANCHOR_LENGTH and 1 <= sum(self._holds(s, ws) for ws in held) <= RARE_IN
        ]
        anchors = set()
        for i, text in enumerate(texts):
            if quotable[i]:
                nouns = {stem(w) for w in re.findall(r"\b[A-ZÄÖÜ]\w+", text)}
                if any(self._holds(s, {fold(n) for n in nouns}) for s in rare):
                    anchors.add(i)
        return anchors

    def absent(self) -> List[str]:
        """The question's words that none of the call's sentences holds."""
        return [s for s in self.stems if not any(self._holds(s, ws) for ws in self.sentence_stems)]

    def absent_share(self) -> float:
        """The share of the question's weight in words that none of the call's sentences holds."""
        total = sum(self.weights.values())
        absent = sum(w for s, w in self.weights.items() if not any(self._holds(s, ws) for ws in self.sentence_stems))
        return absent / total if total else 0.0

    def coverage(self, index: int, text: str, year: Optional[int]) -> float:
        if not self.stems:
            return 0.0
        matched = [s for s in self.stems if self._holds(s, self.sentence_stems[index])]
        value = sum(self.weights[s] for s in matched) / max(1e-9, sum(self.weights.values()))
        if self.months and any(m.day.month in self.months for m in find_dates(text, default_year=year)):
            value += FOCUS_BONUS * 2
        if self.names_place(text):
            value += FOCUS_BONUS * 2
        return value

    def names_place(self, text: str) -> bool:
        """For a "where" question: whether the sentence names an office, a portal or an address."""
        return self.where and any(place in fold(text) for place in _PLACES)

    def place_bonus(self, text: str) -> float:
        """How well the sentence answers a "where" question: a place, and more where it says that
        something is handed in there; a ministry alone mostly announced the call."""
        folded = fold(text)
        places = [place for place in _PLACES if place in folded]
        if not self.where or not places:
            return 0.0
        bonus = PLACE_BONUS / 2 if places == ["ministerium"] else PLACE_BONUS
        return bonus + (HANDED_IN_BONUS if _HANDED_IN.search(folded) else 0.0)


def call_names(call: FundingCall) -> List[str]:
    """Every name of the call: what says which call a question is about, not what about it."""
    return [call.name, call.title, *(a.alias for a in call.aliases)]


def covered(text: str, question_text: str, call: FundingCall) -> Set[str]:
    """The question's own words (as stems) that a text holds."""
    stems = focus_stems(question_text, call_names(call))
    held = sentence_stems(text)
    return {s for s in stems if stem_matches(s, held)}


def _season_months(question_text: str) -> List[int]:
    folded = fold(question_text)
    return [m for season, months in _SEASON_MONTHS.items() if season in folded for m in months]


def _leads_in(text: str) -> bool:
    """A lead-in ends in a colon, or runs on into its list ("…, höchstens")."""
    return text.rstrip().endswith(":") or not re.search(r"[.!?;\"“”»)]$", text.rstrip())


def _lead_in(same: List[_Sentence], at: int) -> Optional[int]:
    """The lead-in of the list item at `at`, if it has one."""
    if not LIST_ITEM.match(same[at].text):
        return None
    lead = next(
        (i for i in range(at - 1, max(-1, at - MAX_LIST_ITEMS - 1), -1) if not LIST_ITEM.match(same[i].text)), None
    )
    return lead if lead is not None and _leads_in(same[lead].text) else None


def _in_its_circular(sentences: List[_Sentence], index: int) -> Tuple[List[_Sentence], int]:
    """The sentences of the circular the sentence at `index` stands in, and where it stands there."""
    same = [s for s in sentences if s.circular.id == sentences[index].circular.id]
    return same, same.index(sentences[index])


def _with_lead_in(sentences: List[_Sentence], index: int) -> str:
    """ "höchstens – 4.000 Euro je Normalladepunkt": an item says what its lead-in says of it."""
    same, at = _in_its_circular(sentences, index)
    lead = _lead_in(same, at)
    return f"{same[lead].text} {same[at].text}" if lead is not None else same[at].text


def _passage(sentences: List[_Sentence], index: int) -> Tuple[str, int]:
    """The sentence with its lead-in and the list it belongs to; the position of its start."""
    sentence = sentences[index]
    same, at = _in_its_circular(sentences, index)
    lead = _lead_in(same, at)
    start = at if lead is None else lead
    if lead is None and not _leads_in(same[at].text):
        if (
            _ANAPHORA.match(sentence.text)
            and at > 0
            and _quotable(same[at - 1].text)
            and not same[at - 1].text.rstrip().endswith(":")
        ):
            return f"{same[at - 1].text} {sentence.text}", same[at - 1].position  # "Sie kann …": say what "Sie" is
        following = same[at + 1] if at + 1 < len(same) else None
        if (
            following
            and _ANAPHORA.match(following.text)
            and _quotable(following.text)
            and not LIST_ITEM.match(sentence.text)
        ):
            # "Die Beteiligung des Bundes beträgt bis zu 50 Prozent. Sie ist durch Mittel der Länder
            # … zu ergänzen.": the next sentence goes on about this one.
            return f"{sentence.text} {following.text}", sentence.position
        return sentence.text, sentence.position
    items: List[str] = []
    for following in same[start + 1 : start + 1 + MAX_LIST_ITEMS]:
        runs_on = bool(items) and not re.search(r"[.!?;,:\"“”»)]$", items[-1].rstrip())
        if items and (not LIST_ITEM.match(following.text) and not runs_on or heading_line(following.text)):
            break  # the list ended, or the next section's numbered heading begins
        if runs_on and not LIST_ITEM.match(following.text):
            items[-1] = f"{items[-1]} {following.text}"  # the item's line broke ("… für den" / "Anschluss …")
            continue
        items.append(following.text)
        if not LIST_ITEM.match(following.text):
            break  # a lead-in followed by a plain sentence: that sentence completes it
    return "\n".join([same[start].text, *items]), same[start].position


def passages(
    session: Session,
    call: FundingCall,
    ask: Ask,
    *,
    question_text: str = "",
    applicant: Optional[str] = None,
    ignore: Iterable[str] = (),
) -> List[Passage]:
    """The best passages of the call's circulars for the ask, best first (at most two per label).

    A sentence scores by how surely it answers this kind of question (the ranker, where it
    states what such an answer must) plus how much of the question's own words it covers; it is
    a candidate if either is strong on its own ("Was ist die fast lane?" has no kind, only words).
    """
    labels = LABELS.get(ask, ()) or ("",)
    # The call's short names say which call, not what about it; long ones also name topics.
    ignore = [call.name, call.title, *(a.alias for a in call.aliases if len(a.alias.split()) <= 3), *ignore]
    folded = fold(question_text)
    starts = bool(STARTS.search(folded))
    published = asks_published(question_text)
    bound, unit = amount_asked(question_text)
    if bound and unit and any(unit in names.without_umlauts(compact(name)) for name in call_names(call)):
        # "max pro Laden" of "DorfGemeinschaftsläden": the highest sum per project, as every sum is
        # meant ("wie viel pro Sirene?" of the "Sirenenprogramm" asks for more than its total).
        unit = None
    sum_asked = bool(_SUM_ASKED.search(folded))
    counted = _counted(question_text)
    source_asked = bool(_SOURCE_QUESTION.search(folded))
    change_asked = bool(_CHANGE_QUESTION.search(folded))
    extension_asked = "verlaenger" in folded
    sentences = call_sentences(session, call)
    named = normalise_circular_number(question_text) if question_text else None
    if named and any(s.circular.number == named for s in sentences):
        # "RS 808/22: was wird gefördert?": the circular the user names, not a later one's report.
        sentences = [s for s in sentences if s.circular.number == named]
    if not sentences:
        return []
    texts = [s.text for s in sentences]
    probabilities = ranker.probabilities(texts)
    focus = _Focus(
        focus_stems(question_text, ignore),
        texts,
        _season_months(question_text) if ask == Ask.DEADLINE else [],
        where=bool(_WHERE_QUESTION.search(folded)),
    )
    anchors = (
        focus.anchors(texts, [_quotable(t) for t in texts])
        | _labelled_items(texts, question_text)
        | _acronym_sentences(texts, question_text, ignore)
    )
    near = _near(sentences, anchors)
    if near is not None and counted:
        # "Wie viele Regionen darf das Land vorschlagen?": the sentence giving a number of what
        # is counted answers, however far from where a rare word of the question stands.
        near |= {i for i, text in enumerate(texts) if _counts(text, counted)}
    if near is not None and focus.where and ask == Ask.PROCEDURE:
        # "Wer bewilligt das?": the sentence naming the office, wherever the word "bewilligt" stands.
        near |= {i for i, text in enumerate(texts) if focus.names_place(text) and _HANDED_IN.search(fold(text))}
    years = [circular_year(s.circular) for s in sentences]
    chosen: List[List[Passage]] = []
    for label in labels:
        scored = []
        # Near a rare word of the question no sentence states a sum or a rate: the question's
        # word names what the money is for ("für kleine Jugendprojekte"), the sum stands elsewhere.
        near_label = near
        # Nor one on who may apply ("einen Naturlehrpfad beantragen" is asked of the applicant),
        # nor a date ("ab wann lief die Interessenbekundung?": "Das Verfahren läuft seit dem …").
        if (
            near is not None
            and label in ("amount", "budget", "rate", "eligibility", "deadline")
            and not (bound or unit)
            and not any(qualifies(label, texts[i], years[i], starts) for i in near)
        ):
            near_label = None
        for index, (sentence, probability) in enumerate(zip(sentences, probabilities)):
            if (
                near_label is not None
                and index not in near_label
                or not _quotable(sentence.text)
                or letterhead(sentence)
            ):
                continue
            year = years[index]
            typed = probability.get(label, 0.0) if label and qualifies(label, sentence.text, year, starts) else 0.0
            if starts and label == "deadline" and typed and _STARTED.search(fold(sentence.text)):
                typed = max(typed, STARTED_PROBABILITY)  # the ranker learned deadlines, not start dates
            if starts and label == "deadline" and names_a_beginning(sentence.text, year, published):
                typed = max(typed, STARTED_PROBABILITY)  # "Am 25. Mai 2020 hat das BMAS den Aufruf veröffentlicht"
            coverage = focus.coverage(index, sentence.text, year)
            # A sentence that holds the question's own words needs less certainty of its kind.
            typed = (
                typed if typed >= MIN_PROBABILITY or (typed >= LOW_PROBABILITY and coverage >= MIN_COVERAGE) else 0.0
            )
            qualified = bool(label) and qualifies(label, sentence.text, year, starts)
            if label == "deadline" and extension_asked and _EXTENDED.search(fold(sentence.text)):
                # "Gibt es eine Fristverlängerung?": "um acht Monate verlängert" answers without a date.
                qualified, typed = True, max(typed, MIN_PROBABILITY)
            money_source = label == "funder" and source_asked and bool(_MONEY_SOURCE.search(fold(sentence.text)))
            if money_source:
                # "Wo kommt das Geld her?": "bezahlt aus dem Waldklimafonds" answers it.
                qualified, typed = True, max(typed, MIN_PROBABILITY)
            if label == "duration" and qualified:
                # "werden bis Ende 2024 durch externe Beratung begleitet": the words say how long,
                # however seldom the ranker saw them.
                typed = max(typed, MIN_PROBABILITY)
            if label == "project_count" and counted and _counts(sentence.text, counted):
                # "Wie viele Gutscheine …?": "Vergeben werden 947 Gutscheine" counts what is asked.
                qualified, typed = True, max(typed, probability.get(label, 0.0), MIN_PROBABILITY)
            if qualified and (
                index in anchors
                or (label == "eligibility" and applicant and verdicts.names_type(sentence.text, applicant))
            ):
                # The sentence the question's rare noun points to, or that names the applicant type
                # asked about, answers if it states what is needed, however the ranker reads it.
                typed = max(typed, LOW_PROBABILITY)
            with_lead_in = _with_lead_in(sentences, index) if label in ("amount", "budget") else sentence.text
            if label in ("amount", "budget") and qualified and unit and fits_bound(with_lead_in, bound, unit):
                typed = max(typed, MIN_PROBABILITY)  # "55 bis 100 Euro je Hektar" for "pro Hektar?"
            if label in ("amount", "budget") and typed and not fits_bound(with_lead_in, bound, unit):
                typed = 0.0  # "Höchstsumme?" needs a maximum, "pro Sirene?" an amount per siren
            if label == "rate" and (bound and sum_asked or unit):
                typed = 0.0  # "bis zu 80 v. H." is a highest rate, not the highest sum or one per unit
            placed = focus.where and label in ("procedure", "contact", "") and focus.names_place(sentence.text)
            # "Was ist anders als in der ersten Runde?": the sentence saying what changed.
            placed = placed or (change_asked and label == "" and bool(_CHANGE_SENTENCE.search(fold(sentence.text))))
            described = label not in VALUE_LABELS and index in anchors
            if not typed and coverage < MIN_COVERAGE and not described and not placed:
                continue
            if placed:
                coverage += focus.place_bonus(sentence.text)
            score = typed + coverage + (ANCHOR_BONUS if index in anchors else 0.0)
            if money_source:
                score += SOURCE_BONUS  # before the sentence naming only a ministry
            if starts and label == "deadline" and names_a_beginning(sentence.text, year, published):
                score += START_BONUS  # "Seit wann gilt …?": the day it came into force, not its end
            if label == "deadline" and not starts and _all_before_issue(sentence):
                score -= PAST_PENALTY  # "Anträge konnten damals bis zum 28.07.2022 gestellt werden"
            if label == "eligibility" and applicant and verdicts.names_type(sentence.text, applicant):
                score += 1.0  # a sentence about the very applicant type asked about comes first
            scored.append((score, index, coverage, typed, placed))
        if label in VALUE_LABELS:
            # Only sentences that state what this kind of question needs answer it (and, for a
            # "where" question, those naming a place, before all others).
            scored = [entry for entry in scored if entry[3] or entry[4]]
        if any(entry[4] for entry in scored):
            scored = [entry for entry in scored if entry[4]]
        ranked = sorted(scored, reverse=True)
        picked = _best_two(sentences, ranked, label)
        if label == "deadline" and picked and not any(_EXTENDED.search(fold(p.text)) for p in picked):
            # An extension belongs to every answer about a deadline: the date that counts is its.
            extension = [entry for entry in ranked if _EXTENDED.search(fold(sentences[entry[1]].text))]
            picked += _best_two(sentences, extension[:1], label)
        chosen.append(
            [p for p in picked if not any(p.text in c.text or c.text in p.text for group in chosen for c in group)]
        )
    # The best passage of each kind first ("30 Mio. Euro je Antragsteller", then "80 v. H."),
    # then the second ones; one that holds the question's own words ("für Schulen") before all.
    heads = sorted((group[0] for group in chosen if group), key=lambda p: -round(p.coverage, 2))
    ordered = heads + [p for group in chosen for p in group[1:]]
    unanswered, missing = focus.absent_share(), tuple(focus.absent())
    for passage in ordered:
        passage.unanswered, passage.missing = unanswered, missing
    return ordered


# An acronym the user writes in capitals ("Was heißt SVLFG?").
_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,6}\b")


def _acronym_sentences(texts: Sequence[str], question_text: str, names: Sequence[str]) -> Set[int]:
    """Sentences that hold an acronym of the question: where it is introduced or used. An
    acronym of the call's names ("KRL") says which call, not what about it."""
    of_names = {w for name in names for w in _ACRONYM.findall(name)}
    acronyms = {a for a in _ACRONYM.findall(question_text) if a not in of_names}
    return {
        i
        for i, text in enumerate(texts)
        if _quotable(text) and any(re.search(rf"\b{re.escape(a)}\b", text) for a in acronyms)
    }


_ITEM_LABEL = re.compile(r"(?<![\w.])([A-Z](?:\.\d+)+|\d+(?:\.\d+)+)(?![\w.])")


def _labelled_items(texts: Sequence[str], question_text: str) -> Set[int]:
    """Items the question names by their label ("Maßnahme A.3", "Förderschwerpunkt 4.1.11")."""
    labels = {m.group(1).upper() for m in _ITEM_LABEL.finditer(question_text)}
    return {
        i
        for i, text in enumerate(texts)
        if labels and any(re.match(rf"^{re.escape(label)}\b", text.strip().upper()) for label in labels)
    }


def _sections(sentences: List[_Sentence]) -> List[int]:
    """A section number per sentence: a heading (a line that is no sentence) starts a new one."""
    numbers, current, previous = [], 0, None
    for sentence in sentences:
        if previous is not sentence.circular or heading_line(sentence.text):
            current += 1
        previous = sentence.circular
        numbers.append(current)
    return numbers


def _near(sentences: List[_Sentence], anchors: Set[int]) -> Optional[Set[int]]:
    """The sentences an anchor speaks for; None where there is no anchor. A list item speaks for
    itself and the sentences that continue it; another sentence for its neighbours in its section."""
    if not anchors:
        return None
    section = _sections(sentences)
    near: Set[int] = set()
    for anchor in anchors:
        if LIST_ITEM.match(sentences[anchor].text):
            near.add(anchor)
            following = anchor + 1
            while (
                following < len(sentences)
                and section[following] == section[anchor]
                and not LIST_ITEM.match(sentences[following].text)
            ):
                near.add(following)
                following += 1
            continue
        near |= {i for i in range(len(sentences)) if section[i] == section[anchor] and abs(i - anchor) <= NEAR}
    return near


def _best_two(
    sentences: List[_Sentence], scored: List[Tuple[float, int, float, float, bool]], label: str
) -> List[Passage]:
    picked: List[Passage] = []
    for score, index, coverage, typed, _ in scored:
        if picked and (len(picked) == 2 or score < picked[0].score - SECOND_PASSAGE_MARGIN):
            break
        if picked and label and typed < SECOND_TYPED and coverage <= picked[0].coverage:
            continue  # a second passage must surely be of the kind, or hold more of the question
        text, position = _passage(sentences, index)
        if any(text == p.text or text in p.text or p.text in text for p in picked):
            continue
        picked.append(Passage(sentences[index].circular, text, label, score, position, coverage))
    return picked
