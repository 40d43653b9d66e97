"""Rebuild the PDF and DOCX circulars of eval/dev6 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev6/make_documents.py

dev6 is written in eval/dev2's source format and house style, with eval/dev4's layouts (dev2's
letterhead, page, body and DOCX layouts, dev3's two-column PDF), as eval/dev5 is. Its own: which
source becomes which file, in which layout.

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
    "416-2018-jugend-staerken-demografie.txt": ("pdf-two-columns", "rundschreiben-416-2018.pdf"),
    "437-2022-elektromobilitaet-kommunen.txt": ("pdf-one-column", "rundschreiben-437-2022.pdf"),
    "419-2023-elektromobilitaet-kommunen-2023.txt": ("docx-header-table", "rundschreiben-419-2023.docx"),
    "486-2025-natuerlicher-klimaschutz-kommunen.txt": ("docx-body-table", "rundschreiben-486-2025.docx"),
}

if __name__ == "__main__":
    dev4.build_set(HERE, FILES)
