#!/usr/bin/env bash
# Evaluate the trained model on the held-out NLU test set (never trained on) and print
# intent and entity F1. Usage: bash scripts/evaluate_nlu.sh [MODEL]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/foerderbot.tar.gz}
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
rm -rf results/nlu-test
.venv/bin/rasa test nlu --nlu tests/nlu/test_nlu.yml --model "$MODEL" --out results/nlu-test > results/nlu-test.log 2>&1
.venv/bin/python - <<'PY'
import json
from pathlib import Path
root = Path("results/nlu-test")
intents = json.loads((root / "intent_report.json").read_text())
print(f"intent: macro-F1 {intents['macro avg']['f1-score']:.3f}, weighted-F1 {intents['weighted avg']['f1-score']:.3f}, "
      f"accuracy {intents['accuracy']:.3f}, n={intents['macro avg']['support']}")
for path in sorted(root.glob("*_report.json")):
    extractor = path.name[: -len("_report.json")]
    if extractor != "intent":
        report = json.loads(path.read_text())
        print(f"entities ({extractor}): macro-F1 {report['macro avg']['f1-score']:.3f}, "
              f"micro-F1 {report.get('micro avg', report.get('weighted avg'))['f1-score']:.3f}")
        for name, row in sorted(report.items()):
            if isinstance(row, dict) and name not in ("macro avg", "micro avg", "weighted avg", "no_entity"):
                print(f"  {name}: F1 {row['f1-score']:.3f} (n={row['support']})")
print("weakest intents:")
rows = [(row["f1-score"], name) for name, row in intents.items() if isinstance(row, dict) and "f1-score" in row
        and name not in ("macro avg", "weighted avg", "micro avg")]
for f1, name in sorted(rows)[:5]:
    print(f"  {name}: F1 {f1:.3f}")
PY
