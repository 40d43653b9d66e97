"""Writing a circular's text: cleaned from its pages and stored with its sentences. One path for
the curated circulars (`bot load`) and for ingested files (`bot ingest`)."""

from typing import List

from sqlalchemy.orm import Session

from bot.ingest.cleaning import page_lines
from bot.models import Circular, CircularSentence
from bot.sentences import split_sentences
from bot.text import reflow


def clean_text(pages: List[str]) -> str:
    """Paragraphs of the pages' text, without page furniture and line-break hyphenation."""
    return reflow(page_lines(pages))


def store_text(session: Session, circular: Circular, text: str) -> List[str]:
    """Set the circular's full text and its sentences; returns the sentences."""
    if circular.id is not None and circular.sentences:
        circular.sentences = []
        session.flush()  # old sentences must be gone before the new positions are inserted
    sentences = split_sentences(text)
    circular.full_text = text
    circular.sentences = [CircularSentence(position=i, text=s) for i, s in enumerate(sentences)]
    return sentences
