"""Text helpers shared by loading and matching: folding, circular numbers, PDF clean-up."""

import re
from functools import lru_cache
from typing import FrozenSet, List, Optional

# spaCy's German stop words include nouns and adjectives that matter in circulars ("Jahren",
# "Ende", "eigenen Wald", "offen", "früher").
_TOPIC_WORDS = {
    "tage",
    "tagen",
    "tag",
    "jahr",
    "jahre",
    "jahren",
    "zeit",
    "teil",
    "offen",
    "ende",
    "dasein",
    "mittel",
    "recht",
    "rechte",
    "rechten",
    "eigen",
    "eigene",
    "eigenen",
    "eigener",
    "eigenes",
    "früher",
    "später",
    "neue",
    "neuen",
    "gross",
    "grosse",
    "grossen",
    "grosser",
    "grosses",
    "groß",
    "große",
    "großen",
    "großer",
    "großes",
    "kleine",
    "kleinen",
    "kleiner",
    "kleines",
    "lang",
    "lange",
    "kurz",
    "heute",
    "morgen",
    "beispiel",
}


@lru_cache(maxsize=1)
def function_words() -> FrozenSet[str]:
    """Words that carry no topic, as written (not folded). Imported when first needed: spaCy
    is slow to import, and `bot load` needs no question words."""
    from spacy.lang.de.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS - _TOPIC_WORDS)


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case with umlauts spelled out, so "Förderung" and "foerderung" compare equal."""
    return text.lower().translate(_FOLD)


WORD = re.compile(r"\w+")

# Words of asking and requesting that carry no topic, beyond the stop words spaCy knows ("Zeig
# mir Rundschreiben zu …", "Was steht drin?", "Wie viel gibt's da eigentlich?"), folded.
_ASKING_WORDS = frozenset(
    fold(
        "wie was wer wann wo bis welche welcher welches wieviel wieviele wievielen gibt gab gibts gabs darf dürfen "
        "kann können könnt muss "
        "müssen soll sollen ist sind war waren hat habt haben wird werden noch auch denn eigentlich genau "
        "bitte und oder aber mal man wir ich uns unser unsere das der die den dem des ein eine einen bei dafür "
        "beim für zum zur von vom mit im in an auf aus da dabei dazu über ueber nach schon etwas alle "
        "alles gerade aktuell steht stehen drin heißt pro sagen sag erklär erklären wissen weiß weißt "
        "möchte möchten würde würden frage fragen zeig zeige zeigen sie mir finde suche suchen such liste "
        "konkret konkrete überhaupt ungefähr also "
        "auflisten infos informationen rundschreiben rundschreibens thema themen landkreistag verschickt "
        "geschrieben"
    ).split()
)


def is_question_word(word: str) -> bool:
    """Whether a word of a question says nothing about what it asks for: a function word or a
    word of asking. Both written and folded forms count ("für", "fuer")."""
    return word.lower() in function_words() or fold(word).strip(".") in _ASKING_WORDS


def compact(text: str) -> str:
    """Only letters and digits: "Heimat-2.0-Aufruf" and "heimat2.0" become comparable."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def words(text: str) -> List[str]:
    """Folded words; dots inside tokens stay so that "2.0" and "Land.Funk" survive."""
    return [w.strip(".") for w in re.split(r"[^a-z0-9.]+", fold(text)) if w.strip(".")]


# "384/2020", "Nr. 14/2020", "RS 014/2020", "Rundschreiben 14 / 2020"; after such a prefix the
# year may have two digits ("RS 318/22"), which alone would be too easily a date or a file number.
_CIRCULAR_NUMBER = re.compile(
    r"(?:(?<![\w/])(?P<prefix>(?i:(?:RS|Rdschr\.?|Rundschreibens?)(?:[\s-]*(?:Nr\.?|Nummer))?|Nr\.?))[\s:]*)?"
    r"(?<![\d/])(?P<number>\d{1,4})(?:\s*/\s*|(?<=\d)\s+(?:von|aus)\s+(?=(?:19|20)\d{2}))"
    r"(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/])"
)


def find_circular_numbers(text: str) -> List[str]:
    """All circular numbers in a text, normalised to three digits and four-digit years:
    "14/2020" -> "014/2020", "RS 318/22" -> "318/2022"."""
    found = []
    for match in _CIRCULAR_NUMBER.finditer(text):
        year = match.group("year")
        spelled = "/" not in match.group(0)  # "Rundschreiben 611 von 2019"
        if (len(year) == 2 or spelled) and not match.group("prefix"):
            continue
        if len(year) == 2:
            year = f"20{year}"
        found.append(f"{int(match.group('number')):03d}/{year}")
    return found


def normalise_circular_number(text: str) -> Optional[str]:
    found = find_circular_numbers(text)
    return found[0] if found else None


# Starts only at a word's start, so a long run of word characters is scanned once, not once per
# character (the unanchored form took seconds on a 40,000-character "word").
_BROKEN_WORD = re.compile(r"(?<!\w)(\w+)-[ \t]*\n[ \t]*(\w+)")
# "Bund- und Länderprogramme": a hyphen that stands for a shared word part, not a broken word.
_CONJUNCTIONS = {"und", "oder", "bzw", "sowie", "bis"}


def dehyphenate(text: str) -> str:
    """Join words split at line ends by a PDF: "Bundesminis-\\nterium" -> "Bundesministerium".

    Before a lower-case continuation the hyphen was only a line-break hyphen. Before a capital
    it is usually a real one ("Bund-\\nLänder"), unless the joined word stands elsewhere in the
    same document ("Land-\\nRegionen" beside "LandRegionen").
    """
    vocabulary = set(re.findall(r"\w+", text))

    def join(match: "re.Match[str]") -> str:
        head, tail = match.group(1), match.group(2)
        if tail in _CONJUNCTIONS:
            return f"{head}- {tail}"
        if tail[0].islower() or head + tail in vocabulary:
            return head + tail
        return f"{head}-{tail}"

    return _BROKEN_WORD.sub(join, text)


# A list item or a numbered heading starts a line of its own.
# Not a date: "30. April 2022 eingereicht werden" at a line start continues the sentence before.
_MONTH_AHEAD = (
    r"(?!\s*(?:Januar|Jan\.|Februar|Feb\.|März|Maerz|April|Apr\.|Mai|Juni|Juli|August|Aug\.|September|"
    r"Sept?\.|Oktober|Okt\.|November|Nov\.|Dezember|Dez\.|\d))"
)
LIST_ITEM = re.compile(rf"^(?:[-–•▪◦*·‣]|\d{{1,2}}[.)]{_MONTH_AHEAD}|[a-z][.)]|[IVX]{{1,4}}\.|[A-Z](?:\.\d+)+:?)\s+\S")


def heading_line(sentence: str) -> bool:
    """A line that is no sentence: a heading ("2. Zweiter Förderaufruf"), a letterhead line; not
    an item of a list ("- Gemeinden und Verbände")."""
    if re.search(r"[.!?:;,]$|[.!?][\"“”»)]$", sentence.strip()):
        return False
    return not LIST_ITEM.match(sentence) or bool(re.match(r"^(?:\d{1,2}|[IVX]{1,4})\.\s+[A-ZÄÖÜ]", sentence))


# A short line without closing punctuation, followed by more text, is a heading: it ends a
# paragraph even where the layout left no blank line after it.
HEADING_SHARE = 0.6


def _typical_width(lines: List[str]) -> int:
    widths = sorted(len(line) for line in lines if len(line) > 20)
    return widths[len(widths) // 2] if widths else 80


_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-Z]\))\s+")
# A numbered heading ("1. Ergebnis des ersten Aufrufs") may be longer than an unnumbered one;
# a numbered list item that wraps fills its line.
NUMBERED_HEADING_SHARE = 0.9


# A section "II. Modellprojekt „Zukunftswerkstatt" whose title goes on in the next line is a
# heading however narrow the column: the title's closing quote ends it (reflow).
_ROMAN_HEADING = re.compile(r"^[IVX]{1,4}\.\s+")


def _open_quote(text: str) -> bool:
    """Whether a quoted title opens in the text and does not close: „Unser Dorf hat| Zukunft“."""
    return text.count("„") > text.count("“")


def _is_heading(line: str, width: int) -> bool:
    numbered = _HEADING_NUMBER.match(line)
    words = line[numbered.end() :] if numbered else line
    share = NUMBERED_HEADING_SHARE if numbered else HEADING_SHARE
    return (
        (len(line) < share * width or bool(_ROMAN_HEADING.match(line) and _open_quote(line)))
        and not re.search(r"[.,;:\-–]$", line)
        and not re.search(r"[.!?]\s", words)
        and words[:1].isupper()
        and len(words.split()) <= 12
    )


def _lead_in(line: str) -> bool:
    """A line ending in a colon that introduces what follows; not "(im Folgenden:" broken by layout."""
    return line.endswith(":") and line.count("(") <= line.count(")")


# A heading broken by the layout goes on for at most this many lines, until its title closes.
HEADING_LINES = 3


def reflow(text: str) -> str:
    """Join lines into paragraphs and fold layout whitespace. A blank line or a heading ends a
    paragraph; list items stay lines of their own within it, as does the line after a colon."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    width = _typical_width(lines)
    paragraphs: List[List[str]] = []
    current: List[str] = []
    heading: List[str] = []  # the heading just ended, while its quoted title is still open
    for line in lines:
        if line and heading and len(heading) < HEADING_LINES and _open_quote(" ".join(heading)):
            heading.append(line)  # "I. Landeswettbewerb „Unser Dorf hat" | "Zukunft“"
            continue
        heading = []
        if not line:
            if current:
                paragraphs.append(current)
            current = []
            continue
        # A line after one that breaks off mid-sentence continues it; only then can it be a heading.
        continues = bool(current) and not re.search(r"[.!?:][\"“”»)]?$", current[-1])
        if _is_heading(line, width) and not continues:
            if current:
                paragraphs.append(current)
            heading = [line]
            paragraphs.append(heading)
            current = []
        elif current and (LIST_ITEM.match(line) or _lead_in(current[-1])):
            current.append("\n" + line)
        else:
            current.append(line)
    if current:
        paragraphs.append(current)
    return "\n\n".join(" ".join(p).replace(" \n", "\n") for p in paragraphs)
