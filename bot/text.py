"""Text helpers shared by loading and matching: folding, circular numbers, PDF clean-up."""
import re
from typing import List, Optional

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case with umlauts spelled out, so "Förderung" and "foerderung" compare equal."""
    return text.lower().translate(_FOLD)


def compact(text: str) -> str:
    """Only letters and digits: "Heimat-2.0-Aufruf" and "heimat2.0" become comparable."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def words(text: str) -> List[str]:
    """Folded words; dots inside tokens stay so that "2.0" and "Land.Funk" survive."""
    return [w.strip(".") for w in re.split(r"[^a-z0-9.]+", fold(text)) if w.strip(".")]


# "384/2020", "Nr. 14/2020", "RS 014/2020", "Rundschreiben 14 / 2020"
_CIRCULAR_NUMBER = re.compile(r"(?<![\d/])(\d{1,4})\s*/\s*((?:19|20)\d{2})(?!\d)")


def find_circular_numbers(text: str) -> List[str]:
    """All circular numbers in a text, normalised to three digits: "14/2020" -> "014/2020"."""
    return [f"{int(n):03d}/{year}" for n, year in _CIRCULAR_NUMBER.findall(text)]


def normalise_circular_number(text: str) -> Optional[str]:
    found = find_circular_numbers(text)
    return found[0] if found else None


_BROKEN_WORD = re.compile(r"(\w+)-[ \t]*\n[ \t]*(\w+)")


def dehyphenate(text: str) -> str:
    """Join words split at line ends by a PDF: "Bundesminis-\\nterium" -> "Bundesministerium".

    Before a lower-case continuation the hyphen was only a line-break hyphen. Before a capital
    it is usually a real one ("Bund-\\nLänder"), unless the joined word stands elsewhere in the
    same document ("Land-\\nRegionen" beside "LandRegionen").
    """
    vocabulary = set(re.findall(r"\w+", text))

    def join(match: "re.Match[str]") -> str:
        head, tail = match.group(1), match.group(2)
        if tail[0].islower() or head + tail in vocabulary:
            return head + tail
        return f"{head}-{tail}"

    return _BROKEN_WORD.sub(join, text)


def clean_pdf_text(text: str) -> str:
    """Dehyphenate, then reflow lines into paragraphs separated by one blank line."""
    return reflow(dehyphenate(text.replace("\r\n", "\n")))


def reflow(text: str) -> str:
    """Join lines into paragraphs (a blank line ends one) and fold layout whitespace."""
    paragraphs, current = [], []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
