"""Which question a sentence of a circular answers, learned from labelled sentences.

`data/evidence/sentences.yml` holds sentences written in the style of funding circulars, each
labelled with what it answers (deadline, amount, rate, eligibility, ...). A logistic regression
per label over character and word n-grams scores every sentence; dates, amounts, percentages
and numbers are replaced by placeholders first, so the model learns "a date after 'bis zum'",
not particular dates. Hard conditions (a deadline needs a date, an amount a sum in euros) are
checked by the caller; the model ranks what passes them and rejects what reads otherwise
("Das Rundschreiben vom 3. Mai 2023 ..."). Training takes well under a second, so the model is
trained on first use in each process rather than stored.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from bot.reading import find_amounts, find_dates, find_percents
from bot.text import fold

TRAINING_FILE = Path(__file__).resolve().parent.parent / "data" / "evidence" / "sentences.yml"
# Regularisation of the per-label logistic regressions, chosen by cross-validation
# (scripts/evaluate_ranker.py prints the figures).
REGULARISATION = 4.0


def normalise(sentence: str) -> str:
    """The sentence with its values replaced by what they are, folded to lower case."""
    spans: List[Tuple[int, int, str]] = []
    spans += [(m.start, m.end, " datum ") for m in find_dates(sentence, default_year=2000)]
    spans += [(m.start, m.end, " betrag ") for m in find_amounts(sentence)]
    spans += [(m.start, m.end, " prozent ") for m in find_percents(sentence)]
    text, last = [], 0
    for start, end, placeholder in sorted(spans):
        if start < last:
            continue
        text += [sentence[last:start], placeholder]
        last = end
    text.append(sentence[last:])
    replaced = "".join(text)
    replaced = re.sub(r"\b(?:19|20)\d{2}\b", " jahr ", replaced)
    replaced = re.sub(r"\d+(?:[.,]\d+)*", " zahl ", replaced)
    return " ".join(fold(replaced).split())


def _training_data(path: Path = TRAINING_FILE) -> Tuple[List[str], List[str], List[List[str]]]:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = list(content["labels"])
    texts = [item["text"] for item in content["sentences"]]
    targets = [list(item["labels"]) for item in content["sentences"]]
    return labels, texts, targets


def build_model(regularisation: float = REGULARISATION):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
        ]
    )
    classifier = OneVsRestClassifier(LogisticRegression(C=regularisation, max_iter=2000, class_weight="balanced"))
    return make_pipeline(features, classifier)


class Ranker:
    def __init__(self, path: Path = TRAINING_FILE):
        from sklearn.preprocessing import MultiLabelBinarizer

        labels, texts, targets = _training_data(path)
        self.binarizer = MultiLabelBinarizer(classes=labels)
        self.model = build_model()
        self.model.fit([normalise(t) for t in texts], self.binarizer.fit_transform(targets))
        self.labels = list(self.binarizer.classes_)

    def probabilities(self, sentences: Sequence[str]) -> List[Dict[str, float]]:
        if not sentences:
            return []
        rows = self.model.predict_proba([normalise(s) for s in sentences])
        return [dict(zip(self.labels, map(float, row))) for row in rows]


@lru_cache(maxsize=1)
def ranker() -> Ranker:
    return Ranker()


def probabilities(sentences: Sequence[str]) -> List[Dict[str, float]]:
    return ranker().probabilities(sentences)
