"""Splitting a circular's cleaned text into the sentences that answers quote."""

from functools import lru_cache
from typing import List


@lru_cache(maxsize=1)
def _sentencizer():
    # spaCy is imported here, not at module level: `bot load` and the CLI need it only to split.
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> List[str]:
    """Sentences in order; a line of its own (a heading, a list item) is never joined to the next."""
    sentences: List[str] = []
    for paragraph in text.split("\n\n"):
        for line in paragraph.split("\n"):
            if line.strip():
                sentences.extend(s.text.strip() for s in _sentencizer()(line).sents if s.text.strip())
    return sentences
