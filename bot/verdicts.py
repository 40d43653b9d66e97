"""Whether a sentence of a circular lets an applicant type take part: yes, no, or on a condition.

The sentence is read clause by clause: the clause that names the applicant type decides, with
its negation ("Landkreise sind nicht antragsberechtigt") or its condition ("nur als
Eigentümer", "bis 35.000 Einwohner"). A sentence that lists who may apply without naming the
type ("Antragsberechtigt sind Gemeinden und Vereine") leaves the type out.
"""

import re
from dataclasses import dataclass
from typing import List, Optional

from bot.applicants import detect_all
from bot.search import stem
from bot.states import Verdict
from bot.text import fold


@dataclass
class Reading:
    verdict: Verdict
    clause: str


# Words for local authorities as a group: they include every municipal applicant type.
_GROUP_WORDS = re.compile(
    r"\bkommunen\b|\bkommunale[nr]? (?:gebietskoerperschaft|koerperschaft|traeger)|"
    r"\bgebietskoerperschaften\b"
)
_GROUP_TYPES = {"landkreis", "gemeinde", "gemeindeverband"}
NEGATION = re.compile(
    r"\b(?:nicht|kein|keine|keiner|keinen|ohne|ausgeschlossen|ausgenommen|abgelehnt|"
    r"unzulaessig|nicht zulaessig|\w*ausschluss)\b"
)
# "nicht mehr als 35.000 Einwohner" limits, it does not exclude.
_LIMITING_NEGATION = re.compile(r"\bnicht (?:mehr|weniger|ueber|unter|groesser|kleiner|hoeher)\b")
# "werden im Aufruf nicht ausdrücklich genannt": the call leaves them open, it does not exclude them.
_NOT_MENTIONED = re.compile(r"\bnicht (?:ausdruecklich |eigens |gesondert )?(?:genannt|erwaehnt|aufgefuehrt)\b")
_CONDITION = re.compile(
    r"\b(?:nur|ausschliesslich|lediglich|allenfalls|sofern|soweit|wenn|falls|vorausgesetzt|bedingung|"
    r"gemeinsam mit|im verbund|zusammen mit|als (?:weitere[rn]? )?(?:eigentuemer|koordinator|traeger|partner|"
    r"mitglied|antragsteller)|mit (?:hoechstens|bis zu|weniger als|mehr als|mindestens)|einwohner\w*|"
    r"jeweils mit|mit sitz in|ausrichtung|zweckbestimmung|ueber (?:den|einen) antrag|im rahmen (?:des|eines) antrags|"
    # "halten wir Anträge der Landkreise für möglich, empfehlen aber, dies vorab zu klären"
    r"fuer moeglich|vorab\b.{0,40}\bzu klaeren|abzuklaeren)\b"
)
# "Kreisangehörige Kommunen können über den Antrag des Landkreises einbezogen werden": a part in
# another's application, not one of one's own.
_VIA_ANOTHER = re.compile(
    r"\bueber (?:den|einen|die) antr\w* (?:des|der|eines|einer)\b|\bim rahmen (?:des|eines) antrags\b|"
    r"\bals (?:weitere[rn]? )?(?:kooperations)?partner\b|\bals mitantragsteller\b|\beinbezogen\b|"
    # "Die Landkreise können die Bewerbung einer kreisangehörigen Stadt unterstützen"
    r"\b(?:bewerbung|antrag|antraege) (?:einer|eines|der|des|von)\b.{0,60}\bunterstuetzen\b"
)
# "Darf eine Gemeinde selber einen Antrag stellen?": one's own application is asked about.
_OWN_APPLICATION = re.compile(r"\b(?:selbst|selber|eigene[nrs]?|allein|alleine)\b")


def own_application_denied(question_text: str, readings: List[Reading]) -> bool:
    """Whether the only way the sentences open is a part in another's application, where the
    question asks about an application of one's own: that is a no."""
    return (
        bool(_OWN_APPLICATION.search(fold(question_text)))
        and bool(readings)
        and all(r.verdict == Verdict.CONDITIONAL and _VIA_ANOTHER.search(fold(r.clause)) for r in readings)
    )


_ELIGIBILITY_WORDS = re.compile(
    r"antragsberechtigt|antragsteller|zuwendungsempfaenger|foerderberechtigt|teilnahmeberechtigt|"
    r"koennen (?:sich|antraege|einen antrag|foerder)|duerfen|bewerben|teilnehmen|teilnahme|richtet sich an|"
    r"zielgruppe|gefoerdert werden koennen|antraege stellen"
)


_LIST_ITEM = re.compile(r"^(?:[-–•]|\d{1,2}[.)]|[a-z]\))\s")
# "…, ebenso Hybride": a segment that says the same as the one before, negation included.
_LIKEWISE = re.compile(r"(?:ebenso|ebenfalls|genauso|gleichfalls|gleiches gilt|das gilt auch|wie auch)\b")


# The association's own advice ("Wir bitten die Landkreise, ihre Gemeinden hinzuweisen …") names
# applicant types without saying who may apply.
_OWN_ADVICE = re.compile(r"^\W*(?:wir|die geschaeftsstelle)\s+(?:bitte|empfehle|rege|rate|weise|halte)n?\b")


# The association's reading of a rule, not the rule: "Hinweise der Geschäftsstelle: Die Landkreise
# selbst sind nicht antragsberechtigt.", "Nach unserem Verständnis …".
_OUR_READING = re.compile(
    r"\b(?:hinweise? der geschaeftsstelle|nach unserem verstaendnis|unseres erachtens|aus unserer sicht|"
    r"wir (?:empfehlen|bitten|raten|gehen davon aus|halten))\b"
)


def states_the_rule(text: str) -> bool:
    """Whether a sentence states who may apply in the circular's own words."""
    folded = fold(text)
    return bool(_ELIGIBILITY_WORDS.search(folded)) and not _OUR_READING.search(folded)


def _segments(sentence: str) -> List[str]:
    return [p.strip() for p in re.split(r"[,;:]\s*", sentence) if p.strip()]


def names_type(text: str, applicant: str) -> bool:
    return applicant in detect_all(text) or (applicant in _GROUP_TYPES and bool(_GROUP_WORDS.search(fold(text))))


def is_eligibility_statement(text: str) -> bool:
    return bool(_ELIGIBILITY_WORDS.search(fold(text)))


def names_group(text: str) -> bool:
    """Whether the text names local authorities as a group ("kommunale Gebietskörperschaften")."""
    return bool(_GROUP_WORDS.search(fold(text)))


def read(sentence: str, applicant: str) -> Optional[Reading]:
    """What the sentence says about the applicant type, or None if it says nothing about it.

    A segment (between commas) that names the type carries its own negation and condition; a
    segment that names no type belongs to the last type named before it ("Eine Teilnahme der
    Landkreise, die vorgesehen war, ist abgelehnt worden"). Named explicitly, a type is not
    read from a group word ("Kommunen, nicht jedoch Landkreise").
    """
    if _OWN_ADVICE.match(fold(sentence)) and not is_eligibility_statement(sentence):
        return None
    return _read(
        sentence,
        lambda segment: applicant in detect_all(segment),
        lambda segment: names_type(segment, applicant),
        names_type(sentence, applicant),
    )


def _names_stem(text: str, wanted: str) -> bool:
    words = [stem(w) for w in re.findall(r"\w+", fold(text))]
    # "Kreisfahrbibliothek" is a "Fahrbibliothek": a compound of the question by its head.
    return any(
        wanted in w or (len(w) >= 5 and wanted.startswith(w)) or (len(w) >= 6 and wanted.endswith(w)) for w in words
    )


def subject_share(sentence: str, stems: List[str]) -> float:
    """How much of a subject (word stems of the question) the sentence names; short stems ("neu",
    "plug") count only where the subject has no longer ones."""
    telling = [s for s in stems if len(s) >= 5] or list(stems)
    return sum(_names_stem(sentence, s) for s in telling) / len(telling) if telling else 0.0


def read_subject(sentence: str, stems: List[str]) -> Optional[Reading]:
    """What the sentence says of a subject named by other words ("kommunale GmbHs", "das Land"),
    as word stems of the question."""

    def named(segment: str) -> bool:
        return any(_names_stem(segment, s) for s in stems)

    reading = _read(sentence, named, named, any(named(s) for s in _segments(sentence)))
    return reading if reading and reading.verdict != Verdict.NOT_LISTED else None


def _read(sentence: str, explicitly, loosely, named_at_all: bool) -> Optional[Reading]:
    """`explicitly(segment)`: the segment names the subject itself; `loosely(segment)`: it names
    it or a group it belongs to."""
    segments = _segments(sentence)
    explicit = any(explicitly(seg) for seg in segments)
    subject_named = False
    negated = conditional = named = unmentioned = False
    before_negated = False  # whether the segment before says "nicht": "…, ebenso Hybride" shares it
    for segment in segments:
        folded = fold(segment)
        mentions = folded
        folded = _NOT_MENTIONED.sub(" ", folded)
        negates = bool(NEGATION.search(_LIMITING_NEGATION.sub(" ", folded)))
        negates |= before_negated and bool(_LIKEWISE.match(folded))
        before_negated = negates
        names_someone = bool(detect_all(segment) or _GROUP_WORDS.search(folded)) or loosely(segment)
        # A new item of a list ("Gefördert werden: - Radwege, - Abstellanlagen, - …") speaks of
        # something else, unless it names the subject itself.
        if names_someone or _LIST_ITEM.match(segment):
            subject_named = explicitly(segment) if explicit else loosely(segment)
        if not subject_named:
            continue
        named = True
        negated |= negates
        unmentioned |= bool(_NOT_MENTIONED.search(mentions))
        conditional |= bool(_CONDITION.search(folded)) or "sondern" in folded
    if named:
        verdict = (
            Verdict.CONDITIONAL
            if conditional
            else Verdict.NO
            if negated
            else Verdict.NOT_LISTED
            if unmentioned
            else Verdict.YES
        )
        return Reading(verdict, sentence)
    if (
        not named_at_all
        and is_eligibility_statement(sentence)
        and detect_all(sentence)
        and not NEGATION.search(fold(sentence))
    ):
        return Reading(Verdict.NOT_LISTED, sentence)
    return None


def combine(readings: List[Reading]) -> Optional[Verdict]:
    """One verdict from several sentences: where they disagree, the answer is "on conditions"."""
    verdicts = {r.verdict for r in readings if r.verdict != Verdict.NOT_LISTED}
    if not verdicts:
        return Verdict.NOT_LISTED if readings else None
    if len(verdicts) == 1:
        return verdicts.pop()
    return Verdict.CONDITIONAL
