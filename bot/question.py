"""A question, read once from the message, what the NLU found in it and the conversation so far."""

import re
from dataclasses import dataclass, field
from typing import List, Optional

from bot import applicants
from bot.asks import CALL_ASKS, Ask, checked_asks, cued_asks
from bot.text import fold, normalise_circular_number


@dataclass
class Context:
    """What the conversation was about: kept between turns, so follow-ups need not repeat it."""

    calls: List[str] = field(default_factory=list)  # slugs of the calls last answered about
    asks: List[Ask] = field(default_factory=list)  # what was last asked
    circular: Optional[str] = None  # the circular last talked about
    applicant: Optional[str] = None  # the applicant type last named


@dataclass
class Question:
    asks: List[Ask]
    text: str = ""  # the user's words; empty for a button's payload
    mention: Optional[str] = None  # a call's name as marked by the NLU, or a slug from a button
    applicant: Optional[str] = None  # named in this message
    circular: Optional[str] = None  # a circular number named in this message
    topic: Optional[str] = None
    context: Context = field(default_factory=Context)
    # The NLU recognised nothing it knows: the words alone may still ask a call question.
    fallback: bool = False

    @property
    def ask(self) -> Optional[Ask]:
        return self.asks[0] if self.asks else None

    @property
    def applicant_or_context(self) -> Optional[str]:
        return self.applicant or self.context.applicant


# Words of a follow-up that say nothing of its topic ("und für die Vereine?").
_FILLER = re.compile(
    r"\b(?:und|auch|noch|denn|was|wie|ist|mit|für|fuer|bei|beim|die|der|den|das|dem|eine?[nmr]?|"
    r"unsere?[nmrs]?|uns|wir|ja|so|da|dann|aber|oder|sonst|eigentlich|bitte|mal|gilt|es|sieht|aus)\b"
)


# "Warum nicht?", "wieso?": the reason for the last answer, which its sources give with it.
_WHY = re.compile(r"^\s*(?:und\s+)?(?:warum|wieso|weshalb|weswegen)(?:\s+(?:nicht|denn|das|so|eigentlich))*\s*\??\s*$")
# "und sonst?", "was noch?": more about the same call.
# A message that only names a round: "die Runde von 2023", "und der zweite Aufruf?".
_ROUND_ONLY = re.compile(
    r"^(?:und\s+)?(?:(?:die|der|das|den|fuer die|fuer den|in der|im)\s+)?(?:(?:erste|zweite|dritte|vierte|"
    r"letzte|neue|aktuelle)[nr]?\s+)?(?:runde|aufruf|staffel)(?:\s+(?:von|aus)?\s*20\d\d)?\s*\??$"
)
_MORE = re.compile(r"\b(?:sonst|noch was|noch etwas|weiteres|mehr dazu|details)\b")


# "und fürs Anschlussvorhaben?", "also wir als Landkreis nicht selbst?": words that go on from the last question.
_CONTINUES = re.compile(r"(?:und|also|aber|dann)\s")


def _is_fragment(text: str, nlu_asks: List[Ask], context: Context) -> bool:
    """ "und fürs Anschlussvorhaben?": a short "und …" that names no kind of question continues the
    last one, whatever kind of call question the NLU guessed."""
    folded = fold(text).strip()
    if context.asks and (_WHY.match(folded) or _ROUND_ONLY.match(folded)):
        return True  # "und warum?", "die Runde von 2023": the last question again
    # "Museum?": one or two words the NLU makes nothing of ask the last question about them.
    bare = not nlu_asks and len(folded.split()) <= 2 and folded.endswith("?")
    return (
        bool(context.asks)
        and (bare or (_CONTINUES.match(folded) is not None and len(folded.split()) <= 6))
        and not cued_asks(text)
        and (not nlu_asks or nlu_asks[0] in CALL_ASKS)
    )


def _follow_up_asks(text: str, applicant: Optional[str], context: Context) -> List[Ask]:
    """What a fragment asks: a bare applicant type ("und für Vereine?") asks who may take part; a
    fragment with more words ("und für finanzschwache Kommunen?") asks again what was asked."""
    if applicant:
        rest = _FILLER.sub(" ", fold(text))
        rest = " ".join(w for w in re.findall(r"\w+", rest) if applicants.detect(w) is None)
        particular = applicants.names_a_particular(text)  # "und der Burgenlandkreis?": what was asked, for it
        if not context.asks or context.asks == [Ask.ELIGIBILITY] or (not rest and not particular):
            return [Ask.ELIGIBILITY]
        if not _CONTINUES.match(fold(text).strip()):
            return []  # "was ist mit ganz kleinen Gemeinden?": a question of its own, about the same call
    if _MORE.search(fold(text)):
        return [Ask.OVERVIEW]
    return list(context.asks) or [Ask.OVERVIEW]


def read_question(
    nlu_asks: List[Ask],
    text: str,
    *,
    mention: Optional[str] = None,
    applicant: Optional[str] = None,
    circular: Optional[str] = None,
    topic: Optional[str] = None,
    context: Optional[Context] = None,
    follow_up: bool = False,
    fallback: bool = False,
) -> Question:
    """The question a turn asks. `nlu_asks` is what the NLU recognised; a `follow_up` (a bare
    fragment such as "und für Vereine?" or "Und Smarte LandRegionen?") repeats what was asked
    before unless its words ask something else."""
    context = context or Context()
    if not follow_up and _is_fragment(text, nlu_asks, context):
        follow_up = True
    if mention and applicants.detect(mention) and len(mention.split()) <= 2:
        mention = None  # the NLU took an applicant type ("Gemeinden") for a call name
    named_applicant = applicants.canonical(applicant) or applicants.detect(text)
    if follow_up:
        nlu_asks = _follow_up_asks(text, named_applicant, context)
    asks = checked_asks(nlu_asks, text, in_context=bool(context.calls)) if text else list(nlu_asks)
    return Question(
        asks=asks,
        text=text,
        mention=mention,
        applicant=named_applicant,
        circular=normalise_circular_number(circular or "") or normalise_circular_number(text),
        topic=topic,
        context=context,
        fallback=fallback,
    )
