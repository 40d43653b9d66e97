"""Print the cross-validation figures of each pipeline as a Markdown table."""

import json
import sys
from pathlib import Path


def macro_f1(report_path: Path) -> str:
    if not report_path.exists():
        return "–"
    report = json.loads(report_path.read_text())
    return f"{report['macro avg']['f1-score']:.3f}"


def main(root: Path) -> None:
    print("| pipeline | intent macro-F1 | entity macro-F1 | entity extractor | seconds for all folds |")
    print("|---|---|---|---|---|")
    for run in sorted(p for p in root.iterdir() if p.is_dir()):
        seconds = (run / "seconds").read_text().strip() if (run / "seconds").exists() else "–"
        extractors = [p for p in ("DIETClassifier", "CRFEntityExtractor") if (run / f"{p}_report.json").exists()]
        extractor = extractors[0] if extractors else "–"
        print(
            f"| {run.name} | {macro_f1(run / 'intent_report.json')} | "
            f"{macro_f1(run / f'{extractor}_report.json')} | {extractor} | {seconds} |"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "results/cv"))
