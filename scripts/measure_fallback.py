"""Measure the NLU's confidence on in-scope and out-of-scope messages to set the fallback threshold.

Prints, for the trained model, the top intent confidence (ignoring nlu_fallback) of every
message in tests/nlu/scope_messages.yml and of the held-out test set, and the range of thresholds
that separates them. Usage: .venv/bin/python scripts/measure_fallback.py [MODEL]
"""

import asyncio
import statistics
import sys
from pathlib import Path

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = {"nlu_fallback", "out_of_scope"}


def top_intent(parsed):
    ranking = [r for r in parsed["intent_ranking"] if r["name"] != "nlu_fallback"]
    return ranking[0]["name"], ranking[0]["confidence"]


async def measure(model: str) -> None:
    agent = Agent.load(model)
    scope = yaml.safe_load((ROOT / "tests/nlu/scope_messages.yml").read_text(encoding="utf-8"))
    held_out = [
        m.get("text")
        for m in load_data(str(ROOT / "tests/nlu/test_nlu.yml")).intent_examples
        if m.get("intent") != "out_of_scope"
    ]
    groups = {
        "in scope (scope list + held-out test set)": scope["in_scope"] + held_out,
        "out of scope (off-topic + nonsense)": scope["out_of_scope"],
    }
    lowest_in, highest_out = 1.0, 0.0
    # Confidence of the top real intent; out-of-scope messages predicted as out_of_scope count as 0.
    scores = {}
    for name, messages in groups.items():
        confidences, escaped = [], []
        scores[name] = []
        for text in messages:
            intent, confidence = top_intent(await agent.parse_message(text))
            confidences.append(confidence)
            scores[name].append(confidence if intent not in FALLBACK else 0.0)
            if name.startswith("in scope") and intent not in FALLBACK:
                lowest_in = min(lowest_in, confidence)
            if name.startswith("out of scope") and intent not in FALLBACK:
                highest_out = max(highest_out, confidence)
                escaped.append(f"{text!r} -> {intent} {confidence:.3f}")
        print(
            f"{name}: n={len(messages)}, median={statistics.median(confidences):.3f}, "
            f"min={min(confidences):.3f}, max={max(confidences):.3f}"
        )
        for line in escaped:
            print(f"  classified in scope: {line}")
    inside, outside = scores.values()
    print("threshold | in-scope messages sent to the fallback | out-of-scope messages answered as in scope")
    for step in range(30, 85, 5):
        threshold = step / 100
        wrong_fallback = sum(1 for c in inside if c < threshold)
        escaped_count = sum(1 for c in outside if c >= threshold)
        print(f"{threshold:.2f} | {wrong_fallback}/{len(inside)} | {escaped_count}/{len(outside)}")
    print(f"lowest in-scope confidence: {lowest_in:.3f}")
    print(f"highest out-of-scope confidence with an in-scope intent: {highest_out:.3f}")
    if highest_out < lowest_in:
        print(f"any threshold in ({highest_out:.3f}, {lowest_in:.3f}] separates them")
    else:
        print("no threshold separates them; improve the training data")


if __name__ == "__main__":
    asyncio.run(measure(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models/foerderbot.tar.gz")))
