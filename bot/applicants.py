"""Applicant types: their German names, and recognising them in a user's words."""

from typing import List, Optional

from rapidfuzz import fuzz, process

from bot.text import words

LABELS = {
    "landkreis": "Landkreise",
    "gemeinde": "Gemeinden",
    "gemeindeverband": "Gemeindeverbände",
    "zivilgesellschaft": "Vereine und andere zivilgesellschaftliche Einrichtungen",
}

# Folded word forms a user may write for each type; matched fuzzily to absorb typos.
_WORD_FORMS = {
    "landkreis": [
        "landkreis",
        "landkreise",
        "landkreisen",
        "kreis",
        "kreise",
        "kreisen",
        "landratsamt",
        "kreisverwaltung",
        "lk",
    ],
    "gemeinde": [
        "gemeinde",
        "gemeinden",
        "stadt",
        "staedte",
        "kommune",
        "kommunen",
        "ortsgemeinde",
        "einheitsgemeinde",
    ],
    "gemeindeverband": [
        "gemeindeverband",
        "gemeindeverbaende",
        "verbandsgemeinde",
        "verbandsgemeinden",
        "verwaltungsgemeinschaft",
        "zweckverband",
        "amt",
    ],
    "zivilgesellschaft": [
        "verein",
        "vereine",
        "vereinen",
        "e.v",
        "ev",
        "stiftung",
        "stiftungen",
        "zivilgesellschaft",
        "zivilgesellschaftliche",
        "gemeinnuetzige",
        "initiative",
    ],
}
_FORM_TO_TYPE = {form: kind for kind, forms in _WORD_FORMS.items() for form in forms}
# Longest first, so "verbandsgemeinde" wins over "gemeinde".
_COMPOUND_HEADS = sorted((f for f in _FORM_TO_TYPE if len(f) >= 5), key=len, reverse=True)


def canonical(value: Optional[str]) -> Optional[str]:
    """Map an entity value or a single word to its applicant type, or None."""
    if not value:
        return None
    if value in LABELS:
        return value
    return detect(value)


def detect(text: str) -> Optional[str]:
    """The applicant type a message names, or None; typos such as "landkris" still count."""
    found = detect_all(text)
    return found[0] if found else None


def detect_all(text: str) -> List[str]:
    """Every applicant type a text names, in the order they appear."""
    found: List[str] = []
    previous = ""
    for word in words(text):
        # "Landkreise und kreisfreie Städte": cities outside a district rank as districts; they
        # say nothing of the Gemeinden in a Landkreis.
        kind = None if previous.startswith("kreisfrei") else _word_type(word)
        previous = word
        if kind and kind not in found:
            found.append(kind)
    return found


def _word_type(word: str) -> Optional[str]:
    if word in _FORM_TO_TYPE:
        return _FORM_TO_TYPE[word]
    # German compounds end in their head: "Sportvereine" is a Verein, "Nachbargemeinden" Gemeinden.
    head = next((form for form in _COMPOUND_HEADS if word.endswith(form)), None)
    if head:
        return _FORM_TO_TYPE[head]
    # Short words are compared exactly only: "amt" must not match "samt".
    if len(word) >= 6:
        match = process.extractOne(word, _FORM_TO_TYPE.keys(), scorer=fuzz.ratio, score_cutoff=88)
        if match and len(match[0]) >= 6:
            return _FORM_TO_TYPE[match[0]]
    return None


def is_applicant_word(word: str) -> bool:
    """Whether a (folded) word is one of the word forms for an applicant type, exactly."""
    return word in _FORM_TO_TYPE


def names_a_particular(text: str) -> bool:
    """Whether the text names applicants only by compounds ("Burgenlandkreis", "Sportvereine"):
    a particular one or a kind, not the applicant type as such."""
    named = [w for w in words(text) if _word_type(w)]
    return (
        bool(named)
        and all(w not in _FORM_TO_TYPE and len(w) >= 6 and _word_type(w) for w in named)
        and not any(process.extractOne(w, _FORM_TO_TYPE.keys(), scorer=fuzz.ratio, score_cutoff=88) for w in named)
    )
