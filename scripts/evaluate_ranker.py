"""Cross-validated figures of the evidence ranker (bot/ranker.py) on data/evidence/sentences.yml:
per label precision and recall at the answer threshold, for several regularisation values."""

import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import KFold
from sklearn.preprocessing import MultiLabelBinarizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.evidence import MIN_PROBABILITY  # noqa: E402
from bot.ranker import _training_data, build_model, normalise  # noqa: E402


def main() -> int:
    labels, texts, targets = _training_data()
    x = np.array([normalise(t) for t in texts], dtype=object)
    y = MultiLabelBinarizer(classes=labels).fit_transform(targets)
    for c in (1.0, 4.0, 16.0):
        predicted = np.zeros(y.shape)
        for train, test in KFold(5, shuffle=True, random_state=0).split(x):
            model = build_model(c).fit(list(x[train]), y[train])
            predicted[test] = model.predict_proba(list(x[test]))
        print(f"C={c}: label, precision, recall at p >= {MIN_PROBABILITY}")
        for index, label in enumerate(labels):
            chosen = predicted[:, index] >= MIN_PROBABILITY
            true = y[:, index] == 1
            precision = (chosen & true).sum() / max(1, chosen.sum())
            recall = (chosen & true).sum() / max(1, true.sum())
            print(f"  {label:14} {precision:5.2f} {recall:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
