"""Reading German dates, euro amounts and percentages as circulars and people write them.

One place for every form ("15.09.23", "15. Sept. 2023", "200 000 €", "0,6 Mio. Euro",
"1 bis 6 Mio. Euro", "45 v. H."), used by ingestion, by the answers and by the evaluation.
Each reader returns what it found with its position, so callers can tell which words stand
near which number.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import List, Optional

from bot.dates import MONTHS

# Month names, abbreviations and spellings without umlauts, all folded to lower case.
_MONTH_WORDS = {
    **{name.lower(): number for number, name in enumerate(MONTHS, start=1)},
    "maerz": 3,
    "marz": 3,
    "jan": 1,
    "feb": 2,
    "mär": 3,
    "mrz": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dez": 12,
}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTH_WORDS), key=len, reverse=True))
_YEAR = r"(?:19|20)?\d{2}(?!\d)"

# "15.09.2023", "15.9.23", "15. 09. 2023"; the year may be missing ("bis zum 15.09.").
_NUMERIC_DATE = re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?(\d{{1,2}})\.(?:\s?({_YEAR}))?(?![\d])")
# "15. September 2023", "15. Sept. 2023", "1. März", "15 September 2023"; an earlier day may
# share the month: "12. und 13. Mai 2020", "12.–13. Mai 2020".
_NAMED_DATE = re.compile(
    rf"(?<!\d)(?:(\d{{1,2}})\.?\s*(?:und|bis|–|-|/)\s*)?(\d{{1,2}})\.?\s*({_MONTH})\.?(?![a-zäöü])"
    rf"(?:\s*({_YEAR}))?",
    re.I,
)
_DATE_CUE_BEFORE = re.compile(r"\b(?:bis|zum|am|vom|ab|den|dem|spätestens|und|sowie|Stichtag|Frist)\s*$", re.I)
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True)
class DateMention:
    day: date
    start: int
    end: int
    year_stated: bool  # False when the text gave day and month only and the year was supplied


def _full_year(text: Optional[str], default: Optional[int]) -> Optional[int]:
    if not text:
        return default
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900  # "15.09.23": circulars are from this century
    return year


def _make_date(year: Optional[int], month: int, day: int) -> Optional[date]:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Stands in for a year not yet known (a leap year, so "29. Februar" survives until it is known).
_LEAP_YEAR = 2000


def find_dates(text: str, default_year: Optional[int] = None) -> List[DateMention]:
    """Every date in the text, in order; day and month alone take `default_year` if given."""
    found: List[DateMention] = []
    taken: List[range] = []

    def add(year_text, month: int, day: int, start: int, end: int) -> None:
        if any(start in span or end - 1 in span for span in taken):
            return
        day_ = _make_date(_full_year(year_text, default_year or _LEAP_YEAR), month, day)
        if day_:
            found.append(DateMention(day_, start, end, bool(year_text)))
            taken.append(range(start, end))

    for match in _ISO_DATE.finditer(text):
        add(match.group(1), int(match.group(2)), int(match.group(3)), match.start(), match.end())
    for match in _NUMERIC_DATE.finditer(text):
        # "3.1." without a year is as often a section number as a date: only after a date word.
        if match.group(3) or _DATE_CUE_BEFORE.search(text[max(0, match.start() - 14) : match.start()]):
            add(match.group(3), int(match.group(2)), int(match.group(1)), match.start(), match.end())
    for match in _NAMED_DATE.finditer(text):
        month = _MONTH_WORDS[match.group(3).lower()]
        if match.group(1):
            add(match.group(4), month, int(match.group(1)), match.start(1), match.end(1))
        add(match.group(4), month, int(match.group(2)), match.start(2), match.end())
    shared = _share_years(sorted(found, key=lambda m: m.start), text)
    return [m for m in shared if m.year_stated or default_year]


def _share_years(found: List[DateMention], text: str) -> List[DateMention]:
    """ "15. März und 15. September 2024": a day without a year takes the year of the next date
    it is listed with."""
    shared = list(found)
    for index in range(len(shared) - 2, -1, -1):
        mention, following = shared[index], shared[index + 1]
        between = text[mention.end : following.start]
        if (
            not mention.year_stated
            and following.year_stated
            and len(between) <= 30
            and re.fullmatch(r"[\s,]*(?:und|bzw\.|oder|sowie|bis|–|-)?[\s\w.]*", between)
        ):
            day = _make_date(following.day.year, mention.day.month, mention.day.day)
            if day:
                shared[index] = DateMention(day, mention.start, mention.end, True)
    return shared


def read_date(text: str) -> Optional[date]:
    """The one date a short text (a header field, an answer's date) states, if any."""
    found = find_dates(text)
    return found[0].day if found else None


# --- euro amounts ----------------------------------------------------------------------------

# Thousands are grouped by dots or by (narrow) spaces, never by both in one number.
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_WORDS = {
    "eine": 1,
    "einer": 1,
    "einen": 1,
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "zwanzig": 20,
    "dreißig": 30,
    "fünfzig": 50,
    "hundert": 100,
}
_QUANTITY = rf"(?:{_NUMBER}|{'|'.join(_NUMBER_WORDS)})"
_SCALE = r"Mio\.?|Millionen|Million|Mrd\.?|Milliarden|Milliarde|Tsd\.?|Tausend"
_SCALES = {
    "mio": 1_000_000,
    "million": 1_000_000,
    "mrd": 1_000_000_000,
    "milliard": 1_000_000_000,
    "tsd": 1_000,
    "tausend": 1_000,
}
_CURRENCY = r"Euro|EUR|€"
# "200.000 bis 600.000 Euro", "1 bis 6 Mio. Euro", "zwischen 10.000 und 50.000 €": the first
# number of a range takes the scale and currency of the second.
_AMOUNT = re.compile(
    rf"(?<![\d,.])(?:(?P<first>{_QUANTITY})\s*(?P<first_scale>{_SCALE})?\s*(?P<sep>bis|und|–|-)\s*)?"
    rf"\b(?P<number>{_QUANTITY})\s*(?P<scale>{_SCALE})?\s*(?:{_CURRENCY})"
    rf"|(?:{_CURRENCY})\s*(?P<after>{_NUMBER})\s*(?P<after_scale>{_SCALE})?(?![\d])",
    re.I,
)


@dataclass(frozen=True)
class AmountMention:
    euros: int
    start: int
    end: int


def _number_value(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(re.sub(r"[.\u00a0\u202f ]", "", text).replace(",", "."))


def _scaled(number: str, scale: Optional[str]) -> int:
    factor = 1
    if scale:
        factor = next(v for k, v in _SCALES.items() if scale.lower().startswith(k))
    return round(_number_value(number) * factor)


def find_amounts(text: str) -> List[AmountMention]:
    """Every euro amount in the text; both ends of a range count."""
    found: List[AmountMention] = []
    for match in _AMOUNT.finditer(text):
        if match.group("after"):
            found.append(
                AmountMention(_scaled(match.group("after"), match.group("after_scale")), match.start(), match.end())
            )
            continue
        first, scale = match.group("first"), match.group("scale")
        # "und" joins a range only after "zwischen"; "12 Projekte und 50.000 Euro" is no range.
        if (
            first
            and match.group("sep").lower() == "und"
            and not re.search(r"zwischen\s*$", text[: match.start()], re.I)
        ):
            first = None
        if first:
            found.append(
                AmountMention(
                    _scaled(first, match.group("first_scale") or scale), match.start("first"), match.end("first")
                )
            )
        found.append(AmountMention(_scaled(match.group("number"), scale), match.start("number"), match.end()))
    return [a for a in found if a.euros > 0]


# --- percentages -----------------------------------------------------------------------------

_PERCENT = re.compile(
    r"(?<![\d,])(\d{1,3}(?:,\d+)?)\s*(?:%|Prozent(?!punkt)|v\.\s?H\.|vom\s+Hundert|von\s+Hundert)", re.I
)


@dataclass(frozen=True)
class PercentMention:
    percent: float
    start: int
    end: int


def find_percents(text: str) -> List[PercentMention]:
    found = []
    for match in _PERCENT.finditer(text):
        value = float(match.group(1).replace(",", "."))
        if 0 < value <= 100:
            found.append(PercentMention(value, match.start(), match.end()))
    return found
