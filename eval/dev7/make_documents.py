"""Rebuild the PDF and DOCX circulars of eval/dev7 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev7/make_documents.py

dev7 is written in eval/dev6's source format and house style, with eval/dev4's layouts, as
eval/dev5 and eval/dev6 are. Its own: which source becomes which file, in which layout.

The TXT circulars in circulars/ are written by hand and are not generated here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared modules

from dev4 import make_documents as dev4  # noqa: E402  (the layouts)

HERE = Path(__file__).resolve().parent

# Which source becomes which file, in which layout.
FILES = {
    "667-2020-teilhabe-aelterer-einsamkeit.txt": ("pdf-one-column", "rundschreiben-667-2020.pdf"),
    "674-2022-cerv-staedtepartnerschaften-netzwerke.txt": ("pdf-two-columns", "rundschreiben-674-2022.pdf"),
    "678-2022-teilhabe-aelterer-esf-plus.txt": ("docx-header-table", "rundschreiben-678-2022.docx"),
    "693-2024-stark-novelle.txt": ("docx-body-table", "rundschreiben-693-2024.docx"),
}

if __name__ == "__main__":
    dev4.build_set(HERE, FILES)
