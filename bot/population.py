"""Limits on the size of a place ("in Gemeinden mit weniger als 35.000 Einwohnern") applied to the
size a member names ("Unsere Kreisstadt hat knapp 40.000 Einwohner"): a condition of the
circular turned into a yes or a no for that member."""

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from bot.states import Verdict
from bot.text import fold
from bot.verdicts import NEGATION

_NUMBER = r"(\d{1,3}(?:[.\s]\d{3})+|\d+)"
_INHABITANTS = r"\s*(?:einwohner\w*|ew\b)"
# "knapp 40.000 Einwohner", "mit 25.000 Einwohnern", "12 500 EW".
_NAMED_SIZE = re.compile(_NUMBER + _INHABITANTS)
# "weniger als 35.000 Einwohnern", "bis zu 20.000 Einwohnern", "mehr als 10.000 Einwohnern".
_LIMIT = re.compile(
    r"\b(weniger als|unter|bis zu|bis|hoechstens|maximal|nicht mehr als|mehr als|ueber|ab|mindestens)\s+"
    + _NUMBER
    + _INHABITANTS
)
_EXCEPTION = re.compile(r"ausnahm")
_BELOW = ("weniger als", "unter")
_UP_TO = ("bis zu", "bis", "hoechstens", "maximal", "nicht mehr als")
_ABOVE = ("mehr als", "ueber")


@dataclass
class SizeVerdict:
    verdict: str  # Verdict.YES or Verdict.NO
    inhabitants: int
    sentence: str  # the sentence stating the limit


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def named_size(question_text: str) -> Optional[int]:
    """The number of inhabitants the question names, if it names one."""
    match = _NAMED_SIZE.search(fold(question_text))
    return _number(match.group(1)) if match else None


def _within(inhabitants: int, word: str, limit: int) -> bool:
    if word in _BELOW:
        return inhabitants < limit
    if word in _UP_TO:
        return inhabitants <= limit
    if word in _ABOVE:
        return inhabitants > limit
    return inhabitants >= limit  # "ab", "mindestens"


def _excludes(folded: str, limit: "re.Match[str]") -> bool:
    """Whether the clause stating the limit says that places within it may not take part: "Ein Ort
    mit mehr als 10.000 Einwohnern kommt nicht in Betracht"."""
    start = max(folded.rfind(mark, 0, limit.start()) for mark in ",;:") + 1
    ends = [i for i in (folded.find(mark, limit.end()) for mark in ",;:") if i >= 0]
    clause = folded[start : min(ends, default=len(folded))]
    return bool(NEGATION.search(clause.replace(limit.group(0), " ")))


def size_verdict(question_text: str, sentences: Iterable[str]) -> Optional[SizeVerdict]:
    """Yes where the named size keeps within every limit the sentences state, no where it keeps
    within none; None where the question names no size, no sentence limits one, the limits lead
    different ways (EFRE above 10.000 inhabitants, ELER below) or exceptions are made."""
    inhabitants = named_size(question_text)
    if inhabitants is None:
        return None
    judged = []
    for sentence in sentences:
        folded = fold(sentence)
        limits = list(_LIMIT.finditer(folded))
        if limits and _EXCEPTION.search(folded):
            return None
        if limits:
            kept = all(_within(inhabitants, m.group(1), _number(m.group(2))) != _excludes(folded, m) for m in limits)
            judged.append((kept, sentence))
        elif _EXCEPTION.search(folded) and "einwohner" in folded:
            return None  # "In Ausnahmefällen auch in Kommunen mit mehr Einwohnern"
    if not judged or len({within for within, _ in judged}) > 1:
        return None
    within, sentence = judged[0]
    return SizeVerdict(Verdict.YES if within else Verdict.NO, inhabitants, sentence)
