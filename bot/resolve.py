"""Which calls a question is about: named in it, announced by a circular it names, or kept from
the conversation. Several rounds of one program are all answered; only calls of different
programs that fit equally are a question back; a name that fits no call is reported as unknown,
with at most three near names.
"""

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import applicants, evidence, knowledge, names, search, topics
from bot.asks import Ask
from bot.models import FundingCall
from bot.question import Question
from bot.states import LinkRole
from bot.text import compact, fold, is_question_word

MAX_CHOICES = 5
# A name the user wrote must share more than this part of its distinctive words with a call's:
# "Kreisstraßen-Sonderprogramm" is not the "Denkmalschutz-Sonderprogramm".
NAME_SHARE = 0.5
# Words that name no call although the NLU sometimes marks them as one.
_NOT_NAMES = set(
    fold(
        "programm programme aufruf förderaufruf förderung förderprogramm das dem den der die es runde "
        "frist fristen ausschreibung wettbewerb initiative richtlinie förderrichtlinie projekt projekte "
        "bund land landes bundes rundschreiben thema themen geld mittel"
    ).split()
)
# A name in the user's words that the NLU did not mark: in quotes, or after "bei", "zum", ...,
# shaped like a name (capitals inside, digits, hyphens).
_QUOTED = re.compile(r"[„\"“»']([^“\"”«']{3,60})[“\"”«']")
_NAME_AFTER = re.compile(
    r"\b(?:bei|beim|zum|zur|für|fuer|über|ueber|vom|von|im|zu|programm|aufruf|förderaufruf|wettbewerb)\s+"
    r"(?:dem|der|den|das|die)?\s*((?:[A-ZÄÖÜ][\w.\-]*|[\w.]*[\d\-][\w.\-]*)(?:\s+(?:[A-ZÄÖÜ\d][\w.\-]*))*)"
)
# "kennst du den aufruf brückenschlag ost …", "das landesprogramm dorfgemeinschaftshäuser": after a
# word for a call, also a compound of one, the name may be in lower case.
_NAME_AFTER_CALL_WORD = re.compile(
    r"\b(?:den|das|dem|zum|beim|im)\s+\w*(?:aufruf|programm|wettbewerb)\s+"
    r"((?!(?:für|fuer|zu|zum|zur|bei|von|vom|des|der|die|das|mit|und|oder|in|im)\b)[\w.\-]+"
    r"(?:\s+(?!(?:für|fuer|zu|zum|zur|bei|von|vom|des|der|die|das|mit|und|oder|in|im)\b)[\w.\-]+){0,3})",
    re.I,
)


# "bei dem euri programm", "beim wifi-aufruf": a short word before a word for a call, in lower case;
# not an adjective ("dem neuen Programm").
_NAME_BEFORE_CALL_WORD = re.compile(
    r"\b(?:den|das|dem|zum|beim|im|vom|bei dem|von dem)\s+([a-zäöüß0-9][a-zäöüß0-9.]{1,6}(?<!e|n|m|r|s))"
    r"[\s-](?:programm|foerderprogramm|förderprogramm|aufruf|foerderaufruf|förderaufruf)\b",
    re.I,
)


# "Bis wann läuft Mondbasis 3000?": a name at the end, after a verb of its own.
_NAME_LAST = re.compile(
    r"\b(?:läuft|laeuft|lief|gilt|galt|endet|startet|heißt|heisst)\s+(?:das|der|die|den)?\s*"
    r"([A-ZÄÖÜ][\w.\-]*(?:\s+[A-ZÄÖÜ\d][\w.\-]*)*)\s*[?!.]?\s*$"
)


@dataclass
class Resolution:
    calls: List[FundingCall] = field(default_factory=list)  # answered together: one, or rounds
    choices: List[FundingCall] = field(default_factory=list)  # different programs: ask back
    unknown: Optional[str] = None  # a name that fits no call
    near: List[FundingCall] = field(default_factory=list)  # known names near the unknown one
    from_context: bool = False

    @property
    def program(self) -> Optional[str]:
        programs = {c.program for c in self.calls}
        return programs.pop() if len(programs) == 1 else None


def _is_name(mention: Optional[str]) -> bool:
    """Whether a mention can be a call's name: not a generic word, not an applicant type alone
    ("Gemeinden", "kreisangehörige Gemeinde")."""
    if not mention:
        return False
    folded = fold(mention).strip(" ?!.,")
    words_ = [w for w in re.findall(r"\w+", folded) if len(w) >= 3]
    an_applicant = bool(words_) and len(words_) <= 2 and applicants.detect(words_[-1]) is not None
    return len(folded) >= 3 and folded not in _NOT_NAMES and not an_applicant


def unnamed_mention(text: str) -> Optional[str]:
    """A call name the user wrote that the NLU did not mark, if the words look like one."""
    quoted = _QUOTED.search(text)
    if quoted and _is_name(quoted.group(1)):
        return quoted.group(1).strip()
    for match in _NAME_AFTER_CALL_WORD.finditer(text):
        candidate = match.group(1).strip(" ?!.,")
        if is_question_word(candidate.split()[0]):
            continue  # "wird das Programm nach 2019 weitergeführt?": no name follows
        if _is_name(candidate):
            return candidate
    for match in [*_NAME_AFTER.finditer(text), *_NAME_LAST.finditer(text)]:
        candidate = match.group(1).strip(" ?!.,")
        if re.match(r"(?:19|20)\d{2}\b", candidate):
            continue  # "von 2021": a year, which picks a round
        looks_like_name = re.search(r"\d|-|[a-zäöü][A-ZÄÖÜ]|^[A-ZÄÖÜ]{2,}", candidate)
        if looks_like_name and _is_name(candidate):
            return candidate
    return None


def _word_for_a_call(session: Session, text: str) -> Optional[str]:
    """ "bei dem euri programm": a short word before a word for a call that is no call's name nor
    part of one ("beim kita programm" names the Kita calls by their words)."""
    for match in _NAME_BEFORE_CALL_WORD.finditer(text):
        candidate = match.group(1)
        if (
            _is_name(candidate)
            and not is_question_word(candidate)
            and not names.is_function_word(candidate)
            and not names.find_calls(session, candidate).calls
        ):
            return candidate
    return None


def _rounds_for(session: Session, question: Question, calls: List[FundingCall]) -> List[FundingCall]:
    """The calls to answer: one program's matched rounds, narrowed by the question's words; all
    rounds of the program when the rounds themselves are asked about."""
    if question.ask == Ask.ROUNDS:
        return names.program_rounds(session, calls)
    return names.narrow_by_round(calls, question.text)


def focus_of(calls: List[FundingCall], question: Question) -> List[FundingCall]:
    """The calls a follow-up is about after this answer: after a list of rounds, the round the
    question named ("Gab es eine zweite Runde?"), else all of them."""
    if question.ask == Ask.ROUNDS:
        return names.narrow_by_round(calls, question.text)
    return calls


def _from_match(session: Session, question: Question, match: names.CallMatch) -> Resolution:
    if match.ambiguous and question.text:
        # Names that fit calls of several programs: the one whose circulars speak of what the
        # question is about ("Klimaanpassungsmanager") is meant.
        by_topic = topics.calls_about(session, topics.question_words(session, question.text), among=match.calls)
        if len({m.call.program for m in by_topic}) == 1:
            match = names.CallMatch([m.call for m in by_topic], score=match.score)
    if not match.ambiguous:
        calls = match.calls
        rounds = names.program_rounds(session, calls)
        picked = names.narrow_by_round(rounds, question.text) if question.text else rounds
        if len(picked) < len(rounds) and not set(picked) & set(calls):
            # "rehapro erster Aufruf 2018": the round the words pick, where the name the user
            # wrote is one only a later round's circular uses.
            calls = picked
        elif names.names_the_program(match.aliases):
            # "beim Einsamkeitsprogramm": a name of the program, for each of its rounds.
            calls = rounds
        elif match.by_words and question.text:
            calls = _rounds_about_it_too(session, question, calls)
        return Resolution(calls=_rounds_for(session, question, calls))
    return _choice_between(match.calls)


def _rounds_about_it_too(session: Session, question: Question, calls: List[FundingCall]) -> List[FundingCall]:
    """A round found by words of its own name ("Elektrofahrzeuge … in Kommunen"), with the other
    rounds of its program whose circulars speak of the question's topic as much."""
    rounds = names.program_rounds(session, calls)
    if len(rounds) == len(calls):
        return calls
    found = topics.calls_about(session, topics.question_words(session, question.text), among=rounds)
    share = {m.call.id: m.share for m in found}
    best = max((share.get(c.id, 0.0) for c in calls), default=0.0)
    return [c for c in rounds if c in calls or (best > 0 and share.get(c.id, 0.0) >= best)]


# Calls that one circular announces together are parts of one call for proposals ("CERV":
# town twinning and networks of towns): they are answered each, not asked about.
MAX_ANNOUNCED_TOGETHER = 3


def _announced_together(calls: List[FundingCall]) -> bool:
    circulars = [{c.number for c in knowledge.announcing_circulars(call)} for call in calls]
    return len(calls) <= MAX_ANNOUNCED_TOGETHER and bool(circulars[0]) and all(c == circulars[0] for c in circulars)


def _choice_between(calls: List[FundingCall]) -> Resolution:
    """Calls of several programs that fit equally: a question back, one button per program,
    unless one circular announces them all."""
    if _announced_together(calls):
        return Resolution(calls=calls)
    by_program: Dict[str, FundingCall] = {}
    for call in calls:
        by_program.setdefault(call.program, call)
    return Resolution(choices=list(by_program.values())[:MAX_CHOICES])


def _calls_of(session: Session, hits: List[search.Hit]) -> List[FundingCall]:
    """The calls that search hits for a word the user wrote as a name ("EURI") belong to."""
    calls: List[FundingCall] = []
    for hit in hits:
        if hit.kind == "call":
            found = names.find_calls(session, hit.key).calls
        elif hit.kind == "circular":
            found = _announced_by(session, hit.key)
        else:
            continue
        calls += [c for c in found if c not in calls]
    return calls


def _announced_by(session: Session, number: str) -> List[FundingCall]:
    circular = knowledge.circular_by_number(session, number)
    if circular is None:
        return []
    return knowledge.announced_calls(circular)


# "anders als 2022", "im Vergleich zur ersten Runde": what follows names the round compared with.
_COMPARED_WITH = re.compile(r"\b(?:anders als|gegenueber|im vergleich (?:zu|zum|zur)|verglichen mit)\b(.*)$")


def _from_context(session: Session, question: Question) -> List[FundingCall]:
    slugs = question.context.calls
    if not slugs:
        return []
    calls = list(session.execute(select(FundingCall).where(FundingCall.slug.in_(slugs))).scalars())
    if not calls:
        return []
    compared = _COMPARED_WITH.search(fold(question.text))
    if compared and (names.years_in(compared.group(1)) or re.search(r"runde|aufruf|staffel", compared.group(1))):
        # "Was ist anders als 2022?": the round named is the one compared with, not the one asked about.
        rounds = names.program_rounds(session, calls)
        named_round = names.narrow_by_round(rounds, compared.group(1))
        others = [c for c in rounds if c not in named_round] if named_round != rounds else []
        if others:
            return [c for c in calls if c in others] or others
    # "und 2021?", "und die zweite Runde?", "gab es weitere Runden?": the program's other rounds.
    if (
        question.ask == Ask.ROUNDS
        or names.years_in(question.text)
        or re.search(r"runde|aufruf|staffel", fold(question.text))
    ):
        rounds = names.program_rounds(session, calls)
        narrowed = names.narrow_by_round(rounds, question.text)
        if question.ask == Ask.ROUNDS or narrowed != rounds:
            return rounds if question.ask == Ask.ROUNDS else narrowed
    return sorted(calls, key=lambda c: (-(c.year or 0), c.slug))


def _explicit_match(session: Session, question: Question, name: str) -> names.CallMatch:
    """A name the user wrote as a name: by alias, or by most of its distinctive words."""
    match = names.find_calls(session, name, question.text, by_words=False)
    if match.calls:
        return match
    match = names.find_calls(session, name, question.text)
    wanted = set(names.name_stems(name))
    if not match.calls or not wanted:
        return names.CallMatch()
    known = {s for call in match.calls for a in call.aliases for s in names.name_stems(a.alias)}
    return match if len(wanted & known) > NAME_SHARE * len(wanted) else names.CallMatch()


def _topic_of_context(session: Session, question: Question, match: names.CallMatch) -> bool:
    """Whether a follow-up found another call only by words of its name that the circulars of
    the call the conversation is about use themselves ("und für Schulen?" after a call for
    public buildings): then the words say what is asked about, not which call."""
    if match.score >= names.CORE_SCORE or not question.context.calls:
        return False
    words = {s for call in match.calls for s in names.shared_stems(question.text, call)}
    context = session.execute(select(FundingCall).where(FundingCall.slug.in_(question.context.calls))).scalars()
    texts = [
        fold(link.circular.full_text or "")
        for call in context
        for link in call.circular_links
        if link.role == LinkRole.ANNOUNCES
    ]
    return bool(words) and all(any(re.search(rf"\b{re.escape(w)}", t) for t in texts) for w in words)


# A call found by one word of its name ("Sanierung" of "Sanierung kommunaler Einrichtungen …")
# gives way to the call whose sentences hold this much more of the question ("Sanierung eines
# Freibads"), in a question that starts a conversation.
ONE_WORD_MATCH = names.WORD_MATCH_SCORE + names.WORD_POINTS
TOPIC_OVER_WORD = 0.5


def _topic_outweighing(
    session: Session, question: Question, match: names.CallMatch
) -> Optional[List[topics.TopicMatch]]:
    """The calls the question is about by its topic, where they outweigh a one-word name match."""
    if match.score > ONE_WORD_MATCH or question.context.calls or question.ask in _NOT_BY_TOPIC:
        return None
    words = topics.question_words(session, question.text)
    found = topics.calls_about(session, words)
    if not found or found[0].call in match.calls:
        return None
    named = max(topics.share(words, topics.held_words(session, call, words)) for call in match.calls)
    years = set(names.years_in(question.text))
    if _of_the_years(found[0].call, years) and not any(_of_the_years(c, years) for c in match.calls):
        # "Kita-Investitionsprogramm 2020-2021": the call of the years named, not a 2017 "Kita-Einstieg".
        return found
    return found if found[0].share - named >= TOPIC_OVER_WORD else None


def _of_the_years(call: FundingCall, years: Set[int]) -> bool:
    """Whether the call is of one of the years a question names (its round's year, or one in its name)."""
    return bool(years) and (call.year in years or any(str(y) in call.title for y in years))


def resolve(session: Session, question: Question) -> Resolution:
    mention = question.mention if _is_name(question.mention) else None
    named = mention or (
        unnamed_mention(question.text) or _word_for_a_call(session, question.text) if question.text else None
    )
    if named:
        match = _explicit_match(session, question, named)
        if match.calls:
            return _from_match(session, question, match)
    if question.circular:
        announced = _announced_by(session, question.circular)
        if announced:
            return Resolution(calls=_rounds_for(session, question, announced))
    by_topic = None  # found by topic already, where that outweighed a name match
    if question.text:
        # Where the user wrote a name that fits none, only whole aliases elsewhere in the message count.
        match = names.find_calls(session, question.text, by_words=not named)
        # A word of a follow-up that some other call's name shares ("Förderlinie Stadtregionen")
        # does not leave the call the conversation is about.
        if (
            match.calls
            and (match.score >= names.STRONG_MATCH or not question.context.calls)
            and not _topic_of_context(session, question, match)
        ):
            by_topic = _topic_outweighing(session, question, match)
            if by_topic is None:
                return _from_match(session, question, match)
    # A word the circulars use ("beim BAG", "Hy-Experts" for "HyExperts") is no call's name, but
    # not an unknown call either.
    forms = {named, compact(named), *evidence.other_words_for(named)} if named else set()
    hits = [hit for form in forms if form for hit in search.search(session, form, limit=5)]
    if named and not hits:
        return Resolution(unknown=named, near=names.near_names(session, named))
    using = _calls_of(session, hits)
    calls = _from_context(session, question)
    if using and len({c.program for c in using}) == 1 and not set(using) & set(calls):
        # "beim EURI-Programm": no call's name, but the word of one program's circulars.
        return Resolution(calls=_rounds_for(session, question, using))
    return _by_topic(session, question, calls, by_topic) or Resolution(calls=calls, from_context=bool(calls))


# A follow-up leaves the call the conversation is about for a call found by its topic only if
# that call's sentences hold this share of the question's words, and this much more than the
# current call's do: "und was gab es zu Feuerwehrhäusern?" after a call that never names them.
SWITCH_SHARE = 0.8
# Questions that search by topic themselves ("Rundschreiben zur Daseinsvorsorge") or are about no call.
_NOT_BY_TOPIC = (Ask.CIRCULARS, Ask.CIRCULAR, Ask.CIRCULAR_REFERENCE, Ask.OPEN_CALLS, Ask.NEXT_DEADLINES)
SWITCH_MARGIN = 0.7
SWITCH_NOUN = 8
_POINTS_BACK = re.compile(r"\b(?:da|dafuer|dabei|dort|davon|dazu|hier|damit)\b")
# "und für ne Sporthalle?": the question before, asked for another object of the call at hand.
_FOR_ANOTHER = re.compile(r"^\W*(?:und|aber|ok|okay)?\W*(?:fuer|bei)\s(?!.*\b(?:programm|aufruf|foerderung)\b)")


def _by_topic(
    session: Session,
    question: Question,
    context: List[FundingCall],
    found: Optional[List[topics.TopicMatch]] = None,
) -> Optional[Resolution]:
    """The calls a question names by what it is about, not by name (bot/topics.py); `found`: the
    topic's calls already found, for a question without context."""
    if found is not None:
        return _topic_resolution(session, question, found)
    if not question.text or question.ask in _NOT_BY_TOPIC:
        return None
    if context and (_POINTS_BACK.search(fold(question.text)) or _FOR_ANOTHER.search(fold(question.text))):
        return None  # "muss man da einen Eigenanteil bringen?": "da" is the call at hand
    # In a conversation only the user's own words lead away from its call, not a compound's head
    # ("Kreistagsbeschluss" is no reason to leave it for a call speaking of a "Beschluss").
    words = topics.question_words(session, question.text, heads=not context)
    found = topics.calls_about(session, words)
    if not found:
        return None
    if context:
        if len({m.call.program for m in found}) > 1:
            return None  # a word several programs use ("Auswahlverfahren") does not leave the call at hand
        kept = [topics.held_words(session, call, words) for call in context]
        # Only a long noun the conversation's call never uses leads away from it ("Feuerwehrhäuser").
        new_nouns = {n for n in found[0].nouns if len(n) >= SWITCH_NOUN and not any(n in k.words for k in kept)}
        held = max(topics.share(words, k) for k in kept)
        years = set(names.years_in(question.text))
        if (
            found[0].call in context
            or not new_nouns
            # "wie hoch war das Preisgeld 2025?" in a conversation about the round of 2025
            or (any(_of_the_years(c, years) for c in context) and not _of_the_years(found[0].call, years))
            or found[0].share < SWITCH_SHARE
            or found[0].share - held < SWITCH_MARGIN
        ):
            return None
    return _topic_resolution(session, question, found)


def _topic_resolution(session: Session, question: Question, found: List[topics.TopicMatch]) -> Resolution:
    """The calls found by topic: one program's rounds, or a choice between programs."""
    calls = [m.call for m in found]
    if len({c.program for c in calls}) == 1:
        # "Gibt es was für Renaturierung?": the program the question is about, with all its rounds
        # unless its words pick one; a question about a detail stays with the rounds that hold it.
        if question.ask in (Ask.AIM, Ask.OVERVIEW, None):
            calls = names.program_rounds(session, calls)
        return Resolution(calls=_rounds_for(session, question, calls))
    return _choice_between(calls)
