"""Build the German spaCy pipeline Rasa loads by path: blank "de" plus the lookup lemmatizer.

No pretrained model can be downloaded here; spacy-lookups-data ships the lemma tables, and the
saved pipeline carries them, so Rasa needs nothing else at run time.
"""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy-de"))
